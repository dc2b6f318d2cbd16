"""The board's figures on a hand-checked quarter (see factories_board), and its cost."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gexin.national import board
from gexin.national.tests.factories_board import AS_OF, QUARTER, examples, steel_quarter
from gexin.org.choices import UnitKind
from gexin.org.tests.factories import UnitFactory
from gexin.plans import fulfilment
from gexin.plans.tests.factories import make_plan, metric, put

D = datetime.date


@pytest.fixture
def quarter(world):
    return steel_quarter(world)


def board_for(world, username, unit=None, **wanted):
    user = world.user(username)
    if unit is not None:
        wanted["unit"] = world.units[unit]
    return board.build(user, *board.choose(user, today=D(1959, 2, 20), **wanted))


def row_of(result, code):
    return next(row for row in [*result.rows, *result.key_rows] if row.unit.code == code)


def test_the_required_level_is_what_is_left_over_the_days_left(quarter):
    result = board_for(quarter, "admin", "hubei")
    plant_a = row_of(result, "plant-a")
    assert plant_a.target == 900 and plant_a.actual == 360
    assert result.days_left == 45
    assert plant_a.required == 12
    assert plant_a.levels == {1: 8, 10: 8, 30: 8}
    assert plant_a.gap == -4
    assert round(plant_a.gap_percent, 2) == Decimal("-33.33")
    assert plant_a.is_below and plant_a.days_below == 45 and plant_a.is_flagged


def test_the_levels_are_averages_over_the_last_days(quarter):
    plant_b = row_of(board_for(quarter, "admin", "hubei"), "plant-b")
    assert plant_b.actual == 498
    assert plant_b.levels[1] == 6
    assert plant_b.levels[10] == Decimal("7.8")  # 3 days of 12 t and 7 of 6 t
    assert plant_b.levels[30] == Decimal(23 * 12 + 7 * 6) / 30
    assert plant_b.required == Decimal(402) / 45
    assert plant_b.gap == Decimal("7.8") - Decimal(402) / 45


def test_a_unit_is_flagged_after_n_days_running_below(quarter):
    # Plant B fell to 6 t a day on 8 February: 7 days below, counted back from the 14th.
    assert row_of(board_for(quarter, "admin", "hubei"), "plant-b").days_below == 7
    assert row_of(board_for(quarter, "admin", "hubei"), "plant-b").is_flagged
    eight = board_for(quarter, "admin", "hubei", days_running=8)
    assert not row_of(eight, "plant-b").is_flagged
    # A week earlier it was ahead of what each day required.
    earlier = board_for(quarter, "admin", "hubei", as_of=D(1959, 2, 7))
    assert row_of(earlier, "plant-b").days_below == 0
    assert not row_of(earlier, "plant-b").is_below


def test_rows_are_sorted_worst_gap_first(quarter):
    result = board_for(quarter, "admin", "mmi")
    assert [row.unit.code for row in result.rows] == ["hubei", "henan"]
    henan = row_of(result, "henan")
    assert henan.gap == 0 and not henan.is_below
    hubei = board_for(quarter, "admin", "hubei")
    assert [row.unit.code for row in hubei.rows] == ["plant-a", "plant-b"]


def test_the_same_days_a_year_earlier_are_compared(quarter):
    result = board_for(quarter, "admin", "hubei")
    assert result.year_ago_range == (D(1958, 1, 1), D(1958, 2, 14))
    plant_a = row_of(result, "plant-a")
    assert plant_a.year_ago == 225 and plant_a.year_change == 60
    assert row_of(result, "plant-b").year_ago is None


def test_the_defaults_are_the_latest_quarter_with_records_and_its_last_day(quarter):
    unit, metric_, start, end, as_of, days_running = board.choose(
        quarter.user("admin"), today=D(2030, 5, 1)
    )
    assert unit.code == "mmi" and metric_.code == "steel_output"
    assert (start, end, as_of, days_running) == (QUARTER, D(1959, 3, 31), AS_OF, 5)


def test_the_unit_as_a_whole_is_read_with_its_plan(quarter):
    total = board_for(quarter, "admin", "mmi").total
    assert total.target == 2700 and total.actual == 360 + 498 + 450


def test_key_enterprises_are_listed_apart_below_the_ministry(quarter):
    examples(quarter)
    result = board_for(quarter, "admin", "mmi")
    assert [row.unit.code for row in result.key_rows] == ["plant-a"]
    assert row_of(result, "plant-a").required == 12
    # On the province's board the plant is a row of its own, marked key.
    hubei = board_for(quarter, "admin", "hubei")
    assert hubei.key_rows == [] and row_of(hubei, "plant-a").is_key


def test_the_targets_of_many_units_follow_the_rule_for_one(quarter):
    units = [quarter.units[code] for code in ("mmi", "hubei", "plant-a", "plant-b", "plant-h")]
    make_plan(quarter.units["plant-a"], "month", D(1959, 1, 1), {"steel_output": 250})
    steel = metric("steel_output")
    many = board.quarter_targets(units, steel, QUARTER, D(1959, 3, 31))
    for unit in units:
        one = fulfilment.targets(unit, QUARTER, D(1959, 3, 31)).get(steel.pk)
        assert many.get(unit.pk) == one


def test_a_board_costs_the_same_queries_for_two_or_twelve_provinces(
    quarter, django_assert_max_num_queries
):
    user = quarter.user("admin")
    with django_assert_max_num_queries(20):
        board_for(quarter, "admin", "mmi")
    with CaptureQueriesContext(connection) as few:
        board.build(user, *board.choose(user, unit=quarter.units["mmi"], today=D(1959, 2, 20)))
    for number in range(10):
        province = UnitFactory(
            code=f"p{number}", parent=quarter.units["mmi"], kind=UnitKind.PROVINCE
        )
        make_plan(province, "quarter", QUARTER, {"steel_output": 90})
        put([(province.code, "1959-02-14", "1", "steel_output", "", "1")])
    user = quarter.user("admin")
    with CaptureQueriesContext(connection) as many:
        result = board.build(
            user, *board.choose(user, unit=quarter.units["mmi"], today=D(1959, 2, 20))
        )
    assert len(result.rows) == 12
    assert len(many) == len(few)
