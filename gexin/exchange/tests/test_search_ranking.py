"""Ranking, filters and visibility of the search, the same on SQLite and PostgreSQL."""

import datetime

import pytest

from gexin.exchange import search as searching
from gexin.exchange.choices import DocumentKind
from gexin.exchange.models import SearchDocument, SearchTerm
from gexin.exchange.search import excerpt, reindex_all, search, similar_experiences
from gexin.exchange.tests.factories_search import corpus, experience, problem, third_plant

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(world):
    made = corpus(world)
    reindex_all()
    return made


def found(hits):
    return [hit.obj for hit in hits]


def test_a_chinese_query_finds_the_relevant_experience_first(world, library):
    hits = search(world.user("worker_a"), "换辊时间", kinds=[DocumentKind.EXPERIENCE])
    assert found(hits)[0] == library["roll_change"]
    assert library["furnace"] in found(hits)  # shares 时间 only, so it comes later
    assert hits[0].score > hits[1].score


def test_a_chinese_phrase_finds_the_experience_through_its_parts(world, library):
    hits = search(world.user("worker_a"), "大连换轧辊", kinds=[DocumentKind.EXPERIENCE])
    assert found(hits)[0] == library["roll_change"]


def test_an_english_query_finds_the_relevant_experience_first(world, library):
    hits = search(world.user("worker_b"), "lifting tables turning steel")
    assert found(hits)[0] == library["lifting_table"]
    assert library["lathe"] in found(hits)  # "turning" and "table" only


def test_english_forms_meet(world, library):
    hits = search(world.user("admin"), "changing rolls")
    assert found(hits)[0] == library["key_issue_a"]


def test_title_words_count_more_than_body_words(world, library):
    title = experience(world.units["plant-a-machine"], "汽锤改进", "锻造慢", "改进操作")
    body = experience(world.units["plant-a-machine"], "锻造改进", "锻造慢", "汽锤改进操作")
    reindex_all()
    hits = search(world.user("admin"), "汽锤")
    assert found(hits)[:2] == [title, body]


def test_equal_scores_are_ordered_by_date_then_newest_first(world):
    unit = world.units["plant-a-machine"]
    older = experience(unit, "收合率提高", introduced_on=datetime.date(1957, 1, 1))
    newer = experience(unit, "收合率提高", introduced_on=datetime.date(1958, 1, 1))
    same_day_later = experience(unit, "收合率提高", introduced_on=datetime.date(1958, 1, 1))
    reindex_all()
    hits = search(world.user("admin"), "收合率")
    assert found(hits) == [same_day_later, newer, older]
    assert len({round(hit.score, 9) for hit in hits}) == 1


@pytest.mark.parametrize("same_day", [False, True], ids=["by date", "by id"])
def test_scores_equal_but_summed_in_another_order_tie_the_same_way(world, same_day):
    """0.1 + 0.2 and 0.3 are the same score: the date, then the newest, decide."""
    unit, plant = world.units["plant-a-machine"], world.units["plant-a"]
    first_day = datetime.date(1958, 1, 1) if same_day else datetime.date(1957, 1, 1)
    first = experience(unit, "收合率", introduced_on=first_day)
    then = experience(unit, "收合率提高", introduced_on=datetime.date(1958, 1, 1))

    def entry(obj, weights):
        document = SearchDocument.objects.create(
            kind=DocumentKind.EXPERIENCE,
            object_id=obj.pk,
            title=obj.title,
            unit=unit,
            plant=plant,
            dated=obj.introduced_on,
        )
        SearchTerm.objects.bulk_create(
            SearchTerm(document=document, term=term, weight=weight)
            for term, weight in weights.items()
        )

    entry(first, {"303": 0.3})
    entry(then, {"101": 0.1, "202": 0.2})
    idf = searching.idf(2, 1)
    assert 0.1 * idf + 0.2 * idf < 0.3 * idf  # as floats, the sum falls a bit short
    hits = search(world.user("admin"), "101 202 303")
    assert found(hits) == [then, first]
    assert hits[0].score == hits[1].score == round(0.3 * idf, searching.SCORE_DIGITS)


def test_words_found_nowhere_give_nothing(world, library):
    assert search(world.user("admin"), "电炉") == []
    assert search(world.user("admin"), "的 了 the") == []
    assert search(world.user("admin"), "") == []


def test_the_kind_filter(world, library):
    user = world.user("admin")
    hits = search(user, "换辊", kinds=[DocumentKind.PROBLEM])
    assert {hit.kind for hit in hits} == {DocumentKind.PROBLEM}
    assert set(found(hits)) == {library["problem_a"], library["problem_b"]}
    assert {hit.kind for hit in search(user, "roll change", kinds="key_issue")} == {
        DocumentKind.KEY_ISSUE
    }


def test_the_work_type_filter(world, library):
    user = world.user("admin")
    hits = search(user, "时间", work_type=world.work_types["machining"])
    assert library["furnace"] in found(hits)
    assert library["roll_change"] not in found(hits)
    # A problem takes its unit's work type.
    hits = search(user, "换辊", work_type=world.work_types["rolling"].pk)
    assert library["problem_b"] in found(hits)
    assert library["problem_a"] not in found(hits)


def test_the_plant_filter(world, library):
    user = world.user("admin")
    hits = search(user, "换辊", plant=world.units["plant-b"])
    assert found(hits)
    assert {hit.plant for hit in hits} == {world.units["plant-b"]}
    assert library["problem_a"] not in found(hits)


def test_the_date_filter(world, library):
    user = world.user("admin")
    in_1958 = search(user, "时间", start=datetime.date(1958, 1, 1), end=datetime.date(1958, 12, 31))
    assert library["roll_change"] in found(in_1958)
    assert library["furnace"] in found(in_1958)
    before = search(user, "时间", end=datetime.date(1958, 4, 1))
    assert library["furnace"] in found(before)
    assert library["roll_change"] not in found(before)


def test_plant_b_never_sees_plant_a_problems_but_sees_its_experiences(world, library):
    hits = search(world.user("worker_b"), "换辊 roll change lifting table")
    shown = found(hits)
    assert library["problem_a"] not in shown
    assert library["key_issue_a"] not in shown
    assert library["problem_b"] in shown
    assert library["lifting_table"] in shown  # plant A's experience travels


def test_plant_a_sees_its_own_problems_and_key_issues(world, library):
    shown = found(search(world.user("manager_a"), "换辊 roll change"))
    assert library["problem_a"] in shown
    assert library["key_issue_a"] in shown
    assert library["problem_b"] not in shown


def test_someone_without_a_role_finds_nothing(world, library):
    assert search(world.user("stranger"), "换辊") == []


def test_a_third_plant_filters_its_own(world, library):
    plant, workshop = third_plant(world)
    mine = experience(workshop, "换辊小车")
    reindex_all()
    hits = search(world.user("admin"), "换辊", plant=plant)
    assert found(hits) == [mine]


def test_a_hit_carries_what_a_list_shows(world, library):
    hit = search(world.user("worker_a"), "换辊时间", kinds=["experience"])[0]
    assert hit.kind == DocumentKind.EXPERIENCE
    assert hit.title == "快速换辊"
    assert hit.unit == world.units["plant-b-rolling"]
    assert hit.plant == world.units["plant-b"]
    assert hit.date == datetime.date(1958, 6, 1)
    assert hit.url == library["roll_change"].get_absolute_url()
    assert "<mark>换辊时间</mark>" in hit.snippet


def test_the_snippet_is_escaped_before_matches_are_marked(world):
    text = "Use <b>tongs</b> & the roll <script>alert(1)</script> changer: rolls changed."
    snippet = excerpt(text, ["roll", "chang", "script"])
    assert "<b>" not in snippet
    assert "&lt;b&gt;tongs&lt;/b&gt; &amp;" in snippet
    assert "<mark>roll</mark>" in snippet
    assert "<mark>changer</mark>" in snippet
    assert "<mark>rolls</mark>" in snippet
    assert "&lt;<mark>script</mark>&gt;" in snippet


def test_the_snippet_starts_near_the_first_match(world):
    text = "前言。" * 40 + "本溪钢厂预先组装轧辊，换辊时间很短。" + "后记。" * 40
    snippet = excerpt(text, ["换辊"])
    assert snippet.startswith("…")
    assert snippet.endswith("…")
    assert "<mark>换辊</mark>" in snippet
    assert len(snippet) < 200


def test_similar_experiences_of_a_problem(world, library):
    text = f"{library['problem_a'].title}\n{library['problem_a'].description}"
    hits = similar_experiences(world.user("worker_a"), text)
    assert found(hits)[0] == library["roll_change"]
    assert {hit.kind for hit in hits} == {DocumentKind.EXPERIENCE}
    assert len(similar_experiences(world.user("worker_a"), text, limit=1)) == 1


def test_suggestions_far_weaker_than_the_best_are_left_out(world, library):
    text = f"{library['problem_a'].title}\n{library['problem_a'].description}"
    user = world.user("worker_a")
    everything = search(user, text, kinds=[DocumentKind.EXPERIENCE])
    assert library["furnace"] in found(everything)  # it shares 时间 and 长
    assert found(similar_experiences(user, text)) == [library["roll_change"]]


def test_similar_experiences_leave_out_the_excluded(world, library):
    user = world.user("worker_a")
    hits = similar_experiences(user, "换辊时间", exclude=library["roll_change"])
    assert library["roll_change"] not in found(hits)
    hits = similar_experiences(user, "换辊时间", exclude=[library["roll_change"].pk])
    assert library["roll_change"] not in found(hits)


def test_a_long_text_is_searched_by_its_most_telling_terms(world, library):
    words = " ".join(f"word{number}x" for number in range(200))
    hits = similar_experiences(world.user("admin"), f"{words} 换辊时间 " * 3)
    assert found(hits)[0] == library["roll_change"]


def test_reindex_all_is_idempotent(world, library):
    first = sorted(SearchTerm.objects.values_list("document__object_id", "term", "weight"))
    documents = SearchDocument.objects.count()
    assert reindex_all() == documents == len(library)
    again = sorted(SearchTerm.objects.values_list("document__object_id", "term", "weight"))
    assert again == first


def test_weights_saturate_and_long_documents_are_evened_out():
    assert searching.bm25(2, 80) > searching.bm25(1, 80)
    assert searching.bm25(20, 80) < 2 * searching.bm25(10, 80)
    assert searching.bm25(20, 80) < searching.K1 + 1
    assert searching.bm25(1, 400) < searching.bm25(1, 40)


def test_a_merged_problem_is_not_indexed(world, library):
    duplicate = problem(world.units["plant-a-turning"], "换辊太慢")
    duplicate.merge_into(library["problem_a"], by=world.users["admin"])
    reindex_all()
    assert duplicate not in found(search(world.user("admin"), "换辊"))
