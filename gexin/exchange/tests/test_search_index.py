"""The index follows saves and deletions once they commit, and only then."""

import pytest
from django.core.management import call_command
from django.db import transaction

from gexin.exchange.choices import DocumentKind
from gexin.exchange.models import SearchDocument, SearchTerm
from gexin.exchange.search import index_object, search, unindex_object
from gexin.exchange.tests.factories_search import experience, key_issue, problem

pytestmark = pytest.mark.django_db


def entry(obj, kind):
    return SearchDocument.objects.filter(kind=kind, object_id=obj.pk).first()


def terms_of(obj, kind):
    return set(SearchTerm.objects.filter(document=entry(obj, kind)).values_list("term", flat=True))


def test_a_saved_experience_is_found_after_the_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        made = experience(
            world.units["plant-b-rolling"],
            "快速换辊",
            "换轧辊时间长",
            "预先组装轧辊",
            people=[world.people["roller_b"]],
        )
        assert entry(made, DocumentKind.EXPERIENCE) is None  # not before the commit
    assert callbacks
    document = entry(made, DocumentKind.EXPERIENCE)
    assert document.plant == world.units["plant-b"]
    assert document.unit == world.units["plant-b-rolling"]
    assert document.work_type == world.work_types["rolling"]  # the unit's, none of its own
    assert document.dated == made.introduced_on
    assert {"换辊", "轧辊", "换轧辊"} <= terms_of(made, DocumentKind.EXPERIENCE)
    assert search(world.user("worker_a"), "换辊")[0].obj == made


def test_people_and_the_source_unit_are_searched_too(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        made = experience(world.units["plant-b-rolling"], "快速换辊")
    assert "worker" not in terms_of(made, DocumentKind.EXPERIENCE)
    with django_capture_on_commit_callbacks(execute=True):
        made.people.add(world.people["worker_b"])
    terms = terms_of(made, DocumentKind.EXPERIENCE)
    assert "worker" in terms  # the Latin name "Worker B"
    assert {"roll", "workshop"} <= terms  # Rolling workshop B


def test_an_edit_replaces_the_terms(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        made = experience(world.units["plant-a-machine"], "汽锤改进")
    with django_capture_on_commit_callbacks(execute=True):
        made.title = "加热炉改进"
        made.save()
    terms = terms_of(made, DocumentKind.EXPERIENCE)
    assert "加热炉" in terms
    assert "汽锤" in terms  # still in the problem and method, written from the old title
    made.problem = made.method = "改进"
    with django_capture_on_commit_callbacks(execute=True):
        made.save()
    assert "汽锤" not in terms_of(made, DocumentKind.EXPERIENCE)
    assert entry(made, DocumentKind.EXPERIENCE).title == "加热炉改进"
    assert SearchDocument.objects.count() == 1


def test_a_deletion_removes_the_entry(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        made = problem(world.units["plant-a-turning"], "换辊时间太长")
        pk = made.pk
    assert entry(made, DocumentKind.PROBLEM) is not None
    with django_capture_on_commit_callbacks(execute=True):
        made.delete()
    assert not SearchDocument.objects.filter(kind=DocumentKind.PROBLEM, object_id=pk).exists()
    assert not SearchTerm.objects.exists()


def test_a_rolled_back_save_leaves_no_entry(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                problem(world.units["plant-a-turning"], "换辊时间太长")
                raise RuntimeError("the request failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not SearchDocument.objects.exists()


def test_nothing_is_written_inside_the_saving_transaction(world):
    # Without a commit (as in every other app's tests) the index is not touched.
    problem(world.units["plant-a-turning"], "换辊时间太长")
    key_issue(world.units["plant-a-turning"], "换辊")
    assert not SearchDocument.objects.exists()


def test_a_solved_key_issue_is_found_by_its_solution(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        issue = key_issue(world.units["plant-a-turning"], "Slow roll changes")
    with django_capture_on_commit_callbacks(execute=True):
        issue.start_attack()
        issue.solve("Pre-assembled roll sets on a carriage", on=issue.ranked_on)
    assert {"carriag", "assembl"} <= terms_of(issue, DocumentKind.KEY_ISSUE)


def test_a_problem_merged_into_another_leaves_the_index(world, django_capture_on_commit_callbacks):
    unit = world.units["plant-a-turning"]
    with django_capture_on_commit_callbacks(execute=True):
        kept, duplicate = problem(unit, "换辊时间太长"), problem(unit, "换辊太慢")
    assert entry(duplicate, DocumentKind.PROBLEM) is not None
    with django_capture_on_commit_callbacks(execute=True):
        duplicate.merge_into(kept, by=world.users["admin"])
    assert entry(duplicate, DocumentKind.PROBLEM) is None
    assert entry(kept, DocumentKind.PROBLEM) is not None


def test_index_and_unindex_by_hand(world):
    made = problem(world.units["plant-a-turning"], "换辊时间太长")
    document = index_object(made)
    assert document.kind == DocumentKind.PROBLEM
    assert index_object(made).pk == document.pk  # rewritten in place
    unindex_object(made)
    assert not SearchDocument.objects.exists()
    index_object(made)
    unindex_object(DocumentKind.PROBLEM, made.pk)
    assert not SearchDocument.objects.exists()


def test_the_reindex_command(world, capsys):
    problem(world.units["plant-a-turning"], "换辊时间太长")
    experience(world.units["plant-a-machine"], "快速换辊")
    call_command("reindex")
    assert "Indexed 2 documents" in capsys.readouterr().out
    assert SearchDocument.objects.count() == 2


def test_an_index_that_fails_does_not_undo_the_save(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    from gexin.exchange import search as searching
    from gexin.innovation.models import Problem

    def broken(kind, pk):
        raise RuntimeError("the index is unavailable")

    monkeypatch.setattr(searching, "refresh", broken)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        made = problem(world.units["plant-a-turning"], "换辊时间太长")
    assert callbacks
    assert Problem.objects.filter(pk=made.pk).exists()
    assert not SearchDocument.objects.exists()
