"""Union membership: recording a person's joining, transfers and leaving, and the periods
of membership derived from them.

Rules (checked in date order over all of a person's events, one event a day):
- a joining or a transfer in needs the person not to be a member at that moment (no
  double joining); a transfer out or a leaving needs them to be one;
- when a person has no events at all, `Person.is_union_member` says whether they are
  a member, since their date joined (or since before the records began when it is not
  recorded);
- so a transfer out or a leaving may be a person's first event only when it is
  recorded for a member with no events yet: they then count as a member before it,
  since their date joined (which must not be after it). Once a person's events begin
  with a joining or a transfer in, nothing that ends a membership may come before it,
  nor may that first entry be removed while an exit would be left first;
- `Person.is_union_member` follows the events: after each change it is the state after
  the person's last event (a member transferred out is not a member here).

Each change runs in a transaction with the person's row locked, so two clerks recording
events for the same person cannot leave a sequence that makes no sense.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gexin.org.models import Person
from gexin.people.models.members import ENTRIES, EXITS, MembershipEvent


@dataclass(frozen=True)
class Period:
    """A stretch of membership: from `start` (None: before the records began) up to
    `end`, the first day no longer a member (None: still a member)."""

    start: object
    end: object

    def covers_month(self, first_day, last_day):
        """True when the person was a member on at least one day of the month."""
        starts_in_time = self.start is None or self.start <= last_day
        return starts_in_time and (self.end is None or self.end > first_day)

    def covers_day(self, day):
        return (self.start is None or self.start <= day) and (self.end is None or self.end > day)


def periods(person, events):
    """The person's periods of membership from their events (any order)."""
    events = sorted(events, key=lambda event: (event.day, event.pk or 0))
    if not events:
        return [Period(person.date_joined, None)] if person.is_union_member else []
    found = []
    start = None
    member = events[0].kind in EXITS
    if member:
        joined = person.date_joined
        start = joined if joined is not None and joined <= events[0].day else None
    for event in events:
        if event.kind in ENTRIES:
            start, member = event.day, True
        elif member:
            found.append(Period(start, event.day))
            start, member = None, False
    if member:
        found.append(Period(start, None))
    return found


def problems(person, events):
    """What makes no sense in a person's events in date order, as messages (empty: fine)."""
    events = sorted(events, key=lambda event: (event.day, event.pk or 0))
    found = []
    if not events:
        return found
    first = events[0]
    member = first.kind in EXITS
    if member and person.date_joined is not None and person.date_joined > first.day:
        found.append(
            _(
                "%(person)s joined on %(joined)s, after the %(event)s on %(day)s: record "
                "the joining first."
            )
            % {
                "person": person,
                "joined": person.date_joined.isoformat(),
                "event": first.kind_label,
                "day": first.day.isoformat(),
            }
        )
    seen_days = set()
    for event in events:
        if event.day in seen_days:
            found.append(
                _("%(person)s already has a membership event on %(day)s: one a day.")
                % {"person": person, "day": event.day.isoformat()}
            )
        seen_days.add(event.day)
        if event.kind in ENTRIES and member:
            found.append(
                _("On %(day)s %(person)s is already a member: they cannot be %(event)s again.")
                % {"day": event.day.isoformat(), "person": person, "event": event.kind_label}
            )
        elif event.kind in EXITS and not member:
            found.append(
                _("On %(day)s %(person)s is not a member: there is nothing to be %(event)s.")
                % {"day": event.day.isoformat(), "person": person, "event": event.kind_label}
            )
        member = event.kind in ENTRIES
    return found


def check(person, others, event):
    """What makes no sense in recording `event` beside the person's `others`, as
    messages (empty: fine)."""
    found = []
    if event.kind in EXITS:
        if not others and not person.is_union_member:
            found.append(
                _("%(person)s is not a union member: there is nothing to be %(event)s.")
                % {"person": person, "event": event.kind_label}
            )
        earliest = min(others, key=lambda other: (other.day, other.pk or 0)) if others else None
        if earliest is not None and earliest.kind in ENTRIES and event.day < earliest.day:
            found.append(
                _(
                    "On %(day)s %(person)s is not a member yet (their first event is on "
                    "%(first)s): there is nothing to be %(event)s."
                )
                % {
                    "day": event.day.isoformat(),
                    "person": person,
                    "first": earliest.day.isoformat(),
                    "event": event.kind_label,
                }
            )
    found.extend(problems(person, [*others, event]))
    return found


def state_after(events):
    """True when the person is a member after the last of the events."""
    last = max(events, key=lambda event: (event.day, event.pk or 0))
    return last.kind in ENTRIES


def _locked(person):
    return Person.objects.select_for_update().get(pk=person.pk)


def _refuse(found, field="day"):
    if found:
        raise ValidationError({field: found} if field else found)


def _sync_flag(person, is_member):
    if person.is_union_member != is_member:
        person.is_union_member = is_member
        person.save()


@transaction.atomic
def record(event):
    """Save a new or changed membership event after checking the person's whole sequence
    with it; keep `Person.is_union_member` in step. Raises ValidationError."""
    event.full_clean(validate_constraints=False)
    person = _locked(event.person)
    others = list(MembershipEvent.objects.filter(person=person).exclude(pk=event.pk))
    if event.pk:
        stored = MembershipEvent.objects.filter(pk=event.pk).values_list("person_id", flat=True)
        old_person_id = stored.first()
    else:
        old_person_id = None
    _refuse(check(person, others, event))
    event.person = person
    event.save()
    _sync_flag(person, state_after([*others, event]))
    if old_person_id and old_person_id != person.pk:
        # The event moved to another person: the first one's sequence must still hold.
        _recheck_after_removal(Person.objects.get(pk=old_person_id), event.kind)
    return event


def _recheck_after_removal(person, removed_kind):
    person = _locked(person)
    remaining = list(MembershipEvent.objects.filter(person=person))
    if remaining:
        _refuse(problems(person, remaining))
        _sync_flag(person, state_after(remaining))
    else:
        # No events left: the person is as they were before the removed one.
        _sync_flag(person, removed_kind in EXITS)


@transaction.atomic
def remove(event):
    """Delete an event if the person's remaining events still make sense; keep
    `Person.is_union_member` in step. Raises ValidationError."""
    person = _locked(event.person)
    remaining = list(MembershipEvent.objects.filter(person=person).exclude(pk=event.pk))
    if remaining:
        first = min(remaining, key=lambda other: (other.day, other.pk or 0))
        if event.kind in ENTRIES and first.kind in EXITS and event.day < first.day:
            _refuse(
                [
                    _(
                        "Without this %(event)s, %(person)s would be %(next)s on %(day)s "
                        "without having been a member: remove that first."
                    )
                    % {
                        "event": event.kind_label,
                        "person": person,
                        "next": first.kind_label,
                        "day": first.day.isoformat(),
                    }
                ],
                field=None,
            )
        _refuse(problems(person, remaining), field=None)
    event.delete()
    if remaining:
        _sync_flag(person, state_after(remaining))
    else:
        _sync_flag(person, event.kind in EXITS)


def events_by_person(person_ids):
    """{person id: [events]} for many people in one query (chunks of 900 ids on long
    lists, for SQLite's limit on query parameters)."""
    ids = list(person_ids)
    found = {pk: [] for pk in ids}
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        for event in MembershipEvent.objects.filter(person_id__in=chunk).order_by(
            "person_id", "day", "pk"
        ):
            found[event.person_id].append(event)
    return found


def member_on(person, events, day):
    """True when the person was a member on `day`."""
    return any(period.covers_day(day) for period in periods(person, events))
