"""Work that reads across apps: a meeting's agenda from the records, the blackboard, and
the proposal figures of a unit."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Min, Q, Sum
from django.utils import timezone

from gexin.core.permissions import is_path_in_scope, under
from gexin.meetings.choices import (
    BLACKBOARD_KINDS,
    DispositionKind,
    MeetingKind,
    MeetingStatus,
    ProposalStatus,
)
from gexin.meetings.models import ActionItem, Disposition, Meeting, MinuteEntry, Proposal
from gexin.plans import fulfilment
from gexin.plans import services as plan_services
from gexin.plans.models import Plan, Record

INCIDENT_METRICS = ("stoppages", "downtime_minutes", "accidents")
ADOPTED_STATUSES = (
    ProposalStatus.ADOPTED,
    ProposalStatus.IMPLEMENTED,
    ProposalStatus.MEASURED,
    ProposalStatus.AWARDED,
)
IMPLEMENTED_STATUSES = (ProposalStatus.IMPLEMENTED, ProposalStatus.MEASURED, ProposalStatus.AWARDED)


def review_range(meeting):
    """The days the meeting looks back on: since the unit's last meeting, up to yesterday.

    Without an earlier meeting a daily meeting looks back one day and any other a week.
    """
    end = meeting.day - datetime.timedelta(days=1)
    previous = meeting.previous()
    if previous is not None and previous.day <= end:
        start = previous.day
    else:
        start = end - datetime.timedelta(days=0 if meeting.kind == MeetingKind.DAILY else 6)
    return start, end


@dataclass
class PledgeAtRisk:
    pledge: object
    lines: list = field(default_factory=list)  # (target, actual, expected so far)


def pledges_at_risk(unit, day):
    """Pledges of the unit's plans running on `day` that are behind an even pace.

    A quantity pledged "at least" is at risk below its share of the target for the days
    gone; one pledged "at most" above its allowance so far; a ratio when it is on the
    wrong side of its target. A pledge with nothing recorded after a day is at risk too.
    """
    plans = Plan.objects.filter(unit=unit, start__lte=day, end__gte=day).select_related("unit")
    found = []
    for plan in plans:
        elapsed = (min(day, plan.end) - plan.start).days + 1
        share = Decimal(elapsed) / Decimal(plan.days)
        for pledge, lines in plan_services.pledge_fulfilment(plan):
            behind = []
            for target, actual, _percent in lines:
                metric = target.metric
                if metric.is_ratio:
                    expected = target.value
                    if actual is None:
                        continue
                    late = actual > expected if metric.lower_is_better else actual < expected
                else:
                    expected = target.value * share
                    value = actual or Decimal(0)
                    late = value > expected if metric.lower_is_better else value < expected
                if late:
                    behind.append((target, actual, expected))
            if behind:
                found.append(PledgeAtRisk(pledge, behind))
    return found


def agenda(meeting, user):
    """What the meeting page opens with, prepared from the records and the open work."""
    start, end = review_range(meeting)
    unit = meeting.unit
    # A guest at an exchange conference may not read the host unit's figures.
    sees_figures = is_path_in_scope(user, Record, "view", unit.path) and is_path_in_scope(
        user, Plan, "view", unit.path
    )
    result = None
    if sees_figures and start <= end:
        result = fulfilment.compute(unit, start, end, as_of=end)
    lines = result.lines if result is not None else []
    proposals = (
        Proposal.objects.restrict(user, "view")
        .filter(under("unit__path", unit.path))
        .awaiting()
        .select_related("unit", "holder")
        .order_by("due_on", "pk")
    )
    return {
        "review_start": start,
        "review_end": end,
        "fulfilment_lines": [line for line in lines if line.metric.code not in INCIDENT_METRICS],
        "incident_lines": [line for line in lines if line.metric.code in INCIDENT_METRICS],
        "open_proposals": list(proposals),
        "carried_actions": list(meeting.carried_action_items()),
        "pledges_at_risk": pledges_at_risk(unit, end) if sees_figures and start <= end else [],
        "sees_figures": sees_figures,
        "today": datetime.date.today(),
    }


def week_of(day):
    """Monday and Sunday of the week holding `day`."""
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def day_bounds(start, end):
    """Aware datetimes from the start of `start` to the start of the day after `end`."""
    zone = timezone.get_current_timezone()
    first = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    last = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return first, last


def blackboard(unit, day, user):
    """The week's blackboard of a unit: praise, criticism and typical cases, with figures.

    Drawn from the minutes of the week's meetings in the unit's subtree and from the
    proposals adopted, implemented or awarded that week.
    """
    monday, sunday = week_of(day)
    first, last = day_bounds(monday, sunday)
    meetings = (
        Meeting.objects.restrict(user, "view")
        .filter(under("unit__path", unit.path), scheduled_at__gte=first, scheduled_at__lt=last)
        .exclude(status=MeetingStatus.CANCELLED)
    )
    entries = (
        MinuteEntry.objects.filter(meeting__in=meetings)
        .filter(Q(kind__in=BLACKBOARD_KINDS) | Q(is_typical=True))
        .select_related("person", "meeting__unit")
        .order_by("meeting__scheduled_at", "pk")
    )
    proposals = Proposal.objects.restrict(user, "view").filter(under("unit__path", unit.path))
    week = Q(submitted_on__range=(monday, sunday))
    adopted_ids = Disposition.objects.filter(
        proposal__in=proposals, kind=DispositionKind.SOLVED, decided_on__range=(monday, sunday)
    ).values("proposal_id")
    results = (
        proposals.filter(
            Q(pk__in=adopted_ids)
            | Q(implemented_on__range=(monday, sunday))
            | Q(measured_on__range=(monday, sunday))
            | Q(awarded_on__range=(monday, sunday))
        )
        .prefetch_related("authors")
        .order_by("pk")
    )
    today = datetime.date.today()
    figures = []
    if monday <= today:
        computed = fulfilment.compute(unit, monday, min(sunday, today))
        figures = [line for line in computed.lines if line.target is not None][:6]
    entries = list(entries)
    return {
        "unit": unit,
        "monday": monday,
        "sunday": sunday,
        "previous_week": monday - datetime.timedelta(days=7),
        "next_week": monday + datetime.timedelta(days=7),
        "meeting_count": meetings.count(),
        "praise": [e for e in entries if e.kind == "praise"],
        "criticism": [e for e in entries if e.kind in ("criticism", "self_criticism")],
        "typical": [e for e in entries if e.is_typical],
        "proposal_results": list(results),
        "new_proposals": proposals.filter(week).count(),
        "figures": figures,
    }


@dataclass
class ProposalFigures:
    """A unit's proposals over a period: how many came in and what became of them."""

    submitted: int = 0
    disposed_on_time: int = 0
    disposed_late: int = 0
    awaiting: int = 0
    overdue: int = 0
    adopted: int = 0
    not_adopted: int = 0
    implemented: int = 0
    measured: int = 0
    saving: Decimal = Decimal(0)

    @property
    def on_time_percent(self):
        disposed = self.disposed_on_time + self.disposed_late
        return self.disposed_on_time / disposed * 100 if disposed else None


def proposal_figures(proposals, start, end, today=None):
    """Figures for the proposals submitted in [start, end] among `proposals`.

    A proposal counts as disposed on time when its first disposition came by the
    deadline of the unit that first held it.
    """
    today = today or datetime.date.today()
    chosen = proposals.filter(submitted_on__range=(start, end))
    counts = chosen.aggregate(
        submitted=Count("pk"),
        awaiting=Count(
            "pk", filter=Q(status__in=(ProposalStatus.SUBMITTED, ProposalStatus.ESCALATED))
        ),
        overdue=Count(
            "pk",
            filter=Q(
                status__in=(ProposalStatus.SUBMITTED, ProposalStatus.ESCALATED), due_on__lt=today
            ),
        ),
        adopted=Count("pk", filter=Q(status__in=ADOPTED_STATUSES)),
        not_adopted=Count("pk", filter=Q(status=ProposalStatus.NOT_ADOPTED)),
        implemented=Count("pk", filter=Q(status__in=IMPLEMENTED_STATUSES)),
        measured=Count(
            "pk", filter=Q(status__in=(ProposalStatus.MEASURED, ProposalStatus.AWARDED))
        ),
        saving=Sum("annual_saving"),
    )
    firsts = (
        Disposition.objects.filter(proposal__in=chosen)
        .values("proposal_id")
        .annotate(first=Min("pk"))
        .values("first")
    )
    on_time = late = 0
    for disposition in Disposition.objects.filter(pk__in=firsts).only("decided_on", "due_on"):
        if disposition.is_on_time:
            on_time += 1
        else:
            late += 1
    return ProposalFigures(
        submitted=counts["submitted"],
        disposed_on_time=on_time,
        disposed_late=late,
        awaiting=counts["awaiting"],
        overdue=counts["overdue"],
        adopted=counts["adopted"],
        not_adopted=counts["not_adopted"],
        implemented=counts["implemented"],
        measured=counts["measured"],
        saving=counts["saving"] or Decimal(0),
    )


def open_actions(unit):
    """The unit's own open action items, oldest due first."""
    return (
        ActionItem.objects.filter(unit=unit)
        .filter(status__in=("open", "in_progress"))
        .select_related("owner", "meeting")
        .order_by("due_on", "pk")
    )
