"""The meetings API: a contract for every endpoint, the proposal workflow from submission to
award, the chair's sign-off, and changes to signed-off minutes."""

import datetime

import pytest

from gexin.core.models import ChangeRecord, Notification
from gexin.core.testing import APIContract
from gexin.meetings.models import Attendance, Meeting, MinuteEntry, Proposal, ProposalDeadline
from gexin.meetings.tests.factories import examples, make_meeting
from gexin.plans.tests.factories import put

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def plant_b_part(world, model, **fields):
    """A part of plant B's example meeting, made once."""
    meeting = examples(world)["b_meeting"]
    return model.objects.get_or_create(meeting=meeting, **fields)[0]


class TestMeetingAPI(APIContract):
    endpoint = "meetings"
    viewer = "worker_a"
    editor = "leader_a"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["meeting"], "out_of_scope": found["b_meeting"]}

    def valid_patch(self, world, obj):
        return {"title": "Settle the lathe rota"}

    def valid_create(self, world):
        return {
            "unit": "plant-a-turning",
            "kind": "daily",
            "scheduled_at": f"{TODAY.isoformat()}T07:30:00",
            "place": "Lathe bay",
            "chair": world.people["leader_a"].pk,
            "invitees": [world.people["turner_a"].pk],
        }


class TestAgendaItemAPI(APIContract):
    endpoint = "agenda-items"
    viewer = "worker_a"
    editor = "leader_a"

    def objects(self, world):
        found = examples(world)
        return {
            "in_scope": found["agendaitem"],
            "out_of_scope": found["b_meeting"].agenda_items.get(),
        }

    def valid_patch(self, world, obj):
        return {"outcome": "Rota agreed for the month"}

    def valid_create(self, world):
        return {"meeting": examples(world)["meeting"].pk, "position": 2, "title": "Tool grinding"}


class TestAttendanceAPI(APIContract):
    endpoint = "attendance"
    viewer = "worker_a"
    editor = "leader_a"

    def objects(self, world):
        return {
            "in_scope": examples(world)["attendance"],
            "out_of_scope": plant_b_part(world, Attendance, person=world.people["roller_b"]),
        }

    def valid_patch(self, world, obj):
        return {"status": "absent", "reason": "On sick leave"}

    def valid_create(self, world):
        return {"meeting": examples(world)["meeting"].pk, "person": world.people["turner_a"].pk}


class TestMinuteEntryAPI(APIContract):
    endpoint = "minute-entries"
    viewer = "worker_a"
    editor = "leader_a"

    def objects(self, world):
        return {
            "in_scope": examples(world)["entry"],
            "out_of_scope": plant_b_part(world, MinuteEntry, kind="decision", text="Roll on"),
        }

    def valid_patch(self, world, obj):
        return {"text": "Finished the pipes two days early"}

    def valid_create(self, world):
        return {
            "meeting": examples(world)["meeting"].pk,
            "kind": "decision",
            "text": "Grind the tools before each shift",
        }


class TestActionItemAPI(APIContract):
    endpoint = "action-items"
    viewer = "worker_a"
    editor = "leader_a"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["action"], "out_of_scope": found["b_action"]}

    def valid_patch(self, world, obj):
        return {"status": "done", "outcome": "Lathe 4 runs again"}

    def valid_create(self, world):
        return {
            "unit": "plant-a-turning",
            "text": "Oil the lathes",
            "owner": world.people["turner_a"].pk,
            "due_on": (TODAY + datetime.timedelta(days=2)).isoformat(),
        }


class TestProposalAPI(APIContract):
    """Every member may submit a proposal, so creation is tested on its own below."""

    endpoint = "proposals"
    viewer = "worker_a"
    editor = "leader_a"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["proposal"], "out_of_scope": found["b_proposal"]}

    def valid_patch(self, world, obj):
        return {"title": "Grind the tool at twelve degrees"}


class TestProposalDeadlineAPI(APIContract):
    """The example deadline is plant A's, which the group's worker cannot see: theirs is used."""

    endpoint = "proposal-deadlines"
    viewer = "worker_a"
    editor = "manager_a"

    def objects(self, world):
        group = ProposalDeadline.objects.get_or_create(
            unit=world.units["plant-a-turning"], defaults={"days": 5}
        )[0]
        return {"in_scope": group, "out_of_scope": examples(world)["b_deadline"]}

    def valid_patch(self, world, obj):
        return {"days": 12}

    def valid_create(self, world):
        return {"unit": "plant-a-machine", "days": 20}


# Proposals.


def bodies_for(world, username):
    user = world.users[username]
    return list(
        Notification.objects.filter(recipient=user).order_by("pk").values_list("body", flat=True)
    )


def test_a_proposal_goes_from_submission_through_escalation_to_award(world, api_for):
    for name in ("worker_a", "leader_a"):
        world.users[name].language = "en"
        world.users[name].save()
    worker, leader, manager = api_for("worker_a"), api_for("leader_a"), api_for("manager_a")

    submitted = worker.post(
        "/api/v1/proposals/",
        {
            "title": "Grind the tool to a new angle",
            "problem": "A cooling-machine pipe takes 12 hours.",
            "suggestion": "Change the tool angle and use coolant.",
            "authors": [world.people["worker_a"].pk],
        },
    )
    assert submitted.status_code == 201, submitted.json()
    proposal = submitted.json()
    assert (proposal["unit"], proposal["holder"], proposal["status"]) == (
        "plant-a-turning",
        "plant-a-turning",
        "submitted",
    )
    assert proposal["submitted_by"] == "worker_a"
    assert proposal["due_on"] and proposal["is_overdue"] is False
    url = f"/api/v1/proposals/{proposal['id']}/"
    # The group leader owes the disposition and is told so.
    assert "owes a disposition" in bodies_for(world, "leader_a")[-1]

    assert worker.post(url + "dispose/", {"kind": "solved", "note": "Done"}).status_code == 403
    escalated = leader.post(
        url + "dispose/",
        {"kind": "escalated", "note": "Needs the workshop's grinder", "to_unit": "plant-a-machine"},
    )
    assert escalated.status_code == 200, escalated.json()
    assert (escalated.json()["status"], escalated.json()["holder"]) == (
        "escalated",
        "plant-a-machine",
    )
    # The workshop holds it now: the group leader's right ends at the group.
    assert leader.post(url + "dispose/", {"kind": "solved", "note": "Done"}).status_code == 403
    assert leader.get(url).status_code == 200

    adopted = manager.post(
        url + "dispose/", {"kind": "solved", "note": "Grinder set up in the workshop"}
    )
    assert adopted.json()["status"] == "adopted"
    refused = manager.post(url + "award/", {"award": "Certificate of merit"})
    assert refused.status_code == 400
    assert "once the proposal is implemented" in str(refused.json())

    implemented = manager.post(
        url + "implement/", {"implemented_on": TODAY.isoformat(), "note": "New angle on lathe 4"}
    )
    assert implemented.json()["status"] == "implemented", implemented.json()
    measured = manager.post(
        url + "measure/",
        {"before": "12", "after": "4", "measured_in": "hours per pipe", "saving": "1500"},
    )
    assert measured.json()["status"] == "measured", measured.json()
    assert (measured.json()["benefit_before"], measured.json()["annual_saving"]) == (
        "12.000",
        "1500.00",
    )
    awarded = manager.post(url + "award/", {"award": "Certificate and 20 yuan", "amount": "20"})
    assert awarded.status_code == 200, awarded.json()
    final = awarded.json()
    assert (final["status"], final["award"], final["award_amount"]) == (
        "awarded",
        "Certificate and 20 yuan",
        "20.00",
    )
    assert [(d["unit"], d["kind"], d["to_unit"]) for d in final["dispositions"]] == [
        ("plant-a-turning", "escalated", "plant-a-machine"),
        ("plant-a-machine", "solved", None),
    ]
    assert final["dispositions"][1]["decided_by"] == "manager_a"

    told = bodies_for(world, "worker_a")
    assert len(told) == 6
    for body, words in zip(
        told,
        [
            "was received by",
            "was passed up to",
            "was adopted by",
            "has been implemented",
            "has been measured",
            "has been awarded: Certificate and 20 yuan",
        ],
        strict=True,
    ):
        assert words in body


def test_a_step_the_workflow_refuses_is_a_400_with_its_reason(world, api_for):
    proposal = examples(world)["proposal"]
    url = f"/api/v1/proposals/{proposal.pk}/"
    leader = api_for("leader_a")
    no_target = leader.post(url + "dispose/", {"kind": "escalated", "note": "Too big for us"})
    assert no_target.status_code == 400
    assert "Name the higher unit" in str(no_target.json())
    sideways = leader.post(
        url + "dispose/", {"kind": "escalated", "note": "Too big", "to_unit": "plant-b"}
    )
    assert sideways.status_code == 400
    assert "only be passed up to a unit above" in str(sideways.json())
    unexplained = leader.post(url + "dispose/", {"kind": "not_adopted", "note": " "})
    assert unexplained.status_code == 400
    assert leader.post(url + "implement/", {"note": "Early"}).status_code == 400
    # Awarding needs its own right, which a group leader does not hold.
    assert leader.post(url + "award/", {"award": "Praise"}).status_code == 403
    proposal.refresh_from_db()
    assert (proposal.status, proposal.dispositions.count()) == ("submitted", 0)


def test_a_proposal_is_changed_only_while_it_awaits_its_disposition(world, api_for):
    proposal = examples(world)["proposal"]
    url = f"/api/v1/proposals/{proposal.pk}/"
    leader = api_for("leader_a")
    assert leader.patch(url, {"status": "awarded", "award": "Gold"}).status_code == 200
    proposal.refresh_from_db()
    assert (proposal.status, proposal.award) == ("submitted", "")
    moved = leader.patch(url, {"unit": "plant-a-machine"})
    assert moved.status_code == 400
    assert "unit" in moved.json()

    proposal.dispose("not_adopted", "The angle is already standard", world.users["leader_a"])
    refused = leader.patch(url, {"title": "Another title"})
    assert refused.status_code == 400
    assert "only while it awaits" in str(refused.json())


def test_a_proposal_is_submitted_by_authors_the_caller_can_see(world, api_for):
    body = {"title": "Coolant", "problem": "Hot tools", "suggestion": "Cool them"}
    outsider = api_for("worker_b")
    foreign_author = outsider.post(
        "/api/v1/proposals/", {**body, "authors": [world.people["worker_a"].pk]}
    )
    assert foreign_author.status_code == 400
    assert "authors" in foreign_author.json()
    foreign_unit = outsider.post(
        "/api/v1/proposals/",
        {**body, "authors": [world.people["worker_b"].pk], "unit": "plant-a-turning"},
    )
    assert foreign_unit.status_code == 400
    assert "unit" in foreign_unit.json()
    no_author = api_for("worker_a").post("/api/v1/proposals/", {**body, "authors": []})
    assert no_author.status_code == 400
    assert "authors" in no_author.json()
    nobody = api_for("stranger").post(
        "/api/v1/proposals/", {**body, "authors": [world.people["worker_a"].pk]}
    )
    assert nobody.status_code == 403
    assert not Proposal.objects.filter(title="Coolant").exists()


def test_workflow_actions_do_not_exist_for_outsiders(world, api_for):
    found = examples(world)
    outsider = api_for("worker_b")
    meeting = f"/api/v1/meetings/{found['meeting'].pk}/"
    proposal = f"/api/v1/proposals/{found['proposal'].pk}/"
    for url in [meeting + step for step in ("publish/", "held/", "sign-off/", "cancel/")] + [
        proposal + step for step in ("dispose/", "implement/", "measure/", "award/")
    ]:
        assert outsider.get(url).status_code == 404, url
        assert outsider.post(url, {}).status_code == 404, url
    assert outsider.get(meeting + "agenda/").status_code == 404
    assert api_for(None).get(meeting + "agenda/").status_code == 401


# Meetings and their minutes.


def test_the_meeting_moves_on_and_only_its_chair_signs_off(world, api_for):
    meeting = examples(world)["meeting"]
    url = f"/api/v1/meetings/{meeting.pk}/"
    manager, leader = api_for("manager_a"), api_for("leader_a")
    assert api_for("worker_a").post(url + "publish/").status_code == 403
    assert manager.get(url + "publish/").json()["status"] == "scheduled"
    published = manager.post(url + "publish/")
    assert published.json()["status"] == "published"
    assert published.json()["agenda_published_at"]
    assert Notification.objects.filter(
        recipient=world.users["worker_a"], subject__startswith="Agenda"
    ).exists()
    early = leader.post(url + "sign-off/")
    assert early.status_code == 400
    assert "held meeting" in str(early.json())

    assert manager.post(url + "held/").json()["status"] == "held"
    not_chair = manager.post(url + "sign-off/")
    assert not_chair.status_code == 403
    assert "Only the chair" in not_chair.json()["detail"]
    signed = leader.post(url + "sign-off/")
    assert signed.status_code == 200, signed.json()
    assert (signed.json()["status"], signed.json()["signed_off_by"]) == ("signed_off", "leader_a")
    cancelled = manager.post(url + "cancel/")
    assert cancelled.status_code == 400
    assert Meeting.objects.get(pk=meeting.pk).status == "signed_off"


def sign_off(world, meeting):
    chair = world.users["leader_a"]
    meeting.mark_held(by=chair)
    meeting.sign_off(by=chair)


def test_signed_off_minutes_change_only_with_a_reason(world, api_for):
    found = examples(world)
    meeting = found["meeting"]
    sign_off(world, meeting)
    leader = api_for("leader_a")
    url = f"/api/v1/meetings/{meeting.pk}/"

    refused = leader.patch(url, {"summary": "Output was 1,200 pieces"})
    assert refused.status_code == 400
    assert "signed off" in refused.json()["reason"][0]
    saved = leader.patch(
        url, {"summary": "Output was 1,200 pieces", "reason": "Typo in the output figure"}
    )
    assert saved.status_code == 200
    record = ChangeRecord.for_object(meeting).first()
    assert (record.reason, record.actor) == ("Typo in the output figure", world.users["leader_a"])
    assert record.changes["summary"][1] == "Output was 1,200 pieces"

    item = f"/api/v1/agenda-items/{found['agendaitem'].pk}/"
    assert leader.patch(item, {"outcome": "Agreed"}).status_code == 400
    by_header = leader.patch(
        item, {"outcome": "Agreed"}, HTTP_X_CHANGE_REASON="Outcome left out by mistake"
    )
    assert by_header.status_code == 200
    assert ChangeRecord.for_object(found["agendaitem"]).first().reason == (
        "Outcome left out by mistake"
    )

    # For attendance `reason` is the absence's; the change reason is `change_reason`.
    attendance = f"/api/v1/attendance/{found['attendance'].pk}/"
    absent = {"status": "absent", "reason": "Sick"}
    assert "change_reason" in leader.patch(attendance, absent).json()
    assert leader.patch(attendance, {**absent, "change_reason": "Late note"}).status_code == 200
    assert leader.delete(attendance).status_code == 400
    added = leader.post(
        "/api/v1/attendance/", {"meeting": meeting.pk, "person": world.people["turner_a"].pk}
    )
    assert added.status_code == 400

    # Working on an action item is follow-up; deleting one the minutes decided is not.
    action = f"/api/v1/action-items/{found['action'].pk}/"
    assert leader.patch(action, {"status": "done"}).status_code == 200
    assert leader.delete(action).status_code == 400
    entry = f"/api/v1/minute-entries/{found['entry'].pk}/"
    assert leader.delete(entry, {"reason": "Entered twice"}).status_code == 204
    (deleted,) = ChangeRecord.objects.filter(reason="Entered twice")
    assert (deleted.object_id, deleted.kind) == (str(found["entry"].pk), "delete")


def test_absence_needs_its_reason(world, api_for):
    attendance = examples(world)["attendance"]
    url = f"/api/v1/attendance/{attendance.pk}/"
    response = api_for("leader_a").patch(url, {"status": "absent"})
    assert response.status_code == 400
    assert "reason" in response.json()


def test_the_agenda_is_prepared_from_records_and_open_work(world, api_for):
    found = examples(world)
    unit = world.units["plant-a-turning"]
    yesterday = TODAY - datetime.timedelta(days=1)
    put([("plant-a-turning", yesterday.isoformat(), "", "pieces_produced", "", "120")])
    meeting = make_meeting(unit, TODAY + datetime.timedelta(days=1), chair=world.people["leader_a"])
    meeting.guest_units.add(world.units["plant-b-shift-1"])
    url = f"/api/v1/meetings/{meeting.pk}/agenda/"

    agenda = api_for("worker_a").get(url)
    assert agenda.status_code == 200
    data = agenda.json()
    assert data["review_start"] == found["meeting"].day.isoformat()
    lines = {line["metric"]: line for line in data["fulfilment_lines"]}
    assert lines["pieces_produced"]["actual"] == 120.0
    assert [p["id"] for p in data["open_proposals"]] == [found["proposal"].pk]
    assert [a["id"] for a in data["carried_actions"]] == [found["action"].pk]

    # A guest unit sees the meeting, not the host's figures or proposals.
    guest = api_for("worker_b").get(url)
    assert guest.status_code == 200
    assert (guest.json()["fulfilment_lines"], guest.json()["open_proposals"]) == ([], [])


def test_lists_filter_by_unit_subtree_status_and_dates(world, api_for):
    found = examples(world)
    admin = api_for("admin")

    def ids(endpoint, **params):
        response = admin.get(f"/api/v1/{endpoint}/", params)
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    assert ids("meetings", unit="plant-a") == {found["meeting"].pk}
    assert ids("meetings", status="signed_off") == set()
    day = found["meeting"].day.isoformat()
    assert found["meeting"].pk in ids("meetings", start=day, end=day)
    assert ids("proposals", unit="plant-b", q="B") == {found["b_proposal"].pk}
    assert ids("proposals", author=world.people["worker_a"].pk) == {found["proposal"].pk}
    assert ids("action-items", unit="plant-a", is_open="true") == {found["action"].pk}
    assert ids("proposal-deadlines", unit="plant-a") == {found["deadline"].pk}
    assert admin.get("/api/v1/proposals/", {"status": "nonsense"}).status_code == 400


def test_parts_are_added_to_meetings_the_caller_may_change(world, api_for):
    found = examples(world)
    leader = api_for("leader_a")
    elsewhere = leader.post(
        "/api/v1/agenda-items/", {"meeting": found["b_meeting"].pk, "title": "Spy on B"}
    )
    assert elsewhere.status_code == 400
    assert "meeting" in elsewhere.json()
    other_meeting = make_meeting(world.units["plant-a-turning"], TODAY, items=("Safety",))
    mixed = leader.post(
        "/api/v1/minute-entries/",
        {
            "meeting": found["meeting"].pk,
            "agenda_item": other_meeting.agenda_items.get().pk,
            "kind": "decision",
            "text": "Wear goggles",
        },
    )
    assert mixed.status_code == 400
    assert "agenda_item" in mixed.json()
    twice = leader.post(
        "/api/v1/attendance/",
        {"meeting": found["meeting"].pk, "person": world.people["worker_a"].pk},
    )
    assert twice.status_code == 400
    action = leader.post(
        "/api/v1/action-items/", {"meeting": found["meeting"].pk, "text": "Sharpen the tools"}
    )
    assert action.status_code == 201, action.json()
    assert action.json()["unit"] == "plant-a-turning"
