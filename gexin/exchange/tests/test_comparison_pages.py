"""The same-type comparison page and its API: who may open them, the ranking shown with
the best highlighted and the units without records last, and the button that asks the
best for help with a prefilled card."""

import datetime
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from gexin.exchange.tests.factories_cards import more_world, record

pytestmark = pytest.mark.django_db

PAGE = reverse("exchange:comparison")
API = "/api/v1/comparison/"
MARCH = datetime.date(1959, 3, 1)
QUERY = {
    "work_type": "rolling",
    "metric": "coal_per_tonne_steel",
    "start": "1959-03-01",
    "end": "1959-03-31",
}


@pytest.fixture
def figures(world):
    """Plant C's rolling workshop burns 400 kg/t, plant B's 450; plant A's has none."""
    more_world(world)
    from gexin.org.choices import UnitKind
    from gexin.org.tests.factories import UnitFactory

    world.units["plant-a-rolling"] = UnitFactory(
        code="plant-a-rolling",
        parent=world.units["plant-a"],
        kind=UnitKind.WORKSHOP,
        work_type=world.work_types["rolling"],
        name="Rolling workshop A",
    )
    for code, steel, coal in (("plant-b-rolling", 400, 180_000), ("plant-c-rolling", 500, 200_000)):
        record(world.units[code], MARCH, "steel_output", steel)
        record(world.units[code], MARCH, "coal_used", coal)
    return world


def test_anyone_with_a_role_or_membership_may_compare_a_stranger_may_not(world, client_for):
    for user in ("worker_a", "worker_b", "admin"):
        assert client_for(user).get(PAGE).status_code == 200
    assert client_for("stranger").get(PAGE).status_code == 403
    assert client_for(None).get(PAGE).status_code == 302


def test_the_page_ranks_every_plants_units_best_first(figures, client_for):
    response = client_for("worker_a").get(PAGE, QUERY)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.unit.code for row in rows] == [
        "plant-c-rolling",
        "plant-b-rolling",
        "plant-a-rolling",
    ]
    page = response.content.decode()
    assert 'data-unit="plant-c-rolling" class="good" data-best' in page
    assert 'data-unit="plant-a-rolling" class="muted" data-no-records' in page
    assert "no records" in page
    assert "400.0 kg/t" in page and "450.0 kg/t" in page and "12.5% behind the best" in page
    assert response.context["chart"]["rows"][0] == {
        "name": "Plant C · Rolling workshop C",
        "value": 400.0,
        "best": True,
    }
    assert "gexin/js/comparison_chart.js" in page and "echarts.min.js" in page


def test_the_defaults_pick_the_users_work_type_a_recorded_metric_and_month(figures, client_for):
    response = client_for("worker_b").get(PAGE)
    choice = response.context["choice"]
    assert (choice.work_type.code, choice.metric.code) == ("rolling", "coal_per_tonne_steel")
    assert (choice.start, choice.end) == (MARCH, datetime.date(1959, 3, 31))
    assert response.context["form"]["metric"].value() == "coal_per_tonne_steel"
    assert len(response.context["rows"]) == 3


def test_below_the_best_a_button_asks_the_best_for_help(figures, client_for):
    response = client_for("manager_b").get(PAGE, QUERY)
    rows = {row.unit.code: row for row in response.context["rows"]}
    assert rows["plant-c-rolling"].help_url is None
    link = urlparse(rows["plant-b-rolling"].help_url)
    assert link.path == reverse("exchange:assistancecard_add")
    asked = {key: values[0] for key, values in parse_qs(link.query).items()}
    assert (asked["kind"], asked["work_type"], asked["unit"]) == (
        "request",
        "rolling",
        "plant-b-rolling",
    )
    assert "Rolling workshop C" in asked["title"]
    for figure in ("Rolling workshop C (Plant C)", "400.0 kg/t", "450.0 kg/t", "12.5% behind"):
        assert figure in asked["description"]
    assert (
        "has no records"
        in parse_qs(urlparse(rows["plant-a-rolling"].help_url).query)["description"][0]
    )
    form = client_for("manager_b").get(rows["plant-b-rolling"].help_url).context["form"]
    assert form["unit"].value() == "plant-b-rolling"
    assert form["title"].value() == asked["title"]


def test_without_the_right_to_post_cards_no_button_is_offered(figures, client_for):
    response = client_for("worker_b").get(PAGE, QUERY)
    assert all(row.help_url is None for row in response.context["rows"])
    assert "Ask the best for help" not in response.content.decode()


def test_a_bad_choice_is_explained(figures, client_for):
    response = client_for("worker_b").get(PAGE, {**QUERY, "end": "1959-02-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["end"]
    assert response.context["rows"] is None


def test_the_api_returns_the_rows(figures, api_for):
    response = api_for("worker_b").get(API, QUERY)
    assert response.status_code == 200
    body = response.json()
    assert (body["work_type"], body["metric"], body["direction"], body["kind"]) == (
        "rolling",
        "coal_per_tonne_steel",
        "lower",
        "workshop",
    )
    assert (body["start"], body["end"]) == ("1959-03-01", "1959-03-31")
    assert [
        (row["unit"], row["value"], row["rank"], row["gap_percent"], row["is_best"])
        for row in body["rows"]
    ] == [
        ("plant-c-rolling", 400.0, 1, 0.0, True),
        ("plant-b-rolling", 450.0, 2, 12.5, False),
        ("plant-a-rolling", None, None, None, False),
    ]
    assert body["rows"][0]["plant"] == "plant-c"
    steel = api_for("worker_b").get(API, {**QUERY, "metric": "steel_output"}).json()
    assert [row["unit"] for row in steel["rows"]][:2] == ["plant-c-rolling", "plant-b-rolling"]


def test_the_api_defaults_and_refuses_like_the_page(figures, api_for):
    body = api_for("worker_b").get(API).json()
    assert (body["work_type"], body["metric"], body["start"]) == (
        "rolling",
        "coal_per_tonne_steel",
        "1959-03-01",
    )
    assert api_for(None).get(API).status_code == 401
    assert api_for("stranger").get(API).status_code == 403
    response = api_for("worker_b").get(API, {"work_type": "weaving"})
    assert response.status_code == 400
    assert "work_type" in response.json()


def test_the_api_is_documented(world, client_for):
    schema = client_for("admin").get("/api/schema/").content.decode()
    assert "/api/v1/comparison/" in schema
    assert "gap_percent" in schema
