"""The plans API: contracts for plans and pledges, record uploads and fulfilment."""

import datetime

import pytest

from gexin.core.testing import APIContract
from gexin.plans.models import Pledge, Record
from gexin.plans.tests.factories import make_plan, put

D = datetime.date
pytestmark = pytest.mark.django_db


def two_plans(world):
    return {
        "in_scope": make_plan(world.units["plant-a-turning"], "month", D(1959, 3, 1), {}),
        "out_of_scope": make_plan(world.units["plant-b-shift-1"], "month", D(1959, 3, 1), {}),
    }


class TestPlanAPI(APIContract):
    endpoint = "plans"
    viewer = "worker_a"
    editor = "manager_a"

    def objects(self, world):
        return two_plans(world)

    def valid_patch(self, world, obj):
        return {"title": "Leap plan"}

    def valid_create(self, world):
        return {
            "unit": "plant-a-turning",
            "period_kind": "quarter",
            "start": "1959-01-01",
            "targets": [{"metric": "pieces_produced", "value": "9000"}],
        }


class TestPledgeAPI(APIContract):
    endpoint = "pledges"
    viewer = "worker_a"
    editor = "leader_a"

    def objects(self, world):
        plans = two_plans(world)
        return {
            "in_scope": Pledge.objects.create(
                plan=plans["in_scope"], person=world.people["turner_a"]
            ),
            "out_of_scope": Pledge.objects.create(
                plan=plans["out_of_scope"], person=world.people["roller_b"]
            ),
        }

    def valid_patch(self, world, obj):
        return {"notes": "study the drawings"}

    def valid_create(self, world):
        plan = make_plan(world.units["plant-a-turning"], "month", D(1959, 4, 1), {})
        return {
            "plan": plan.pk,
            "person": "A-002",
            "targets": [{"metric": "pieces_produced", "value": "300"}],
        }


def test_revising_an_adopted_plan_needs_a_reason(world, api_for):
    plan = make_plan(world.units["plant-a-turning"], "month", D(1958, 3, 1), {"steel_output": 100})
    plan.status = "adopted"
    plan.save()
    api = api_for("manager_a")
    url = f"/api/v1/plans/{plan.pk}/"
    body = {"targets": [{"metric": "steel_output", "value": "147"}]}
    assert api.patch(url, body, format="json").status_code == 400
    response = api.patch(url, {**body, "revision_note": "leap"}, format="json")
    assert response.status_code == 200
    (target,) = response.json()["targets"]
    assert (target["original"], target["value"]) == ("100.000", "147.000")


def test_metrics_are_read_by_all_and_changed_by_the_top_administrator(world, api_for):
    listed = api_for("worker_b").get("/api/v1/metrics/", {"code": "coal_per_tonne_steel"})
    (coal,) = listed.json()["results"]
    assert (coal["numerator"], coal["denominator"], coal["direction"]) == (
        "coal_used",
        "steel_output",
        "lower",
    )
    assert (
        api_for("admin_a")
        .patch(f"/api/v1/metrics/{coal['id']}/", {"decimals": 2}, format="json")
        .status_code
        == 403
    )
    assert (
        api_for("admin")
        .patch(f"/api/v1/metrics/{coal['id']}/", {"decimals": 2}, format="json")
        .status_code
        == 200
    )


ROWS = [
    {
        "unit": "plant-a-turning",
        "day": "1959-03-01",
        "shift": "1",
        "metric": "pieces_produced",
        "person": "",
        "value": "100",
    },
    {
        "unit": "plant-a-turning",
        "day": "1959-03-01",
        "shift": 2,
        "metric": "pieces_produced",
        "value": 80.5,
    },
]


def test_records_post_is_all_or_nothing_and_idempotent(world, api_for):
    api = api_for("leader_a")
    bad = [*ROWS, {"unit": "plant-b", "day": "1959-13-01", "metric": "x", "value": "1"}]
    response = api.post("/api/v1/records/", bad, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {(e["row"], e["column"]) for e in errors} == {(3, "unit"), (3, "day"), (3, "metric")}
    assert not Record.objects.exists()
    first = api.post("/api/v1/records/", ROWS, format="json").json()
    assert (first["created"], first["unchanged"]) == (2, 0)
    again = api.post("/api/v1/records/", ROWS, format="json").json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    listed = api_for("worker_a").get("/api/v1/records/").json()
    assert sorted(row["value"] for row in listed["results"]) == ["100.000", "80.500"]
    assert api_for("worker_b").get("/api/v1/records/").json()["count"] == 0
    assert api_for("worker_a").post("/api/v1/records/", ROWS, format="json").status_code == 403


def test_records_post_refuses_units_out_of_scope(world, api_for):
    rows = [
        {"unit": "plant-b-shift-1", "day": "1959-03-01", "metric": "steel_output", "value": "5"}
    ]
    response = api_for("leader_a").post("/api/v1/records/", rows, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["column"] == "unit"


def test_record_delete(world, api_for):
    put([("plant-a-turning", "1959-03-01", "1", "pieces_produced", "", "100")])
    record = Record.objects.get()
    assert api_for("worker_a").delete(f"/api/v1/records/{record.pk}/").status_code == 403
    assert api_for("worker_b").delete(f"/api/v1/records/{record.pk}/").status_code == 404
    assert api_for("leader_a").delete(f"/api/v1/records/{record.pk}/").status_code == 204
    assert not Record.objects.exists()


def test_fulfilment_weights_ratios_and_honours_direction(world, api_for):
    put(
        [
            ("plant-a-turning", "1959-03-01", "", "pieces_produced", "", "100"),
            ("plant-a-turning", "1959-03-01", "", "pieces_qualified", "", "100"),
            ("plant-b-shift-1", "1959-03-01", "", "pieces_produced", "", "300"),
            ("plant-b-shift-1", "1959-03-01", "", "pieces_qualified", "", "150"),
            ("plant-b-shift-1", "1959-03-01", "", "coal_used", "", "5300"),
            ("plant-b-shift-1", "1959-03-01", "", "steel_output", "", "100"),
        ]
    )
    make_plan(
        world.units["hubei"],
        "month",
        D(1959, 3, 1),
        {"qualified_rate": 60, "coal_per_tonne_steel": 56, "steel_output": 3100},
    )
    response = api_for("admin").get(
        "/api/v1/fulfilment/", {"unit": "hubei", "start": "1959-03-01", "end": "1959-03-31"}
    )
    assert response.status_code == 200
    lines = {line["metric"]: line for line in response.json()}
    assert lines["qualified_rate"]["actual"] == 62.5  # 250 of 400, not the mean 75
    assert lines["qualified_rate"]["percent"] == pytest.approx(104.17)
    coal = lines["coal_per_tonne_steel"]
    assert (coal["actual"], coal["direction"], coal["unit_of_measure"]) == (53.0, "lower", "kg/t")
    assert coal["percent"] == pytest.approx(105.66, abs=0.01)  # below target: over-fulfilled
    assert coal["ahead_behind"] == 3.0
    steel = lines["steel_output"]
    assert set(steel) >= {
        "target",
        "actual",
        "percent",
        "expected_to_date",
        "ahead_behind",
        "required_daily_level",
        "forecast",
    }
    assert steel["expected_to_date"] == 100.0  # as of 1 March, the last day with records


def test_fulfilment_api_errors(world, api_for):
    api = api_for("worker_b")
    assert api.get("/api/v1/fulfilment/").status_code == 400
    bad = api.get("/api/v1/fulfilment/", {"unit": "plant-b", "start": "x", "end": "1959-01-01"})
    assert "start" in bad.json()
    assert (
        api.get(
            "/api/v1/fulfilment/", {"unit": "plant-a", "start": "1959-03-01", "end": "1959-03-31"}
        ).status_code
        == 404
    )
    assert api_for(None).get("/api/v1/fulfilment/").status_code == 401


def test_plan_status_changes_only_through_adopt(world, api_for):
    plan = make_plan(world.units["plant-a-turning"], "month", D(1958, 3, 1), {})
    api = api_for("manager_a")
    assert (
        api.post(
            f"/api/v1/plans/{plan.pk}/adopt/", {"adopted_on": "1958-02-28"}, format="json"
        ).status_code
        == 400
    )  # no targets yet
    api.patch(
        f"/api/v1/plans/{plan.pk}/",
        {"targets": [{"metric": "steel_output", "value": "100"}]},
        format="json",
    )
    adopted = api.post(
        f"/api/v1/plans/{plan.pk}/adopt/", {"adopted_on": "1958-02-28"}, format="json"
    )
    assert adopted.status_code == 200
    assert adopted.json()["status"] == "adopted"
    api.patch(f"/api/v1/plans/{plan.pk}/", {"status": "draft"}, format="json")
    plan.refresh_from_db()
    assert plan.status == "adopted"
    assert (
        api_for("worker_a")
        .post(f"/api/v1/plans/{plan.pk}/adopt/", {"adopted_on": "1958-02-28"}, format="json")
        .status_code
        == 403
    )


def test_fulfilment_api_refuses_years_out_of_range(world, api_for):
    response = api_for("admin").get(
        "/api/v1/fulfilment/", {"unit": "hubei", "start": "0001-01-01", "end": "0001-01-31"}
    )
    assert response.status_code == 400


def test_values_with_odd_digits_are_row_errors(world, api_for):
    rows = [
        {"unit": "plant-a-turning", "day": "1959-03-01", "metric": "steel_output", "value": "5²"}
    ]
    response = api_for("leader_a").post("/api/v1/records/", rows, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["column"] == "value"
