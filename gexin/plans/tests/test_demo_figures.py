"""The demo plans and records reproduce the figures the seed documents publish."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import override_settings

from gexin.core import demo_steps
from gexin.org import demo as org_demo
from gexin.org.models import Unit
from gexin.plans import demo, demo_data, fulfilment, records
from gexin.plans.choices import ConditionCategory, PlanStatus
from gexin.plans.models import (
    Condition,
    DailyTotal,
    ImportBatch,
    MonthlyTotal,
    Plan,
    PlanTarget,
    Pledge,
    Record,
)

D = datetime.date


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo organisation and the demo plans, loaded once for the module."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        org_demo.load()
        written = demo.load()
        yield written
        transaction.set_rollback(True)


@pytest.fixture
def figures(loaded, db):
    return loaded


def line(code, start, end, metric, **options):
    """The fulfilment line of one metric for a unit's subtree."""
    result = fulfilment.compute(Unit.objects.get(code=code), start, end, **options)
    return next(line for line in result.lines if line.metric.code == metric)


def month(year, number):
    start = D(year, number, 1)
    return start, (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def test_huaxin_turning_group_yield_rate(figures):
    """Seed 000 p.10: 96.25% in January 1953, 97.93% in May, June 0.12 points lower."""
    january = line("huaxin-machine-turning", *month(1953, 1), "yield_rate")
    may = line("huaxin-machine-turning", *month(1953, 5), "yield_rate")
    june = line("huaxin-machine-turning", *month(1953, 6), "yield_rate")
    assert round(january.actual, 2) == Decimal("96.25")
    assert round(may.actual, 2) == Decimal("97.93")
    assert round(june.actual, 2) == Decimal("97.81")
    assert june.change_in_points
    assert round(june.previous, 2) == Decimal("97.93")
    assert round(june.change, 2) == Decimal("-0.12")
    # The machine shop and the plant see the same group figures.
    assert line("huaxin", *month(1953, 5), "yield_rate").actual == may.actual


def test_huaxin_group_plan_with_pledges(figures):
    plan = Plan.objects.get(unit__code="huaxin-machine-turning", start=D(1953, 9, 1))
    assert plan.status == PlanStatus.ADOPTED
    assert plan.adopted_on and plan.adoption_note
    assert "seed 000" in plan.notes and "Illustrative" in plan.notes
    members = set(
        Unit.objects.get(code="huaxin-machine-turning").people.values_list("pk", flat=True)
    )
    pledges = list(Pledge.objects.filter(plan=plan).prefetch_related("targets", "conditions"))
    assert len(pledges) >= min(3, len(members))
    assert all(pledge.person_id in members for pledge in pledges)
    assert all(pledge.targets.exists() and pledge.conditions.exists() for pledge in pledges)
    group_conditions = Condition.objects.filter(plan=plan, pledge=None)
    used = set(Condition.objects.filter(plan=plan).values_list("category", flat=True))
    assert group_conditions.exists()
    assert {
        ConditionCategory.QUALITY,
        ConditionCategory.SAFETY,
        ConditionCategory.RULES,
        ConditionCategory.STUDY,
    } <= used
    # Each pledging member has own records in the plan's month, so per-person
    # fulfilment can be shown; the group's records are all per person.
    for pledge in pledges:
        own = Record.objects.filter(
            person=pledge.person,
            day__gte=plan.start,
            day__lte=plan.end,
            metric__code="pieces_qualified",
        )
        assert own.exists()
    assert not Record.objects.filter(unit=plan.unit, person=None).exists()
    september = line("huaxin-machine-turning", plan.start, plan.end, "pieces_qualified")
    assert september.target == Decimal(11_000)
    assert september.percent > 100


def test_shashi_boiler_room_coal(figures):
    """Seed 000: coal from over 7 t (a day) to about 2 t."""
    for code in ("shashi-oil-boiler-group", "shashi-oil-boiler"):
        january = line(code, *month(1953, 1), "coal_used")
        september = line(code, *month(1953, 9), "coal_used")
        assert january.actual / 31 > 7_000
        assert 1_800 <= september.actual / 30 <= 2_200
    days = DailyTotal.objects.filter(
        unit__code="shashi-oil-boiler-group", metric__code="coal_used", day__month=1
    )
    assert days.count() == 31
    assert min(days.values_list("value_milli", flat=True)) > 7_000_000


def test_shanghai_wire_rod_coal_per_tonne(figures):
    """Seed 001: the reheating furnaces from 56-57 to 53-54 kg of coal per tonne of steel."""
    before = line("shanghai-steel-2-wire-rod", *month(1958, 2), "coal_per_tonne_steel")
    after = line("shanghai-steel-2-wire-rod", *month(1958, 4), "coal_per_tonne_steel")
    assert 56 <= before.actual <= 57
    assert 53 <= after.actual <= 54
    assert after.change < 0


def test_shanghai_leap_plan_700_tonnes_behind_on_15_march(figures):
    """Seed 001: the leap plan +47%; by 15 March the plant was 700-odd tonnes behind."""
    target = PlanTarget.objects.get(
        plan__unit__code="shanghai-steel-2",
        plan__period_kind="month",
        plan__start=D(1958, 3, 1),
        metric__code="steel_output",
    )
    assert target.value == target.original * Decimal("1.47")
    assert round(target.revision_percent, 1) == Decimal("47.0")
    assert target.revised_on and target.revision_note
    march = line(
        "shanghai-steel-2", D(1958, 3, 1), D(1958, 3, 31), "steel_output", as_of=D(1958, 3, 15)
    )
    assert march.target == target.value
    assert -750 <= march.ahead_behind <= -700
    # With no date given, the month is judged on its last day with records: 15 March.
    assert line("shanghai-steel-2", *month(1958, 3), "steel_output").ahead_behind == (
        march.ahead_behind
    )
    assert "seed 001" in target.plan.notes


def test_chongqing_october_on_september(figures):
    """Seed 003: October 1958 steel +84% on September, steel products +13%."""
    steel = line("chongqing-steel", *month(1958, 10), "steel_output")
    products = line("chongqing-steel", *month(1958, 10), "steel_products_output")
    assert round(steel.change, 1) == Decimal("84.0")
    assert round(products.change, 1) == Decimal("13.0")
    assert steel.actual == steel.previous * Decimal("1.84")
    # Steel products still rising in the first half of November.
    november = line("chongqing-steel", D(1958, 11, 1), D(1958, 11, 15), "steel_products_output")
    assert november.actual / 15 > products.actual / 31


def test_national_plan_of_18_million_tonnes(figures):
    """Seed 004: 18 Mt of steel in 1959, the first quarter first; the breakdown adds up."""
    year = line("mmi", D(1959, 1, 1), D(1959, 12, 31), "steel_output")
    quarter = line("mmi", D(1959, 1, 1), D(1959, 3, 31), "steel_output")
    assert year.target == Decimal(18_000_000)
    assert quarter.target == Decimal(18_000_000) * Decimal(demo_data.FIRST_QUARTER_SHARE)
    # Output from January to mid-February was below the first quarter's level.
    assert quarter.is_behind

    def target(unit, kind):
        return PlanTarget.objects.get(
            plan__unit=unit,
            plan__period_kind=kind,
            plan__start=D(1959, 1, 1),
            metric__code="steel_output",
        ).value

    def children_sum(unit, kind):
        return sum(
            PlanTarget.objects.filter(
                plan__unit__parent=unit,
                plan__period_kind=kind,
                plan__start=D(1959, 1, 1),
                metric__code="steel_output",
            ).values_list("value", flat=True)
        )

    ministry = Unit.objects.get(code="mmi")
    for kind in ("year", "quarter"):
        assert children_sum(ministry, kind) == target(ministry, kind)
        for province in Unit.objects.filter(parent=ministry):
            assert children_sum(province, kind) == target(province, kind), province.code
    assert target(Unit.objects.get(code="taiyuan-steel"), "year") == Decimal(500_000)


def test_beijing_special_steel_converter(figures):
    """Seed 004: 14 heats in a single furnace on 2 February 1959; ingots 96.6% qualified."""
    day = D(1959, 2, 2)
    assert line("beijing-special-steel-converter", day, day, "heats").actual == 14
    rate = line("beijing-special-steel-converter", day, day, "ingot_qualified_rate")
    assert round(rate.actual, 2) == Decimal("96.60")
    first_half = line(
        "beijing-special-steel-converter", D(1959, 2, 1), D(1959, 2, 14), "ingot_qualified_rate"
    )
    assert round(first_half.actual, 1) == Decimal("96.6")
    heats = DailyTotal.objects.filter(
        unit__code="beijing-special-steel-converter", metric__code="heats"
    ).values_list("day", "value_milli")
    record_day, most = max(heats, key=lambda row: row[1])
    assert (record_day, most) == (day, 14_000)
    assert sum(1 for _day, value in heats if value == most) == 1


def test_the_demo_step_is_registered_and_its_totals_are_exact(figures):
    assert demo.is_loaded()
    assert any(step[1] == "plans and records" for step in demo_steps.steps())
    assert Record.objects.count() == sum(figures.values()) < 50_000
    assert set(ImportBatch.objects.values_list("source", flat=True)) == {"demo"}

    def stored_totals():
        daily = {(t.unit_id, t.metric_id, t.day): t.value_milli for t in DailyTotal.objects.all()}
        monthly = {
            (t.unit_id, t.metric_id, t.month): t.value_milli for t in MonthlyTotal.objects.all()
        }
        return daily, monthly

    loaded_totals = stored_totals()
    records.recompute_totals()
    assert stored_totals() == loaded_totals
    # Every plan names its seed and says what is illustrative.
    for plan in Plan.objects.all():
        assert "Source: seed" in plan.notes and "Illustrative" in plan.notes, plan
