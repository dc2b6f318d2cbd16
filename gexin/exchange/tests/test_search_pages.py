"""The search page, the similar experiences beside problems and key issues, and the
suggestions while a problem's title is typed."""

import pytest
from django.urls import reverse

from gexin.exchange.search import reindex_all
from gexin.exchange.tests.factories_search import corpus, experience

pytestmark = pytest.mark.django_db

SEARCH = reverse("exchange:search")
SIMILAR = reverse("exchange:similar")


@pytest.fixture
def library(world):
    made = corpus(world)
    reindex_all()
    return made


def shown(response):
    return [hit.obj for hit in response.context["hits"]]


def test_anonymous_is_sent_to_sign_in(world, client_for):
    for url in (SEARCH, SIMILAR):
        response = client_for(None).get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_someone_without_a_role_is_refused(world, client_for):
    assert client_for("stranger").get(SEARCH, {"q": "换辊"}).status_code == 403
    assert client_for("stranger").get(SIMILAR, {"text": "换辊"}).status_code == 403


def test_the_page_starts_empty_with_a_hint(world, client_for):
    response = client_for("worker_b").get(SEARCH)
    assert response.status_code == 200
    assert b"data-search-empty" in response.content
    assert b'name="q"' in response.content


def test_a_chinese_search_lists_the_experience_first(world, client_for, library):
    response = client_for("worker_b").get(SEARCH, {"q": "换辊时间"})
    assert response.status_code == 200
    assert shown(response)[0] == library["roll_change"]
    page = response.content.decode()
    assert "<mark>换辊时间</mark>" in page
    assert library["roll_change"].get_absolute_url() in page
    assert "Rolling workshop B" in page and "Plant B" in page
    assert "1958-06-01" in page


def test_an_english_search_lists_the_experience_first(world, client_for, library):
    response = client_for("worker_b").get(SEARCH, {"q": "lifting table"})
    assert shown(response)[0] == library["lifting_table"]
    assert b"advanced experience</span>" in response.content


def test_plant_b_sees_plant_a_experiences_but_not_its_problems(world, client_for, library):
    response = client_for("worker_b").get(SEARCH, {"q": "换辊 lifting table roll change"})
    results = shown(response)
    assert library["lifting_table"] in results
    assert library["problem_b"] in results
    assert library["problem_a"] not in results
    assert library["key_issue_a"] not in results


def test_the_filters_narrow_the_results(world, client_for, library):
    client = client_for("admin")
    response = client.get(SEARCH, {"q": "换辊", "kind": "problem"})
    assert set(shown(response)) == {library["problem_a"], library["problem_b"]}
    response = client.get(SEARCH, {"q": "换辊", "plant": world.units["plant-b"].pk})
    assert library["problem_a"] not in shown(response)
    assert library["roll_change"] in shown(response)
    response = client.get(SEARCH, {"q": "时间", "work_type": "machining", "kind": "experience"})
    assert shown(response) == [library["furnace"]]
    response = client.get(SEARCH, {"q": "时间", "start": "1958-05-01", "end": "1958-12-31"})
    assert library["roll_change"] in shown(response)
    assert library["furnace"] not in shown(response)


def test_no_results_with_filters_suggests_removing_them(world, client_for, library):
    response = client_for("admin").get(SEARCH, {"q": "低硫煤", "kind": "problem"})
    assert shown(response) == []
    page = response.content.decode()
    assert "data-no-results" in page
    assert "Search again without the filters" in page
    assert 'href="?q=%E4%BD%8E%E7%A1%AB%E7%85%A4"' in page
    response = client_for("admin").get(SEARCH, {"q": "电炉"})
    assert "data-no-results" in response.content.decode()
    assert "Search again without the filters" not in response.content.decode()


def test_bad_filters_are_explained(world, client_for, library):
    response = client_for("admin").get(
        SEARCH, {"q": "换辊", "start": "1958-12-31", "end": "1958-01-01"}
    )
    assert response.status_code == 200
    assert "The end is before the start." in response.content.decode()
    assert shown(response) == []


def test_results_are_paginated(world, client_for):
    for number in range(25):
        experience(world.units["plant-a-machine"], f"收合率提高 {number}")
    reindex_all()
    response = client_for("worker_a").get(SEARCH, {"q": "收合率"})
    assert len(shown(response)) == 20
    assert response.context["page"].paginator.count == 25
    assert "page=2" in response.content.decode()
    second = client_for("worker_a").get(SEARCH, {"q": "收合率", "page": 2})
    assert len(shown(second)) == 5


def test_a_title_with_markup_is_escaped(world, client_for):
    experience(world.units["plant-a-machine"], "<script>alert(1)</script> 换辊")
    reindex_all()
    page = client_for("worker_a").get(SEARCH, {"q": "换辊"}).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_the_problem_page_loads_similar_experiences(world, client_for, library):
    target = library["problem_a"]
    page = client_for("worker_a").get(target.get_absolute_url()).content.decode()
    assert "Similar experiences from every plant" in page
    assert f'hx-get="{SIMILAR}?problem={target.pk}"' in page
    response = client_for("worker_a").get(SIMILAR, {"problem": target.pk})
    assert response.status_code == 200
    assert shown(response)[0] == library["roll_change"]
    box = response.content.decode()
    assert "data-similar-experiences" in box
    assert library["roll_change"].get_absolute_url() in box
    assert "Search all experiences" in box


def test_the_key_issue_page_loads_similar_experiences(world, client_for, library):
    target = library["key_issue_a"]
    page = client_for("manager_a").get(target.get_absolute_url()).content.decode()
    assert f'hx-get="{SIMILAR}?key_issue={target.pk}"' in page
    response = client_for("manager_a").get(SIMILAR, {"key_issue": target.pk})
    # "roll" and "mill" meet the rolling experiences of both plants; no problem is offered.
    assert set(shown(response)) >= {library["roll_change"], library["lifting_table"]}
    assert {type(obj).__name__ for obj in shown(response)} == {"Experience"}


def test_the_similar_box_of_a_problem_out_of_scope_is_not_found(world, client_for, library):
    client = client_for("worker_b")
    assert client.get(SIMILAR, {"problem": library["problem_a"].pk}).status_code == 404
    assert client.get(SIMILAR, {"key_issue": library["key_issue_a"].pk}).status_code == 404
    assert client.get(SIMILAR, {"problem": "x"}).status_code == 404


def test_a_problem_with_nothing_similar_says_so(world, client_for):
    from gexin.exchange.tests.factories_search import problem

    lonely = problem(world.units["plant-a-turning"], "食堂饭菜太凉")
    reindex_all()
    response = client_for("worker_a").get(SIMILAR, {"problem": lonely.pk})
    assert "No similar experience has been written up yet." in response.content.decode()


def test_the_problem_form_suggests_experiences_while_the_title_is_typed(world, client_for, library):
    client = client_for("worker_a")
    form = client.get(reverse("innovation:problem_add")).content.decode()
    assert f'hx-get="{SIMILAR}"' in form
    assert 'hx-target="#id_title-similar"' in form
    assert 'id="id_title-similar"' in form
    response = client.get(SIMILAR, {"text": "换辊时间太长"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert shown(response)[0] == library["roll_change"]
    # Too little typed yet, or nothing like it: no box at all.
    assert client.get(SIMILAR, {"text": "换"}).content.strip() == b""
    assert client.get(SIMILAR, {"text": "电炉"}).content.strip() == b""


def test_the_edit_form_of_a_problem_has_no_suggestions(world, client_for, library):
    url = reverse("innovation:problem_edit", args=[library["problem_a"].pk])
    assert SIMILAR not in client_for("admin").get(url).content.decode()
