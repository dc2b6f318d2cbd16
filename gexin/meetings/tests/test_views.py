"""Pages of meetings, action items, proposals and deadlines: the shared contracts."""

import datetime

import pytest
from django.urls import reverse

from gexin.core.testing import ViewContract
from gexin.meetings.models import ActionItem, Proposal, ProposalDeadline
from gexin.meetings.tests.factories import examples, make_meeting, make_proposal

pytestmark = pytest.mark.django_db


class TestMeetingPages(ViewContract):
    app = "meetings"
    model_name = "meeting"

    def export_key(self, obj):
        return obj.unit.code

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["meeting"], "out_of_scope": found["b_meeting"]}

    def valid_edit(self, world, obj):
        return {
            "unit_ref": obj.unit.code,
            "kind": "weekly",
            "scheduled_at": "2026-06-13T17:30",
            "place": "Turning bay",
            "chair_ref": "A-001",
        }

    def invalid_edit(self, world, obj):
        return {"unit_ref": obj.unit.code, "kind": "weekly", "scheduled_at": "soon"}, "scheduled_at"


class TestActionItemPages(ViewContract):
    app = "meetings"
    model_name = "actionitem"

    def export_key(self, obj):
        return obj.unit.code

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["action"], "out_of_scope": found["b_action"]}

    def valid_edit(self, world, obj):
        return {"text": "Repair lathes 3 and 4", "status": "in_progress", "owner_ref": "A-003"}

    def invalid_edit(self, world, obj):
        return {"text": "", "status": "open"}, "text"


class TestProposalPages(ViewContract):
    app = "meetings"
    model_name = "proposal"

    def export_key(self, obj):
        return obj.unit.code

    # Every member may submit a proposal: creation is tested on its own below.
    has_create = False

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["proposal"], "out_of_scope": found["b_proposal"]}

    def valid_edit(self, world, obj):
        return {
            "unit_ref": obj.unit.code,
            "title": "Grind the tool to 8 degrees",
            "problem": obj.problem,
            "suggestion": obj.suggestion,
            "author_numbers": "A-002, A-003",
        }

    def invalid_edit(self, world, obj):
        return {"unit_ref": obj.unit.code, "title": "", "problem": "", "suggestion": "x"}, "title"


class TestProposalDeadlinePages(ViewContract):
    app = "meetings"
    model_name = "proposaldeadline"
    has_export = False

    def objects(self, world):
        return {
            "in_scope": ProposalDeadline.objects.create(
                unit=world.units["plant-a-turning"], days=3
            ),
            "out_of_scope": ProposalDeadline.objects.create(
                unit=world.units["plant-b-shift-1"], days=3
            ),
        }

    def valid_edit(self, world, obj):
        return {"unit_ref": obj.unit.code, "days": "5"}

    def invalid_edit(self, world, obj):
        return {"unit_ref": obj.unit.code, "days": "0"}, "days"


def test_any_member_submits_a_proposal_for_themselves(world, client_for):
    client = client_for("worker_a")
    form = client.get(reverse("meetings:proposal_add"))
    assert form.status_code == 200
    assert "author_numbers" not in form.context["form"].fields
    response = client.post(
        reverse("meetings:proposal_add"),
        {
            "unit_ref": "plant-a-turning",
            "title": "Coolant for the pipes",
            "problem": "100 pipes take 12 hours",
            "suggestion": "Use coolant and a new tool angle",
            "expected_benefit": "faster",
            "expected_value": "4.5",
            "expected_unit": "hours per 100 pipes",
            "coauthors": [world.people["turner_a"].pk],
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get(title="Coolant for the pipes")
    assert set(proposal.authors.all()) == {world.people["worker_a"], world.people["turner_a"]}
    assert proposal.submitted_by == world.users["worker_a"]
    assert proposal.holder == world.units["plant-a-turning"]
    assert proposal.due_on == datetime.date.today() + datetime.timedelta(days=7)


def test_a_proposal_needs_its_problem_and_a_measure_for_its_figure(world, client_for):
    response = client_for("worker_a").post(
        reverse("meetings:proposal_add"),
        {"unit_ref": "plant-a-turning", "title": "x", "expected_value": "3"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "problem" in errors and "suggestion" in errors and "expected_unit" in errors
    assert not Proposal.objects.filter(title="x").exists()


def test_outsiders_and_strangers_cannot_submit_in_plant_a(world, client_for):
    assert client_for("stranger").get(reverse("meetings:proposal_add")).status_code == 403
    response = client_for("worker_b").post(
        reverse("meetings:proposal_add"),
        {"unit_ref": "plant-a-turning", "title": "x", "problem": "p", "suggestion": "s"},
    )
    assert response.status_code == 400
    assert "unit_ref" in response.context["form"].errors


def test_a_disposed_proposal_cannot_be_edited(world, client_for):
    proposal = examples(world)["proposal"]
    proposal.dispose("solved", "Done in the group", world.users["leader_a"])
    response = client_for("manager_a").get(reverse("meetings:proposal_edit", args=[proposal.pk]))
    assert response.status_code == 403


def test_lists_filter_by_unit_and_status(world, client_for):
    found = examples(world)
    make_meeting(world.units["plant-a-machine"], datetime.date(2026, 1, 5), kind="daily")
    client = client_for("manager_a")
    response = client.get(reverse("meetings:meeting_list"), {"kind": "daily", "per_page": 100})
    assert [m.kind for m in response.context["page"].object_list] == ["daily"]
    response = client.get(reverse("meetings:actionitem_list"), {"status": "open"})
    assert found["action"] in response.context["page"].object_list
    response = client.get(reverse("meetings:proposal_list"), {"q": "tool angle"})
    assert list(response.context["page"].object_list) == [found["proposal"]]


def test_the_unit_panel_and_the_start_page_show_what_is_owed(world, client_for):
    found = examples(world)
    late = make_proposal(
        world.units["plant-a-turning"],
        [world.people["worker_a"]],
        title="Late one",
        submitted_on=datetime.date.today() - datetime.timedelta(days=30),
    )
    assert late.is_overdue()
    panel = client_for("worker_a").get(
        reverse("meetings:unit_panel", args=[world.units["plant-a-turning"].pk])
    )
    assert panel.status_code == 200
    body = panel.content.decode()
    assert "Late one" in body and found["action"].text in body
    home = client_for("leader_a").get(reverse("home")).content.decode()
    assert "Proposals awaiting your disposition" in home and "Late one" in home
    assert (
        client_for("worker_b")
        .get(reverse("meetings:unit_panel", args=[world.units["plant-a-turning"].pk]))
        .status_code
        == 404
    )


def test_an_action_item_added_for_a_meeting_takes_its_unit(world, client_for):
    meeting = examples(world)["meeting"]
    response = client_for("leader_a").post(
        reverse("meetings:actionitem_add") + f"?meeting={meeting.pk}",
        {"text": "Sharpen the tools", "status": "open", "owner_ref": "A-003"},
    )
    assert response.status_code == 302
    item = ActionItem.objects.get(text="Sharpen the tools")
    assert item.unit == meeting.unit and item.meeting == meeting


def test_an_exchange_conference_is_seen_by_its_guest_plants_without_their_hosts_figures(
    world, client_for
):
    conference = make_meeting(
        world.units["plant-a"], datetime.date.today(), kind="exchange_conference"
    )
    conference.guest_units.set([world.units["plant-b"]])
    guest = client_for("worker_b")
    listed = guest.get(reverse("meetings:meeting_list"), {"per_page": 100})
    assert conference in listed.context["page"].object_list
    page = guest.get(conference.get_absolute_url())
    assert page.status_code == 200
    assert "Plan fulfilment since the last meeting" not in page.content.decode()
    assert guest.get(reverse("meetings:meeting_edit", args=[conference.pk])).status_code == 403
    host = client_for("manager_a").get(conference.get_absolute_url())
    assert "Plan fulfilment since the last meeting" in host.content.decode()
