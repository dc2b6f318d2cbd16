import datetime
from decimal import Decimal

import pytest

from gexin.plans import fulfilment, records
from gexin.plans.models import DailyTotal, ImportBatch, MonthlyTotal, Record
from gexin.plans.tests.factories import make_plan, put

D = datetime.date


def totals_equal_recomputation():
    daily = {(t.unit_id, t.metric_id, t.day): t.value_milli for t in DailyTotal.objects.all()}
    monthly = {(t.unit_id, t.metric_id, t.month): t.value_milli for t in MonthlyTotal.objects.all()}
    records.recompute_totals()
    daily_again = {(t.unit_id, t.metric_id, t.day): t.value_milli for t in DailyTotal.objects.all()}
    monthly_again = {
        (t.unit_id, t.metric_id, t.month): t.value_milli for t in MonthlyTotal.objects.all()
    }
    strip = lambda d: {k: v for k, v in d.items() if v}  # noqa: E731
    return strip(daily) == strip(daily_again) and strip(monthly) == strip(monthly_again)


def test_to_milli():
    assert records.to_milli("12.5") == 12500
    assert records.to_milli("0.001") == 1
    assert records.to_milli("1,200") == 1200000
    assert records.to_milli(3) == 3000
    assert records.to_milli(2.25) == 2250
    assert records.to_milli("1.0005") is None
    assert records.to_milli("abc") is None
    assert records.to_milli("") is None
    assert records.to_milli("1e3") is None


def test_import_is_idempotent_and_keeps_totals(world):
    rows = [
        ("plant-a-turning", "1959-03-01", "1", "pieces_produced", "", "100"),
        ("plant-a-turning", "1959-03-01", "2", "pieces_produced", "", "120"),
        ("plant-a-turning", "1959-03-01", "", "pieces_qualified", "", "210"),
        ("plant-a-turning", "1959-03-02", "1", "pieces_produced", "A-002", "50.5"),
    ]
    first = put(rows)
    assert (first.created, first.updated, first.unchanged) == (4, 0, 0)
    stored = sorted(Record.objects.values_list("unit_id", "day", "shift", "value_milli", "batch"))
    again = put(rows)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    fields = ("unit_id", "day", "shift", "value_milli", "batch")
    assert sorted(Record.objects.values_list(*fields)) == stored
    changed = put([("plant-a-turning", "1959-03-01", "1", "pieces_produced", "", "90")])
    assert (changed.created, changed.updated) == (0, 1)
    assert Record.objects.count() == 4
    assert totals_equal_recomputation()
    unit = world.units["plant-a"]
    sums = fulfilment.totals(unit.path, D(1959, 3, 1), D(1959, 3, 31))
    assert sorted(Decimal(v) / 1000 for v in sums.values()) == [210, Decimal("260.5")]
    assert ImportBatch.objects.count() == 3


def test_one_bad_row_writes_nothing_and_names_each_bad_cell(world):
    rows = [
        ("plant-a-turning", "1959-03-01", "1", "pieces_produced", "", "100"),
        ("no-such-unit", "1959-03-01", "1", "pieces_produced", "", "100"),
        ("plant-a-turning", "1959-3-1", "4", "qualified_rate", "", "-1"),
        ("plant-a-turning", "1959-03-01", "1", "pieces_produced", "", "7"),
        ("plant-a-turning", "1959-03-02", "", "pieces_produced", "B-404", "1.2345"),
    ]
    with pytest.raises(records.RecordsRejected) as rejected:
        put(rows)
    found = {(e.row, e.column) for e in rejected.value.errors}
    assert found == {
        (3, "unit"),
        (4, "day"),
        (4, "shift"),
        (4, "metric"),
        (4, "value"),
        (5, ""),
        (6, "person"),
        (6, "value"),
    }
    assert Record.objects.count() == 0
    assert DailyTotal.objects.count() == 0
    assert ImportBatch.objects.count() == 0


def test_unit_out_of_scope_is_refused(world):
    leader = world.users["leader_a"]
    with pytest.raises(records.RecordsRejected) as rejected:
        put([("plant-b-shift-1", "1959-03-01", "1", "steel_output", "", "5")], user=leader)
    assert [(e.row, e.column) for e in rejected.value.errors] == [(2, "unit")]
    put([("plant-a-turning", "1959-03-01", "1", "pieces_produced", "", "5")], user=leader)
    assert Record.objects.count() == 1


def test_future_day_is_refused(world):
    with pytest.raises(records.RecordsRejected):
        put(
            [("plant-a-turning", "2031-01-01", "1", "pieces_produced", "", "5")],
            today=D(2030, 1, 1),
        )


def test_delete_takes_value_off_totals(world):
    put([("plant-a-turning", "1959-03-01", "1", "steel_output", "", "5")])
    put([("plant-a-turning", "1959-03-01", "2", "steel_output", "", "7")])
    records.delete_records(Record.objects.filter(shift=1))
    assert totals_equal_recomputation()
    assert DailyTotal.objects.get().value_milli == 7000


def test_weighted_ratio_and_direction(world):
    rows = [
        # Group A: 100 of 100 qualified; shift 1 B: 50 of 100; the mean of rates is 75%.
        ("plant-a-turning", "1959-03-01", "", "pieces_produced", "", "100"),
        ("plant-a-turning", "1959-03-01", "", "pieces_qualified", "", "100"),
        ("plant-b-shift-1", "1959-03-01", "", "pieces_produced", "", "300"),
        ("plant-b-shift-1", "1959-03-01", "", "pieces_qualified", "", "150"),
        ("plant-b-shift-1", "1959-03-01", "", "coal_used", "", "5300"),
        ("plant-b-shift-1", "1959-03-01", "", "steel_output", "", "100"),
    ]
    put(rows)
    hubei = world.units["hubei"]
    make_plan(hubei, "month", D(1959, 3, 1), {"qualified_rate": 60, "coal_per_tonne_steel": 56})
    result = fulfilment.compute(hubei, D(1959, 3, 1), D(1959, 3, 31), today=D(1990, 1, 1))
    lines = {line.metric.code: line for line in result.lines}
    assert lines["qualified_rate"].actual == Decimal(250) / Decimal(400) * 100
    assert round(lines["qualified_rate"].percent, 2) == Decimal("104.17")
    coal = lines["coal_per_tonne_steel"]
    assert coal.actual == 53
    assert coal.percent > 100  # lower than target is over-fulfilment
    assert coal.ahead_behind == 3


def test_quantity_pace_and_forecast(world):
    unit = world.units["plant-b-shift-1"]
    make_plan(unit, "month", D(1959, 3, 1), {"steel_output": 3100})
    put(
        [
            ("plant-b-shift-1", f"1959-03-{day:02d}", "", "steel_output", "", "80")
            for day in range(1, 16)
        ]
    )
    result = fulfilment.compute(unit, D(1959, 3, 1), D(1959, 3, 31), today=D(1990, 1, 1))
    (line,) = result.lines
    assert result.as_of == D(1959, 3, 15)
    assert line.actual == 1200
    assert line.expected_to_date == 1500
    assert line.ahead_behind == -300
    assert line.required_daily_level == Decimal(1900) / 16
    assert line.forecast == Decimal(1200) * 31 / 15


def test_targets_prefer_the_finest_covering_plan(world):
    unit = world.units["plant-b"]
    make_plan(unit, "year", D(1959, 1, 1), {"steel_output": 36500})
    make_plan(unit, "month", D(1959, 3, 1), {"steel_output": 5000})
    assert (
        fulfilment.targets(unit, D(1959, 3, 1), D(1959, 3, 31))[
            fulfilment.Metric.objects.get(code="steel_output").pk
        ]
        == 5000
    )
    april = fulfilment.targets(unit, D(1959, 4, 1), D(1959, 4, 30))
    assert list(april.values()) == [Decimal(36500) * 30 / 365]


def test_actuals_and_comparisons_stop_at_as_of(world):
    unit = world.units["plant-b-shift-1"]
    make_plan(unit, "month", D(1959, 3, 1), {"steel_output": 3100})
    days = [f"1959-02-{day:02d}" for day in range(1, 29)] + [
        f"1959-03-{day:02d}" for day in range(1, 32)
    ]
    put([("plant-b-shift-1", day, "", "steel_output", "", "100") for day in days])
    result = fulfilment.compute(unit, D(1959, 3, 1), D(1959, 3, 31), as_of=D(1959, 3, 15))
    (line,) = result.lines
    assert line.actual == 1500
    assert line.ahead_behind == 0
    assert line.previous == 1500  # 1-15 February, not the whole month
    assert line.change == 0


def test_a_ceiling_is_judged_against_the_allowance_so_far(world):
    unit = world.units["plant-b-shift-1"]
    make_plan(unit, "month", D(1959, 3, 1), {"coal_used": 3100})
    put([("plant-b-shift-1", "1959-03-01", "", "coal_used", "", "100")])
    (line,) = fulfilment.compute(unit, D(1959, 3, 1), D(1959, 3, 31), as_of=D(1959, 3, 1)).lines
    assert line.percent == 100  # on the allowance, not 3100%
    assert line.ahead_behind == 0
    (empty,) = fulfilment.compute(unit, D(1959, 4, 1), D(1959, 4, 30)).lines or [None]
    assert empty is None or empty.ahead_behind is None
