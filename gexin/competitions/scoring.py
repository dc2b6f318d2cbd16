"""The scoring of labour competitions: figures, points, totals, ranks, the banner.

Figures
    A unit participant's figure for a metric over a period is its whole subtree's (the
    daily and monthly totals of gexin.plans.fulfilment); a person participant's comes
    from the records that name that person. A quantity with no records is 0. A ratio is
    always the sum of its numerator over the sum of its denominator, times its factor,
    never a mean of ratios: the qualified rate of two groups is their qualified pieces
    over their pieces produced. A ratio whose denominator is 0 has no figure.

Points (0–100) per criterion
    fulfilment   p = min(percent, 150) × 100 / 150, where percent is the direction-aware
                 percent of the participant's own target for the period (actual ÷ target,
                 or target ÷ actual when lower is better), the target being its plans'
                 (a person's: their pledges') pro-rated to the period. Over-fulfilment
                 counts up to 150 % of the plan, which gives the full 100 points; the plan
                 just met gives 66.667. No target: the criterion is not scored for that
                 participant, and the reason is shown.
    improvement  c = the direction-aware relative change, in percent, of the figure
                 against the participant's own figure over the criterion's baseline
                 period ((figure − baseline) ÷ baseline, reversed when lower is better);
                 p = 50 + 5 × c, held within 0…100: no change gives 50, ten percent better
                 100, ten percent worse 0. No baseline figure (or 0): not scored.
    rank         the participants with a figure are ranked, best first (lower coal per
                 tonne ranks higher); equal figures share a rank (1, 1, 3);
                 p = 100 × (n − rank) ÷ (n − 1) over the n ranked, so the first has 100
                 and the last 0 (a lone participant 100).

Total
    Σ weight × points ÷ Σ weight over the criteria scored for the participant. The
    committee may set an adjusted total, with a written reason; the final score is the
    adjusted one when set. Participants are ranked by final score, equal scores sharing
    a rank; `change` is the places gained since the previous evaluation.

Eligibility gates
    A participant failing a gate (e.g. accidents at most 0, qualified rate at least 98)
    keeps its place in the standings but cannot hold the banner; the reason names the
    gate, its figure and the threshold. A ratio gate without a figure is failed.

Findings of an evaluation (`Evaluation.findings`)
    gap           mean final score of the top quarter minus that of the bottom quarter
                  (a quarter is ceil(n ÷ 4) participants, at least one; no gap below two)
    top_mean, bottom_mean, quarter_size
    gap_previous  the previous evaluation's gap; widening: the gap grew since then
    handover_flags  from gexin.competitions.guard when that module exists

Recomputing replaces the computed part of every score and keeps the committee's
adjustments (each was decided with a reason, recorded in the history). A published
evaluation is locked: it is neither recomputed nor adjusted.
"""

import datetime
import math
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gexin.competitions.choices import EvaluationStatus, Frequency, GateOperator, Scoring
from gexin.competitions.models import BannerHolding, Evaluation, Score
from gexin.core import audit
from gexin.plans import fulfilment
from gexin.plans import periods as plan_periods
from gexin.plans.choices import PERIOD_ORDER, MetricKind, PeriodKind
from gexin.plans.models import PledgeTarget, Record

HUNDRED = Decimal(100)
FULFILMENT_CAP = Decimal(150)
IMPROVEMENT_FULL = Decimal(10)  # percent better that earns the full 100 points
POINTS_PLACES = Decimal("0.001")
FIGURE_PLACES = Decimal("0.0001")

# Why a criterion was not scored for a participant (kept as a code, shown translated).
NO_TARGET = "no_target"
NO_BASELINE = "no_baseline"
NO_FIGURE = "no_figure"

FREQUENCY_PERIODS = {
    Frequency.WEEKLY: PeriodKind.WEEK,
    Frequency.MONTHLY: PeriodKind.MONTH,
    Frequency.QUARTERLY: PeriodKind.QUARTER,
}


def missing_text(code):
    """The reason a criterion was not scored, in the active language."""
    return {
        NO_TARGET: _("no target for the period"),
        NO_BASELINE: _("no figure for the baseline period"),
        NO_FIGURE: _("no figure for the period"),
    }.get(code, "")


def rounded(value, places=POINTS_PLACES):
    return None if value is None else value.quantize(places, rounding=ROUND_HALF_UP)


def number(value, places=POINTS_PLACES):
    """A Decimal as a JSON number, rounded (None stays None)."""
    return None if value is None else float(rounded(value, places))


# Periods


def periods(competition):
    """The evaluation periods of the competition, [(start, end)], in order.

    Weeks run Monday to Sunday, months and quarters are calendar ones; the first and
    last are clipped to the competition's own dates.
    """
    kind = FREQUENCY_PERIODS[Frequency(competition.frequency)]
    found = []
    start = plan_periods.period_start(kind, competition.starts_on)
    while start <= competition.ends_on:
        end = plan_periods.period_end(kind, start)
        found.append((max(start, competition.starts_on), min(end, competition.ends_on)))
        start = end + datetime.timedelta(days=1)
    return found


def period_of(competition, day):
    """The evaluation period (start, end) holding `day`; refused outside the competition."""
    for start, end in periods(competition):
        if start <= day <= end:
            return start, end
    raise ValidationError(
        _("%(day)s is outside the competition, which runs from %(start)s to %(end)s.")
        % {"day": day, "start": competition.starts_on, "end": competition.ends_on}
    )


# Figures


def _ratio_or_quantity(metric, sums):
    """The figure of `metric` from {metric_id: thousandths}: sum over sum for a ratio."""
    if metric.kind == MetricKind.QUANTITY:
        return Decimal(sums.get(metric.pk, 0)).scaleb(-3)
    denominator = sums.get(metric.denominator_id)
    if not denominator:
        return None
    # No record of the numerator with some of the denominator is a rate of 0.
    return Decimal(sums.get(metric.numerator_id, 0)) / Decimal(denominator) * metric.factor


def _person_sums(people, start, end):
    """{person_id: {metric_id: thousandths}} of the records naming each person."""
    sums = {}
    rows = (
        Record.objects.filter(person_id__in=people, day__gte=start, day__lte=end)
        .values_list("person_id", "metric_id")
        .annotate(total=Sum("value_milli"))
        .order_by()
    )
    for person_id, metric_id, total in rows:
        sums.setdefault(person_id, {})[metric_id] = int(total)
    return sums


def sums_for(participants, ranges):
    """{(participant id, range): {metric_id: thousandths}} for each participant and range."""
    result = {}
    people = [p.person_id for p in participants if p.person_id]
    for day_range in ranges:
        by_person = _person_sums(people, *day_range) if people else {}
        for participant in participants:
            if participant.person_id:
                result[participant.pk, day_range] = by_person.get(participant.person_id, {})
    for participant in participants:
        if participant.person_id:
            continue
        found = fulfilment.totals_of_ranges(participant.unit.path, list(ranges))
        for day_range, sums in zip(ranges, found, strict=True):
            result[participant.pk, day_range] = sums
    return result


def figure(participant, metric, start, end):
    """One participant's figure for `metric` over [start, end] (None: a ratio with no base)."""
    sums = sums_for([participant], [(start, end)])[participant.pk, (start, end)]
    return _ratio_or_quantity(metric, sums)


# Targets


def pledge_targets(person, start, end):
    """{metric_id: target} from the person's pledges, pro-rated to [start, end].

    As for a unit's plans (gexin.plans.fulfilment.targets): the finest kind of plan
    period covering the range is used, a pledge reaching beyond the range counts in
    proportion to its days inside it, and a ratio is averaged over the days.
    """
    rows = PledgeTarget.objects.filter(
        pledge__person=person, pledge__plan__start__lte=end, pledge__plan__end__gte=start
    ).values_list(
        "metric_id",
        "metric__kind",
        "pledge__plan__period_kind",
        "pledge__plan__start",
        "pledge__plan__end",
        "value",
    )
    by_metric = {}
    for metric_id, kind, period_kind, plan_start, plan_end, value in rows:
        by_metric.setdefault(metric_id, (kind, {}))[1].setdefault(period_kind, []).append(
            (plan_start, plan_end, value)
        )
    total_days = plan_periods.days_between(start, end)

    def inside(p_start, p_end):
        return plan_periods.days_between(max(p_start, start), min(p_end, end))

    result = {}
    for metric_id, (kind, by_period) in by_metric.items():
        best = None
        for period_kind in reversed(PERIOD_ORDER):
            pledges = by_period.get(period_kind)
            if not pledges:
                continue
            covered = sum(inside(p_start, p_end) for p_start, p_end, _v in pledges)
            if best is None or covered > best[0]:
                best = (covered, pledges)
            if covered >= total_days:
                break
        covered, pledges = best
        if kind == MetricKind.RATIO:
            result[metric_id] = sum(v * inside(s, e) for s, e, v in pledges) / covered
        else:
            result[metric_id] = sum(
                v * inside(s, e) / plan_periods.days_between(s, e) for s, e, v in pledges
            )
    return result


def targets_of(participant, start, end):
    """The participant's own targets for the period: its unit's plans or its pledges."""
    if participant.person_id:
        return pledge_targets(participant.person, start, end)
    return fulfilment.targets(participant.unit, start, end)


# Points


def fulfilment_points(value, target, metric):
    """(points, percent) of a figure against its target; (None, None) without a target."""
    if target is None:
        return None, None
    lower = metric.lower_is_better
    if value is None:
        return None, None
    if lower and not value:
        # Nothing used against an allowance: as far over the plan as can count.
        percent = None
        points = HUNDRED
    else:
        percent = fulfilment._percent(value, target, lower)
        if percent is None:
            return None, None
        points = min(max(percent, Decimal(0)), FULFILMENT_CAP) * HUNDRED / FULFILMENT_CAP
    return points, percent


def improvement_points(value, baseline, metric):
    """(points, percent change) of a figure against its baseline; (None, None) without one."""
    if value is None or not baseline:
        return None, None
    change = (value - baseline) / abs(baseline) * HUNDRED
    if metric.lower_is_better:
        change = -change
    points = Decimal(50) + Decimal(50) * change / IMPROVEMENT_FULL
    return min(max(points, Decimal(0)), HUNDRED), change


def rank_points(values, metric):
    """{key: (rank, points)} of the figures {key: Decimal or None}, best first.

    Equal figures share a rank; those without a figure are not ranked.
    """
    ranked = {key: value for key, value in values.items() if value is not None}
    ordered = sorted(ranked.values(), reverse=not metric.lower_is_better)
    count = len(ordered)
    result = {}
    for key, value in ranked.items():
        rank = ordered.index(value) + 1
        points = HUNDRED if count == 1 else HUNDRED * (count - rank) / (count - 1)
        result[key] = (rank, points)
    return result


def competition_ranks(values):
    """{key: rank} from {key: score}, highest first, equal scores sharing a rank."""
    ordered = sorted(values.values(), reverse=True)
    return {key: ordered.index(value) + 1 for key, value in values.items()}


def gate_result(gate, value):
    """(passed, reason) of a participant's figure against an eligibility gate."""
    threshold = gate.threshold.normalize()
    shown = "—" if value is None else f"{rounded(value, Decimal('0.01')).normalize():f}"
    if gate.operator == GateOperator.AT_MOST:
        passed = value is not None and value <= gate.threshold
        rule = _("must be at most %(threshold)s")
    else:
        passed = value is not None and value >= gate.threshold
        rule = _("must be at least %(threshold)s")
    reason = (
        ""
        if passed
        else _("%(gate)s: %(figure)s (%(rule)s)")
        % {
            "gate": gate.label,
            "figure": shown,
            "rule": rule % {"threshold": f"{threshold:f}"},
        }
    )
    return passed, reason


# Computing an evaluation


def taking_part(evaluation):
    """The participants evaluated: active, and joined by the end of the period."""
    participants = evaluation.competition.participants.filter(is_active=True).select_related(
        "unit", "person__unit"
    )
    return [p for p in participants if p.joined_on is None or p.joined_on <= evaluation.period_end]


def score_participants(evaluation, participants=None):
    """{participant id: {"criteria", "total", "eligible", "reason"}} for the evaluation."""
    competition = evaluation.competition
    participants = taking_part(evaluation) if participants is None else participants
    criteria = list(competition.criteria.select_related("metric", "metric__numerator"))
    gates = list(competition.gates.select_related("metric"))
    period = (evaluation.period_start, evaluation.period_end)
    ranges = [period] + sorted(
        {
            (c.baseline_start, c.baseline_end)
            for c in criteria
            if c.scoring == Scoring.IMPROVEMENT and c.baseline_start and c.baseline_end
        }
    )
    sums = sums_for(participants, ranges)
    targets = {}
    if any(c.scoring == Scoring.FULFILMENT for c in criteria):
        targets = {p.pk: targets_of(p, *period) for p in participants}
    entries = {p.pk: {} for p in participants}
    for criterion in criteria:
        metric = criterion.metric
        values = {p.pk: _ratio_or_quantity(metric, sums[p.pk, period]) for p in participants}
        ranks = rank_points(values, metric) if criterion.scoring == Scoring.RANK else {}
        for participant in participants:
            value = values[participant.pk]
            entry = {
                "metric": metric.code,
                "scoring": criterion.scoring,
                "weight": number(criterion.weight, Decimal("0.01")),
                "value": number(value, FIGURE_PLACES),
                "points": None,
            }
            if criterion.scoring == Scoring.FULFILMENT:
                target = targets[participant.pk].get(metric.pk)
                points, percent = fulfilment_points(value, target, metric)
                entry["target"] = number(target, FIGURE_PLACES)
                entry["percent"] = number(percent, Decimal("0.01"))
                missing = NO_TARGET if target is None else NO_FIGURE
            elif criterion.scoring == Scoring.IMPROVEMENT:
                base = (criterion.baseline_start, criterion.baseline_end)
                baseline = (
                    _ratio_or_quantity(metric, sums[participant.pk, base])
                    if base in ranges
                    else None
                )
                points, change = improvement_points(value, baseline, metric)
                entry["baseline"] = number(baseline, FIGURE_PLACES)
                entry["change"] = number(change, Decimal("0.01"))
                missing = NO_FIGURE if value is None else NO_BASELINE
            else:
                rank, points = ranks.get(participant.pk, (None, None))
                entry["rank"] = rank
                entry["of"] = len(ranks)
                missing = NO_FIGURE
            if points is None:
                entry["missing"] = missing
            else:
                entry["points"] = number(points)
                entry["weighted"] = number(criterion.weight * rounded(points))
            entries[participant.pk][str(criterion.pk)] = entry
    result = {}
    for participant in participants:
        own = entries[participant.pk]
        scored = [
            (criterion.weight, Decimal(str(own[str(criterion.pk)]["points"])))
            for criterion in criteria
            if own[str(criterion.pk)]["points"] is not None
        ]
        weights = sum((weight for weight, _points in scored), Decimal(0))
        total = (
            sum(weight * points for weight, points in scored) / weights if weights else Decimal(0)
        )
        reasons = []
        for gate in gates:
            passed, reason = gate_result(
                gate, _ratio_or_quantity(gate.metric, sums[participant.pk, period])
            )
            if not passed:
                reasons.append(reason)
        result[participant.pk] = {
            "criteria": own,
            "total": rounded(total),
            "eligible": not reasons,
            "reason": "; ".join(reasons),
        }
    return result


def previous_evaluation(evaluation):
    """The competition's evaluation just before this one, or None."""
    return (
        Evaluation.objects.filter(
            competition_id=evaluation.competition_id, period_start__lt=evaluation.period_start
        )
        .order_by("-period_start")
        .first()
    )


def gap_findings(finals, previous):
    """The top-to-bottom quarter gap of the final scores, against the previous one."""
    ordered = sorted(finals, reverse=True)
    count = len(ordered)
    previous_gap = (previous.findings or {}).get("gap") if previous is not None else None
    if count < 2:
        return {
            "gap": None,
            "top_mean": None,
            "bottom_mean": None,
            "quarter_size": 0,
            "gap_previous": previous_gap,
            "widening": False,
        }
    size = max(1, math.ceil(count / 4))
    top = sum(ordered[:size], Decimal(0)) / size
    bottom = sum(ordered[-size:], Decimal(0)) / size
    gap = number(top - bottom)
    return {
        "gap": gap,
        "top_mean": number(top),
        "bottom_mean": number(bottom),
        "quarter_size": size,
        "gap_previous": previous_gap,
        "widening": previous_gap is not None and gap > previous_gap,
    }


def rank_scores(evaluation):
    """Rank the evaluation's scores by final score, fill `change` and the gap findings."""
    scores = list(evaluation.scores.select_related("participant"))
    ranks = competition_ranks({score.pk: score.final for score in scores})
    previous = previous_evaluation(evaluation)
    before = {}
    if previous is not None:
        before = dict(previous.scores.values_list("participant_id", "rank"))
    for score in scores:
        rank = ranks[score.pk]
        earlier = before.get(score.participant_id)
        change = earlier - rank if earlier is not None and rank is not None else None
        if (score.rank, score.change) != (rank, change):
            score.rank, score.change = rank, change
            score.save()
    findings = dict(evaluation.findings or {})
    findings.update(gap_findings([score.final for score in scores], previous))
    evaluation.findings = findings
    evaluation.save()
    return scores


def handover_flags(competition, start, end):
    """The departmentalism guard's flags, when that module is installed (else None)."""
    try:
        from gexin.competitions import guard
    except ImportError:
        return None
    finder = getattr(guard, "handover_flags", None)
    return finder(competition, start, end) if finder is not None else None


def compute(evaluation):
    """Compute the evaluation from the records: scores, ranks, changes and findings.

    Refused for a published evaluation. Runs in one transaction: every score is written
    or none.
    """
    with transaction.atomic():
        evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        evaluation.check_unlocked()
        participants = taking_part(evaluation)
        results = score_participants(evaluation, participants)
        stored = {score.participant_id: score for score in evaluation.scores.all()}
        for participant in participants:
            result = results[participant.pk]
            score = stored.pop(participant.pk, None) or Score(
                evaluation=evaluation, participant=participant
            )
            score.total = result["total"]
            score.criteria = result["criteria"]
            score.is_eligible = result["eligible"]
            score.reason = result["reason"]
            score.save()
        for score in stored.values():
            score.delete()
        findings = {}
        flags = handover_flags(evaluation.competition, *period_range(evaluation))
        if flags is not None:
            findings["handover_flags"] = flags
        evaluation.findings = findings
        evaluation.computed_at = timezone.now()
        evaluation.save()
        rank_scores(evaluation)
    return evaluation


def period_range(evaluation):
    return evaluation.period_start, evaluation.period_end


def evaluate(competition, day, *, note=""):
    """Create the evaluation of the period holding `day` (or take the existing one) and
    compute it. Refused outside the competition's dates and for a published one."""
    start, end = period_of(competition, day)
    with transaction.atomic():
        evaluation = Evaluation.objects.filter(competition=competition, period_start=start).first()
        if evaluation is None:
            evaluation = Evaluation.objects.create(
                competition=competition, period_start=start, period_end=end, note=note
            )
        else:
            evaluation.check_unlocked()
        return compute(evaluation)


def reasoned(reason, by):
    """The audit context for a committee decision: its reason and who made it."""
    if audit.current_context().actor is None and by is not None:
        return audit.audit_context(by, reason)
    return audit.audit_reason(reason)


def adjust(score, value, reason, by=None, *, check=None):
    """Set the committee's total of a score (None: back to the computed one).

    Refused without a written reason and once the evaluation is published; the reason
    is kept on the score and in its history, and the evaluation is ranked again.
    `check(stored_score)`, when given, runs under the evaluation's lock before the
    change and raises to refuse it (e.g. when the score changed since it was read).
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for adjusting the score.")})
    if value is not None and not (Decimal(0) <= value <= HUNDRED):
        raise ValidationError({"value": _("A score lies between 0 and 100.")})
    with transaction.atomic(), reasoned(reason, by):
        evaluation = Evaluation.objects.select_for_update().get(pk=score.evaluation_id)
        evaluation.check_unlocked()
        score = Score.objects.get(pk=score.pk)
        if check is not None:
            check(score)
        score.evaluation = evaluation
        score.adjusted_total = None if value is None else rounded(value)
        score.adjustment_reason = reason
        score.save()
        rank_scores(evaluation)
    return Score.objects.get(pk=score.pk)


def banner_winner(evaluation, scores=None):
    """The top-ranked participant eligible for the banner, or None.

    Between eligible participants sharing the first rank, the higher computed total
    wins, then the one that joined the competition first. `scores`: the evaluation's
    scores when the caller has them loaded already.
    """
    scores = evaluation.scores.all() if scores is None else scores
    eligible = [s for s in scores if s.is_eligible and s.rank is not None]
    if not eligible:
        return None
    return min(eligible, key=lambda s: (s.rank, -s.total, s.participant_id)).participant


def publish(evaluation, by=None):
    """Publish and lock the evaluation, and pass the banner to its winner.

    The winner holds the banner from the period's last day; the previous holder's
    holding ends that day. Refused when already published, before any score is
    computed, or when a later evaluation of the competition is already published.
    """
    with transaction.atomic(), reasoned("", by):
        evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        evaluation.check_unlocked()
        if not evaluation.competition.criteria.exists():
            raise ValidationError(
                _("The competition has no conditions: there is nothing to judge the winner by.")
            )
        if not evaluation.scores.exists():
            raise ValidationError(_("Compute the evaluation before publishing it."))
        later = Evaluation.objects.filter(
            competition_id=evaluation.competition_id,
            period_start__gt=evaluation.period_start,
            status=EvaluationStatus.PUBLISHED,
        )
        if later.exists():
            raise ValidationError(_("A later evaluation of this competition is already published."))
        winner = banner_winner(evaluation)
        if winner is not None:
            for holding in BannerHolding.objects.filter(
                competition_id=evaluation.competition_id, until__isnull=True
            ):
                holding.until = evaluation.period_end
                holding.save()
            BannerHolding.objects.create(
                competition_id=evaluation.competition_id,
                evaluation=evaluation,
                participant=winner,
                since=evaluation.period_end,
            )
        evaluation.status = EvaluationStatus.PUBLISHED
        evaluation.published_at = timezone.now()
        evaluation.published_by = by
        evaluation.save()
    return evaluation


# Reading the results


def standing_evaluation(competition, day):
    """The evaluation whose period holds `day`, else the latest before it, else None."""
    evaluations = Evaluation.objects.filter(competition=competition)
    holding = evaluations.filter(period_start__lte=day, period_end__gte=day).first()
    if holding is not None:
        return holding
    return evaluations.filter(period_end__lt=day).order_by("-period_start").first()


def participant_name(participant):
    return (
        participant.person.display_name if participant.person_id else participant.unit.display_name
    )


def standings_rows(competition, day):
    """The ranked rows of the evaluation standing on `day` (see standing_evaluation).

    Each row: {"participant": {"id", "name"}, "score", "computed", "adjusted",
    "adjustment_reason", "criteria": {criterion id: {"metric", "scoring", "weight",
    "value", "points", …}}, "eligible", "reason", "rank", "change"}.
    """
    evaluation = standing_evaluation(competition, day)
    if evaluation is None:
        return []
    scores = evaluation.scores.select_related("participant__unit", "participant__person")
    return [
        {
            "participant": {
                "id": score.participant_id,
                "name": participant_name(score.participant),
            },
            "score": number(score.final),
            "computed": number(score.total),
            "adjusted": number(score.adjusted_total),
            "adjustment_reason": score.adjustment_reason,
            "criteria": score.criteria,
            "eligible": score.is_eligible,
            "reason": score.reason,
            "rank": score.rank,
            "change": score.change,
            "evaluation": evaluation.pk,
            "period": [evaluation.period_start.isoformat(), evaluation.period_end.isoformat()],
        }
        for score in scores.order_by("rank", "pk")
    ]


def best_lever(score):
    """The single criterion that would lift the participant's computed total most if it
    reached the best points any participant scored on it in the same evaluation.

    Returns {"criterion", "metric", "points", "best", "lift"} (lift in total points), or
    None when the participant already has the best points on every criterion it is
    scored on. The lift of criterion c is weight_c × (best_c − points_c) ÷ Σ weight.
    """
    own = score.criteria or {}
    scored = {key: entry for key, entry in own.items() if entry.get("points") is not None}
    if not scored:
        return None
    weights = sum(Decimal(str(entry["weight"])) for entry in scored.values())
    best = {}
    for other in score.evaluation.scores.values_list("criteria", flat=True):
        for key, entry in (other or {}).items():
            if entry.get("points") is not None:
                best[key] = max(best.get(key, entry["points"]), entry["points"])
    lever = None
    for key, entry in scored.items():
        top = Decimal(str(best.get(key, entry["points"])))
        points = Decimal(str(entry["points"]))
        lift = Decimal(str(entry["weight"])) * (top - points) / weights
        if lift > 0 and (lever is None or lift > lever["lift"]):
            lever = {
                "criterion": int(key),
                "metric": entry["metric"],
                "points": float(points),
                "best": float(top),
                "lift": lift,
            }
    if lever is not None:
        lever["lift"] = number(lever["lift"])
    return lever


def gap_trend(competition, until=None):
    """[(period start, period end, gap, widening)] of the competition's evaluations."""
    evaluations = Evaluation.objects.filter(competition=competition).order_by("period_start")
    if until is not None:
        evaluations = evaluations.filter(period_start__lte=until)
    return [
        (
            evaluation.period_start,
            evaluation.period_end,
            (evaluation.findings or {}).get("gap"),
            bool((evaluation.findings or {}).get("widening")),
        )
        for evaluation in evaluations
    ]
