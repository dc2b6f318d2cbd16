"""`GET /api/v1/people-board/`: the same board as the page, as JSON, for whoever may view
the unit's people; health notes stay private."""

import pytest

from gexin.org.privacy import HIDDEN
from gexin.people.tests.factories_board import AS_OF, board_world

pytestmark = pytest.mark.django_db

URL = "/api/v1/people-board/"


def board_for(api, **params):
    params.setdefault("as_of", AS_OF.isoformat())
    response = api.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_it_gives_the_boards_sections(world, api_for):
    board_world(world)
    data = board_for(api_for("leader_a"))
    assert data["unit"] == "plant-a-turning" and data["as_of"] == "1959-04-30"
    assert {
        (p["kind"], p["helper"]["employee_number"], p["helped"]["employee_number"])
        for p in data["pairs"]
    } == {
        ("apprenticeship", "A-M00", "A-Y00"),
        ("pairing", "A-M01", "A-Y01"),
    }
    young = {row["person"]["employee_number"]: row for row in data["young_and_new"]}
    assert young["A-Y00"]["is_apprentice"] and young["A-Y01"]["is_new"]
    assert young["A-Y01"]["helpers"][0]["helper"]["employee_number"] == "A-M01"
    misses = {row["person"]["employee_number"]: row for row in data["quota_misses"]}
    assert misses["A-Y01"]["missed_periods"] == ["1959-03", "1959-01"]
    assert misses["A-Y01"]["open_case"]["cause"] == "skill"
    under_way = {row["person"]["employee_number"]: row for row in data["help_under_way"]}
    assert under_way["A-Y00"]["last_review"]["day"] == "1959-04-04"
    assert under_way["A-Y00"]["is_due_for_review"] is False
    assert under_way["A-Y00"]["case"]["cause_note"] == "Weak lungs; the doctor says no dust"
    assert data["open_welfare_cases"] == 0


@pytest.mark.parametrize("username", ["worker_a", "manager_a", "admin"])
def test_health_notes_are_a_placeholder_for_everyone_else(world, api_for, username):
    board_world(world)
    data = board_for(api_for(username), unit="plant-a-turning")
    text = str(data)
    assert "Weak lungs" not in text and "Works away from the grinder" not in text
    under_way = {row["person"]["employee_number"]: row for row in data["help_under_way"]}
    assert under_way["A-Y00"]["case"]["notes_hidden"] is True
    assert under_way["A-Y00"]["case"]["help_arranged"] == str(HIDDEN)
    assert under_way["A-Y01"]["case"]["help_arranged"] == "Master teaches drawings"


def test_sections_the_caller_may_not_see_are_null(world, api_for):
    board_world(world)
    data = board_for(api_for("worker_a"))
    assert data["dues_in_arrears"] is None and data["open_welfare_cases"] is None
    assert data["help_under_way"] is not None


def test_outsiders_find_no_board_and_strangers_are_refused(world, api_for):
    board_world(world)
    assert api_for(None).get(URL).status_code == 401
    assert api_for("stranger").get(URL).status_code == 403
    assert api_for("worker_b").get(URL, {"unit": "plant-a-turning"}).status_code == 404
    assert api_for("leader_a").get(URL, {"as_of": "not a day"}).status_code == 400


def test_the_schema_documents_it(world, api_for):
    schema = api_for("leader_a").get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/people-board/"]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} >= {"unit", "as_of"}
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert body.endswith("/PeopleBoard")
