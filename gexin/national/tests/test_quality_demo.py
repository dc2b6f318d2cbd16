"""The demo computes Beijing Special Steel's 96.6% ingot qualified rate from its heats."""

import datetime
from decimal import Decimal

import pytest

from gexin.national import demo_quality, quality
from gexin.national.models import Inspection, QualityResult
from gexin.org.models import Unit
from gexin.plans import demo_data

D = datetime.date


@pytest.fixture
def converter(db):
    """The demo organisation, plans and quality loaded; Beijing's converter workshop."""
    from gexin.org import demo as org_demo
    from gexin.plans import demo as plans_demo
    from gexin.plans.catalogue import install
    from gexin.plans.models import Metric

    install(Metric)  # the standard metrics, put back if a transactional test emptied them
    org_demo.load()
    plans_demo.load()
    demo_quality.load()
    return Unit.objects.get(code=demo_data.BEIJING_CONVERTER)


def rates(unit, start, end):
    return quality.rates(Inspection.objects.all(), unit, start, end, "day")


def test_the_record_day_has_fourteen_heats_and_96_6_percent_by_tonnes(converter):
    found = rates(converter, D(1959, 2, 2), D(1959, 2, 2))
    assert found.total.judged == demo_data.BEIJING_RECORD_HEATS == 14
    assert found.total.tonnes_rate == Decimal("96.6")
    assert found.total.judged_tonnes == Decimal("59.000")
    assert found.total.qualified == 13


def test_the_first_half_of_february_is_96_6_percent_as_the_plans_records(converter):
    from gexin.plans import fulfilment
    from gexin.plans.models import Metric

    found = rates(converter, D(1959, 2, 1), D(1959, 2, 14))
    assert round(found.total.tonnes_rate, 1) == Decimal("96.6")
    # The same figure as the plans demo's ratio metric over the same days.
    metrics = fulfilment.all_metrics()
    sums = fulfilment.totals(converter.path, D(1959, 2, 1), D(1959, 2, 14))
    rate = Metric.objects.get(code="ingot_qualified_rate")
    recorded = fulfilment.metric_values(metrics, sums)[rate.pk]
    assert round(recorded, 3) == round(found.total.tonnes_rate, 3)


def test_every_demo_heat_is_judged_and_illustrative(converter):
    heats = Inspection.objects.filter(unit=converter)
    assert heats.count() > 14
    assert not heats.filter(result=QualityResult.NOT_JUDGED).exists()
    assert not heats.filter(is_illustrative=False).exists()
    assert demo_quality.is_loaded()
