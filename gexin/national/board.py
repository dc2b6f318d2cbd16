"""The ministry's daily board: each unit's daily production level against the level its
quarter plan requires (seed 004: "enterprise leaders must grasp the daily production
level").

For one product (a quantity metric), a quarter and an as-of day, every unit one level
below the chosen one (and, below the ministry, the key enterprises) gets:

- its daily production level: the average output per day over the last 1, 10 and 30 days
  up to the as-of day;
- the level the quarter plan requires from the next day on: (quarter target − actual so
  far) ÷ days left;
- the gap: the 10-day level less the required one, in the metric's unit and in per cent of
  the required level; rows are sorted by that per cent, worst first, since provinces
  differ too much in size for tonnes to compare them;
- the same days a year earlier and the change on them;
- how many days running, counted back from the as-of day, its output stayed below the
  level required on each of those days; a unit is flagged from N days on.

A board costs a fixed number of queries whatever the number of units: the units of one
depth share each query (totals grouped by the prefix of their paths).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection

from gexin.core.permissions import PATH_END, permission_name, scope_paths, under
from gexin.org.models import Unit
from gexin.plans import fulfilment, periods
from gexin.plans.choices import PERIOD_ORDER, PeriodKind
from gexin.plans.models import Metric, Plan, PlanTarget, from_milli

DAY = datetime.timedelta(days=1)
HUNDRED = Decimal(100)
# The products the board follows, in the order of the seed: steel, pig iron, steel products.
PRODUCTS = ("steel_output", "pig_iron_output", "steel_products_output")
DEFAULT_PRODUCT = "steel_output"
DEFAULT_DAYS_RUNNING = 5
LEVEL_DAYS = (1, 10, 30)
GAP_DAYS = 10


class BoardError(Exception):
    """The board asked for cannot be drawn for this user (no unit in their scope)."""


def quarter_of(day):
    start = periods.period_start(PeriodKind.QUARTER, day)
    return start, periods.period_end(PeriodKind.QUARTER, start)


def quarter_code(start):
    """1959Q1: the quarter as the board's query string writes it."""
    return f"{start.year}Q{(start.month + 2) // 3}"


def quarter_label(start):
    return periods.period_label(PeriodKind.QUARTER, start)


# Who sees what


def plan_scope(user):
    """The paths on which the user may view plans (None: everywhere)."""
    return scope_paths(user, permission_name(Plan, "view"))


def sees(paths, path):
    return paths is None or any(path.startswith(scope) for scope in paths)


def may_open(paths, unit):
    """A board of a unit opens to those who see its plans or some unit inside it."""
    return paths is None or any(
        unit.path.startswith(scope) or scope.startswith(unit.path) for scope in paths
    )


def top_unit(user):
    """The highest unit whose plans the user may view (the root for a superuser)."""
    paths = plan_scope(user)
    if paths is None:
        return Unit.objects.filter(depth=1).order_by("path").first()
    if not paths:
        return None
    return Unit.objects.filter(path=min(paths, key=lambda path: (len(path), path))).first()


# Reading the records


def _under(path, alias="u"):
    if connection.vendor == "postgresql":
        return f"{alias}.path LIKE %s", [path + "%"]
    return f"{alias}.path >= %s AND {alias}.path < %s", [path, path + PATH_END]


def last_day_with_records(path, metric, start, end):
    """The last day in [start, end] with a daily total of the metric in the subtree."""
    condition, params = _under(path)
    with fulfilment.reading_cursor() as cursor:
        cursor.execute(
            "SELECT MAX(t.day) FROM plans_dailytotal t JOIN org_unit u ON u.id = t.unit_id "
            f"WHERE {condition} AND t.metric_id = %s AND t.day >= %s AND t.day <= %s",
            [*params, metric.pk, start, end],
        )
        row = cursor.fetchone()
    return fulfilment._as_date(row[0]) if row and row[0] else None


def daily_by_prefix(path, length, metric, start, end):
    """{(path prefix of `length`, day): thousandths} of the metric in the subtree."""
    condition, params = _under(path)
    with fulfilment.reading_cursor() as cursor:
        cursor.execute(
            f"SELECT substr(u.path, 1, {int(length)}), t.day, SUM(t.value_milli) "
            "FROM plans_dailytotal t JOIN org_unit u ON u.id = t.unit_id "
            f"WHERE {condition} AND t.metric_id = %s AND t.day >= %s AND t.day <= %s "
            f"GROUP BY substr(u.path, 1, {int(length)}), t.day",
            [*params, metric.pk, start, end],
        )
        rows = cursor.fetchall()
    return {(prefix, fulfilment._as_date(day)): int(value) for prefix, day, value in rows}


def quarter_targets(units, metric, start, end):
    """{unit id: target} of a quantity metric over [start, end], for many units at once.

    The rule of gexin.plans.fulfilment.targets, in one query for all the units: the
    finest kind of period whose plans cover the whole range, a plan reaching beyond the
    range counting in proportion to its days inside it.
    """
    rows = PlanTarget.objects.filter(
        plan__unit__in=units, metric=metric, plan__start__lte=end, plan__end__gte=start
    ).values_list("plan__unit_id", "plan__period_kind", "plan__start", "plan__end", "value")
    by_unit = {}
    for unit_id, period_kind, plan_start, plan_end, value in rows:
        by_unit.setdefault(unit_id, {}).setdefault(period_kind, []).append(
            (plan_start, plan_end, value)
        )
    total_days = periods.days_between(start, end)
    result = {}
    for unit_id, by_period in by_unit.items():
        best = None
        for period_kind in reversed(PERIOD_ORDER):
            plans = by_period.get(period_kind)
            if not plans:
                continue
            covered = sum(
                periods.days_between(max(p_start, start), min(p_end, end))
                for p_start, p_end, _value in plans
            )
            if best is None or covered > best[0] or covered >= total_days:
                best = (covered, plans)
            if covered >= total_days:
                break
        result[unit_id] = sum(
            value
            * periods.days_between(max(p_start, start), min(p_end, end))
            / periods.days_between(p_start, p_end)
            for p_start, p_end, value in best[1]
        )
    return result


# The board


@dataclass
class Row:
    """One unit's line on the board; figures in the metric's unit, None when unknown."""

    unit: object
    target: Decimal | None = None
    actual: Decimal = Decimal(0)
    levels: dict = field(default_factory=dict)
    required: Decimal | None = None
    gap: Decimal | None = None
    gap_percent: Decimal | None = None
    year_ago: Decimal | None = None
    year_change: Decimal | None = None
    days_below: int | None = None
    is_flagged: bool = False
    is_key: bool = False
    has_records: bool = False

    @property
    def is_below(self):
        return self.gap is not None and self.gap < 0

    def as_dict(self):
        def number(value, places=3):
            return None if value is None else float(round(value, places))

        return {
            "unit": self.unit.code,
            "unit_name": self.unit.display_name,
            "kind": self.unit.kind,
            "is_key_enterprise": self.is_key,
            "quarter_target": number(self.target),
            "actual_to_date": number(self.actual),
            "level_1_day": number(self.levels.get(1)),
            "level_10_days": number(self.levels.get(10)),
            "level_30_days": number(self.levels.get(30)),
            "required_level": number(self.required),
            "gap": number(self.gap),
            "gap_percent": number(self.gap_percent, 2),
            "is_below": self.is_below,
            "same_days_last_year": number(self.year_ago),
            "change_on_last_year_percent": number(self.year_change, 2),
            "days_below_running": self.days_below,
            "is_flagged": self.is_flagged,
        }


@dataclass
class Board:
    unit: object
    metric: object
    quarter_start: datetime.date
    quarter_end: datetime.date
    as_of: datetime.date
    days_running: int
    total: Row | None
    rows: list
    key_rows: list
    year_ago_range: tuple

    @property
    def quarter_label(self):
        return quarter_label(self.quarter_start)

    @property
    def days_left(self):
        return max((self.quarter_end - self.as_of).days, 0)

    @property
    def elapsed_days(self):
        return periods.days_between(self.quarter_start, self.as_of)

    @property
    def below(self):
        return [row for row in self.rows if row.is_below]


def choose(
    user, *, metric=None, unit=None, quarter=None, as_of=None, days_running=None, today=None
):
    """(unit, metric, quarter start, quarter end, as-of day, N) with the defaults filled."""
    today = today or datetime.date.today()
    paths = plan_scope(user)
    if unit is None:
        unit = top_unit(user)
    if unit is None or not may_open(paths, unit):
        raise BoardError(unit)
    if metric is None:
        metric = Metric.objects.get(code=DEFAULT_PRODUCT)
    if quarter is None and as_of is not None:
        quarter = quarter_of(as_of)[0]
    if quarter is None:
        start, end = quarter_of(today)
        if last_day_with_records(unit.path, metric, start, min(end, today)) is None:
            # Nothing yet this quarter: the latest quarter with records.
            last = last_day_with_records(unit.path, metric, datetime.date(1, 1, 1), today)
            if last is not None:
                start, end = quarter_of(last)
    else:
        start, end = quarter_of(quarter)
    if as_of is None:
        as_of = last_day_with_records(unit.path, metric, start, min(end, today))
        if as_of is None:
            as_of = max(start, min(end, today))
    as_of = min(max(as_of, start), end)
    return unit, metric, start, end, as_of, days_running or DEFAULT_DAYS_RUNNING


def build(user, unit, metric, start, end, as_of, days_running=DEFAULT_DAYS_RUNNING):
    """The board of `unit` for the metric, quarter [start, end] and as-of day."""
    paths = plan_scope(user)
    children = [
        child
        for child in Unit.objects.filter(parent=unit).order_by("path")
        if sees(paths, child.path)
    ]
    from gexin.national.models import KeyEnterprise

    marks = (
        KeyEnterprise.objects.restrict(user, "view")
        .filter(metric=metric, since__lte=as_of)
        .filter(under("unit__path", unit.path))
        .select_related("unit")
        .order_by("unit__path")
    )
    key_units = {mark.unit.path: mark.unit for mark in marks if sees(paths, mark.unit.path)}
    # Below the unit's own children, key enterprises are listed on their own.
    deeper = [
        key_units[path] for path in sorted(key_units) if len(path) > len(unit.path) + unit.steplen
    ]
    groups = [children, deeper]
    if sees(paths, unit.path):
        groups.append([unit])
    figures = _Figures(unit.path, metric, start, end, as_of, days_running)
    rows_of = {}
    for group in groups:
        by_length = {}
        for member in group:
            by_length.setdefault(len(member.path), []).append(member)
        for length, members in by_length.items():
            for row in figures.rows(length, members):
                row.is_key = row.unit.path in key_units
                rows_of[row.unit.path] = row
    rows = sort_rows([rows_of[child.path] for child in children])
    key_rows = sort_rows([rows_of[key.path] for key in deeper])
    total = rows_of.get(unit.path)
    return Board(
        unit, metric, start, end, as_of, days_running, total, rows, key_rows, figures.year_ago
    )


def sort_rows(rows):
    """Worst gap first (in per cent of the required level); units without a plan last."""

    def key(row):
        if row.gap_percent is not None:
            return (0, row.gap_percent, row.unit.path)
        return (1, Decimal(0), row.unit.path)

    return sorted(rows, key=key)


class _Figures:
    """Reads the figures of groups of units of one depth, a fixed number of queries each."""

    def __init__(self, path, metric, start, end, as_of, days_running):
        self.path, self.metric = path, metric
        self.start, self.end, self.as_of = start, end, as_of
        self.days_running = days_running
        self.year_ago = periods.shifted(start, as_of, -12)
        self.first_day = min(start, as_of - DAY * (max(LEVEL_DAYS) - 1))

    def rows(self, length, units):
        metric = self.metric
        found = fulfilment.totals_of_ranges(
            self.path,
            [(self.start, self.as_of), self.year_ago],
            by_child_length=length,
            metric_ids=[metric.pk],
        )
        daily = daily_by_prefix(self.path, length, metric, self.first_day, self.as_of)
        goals = quarter_targets(units, metric, self.start, self.end)
        result = []
        for unit in units:
            row = Row(unit)
            actual = found[0].get((unit.path, metric.pk))
            row.has_records = actual is not None
            row.actual = from_milli(actual or 0)
            year_ago = found[1].get((unit.path, metric.pk))
            row.year_ago = from_milli(year_ago) if year_ago is not None else None
            if row.year_ago:
                row.year_change = (row.actual - row.year_ago) / row.year_ago * HUNDRED
            days = {
                day: from_milli(value)
                for (prefix, day), value in daily.items()
                if prefix == unit.path
            }
            for span in LEVEL_DAYS:
                window = [self.as_of - DAY * n for n in range(span)]
                row.levels[span] = (
                    sum((days.get(day, Decimal(0)) for day in window), Decimal(0)) / span
                )
            row.target = goals.get(unit.pk)
            if row.target is not None:
                self._against_plan(row, days)
            result.append(row)
        return result

    def _against_plan(self, row, days):
        left = (self.end - self.as_of).days
        if left > 0:
            row.required = max(row.target - row.actual, Decimal(0)) / left
            row.gap = row.levels[GAP_DAYS] - row.required
            if row.required:
                row.gap_percent = row.gap / row.required * HUNDRED
        # Count back from the as-of day: each day's output against the level required
        # on that morning, (target − output before it) ÷ the days from it to the end.
        before = {}
        running = Decimal(0)
        day = self.start
        while day <= self.as_of:
            before[day] = running
            running += days.get(day, Decimal(0))
            day += DAY
        count = 0
        day = self.as_of
        while day >= self.start:
            required = max(row.target - before[day], Decimal(0)) / ((self.end - day).days + 1)
            if days.get(day, Decimal(0)) >= required:
                break
            count += 1
            day -= DAY
        row.days_below = count
        row.is_flagged = count >= self.days_running
