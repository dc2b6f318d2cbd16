"""Transfer plans through the pages: the hand-checked optimum, an infeasible plan
explained, shipments and fulfilment, adoption locking the inputs, who may do what."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from gexin.core.testing import ViewContract
from gexin.national.models import (
    Shipment,
    TransferDemand,
    TransferFlow,
    TransferPlan,
    TransferSupply,
)
from gexin.national.tests.factories_transfers import examples, hand_plan

pytestmark = pytest.mark.django_db


def detail(plan):
    return reverse("national:transferplan_detail", args=[plan.pk])


def solve_on_the_page(client, plan):
    response = client.post(reverse("national:transfer_plan_solve", args=[plan.pk]))
    assert response.status_code == 302
    return client.get(detail(plan))


class TestTransferPlanPages(ViewContract):
    app = "national"
    model_name = "transferplan"
    viewer = "worker_a"
    editor = "manager_a"
    deleter = "admin_a"

    def objects(self, world):
        made = examples(world)
        return {"in_scope": made["plan"], "out_of_scope": made["b_plan"]}

    def valid_edit(self, world, obj):
        return {
            "title": "Plant A's pig iron, revised",
            "unit_ref": "plant-a",
            "product": obj.product_id,
            "starts_on": "1959-01-01",
            "ends_on": "1959-03-31",
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["ends_on"] = "1958-12-01"
        return data, "ends_on"


class TestShipmentPages(ViewContract):
    app = "national"
    model_name = "shipment"
    viewer = "worker_a"
    editor = "manager_a"
    deleter = "admin_a"
    has_export = False  # the shipment list is not exportable

    def objects(self, world):
        made = examples(world)
        return {"in_scope": made["shipment"], "out_of_scope": made["b_shipment"]}

    def valid_edit(self, world, obj):
        return {
            "shipment-route": obj.route_id,
            "shipment-shipped_on": "1959-01-12",
            "shipment-tonnes": "25",
            "shipment-note": "by rail",
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["shipment-shipped_on"] = "1958-12-01"
        return data, "shipped_on"

    def add_url(self, world):
        # Shipments are recorded against a plan, named by ?plan=.
        return self.url("add") + f"?plan={examples(world)['plan'].pk}"

    def test_create_is_forbidden_without_the_right(self, world, client_for):
        assert client_for(self.viewer).get(self.add_url(world)).status_code == 403
        assert client_for("stranger").get(self.add_url(world)).status_code == 403

    def test_create_form_opens_for_an_editor(self, world, client_for):
        assert client_for(self.editor).get(self.add_url(world)).status_code == 200

    def test_create_without_a_plan_goes_to_the_plans_first(self, world, client_for):
        response = client_for(self.editor).get(self.url("add"))
        assert response.status_code == 302
        assert response["Location"] == reverse("national:transferplan_list")


def test_the_hand_checked_plan_solves_to_the_known_optimum_on_its_page(world, client_for):
    plan, supplies, demands, routes = hand_plan(world)
    page = solve_on_the_page(client_for("admin"), plan)

    plan.refresh_from_db()
    assert plan.status == "solved" and plan.result == "optimal"
    assert plan.total_cost == Decimal("2100.00")
    flows = {
        (f.route.supply.unit.name, f.route.demand.unit.name): f.tonnes
        for f in TransferFlow.objects.filter(plan=plan).select_related(
            "route__supply__unit", "route__demand__unit"
        )
    }
    assert flows == {
        ("Hebei", "Anshan"): 250,
        ("Hebei", "Shijingshan"): 50,
        ("Henan", "Shijingshan"): 100,
        ("Shanxi", "Taiyuan"): 200,
        ("Henan", "Wuhan"): 100,
    }
    body = page.content.decode()
    assert "data-total-cost>2100.00<" in body
    assert plan.greedy_cost >= plan.total_cost
    assert "data-explanation" not in body


def test_an_infeasible_plan_is_explained_on_its_page_in_both_languages(world, client_for):
    plan, supplies, demands, routes = hand_plan(world)
    baotou = TransferDemand.objects.create(
        plan=plan,
        unit=world.units["plant-b"],
        tonnes=Decimal(80),
        priority=1,
    )
    client = client_for("admin")
    page = solve_on_the_page(client, plan)

    plan.refresh_from_db()
    assert plan.result == "infeasible"
    assert plan.total_cost == Decimal("2100.00")  # the others as before
    (short,) = plan.explanation["shortfalls"]
    assert short["demand"] == baotou.pk and short["reasons"] == ["no-link"]
    body = page.content.decode()
    assert 'data-short="plant-b"' in body
    assert "Plant B (priority 1) receives 0 t of 80 t, 80 t short" in body
    assert "no route reaches it from any supply" in body

    with translation.override("zh-hans"):
        client.cookies["django_language"] = "zh-hans"
        page = client.get(detail(plan), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert 'data-short="plant-b"' in page.content.decode()


def test_shipments_update_the_fulfilment_per_route_and_receiver(world, client_for):
    plan, supplies, demands, routes = hand_plan(world, solve=True)
    client = client_for("admin")
    route = routes[("Hebei", "Anshan")]
    response = client.post(
        reverse("national:shipment_add") + f"?plan={plan.pk}",
        {
            "shipment-route": route.pk,
            "shipment-shipped_on": "1959-01-20",
            "shipment-tonnes": "100",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    body = client.get(detail(plan)).content.decode()
    row = body.split('data-fulfilment-route="hebei>anshan"')[1].split("</tr>")[0]
    assert "100.00" in row and "40.0" in row  # 100 of 250 t
    receiver = body.split('data-fulfilment-receiver="anshan"')[1].split("</tr>")[0]
    assert "40.0" in receiver
    assert Shipment.objects.get().recorded_by == world.users["admin"]


def test_a_shipment_before_the_plan_starts_or_on_a_draft_is_refused(world, client_for):
    plan, supplies, demands, routes = hand_plan(world)
    client = client_for("admin")
    route = routes[("Hebei", "Anshan")]
    data = {"shipment-route": route.pk, "shipment-shipped_on": "1959-01-20", "shipment-tonnes": "5"}
    response = client.post(reverse("national:shipment_add") + f"?plan={plan.pk}", data)
    assert response.status_code == 400
    assert "solved or adopted" in str(response.context["form"].errors["route"])
    client.post(reverse("national:transfer_plan_solve", args=[plan.pk]))
    data["shipment-shipped_on"] = "1958-12-31"
    response = client.post(reverse("national:shipment_add") + f"?plan={plan.pk}", data)
    assert response.status_code == 400
    assert "before the plan" in str(response.context["form"].errors["shipped_on"])
    assert not Shipment.objects.exists()


def test_inputs_are_added_on_the_plan_page_and_validated(world, client_for):
    plan, supplies, demands, routes = hand_plan(world)
    client = client_for("admin")
    add = reverse("national:transfersupply_add") + f"?plan={plan.pk}"
    response = client.post(add, {"supply-unit": "hebei", "supply-tonnes": "10"})
    assert response.status_code == 400
    assert "already supplies" in str(response.context["form"].errors["unit"])
    response = client.post(add, {"supply-unit": "plant-a", "supply-tonnes": "0"})
    assert response.status_code == 400 and response.context["form"].errors["tonnes"]
    response = client.post(add, {"supply-unit": "plant-a", "supply-tonnes": "40"})
    assert response.status_code == 302
    assert TransferSupply.objects.filter(plan=plan, unit__code="plant-a").exists()
    other, *_ = hand_plan_twin(world)
    response = client.post(
        reverse("national:transferroute_add") + f"?plan={plan.pk}",
        {
            "route-supply": other.supplies.first().pk,
            "route-demand": demands["Anshan"].pk,
            "route-cost_per_tonne": "3",
        },
    )
    assert response.status_code == 400 and response.context["form"].errors["supply"]
    response = client.post(
        reverse("national:transferroute_add") + f"?plan={plan.pk}",
        {
            "route-supply": supplies["Hebei"].pk,
            "route-demand": demands["Anshan"].pk,
            "route-cost_per_tonne": "3",
        },
    )
    assert response.status_code == 400
    assert "already has a route" in str(response.context["form"].errors["demand"])


def hand_plan_twin(world):
    plan = TransferPlan.objects.create(
        unit=world.units["mmi"],
        title="Another plan",
        product_id=TransferPlan.objects.first().product_id,
        starts_on=datetime.date(1959, 1, 1),
        ends_on=datetime.date(1959, 3, 31),
    )
    TransferSupply.objects.create(plan=plan, unit=world.units["plant-b"], tonnes=Decimal(5))
    return (plan,)


def test_adopting_locks_the_inputs(world, client_for):
    plan, supplies, demands, routes = hand_plan(world, solve=True)
    client = client_for("admin")
    assert client.post(reverse("national:transfer_plan_adopt", args=[plan.pk])).status_code == 302
    plan.refresh_from_db()
    assert plan.status == "adopted"
    supply = supplies["Hebei"]
    assert client.get(reverse("national:transfersupply_edit", args=[supply.pk])).status_code == 403
    assert (
        client.post(reverse("national:transfersupply_delete", args=[supply.pk])).status_code == 403
    )
    response = client.post(
        reverse("national:transferdemand_add") + f"?plan={plan.pk}",
        {"demand-unit": "plant-a", "demand-tonnes": "5", "demand-priority": "0"},
    )
    assert response.status_code == 400
    client.post(reverse("national:transfer_plan_solve", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == "adopted"
    assert "data-locked" in client.get(detail(plan)).content.decode()


def test_changing_a_solved_plans_inputs_makes_it_a_draft_again(world, client_for):
    plan, supplies, demands, routes = hand_plan(world, solve=True)
    client = client_for("admin")
    route = routes[("Hebei", "Anshan")]
    response = client.post(reverse("national:transferroute_delete", args=[route.pk]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "draft" and plan.total_cost is None
    assert not TransferFlow.objects.filter(plan=plan).exists()


def test_only_the_planners_of_the_plans_unit_solve_it(world, client_for):
    made = examples(world)
    plan = made["plan"]
    for user in ("worker_a", "leader_a"):
        assert (
            client_for(user)
            .post(reverse("national:transfer_plan_solve", args=[plan.pk]))
            .status_code
            == 403
        )
    assert (
        client_for("worker_b")
        .post(reverse("national:transfer_plan_solve", args=[plan.pk]))
        .status_code
        == 404
    )
    assert (
        client_for("manager_a")
        .post(reverse("national:transfer_plan_solve", args=[plan.pk]))
        .status_code
        == 302
    )


def test_the_people_of_a_receiving_plant_see_the_ministrys_plan(world, client_for):
    plan, supplies, demands, routes = hand_plan(world)
    assert client_for("worker_a").get(detail(plan)).status_code == 404
    TransferDemand.objects.create(plan=plan, unit=world.units["plant-a"], tonnes=Decimal(5))
    assert client_for("worker_a").get(detail(plan)).status_code == 200
    assert client_for("worker_b").get(detail(plan)).status_code == 404
    assert (
        client_for("manager_a")
        .get(reverse("national:transferplan_edit", args=[plan.pk]))
        .status_code
        == 403
    )


def test_a_keeper_of_the_supplying_unit_records_a_shipment_but_others_do_not(world, client_for):
    from gexin.exchange.tests.factories_contracts import person_with_role
    from gexin.org.choices import Role

    plan, supplies, demands, routes = hand_plan(world, solve=True)
    person_with_role(world, "tech_hebei", world.units["hebei"], Role.TECHNICIAN, "H-001")
    data = {
        "shipment-route": routes[("Hebei", "Anshan")].pk,
        "shipment-shipped_on": "1959-02-01",
        "shipment-tonnes": "30",
    }
    url = reverse("national:shipment_add") + f"?plan={plan.pk}"
    assert client_for("tech_hebei").post(url, data).status_code == 302
    assert client_for("worker_a").post(url, data).status_code == 403
    shipment = Shipment.objects.get()
    assert (
        Shipment.objects.restrict(world.user("tech_hebei"), "change")
        .filter(pk=shipment.pk)
        .exists()
    )


def test_an_adopted_plan_keeps_its_product_period_and_unit_on_its_page(world, client_for):
    plan, *_ = hand_plan(world, solve=True)
    client = client_for("admin")
    client.post(reverse("national:transfer_plan_adopt", args=[plan.pk]))
    edit = reverse("national:transferplan_edit", args=[plan.pk])
    data = {
        "title": "Pig iron, first quarter",
        "unit_ref": "mmi",
        "product": plan.product_id,
        "starts_on": "1959-01-01",
        "ends_on": "1959-06-30",
    }
    response = client.post(edit, data)
    assert response.status_code == 400
    assert "keeps its product, period and unit" in str(response.context["form"].errors["ends_on"])
    data.update(ends_on=plan.ends_on.isoformat(), title="Renamed", note="Seen")
    assert client.post(edit, data).status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Renamed" and plan.ends_on == datetime.date(1959, 3, 31)


def test_a_plan_with_shipments_keeps_its_inputs_on_its_page(world, client_for):
    plan, supplies, demands, routes = hand_plan(world, solve=True)
    client = client_for("admin")
    route = routes[("Hebei", "Anshan")]
    Shipment.objects.create(
        plan=plan, route=route, shipped_on=datetime.date(1959, 1, 20), tonnes=Decimal(10)
    )
    response = client.post(
        reverse("national:transfersupply_edit", args=[supplies["Hebei"].pk]),
        {"supply-unit": "hebei", "supply-tonnes": "1"},
    )
    assert response.status_code == 302
    message = "inputs stay as solved"
    assert message in client.get(response.url).content.decode()
    response = client.post(reverse("national:transferroute_delete", args=[route.pk]))
    assert response.status_code == 302
    response = client.post(
        reverse("national:transferdemand_add") + f"?plan={plan.pk}",
        {"demand-unit": "plant-a", "demand-tonnes": "5", "demand-priority": "0"},
    )
    assert response.status_code == 400 and message in str(response.context["form"].errors)
    plan.refresh_from_db()
    supplies["Hebei"].refresh_from_db()
    assert plan.status == "solved" and plan.flows.count() == 5
    assert supplies["Hebei"].tonnes == 300 and plan.routes.filter(pk=route.pk).exists()
