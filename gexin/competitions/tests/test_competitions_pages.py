"""Pages of competitions, and their participants, conditions and gates."""

import pytest
from django.urls import reverse

from gexin.competitions.models import Criterion, EligibilityGate, Participant
from gexin.competitions.tests.factories import examples
from gexin.core.testing import ViewContract

pytestmark = pytest.mark.django_db


class TestCompetitionPages(ViewContract):
    app = "competitions"
    model_name = "competition"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["competition"], "out_of_scope": found["b_competition"]}

    def export_key(self, obj):
        return obj.title

    def valid_edit(self, world, obj):
        return {
            "unit_ref": "plant-a",
            "title": "Plant A quality competition",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "frequency": "monthly",
            "participant_kind": "group",
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["ends_on"] = "2025-12-01"
        return data, "ends_on"


def test_a_member_of_a_participant_sees_the_competition_of_the_plant(world, client_for):
    competition = examples(world)["competition"]
    assert client_for("worker_a").get(competition.get_absolute_url()).status_code == 200
    listed = client_for("worker_a").get(reverse("competitions:competition_list"))
    assert competition.title in listed.content.decode()
    assert client_for("worker_b").get(competition.get_absolute_url()).status_code == 404


def test_a_manager_adds_conditions_a_gate_and_participants_of_the_right_kind(world, client_for):
    from gexin.org.models import Unit
    from gexin.org.tests.factories import UnitFactory

    competition = examples(world)["competition"]
    manager = client_for("manager_a")
    add = reverse("competitions:criterion_add") + f"?competition={competition.pk}"
    response = manager.post(
        add, {"metric": _metric("qualified_rate"), "weight": "0", "scoring": "fulfilment"}
    )
    assert response.status_code == 400
    assert "greater than zero" in str(response.context["form"].errors["weight"])
    response = manager.post(
        add, {"metric": _metric("qualified_rate"), "weight": "1.5", "scoring": "improvement"}
    )
    assert "baseline period" in str(response.context["form"].errors["baseline_start"])
    response = manager.post(
        add,
        {
            "metric": _metric("qualified_rate"),
            "weight": "1.5",
            "scoring": "improvement",
            "baseline_start": "2026-01-01",
            "baseline_end": "2026-01-31",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == competition.get_absolute_url()
    assert Criterion.objects.filter(competition=competition, metric__code="qualified_rate").exists()

    response = manager.post(
        reverse("competitions:eligibilitygate_add") + f"?competition={competition.pk}",
        {
            "label": "Qualified rate not below 98%",
            "metric": _metric("qualified_rate"),
            "operator": "at_least",
            "threshold": "98",
        },
    )
    assert response.status_code == 302
    assert EligibilityGate.objects.filter(competition=competition).count() == 2

    add_participant = reverse("competitions:participant_add") + f"?competition={competition.pk}"
    # A workshop is not a union group: it is not among the units to choose from.
    response = manager.post(add_participant, {"unit_ref": "plant-a-machine", "is_active": "on"})
    assert response.status_code == 400
    response = manager.post(add_participant, {"unit_ref": "plant-a-turning", "is_active": "on"})
    assert "already takes part" in str(response.context["form"].errors["unit_ref"])
    second = UnitFactory(
        parent=Unit.objects.get(code="plant-a-machine"),
        code="plant-a-milling",
        name="Milling group",
        kind="union_group",
    )
    response = manager.post(add_participant, {"unit_ref": second.code, "is_active": "on"})
    assert response.status_code == 302, response.context["form"].errors
    assert Participant.objects.filter(competition=competition).count() == 2
    page = manager.get(competition.get_absolute_url()).content.decode()
    assert "Milling group" in page and "Qualified rate not below 98%" in page


def test_a_worker_cannot_change_the_conditions(world, client_for):
    found = examples(world)
    worker = client_for("worker_a")
    assert (
        worker.get(reverse("competitions:criterion_edit", args=[found["criterion"].pk])).status_code
        == 403
    )
    assert (
        worker.post(
            reverse("competitions:participant_delete", args=[found["participant"].pk])
        ).status_code
        == 403
    )
    add = reverse("competitions:criterion_add") + f"?competition={found['competition'].pk}"
    assert worker.get(add).status_code == 403


def _metric(code):
    from gexin.plans.models import Metric

    return Metric.objects.get(code=code).pk
