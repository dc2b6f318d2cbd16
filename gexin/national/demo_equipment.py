"""The demo of furnaces and converters (seed 004: "small blast furnaces must start
quickly; large and medium blast furnaces must raise their utilisation coefficient";
"put the converters into production").

Published: Taiyuan's No. 1 Blast Furnace set the national record utilisation coefficient
0.536 in 1958 (seed 001, p.1), and Beijing Special Steel's converter workshop made 14
heats in one furnace on 2 February 1959 (seed 004). The seed gives 0.536 without a
unit; it reads as the older measure, cubic metres of useful volume per tonne of daily
output (lower is better), about 1/0.536 ≈ 1.87 t/(m³·d) in the measure gexin uses.
Everything else is illustrative: volumes, the small furnaces, their dates, and the
daily pig iron of 1 January-14 February 1959, written through `gexin.plans.records`
with a fixed random seed so the coefficient is computed from records, never typed.
"""

import datetime
import random
from decimal import Decimal

from gexin.national.models.equipment import Equipment, EquipmentKind, EquipmentStatus
from gexin.org.models import Unit
from gexin.plans import records
from gexin.plans.choices import ImportSource
from gexin.plans.models import Metric

D = datetime.date
FIRST, LAST = D(1959, 1, 1), D(1959, 2, 14)
RANDOM_SEED = 1959
ILLUSTRATIVE = "illustrative (seed 004 asks for it; the figures are not published)"
TAIYUAN_SOURCE = (
    "seed 001 p.1: national record utilisation coefficient 0.536 in 1958 (older measure, "
    "m³ per t a day ≈ 1.87 t/(m³·d)); volume, stoppage and 1959 records illustrative"
)

# (unit, records unit, kind, number, name, useful volume m³, capacity t, planned start,
#  [(day, new status, reason)], status before the history, actual start, source)
LARGE = [
    (
        "taiyuan-steel-ironmaking",
        "taiyuan-steel-ironmaking-bf1",
        EquipmentKind.BLAST_FURNACE,
        "1",
        "No. 1 Blast Furnace",
        "600",
        None,
        None,
        [
            (D(1959, 1, 27), EquipmentStatus.DOWN, "tuyere change and short of coke"),
            (D(1959, 1, 30), EquipmentStatus.PRODUCING, "back in blast"),
        ],
        EquipmentStatus.PRODUCING,
        D(1954, 10, 1),
        TAIYUAN_SOURCE,
    ),
    (
        "taiyuan-steel-ironmaking",
        None,
        EquipmentKind.BLAST_FURNACE,
        "2",
        "No. 2 Blast Furnace",
        "255",
        None,
        None,
        [],
        EquipmentStatus.PRODUCING,
        D(1958, 9, 15),
        ILLUSTRATIVE + "; no records unit: shown, not counted in the coefficient",
    ),
]
SMALL = [
    (
        "shanxi",
        "Yangquan small blast furnace No. 1",
        "13",
        D(1959, 1, 15),
        [
            (D(1959, 1, 10), EquipmentStatus.READY, "lining dried"),
            (D(1959, 1, 20), EquipmentStatus.PRODUCING, "blown in after the coke arrived"),
        ],
    ),
    (
        "shanxi",
        "Yangquan small blast furnace No. 2",
        "13",
        D(1959, 2, 1),
        [(D(1959, 2, 5), EquipmentStatus.READY, "waiting for ore")],
    ),
    (
        "hubei",
        "Daye county small blast furnace No. 1",
        "28",
        D(1959, 1, 20),
        [(D(1959, 1, 18), EquipmentStatus.PRODUCING, "blown in on time")],
    ),
    ("hubei", "Daye county small blast furnace No. 2", "28", D(1959, 2, 10), []),
    (
        "sichuan",
        "Qijiang small blast furnace No. 1",
        "8",
        D(1959, 1, 25),
        [
            (D(1959, 2, 2), EquipmentStatus.PRODUCING, "blown in"),
            (D(1959, 2, 9), EquipmentStatus.DOWN, "hearth froze: no refractory bricks"),
        ],
    ),
    ("liaoning", "Anshan district small blast furnace No. 1", "13", D(1959, 2, 20), []),
]
BEIJING_CONVERTER = "beijing-special-steel-converter"
# Taiyuan No. 1's daily pig iron: a coefficient of about 1.75-1.95 t/(m³·d) on
# producing days, climbing slowly as the seed asks.
TAIYUAN_COEFFICIENT = (1.75, 1.95)


def is_loaded():
    return Equipment.objects.filter(
        is_illustrative=True, unit__code="taiyuan-steel-ironmaking"
    ).exists()


def _history(equipment, changes):
    for day, status, reason in changes:
        equipment.set_status(status, on=day, reason=reason, today=LAST)


def load():
    """Create the furnaces and converters and Taiyuan No. 1's records; return the counts."""
    units = {
        unit.code: unit
        for unit in Unit.objects.filter(
            code__in={row[0] for row in LARGE}
            | {row[1] for row in LARGE if row[1]}
            | {row[0] for row in SMALL}
            | {BEIJING_CONVERTER}
        )
    }
    written = {"furnaces and converters": 0, "status changes": 0, "records of blast furnaces": 0}
    furnaces = []
    for (
        unit,
        records_unit,
        kind,
        number,
        name,
        volume,
        capacity,
        planned,
        changes,
        initial,
        started,
        source,
    ) in LARGE:
        if unit not in units:
            continue
        equipment = Equipment.objects.create(
            unit=units[unit],
            records_unit=units.get(records_unit),
            kind=kind,
            number=number,
            name=name,
            useful_volume=Decimal(volume),
            capacity=capacity,
            planned_start=planned,
            status=initial,
            actual_start=started,
            is_illustrative=True,
            source=source,
        )
        _history(equipment, changes)
        written["status changes"] += len(changes)
        furnaces.append(equipment)
    for number, (unit, name, volume, planned, changes) in enumerate(SMALL, 1):
        if unit not in units:
            continue
        equipment = Equipment.objects.create(
            unit=units[unit],
            kind=EquipmentKind.SMALL_BLAST_FURNACE,
            number=str(number),
            name=name,
            useful_volume=Decimal(volume),
            planned_start=planned,
            status=EquipmentStatus.BUILDING,
            is_illustrative=True,
            source=ILLUSTRATIVE + "; built by the province (土高炉)",
        )
        _history(equipment, changes)
        written["status changes"] += len(changes)
        furnaces.append(equipment)
    if BEIJING_CONVERTER in units:
        furnaces.append(
            Equipment.objects.create(
                unit=units[BEIJING_CONVERTER],
                kind=EquipmentKind.CONVERTER,
                number="1",
                name="Converter No. 1",
                capacity=Decimal("4.0"),
                status=EquipmentStatus.PRODUCING,
                is_illustrative=True,
                source="seed 004: 14 heats in one converter on 2 February 1959; "
                "capacity of about 4 t a heat illustrative",
            )
        )
    written["furnaces and converters"] = len(furnaces)
    written["records of blast furnaces"] = _records(furnaces)
    return written


def _records(furnaces):
    """Daily pig iron and volume-days of each producing blast furnace with a records unit."""
    metric = dict(
        Metric.objects.filter(code__in=("pig_iron_output", "furnace_volume_days")).values_list(
            "code", "pk"
        )
    )
    if len(metric) < 2:
        return 0
    rng = random.Random(RANDOM_SEED)
    rows = []
    days = [FIRST + datetime.timedelta(days=n) for n in range((LAST - FIRST).days + 1)]
    for equipment in furnaces:
        if not equipment.is_blast_furnace or equipment.records_unit_id is None:
            continue
        changes = list(equipment.status_changes.all())
        low, high = TAIYUAN_COEFFICIENT
        for index, day in enumerate(days):
            if equipment.status_on(day, changes) != EquipmentStatus.PRODUCING:
                continue
            if equipment.actual_start and day < equipment.actual_start:
                continue
            trend = low + (high - low) * index / (len(days) - 1)
            coefficient = trend * (1 + rng.uniform(-0.03, 0.03))
            tonnes = round(float(equipment.useful_volume) * coefficient, 1)
            unit_id = equipment.records_unit_id
            rows.append((unit_id, day, 0, metric["pig_iron_output"], None, round(tonnes * 1000)))
            rows.append(
                (
                    unit_id,
                    day,
                    0,
                    metric["furnace_volume_days"],
                    None,
                    int(equipment.useful_volume * 1000),
                )
            )
    if rows:
        records.Validator(None).check_typed(rows)
        records.load(
            rows,
            source=ImportSource.DEMO,
            file_name="demo: blast furnaces, 1 January-14 February 1959 (seed 004)",
        )
    return len(rows)
