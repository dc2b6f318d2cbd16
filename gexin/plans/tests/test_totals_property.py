"""Property: whatever is imported, re-imported or deleted, the totals equal the records.

Random sequences of imports (overlapping keys, the same or changed values, with and
without people, several units and metrics) and deletions keep every daily and
monthly total equal to a recomputation from plans_record, the counts of new,
changed and unchanged rows right, fulfilment.totals() and series() equal to a
direct sum over the records for any unit's subtree and any range of days, and
last_day_with_data() equal to the last day holding a daily total.
"""

import datetime
import random

from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gexin.plans import fulfilment, periods, records
from gexin.plans.models import DailyTotal, Metric, Record

D = datetime.date
FIRST_DAY = D(1959, 1, 27)  # the days cross two month ends
DAYS = 40
# Units that record, with the people (by world key) who may be named on their rows.
RECORDING_UNITS = {
    "plant-a-turning": ("leader_a", "worker_a", "turner_a"),
    "plant-a": ("manager_a", "worker_a", "turner_a"),
    "plant-b-shift-1": ("worker_b", "roller_b"),
    "plant-b-rolling": ("roller_b",),
}
SUBTREES = ("mmi", "hubei", "plant-a", "plant-a-turning", "plant-b", "plant-b-shift-1")
METRICS = ("steel_output", "coal_used", "pieces_produced")

row_strategy = st.tuples(
    st.sampled_from(sorted(RECORDING_UNITS)),
    st.integers(0, DAYS - 1),
    st.integers(0, 3),
    st.sampled_from(METRICS),
    st.integers(0, 3),  # 0: no person, else the n-th person who may be named
    st.sampled_from([0, 1, 500, 1000, 2500, 10**6, 123_456_789]),
)
operation_strategy = st.one_of(
    st.tuples(st.just("import"), st.lists(row_strategy, min_size=1, max_size=12)),
    # Import again rows imported before, some with a new value.
    st.tuples(st.just("again"), st.integers(0, 2**16), st.integers(0, 3)),
    st.tuples(st.just("delete"), st.integers(0, 2**16)),
)
range_strategy = st.tuples(
    st.sampled_from(SUBTREES), st.integers(-3, DAYS + 3), st.integers(0, DAYS + 6)
)


def stored_records():
    return {
        (r.unit_id, r.day, r.shift, r.metric_id, r.person_id): r.value_milli
        for r in Record.objects.all()
    }


def recomputed_totals():
    """(daily, monthly) sums straight from plans_record, zeros left out."""
    month = (
        "CAST(date_trunc('month', day) AS date)"
        if connection.vendor == "postgresql"
        else "substr(day, 1, 8) || '01'"
    )
    result = []
    with connection.cursor() as cursor:
        for key in ("day", month):
            cursor.execute(
                f"SELECT unit_id, metric_id, {key}, SUM(value_milli) FROM plans_record "
                f"GROUP BY unit_id, metric_id, {key}"
            )
            result.append(
                {
                    (unit_id, metric_id, fulfilment._as_date(day)): int(value)
                    for unit_id, metric_id, day, value in cursor.fetchall()
                    if value
                }
            )
    return result


def stored_totals():
    result = []
    with connection.cursor() as cursor:
        for table, column in (("plans_dailytotal", "day"), ("plans_monthlytotal", "month")):
            cursor.execute(f"SELECT unit_id, metric_id, {column}, value_milli FROM {table}")
            result.append(
                {
                    (unit_id, metric_id, fulfilment._as_date(day)): int(value)
                    for unit_id, metric_id, day, value in cursor.fetchall()
                    if value
                }
            )
    return result


def direct_sums(path, start, end, *, by=None):
    """Sums over plans_record for the subtree: {metric_id: …} or {(day or month, metric_id): …}."""
    sums = {}
    for record in Record.objects.filter(unit__path__startswith=path, day__gte=start, day__lte=end):
        if by == "day":
            key = (record.day, record.metric_id)
        elif by == "month":
            key = (record.day.replace(day=1), record.metric_id)
        else:
            key = record.metric_id
        sums[key] = sums.get(key, 0) + record.value_milli
    return {key: value for key, value in sums.items() if value}


def last_total_day(path, start, end):
    """The last day of the range with a daily total (even of zero) in the subtree."""
    days = DailyTotal.objects.filter(
        unit__path__startswith=path, day__gte=start, day__lte=end
    ).values_list("day", flat=True)
    return max(days, default=None)


def nonzero(mapping):
    return {key: value for key, value in mapping.items() if value}


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    operations=st.lists(operation_strategy, min_size=1, max_size=7),
    ranges=st.lists(range_strategy, min_size=1, max_size=4),
)
def test_totals_always_equal_the_records(world, operations, ranges):
    units = {code: world.units[code] for code in set(RECORDING_UNITS) | set(SUBTREES)}
    metric_ids = dict(Metric.objects.filter(code__in=METRICS).values_list("code", "pk"))
    with transaction.atomic():
        model = {}  # what plans_record should hold: key -> value_milli
        imported = []  # every row imported so far, for re-imports
        for operation in operations:
            if operation[0] == "import":
                rows = {}
                for code, offset, shift, metric, person_number, value in operation[1]:
                    people = RECORDING_UNITS[code]
                    person = world.people[people[(person_number - 1) % len(people)]]
                    key = (
                        units[code].pk,
                        FIRST_DAY + datetime.timedelta(days=offset),
                        shift,
                        metric_ids[metric],
                        person.pk if person_number else None,
                    )
                    rows[key] = value  # one row per key, as validated imports have
                typed = [(*key, value) for key, value in rows.items()]
            elif operation[0] == "again":
                if not imported:
                    continue
                rng = random.Random(operation[1])
                chosen = {row[:5]: row[5] for row in rng.sample(imported, min(8, len(imported)))}
                typed = [
                    (*key, value + (operation[2] * 1000 if index % 2 else 0))
                    for index, (key, value) in enumerate(chosen.items())
                ]
            else:
                stored = list(Record.objects.order_by("pk"))
                rng = random.Random(operation[1])
                doomed = [record for record in stored if rng.random() < 0.4]
                records.delete_records(doomed)
                for record in doomed:
                    del model[
                        (
                            record.unit_id,
                            record.day,
                            record.shift,
                            record.metric_id,
                            record.person_id,
                        )
                    ]
                continue
            records.Validator(None).check_typed(typed)
            expected_created = sum(1 for row in typed if row[:5] not in model)
            expected_updated = sum(
                1 for row in typed if row[:5] in model and model[row[:5]] != row[5]
            )
            result = records.load(typed)
            assert (result.created, result.updated) == (expected_created, expected_updated)
            assert result.unchanged == len(typed) - expected_created - expected_updated
            for row in typed:
                model[row[:5]] = row[5]
            imported.extend(typed)

            assert stored_records() == model
            assert stored_totals() == recomputed_totals()

        for code, first, length in ranges:
            start = FIRST_DAY + datetime.timedelta(days=first)
            end = start + datetime.timedelta(days=length)
            path = units[code].path
            ids = list(metric_ids.values())
            assert nonzero(fulfilment.totals(path, start, end)) == direct_sums(path, start, end)
            daily = fulfilment.series(path, start, end, ids)
            assert nonzero({(day, m): v for day, m, v in daily}) == direct_sums(
                path, start, end, by="day"
            )
            assert fulfilment.last_day_with_data(path, start, end) == last_total_day(
                path, start, end
            )
            monthly = fulfilment.series(path, start, end, ids, by_month=True)
            whole_months = direct_sums(
                path, start.replace(day=1), periods.month_end(end), by="month"
            )
            assert nonzero({(day, m): v for day, m, v in monthly}) == whole_months
        transaction.set_rollback(True)


def test_a_stored_key_after_new_ones_is_compared_not_copied(world):
    unit = world.units["plant-a-turning"].pk
    metric = Metric.objects.get(code="steel_output").pk
    day = D(1959, 3, 1)
    records.load([(unit, day, 1, metric, None, 5000)])
    # The first row is new, the second is stored: the quick insert is undone and the
    # rows are compared with the stored ones instead.
    result = records.load([(unit, day, 2, metric, None, 7000), (unit, day, 1, metric, None, 6000)])
    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    assert stored_totals() == recomputed_totals()
    # New records on a day whose totals went to zero are added to those totals.
    records.delete_records(Record.objects.all())
    assert DailyTotal.objects.get(unit_id=unit, day=day).value_milli == 0
    result = records.load([(unit, day, 3, metric, None, 1000)])
    assert (result.created, result.updated) == (1, 0)
    assert DailyTotal.objects.get(unit_id=unit, day=day).value_milli == 1000
    assert stored_totals() == recomputed_totals()
