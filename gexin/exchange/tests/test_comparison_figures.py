"""The same-type comparison's figures: every rolling workshop across the plants, ranked
by a lower-is-better ratio (coal per tonne, the sum of coal over the sum of steel) and a
higher-is-better quantity (steel output), units without records last, and the defaults."""

import datetime
from decimal import Decimal

import pytest

from gexin.exchange import comparison
from gexin.exchange.tests.factories_cards import more_world, record
from gexin.org.choices import UnitKind
from gexin.org.tests.factories import UnitFactory
from gexin.plans.models import Metric

pytestmark = pytest.mark.django_db

MARCH = datetime.date(1959, 3, 1)
MARCH_END = datetime.date(1959, 3, 31)


def metric(code):
    return Metric.objects.get(code=code)


@pytest.fixture
def rolling(world):
    """Rolling workshops in plants A, B, C and D; D has no records.

    B's figures come from its own records and its shift's: 400 t of steel for 180,000 kg
    of coal is 450 kg/t, where the mean of the two ratios (600 and 400) would be 500."""
    more_world(world)
    units = world.units
    work_type = world.work_types["rolling"]
    units["plant-a-rolling"] = UnitFactory(
        code="plant-a-rolling",
        parent=units["plant-a"],
        kind=UnitKind.WORKSHOP,
        work_type=work_type,
        name="Rolling workshop A",
    )
    units["plant-d"] = UnitFactory(code="plant-d", parent=units["hubei"], name="Plant D")
    units["plant-d-rolling"] = UnitFactory(
        code="plant-d-rolling",
        parent=units["plant-d"],
        kind=UnitKind.WORKSHOP,
        work_type=work_type,
        name="Rolling workshop D",
    )
    figures = [
        ("plant-b-rolling", 100, 60_000),
        ("plant-b-shift-1", 300, 120_000),
        ("plant-c-rolling", 500, 200_000),
        ("plant-a-rolling", 200, 110_000),
    ]
    for code, steel, coal in figures:
        # Half on the 2nd, half on the 20th: whole months and edge days sum alike.
        for day in (2, 20):
            record(units[code], MARCH.replace(day=day), "steel_output", steel / 2)
            record(units[code], MARCH.replace(day=day), "coal_used", coal / 2)
    return work_type


def lined_up(rows):
    return [(row.unit.code, row.value, row.rank, row.gap, row.is_best) for row in rows]


def test_a_lower_is_better_ratio_ranks_the_lowest_first_from_summed_parts(world, rolling):
    rows = comparison.compare(rolling, metric("coal_per_tonne_steel"), MARCH, MARCH_END)
    assert lined_up(rows) == [
        ("plant-c-rolling", Decimal(400), 1, Decimal(0), True),
        ("plant-b-rolling", Decimal(450), 2, Decimal("12.5"), False),
        ("plant-a-rolling", Decimal(550), 3, Decimal("37.5"), False),
        ("plant-d-rolling", None, None, None, False),
    ]
    assert [row.plant.code for row in rows] == ["plant-c", "plant-b", "plant-a", "plant-d"]
    assert not rows[-1].has_records


def test_a_higher_is_better_quantity_ranks_the_highest_first(world, rolling):
    rows = comparison.compare(rolling, metric("steel_output"), MARCH, MARCH_END)
    assert lined_up(rows) == [
        ("plant-c-rolling", Decimal(500), 1, Decimal(0), True),
        ("plant-b-rolling", Decimal(400), 2, Decimal("20.0"), False),
        ("plant-a-rolling", Decimal(200), 3, Decimal("60.0"), False),
        ("plant-d-rolling", None, None, None, False),
    ]


def test_part_of_a_month_reads_the_days_inside_it(world, rolling):
    rows = comparison.compare(
        rolling, metric("steel_output"), datetime.date(1959, 3, 10), datetime.date(1959, 3, 25)
    )
    assert [(row.unit.code, row.value) for row in rows][:3] == [
        ("plant-c-rolling", Decimal(250)),
        ("plant-b-rolling", Decimal(200)),
        ("plant-a-rolling", Decimal(100)),
    ]


def test_equal_figures_share_a_rank_and_the_best_place(world, rolling):
    record(world.units["plant-a-rolling"], MARCH.replace(day=5), "steel_output", 300)
    rows = comparison.compare(rolling, metric("steel_output"), MARCH, MARCH_END)
    assert [(row.unit.code, row.rank, row.is_best) for row in rows][:3] == [
        ("plant-a-rolling", 1, True),
        ("plant-c-rolling", 1, True),
        ("plant-b-rolling", 3, False),
    ]


def test_only_units_of_the_kind_are_lined_up(world, rolling):
    rows = comparison.compare(
        rolling, metric("steel_output"), MARCH, MARCH_END, kind=UnitKind.SHIFT
    )
    assert [(row.unit.code, row.value) for row in rows] == [("plant-b-shift-1", Decimal(300))]


def test_a_period_without_records_lists_every_unit_as_without_records(world, rolling):
    rows = comparison.compare(
        rolling, metric("steel_output"), datetime.date(1959, 5, 1), datetime.date(1959, 5, 31)
    )
    assert len(rows) == 4
    assert all(row.value is None and row.rank is None for row in rows)


def test_the_default_metric_has_records_for_the_work_type(world, rolling):
    found = comparison.metrics_with_records(rolling)
    assert found[0].code == "coal_per_tonne_steel"
    assert {m.code for m in found} == {"coal_per_tonne_steel", "coal_used", "steel_output"}
    assert comparison.metrics_with_records(world.work_types["machining"]) == []


def test_the_default_period_is_the_last_full_month_with_records(world, rolling):
    record(world.units["plant-c-rolling"], datetime.date(1959, 4, 3), "steel_output", 10)
    steel = metric("steel_output")
    assert comparison.default_period(rolling, steel, today=datetime.date(1959, 4, 15)) == (
        MARCH,
        MARCH_END,
    )
    assert comparison.default_period(rolling, steel, today=datetime.date(1959, 5, 2)) == (
        datetime.date(1959, 4, 1),
        datetime.date(1959, 4, 30),
    )
    # Only this month has records: this month so far.
    assert comparison.default_period(rolling, steel, today=datetime.date(1959, 3, 21)) == (
        MARCH,
        datetime.date(1959, 3, 21),
    )


def test_the_defaults_follow_the_users_own_unit(world, rolling):
    choice = comparison.choose(user=world.user("worker_b"), today=datetime.date(1959, 4, 15))
    assert (choice.work_type, choice.metric.code) == (rolling, "coal_per_tonne_steel")
    assert (choice.start, choice.end, choice.kind) == (MARCH, MARCH_END, "workshop")
    assert comparison.choose(user=world.user("leader_a")).work_type == world.work_types["machining"]


def test_a_plant_manager_compares_the_work_type_of_the_plants_workshops(world, rolling):
    assert comparison.default_work_type(world.user("manager_b")) == rolling
    assert comparison.default_work_type(world.user("manager_a")) == world.work_types["machining"]


# Every unit is summed in one query, with the figures totals() gives one unit at a time.

RANGES = [
    (MARCH, MARCH_END),  # a whole month
    (datetime.date(1959, 3, 10), datetime.date(1959, 3, 25)),  # days inside one month
    (datetime.date(1959, 2, 15), datetime.date(1959, 4, 5)),  # edge days around a month
    (datetime.date(1959, 5, 1), datetime.date(1959, 5, 31)),  # nothing recorded
]


def test_all_units_at_once_sum_as_each_unit_alone(world, rolling):
    from gexin.plans import fulfilment

    record(world.units["plant-b-rolling"], datetime.date(1959, 4, 2), "steel_output", 70)
    record(world.units["plant-b-shift-1"], datetime.date(1959, 2, 27), "coal_used", 900)
    # Subtrees inside one another and of different depths: a plant, its workshop and
    # the workshop's shift; the ministry holding them all.
    codes = ["mmi", "plant-b", "plant-b-rolling", "plant-b-shift-1", "plant-c-rolling"]
    codes += ["plant-a-rolling", "plant-d-rolling", "plant-a-turning"]
    paths = [world.units[code].path for code in codes]
    ids = [metric("steel_output").pk, metric("coal_used").pk]
    for start, end in RANGES:
        found = comparison.subtree_totals(paths, start, end, ids)
        for path in paths:
            assert found[path] == fulfilment.totals(path, start, end, metric_ids=ids), (
                path,
                start,
            )
    assert comparison.subtree_totals(paths, MARCH, MARCH_END, ids)[world.units["mmi"].path] == {
        ids[0]: 1_100_000,
        ids[1]: 490_000_000,
    }


def add_rolling_workshops(world, count):
    """`count` more plants, each with a rolling workshop that recorded March."""
    for _index in range(count):
        number = len(world.units)
        plant = UnitFactory(code=f"more-plant-{number}", parent=world.units["hubei"])
        workshop = UnitFactory(
            code=f"more-plant-{number}-rolling",
            parent=plant,
            kind=UnitKind.WORKSHOP,
            work_type=world.work_types["rolling"],
        )
        world.units[plant.code], world.units[workshop.code] = plant, workshop
        for day in (2, 20):
            record(workshop, MARCH.replace(day=day), "steel_output", 100 + number)
            record(workshop, MARCH.replace(day=day), "coal_used", 50_000)
        world.units["hubei"].refresh_from_db()


@pytest.mark.parametrize("days", [(MARCH, MARCH_END), (datetime.date(1959, 2, 20), MARCH_END)])
def test_ten_units_cost_no_more_queries_than_two(world, django_assert_max_num_queries, days):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gexin.plans import fulfilment

    more_world(world)
    work_type = world.work_types["rolling"]
    ratio = metric("coal_per_tonne_steel")
    # Only the new workshops are rolling ones with records; B's and C's have none.
    add_rolling_workshops(world, 2)
    with CaptureQueriesContext(connection) as two:
        comparison.compare(work_type, ratio, *days)
    add_rolling_workshops(world, 8)
    with django_assert_max_num_queries(len(two)):
        rows = comparison.compare(work_type, ratio, *days)
    assert len([row for row in rows if row.has_records]) == 10
    # The figures are those of each unit's own totals.
    for row in rows:
        sums = fulfilment.totals(row.unit.path, *days, metric_ids=comparison.recorded_ids(ratio))
        assert row.value == fulfilment.metric_values({ratio.pk: ratio}, sums).get(ratio.pk)
