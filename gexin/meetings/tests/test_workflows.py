"""The meeting and proposal workflows through the pages, as a group leader and members use them."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from gexin.core.models import ChangeRecord, Notification
from gexin.meetings.choices import MeetingStatus, ProposalStatus
from gexin.meetings.models import ActionItem, Attendance, Meeting, MinuteEntry, Proposal
from gexin.meetings.tests.factories import make_meeting, make_proposal
from gexin.plans.tests.factories import make_plan, put

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def notes_for(world, username):
    return list(Notification.objects.filter(recipient=world.users[username]).order_by("pk"))


def test_a_leader_schedules_a_weekly_meeting_and_members_get_its_agenda_with_figures(
    world, client_for, django_capture_on_commit_callbacks
):
    unit = world.units["plant-a-turning"]
    worker = world.users["worker_a"]
    worker.email = "worker@example.org"
    worker.save()
    make_plan(unit, "day", days_ago(1), {"pieces_produced": 200})
    put([("plant-a-turning", days_ago(1).isoformat(), "1", "pieces_produced", "", "187")])
    leader = client_for("leader_a")
    response = leader.post(
        reverse("meetings:meeting_add"),
        {
            "unit_ref": "plant-a-turning",
            "kind": "weekly",
            "title": "The quality quota",
            "scheduled_at": f"{(TODAY + datetime.timedelta(days=1)).isoformat()}T17:30",
            "place": "Turning bay",
            "chair_ref": "A-001",
            "agenda": "Review the week's plan\nThe quality quota\n",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    meeting = Meeting.objects.get(title="The quality quota")
    assert [item.title for item in meeting.agenda_items.all()] == [
        "Review the week's plan",
        "The quality quota",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        published = leader.post(reverse("meetings:meeting_publish", args=[meeting.pk]))
    assert published.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PUBLISHED
    [note] = notes_for(world, "worker_a")
    assert "The quality quota" in note.body and note.url == meeting.get_absolute_url()
    assert [m.to for m in mail.outbox] == [["worker@example.org"]]
    assert "The quality quota" in mail.outbox[0].body
    # The leader who published is not told of their own act.
    assert notes_for(world, "leader_a") == []
    page = client_for("worker_a").get(meeting.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert "Plan fulfilment since the last meeting" in body
    assert "187" in body and "93.5%" in body


def test_the_agenda_cannot_be_published_empty_and_a_held_meeting_cannot_be_cancelled(
    world, client_for
):
    meeting = make_meeting(world.units["plant-a-turning"], TODAY, items=())
    leader = client_for("leader_a")
    response = leader.post(reverse("meetings:meeting_publish", args=[meeting.pk]), follow=True)
    assert "Add at least one agenda item" in response.content.decode()
    leader.post(reverse("meetings:meeting_held", args=[meeting.pk]))
    response = leader.post(reverse("meetings:meeting_cancel", args=[meeting.pk]), follow=True)
    assert "cannot be cancelled" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD


def minutes_data(meeting, world, **extra):
    people = list(meeting.members().order_by("name"))
    data = {
        "attendance-TOTAL_FORMS": str(len(people)),
        "attendance-INITIAL_FORMS": str(len(people)),
        "entry-kind": "praise",
        "entry-text": "",
        "action-text": "",
        "summary": "Agreed the quota.",
    }
    for index, person in enumerate(people):
        data[f"attendance-{index}-person_id"] = str(person.pk)
        data[f"attendance-{index}-status"] = "present"
        data[f"attendance-{index}-reason"] = ""
    data.update(extra)
    return data, people


def test_minutes_are_taken_signed_off_and_an_open_action_carries_forward(world, client_for):
    unit = world.units["plant-a-turning"]
    meeting = make_meeting(unit, days_ago(7), chair=world.people["leader_a"])
    leader = client_for("leader_a")
    # Minutes wait until the meeting is held.
    early = leader.get(reverse("meetings:meeting_minutes", args=[meeting.pk]))
    assert early.status_code == 302
    leader.post(reverse("meetings:meeting_held", args=[meeting.pk]))
    form = leader.get(reverse("meetings:meeting_minutes", args=[meeting.pk]))
    assert form.status_code == 200
    data, people = minutes_data(meeting, world)
    absent = people.index(world.people["turner_a"])
    data[f"attendance-{absent}-status"] = "absent"
    refused = leader.post(reverse("meetings:meeting_minutes", args=[meeting.pk]), data)
    assert refused.status_code == 400
    assert "Give the reason for the absence." in refused.content.decode()
    assert not Attendance.objects.filter(meeting=meeting).exists()
    data[f"attendance-{absent}-reason"] = "ill"
    data.update(
        {
            "entry-kind": "praise",
            "entry-text": "Finished 100 pipes in 7.5 hours",
            "entry-person": str(world.people["worker_a"].pk),
            "entry-is_typical": "on",
            "action-text": "Repair lathe 4",
            "action-owner": str(world.people["turner_a"].pk),
            "action-due_on": days_ago(3).isoformat(),
        }
    )
    saved = leader.post(reverse("meetings:meeting_minutes", args=[meeting.pk]), data)
    assert saved.status_code == 302
    assert Attendance.objects.get(meeting=meeting, person=world.people["turner_a"]).reason == "ill"
    assert MinuteEntry.objects.get(meeting=meeting).is_typical
    action = ActionItem.objects.get(text="Repair lathe 4")
    assert action.unit == unit and action.meeting == meeting

    # Only the chair signs off.
    client_for("manager_a").post(reverse("meetings:meeting_sign_off", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    leader.post(reverse("meetings:meeting_sign_off", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SIGNED_OFF
    assert meeting.signed_off_by == world.users["leader_a"]

    # The action left open is on the next meeting's agenda.
    following = make_meeting(unit, TODAY, chair=world.people["leader_a"])
    page = client_for("worker_a").get(following.get_absolute_url()).content.decode()
    assert "Repair lathe 4" in page and "overdue" in page
    action.status = "done"
    action.save()
    later = make_meeting(unit, TODAY + datetime.timedelta(days=7))
    assert list(later.carried_action_items()) == []
    # …but the meeting held before it was closed still shows it as it stood then.
    assert list(following.carried_action_items()) == [action]


def test_signed_off_minutes_change_only_with_a_reason_kept_in_the_history(world, client_for):
    meeting = make_meeting(
        world.units["plant-a-turning"], days_ago(2), chair=world.people["leader_a"]
    )
    entry = MinuteEntry.objects.create(meeting=meeting, kind="decision", text="Quota 96%")
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.SIGNED_OFF)
    leader = client_for("leader_a")
    url = reverse("meetings:minuteentry_edit", args=[entry.pk])
    version = leader.get(url).context["meta_form"]["version"].value()
    data = {"kind": "decision", "text": "Quota 97%", "version": version}
    refused = leader.post(url, data)
    assert refused.status_code == 400
    assert refused.context["meta_form"].errors["reason"]
    entry.refresh_from_db()
    assert entry.text == "Quota 96%"
    accepted = leader.post(url, {**data, "reason": "typing error: the meeting agreed 97%"})
    assert accepted.status_code == 302
    record = ChangeRecord.for_object(entry).first()
    assert record.reason == "typing error: the meeting agreed 97%"
    assert record.actor == world.users["leader_a"]
    assert record.changes["text"] == ["Quota 96%", "Quota 97%"]
    # Deleting a part of signed-off minutes needs a reason too.
    delete_url = reverse("meetings:minuteentry_delete", args=[entry.pk])
    assert leader.post(delete_url, {}).status_code == 400
    assert leader.post(delete_url, {"reason": "duplicate"}).status_code == 302
    assert not MinuteEntry.objects.filter(pk=entry.pk).exists()


def test_a_proposal_goes_from_submission_to_award_with_the_authors_told(world, client_for):
    worker = client_for("worker_a")
    response = worker.post(
        reverse("meetings:proposal_add"),
        {
            "unit_ref": "plant-a-turning",
            "title": "Repair the four bad lathes",
            "problem": "Four lathes are worn; the quota cannot be met on them",
            "suggestion": "Overhaul them in the workshop's maintenance bay",
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get(title="Repair the four bad lathes")
    leader_notes = notes_for(world, "leader_a")
    assert [n.subject for n in leader_notes] == [
        "A proposal awaits your disposition: Repair the four bad lathes"
    ]
    leader = client_for("leader_a")
    escalated = leader.post(
        reverse("meetings:proposal_dispose", args=[proposal.pk]),
        {
            "kind": "escalated",
            "note": "Needs the workshop's maintenance bay",
            "to_unit": world.units["plant-a-machine"].pk,
            "decided_on": TODAY.isoformat(),
        },
    )
    assert escalated.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ESCALATED
    assert proposal.holder == world.units["plant-a-machine"]
    # The workshop has no leader of its own: the plant's manager answers for it and is told.
    assert [n.subject for n in notes_for(world, "manager_a")] == [
        "A proposal awaits your disposition: Repair the four bad lathes"
    ]
    # The group may not answer for the workshop.
    assert leader.get(reverse("meetings:proposal_dispose", args=[proposal.pk])).status_code == 403
    manager = client_for("manager_a")
    # An award before the proposal is carried out is refused with the reason.
    premature = manager.post(
        reverse("meetings:proposal_award", args=[proposal.pk]),
        {"award": "Certificate", "awarded_on": TODAY.isoformat()},
    )
    assert premature.status_code == 400
    assert "An award is given once the proposal is implemented" in premature.content.decode()
    steps = [
        ("proposal_dispose", {"kind": "solved", "note": "Adopted: overhaul in June"}),
        ("proposal_implement", {"implemented_on": TODAY.isoformat(), "note": "Lathes overhauled"}),
        (
            "proposal_measure",
            {
                "before": "12",
                "after": "7.5",
                "measured_in": "hours per 100 pipes",
                "saving": "1200",
                "measured_on": TODAY.isoformat(),
            },
        ),
        ("proposal_award", {"award": "Certificate of merit", "amount": "20"}),
    ]
    for name, data in steps:
        data = {"decided_on": TODAY.isoformat(), "awarded_on": TODAY.isoformat(), **data}
        response = manager.post(reverse(f"meetings:{name}", args=[proposal.pk]), data)
        assert response.status_code == 302, (name, response.context["form"].errors)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.AWARDED
    assert proposal.benefit_percent == pytest.approx(-37.5)
    assert [d.kind for d in proposal.dispositions.all()] == ["escalated", "solved"]
    assert len(notes_for(world, "worker_a")) == 6  # received, escalated, adopted, … awarded
    page = worker.get(proposal.get_absolute_url()).content.decode()
    assert "Needs the workshop&#x27;s maintenance bay" in page and "Certificate of merit" in page


def test_an_explanation_is_required_and_shown_when_a_proposal_is_not_adopted(world, client_for):
    proposal = make_proposal(world.units["plant-a-turning"], [world.people["worker_a"]])
    url = reverse("meetings:proposal_dispose", args=[proposal.pk])
    leader = client_for("leader_a")
    refused = leader.post(url, {"kind": "not_adopted", "note": " ", "decided_on": TODAY})
    assert refused.status_code == 400
    leader.post(
        url, {"kind": "not_adopted", "note": "The lathe cannot take it", "decided_on": TODAY}
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.NOT_ADOPTED
    [note] = notes_for(world, "worker_a")
    assert "The lathe cannot take it" in note.body
    # It has had its disposition: a second one is refused.
    again = leader.post(url, {"kind": "solved", "note": "x", "decided_on": TODAY})
    assert again.status_code == 403 or "has had its disposition" in again.content.decode()


def test_a_proposal_left_past_its_deadline_is_flagged_on_the_unit_and_the_next_agenda(
    world, client_for
):
    unit = world.units["plant-a-turning"]
    late = make_proposal(unit, [world.people["worker_a"]], submitted_on=days_ago(20))
    assert late.due_on == days_ago(13)
    assert list(Proposal.objects.overdue()) == [late]
    meeting = make_meeting(unit, TODAY + datetime.timedelta(days=1))
    page = client_for("worker_a").get(meeting.get_absolute_url()).content.decode()
    assert late.title in page and "overdue" in page
    panel = client_for("worker_a").get(reverse("meetings:unit_panel", args=[unit.pk]))
    assert "past its disposition deadline" in panel.content.decode()
    figures = client_for("manager_a").get(
        reverse("meetings:proposal_figures"),
        {"unit": "plant-a", "start": days_ago(30).isoformat(), "end": TODAY.isoformat()},
    )
    [(row_unit, total), *_children] = figures.context["rows"]
    assert (total.submitted, total.overdue, total.awaiting) == (1, 1, 1)


def test_the_blackboard_shows_the_weeks_praise_and_criticism(world, client_for):
    unit = world.units["plant-a-turning"]
    meeting = make_meeting(unit, TODAY)
    MinuteEntry.objects.create(meeting=meeting, kind="praise", text="Shi finished early")
    MinuteEntry.objects.create(meeting=meeting, kind="criticism", text="Scrap on the threads")
    response = client_for("worker_a").get(
        reverse("meetings:unit_blackboard", args=[unit.pk]), {"week": TODAY.isoformat()}
    )
    body = response.content.decode()
    assert "Shi finished early" in body and "Scrap on the threads" in body
    last_week = client_for("worker_a").get(
        reverse("meetings:unit_blackboard", args=[unit.pk]),
        {"week": days_ago(7).isoformat()},
    )
    assert "Shi finished early" not in last_week.content.decode()
    assert (
        client_for("worker_b").get(reverse("meetings:unit_blackboard", args=[unit.pk])).status_code
        == 404
    )


def test_notifications_are_read_by_their_recipient_only(world, client_for):
    make_proposal(world.units["plant-a-turning"], [world.people["worker_a"]])
    from gexin.core.notify import notify

    [note] = notify([world.users["worker_a"]], "Hello %(x)s", "", "/meetings/", {"x": "you"})
    assert client_for("worker_b").get(note.get_absolute_url()).status_code == 404
    response = client_for("worker_a").get(note.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == "/meetings/"
    note.refresh_from_db()
    assert note.is_read
