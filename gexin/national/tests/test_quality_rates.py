"""Qualified rates are summed from counts over the subtree, never averaged."""

import datetime
from decimal import Decimal

import pytest

from gexin.national import quality
from gexin.national.models import Inspection
from gexin.national.tests.factories_quality import inspect

pytestmark = pytest.mark.django_db

OK = {"sulphur": "0.03", "phosphorus": "0.05"}
BAD = {"sulphur": "0.07", "phosphorus": "0.05"}


def lots(unit, good, bad, day=datetime.date(1959, 2, 2), tonnes=None, prefix=""):
    for n in range(good):
        inspect(unit, f"{prefix}{unit.code}-g{n}", OK, day=day, tonnes=tonnes)
    for n in range(bad):
        inspect(unit, f"{prefix}{unit.code}-b{n}", BAD, day=day, tonnes=tonnes)


def test_the_rate_over_a_subtree_is_weighted_by_lots(world):
    # Plant A: machine shop 9 of 10, turning group 1 of 2; plant B 0 of 3.
    lots(world.unit("plant-a-machine"), 9, 1)
    lots(world.unit("plant-a-turning"), 1, 1)
    lots(world.unit("plant-b-rolling"), 0, 3)
    inspect(world.unit("plant-a-machine"), "unjudged", {"sulphur": "0.03"})
    found = quality.rates(
        Inspection.objects.all(),
        world.unit("hubei"),
        datetime.date(1959, 2, 1),
        datetime.date(1959, 2, 28),
    )
    # By hand: (9 + 1 + 0) / (10 + 2 + 3) = 10 / 15, not the mean of 90 %, 50 % and 0 %.
    assert (found.total.qualified, found.total.judged, found.total.not_judged) == (10, 15, 1)
    assert found.total.rate == Decimal(100) * 10 / 15
    by_unit = {row.key: (row.qualified, row.judged) for row in found.children}
    assert by_unit == {"plant-a": (10, 12), "plant-b": (0, 3)}
    assert [row.key for row in found.standards] and found.standards[0].judged == 15


def test_the_rate_by_tonnes_weighs_each_lot(world):
    unit = world.unit("plant-a-machine")
    inspect(unit, "1", OK, tonnes="30")
    inspect(unit, "2", BAD, tonnes="10")
    inspect(unit, "3", OK)  # no weight: counts in the lot rate only
    found = quality.rates(
        Inspection.objects.all(),
        world.unit("plant-a"),
        datetime.date(1959, 2, 1),
        datetime.date(1959, 2, 28),
    )
    assert found.total.tonnes_rate == Decimal(75)
    assert round(found.total.rate, 4) == round(Decimal(200) / 3, 4)


def test_periods_are_months_ten_days_or_days(world):
    unit = world.unit("plant-a-machine")
    lots(unit, 2, 0, day=datetime.date(1959, 2, 2), prefix="a")
    lots(unit, 1, 1, day=datetime.date(1959, 2, 12), prefix="b")
    lots(unit, 1, 0, day=datetime.date(1959, 3, 1), prefix="c")
    start, end = datetime.date(1959, 2, 1), datetime.date(1959, 3, 31)
    queryset = Inspection.objects.all()
    months = quality.rates(queryset, unit, start, end, "month").periods
    assert [(p.key, p.qualified, p.judged) for p in months] == [
        ("1959-02-01", 3, 4),
        ("1959-03-01", 1, 1),
    ]
    tens = quality.rates(queryset, unit, start, end, "ten_days").periods
    assert [p.key for p in tens] == ["1959-02-01", "1959-02-11", "1959-03-01"]
    days = quality.rates(queryset, unit, start, end, "day").periods
    assert len(days) == 3


def test_the_rates_hold_only_what_the_user_may_see(world, api_for):
    # worker_a sees their own group, plant A's turning group, only.
    lots(world.unit("plant-a-turning"), 1, 0)
    lots(world.unit("plant-a-machine"), 0, 1)
    lots(world.unit("plant-b-rolling"), 0, 2)
    response = api_for("worker_a").get(
        "/api/v1/quality-rates/", {"unit": "hubei", "start": "1959-02-01", "end": "1959-02-28"}
    )
    assert response.status_code == 200
    assert (response.json()["qualified"], response.json()["judged"]) == (1, 1)
    admin = (
        api_for("admin")
        .get(
            "/api/v1/quality-rates/",
            {"unit": "hubei", "start": "1959-02-01", "end": "1959-02-28", "by": "day"},
        )
        .json()
    )
    assert (admin["qualified"], admin["judged"], admin["rate"]) == (1, 4, "25.00")
    assert admin["periods"][0]["key"] == "1959-02-02"


def test_the_rates_api_refuses_bad_input_and_strangers(world, api_for):
    assert api_for(None).get("/api/v1/quality-rates/").status_code == 401
    assert api_for("stranger").get("/api/v1/quality-rates/").status_code == 403
    bad = api_for("admin").get(
        "/api/v1/quality-rates/", {"start": "1959-03-01", "end": "1959-02-01"}
    )
    assert bad.status_code == 400
    assert api_for("admin").get("/api/v1/quality-rates/", {"unit": "nowhere"}).status_code == 400


def test_the_rates_page_shows_the_weighted_rate(world, client_for):
    from django.urls import reverse

    lots(world.unit("plant-a-turning"), 2, 1)
    response = client_for("worker_a").get(
        reverse("national:quality_rates"),
        {"unit": "plant-a", "start": "1959-02-01", "end": "1959-02-28", "by": "ten_days"},
    )
    assert response.status_code == 200
    assert "66.7%" in response.content.decode()
    assert client_for("stranger").get(reverse("national:quality_rates")).status_code == 403
