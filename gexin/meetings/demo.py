"""Loads the demo meetings, minutes, action items and proposals (see demo_data.py).

Runs after the organisation and plans steps of `gexin demo`. Objects are written
directly rather than through the workflow methods (publish_agenda, sign_off, dispose,
record_…): those send the notifications of a live meeting or proposal, which loading
a demo of 1953 must not do. Every proposal step is still checked against
Proposal.TRANSITIONS, and each disposition gets its Disposition row as dispose() would
write it. The many small rows (agenda items, attendance, minutes entries, action
items) are bulk-created, which skips their change records; versioning.bump() at the
end makes the cached page fragments stale. Nothing is random: two loads of an empty
database give the same rows.
"""

import datetime
import itertools
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gexin.core import versioning
from gexin.core.audit import audit_context
from gexin.meetings import demo_data as data
from gexin.meetings.choices import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    AttendanceStatus,
    DispositionKind,
    EntryKind,
    MeetingKind,
    MeetingStatus,
    ProposalStatus,
)
from gexin.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Disposition,
    Meeting,
    MinuteEntry,
    Proposal,
    ProposalDeadline,
)
from gexin.org import demo_data as org_data
from gexin.org.models import Person, Unit

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)

# How long before a meeting its agenda was published (seed 000: people should know a
# day or two ahead what the meeting is to settle), and how long after it the chair
# signed the minutes.
NOTICE_HOURS = {
    MeetingKind.WEEKLY: 48,
    MeetingKind.ACTIVISTS: 48,
    MeetingKind.CORE_GROUP: 24,
    MeetingKind.DAILY: 14,
}
SIGNED_AFTER = {MeetingKind.DAILY: HOUR}
SIGNED_AFTER_DEFAULT = 3 * HOUR

DISPOSITION_STATUS = {
    DispositionKind.SOLVED: ProposalStatus.ADOPTED,
    DispositionKind.ESCALATED: ProposalStatus.ESCALATED,
    DispositionKind.NOT_ADOPTED: ProposalStatus.NOT_ADOPTED,
}


def is_loaded():
    """True when the demo meetings are already in the database."""
    marker = next(spec for spec in data.HUAXIN_MEETINGS if spec["key"] == data.MARKER_MEETING)
    return Meeting.objects.filter(unit__code=data.HUAXIN_UNIT, title=marker["title"]).exists()


@transaction.atomic
def load(stdout=None):
    """Create the demo meetings and proposals; return {kind of row: rows written}."""
    with audit_context(reason="demo meetings and proposals reconstructed from the seeds"):
        loader = _Loader()
        loader.deadlines()
        specs = [{**spec, "unit": data.HUAXIN_UNIT} for spec in data.HUAXIN_MEETINGS]
        for series in data.DAILY_SERIES:
            specs += daily_specs(series)
        loader.meetings(specs)
        for spec in [*data.HUAXIN_PROPOSALS, *data.OTHER_PROPOSALS]:
            loader.proposal(spec)
        versioning.bump()
    if stdout is not None:
        stdout.write(
            "  " + ", ".join(f"{count} {label}" for label, count in loader.written.items())
        )
    return loader.written


def daily_specs(series):
    """The meetings of a daily series: every day but Sunday, `routine` lines in turn."""
    specs = []
    routine = itertools.cycle(series["routine"])
    day = series["first"]
    while day <= series["last"]:
        if day.weekday() != 6:
            line = next(routine)
            extra = series["days"].get(day, {})
            review, today = series["agenda"]
            specs.append(
                {
                    "key": f"{series['unit']}:{day.isoformat()}",
                    "unit": series["unit"],
                    "kind": MeetingKind.DAILY,
                    "day": day,
                    "time": series["time"],
                    "title": extra.get("title", series["title"]),
                    "place": series["place"],
                    "chair": series["chair"],
                    "attendees": None,
                    "invitees": [],
                    "absent": extra.get("absent", {}),
                    "summary": "",
                    "agenda": [
                        {"title": review, "presenter": series["chair"], "entries": [line]},
                        {"title": today, "presenter": None, "entries": extra.get("entries", [])},
                    ],
                    "actions": extra.get("actions", []),
                    "illustrative": True,
                    "source": series["source"],
                }
            )
        day += DAY
    return specs


def mutual_aid_members(people):
    """The two mutual-aid groups and their members, as the minutes name them."""
    parts = []
    for group in org_data.HUAXIN_TURNING_MUTUAL_AID_GROUPS:
        names = "、".join(people[number].name for number in group["members"] if number in people)
        parts.append(f"{group['name_zh']}：{names}")
    return "（" + "；".join(parts) + "）"


class _Loader:
    def __init__(self):
        self.units = {}
        self.members = {}
        self.people = {person.employee_number: person for person in Person.objects.all()}
        self.meetings_by_key = {}
        self.written = {}

    def unit(self, code):
        if code not in self.units:
            self.units[code] = Unit.objects.get(code=code)
        return self.units[code]

    def person(self, number):
        return self.people[number] if number else None

    def user(self, number):
        person = self.person(number)
        return person.user if person is not None else None

    def count(self, label, number):
        self.written[label] = self.written.get(label, 0) + number

    def unit_members(self, code):
        """The active people of the unit's subtree, in employee-number order."""
        if code not in self.members:
            self.members[code] = list(
                Person.objects.filter(unit__in=self.unit(code).subtree(), is_active=True)
                .order_by("employee_number")
                .values_list("employee_number", "date_joined")
            )
        return self.members[code]

    def deadlines(self):
        ProposalDeadline.objects.bulk_create(
            ProposalDeadline(unit=self.unit(code), days=days)
            for code, days in data.PROPOSAL_DEADLINES
        )
        self.count("proposal deadlines", len(data.PROPOSAL_DEADLINES))

    # Meetings and their parts

    def meetings(self, specs):
        meetings = Meeting.objects.bulk_create(self.meeting(spec) for spec in specs)
        items, entries, attendances, actions, invitees = [], [], [], [], []
        members_text = mutual_aid_members(self.people)
        for spec, meeting in zip(specs, meetings, strict=True):
            self.meetings_by_key[spec["key"]] = meeting
            for position, item_spec in enumerate(spec["agenda"], 1):
                item = AgendaItem(
                    meeting=meeting,
                    position=position,
                    title=item_spec["title"],
                    notes=item_spec.get("notes", ""),
                    presenter=self.person(item_spec.get("presenter")),
                    outcome=item_spec.get("outcome", ""),
                )
                items.append(item)
                for kind, number, text, *typical in item_spec["entries"]:
                    entries.append(
                        MinuteEntry(
                            meeting=meeting,
                            agenda_item=item,
                            kind=EntryKind(kind),
                            text=text.replace(data.MUTUAL_AID_PLACEHOLDER, members_text),
                            person=self.person(number),
                            is_typical=bool(typical and typical[0]),
                        )
                    )
            attendances += self.attendance(spec, meeting)
            invitees += [
                Meeting.invitees.through(meeting_id=meeting.pk, person_id=self.people[n].pk)
                for n in spec["invitees"]
            ]
            actions += [self.action(action, meeting) for action in spec["actions"]]
        # Saved first: bulk_create then takes each entry's agenda item key from it.
        AgendaItem.objects.bulk_create(items)
        MinuteEntry.objects.bulk_create(entries)
        Attendance.objects.bulk_create(attendances)
        ActionItem.objects.bulk_create(actions)
        Meeting.invitees.through.objects.bulk_create(invitees)
        for label, rows in (
            ("meetings", meetings),
            ("agenda items", items),
            ("minutes entries", entries),
            ("attendance", attendances),
            ("action items", actions),
        ):
            self.count(label, len(rows))

    def meeting(self, spec):
        kind = MeetingKind(spec["kind"])
        at = timezone.make_aware(
            datetime.datetime.combine(spec["day"], datetime.time(*spec["time"]))
        )
        chair = self.person(spec["chair"])
        return Meeting(
            unit=self.unit(spec["unit"]),
            kind=kind,
            title=spec["title"],
            scheduled_at=at,
            place=spec["place"],
            chair=chair,
            status=MeetingStatus.SIGNED_OFF,
            agenda_published_at=at - HOUR * spec.get("notice_hours", NOTICE_HOURS[kind]),
            summary=spec["summary"],
            signed_off_at=at + SIGNED_AFTER.get(kind, SIGNED_AFTER_DEFAULT),
            # Chairs without a demo login sign off too; the minutes then name no user.
            signed_off_by=chair.user if chair is not None else None,
            is_illustrative=spec["illustrative"],
            source=spec["source"],
        )

    def attendance(self, spec, meeting):
        """Everyone expected, present unless the spec gives the reason of an absence."""
        day = spec["day"]
        if spec["attendees"] is None:
            expected = [
                number
                for number, joined in self.unit_members(spec["unit"])
                if joined is None or joined <= day
            ]
            expected += [number for number in spec["invitees"] if number not in expected]
        else:
            expected = list(spec["attendees"])
        unknown = set(spec["absent"]) - set(expected)
        if unknown:
            raise ValueError(f"{spec['key']}: absent but not expected: {sorted(unknown)}")
        rows = []
        for number in expected:
            reason = spec["absent"].get(number, "")
            rows.append(
                Attendance(
                    meeting=meeting,
                    person=self.people[number],
                    status=AttendanceStatus.ABSENT if reason else AttendanceStatus.PRESENT,
                    reason=reason,
                )
            )
        return rows

    def action(self, spec, meeting):
        status = ActionStatus(spec["status"])
        is_open = status in OPEN_ACTION_STATUSES
        if is_open == (spec["closed"] is not None):
            raise ValueError(
                f"{spec['text']}: an action is closed exactly when it is done or dropped"
            )
        return ActionItem(
            unit=meeting.unit,
            meeting=meeting,
            text=spec["text"],
            owner=self.person(spec["owner"]),
            due_on=spec["due"],
            status=status,
            closed_on=spec["closed"],
            outcome=spec["outcome"],
        )

    # Proposals: each step as the workflow method would record it, without its signal

    def proposal(self, spec):
        proposal = Proposal(
            unit=self.unit(spec["unit"]),
            title=spec["title"],
            problem=spec["problem"],
            suggestion=spec["suggestion"],
            expected_benefit=spec["expected_benefit"],
            expected_value=spec["expected_value"],
            expected_unit=spec["expected_unit"],
            meeting=self.meetings_by_key[spec["meeting"]] if spec["meeting"] else None,
            submitted_on=spec["submitted"],
            is_illustrative=spec["illustrative"],
            source=spec["source"],
        )
        proposal.save()  # holder = unit; due_on from the holder's deadline
        proposal.authors.set([self.people[number] for number in spec["authors"]])
        for step, day, details in spec["steps"]:
            if day < proposal.submitted_on:
                raise ValueError(f"{spec['key']}: {step} dated before the submission")
            if step in DispositionKind.values:
                self.dispose(proposal, DispositionKind(step), day, details)
            else:
                getattr(self, step)(proposal, day, details)
            proposal.save()
        self.count("proposals", 1)

    def move(self, proposal, status):
        if not proposal.allows(status):
            raise ValueError(f"{proposal.title}: {proposal.status} cannot move to {status}")
        proposal.status = status

    def dispose(self, proposal, kind, day, details):
        to_unit = self.unit(details["to"]) if kind == DispositionKind.ESCALATED else None
        if to_unit is not None and to_unit.path not in proposal.holder.ancestor_paths():
            raise ValueError(f"{proposal.title}: {to_unit.code} is not above the holder")
        Disposition.objects.create(
            proposal=proposal,
            unit=proposal.holder,
            kind=kind,
            to_unit=to_unit,
            note=details["note"],
            decided_on=day,
            due_on=proposal.due_on,
            decided_by=self.user(details.get("by")),
        )
        self.count("dispositions", 1)
        self.move(proposal, DISPOSITION_STATUS[kind])
        if to_unit is not None:
            proposal.holder = to_unit
            proposal.due_on = day + DAY * ProposalDeadline.days_for(to_unit)

    def implemented(self, proposal, day, details):
        self.move(proposal, ProposalStatus.IMPLEMENTED)
        proposal.implemented_on = day
        proposal.implementation_note = details["note"]

    def measured(self, proposal, day, details):
        self.move(proposal, ProposalStatus.MEASURED)
        proposal.benefit_before = Decimal(details["before"])
        proposal.benefit_after = Decimal(details["after"])
        proposal.benefit_unit = details["unit"]
        proposal.benefit_note = details["note"]
        proposal.measured_on = day

    def awarded(self, proposal, day, details):
        self.move(proposal, ProposalStatus.AWARDED)
        proposal.award = details["award"]
        proposal.award_amount = details["amount"]
        proposal.awarded_on = day
