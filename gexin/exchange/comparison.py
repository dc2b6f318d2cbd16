"""Same-type comparison (同工种对比): one metric lined up for every unit of a work type and
kind across all plants, so that the best can be asked to help.

Figures come from the plans records exactly as the fulfilment page reads them (what
`gexin.plans.fulfilment.totals` sums over each unit's subtree, here for every unit in
one query, then `metric_values`): a ratio is the sum of its numerator over the sum of
its denominator, never a mean of ratios. Only aggregated figures per unit are shown.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Max

from gexin.core.permissions import scope_q
from gexin.exchange.models import PLANT_KINDS
from gexin.org.choices import UnitKind
from gexin.org.models import Unit, WorkType
from gexin.plans import fulfilment, periods
from gexin.plans.choices import MetricKind
from gexin.plans.models import Metric, MonthlyTotal

DEFAULT_KIND = UnitKind.WORKSHOP
HUNDRED = Decimal(100)


@dataclass
class Row:
    """One unit's figure. `gap` is how far it lies behind the best, in % of the best's
    figure (0 for the best, None without records or when the best's figure is 0)."""

    unit: Unit
    plant: Unit
    value: Decimal | None
    rank: int | None = None
    gap: Decimal | None = None
    is_best: bool = False

    @property
    def has_records(self):
        return self.value is not None

    def as_dict(self):
        def number(value, places):
            return None if value is None else float(round(value, places))

        return {
            "unit": self.unit.code,
            "unit_name": self.unit.display_name,
            "plant": self.plant.code,
            "plant_name": self.plant.display_name,
            "value": number(self.value, 4),
            "rank": self.rank,
            "gap_percent": number(self.gap, 1),
            "is_best": self.is_best,
            "has_records": self.has_records,
        }


def units_of(work_type, kind=DEFAULT_KIND):
    """Every unit of the work type and kind, in every plant, in tree order."""
    return Unit.objects.filter(work_type=work_type, kind=kind).order_by("path")


def plants_of(units):
    """{unit pk: its plant} for many units in one query (see models.plant_of)."""
    ancestor_paths = {path for unit in units for path in unit.ancestor_paths()}
    plants = {
        plant.path: plant
        for plant in Unit.objects.filter(path__in=ancestor_paths, kind__in=PLANT_KINDS)
    }
    found = {}
    for unit in units:
        if unit.kind in PLANT_KINDS:
            found[unit.pk] = unit
            continue
        nearest = [plants[path] for path in unit.ancestor_paths() if path in plants]
        found[unit.pk] = nearest[-1] if nearest else unit
    return found


def recorded_ids(metric):
    """The metrics whose records make up this one: itself, or a ratio's two parts."""
    if metric.kind == MetricKind.RATIO:
        return [metric.numerator_id, metric.denominator_id]
    return [metric.pk]


def subtree_totals(paths, start, end, metric_ids):
    """{path: {metric_id: thousandths}}: what `fulfilment.totals(path, start, end,
    metric_ids=…)` answers for each path, for every path at once in one query.

    As there, whole months are read from the monthly totals and the days at either edge
    from the daily ones. Each part starts from the units of the subtrees (one indexed
    prefix each) and sums their totals by the subtree's path, the first `len(path)`
    characters of the unit's: one part per length of path among `paths`, so subtrees
    lying inside one another are each summed whole, as one by one."""
    paths = sorted(set(paths))
    found = {path: {} for path in paths}
    if not paths or not metric_ids:
        return found
    condition, path_params = fulfilment._path_condition()
    months, edges = fulfilment._split(start, end)
    metric_marks = ", ".join(["%s"] * len(metric_ids))
    parts, params = [], []
    by_length = {}
    for path in paths:
        by_length.setdefault(len(path), []).append(path)
    for length, same in sorted(by_length.items()):
        inside = " OR ".join([condition] * len(same))
        inside_params = [param for path in same for param in path_params(path)]
        sources = []
        if months:
            sources.append(("plans_monthlytotal", "month", months))
        sources += [("plans_dailytotal", "day", edge) for edge in edges]
        for table, column, (first, last) in sources:
            parts.append(
                f"SELECT substr(u.path, 1, {int(length)}), t.metric_id, SUM(t.value_milli) "
                f"FROM {table} t JOIN org_unit u ON u.id = t.unit_id WHERE ({inside}) "
                f"AND t.{column} >= %s AND t.{column} <= %s AND t.metric_id IN ({metric_marks}) "
                f"GROUP BY substr(u.path, 1, {int(length)}), t.metric_id"
            )
            params += [*inside_params, first, last, *metric_ids]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    for path, metric_id, value in rows:
        sums = found[path]
        sums[metric_id] = sums.get(metric_id, 0) + int(value)
    return found


def compare(work_type, metric, start, end, *, kind=DEFAULT_KIND):
    """Every unit of the work type and kind with the metric's value over [start, end],
    best first by the metric's direction; units without records last."""
    units = list(units_of(work_type, kind))
    plants = plants_of(units)
    metrics = {metric.pk: metric}
    sums = subtree_totals([unit.path for unit in units], start, end, recorded_ids(metric))
    rows = []
    for unit in units:
        value = fulfilment.metric_values(metrics, sums[unit.path]).get(metric.pk)
        rows.append(Row(unit=unit, plant=plants[unit.pk], value=value))
    lower = metric.lower_is_better
    valued = [row for row in rows if row.value is not None]
    valued.sort(key=lambda row: (row.value if lower else -row.value, row.unit.path))
    best = valued[0].value if valued else None
    rank = 0
    for position, row in enumerate(valued, 1):
        if position == 1 or row.value != valued[position - 2].value:
            rank = position
        row.rank = rank
        row.is_best = row.value == best
        row.gap = gap(row.value, best)
    return valued + [row for row in rows if row.value is None]


def gap(value, best):
    """How far `value` lies behind `best`, in % of the best's figure."""
    if value is None or best is None:
        return None
    if value == best:
        return Decimal(0)
    if best == 0:
        return None
    return (abs(value - best) / abs(best) * HUNDRED).quantize(Decimal("0.1"))


# Defaults: what the page shows before anything is chosen


def _subtrees_q(units, lookup="unit__path"):
    return scope_q(lookup, [unit.path for unit in units], connection.vendor)


def metrics_with_records(work_type, kind=DEFAULT_KIND):
    """The metrics that have records for units of the work type, most units first."""
    units = list(units_of(work_type, kind))
    if not units:
        return []
    counts = dict(
        MonthlyTotal.objects.filter(_subtrees_q(units))
        .values("metric_id")
        .annotate(units=Count("unit_id", distinct=True))
        .values_list("metric_id", "units")
    )
    found = []
    for metric in Metric.objects.order_by("code"):
        covered = min((counts.get(pk, 0) for pk in recorded_ids(metric)), default=0)
        if covered:
            found.append((covered, metric))
    # Most units covered first; of equal cover, a ratio (a rate compares fairly between
    # units of different size) before a quantity.
    found.sort(key=lambda pair: (-pair[0], pair[1].kind != MetricKind.RATIO, pair[1].code))
    return [metric for _covered, metric in found]


def default_period(work_type, metric, kind=DEFAULT_KIND, today=None):
    """The last full month with records of the metric for units of the work type; the
    current month so far when only it has records; else the last full month."""
    today = today or datetime.date.today()
    this_month = today.replace(day=1)
    units = list(units_of(work_type, kind)) if work_type is not None else []
    records = MonthlyTotal.objects.none()
    if units and metric is not None:
        records = MonthlyTotal.objects.filter(
            _subtrees_q(units), metric_id__in=recorded_ids(metric)
        )
    last_full = records.filter(month__lt=this_month).aggregate(last=Max("month"))["last"]
    if last_full is not None:
        last_full = fulfilment._as_date(last_full)
        return last_full, periods.month_end(last_full)
    if records.filter(month=this_month).exists():
        return this_month, today
    start = periods.add_months(this_month, -1)
    return start, periods.month_end(start)


def default_work_type(user=None, kind=DEFAULT_KIND):
    """The work type of the user's own unit (or of the nearest above it that has one, or
    of the first unit of the kind below it), else the first work type with such units."""
    from gexin.org.backends import own_person

    person = own_person(user) if user is not None else None
    if person is not None:
        unit = person.unit
        if unit.work_type_id:
            return unit.work_type
        for ancestor in reversed(unit.lineage()):
            if ancestor.work_type_id:
                return ancestor.work_type
        # A plant's manager: the work type of the plant's first unit of the kind.
        below = (
            unit.subtree()
            .filter(kind=kind, work_type__isnull=False)
            .select_related("work_type")
            .order_by("path")
            .first()
        )
        if below is not None:
            return below.work_type
    with_units = Unit.objects.filter(kind=kind, work_type__isnull=False).values("work_type_id")
    return WorkType.objects.filter(pk__in=with_units).order_by("name").first()


@dataclass
class Choice:
    """What is compared: filled in from what was asked, the rest by the defaults."""

    work_type: WorkType | None
    metric: Metric | None
    start: datetime.date
    end: datetime.date
    kind: str


def choose(*, work_type=None, metric=None, start=None, end=None, kind=None, user=None, today=None):
    """The comparison asked for, with defaults for whatever was not given."""
    kind = kind or DEFAULT_KIND
    if work_type is None:
        work_type = default_work_type(user, kind)
    if metric is None and work_type is not None:
        found = metrics_with_records(work_type, kind)
        metric = found[0] if found else None
    if metric is None:
        metric = Metric.objects.order_by("code").first()
    if start is None or end is None:
        default_start, default_end = default_period(work_type, metric, kind, today)
        if start is None and end is None:
            start, end = default_start, default_end
        elif start is None:
            start = end.replace(day=1)
        else:
            end = periods.month_end(start)
    return Choice(work_type=work_type, metric=metric, start=start, end=end, kind=kind)


def rows_for(choice):
    """The rows of a chosen comparison (none while there is nothing to compare)."""
    if choice.work_type is None or choice.metric is None:
        return []
    return compare(choice.work_type, choice.metric, choice.start, choice.end, kind=choice.kind)
