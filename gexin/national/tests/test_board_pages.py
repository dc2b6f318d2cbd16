"""The board's page and API: who sees which rows, links one level down, the API's answer."""

import pytest
from django.urls import reverse

from gexin.national.tests.factories_board import steel_quarter

BOARD = "/national/board/"
API = "/api/v1/board/"
ASKED = {"quarter": "1959Q1", "as_of": "1959-02-14"}


@pytest.fixture
def quarter(world):
    return steel_quarter(world)


def units_on(response):
    return [row["unit"] for row in response.json()["rows"]]


def test_it_is_the_route_and_the_api_path_named(quarter):
    assert reverse("national:board") == BOARD
    assert reverse("api_board") == API


def test_anonymous_is_sent_to_sign_in(quarter, client_for):
    response = client_for(None).get(BOARD)
    assert response.status_code == 302 and "login" in response["Location"]


def test_anonymous_gets_401_from_the_api(quarter, api_for):
    assert api_for(None).get(API).status_code == 401


def test_it_is_refused_to_a_user_without_any_scope(quarter, client_for, api_for):
    assert client_for("stranger").get(BOARD).status_code == 403
    assert api_for("stranger").get(API).status_code == 403


def test_the_ministry_sees_every_province(quarter, client_for, api_for):
    response = client_for("admin").get(BOARD, ASKED)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-unit="hubei"' in html and 'data-unit="henan"' in html
    # Each row leads one level down, to the same board for that province.
    assert "?metric=steel_output&amp;unit=hubei&amp;quarter=1959Q1" in html
    assert units_on(api_for("admin").get(API, ASKED)) == ["hubei", "henan"]


def test_a_province_official_sees_their_province_only(quarter, client_for, api_for):
    api = api_for("planner_hubei")
    own = api.get(API, ASKED).json()
    assert own["unit"] == "hubei"
    assert [row["unit"] for row in own["rows"]] == ["plant-a", "plant-b"]
    # Above their province, only their province's row; the nation's line is not theirs.
    above = api.get(API, {**ASKED, "unit": "mmi"}).json()
    assert [row["unit"] for row in above["rows"]] == ["hubei"] and above["total"] is None
    assert api.get(API, {**ASKED, "unit": "henan"}).status_code == 404
    assert client_for("planner_hubei").get(BOARD, {"unit": "henan"}).status_code == 404


def test_a_plant_manager_sees_the_board_of_their_plant(quarter, api_for):
    answer = api_for("manager_a").get(API, ASKED).json()
    assert answer["unit"] == "plant-a"
    assert [row["unit"] for row in answer["rows"]] == ["plant-a-machine"]
    assert api_for("manager_a").get(API, {"unit": "plant-b"}).status_code == 404


def test_the_api_gives_the_figures_of_each_row(quarter, api_for):
    answer = api_for("admin").get(API, {**ASKED, "unit": "hubei", "days_running": "7"}).json()
    assert answer["quarter"] == "1959Q1" and answer["days_left"] == 45
    assert answer["same_period_last_year"] == ["1958-01-01", "1958-02-14"]
    plant_a, plant_b = answer["rows"]
    assert plant_a["required_level"] == 12.0 and plant_a["level_10_days"] == 8.0
    assert plant_a["gap"] == -4.0 and plant_a["gap_percent"] == -33.33
    assert plant_a["change_on_last_year_percent"] == 60.0
    assert plant_b["days_below_running"] == 7 and plant_b["is_flagged"]


def test_bad_input_is_explained(quarter, client_for, api_for):
    response = api_for("admin").get(API, {"quarter": "spring", "metric": "heats"})
    assert response.status_code == 400
    assert set(response.json()) == {"quarter", "metric"}
    page = client_for("admin").get(BOARD, {"quarter": "1959Q1", "as_of": "1959-05-01"})
    assert page.status_code == 200 and "The day is not in the quarter." in page.content.decode()


def test_the_api_is_documented(quarter, api_for):
    schema = api_for("admin").get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/board/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert names == {"metric", "unit", "quarter", "as_of", "days_running"}


def test_the_menu_offers_the_board(quarter, client_for):
    html = client_for("manager_a").get("/").content.decode()
    assert BOARD in html
