"""Plan fulfilment: targets against actuals for a unit's whole subtree and any dates.

Actuals come from the daily and monthly totals (see gexin.plans.records): whole
months are read from the monthly totals, the days at either edge from the daily
ones, so a quarter of a 1,000-unit tree sums a few thousand rows. Ratios are
always the sum of their numerator over the sum of their denominator.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, connections, router

from gexin.plans import periods
from gexin.plans.choices import PERIOD_ORDER, Direction, MetricKind
from gexin.plans.models import DailyTotal, Metric, PlanTarget, from_milli

HUNDRED = Decimal(100)


# Reading totals


def reading_cursor():
    """A cursor on the database the ORM would read the totals from (a replica for the
    pages marked to read there, see gexin.core.replicas)."""
    return connections[router.db_for_read(DailyTotal)].cursor()


def _path_condition(alias="u"):
    if connection.vendor == "postgresql":
        return f"{alias}.path LIKE %s", lambda path: [path + "%"]
    return f"{alias}.path >= %s AND {alias}.path < %s", lambda path: [path, path + "~"]


def _split(start, end):
    """(first month, last month) read from monthly totals, and the edge day ranges."""
    first_month = start if start.day == 1 else periods.add_months(start, 1)
    last_month_end = (
        end if end == periods.month_end(end) else end.replace(day=1) - datetime.timedelta(days=1)
    )
    if first_month > last_month_end:
        return None, [(start, end)]
    edges = []
    if start < first_month:
        edges.append((start, first_month - datetime.timedelta(days=1)))
    if last_month_end < end:
        edges.append((last_month_end + datetime.timedelta(days=1), end))
    return (first_month, last_month_end.replace(day=1)), edges


def _monthly_source(cursor, path, *, need_path=False):
    """(FROM … WHERE …, params) selecting the monthly totals `t` of the subtree at `path`.

    A subtree holding every unit (the whole group) needs no join with the units: its
    months are one range of the covering index plans_monthly_month. Otherwise
    PostgreSQL's planner chooses how to join; SQLite, which cannot tell how many units
    a path range holds, always goes unit by unit, an index step per unit, so for a
    subtree of most units it is made to read month by month instead. Totals of units
    that no longer exist cannot be left behind: deleting a unit deletes its totals.
    """
    condition, path_params = _path_condition()
    joined = "FROM plans_monthlytotal t JOIN org_unit u ON u.id = t.unit_id"
    if connection.vendor == "sqlite":
        cursor.execute(
            "SELECT COUNT(*), SUM(path >= %s AND path < %s) FROM org_unit", [path, path + "~"]
        )
        units, inside = cursor.fetchone()
        every = bool(units) and inside == units
        if units and 2 * (inside or 0) >= units:
            joined = "FROM plans_monthlytotal t CROSS JOIN org_unit u ON u.id = t.unit_id"
    else:
        cursor.execute(
            "SELECT NOT EXISTS (SELECT 1 FROM org_unit WHERE path NOT LIKE %s)", [path + "%"]
        )
        every = cursor.fetchone()[0]
    if every and not need_path:
        return "FROM plans_monthlytotal t WHERE true", []
    return f"{joined} WHERE {condition}", path_params(path)


def totals(path, start, end, *, by_child_length=None, metric_ids=None):
    """{metric_id: thousandths} for the subtree at `path`, or {(child path, metric_id): …}."""
    return totals_of_ranges(
        path, [(start, end)], by_child_length=by_child_length, metric_ids=metric_ids
    )[0]


def totals_of_ranges(path, ranges, *, by_child_length=None, metric_ids=None):
    """totals() of several (start, end) ranges in one query: a list of dicts."""
    condition, path_params = _path_condition()
    group = "t.metric_id"
    select = "t.metric_id"
    if by_child_length:
        select = group = f"substr(u.path, 1, {int(by_child_length)}), t.metric_id"
    metric_filter = ""
    metric_params = []
    if metric_ids:
        metric_filter = f" AND t.metric_id IN ({', '.join(['%s'] * len(metric_ids))})"
        metric_params = list(metric_ids)
    parts = []
    params = []
    results = [{} for _range in ranges]
    with reading_cursor() as cursor:
        monthly, monthly_params = _monthly_source(cursor, path, need_path=bool(by_child_length))
        for index, (start, end) in enumerate(ranges):
            months, edges = _split(start, end)
            if months:
                parts.append(
                    f"SELECT {index}, {select}, SUM(t.value_milli) {monthly} "
                    f"AND t.month >= %s AND t.month <= %s{metric_filter} GROUP BY {group}"
                )
                params += [*monthly_params, months[0], months[1], *metric_params]
            for day_from, day_to in edges:
                parts.append(
                    f"SELECT {index}, {select}, SUM(t.value_milli) FROM plans_dailytotal t "
                    f"JOIN org_unit u ON u.id = t.unit_id WHERE {condition} "
                    f"AND t.day >= %s AND t.day <= %s{metric_filter} GROUP BY {group}"
                )
                params += [*path_params(path), day_from, day_to, *metric_params]
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    for row in rows:
        result = results[row[0]]
        key = (row[1], row[2]) if by_child_length else row[1]
        result[key] = result.get(key, 0) + int(row[-1])
    return results


def series(path, start, end, metric_ids, *, by_month=False):
    """[(day or month, metric_id, thousandths)] for the subtree, in date order."""
    condition, path_params = _path_condition()
    if by_month:
        start = start.replace(day=1)
    marks = ", ".join(["%s"] * len(metric_ids))
    with reading_cursor() as cursor:
        if by_month:
            column = "month"
            source, params = _monthly_source(cursor, path)
        else:
            column = "day"
            source = (
                f"FROM plans_dailytotal t JOIN org_unit u ON u.id = t.unit_id WHERE {condition}"
            )
            params = path_params(path)
        cursor.execute(
            f"SELECT t.{column}, t.metric_id, SUM(t.value_milli) {source} "
            f"AND t.{column} >= %s AND t.{column} <= %s AND t.metric_id IN ({marks}) "
            f"GROUP BY t.{column}, t.metric_id ORDER BY t.{column}",
            [*params, start, end, *metric_ids],
        )
        rows = cursor.fetchall()
    return [(_as_date(day), metric_id, int(value)) for day, metric_id, value in rows]


def last_day_with_data(path, start, end):
    """The last day in [start, end] on which a unit of the subtree has a daily total."""
    condition, path_params = _path_condition()
    with reading_cursor() as cursor:
        # Usually the range's last day has data: one index step for the first unit.
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM org_unit u JOIN plans_dailytotal t "
            f"ON t.unit_id = u.id WHERE {condition} AND t.day = %s)",
            [*path_params(path), end],
        )
        if cursor.fetchone()[0]:
            return end
        # Else each unit's last day is one step down its index, where a plain MAX over
        # the join would read every day of the range for the whole subtree.
        cursor.execute(
            "SELECT MAX((SELECT MAX(t.day) FROM plans_dailytotal t "
            "WHERE t.unit_id = u.id AND t.day >= %s AND t.day <= %s)) "
            f"FROM org_unit u WHERE {condition}",
            [start, end, *path_params(path)],
        )
        row = cursor.fetchone()
    return _as_date(row[0]) if row and row[0] else None


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str):
        return datetime.date.fromisoformat(value[:10])
    return value


# Targets


def targets(unit, start, end):
    """{metric_id: target} for the unit over [start, end], from its own plans.

    For each metric the finest kind of period whose plans cover every day of the range
    is used (a March leap plan rather than a twelfth of the year's); a plan reaching
    beyond the range counts in proportion to its days inside it. Ratios are averaged
    over the days instead of summed.
    """
    rows = (
        PlanTarget.objects.filter(plan__unit=unit, plan__start__lte=end, plan__end__gte=start)
        .select_related("metric")
        .values_list(
            "metric_id", "metric__kind", "plan__period_kind", "plan__start", "plan__end", "value"
        )
    )
    by_metric = {}
    for metric_id, kind, period_kind, plan_start, plan_end, value in rows:
        by_metric.setdefault(metric_id, (kind, {}))[1].setdefault(period_kind, []).append(
            (plan_start, plan_end, value)
        )
    total_days = periods.days_between(start, end)
    result = {}
    for metric_id, (kind, by_period) in by_metric.items():
        best = None
        for period_kind in reversed(PERIOD_ORDER):
            plans = by_period.get(period_kind)
            if not plans:
                continue
            covered = sum(
                periods.days_between(max(p_start, start), min(p_end, end))
                for p_start, p_end, _v in plans
            )
            if best is None or covered > best[0]:
                best = (covered, plans)
            if covered >= total_days:
                best = (covered, plans)
                break
        covered, plans = best
        if kind == MetricKind.RATIO:
            weighted = sum(
                value * periods.days_between(max(p_start, start), min(p_end, end))
                for p_start, p_end, value in plans
            )
            result[metric_id] = weighted / covered
        else:
            result[metric_id] = sum(
                value
                * periods.days_between(max(p_start, start), min(p_end, end))
                / periods.days_between(p_start, p_end)
                for p_start, p_end, value in plans
            )
    return result


# Fulfilment


@dataclass
class Line:
    """One metric's fulfilment. `ahead_behind` is positive when ahead of the plan."""

    metric: Metric
    target: Decimal | None
    actual: Decimal | None
    percent: Decimal | None = None
    expected_to_date: Decimal | None = None
    ahead_behind: Decimal | None = None
    required_daily_level: Decimal | None = None
    forecast: Decimal | None = None
    previous: Decimal | None = None
    change: Decimal | None = None
    year_ago: Decimal | None = None
    year_change: Decimal | None = None
    extra: dict = field(default_factory=dict)

    @property
    def change_in_points(self):
        """Ratios change by points (97.93 → 97.81), quantities by percent."""
        return self.metric.kind == MetricKind.RATIO

    @property
    def is_behind(self):
        return self.ahead_behind is not None and self.ahead_behind < 0

    def as_dict(self):
        def number(value, places=3):
            return None if value is None else float(round(value, places))

        return {
            "metric": self.metric.code,
            "metric_name": self.metric.display_name,
            "kind": self.metric.kind,
            "unit_of_measure": self.metric.unit_of_measure,
            "direction": self.metric.direction,
            "target": number(self.target),
            "actual": number(self.actual),
            "percent": number(self.percent, 2),
            "expected_to_date": number(self.expected_to_date),
            "ahead_behind": number(self.ahead_behind),
            "required_daily_level": number(self.required_daily_level),
            "forecast": number(self.forecast),
            "previous_period": number(self.previous),
            "change_on_previous": number(self.change, 2),
            "same_period_last_year": number(self.year_ago),
            "change_on_last_year": number(self.year_change, 2),
            "change_unit": "points" if self.change_in_points else "percent",
        }


@dataclass
class Fulfilment:
    unit: object
    start: datetime.date
    end: datetime.date
    as_of: datetime.date
    lines: list
    previous_range: tuple
    year_ago_range: tuple

    @property
    def days(self):
        return periods.days_between(self.start, self.end)

    @property
    def elapsed_days(self):
        if self.as_of < self.start:
            return 0
        return periods.days_between(self.start, min(self.as_of, self.end))


def metric_values(metrics, sums):
    """{metric_id: Decimal} of quantities and of the ratios their sums allow."""
    values = {}
    for metric in metrics.values():
        if metric.kind == MetricKind.QUANTITY:
            if metric.pk in sums:
                values[metric.pk] = from_milli(sums[metric.pk])
        else:
            numerator = sums.get(metric.numerator_id)
            denominator = sums.get(metric.denominator_id)
            if numerator is not None and denominator:
                values[metric.pk] = Decimal(numerator) / Decimal(denominator) * metric.factor
    return values


def all_metrics():
    return {metric.pk: metric for metric in Metric.objects.all()}


def compute(unit, start, end, *, as_of=None, today=None, metrics=None):
    """The fulfilment of the unit's subtree over [start, end] (both included)."""
    if end < start:
        raise ValueError("end before start")
    metrics = metrics or all_metrics()
    today = today or datetime.date.today()
    if as_of is None:
        # A subtree without totals in the range has no last day either.
        as_of = min(end, today)
        last = last_day_with_data(unit.path, start, end)
        if last is not None and last < as_of:
            as_of = last
        measured = (start, end)
    elif as_of < start:
        measured = None
    else:
        # Actuals up to the day the pace is measured to, as the expected figure is.
        measured = (start, min(as_of, end))
    total_days = periods.days_between(start, end)
    elapsed = 0 if as_of < start else periods.days_between(start, min(as_of, end))
    previous = periods.previous_range(start, end)
    year_ago = periods.shifted(start, end, -12)
    # Part of a period is compared with the same part of the earlier ones; the three
    # ranges are summed by one query.
    ranges = [_first_days(previous, elapsed), _first_days(year_ago, elapsed)]
    found = totals_of_ranges(unit.path, ranges if measured is None else [measured, *ranges])
    sums = {} if measured is None else found.pop(0)
    actuals = metric_values(metrics, sums)
    previous_values = metric_values(metrics, found[0])
    year_values = metric_values(metrics, found[1])
    goal = targets(unit, start, end)
    lines = []
    shown = set(goal) | set(actuals)
    for metric in sorted((metrics[pk] for pk in shown), key=lambda m: m.code):
        line = Line(metric, goal.get(metric.pk), actuals.get(metric.pk))
        _fill(line, total_days, elapsed)
        line.previous = previous_values.get(metric.pk)
        line.change = _change(line.actual, line.previous, line.change_in_points)
        line.year_ago = year_values.get(metric.pk)
        line.year_change = _change(line.actual, line.year_ago, line.change_in_points)
        lines.append(line)
    return Fulfilment(unit, start, end, as_of, lines, previous, year_ago)


def _first_days(day_range, days):
    """The range cut to its first `days` days (never shorter than one day)."""
    first, last = day_range
    cut = first + datetime.timedelta(days=max(days, 1) - 1)
    return first, min(last, cut)


def _fill(line, total_days, elapsed):
    target, actual = line.target, line.actual
    lower = line.metric.direction == Direction.LOWER
    if target is None:
        return
    done = actual if actual is not None else Decimal(0)
    if line.metric.kind == MetricKind.RATIO:
        line.expected_to_date = target
        if actual is not None:
            line.ahead_behind = (target - actual) if lower else (actual - target)
            line.forecast = actual
            line.percent = _percent(actual, target, lower)
        return
    line.expected_to_date = target * elapsed / total_days
    remaining = total_days - elapsed
    if lower:
        # A ceiling (coal used): judged against the allowance so far, and not at all
        # before anything is recorded.
        if actual is None or not elapsed:
            return
        line.percent = _percent(done, line.expected_to_date, lower)
        line.ahead_behind = line.expected_to_date - done
    else:
        line.percent = _percent(done, target, lower)
        line.ahead_behind = done - line.expected_to_date
    if remaining > 0:
        line.required_daily_level = max(target - done, Decimal(0)) / remaining
    if elapsed:
        line.forecast = done * total_days / elapsed


def _percent(actual, target, lower):
    """Percent fulfilled; for lower-is-better, beating the target gives over 100."""
    if lower:
        if not actual:
            return None
        return target / actual * HUNDRED
    if not target:
        return None
    return actual / target * HUNDRED


def _change(now, before, points):
    if now is None or before is None:
        return None
    if points:
        return now - before
    if not before:
        return None
    return (now - before) / before * HUNDRED


def ranked_children(unit, start, end, *, metric, as_of=None, metrics=None):
    """The unit's direct children with their actual (and target) for `metric`, best first."""
    from gexin.org.models import Unit

    metrics = metrics or all_metrics()
    children = list(Unit.objects.filter(parent=unit).order_by("path"))
    if not children:
        return []
    length = len(unit.path) + unit.steplen
    # Up to the as-of day, like the unit's own figures.
    last = min(end, as_of) if as_of is not None else end
    sums = totals(unit.path, start, last, by_child_length=length) if last >= start else {}
    rows = []
    for child in children:
        child_sums = {mid: value for (path, mid), value in sums.items() if path == child.path}
        value = metric_values(metrics, child_sums).get(metric.pk)
        target = targets(child, start, end).get(metric.pk)
        percent = (
            _percent(value if value is not None else Decimal(0), target, metric.lower_is_better)
            if target is not None
            else None
        )
        rows.append({"unit": child, "actual": value, "target": target, "percent": percent})

    def sort_key(row):
        if row["percent"] is not None:
            return (0, -row["percent"])
        if row["actual"] is None:
            return (2, 0)
        return (1, row["actual"] if metric.lower_is_better else -row["actual"])

    rows.sort(key=sort_key)
    return rows


def cumulative(unit, start, end, metric_ids):
    """Per metric: [(day, cumulative actual in units)] for the chart (monthly past a year)."""
    by_month = periods.days_between(start, end) > 400
    points = {}
    running = {}
    for day, metric_id, value in series(unit.path, start, end, metric_ids, by_month=by_month):
        running[metric_id] = running.get(metric_id, 0) + value
        points.setdefault(metric_id, []).append((day, from_milli(running[metric_id])))
    return points, by_month
