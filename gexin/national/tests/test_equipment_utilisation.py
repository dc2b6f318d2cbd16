"""The utilisation coefficient per furnace and per unit equals the hand computation:
output of the records unit over useful volume times producing days; for a unit the sum
of outputs over the sum of volume-days, a furnace without a records unit left out."""

import datetime
from decimal import Decimal

import pytest

from gexin.national import equipment as figures
from gexin.national.models.equipment import Equipment, EquipmentKind, EquipmentStatus
from gexin.national.tests.factories_equipment import make_equipment
from gexin.org.choices import UnitKind
from gexin.org.tests.factories import UnitFactory
from gexin.plans.tests.factories import put

pytestmark = pytest.mark.django_db
D = datetime.date
START, END = D(1959, 1, 1), D(1959, 1, 31)


@pytest.fixture
def furnaces(world):
    shop = world.units["plant-a-machine"]
    section_1 = world.units["plant-a-turning"]
    section_2 = UnitFactory(code="plant-a-bf2", parent=shop, kind=UnitKind.SECTION, name="No. 2 BF")
    # No. 1: 100 m³, producing from 11 January (21 days), 2,520 t in January.
    no1 = make_equipment(shop, records_unit=section_1)
    no1.set_status(EquipmentStatus.PRODUCING, on=D(1959, 1, 11))
    put(
        [
            ("plant-a-turning", f"1959-01-{day:02d}", 0, "pig_iron_output", "", 120)
            for day in range(11, 32)
        ]
    )
    # No. 2: 50 m³, producing all month but down 21-25 January (26 days), 1,300 t.
    no2 = make_equipment(
        shop,
        name="No. 2",
        records_unit=section_2,
        useful_volume=Decimal("50"),
        status=EquipmentStatus.PRODUCING,
        actual_start=D(1958, 6, 1),
    )
    no2.set_status(EquipmentStatus.DOWN, on=D(1959, 1, 21))
    no2.set_status(EquipmentStatus.PRODUCING, on=D(1959, 1, 26))
    put(
        [
            ("plant-a-bf2", f"1959-01-{day:02d}", 0, "pig_iron_output", "", 50)
            for day in [*range(1, 21), *range(26, 32)]
        ]
    )
    # A small furnace with no records unit: listed, but in neither sum.
    no3 = make_equipment(
        shop,
        name="Small 1",
        kind=EquipmentKind.SMALL_BLAST_FURNACE,
        useful_volume=Decimal("13"),
        status=EquipmentStatus.PRODUCING,
        actual_start=D(1959, 1, 1),
    )
    # A converter is no blast furnace and has no coefficient.
    make_equipment(
        shop,
        name="Converter",
        kind=EquipmentKind.CONVERTER,
        useful_volume=None,
        capacity=Decimal("3"),
        status=EquipmentStatus.PRODUCING,
    )
    return no1, no2, no3


def test_each_furnaces_coefficient_is_output_over_volume_days(furnaces):
    no1, no2, no3 = furnaces
    one = figures.furnace_utilisation(no1, START, END)
    assert (one.producing_days, one.output, one.volume_days) == (21, Decimal(2520), 2100)
    assert one.coefficient == Decimal("1.200")  # 2520 / (100 × 21)
    two = figures.furnace_utilisation(no2, START, END)
    assert (two.producing_days, two.output) == (26, Decimal(1300))
    assert two.coefficient == Decimal("1.000")  # 1300 / (50 × 26)
    three = figures.furnace_utilisation(no3, START, END)
    assert (three.output, three.coefficient, three.is_counted) == (None, None, False)


def test_a_units_coefficient_is_the_sum_of_output_over_the_sum_of_volume_days(world, furnaces):
    result = figures.unit_utilisation(world.units["plant-a"], Equipment.objects.all(), START, END)
    assert len(result.furnaces) == 3  # the converter is not a blast furnace
    assert result.output == Decimal(3820)
    assert result.volume_days == Decimal(2100 + 1300)
    # (2520 + 1300) / (2100 + 1300) = 1.1235…, not the mean 1.1 of the two coefficients.
    assert result.coefficient == Decimal("1.124")
    assert [f.equipment.name for f in result.uncounted] == ["Small 1"]


def test_it_agrees_with_the_catalogues_ratio_when_volume_days_are_recorded(world, furnaces):
    from gexin.plans import fulfilment
    from gexin.plans.models import Metric

    no1 = furnaces[0]
    put(
        [
            ("plant-a-turning", f"1959-01-{day:02d}", 0, "furnace_volume_days", "", 100)
            for day in range(11, 32)
        ]
    )
    metrics = fulfilment.all_metrics()
    sums = fulfilment.totals(world.units["plant-a-turning"].path, START, END)
    ratio = fulfilment.metric_values(metrics, sums)[Metric.objects.get(code="bf_utilisation").pk]
    assert round(ratio, 3) == figures.furnace_utilisation(no1, START, END).coefficient


def test_the_unit_figure_counts_only_what_the_user_may_see(world, furnaces):
    visible_to_b = Equipment.objects.restrict(world.user("worker_b"), "view")
    result = figures.unit_utilisation(world.units["hubei"], visible_to_b, START, END)
    assert result.furnaces == []
