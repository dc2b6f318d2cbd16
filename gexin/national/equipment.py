"""Figures of furnaces and converters: the blast-furnace utilisation coefficient and
the restarts against plan.

The utilisation coefficient (利用系数) is tonnes of pig iron per cubic metre of useful
volume per day. For one blast furnace it is the `pig_iron_output` recorded on its
records unit over the period divided by its useful volume times the days it was
producing (read from its status history). For a unit it is the sum of those outputs
over the sum of those volume-days of the blast furnaces under it: a ratio of sums,
never an average of coefficients. A blast furnace without a records unit has no output
of its own: it is listed but left out of both sums, so its volume does not dilute the
others' coefficient.

This is the catalogue's ratio `bf_utilisation` = `pig_iron_output` / `furnace_volume_days`
with the denominator taken from the equipment rather than from records: volume-days
come from the status history, so a furnace that stood for a week counts a week less
whether or not anyone recorded its volume-days. Where `furnace_volume_days` is recorded
too (the demo records it), the two agree.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max, Prefetch

from gexin.national.models.equipment import (
    BLAST_FURNACE_KINDS,
    Equipment,
    EquipmentStatus,
    StatusChange,
)
from gexin.plans import fulfilment, periods
from gexin.plans.models import DailyTotal, Metric

MILLI = Decimal(1000)
COEFFICIENT_PLACES = Decimal("0.001")


def data_day(today=None):
    """The day figures are read up to by default: the last day with any record, not
    after today (the demo's records end on 14 February 1959); today without records."""
    today = today or datetime.date.today()
    last = DailyTotal.objects.filter(day__lte=today).aggregate(last=Max("day"))["last"]
    return last or today


def default_period(as_of):
    """From the first day of `as_of`'s quarter to `as_of`."""
    return periods.period_start("quarter", as_of), as_of


def pig_iron_metric_id():
    return Metric.objects.filter(code="pig_iron_output").values_list("pk", flat=True).first()


@dataclass
class FurnaceUtilisation:
    """One blast furnace over a period."""

    equipment: Equipment
    start: datetime.date
    end: datetime.date
    producing_days: int
    output: Decimal | None  # t of pig iron; None without a records unit

    @property
    def has_records_unit(self):
        return self.equipment.records_unit_id is not None

    @property
    def volume_days(self):
        return (self.equipment.useful_volume or Decimal(0)) * self.producing_days

    @property
    def coefficient(self):
        """t/(m³·d), or None when there is no output to count or no volume-days."""
        if self.output is None or not self.volume_days:
            return None
        return (self.output / self.volume_days).quantize(COEFFICIENT_PLACES, ROUND_HALF_UP)

    @property
    def is_counted(self):
        """Whether the furnace enters its units' coefficient."""
        return self.output is not None and bool(self.volume_days)

    def as_dict(self):
        return {
            "equipment": self.equipment.pk,
            "name": self.equipment.name,
            "unit": self.equipment.unit.code,
            "records_unit": self.equipment.records_unit.code if self.has_records_unit else None,
            "useful_volume": _text(self.equipment.useful_volume),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "producing_days": self.producing_days,
            "volume_days": _text(self.volume_days),
            "pig_iron_output": _text(self.output),
            "coefficient": _text(self.coefficient),
            "is_counted": self.is_counted,
        }


@dataclass
class UnitUtilisation:
    """The blast furnaces under a unit over a period, and their coefficient."""

    unit: object
    start: datetime.date
    end: datetime.date
    furnaces: list = field(default_factory=list)

    @property
    def counted(self):
        return [furnace for furnace in self.furnaces if furnace.is_counted]

    @property
    def output(self):
        return sum((furnace.output for furnace in self.counted), Decimal(0))

    @property
    def volume_days(self):
        return sum((furnace.volume_days for furnace in self.counted), Decimal(0))

    @property
    def coefficient(self):
        if not self.volume_days:
            return None
        return (self.output / self.volume_days).quantize(COEFFICIENT_PLACES, ROUND_HALF_UP)

    @property
    def uncounted(self):
        return [furnace for furnace in self.furnaces if not furnace.is_counted]

    def as_dict(self):
        return {
            "unit": self.unit.code,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "pig_iron_output": _text(self.output),
            "volume_days": _text(self.volume_days),
            "coefficient": _text(self.coefficient),
            "furnaces": [furnace.as_dict() for furnace in self.furnaces],
        }


def _text(value):
    return None if value is None else str(value)


def with_history(queryset):
    return queryset.select_related("unit", "records_unit").prefetch_related(
        Prefetch("status_changes", queryset=StatusChange.objects.order_by("on", "pk"))
    )


def furnace_utilisation(equipment, start, end, *, metric_id=None):
    """The coefficient of one blast furnace over [start, end]."""
    metric_id = metric_id or pig_iron_metric_id()
    output = None
    if equipment.records_unit_id is not None and metric_id is not None:
        sums = fulfilment.totals(equipment.records_unit.path, start, end, metric_ids=[metric_id])
        output = Decimal(sums.get(metric_id, 0)) / MILLI
    return FurnaceUtilisation(
        equipment=equipment,
        start=start,
        end=end,
        producing_days=equipment.producing_days(start, end, list(equipment.status_changes.all())),
        output=output,
    )


def unit_utilisation(unit, equipment_queryset, start, end):
    """The coefficient of the blast furnaces of `equipment_queryset` under `unit` (the
    caller restricts the queryset to what the user may view)."""
    metric_id = pig_iron_metric_id()
    furnaces = with_history(
        equipment_queryset.filter(kind__in=BLAST_FURNACE_KINDS, unit__path__startswith=unit.path)
    ).order_by("unit__path", "number", "name", "pk")
    result = UnitUtilisation(unit=unit, start=start, end=end)
    for equipment in furnaces:
        result.furnaces.append(furnace_utilisation(equipment, start, end, metric_id=metric_id))
    return result


# Restarts

NOT_PRODUCING = (EquipmentStatus.BUILDING, EquipmentStatus.READY, EquipmentStatus.DOWN)


def restarts(equipment_queryset, as_of):
    """Furnaces and converters not yet producing, or started after their plan: rows
    of (equipment, days late), the latest first."""
    rows = []
    queryset = equipment_queryset.select_related("unit", "records_unit")
    for equipment in queryset:
        late = equipment.days_late(as_of)
        started_late = equipment.actual_start is not None and bool(late)
        if equipment.status in NOT_PRODUCING or started_late:
            rows.append((equipment, late))
    rows.sort(key=lambda row: (-(row[1] or 0), row[0].unit.path, row[0].name))
    return rows


def counts_by_status(equipment_queryset, level_units):
    """{unit: {status: count}} of the equipment under each of `level_units`."""
    counts = {unit: dict.fromkeys(EquipmentStatus.values, 0) for unit in level_units}
    paths = [(unit, unit.path) for unit in level_units]
    for path, status in equipment_queryset.values_list("unit__path", "status"):
        for unit, unit_path in paths:
            if path.startswith(unit_path):
                counts[unit][status] += 1
                break
    return counts
