"""Pages of metrics, plans and pledges: the shared contracts plus their own workflows."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from gexin.core.testing import CatalogueViewContract, ViewContract
from gexin.plans.models import Condition, Plan, PlanTarget, Pledge
from gexin.plans.tests.factories import make_plan, metric, put

D = datetime.date
pytestmark = pytest.mark.django_db


def plans_in_both_plants(world):
    return {
        "in_scope": make_plan(world.units["plant-a-turning"], "month", D(1959, 3, 1), {}),
        "out_of_scope": make_plan(world.units["plant-b-shift-1"], "month", D(1959, 3, 1), {}),
    }


class TestMetricPages(CatalogueViewContract):
    app = "plans"
    model_name = "metric"

    def example(self, world):
        return metric("steel_output")

    def valid_edit(self, world, obj):
        return {
            "code": obj.code,
            "name": "Steel made",
            "name_zh": obj.name_zh,
            "unit_of_measure": "t",
            "kind": "quantity",
            "direction": "higher",
            "factor": "1",
            "decimals": "1",
        }


def test_a_ratio_needs_its_quantities(world, client_for):
    response = client_for("admin").post(
        reverse("plans:metric_add"),
        {
            "code": "new_rate",
            "name": "New rate",
            "unit_of_measure": "%",
            "kind": "ratio",
            "direction": "higher",
            "factor": "100",
            "decimals": "2",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["numerator"]
    assert response.context["form"].errors["denominator"]


class TestPlanPages(ViewContract):
    app = "plans"
    model_name = "plan"
    viewer = "worker_a"
    editor = "manager_a"

    def objects(self, world):
        return plans_in_both_plants(world)

    def valid_edit(self, world, obj):
        return {
            "unit_ref": obj.unit.code,
            "period_kind": obj.period_kind,
            "start": obj.start.isoformat(),
            "title": "March leap plan",
        }

    def invalid_edit(self, world, obj):
        return {"unit_ref": obj.unit.code, "period_kind": "month", "start": "not a day"}, "start"

    def export_key(self, obj):
        return obj.unit.code


class TestPledgePages(ViewContract):
    app = "plans"
    model_name = "pledge"
    viewer = "worker_a"
    editor = "leader_a"
    has_create = False  # created from a plan's page: see test_pledge_is_added_from_its_plan
    has_export = False

    def objects(self, world):
        plans = plans_in_both_plants(world)
        return {
            "in_scope": Pledge.objects.create(
                plan=plans["in_scope"], person=world.people["turner_a"]
            ),
            "out_of_scope": Pledge.objects.create(
                plan=plans["out_of_scope"], person=world.people["roller_b"]
            ),
        }

    def valid_edit(self, world, obj):
        return {"person_ref": obj.person.employee_number, "notes": "Study the new tool"}

    def invalid_edit(self, world, obj):
        return {"person_ref": "B-002"}, "person_ref"


def test_plan_start_is_aligned_and_unique(world, client_for):
    client = client_for("manager_a")
    response = client.post(
        reverse("plans:plan_add"),
        {"unit_ref": "plant-a-turning", "period_kind": "quarter", "start": "1959-02-14"},
    )
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert (plan.start, plan.end) == (D(1959, 1, 1), D(1959, 3, 31))
    again = client.post(
        reverse("plans:plan_add"),
        {"unit_ref": "plant-a-turning", "period_kind": "quarter", "start": "1959-03-30"},
    )
    assert again.status_code == 400
    assert "already has a plan" in str(again.context["form"].errors["start"])


def test_plan_outside_scope_cannot_be_created(world, client_for):
    response = client_for("manager_a").post(
        reverse("plans:plan_add"),
        {"unit_ref": "plant-b", "period_kind": "year", "start": "1959-01-01"},
    )
    assert response.status_code == 400
    assert Plan.objects.count() == 0


def test_adopted_targets_are_revised_beside_the_original(world, client_for):
    plan = make_plan(world.units["plant-a-turning"], "month", D(1958, 3, 1), {"steel_output": 1000})
    client = client_for("manager_a")
    assert (
        client.post(
            reverse("plans:plan_adopt", args=[plan.pk]),
            {"adopted_on": "1958-02-28", "adoption_note": "group meeting"},
        ).status_code
        == 302
    )
    url = reverse("plans:plan_targets", args=[plan.pk])
    refused = client.post(url, {"metric_steel_output": "1470"})
    assert refused.status_code == 400
    assert "reason" in str(refused.context["form"].non_field_errors())
    saved = client.post(url, {"metric_steel_output": "1470", "revision_note": "leap plan"})
    assert saved.status_code == 302
    target = PlanTarget.objects.get()
    assert (target.original, target.value, target.revision_note) == (1000, 1470, "leap plan")
    page = client.get(plan.get_absolute_url())
    assert "+47.0%" in page.content.decode()


def test_breakdown_shows_where_children_do_not_add_up(world, client_for):
    plan = make_plan(world.units["hubei"], "year", D(1959, 1, 1), {"steel_output": 1000})
    client = client_for("admin")
    url = reverse("plans:plan_breakdown", args=[plan.pk])
    plant_a, plant_b = world.units["plant-a"], world.units["plant-b"]
    response = client.post(
        url, {f"u{plant_a.pk}_steel_output": "600", f"u{plant_b.pk}_steel_output": "300"}
    )
    assert response.status_code == 302
    assert Plan.objects.filter(unit=plant_a, start=D(1959, 1, 1)).exists()
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "add up to -100.0 t" in page
    client.post(url, {f"u{plant_a.pk}_steel_output": "700", f"u{plant_b.pk}_steel_output": "300"})
    assert "add up to" not in client.get(plan.get_absolute_url()).content.decode()


def test_breakdown_of_a_leaf_unit_explains(world, client_for):
    plan = make_plan(world.units["plant-a-turning"], "year", D(1959, 1, 1), {"steel_output": 5})
    response = client_for("manager_a").get(reverse("plans:plan_breakdown", args=[plan.pk]))
    assert response.status_code == 302


def test_pledge_is_added_from_its_plan_and_assembled(world, client_for):
    plan = make_plan(world.units["plant-a-turning"], "month", D(1953, 5, 1), {})
    client = client_for("leader_a")
    for person, value in (("A-002", "300"), ("A-003", "250")):
        response = client.post(
            reverse("plans:pledge_add") + f"?plan={plan.pk}",
            {"person_ref": person, "made_on": "1953-04-28", "metric_pieces_produced": value},
        )
        assert response.status_code == 302, response.context["form"].errors
    duplicate = client.post(
        reverse("plans:pledge_add") + f"?plan={plan.pk}",
        {"person_ref": "A-002", "metric_pieces_produced": "1"},
    )
    assert duplicate.status_code == 400
    assert client.post(reverse("plans:plan_assemble", args=[plan.pk])).status_code == 302
    assert PlanTarget.objects.get(plan=plan).value == Decimal(550)
    # Pledge fulfilment at the period's end, from each person's own records.
    put([("plant-a-turning", "1953-05-04", "1", "pieces_produced", "A-002", "330")])
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "110.0%" in page


def test_conditions_of_pledge_and_group(world, client_for):
    plan = make_plan(world.units["plant-a-turning"], "month", D(1953, 5, 1), {})
    pledge = Pledge.objects.create(plan=plan, person=world.people["turner_a"])
    client = client_for("leader_a")
    response = client.post(
        reverse("plans:condition_add") + f"?pledge={pledge.pk}",
        {"category": "quality", "text": "No scrapped threads", "kept": "unknown"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("plans:condition_add") + f"?plan={plan.pk}",
        {"category": "safety", "text": "Guards on every lathe", "kept": "true"},
    )
    assert response.status_code == 302
    assert Condition.objects.get(pledge=pledge).plan == plan
    assert Condition.objects.get(pledge=None).kept is True
    assert (
        client_for("worker_a")
        .post(
            reverse("plans:condition_add") + f"?plan={plan.pk}", {"category": "study", "text": "x"}
        )
        .status_code
        == 403
    )
    assert client_for("leader_a").get(reverse("plans:condition_add")).status_code == 302


def test_targets_changed_meanwhile_are_not_overwritten(world, client_for):
    plan = make_plan(world.units["plant-a-turning"], "month", D(1959, 3, 1), {"steel_output": 10})
    url = reverse("plans:plan_targets", args=[plan.pk])
    token = client_for("manager_a").get(url).context["token"]
    client_for("leader_a").post(url, {"metric_steel_output": "20"})
    response = client_for("manager_a").post(url, {"token": token, "metric_steel_output": "30"})
    assert response.status_code == 409
    assert PlanTarget.objects.get().value == 20


def test_editing_a_condition_keeps_its_judgement(world, client_for):
    plan = make_plan(world.units["plant-a-turning"], "month", D(1953, 5, 1), {})
    condition = Condition.objects.create(plan=plan, category="safety", text="Guards", kept=True)
    url = reverse("plans:condition_edit", args=[condition.pk])
    page = client_for("leader_a").get(url)
    assert '<option value="true" selected>' in page.content.decode()
    client_for("leader_a").post(url, {"category": "safety", "text": "Guards on", "kept": "true"})
    condition.refresh_from_db()
    assert (condition.text, condition.kept) == ("Guards on", True)


@pytest.mark.parametrize("year", ["10000", "0", "-1", "1.5", "x"])
def test_plan_list_with_a_strange_year(world, client_for, year):
    assert client_for("worker_a").get(reverse("plans:plan_list"), {"year": year}).status_code in (
        200,
        400,
    )


def test_plan_start_far_in_the_future_is_refused(world, client_for):
    response = client_for("manager_a").post(
        reverse("plans:plan_add"),
        {"unit_ref": "plant-a-turning", "period_kind": "week", "start": "9999-12-31"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["start"]
