"""API of competitions, participants, conditions and eligibility gates."""

import pytest

from gexin.competitions.tests.factories import examples
from gexin.core.testing import APIContract

pytestmark = pytest.mark.django_db


class CompetitionsAPI(APIContract):
    key = ""

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found[self.key], "out_of_scope": found[f"b_{self.key}"]}


class TestCompetitionAPI(CompetitionsAPI):
    endpoint = "competitions"
    key = "competition"

    def valid_patch(self, world, obj):
        return {"description": "Quality first: the advanced help the backward"}

    def valid_create(self, world):
        return {
            "unit": "plant-a",
            "title": "Plant A shift competition",
            "starts_on": "2026-01-01",
            "ends_on": "2026-06-30",
            "frequency": "weekly",
            "participant_kind": "group",
        }


class TestParticipantAPI(CompetitionsAPI):
    endpoint = "participants"
    key = "participant"

    def valid_patch(self, world, obj):
        return {"is_active": False}


class TestCriterionAPI(CompetitionsAPI):
    endpoint = "competition-conditions"
    key = "criterion"

    def valid_patch(self, world, obj):
        return {"weight": "3.00"}

    def valid_create(self, world):
        return {
            "competition": examples(world)["competition"].pk,
            "metric": "qualified_rate",
            "weight": "1",
            "scoring": "rank",
        }


class TestEligibilityGateAPI(CompetitionsAPI):
    endpoint = "eligibility-conditions"
    key = "gate"

    def valid_patch(self, world, obj):
        return {"label": "No serious accident in the period"}


def test_a_participant_must_be_of_the_competitions_kind(world, api_for):
    competition = examples(world)["competition"]
    api = api_for("manager_a")
    response = api.post(
        "/api/v1/participants/",
        {"competition": competition.pk, "unit": "plant-a-machine"},
        format="json",
    )
    assert response.status_code == 400
    assert "kind" in str(response.json())
    response = api.post(
        "/api/v1/participants/",
        {"competition": competition.pk, "person": world.people["worker_a"].pk},
        format="json",
    )
    assert response.status_code == 400


def test_a_condition_needs_a_positive_weight_and_a_baseline_for_improvement(world, api_for):
    competition = examples(world)["competition"]
    api = api_for("manager_a")
    for body, field in (
        ({"metric": "qualified_rate", "weight": "0", "scoring": "rank"}, "weight"),
        ({"metric": "qualified_rate", "weight": "1", "scoring": "improvement"}, "baseline_start"),
        ({"metric": "pieces_produced", "weight": "1", "scoring": "rank"}, "metric"),
    ):
        response = api.post(
            "/api/v1/competition-conditions/",
            {"competition": competition.pk, **body},
            format="json",
        )
        assert response.status_code == 400
        assert field in response.json()
