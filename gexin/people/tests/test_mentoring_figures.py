"""The apprentice's figures: output, scrap and yield rate per month from the month before
the start, against the group's per head, computed by hand here."""

import datetime
from decimal import Decimal

import pytest

from gexin.people.mentoring import figures, latest_through
from gexin.people.tests.factories_mentoring import examples
from gexin.plans.tests.factories import put

pytestmark = pytest.mark.django_db
D = datetime.date


def records(world):
    """June and July 1953 in plant A's turning group, and noise that must not count."""
    rows = [
        # June: the apprentice has no scrap recorded (100 started, 90 qualified), the
        # master has (2), turner_a has none (200 started, 196 qualified).
        ("plant-a-turning", "1953-06-10", 1, "pieces_started", "A-M02", 60),
        ("plant-a-turning", "1953-06-11", 1, "pieces_started", "A-M02", 40),
        ("plant-a-turning", "1953-06-10", 1, "pieces_qualified", "A-M02", 55),
        ("plant-a-turning", "1953-06-11", 1, "pieces_qualified", "A-M02", 35),
        ("plant-a-turning", "1953-06-10", 1, "pieces_started", "A-M01", 300),
        ("plant-a-turning", "1953-06-10", 1, "pieces_qualified", "A-M01", 297),
        ("plant-a-turning", "1953-06-10", 1, "pieces_scrapped", "A-M01", 2),
        ("plant-a-turning", "1953-06-12", 1, "pieces_started", "A-003", 200),
        ("plant-a-turning", "1953-06-12", 1, "pieces_qualified", "A-003", 196),
        # July: the apprentice's scrap is recorded (4); turner_a has no records.
        ("plant-a-turning", "1953-07-06", 1, "pieces_started", "A-M02", 120),
        ("plant-a-turning", "1953-07-06", 1, "pieces_qualified", "A-M02", 114),
        ("plant-a-turning", "1953-07-06", 1, "pieces_scrapped", "A-M02", 4),
        ("plant-a-turning", "1953-07-06", 1, "pieces_started", "A-M01", 300),
        ("plant-a-turning", "1953-07-06", 1, "pieces_qualified", "A-M01", 298),
        # Not the group's person records: the group's own total, and plant B's master.
        ("plant-a-turning", "1953-07-10", 1, "pieces_qualified", "", 5000),
        ("plant-b-shift-1", "1953-07-06", 1, "pieces_qualified", "B-M01", 700),
        # May is before the month before the start: not shown.
        ("plant-a-turning", "1953-05-20", 1, "pieces_qualified", "A-M02", 10),
    ]
    assert put(rows).rows == len(rows)


def test_each_month_is_the_apprentice_against_the_groups_per_head(world):
    apprenticeship = examples(world)["apprenticeship"]
    records(world)
    result = figures(apprenticeship)
    assert [row.month for row in result.rows] == [D(1953, 6, 1), D(1953, 7, 1)]
    june, july = result.rows
    assert june.is_before and not july.is_before
    # June: 90 qualified of 100 started, scrap derived 10.
    assert (june.own.output, june.own.scrap, june.own.scrap_is_derived) == (90, 10, True)
    assert june.own.yield_rate == Decimal("90.00")
    # The group: 3 people; 90 + 297 + 196 = 583 qualified, scrap 10 + 2 + 4 = 16.
    assert june.group.people == 3
    assert june.group.output_per_head == Decimal("194.3")
    assert june.group.scrap_per_head == Decimal("5.3")
    assert june.group.yield_rate == Decimal("97.17")  # 583 / 600, not a mean of rates
    # July: scrap recorded (4) wins over started less qualified (6).
    assert (july.own.output, july.own.scrap, july.own.scrap_is_derived) == (114, 4, False)
    assert july.own.yield_rate == Decimal("95.00")
    assert july.group.people == 2
    assert july.group.output_per_head == Decimal("206.0")  # (114 + 298) / 2
    assert july.group.scrap_per_head == Decimal("3.0")  # (4 + 2) / 2
    assert july.group.yield_rate == Decimal("98.10")  # 412 / 420


def test_it_takes_three_queries_however_many_months(world, django_assert_num_queries):
    apprenticeship = examples(world)["apprenticeship"]
    records(world)
    with django_assert_num_queries(3):
        short = figures(apprenticeship, through=D(1953, 7, 31))
    with django_assert_num_queries(3):
        long = figures(apprenticeship, through=D(1955, 12, 31))
    assert len(short.rows) == 2 and len(long.rows) == 31


def test_through_stops_at_the_day_and_an_active_one_stops_at_its_last_records(world):
    apprenticeship = examples(world)["apprenticeship"]
    records(world)
    june_only = figures(apprenticeship, through=D(1953, 6, 30))
    assert [row.month for row in june_only.rows] == [D(1953, 6, 1)]
    # Still active in 2026: shown to July 1953, its last month with records.
    assert figures(apprenticeship).end == D(1953, 7, 31)


def test_an_ended_apprenticeship_is_shown_to_its_end(world):
    apprenticeship = examples(world)["apprenticeship"]
    records(world)
    apprenticeship.end(on=D(1953, 9, 15), reason="moved to the kiln workshop")
    result = figures(apprenticeship)
    assert [row.month.month for row in result.rows] == [6, 7, 8, 9]
    assert result.end == D(1953, 9, 15)
    assert result.rows[-1].group.people == 0 and result.rows[-1].own.output is None


def test_the_api_gives_the_same_figures(world, api_for):
    apprenticeship = examples(world)["apprenticeship"]
    records(world)
    response = api_for("worker_a").get(f"/api/v1/apprenticeships/{apprenticeship.pk}/figures/")
    assert response.status_code == 200
    body = response.json()
    assert body["apprentice"] == "A-M02" and body["start"] == "1953-06-01"
    june = body["months"][0]
    assert (june["month"], june["output"], june["scrap"], june["scrap_is_derived"]) == (
        "1953-06",
        "90",
        "10",
        True,
    )
    assert june["group"]["people"] == 3
    assert (june["group"]["output_per_head"], june["group"]["yield_rate"]) == ("194.3", "97.17")
    through = api_for("worker_a").get(
        f"/api/v1/apprenticeships/{apprenticeship.pk}/figures/", {"through": "1953-06-30"}
    )
    assert [row["month"] for row in through.json()["months"]] == ["1953-06"]
    bad = api_for("worker_a").get(
        f"/api/v1/apprenticeships/{apprenticeship.pk}/figures/", {"through": "June"}
    )
    assert bad.status_code == 400
    outside = examples(world)["b_apprenticeship"]
    assert (
        api_for("worker_a").get(f"/api/v1/apprenticeships/{outside.pk}/figures/").status_code == 404
    )


def test_the_figures_run_through_at_most_ten_years_after_the_start(world, api_for):
    apprenticeship = examples(world)["apprenticeship"]
    records(world)
    url = f"/api/v1/apprenticeships/{apprenticeship.pk}/figures/"
    latest = latest_through(apprenticeship)
    assert latest == apprenticeship.started_on.replace(year=apprenticeship.started_on.year + 10)
    far = api_for("worker_a").get(url, {"through": "9999-12-31"})
    assert far.status_code == 400
    assert latest.isoformat() in far.json()["through"][0]
    assert api_for("worker_a").get(url, {"through": latest.isoformat()}).status_code == 200
    # Asked directly, the figures stop there too.
    assert figures(apprenticeship, through=D(9999, 12, 31)).end == latest


def test_the_page_shows_the_table_and_the_charts(world, client_for):
    apprenticeship = examples(world)["apprenticeship"]
    records(world)
    page = client_for("worker_a").get(apprenticeship.get_absolute_url()).content.decode()
    assert 'data-month="1953-06"' in page and 'data-month="1953-07"' in page
    assert 'data-chart="apprenticeship-' in page and "echarts.min.js" in page
    assert "194.3" in page and "97.17 %" in page


def test_without_records_the_page_says_so(world, client_for):
    apprenticeship = examples(world)["apprenticeship"]
    page = client_for("worker_a").get(apprenticeship.get_absolute_url()).content.decode()
    assert "No records of the apprentice or the group" in page
    assert "data-chart=" not in page
