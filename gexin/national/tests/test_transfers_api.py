"""The transfer plans' API: scope, solve and adopt, inputs, read-only flows, shipments."""

from decimal import Decimal

import pytest

from gexin.core.testing import APIContract
from gexin.national.models import Shipment, TransferDemand
from gexin.national.tests.factories_transfers import Q1, examples, hand_plan

pytestmark = pytest.mark.django_db


class TestTransferPlanAPI(APIContract):
    endpoint = "transfer-plans"

    def objects(self, world):
        made = examples(world)
        return {"in_scope": made["plan"], "out_of_scope": made["b_plan"]}

    def valid_patch(self, world, obj):
        return {"title": "Plant A's pig iron, revised"}

    def valid_create(self, world):
        return {
            "unit": "plant-a",
            "title": "Second quarter",
            "starts_on": "1959-04-01",
            "ends_on": "1959-06-30",
        }


class TestShipmentAPI(APIContract):
    endpoint = "shipments"

    def objects(self, world):
        made = examples(world)
        return {"in_scope": made["shipment"], "out_of_scope": made["b_shipment"]}

    def valid_patch(self, world, obj):
        return {"note": "by rail"}


def unshipped(world):
    """The examples without their shipments: a plan with shipments keeps its inputs."""
    made = examples(world)
    Shipment.objects.filter(plan__in=[made["plan"], made["b_plan"]]).delete()
    return made


class TestTransferSupplyAPI(APIContract):
    endpoint = "transfer-supplies"

    def objects(self, world):
        made = unshipped(world)
        return {"in_scope": made["supply"], "out_of_scope": made["b_supply"]}

    def valid_patch(self, world, obj):
        return {"tonnes": "120.00", "note": "after the audit"}

    def valid_create(self, world):
        return {"plan": unshipped(world)["plan"].pk, "unit": "plant-a-machine", "tonnes": "15.00"}


class TestTransferDemandAPI(APIContract):
    endpoint = "transfer-demands"

    def objects(self, world):
        made = unshipped(world)
        return {"in_scope": made["demand"], "out_of_scope": made["b_demand"]}

    def valid_patch(self, world, obj):
        return {"tonnes": "70.00", "priority": 2, "note": "the foundry's new furnace"}

    def valid_create(self, world):
        return {
            "plan": unshipped(world)["plan"].pk,
            "unit": "plant-a-turning",
            "tonnes": "5.00",
            "priority": 1,
        }


class TestTransferRouteAPI(APIContract):
    endpoint = "transfer-routes"

    def objects(self, world):
        made = unshipped(world)
        return {"in_scope": made["route"], "out_of_scope": made["b_route"]}

    def valid_patch(self, world, obj):
        return {"cost_per_tonne": "4.50"}

    def valid_create(self, world):
        made = unshipped(world)
        demand = TransferDemand.objects.create(
            plan=made["plan"], unit=world.units["plant-a-turning"], tonnes=Decimal(5)
        )
        return {
            "plan": made["plan"].pk,
            "supply": made["supply"].pk,
            "demand": demand.pk,
            "cost_per_tonne": "2.00",
        }


def test_solve_gives_the_known_optimum_and_adopt_locks(world, api_for):
    plan, supplies, demands, routes = hand_plan(world)
    api = api_for("admin")
    response = api.post(f"/api/v1/transfer-plans/{plan.pk}/solve/")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["status"] == "solved" and data["result"] == "optimal"
    assert Decimal(data["total_cost"]) == 2100
    assert {(f["source"], f["target"]): Decimal(f["tonnes"]) for f in data["flows"]} == {
        ("hebei", "anshan"): 250,
        ("hebei", "shijingshan"): 50,
        ("henan", "shijingshan"): 100,
        ("shanxi", "taiyuan"): 200,
        ("henan", "wuhan"): 100,
    }
    assert api_for("manager_a").post(f"/api/v1/transfer-plans/{plan.pk}/solve/").status_code == 404
    assert api.post(f"/api/v1/transfer-plans/{plan.pk}/adopt/").json()["status"] == "adopted"
    response = api.patch(
        f"/api/v1/transfer-supplies/{supplies['Hebei'].pk}/", {"tonnes": "1"}, format="json"
    )
    assert response.status_code == 400
    assert "locked" in str(response.json())


def test_flows_are_read_only_and_shipments_are_checked(world, api_for):
    plan, supplies, demands, routes = hand_plan(world, solve=True)
    api = api_for("admin")
    flows = api.get("/api/v1/transfer-flows/", {"plan": plan.pk}).json()["results"]
    assert len(flows) == 5
    assert api.post("/api/v1/transfer-flows/", {}, format="json").status_code in (403, 405)
    route = routes[("Henan", "Wuhan")]
    early = api.post(
        "/api/v1/shipments/",
        {"route": route.pk, "shipped_on": "1958-12-01", "tonnes": "10"},
        format="json",
    )
    assert early.status_code == 400 and "shipped_on" in early.json()
    made = api.post(
        "/api/v1/shipments/",
        {"route": route.pk, "shipped_on": "1959-01-05", "tonnes": "10"},
        format="json",
    )
    assert made.status_code == 201, made.json()
    assert Shipment.objects.get().recorded_by == world.users["admin"]


def test_routes_join_a_supply_and_a_demand_of_the_same_plan(world, api_for):
    made = examples(world)
    plan, supplies, demands, routes = hand_plan(world)
    response = api_for("admin").post(
        "/api/v1/transfer-routes/",
        {
            "plan": plan.pk,
            "supply": made["supply"].pk,
            "demand": demands["Anshan"].pk,
            "cost_per_tonne": "2",
        },
        format="json",
    )
    assert response.status_code == 400 and "supply" in response.json()


def test_an_adopted_plan_keeps_its_product_period_and_unit(world, api_for):
    plan, *_ = hand_plan(world, solve=True)
    api = api_for("admin")
    api.post(f"/api/v1/transfer-plans/{plan.pk}/adopt/")
    url = f"/api/v1/transfer-plans/{plan.pk}/"
    for change in ({"starts_on": "1959-02-01"}, {"ends_on": "1959-06-30"}, {"unit": "plant-a"}):
        response = api.patch(url, change, format="json")
        assert response.status_code == 400, change
        assert "keeps its product, period and unit" in str(response.json())
    response = api.patch(url, {"title": "Renamed", "note": "Seen"}, format="json")
    assert response.status_code == 200, response.json()
    plan.refresh_from_db()
    assert (plan.title, plan.starts_on, plan.unit) == ("Renamed", Q1[0], world.units["mmi"])


def test_a_plan_with_shipments_keeps_its_inputs(world, api_for):
    plan, supplies, demands, routes = hand_plan(world, solve=True)
    api = api_for("admin")
    route = routes[("Henan", "Wuhan")]
    made = api.post(
        "/api/v1/shipments/",
        {"route": route.pk, "shipped_on": "1959-01-05", "tonnes": "10"},
        format="json",
    )
    assert made.status_code == 201, made.json()
    refused = [
        api.patch(f"/api/v1/transfer-supplies/{supplies['Hebei'].pk}/", {"tonnes": "1"}),
        api.post(
            "/api/v1/transfer-demands/",
            {"plan": plan.pk, "unit": "plant-a", "tonnes": "5"},
            format="json",
        ),
        api.delete(f"/api/v1/transfer-routes/{routes[('Hebei', 'Anshan')].pk}/"),
    ]
    for response in refused:
        assert response.status_code == 400
        assert "inputs stay as solved" in str(response.json())
    plan.refresh_from_db()
    supplies["Hebei"].refresh_from_db()
    assert plan.status == "solved" and plan.flows.count() == 5
    assert (
        supplies["Hebei"].tonnes == 300
        and not TransferDemand.objects.filter(plan=plan, unit__code="plant-a").exists()
    )
