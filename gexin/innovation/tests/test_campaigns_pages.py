"""Pages of campaigns, problems, key issues and research teams: the shared contracts."""

import pytest

from gexin.core.testing import ViewContract
from gexin.innovation.tests.factories import examples

pytestmark = pytest.mark.django_db


class InnovationPages(ViewContract):
    app = "innovation"
    key = ""

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found[self.key], "out_of_scope": found[f"b_{self.key}"]}


class TestCampaignPages(InnovationPages):
    model_name = "campaign"
    key = "campaign"

    def export_key(self, obj):
        return obj.title

    def valid_edit(self, world, obj):
        return {
            "unit_ref": "plant-a",
            "title": "Plant A March campaign",
            "goal": "433 problems",
            "starts_on": "2026-03-01",
            "ends_on": "2026-03-31",
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["ends_on"] = "2026-02-01"
        return data, "ends_on"


class TestProblemPages(InnovationPages):
    model_name = "problem"
    key = "problem"
    # Everyone may post a problem; posting is tested in test_campaigns_workflow.py.
    has_create = False

    def export_key(self, obj):
        return obj.title

    def valid_edit(self, world, obj):
        return {
            "campaign": obj.campaign_id,
            "unit_ref": obj.unit.code,
            "title": "Roll change takes four hours",
            "description": "The mill stands still while the rolls are changed.",
            "category": "equipment",
            "posted_on": obj.posted_on.isoformat(),
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["description"] = ""
        return data, "description"


class TestKeyIssuePages(InnovationPages):
    model_name = "keyissue"
    key = "keyissue"

    def export_key(self, obj):
        return obj.title

    def valid_edit(self, world, obj):
        return {
            "campaign": obj.campaign_id,
            "problem_ids": str(examples(world)["problem"].pk),
            "unit_ref": obj.unit.code,
            "title": "Fast roll change for the medium mill",
            "priority": "1",
            "method": "unit",
            "owner_unit_ref": "plant-a-machine",
            "ranked_on": obj.ranked_on.isoformat(),
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["method"] = "research"
        return data, "owner_team"


class TestResearchTeamPages(InnovationPages):
    model_name = "researchteam"
    key = "team"

    def export_key(self, obj):
        return obj.name

    def valid_edit(self, world, obj):
        return {
            "campaign": obj.campaign_id,
            "unit_ref": obj.unit.code,
            "name": "Veterans' vanguard team",
            "kind": "veterans",
            "leader_number": world.people["leader_a"].employee_number,
            "member_numbers": world.people["turner_a"].employee_number,
            "formed_on": "2026-03-02",
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["member_numbers"] = "NOBODY-1"
        return data, "member_numbers"
