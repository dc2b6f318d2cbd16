"""The equipment demo (seed 004): small blast furnaces being built and started in
January-February 1959, Taiyuan's No. 1 with its coefficient computed from records, and
Beijing Special Steel's converter."""

import datetime
from decimal import Decimal

import pytest

from gexin.national import demo_equipment
from gexin.national import equipment as figures
from gexin.national.models.equipment import Equipment, EquipmentKind
from gexin.org import demo as org_demo
from gexin.org.models import Unit
from gexin.plans import demo as plans_demo
from gexin.plans import fulfilment
from gexin.plans.catalogue import install
from gexin.plans.models import Metric

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_demo_computes_taiyuans_coefficient_and_tracks_the_small_furnaces():
    install(Metric)
    org_demo.load()
    plans_demo.load()
    assert not demo_equipment.is_loaded()
    written = demo_equipment.load()
    assert demo_equipment.is_loaded()
    assert written["furnaces and converters"] == 9
    assert Equipment.objects.filter(kind=EquipmentKind.CONVERTER).get().unit.code == (
        "beijing-special-steel-converter"
    )
    no1 = Equipment.objects.get(records_unit__code="taiyuan-steel-ironmaking-bf1")
    start, end = figures.default_period(figures.data_day())
    assert (start, end) == (D(1959, 1, 1), D(1959, 2, 14))
    one = figures.furnace_utilisation(no1, start, end)
    assert one.producing_days == 45 - 3  # down 27-29 January
    assert Decimal("1.75") < one.coefficient < Decimal("1.95")
    # The catalogue's ratio over the same records agrees with the equipment's figure.
    sums = fulfilment.totals(no1.records_unit.path, start, end)
    bf = Metric.objects.get(code="bf_utilisation")
    assert round(fulfilment.metric_values(fulfilment.all_metrics(), sums)[bf.pk], 3) == (
        one.coefficient
    )
    plant = figures.unit_utilisation(
        Unit.objects.get(code="taiyuan-steel"), Equipment.objects.all(), start, end
    )
    assert plant.coefficient == one.coefficient  # No. 2 has no records unit
    late = {e.name: days for e, days in figures.restarts(Equipment.objects.all(), end)}
    assert late["Yangquan small blast furnace No. 1"] == 5
    assert late["Yangquan small blast furnace No. 2"] == 13
    assert "Daye county small blast furnace No. 1" not in late
