"""API of campaigns, problems, comments, key issues, fortress solutions and teams."""

import pytest

from gexin.core.testing import APIContract
from gexin.innovation.tests.factories import examples

pytestmark = pytest.mark.django_db


class InnovationAPI(APIContract):
    key = ""

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found[self.key], "out_of_scope": found[f"b_{self.key}"]}


class TestCampaignAPI(InnovationAPI):
    endpoint = "campaigns"
    key = "campaign"

    def valid_patch(self, world, obj):
        return {"goal": "Solve 106 key issues by 31 March"}

    def valid_create(self, world):
        return {
            "unit": "plant-a",
            "title": "April campaign",
            "starts_on": "2026-04-01",
            "ends_on": "2026-04-30",
        }


class TestProblemAPI(InnovationAPI):
    endpoint = "problems"
    key = "problem"

    def valid_patch(self, world, obj):
        return {"title": "Roll change takes four hours"}


class TestProblemCommentAPI(InnovationAPI):
    endpoint = "problem-comments"
    key = "comment"
    editor = "leader_a"

    def valid_patch(self, world, obj):
        return {"text": "Prepare the rolls on the previous shift"}


class TestKeyIssueAPI(InnovationAPI):
    endpoint = "key-issues"
    key = "keyissue"

    def valid_patch(self, world, obj):
        return {"priority": 1}

    def valid_create(self, world):
        return {
            "unit": "plant-a-turning",
            "campaign": examples(world)["campaign"].pk,
            "title": "Tool angle for the cooling pipes",
            "method": "group",
            "owner_unit": "plant-a-turning",
            "problems": [examples(world)["duplicate"].pk],
        }


class TestProposedSolutionAPI(InnovationAPI):
    endpoint = "proposed-solutions"
    key = "solution"
    editor = "leader_a"

    def valid_patch(self, world, obj):
        return {"text": "Pre-assemble the roll sets on a second stand"}


class TestResearchTeamAPI(InnovationAPI):
    endpoint = "research-teams"
    key = "team"

    def valid_patch(self, world, obj):
        return {"name": "Youth shock team"}

    def valid_create(self, world):
        return {"unit": "plant-a-turning", "name": "Second team", "kind": "youth_shock"}
