"""Helpers for meetings tests: one of each object inside plant A, and a plant B pair."""

import datetime

from django.utils import timezone

from gexin.meetings.choices import EntryKind, MeetingKind
from gexin.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Meeting,
    MinuteEntry,
    Proposal,
    ProposalDeadline,
)


def at(day, hour=17):
    """An aware datetime on `day` at `hour` o'clock, in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def make_meeting(
    unit, day, kind=MeetingKind.WEEKLY, chair=None, items=("Review the week",), **fields
):
    meeting = Meeting.objects.create(
        unit=unit, kind=kind, scheduled_at=at(day), chair=chair, place="Workshop", **fields
    )
    for position, title in enumerate(items, 1):
        AgendaItem.objects.create(meeting=meeting, position=position, title=title)
    return meeting


def make_proposal(unit, authors, title="Grind the tool to a new angle", **fields):
    fields.setdefault("submitted_on", datetime.date.today())
    proposal = Proposal.objects.create(
        unit=unit,
        title=title,
        problem=fields.pop("problem", "A cooling-machine pipe takes 12 hours."),
        suggestion=fields.pop("suggestion", "Change the tool angle and use coolant."),
        **fields,
    )
    proposal.authors.set(authors)
    return proposal


def examples(world):
    """One of each meetings object in plant A (plant-a-turning), made once per world."""
    cached = getattr(world, "_meetings_examples", None)
    if cached is not None:
        return cached
    unit = world.units["plant-a-turning"]
    day = datetime.date.today() - datetime.timedelta(days=3)
    meeting = make_meeting(unit, day, chair=world.people["leader_a"])
    item = meeting.agenda_items.get()
    attendance = Attendance.objects.create(meeting=meeting, person=world.people["worker_a"])
    entry = MinuteEntry.objects.create(
        meeting=meeting,
        kind=EntryKind.PRAISE,
        text="Finished the pipes early",
        person=world.people["turner_a"],
    )
    action = ActionItem.objects.create(
        unit=unit,
        meeting=meeting,
        text="Repair lathe 4",
        owner=world.people["turner_a"],
        due_on=day + datetime.timedelta(days=7),
    )
    proposal = make_proposal(unit, [world.people["worker_a"]])
    deadline = ProposalDeadline.objects.create(unit=world.units["plant-a"], days=10)
    b_meeting = make_meeting(world.units["plant-b-shift-1"], day)
    b_proposal = make_proposal(
        world.units["plant-b-shift-1"], [world.people["roller_b"]], title="B"
    )
    world._meetings_examples = {
        "meeting": meeting,
        "agendaitem": item,
        "attendance": attendance,
        "entry": entry,
        "action": action,
        "proposal": proposal,
        "deadline": deadline,
        "b_meeting": b_meeting,
        "b_proposal": b_proposal,
        "b_action": ActionItem.objects.create(unit=b_meeting.unit, meeting=b_meeting, text="B"),
        "b_deadline": ProposalDeadline.objects.create(unit=world.units["plant-b"], days=5),
        "unit": unit,
    }
    return world._meetings_examples
