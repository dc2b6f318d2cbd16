"""The departmentalism guard: a participant improving its own figure at the cost of the
one it hands over to.

Seed 001: each shift stopped loading coal 10–20 minutes before the handover, leaving
it to the next shift, so its own coal per tonne looked better and the next shift's
worse. For each watched handover (giver → taker on a metric) the guard compares each
side's figure in a period with the period just before it, and flags the period when
the giver's figure improves while the taker's worsens. Improvement is direction-aware
(less coal per tonne is better) and a ratio is always the sum of its numerator over
the sum of its denominator.

The flags are plain dicts (dates as ISO text, figures as numbers, names in both
languages), so the scoring engine can keep them in `Evaluation.findings` as JSON and
the snippet `competitions/_handover_flags.html` can draw them from there.
"""

import datetime
from decimal import Decimal

from django.db.models import Sum

from gexin.competitions.choices import Frequency
from gexin.plans import fulfilment, periods
from gexin.plans.choices import MetricKind, PeriodKind
from gexin.plans.models import Record, from_milli

FREQUENCY_PERIODS = {
    Frequency.WEEKLY: PeriodKind.WEEK,
    Frequency.MONTHLY: PeriodKind.MONTH,
    Frequency.QUARTERLY: PeriodKind.QUARTER,
}


def period_before(start, end):
    """The period just before [start, end] and of its length: the previous month(s) for
    whole months, else as many days."""
    return periods.previous_range(start, end)


def competition_periods(competition, today=None):
    """[(start, end)] of the competition's periods that have begun by `today`.

    The periods of its evaluations when it has any; else the calendar periods of its
    frequency (weeks, months, quarters) cut to the competition's dates.
    """
    today = today or datetime.date.today()
    evaluated = list(
        competition.evaluations.order_by("period_start").values_list("period_start", "period_end")
    )
    if evaluated:
        return evaluated
    kind = FREQUENCY_PERIODS[competition.frequency]
    found = []
    start = periods.period_start(kind, competition.starts_on)
    last = min(competition.ends_on, today)
    while start <= last:
        end = periods.period_end(kind, start)
        found.append((max(start, competition.starts_on), min(end, competition.ends_on)))
        start = end + datetime.timedelta(days=1)
    return found


def figure(participant, metric, start, end):
    """The participant's figure of `metric` over [start, end], or None without records.

    A unit's figure covers its whole subtree; a person's, the records naming that person.
    """
    codes = [metric.pk]
    if metric.kind == MetricKind.RATIO:
        codes = [metric.numerator_id, metric.denominator_id]
    if participant.person_id:
        sums = dict(
            Record.objects.filter(
                person_id=participant.person_id,
                metric_id__in=codes,
                day__gte=start,
                day__lte=end,
            )
            .values_list("metric_id")
            .annotate(total=Sum("value_milli"))
        )
    else:
        sums = fulfilment.totals(participant.unit.path, start, end, metric_ids=codes)
    if metric.kind == MetricKind.QUANTITY:
        return from_milli(sums[metric.pk]) if metric.pk in sums else None
    numerator = sums.get(metric.numerator_id)
    denominator = sums.get(metric.denominator_id)
    if numerator is None or not denominator:
        return None
    return Decimal(numerator) / Decimal(denominator) * metric.factor


def _movement(metric, before, after):
    """ "better", "worse", "same" or None (a figure missing), direction-aware."""
    if before is None or after is None:
        return None
    if after == before:
        return "same"
    rose = after > before
    return "better" if rose != metric.lower_is_better else "worse"


def _number(value):
    return None if value is None else float(round(value, 4))


def _names(participant):
    """The participant's name in English and in Chinese."""
    if participant.person_id:
        person = participant.person
        return person.name_latin or person.name, person.name
    unit = participant.unit
    return unit.name, unit.name_zh or unit.name


def compare(handover, start, end):
    """Both sides of the handover in [start, end] against the period just before.

    A dict: the figures before and after and the change of each side, how each moved
    ("better", "worse", "same", or None when a figure is missing), and `flagged`.
    """
    metric = handover.metric
    before_start, before_end = period_before(start, end)
    row = {
        "handover": handover.pk,
        "metric": metric.code,
        "metric_name": metric.name,
        "metric_name_zh": metric.name_zh or metric.name,
        "unit_of_measure": metric.unit_of_measure,
        "unit_of_measure_zh": metric.unit_of_measure_zh or metric.unit_of_measure,
        "lower_is_better": metric.lower_is_better,
        "decimals": metric.decimals,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "before_start": before_start.isoformat(),
        "before_end": before_end.isoformat(),
    }
    for side in ("giver", "taker"):
        participant = getattr(handover, side)
        before = figure(participant, metric, before_start, before_end)
        after = figure(participant, metric, start, end)
        name, name_zh = _names(participant)
        row.update(
            {
                side: participant.pk,
                f"{side}_name": name,
                f"{side}_name_zh": name_zh,
                f"{side}_before": _number(before),
                f"{side}_after": _number(after),
                f"{side}_change": _number(after - before) if None not in (before, after) else None,
                f"{side}_moved": _movement(metric, before, after),
            }
        )
    row["flagged"] = row["giver_moved"] == "better" and row["taker_moved"] == "worse"
    return row


def handovers_of(competition):
    return competition.handovers.select_related(
        "metric", "giver__person", "giver__unit", "taker__person", "taker__unit"
    ).order_by("pk")


def handover_flags(competition, start, end):
    """The competition's handovers flagged in [start, end]: the giver's own figure got
    better than in the period before while the taker's got worse. A list of dicts (see
    `compare`), empty when no handover is flagged."""
    rows = (compare(handover, start, end) for handover in handovers_of(competition))
    return [row for row in rows if row["flagged"]]
