"""The index follows what its entries copy from units and people: renames and moves."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gexin.exchange.choices import DocumentKind
from gexin.exchange.models import SearchDocument
from gexin.exchange.search import reindex_all, search
from gexin.exchange.tests.factories_search import experience, key_issue, problem
from gexin.org import services
from gexin.org.models import Person, Unit
from gexin.org.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

REFRESHES = {"refresh_search_entries", "reindex_search_entries"}


def found(hits):
    return [hit.obj for hit in hits]


def refreshes(callbacks):
    """The index's own after-commit work among the captured callbacks."""
    return [callback for callback in callbacks if callback.__name__ in REFRESHES]


def fresh(unit):
    """The unit as stored, as an edit form would start from it."""
    return Unit.objects.get(pk=unit.pk)


@pytest.fixture
def indexed(world):
    """A plant B workshop's experience (with a person), a problem of its shift, a key
    issue of the workshop, and a plant A experience; all indexed."""
    made = {
        "roll_change": experience(
            world.units["plant-b-rolling"], "快速换辊", people=[world.people["roller_b"]]
        ),
        "problem": problem(world.units["plant-b-shift-1"], "换辊时间太长"),
        "key_issue": key_issue(world.units["plant-b-rolling"], "换辊停车"),
        "machine": experience(world.units["plant-a-machine"], "汽锤改进"),
    }
    reindex_all()
    return made


def plant_of_entry(obj, kind):
    return SearchDocument.objects.get(kind=kind, object_id=obj.pk).plant_id


def test_renaming_a_unit_rewrites_its_experiences(
    world, indexed, django_capture_on_commit_callbacks
):
    admin = world.user("admin")
    assert found(search(admin, "开坯")) == []
    assert found(search(admin, "workshop")) == [indexed["roll_change"]]  # Rolling workshop B
    unit = fresh(world.units["plant-b-rolling"])
    unit.name, unit.name_zh = "Blooming mill shop B", "乙厂开坯车间"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.save_unit(unit, unit.parent)
        assert found(search(admin, "开坯")) == []  # not before the commit
    assert len(refreshes(callbacks)) == 1
    assert found(search(admin, "开坯", kinds=[DocumentKind.EXPERIENCE])) == [indexed["roll_change"]]
    assert found(search(admin, "blooming")) == [indexed["roll_change"]]
    assert found(search(admin, "workshop")) == []  # the old name is gone
    assert search(admin, "快速换辊")[0].obj == indexed["roll_change"]  # its own words stay


def test_moving_a_workshop_files_its_subtree_under_the_new_plant(
    world, indexed, django_capture_on_commit_callbacks
):
    admin = world.user("admin")
    plant_a, plant_b = world.units["plant-a"], world.units["plant-b"]
    unit = fresh(world.units["plant-b-rolling"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.save_unit(unit, plant_a)
        # Until the commit the entries keep the plant they had.
        assert plant_of_entry(indexed["problem"], DocumentKind.PROBLEM) == plant_b.pk
    assert len(refreshes(callbacks)) == 1
    moved = {indexed["roll_change"], indexed["problem"], indexed["key_issue"]}
    assert set(found(search(admin, "换辊", plant=plant_a))) == moved
    assert found(search(admin, "换辊", plant=plant_b)) == []
    for hit in search(admin, "换辊"):
        assert hit.plant == plant_a
    # The shift below the workshop moved with it.
    assert plant_of_entry(indexed["problem"], DocumentKind.PROBLEM) == plant_a.pk
    assert plant_of_entry(indexed["machine"], DocumentKind.EXPERIENCE) == plant_a.pk


def test_a_moved_subtree_is_rewritten_in_bulk(world, django_capture_on_commit_callbacks):
    """The after-commit work of a move takes as many queries for many entries as for few."""
    workshop = world.units["plant-b-rolling"]
    shift = world.units["plant-b-shift-1"]

    def queries_of_a_move(parent):
        reindex_all()
        unit = fresh(workshop)
        with django_capture_on_commit_callbacks() as callbacks:
            services.save_unit(unit, parent)
        with CaptureQueriesContext(connection) as captured:
            for callback in refreshes(callbacks):
                callback()
        return len(captured)

    experience(workshop, "快速换辊")
    problem(shift, "换辊时间太长")
    few = queries_of_a_move(world.units["plant-a"])
    for number in range(6):
        experience(workshop, f"换辊小车{number}")
        problem(shift, f"换辊慢{number}")
    many = queries_of_a_move(world.units["plant-b"])
    assert many == few
    plants = set(SearchDocument.objects.values_list("plant_id", flat=True))
    assert plants == {world.units["plant-b"].pk}


def test_a_unit_saved_without_a_relevant_change_costs_the_index_nothing(
    world, indexed, django_capture_on_commit_callbacks
):
    unit = fresh(world.units["plant-b-rolling"])
    unit.description = "A new description"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.save_unit(unit, unit.parent)
    assert refreshes(callbacks) == []
    # A save of other fields only does not even read the stored row.
    person = Person.objects.get(pk=world.people["roller_b"].pk)
    person.skill_grade = 6
    with (
        CaptureQueriesContext(connection) as captured,
        django_capture_on_commit_callbacks() as callbacks,
    ):
        person.save(update_fields=["skill_grade", "last_updated"])
    assert refreshes(callbacks) == []
    # (The audit reads the whole row; the comparison would read the two names alone.)
    names_alone = [
        query["sql"]
        for query in captured
        if '"name_latin"' in query["sql"] and '"employee_number"' not in query["sql"]
    ]
    assert names_alone == []


def test_a_new_unit_is_not_compared(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.create_unit(
            world.units["plant-b"], code="plant-b-forge", name="Forge B", kind="workshop"
        )
    assert refreshes(callbacks) == []


def test_a_changed_work_type_follows_to_the_filter(
    world, indexed, django_capture_on_commit_callbacks
):
    admin = world.user("admin")
    machining = world.work_types["machining"]
    assert indexed["key_issue"] not in found(search(admin, "换辊", work_type=machining))
    unit = fresh(world.units["plant-b-rolling"])
    unit.work_type = machining
    with django_capture_on_commit_callbacks(execute=True):
        services.save_unit(unit, unit.parent)
    shown = found(search(admin, "换辊", work_type=machining))
    assert indexed["key_issue"] in shown  # it takes its unit's work type
    assert indexed["roll_change"] in shown  # it has none of its own
    assert indexed["problem"] not in shown  # the shift keeps its own


def test_renaming_a_person_rewrites_their_experiences(
    world, indexed, django_capture_on_commit_callbacks
):
    admin = world.user("admin")
    person = Person.objects.get(pk=world.people["roller_b"].pk)
    old_name = person.name_latin.split()[0].lower()
    assert found(search(admin, old_name)) == [indexed["roll_change"]]
    person.name, person.name_latin = "王崇伦", "Wang Chonglun"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        person.save()
        assert found(search(admin, "chonglun")) == []
    assert len(refreshes(callbacks)) == 1
    assert found(search(admin, "chonglun")) == [indexed["roll_change"]]
    assert found(search(admin, "王崇伦")) == [indexed["roll_change"]]
    assert found(search(admin, old_name)) == []


def test_a_person_in_no_experience_is_renamed_without_rewriting(
    world, indexed, django_capture_on_commit_callbacks
):
    person = Person.objects.get(pk=world.people["worker_a"].pk)
    person.name_latin = "Someone Else"
    before = list(SearchDocument.objects.values_list("pk", "length").order_by("pk"))
    with django_capture_on_commit_callbacks(execute=True):
        person.save()
    assert list(SearchDocument.objects.values_list("pk", "length").order_by("pk")) == before


def test_a_deleted_person_leaves_the_experience_entries(
    world, indexed, django_capture_on_commit_callbacks
):
    admin = world.user("admin")
    person = PersonFactory(unit=world.units["plant-b-shift-1"], name_latin="Meng Tai")
    with django_capture_on_commit_callbacks(execute=True):
        indexed["roll_change"].people.add(person)
    assert found(search(admin, "meng")) == [indexed["roll_change"]]
    with django_capture_on_commit_callbacks(execute=True):
        person.delete()
    assert found(search(admin, "meng")) == []
    assert search(admin, "快速换辊")[0].obj == indexed["roll_change"]


def test_people_added_from_the_person_side(world, indexed, django_capture_on_commit_callbacks):
    admin = world.user("admin")
    person = PersonFactory(unit=world.units["plant-a-turning"], name_latin="Ma Heng")
    with django_capture_on_commit_callbacks(execute=True):
        person.experiences.add(indexed["machine"])
    assert found(search(admin, "heng")) == [indexed["machine"]]
    with django_capture_on_commit_callbacks(execute=True):
        person.experiences.clear()
    assert found(search(admin, "heng")) == []


def test_an_index_that_fails_to_follow_a_rename_does_not_undo_it(
    world, indexed, django_capture_on_commit_callbacks, monkeypatch
):
    from gexin.exchange import search as searching

    def broken(*args):
        raise RuntimeError("the index is unavailable")

    monkeypatch.setattr(searching, "refresh_unit", broken)
    unit = fresh(world.units["plant-b-rolling"])
    unit.name = "Blooming mill shop B"
    with django_capture_on_commit_callbacks(execute=True):
        services.save_unit(unit, unit.parent)
    assert fresh(unit).name == "Blooming mill shop B"
