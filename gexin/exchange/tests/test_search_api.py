"""`GET /api/v1/search/`: ranked, paginated, filtered and limited to what the caller sees."""

import pytest

from gexin.exchange.search import reindex_all
from gexin.exchange.tests.factories_search import corpus

pytestmark = pytest.mark.django_db

URL = "/api/v1/search/"


@pytest.fixture
def library(world):
    made = corpus(world)
    reindex_all()
    return made


def ids(response):
    return [(row["kind"], row["id"]) for row in response.json()["results"]]


def test_anonymous_gets_401(world, api_for):
    assert api_for(None).get(URL, {"q": "换辊"}).status_code == 401


def test_someone_without_a_role_is_refused(world, api_for):
    assert api_for("stranger").get(URL, {"q": "换辊"}).status_code == 403


def test_a_chinese_query_ranks_the_experience_first(world, api_for, library):
    response = api_for("worker_b").get(URL, {"q": "换辊时间"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(body["results"]) >= 2
    first = body["results"][0]
    experience = library["roll_change"]
    assert first["kind"] == "experience"
    assert first["id"] == experience.pk
    assert first["title"] == "快速换辊"
    assert first["url"] == experience.get_absolute_url()
    assert first["unit"] == "plant-b-rolling"
    assert first["plant"] == "plant-b"
    assert first["date"] == "1958-06-01"
    assert "<mark>换辊时间</mark>" in first["snippet"]
    scores = [row["score"] for row in body["results"]]
    assert scores == sorted(scores, reverse=True)


def test_an_english_query_ranks_the_experience_first(world, api_for, library):
    response = api_for("worker_a").get(URL, {"q": "lifting tables"})
    assert ids(response)[0] == ("experience", library["lifting_table"].pk)


def test_plant_b_never_gets_plant_a_problems(world, api_for, library):
    found = ids(api_for("worker_b").get(URL, {"q": "换辊 roll change"}))
    assert ("problem", library["problem_b"].pk) in found
    assert ("problem", library["problem_a"].pk) not in found
    assert ("key_issue", library["key_issue_a"].pk) not in found


def test_the_filters(world, api_for, library):
    api = api_for("admin")
    found = ids(api.get(URL, {"q": "换辊", "kind": "problem"}))
    assert {kind for kind, _pk in found} == {"problem"}
    found = ids(api.get(URL, {"q": "换辊", "plant": "plant-a"}))
    assert found == [("problem", library["problem_a"].pk)]
    found = ids(api.get(URL, {"q": "换辊", "plant": world.units["plant-a"].pk}))
    assert found == [("problem", library["problem_a"].pk)]
    found = ids(api.get(URL, {"q": "时间", "work_type": "machining", "kind": "experience"}))
    assert found == [("experience", library["furnace"].pk)]
    found = ids(api.get(URL, {"q": "时间", "start": "1958-05-01", "end": "1958-06-30"}))
    assert ("experience", library["roll_change"].pk) in found
    assert ("experience", library["furnace"].pk) not in found


def test_pages(world, api_for, library):
    response = api_for("admin").get(URL, {"q": "换辊 时间", "page_size": 2})
    body = response.json()
    assert len(body["results"]) == 2
    assert body["count"] > 2
    assert body["next"]


def test_without_words_the_list_is_empty(world, api_for, library):
    response = api_for("admin").get(URL)
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize(
    "params,field",
    [
        ({"start": "27 August 1958"}, "start"),
        ({"end": "1958-13-01"}, "end"),
        ({"start": "1958-02-01", "end": "1958-01-01"}, "end"),
        ({"kind": "card"}, "kind"),
        ({"work_type": "weaving"}, "work_type"),
        ({"plant": "plant-a-machine"}, "plant"),
    ],
)
def test_bad_parameters_answer_400_with_the_reason(world, api_for, params, field):
    response = api_for("admin").get(URL, {"q": "换辊", **params})
    assert response.status_code == 400
    assert field in response.json()


def test_the_schema_documents_the_endpoint(world, api_for):
    response = api_for("admin").get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    operation = response.json()["paths"]["/api/v1/search/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"q", "kind", "work_type", "plant", "start", "end", "page"} <= names
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("PaginatedSearchHitList")
