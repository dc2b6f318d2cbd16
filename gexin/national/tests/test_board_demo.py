"""The board on the demo (seed 004): on 14 February 1959 the provinces are below the level
the first-quarter plan requires, and the board says by how much, in English and Chinese."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from gexin.national import board, demo_board
from gexin.national.models import KeyEnterprise
from gexin.org import demo as org_demo
from gexin.org.models import Unit
from gexin.plans import demo as plans_demo
from gexin.plans import demo_data
from gexin.plans.catalogue import install
from gexin.plans.models import Metric

D = datetime.date
FEBRUARY_14 = D(1959, 2, 14)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The org and plans demo steps and the board's, loaded once for the module."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        # The metrics come from a migration; a database made without them needs them here.
        install(Metric)
        org_demo.load()
        plans_demo.load()
        assert not demo_board.is_loaded()
        written = demo_board.load()
        yield written
        transaction.set_rollback(True)


@pytest.fixture
def demo_db(loaded, db):
    return loaded


@pytest.fixture
def ministry_admin(demo_db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="ministry-admin")


def demo_board_of(user, **wanted):
    return board.build(user, *board.choose(user, **wanted, today=D(1959, 2, 20)))


def test_it_marks_the_steel_plants_of_the_breakdown_as_key_enterprises(demo_db):
    plants = {plant for plants in demo_data.NATIONAL_BREAKDOWN.values() for plant in plants}
    assert demo_db == {"key enterprises": len(plants)}
    marked = set(KeyEnterprise.objects.values_list("unit__code", flat=True))
    assert marked == plants
    assert all(mark.is_illustrative and mark.source for mark in KeyEnterprise.objects.all())
    assert demo_board.is_loaded()


def test_the_ministry_sees_every_province_below_the_first_quarter_level(ministry_admin):
    result = demo_board_of(ministry_admin)
    assert result.unit.code == "mmi"
    assert (result.quarter_start, result.quarter_end) == (D(1959, 1, 1), D(1959, 3, 31))
    assert result.as_of == FEBRUARY_14
    assert result.metric.code == "steel_output"
    provinces = {row.unit.code for row in result.rows}
    assert set(demo_data.NATIONAL_BREAKDOWN) <= provinces
    planned = [row for row in result.rows if row.target is not None]
    assert {row.unit.code for row in planned} == set(demo_data.NATIONAL_BREAKDOWN)
    # Below the required level, every one of them: the gap is negative, worst first.
    assert all(row.is_below for row in planned)
    percents = [row.gap_percent for row in planned]
    assert percents == sorted(percents)
    # The nation's line: 18 Mt × 22% for the quarter, 45 days done, 45 left.
    total = result.total
    assert total.target == Decimal(3_960_000)
    assert result.days_left == 45
    assert total.required == (total.target - total.actual) / 45
    assert total.gap == total.levels[10] - total.required and total.gap < 0
    # The key enterprises are listed on their own, below too.
    assert {row.unit.code for row in result.key_rows} == {
        plant for plants in demo_data.NATIONAL_BREAKDOWN.values() for plant in plants
    }
    assert all(row.is_key for row in result.key_rows)


def test_the_required_level_is_what_is_left_of_the_quarter_over_the_days_left(ministry_admin):
    result = demo_board_of(ministry_admin)
    liaoning = next(row for row in result.rows if row.unit.code == "liaoning")
    target = Decimal(sum(demo_data.NATIONAL_BREAKDOWN["liaoning"].values())) * Decimal("0.22")
    assert liaoning.target == target
    assert liaoning.required == (target - liaoning.actual) / 45
    # The plants ran at 84-88% of the quarter's daily level: the 10-day level falls short.
    assert Decimal(-25) < liaoning.gap_percent < Decimal(-5)
    # Below every day since the first of January: flagged far beyond five days.
    assert liaoning.days_below == 45 and liaoning.is_flagged


def test_no_records_a_year_earlier_leave_the_comparison_empty(ministry_admin):
    result = demo_board_of(ministry_admin)
    assert result.year_ago_range == (D(1958, 1, 1), D(1958, 2, 14))
    liaoning = next(row for row in result.rows if row.unit.code == "liaoning")
    assert liaoning.year_ago is None and liaoning.year_change is None


def test_a_province_board_lines_up_its_plants(ministry_admin):
    liaoning = Unit.objects.get(code="liaoning")
    result = demo_board_of(ministry_admin, unit=liaoning)
    assert {row.unit.code for row in result.rows} == set(demo_data.NATIONAL_BREAKDOWN["liaoning"])
    assert all(row.is_key and row.is_below for row in result.rows)
    assert result.key_rows == []


def test_pig_iron_has_no_plan_in_the_demo(ministry_admin):
    pig_iron = Metric.objects.get(code="pig_iron_output")
    result = demo_board_of(ministry_admin, metric=pig_iron, quarter=D(1959, 1, 1))
    assert all(row.target is None and row.gap is None for row in result.rows)


@pytest.mark.parametrize(("language", "liaoning"), [("en", "Liaoning"), ("zh-hans", "辽宁省")])
def test_the_page_says_which_provinces_are_below_and_by_how_much(
    ministry_admin, client, language, liaoning
):
    ministry_admin.language = language
    ministry_admin.save()
    client.force_login(ministry_admin)
    # The request switches this thread's language: put English back afterwards.
    with translation.override("en"):
        response = client.get(reverse("national:board"))
    assert response.status_code == 200
    assert response["Content-Language"] == language
    html = response.content.decode()
    with translation.override(language):
        assert gettext("Daily production board") in html
        assert gettext("Below the level the quarter requires:") in html
    result = demo_board_of(ministry_admin)
    below = html.split("data-board-below")[1].split("</div>")[0]
    for row in result.rows:
        if row.target is None:
            continue
        # Each province is named in the summary with its gap in tonnes a day and in %.
        assert f'data-below-unit="{row.unit.code}"' in below
        assert f"{row.gap:,.1f}" in below
        assert f"{row.gap_percent:,.1f}%" in below
    assert liaoning in below
