"""Raising the laggards: pairings' progress, the workers who keep missing their quota,
advanced producers suggested from the records, and the awards that count.

Seed 000: "the advanced give the backward comradely help so that all rise". A group
helps two kinds of people: the young and new workers, and "those who often cannot
fulfil their task or quota: help them find the cause, work out a remedy, and overcome
it". It finds the advanced producers, helps them sum up their experience and spreads it.

A worker's quota here is their individual pledge (个人保证条件): the targets they
pledged for one plan period. Fulfilment is direction-aware (for coal used, less than
pledged is over-fulfilled) and a ratio is the sum of its numerator over the sum of
its denominator, never a mean.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from gexin.competitions.choices import AwardStatus, ParticipantKind, ProducerStatus
from gexin.competitions.models import AdvancedProducer, Award, HelpCase, Score
from gexin.core.permissions import is_path_in_scope, under
from gexin.plans.choices import MetricKind
from gexin.plans.formatting import number
from gexin.plans.models import Metric, Pledge, Record, from_milli

HUNDRED = Decimal(100)
# The scrap (and rework) metric of the catalogue: any of it breaks a producer's run.
SCRAP_METRIC = "pieces_scrapped"
MISSED_AT_LEAST = 2
OF_LAST = 3
CONSECUTIVE = 3


# Awards


def awards_shown(user, *, evaluation=None, participant=None):
    """What the awards snippet (`competitions/_help_awards.html`) needs: the approved
    awards, which count, and those still awaiting approval, which do not yet.

    Call it from an evaluation's or a participant's page and include the snippet with
    the returned dict; rejected awards are left out.
    """
    awards = Award.objects.restrict(user, "view").select_related(
        "evaluation", "participant__person", "participant__unit"
    )
    if evaluation is not None:
        awards = awards.filter(evaluation=evaluation)
    if participant is not None:
        awards = awards.filter(participant=participant)
    awards = list(awards.exclude(status=AwardStatus.REJECTED).order_by("-evaluation__period_start"))
    can_add = evaluation is not None and is_path_in_scope(
        user, Award, "add", evaluation.competition.unit.path
    )
    return {
        "awards_can_add": can_add,
        "awards_counting": [award for award in awards if award.counts],
        "awards_pending": [award for award in awards if not award.counts],
        "awards_evaluation": evaluation,
        "awards_participant": participant,
    }


# Pairings


@dataclass
class Standing:
    """A participant's place in one evaluation."""

    evaluation: object
    score: Decimal | None
    rank: int | None
    of: int
    score_change: Decimal | None = None
    rank_change: int | None = None

    @property
    def period_label(self):
        ev = self.evaluation
        return f"{ev.period_start:%Y-%m-%d} – {ev.period_end:%Y-%m-%d}"


@dataclass
class Progress:
    """The laggard's standings since the pairing against its last one before."""

    baseline: Standing | None
    rows: list
    message: str = ""

    def as_dict(self):
        def standing(row):
            return {
                "evaluation": row.evaluation.pk,
                "period_start": row.evaluation.period_start.isoformat(),
                "period_end": row.evaluation.period_end.isoformat(),
                "published": row.evaluation.is_published,
                "score": None if row.score is None else float(row.score),
                "rank": row.rank,
                "of": row.of,
                "score_change": None if row.score_change is None else float(row.score_change),
                "rank_change": row.rank_change,
            }

        return {
            "baseline": standing(self.baseline) if self.baseline else None,
            "since": [standing(row) for row in self.rows],
            "message": self.message,
        }


def pairing_progress(pairing):
    """The laggard's final score and rank in each evaluation since `since` (to `ended_on`
    if the pairing ended), against its last evaluation before the pairing, from Scores.

    `rank_change` is the places gained since that baseline (negative: lost).
    """
    scores = list(
        Score.objects.filter(
            participant_id=pairing.laggard_id, evaluation__competition_id=pairing.competition_id
        )
        .select_related("evaluation")
        .order_by("evaluation__period_start")
    )
    counts = dict(
        Score.objects.filter(evaluation_id__in=[s.evaluation_id for s in scores])
        .values_list("evaluation_id")
        .annotate(n=Count("pk"))
    )

    def standing(score):
        return Standing(
            score.evaluation, score.final, score.rank, counts.get(score.evaluation_id, 0)
        )

    before = [s for s in scores if s.evaluation.period_end < pairing.since]
    after = [
        s
        for s in scores
        if s.evaluation.period_end >= pairing.since
        and (pairing.ended_on is None or s.evaluation.period_start <= pairing.ended_on)
    ]
    baseline = standing(before[-1]) if before else None
    rows = [standing(score) for score in after]
    if baseline is not None:
        for row in rows:
            if row.score is not None and baseline.score is not None:
                row.score_change = row.score - baseline.score
            if row.rank is not None and baseline.rank is not None:
                row.rank_change = baseline.rank - row.rank
    if not rows:
        message = _("No evaluation since the pairing yet: progress shows after the next one.")
    elif baseline is None:
        message = _("No evaluation before the pairing to compare with.")
    else:
        message = ""
    return Progress(baseline, rows, message)


# Pledged periods


@dataclass
class QuotaLine:
    """One pledged target of one period against the person's own records."""

    metric: Metric
    target: Decimal
    actual: Decimal | None
    percent: Decimal | None

    @property
    def is_missed(self):
        return self.percent is not None and self.percent < HUNDRED

    @property
    def is_over(self):
        if self.percent is None:
            # Nothing used against a ceiling (coal, scrap) beats it.
            return self.metric.lower_is_better and self.actual == 0
        return self.percent > HUNDRED

    def describe(self):
        return _("%(metric)s %(actual)s of %(target)s %(unit)s (%(percent)s)") % {
            "metric": self.metric.display_name,
            "actual": number(self.actual, self.metric.decimals),
            "target": number(self.target, self.metric.decimals),
            "unit": self.metric.display_unit,
            "percent": "—" if self.percent is None else number(self.percent, 1) + "%",
        }


@dataclass
class PledgedPeriod:
    """A person's pledge for one plan period, its lines, and the scrap recorded."""

    pledge: Pledge
    lines: list
    scrap: Decimal = Decimal(0)

    @property
    def start(self):
        return self.pledge.plan.start

    @property
    def end(self):
        return self.pledge.plan.end

    @property
    def label(self):
        return self.pledge.plan.period_label

    @property
    def is_missed(self):
        return any(line.is_missed for line in self.lines)

    @property
    def is_over_fulfilled(self):
        return bool(self.lines) and all(line.is_over for line in self.lines)

    def describe(self):
        return f"{self.label}: " + "; ".join(line.describe() for line in self.lines)


def line_of(metric, target, sums):
    """Fulfilment of one pledged target from {metric id: thousandths} of the person."""
    if metric.kind == MetricKind.QUANTITY:
        actual = from_milli(sums[metric.pk]) if metric.pk in sums else Decimal(0)
    else:
        numerator = sums.get(metric.numerator_id)
        denominator = sums.get(metric.denominator_id)
        actual = None
        if numerator is not None and denominator:
            actual = Decimal(numerator) / Decimal(denominator) * metric.factor
    percent = None
    if actual is not None:
        if metric.lower_is_better:
            percent = target / actual * HUNDRED if actual else None
        elif target:
            percent = actual / target * HUNDRED
    return QuotaLine(metric, target, actual, percent)


def pledged_periods(people_ids, *, as_of, within=None):
    """{person id: [PledgedPeriod, newest first]} of the pledges of these people whose
    plan period ended by `as_of` (and overlaps `within` = (start, end) if given)."""
    pledges = Pledge.objects.filter(person_id__in=people_ids, plan__end__lte=as_of)
    if within is not None:
        pledges = pledges.filter(plan__end__gte=within[0], plan__start__lte=within[1])
    pledges = list(
        pledges.select_related("plan__unit", "person").prefetch_related("targets__metric")
    )
    if not pledges:
        return {}
    scrap = Metric.objects.filter(code=SCRAP_METRIC).first()
    # One query per distinct plan period: a group's pledges share a handful of periods.
    by_range = defaultdict(set)
    for pledge in pledges:
        by_range[(pledge.plan.start, pledge.plan.end)].add(pledge.person_id)
    sums = {}
    for (start, end), people in by_range.items():
        rows = (
            Record.objects.filter(person_id__in=people, day__gte=start, day__lte=end)
            .values_list("person_id", "metric_id")
            .annotate(total=Sum("value_milli"))
        )
        for person_id, metric_id, total in rows:
            sums.setdefault((person_id, start, end), {})[metric_id] = total
    result = defaultdict(list)
    for pledge in pledges:
        own = sums.get((pledge.person_id, pledge.plan.start, pledge.plan.end), {})
        lines = [
            line_of(target.metric, target.value, own)
            for target in sorted(pledge.targets.all(), key=lambda t: t.metric.code)
        ]
        scrapped = from_milli(own.get(scrap.pk, 0)) if scrap else Decimal(0)
        result[pledge.person_id].append(PledgedPeriod(pledge, lines, scrapped))
    for found in result.values():
        found.sort(key=lambda period: (period.end, period.start), reverse=True)
    return dict(result)


def people_of(*, competition=None, unit=None, queryset):
    """The people of a competition (its person participants, or everyone in its unit
    participants) or of a unit's subtree, among `queryset` (those the user may see)."""
    people = queryset.filter(is_active=True)
    if competition is not None:
        if competition.participant_kind == ParticipantKind.PERSON:
            return people.filter(
                competition_entries__competition=competition, competition_entries__is_active=True
            )
        condition = Q(pk__in=[])
        for path in competition.participants.filter(is_active=True, unit__isnull=False).values_list(
            "unit__path", flat=True
        ):
            condition |= under("unit_path", path)
        return people.filter(condition)
    return people.filter(under("unit_path", unit.path))


# Workers who keep missing their quota


@dataclass
class QuotaMiss:
    """A worker who missed the quota in `len(missed)` of their last `considered` periods."""

    person: object
    missed: list
    considered: int
    open_case: HelpCase | None = None
    last: list = field(default_factory=list)

    @property
    def missed_count(self):
        return len(self.missed)

    @property
    def missed_labels(self):
        return ", ".join(period.label for period in self.missed)


def quota_misses(
    people,
    *,
    as_of=None,
    at_least=MISSED_AT_LEAST,
    of_last=OF_LAST,
    within=None,
    cases_open_on=None,
):
    """The workers among `people` who missed their pledge (any pledged target below
    100%) in `at_least` or more of their last `of_last` pledged periods that have ended,
    most periods missed first, each with the periods missed and any open help case
    (open now, or open on the day `cases_open_on` when given)."""
    as_of = as_of or datetime.date.today()
    people = list(people)
    by_id = {person.pk: person for person in people}
    found = pledged_periods(list(by_id), as_of=as_of, within=within)
    cases = HelpCase.objects.filter(person_id__in=list(found))
    if cases_open_on is None:
        cases = cases.filter(resolved_on__isnull=True)
    else:
        cases = cases.open_on(cases_open_on)
    open_cases = {}
    for case in cases.order_by("-opened_on", "-pk"):
        open_cases.setdefault(case.person_id, case)
    rows = []
    for person_id, pledged in found.items():
        last = pledged[:of_last]
        missed = [period for period in last if period.is_missed]
        if len(missed) >= at_least:
            rows.append(
                QuotaMiss(by_id[person_id], missed, len(last), open_cases.get(person_id), last)
            )
    rows.sort(key=lambda row: (-row.missed_count, row.person.unit_path, row.person.name))
    return rows


# Reviews of help cases at the weekly meeting


@dataclass
class ReviewState:
    """Where a help case stands with the weekly meeting on a day."""

    last: object | None  # the latest HelpReview by then
    latest_meeting_at: datetime.datetime | None  # the unit's latest held weekly meeting
    is_due: bool

    @property
    def last_day(self):
        return self.last.meeting.day if self.last is not None else None


def review_states(cases, *, as_of=None):
    """{case id: ReviewState} of the cases on `as_of` (default today), in two queries.

    A case is due for review when its worker's unit held a weekly meeting after the
    case's last review (or, before any, after the day it opened) that did not review
    it: the weekly meeting reviews each open case until it is resolved.
    """
    from django.db.models import Max

    from gexin.competitions.models import HelpReview, day_start
    from gexin.meetings.choices import MeetingKind, MeetingStatus
    from gexin.meetings.models import Meeting

    as_of = as_of or datetime.date.today()
    cases = list(cases)
    if not cases:
        return {}
    until = day_start(as_of + datetime.timedelta(days=1))
    last = {}
    for review in (
        HelpReview.objects.filter(
            help_case_id__in=[case.pk for case in cases], meeting__scheduled_at__lt=until
        )
        .select_related("meeting")
        .order_by("meeting__scheduled_at", "pk")
    ):
        last[review.help_case_id] = review
    latest = dict(
        Meeting.objects.filter(
            unit_id__in={case.person.unit_id for case in cases},
            kind=MeetingKind.WEEKLY,
            status__in=(MeetingStatus.HELD, MeetingStatus.SIGNED_OFF),
            scheduled_at__lt=until,
        )
        .values_list("unit_id")
        .annotate(latest=Max("scheduled_at"))
        .order_by()
    )
    states = {}
    for case in cases:
        review = last.get(case.pk)
        latest_at = latest.get(case.person.unit_id)
        if latest_at is None or (case.resolved_on is not None and case.resolved_on <= as_of):
            due = False
        elif review is not None:
            due = latest_at > review.meeting.scheduled_at
        else:
            due = latest_at >= day_start(case.opened_on + datetime.timedelta(days=1))
        states[case.pk] = ReviewState(review, latest_at, due)
    return states


# Advanced producers


@dataclass
class ProducerCandidate:
    """A person who over-fulfilled the pledge in `run` consecutive periods, no scrap."""

    person: object
    run: list
    existing: AdvancedProducer | None = None

    @property
    def evidence(self):
        """The evidence written out, in the active language, newest period last."""
        head = _(
            "Over-fulfilled the pledge in %(count)s consecutive periods with no scrap recorded:"
        ) % {"count": len(self.run)}
        return "\n".join([head, *(period.describe() for period in reversed(self.run))])


def consecutive(newer, older):
    """True when `older` is the plan period just before `newer`."""
    return older.end + datetime.timedelta(days=1) == newer.start


def producer_candidates(people, *, as_of=None, periods=CONSECUTIVE):
    """The people who over-fulfilled their pledge in each of their latest `periods`
    consecutive pledged periods, with no scrap recorded by them in any of them.

    Each candidate's run reaches back from their latest ended period as far as it goes;
    a period missed, one without a pledge, or any scrap breaks it.
    """
    as_of = as_of or datetime.date.today()
    people = list(people)
    by_id = {person.pk: person for person in people}
    found = pledged_periods(list(by_id), as_of=as_of)
    existing = {}
    for producer in AdvancedProducer.objects.filter(person_id__in=list(found)).order_by("-pk"):
        existing.setdefault(producer.person_id, producer)
    rows = []
    for person_id, pledged in found.items():
        run = []
        for period in pledged:
            if not period.is_over_fulfilled or period.scrap:
                break
            if run and not consecutive(run[-1], period):
                break
            run.append(period)
        if len(run) >= periods:
            rows.append(ProducerCandidate(by_id[person_id], run, existing.get(person_id)))
    rows.sort(key=lambda row: (-len(row.run), row.person.unit_path, row.person.name))
    return rows


def is_pending(producer):
    """True while a suggestion waits for the meeting, or the producer is confirmed."""
    return producer is not None and producer.status in (
        ProducerStatus.SUGGESTED,
        ProducerStatus.CONFIRMED,
    )
