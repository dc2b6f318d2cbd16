"""Demo of quality (seed 004): a converter steel ingot standard and Beijing Special Steel's
converter heats of 1–14 February 1959, from which the ingot qualified rate is computed.

Published (seed 004): 14 heats in one converter on 2 February 1959; ingot qualified rate
96.6%. Illustrative: the standard's limits (sulphur ≤ 0.055 %, phosphorus ≤ 0.080 %,
values typical of side-blown converter steel of the period, not a published text), every
heat's weight, its measurements and its inspector.

The heats follow the plans demo's records of the workshop (`gexin.plans.demo`), so the two
agree: each day has the recorded number of heats, the heats weigh the recorded tonnes of
ingots, and the heats judged qualified weigh the recorded qualified tonnes. On 2 February
that is 14 heats, 59.0 t, of which 56.994 t qualified: 96.6% by tonnes, the seed's
钢锭合格率 (a rate by weight of ingots, as the plans records keep it). One heat a day fails
on sulphur: the day's rejected tonnes, a short heat.
"""

import datetime
import random
from decimal import Decimal

from gexin.national.models import Inspection, Product, ProductStandard, StandardLimit
from gexin.national.quality import record
from gexin.org.models import Unit
from gexin.plans import demo_data

STANDARD_CODE = "converter-ingot-1959"
FIRST_DAY = datetime.date(1959, 2, 1)
LAST_DAY = datetime.date(1959, 2, 14)
RANDOM_SEED = 8004
SOURCE = (
    "Seed 004 (People's Daily, 20 February 1959): Beijing Special Steel Plant, 14 heats in "
    "a single converter on 2 February; ingot qualified rate 96.6%. Heats, weights and "
    "measurements illustrative, following the plans demo's records of the workshop."
)
LIMITS = [
    ("sulphur", "Sulphur content", "硫含量", None, Decimal("0.055")),
    ("phosphorus", "Phosphorus content", "磷含量", None, Decimal("0.080")),
]


def is_loaded():
    return ProductStandard.objects.filter(code=STANDARD_CODE).exists()


def day_figures(unit, day):
    """(heats, ingot kg, qualified kg) of the workshop on `day`, from the plans records,
    or from the published figures when the plans demo is not loaded."""
    from gexin.plans.models import Metric, Record

    ids = dict(
        Metric.objects.filter(
            code__in=("heats", "ingots_produced", "ingots_qualified")
        ).values_list("code", "pk")
    )
    values = dict(
        Record.objects.filter(unit=unit, day=day, metric_id__in=ids.values()).values_list(
            "metric_id", "value_milli"
        )
    )
    if all(ids.get(code) in values for code in ("heats", "ingots_produced", "ingots_qualified")):
        return (
            values[ids["heats"]] // 1000,
            values[ids["ingots_produced"]],
            values[ids["ingots_qualified"]],
        )
    if day != demo_data.BEIJING_RECORD_DAY:
        return None
    produced = round(Decimal(str(demo_data.BEIJING_RECORD_DAY_INGOTS)) * 1000)
    return (
        demo_data.BEIJING_RECORD_HEATS,
        produced,
        round(produced * Decimal(demo_data.BEIJING_QUALIFIED_RATE)),
    )


def load():
    standard = ProductStandard.objects.create(
        code=STANDARD_CODE,
        name="Converter carbon steel ingot",
        name_zh="转炉碳素钢锭",
        product=Product.STEEL_INGOT,
        grade="converter steel",
        issued_by="Ministry of Metallurgical Industry (illustrative)",
        description=(
            "A lot is one heat. Illustrative limits typical of side-blown converter steel "
            "of 1959: sulphur at most 0.055 %, phosphorus at most 0.080 %."
        ),
        is_illustrative=True,
        source="Illustrative; seed 004 asks plants to produce according to product standards.",
    )
    for code, name, name_zh, minimum, maximum in LIMITS:
        StandardLimit.objects.create(
            standard=standard,
            property_code=code,
            property_name=name,
            property_name_zh=name_zh,
            unit_of_measure="%",
            minimum=minimum,
            maximum=maximum,
        )
    written = {"product standards": 1, "standard limits": len(LIMITS), "inspections": 0}
    unit = Unit.objects.filter(code=demo_data.BEIJING_CONVERTER).first()
    if unit is None:
        return written
    rng = random.Random(RANDOM_SEED)
    day = FIRST_DAY
    while day <= LAST_DAY:
        figures = day_figures(unit, day)
        if figures is not None:
            written["inspections"] += heats_of_day(unit, standard, day, *figures, rng)
        day += datetime.timedelta(days=1)
    return written


def heats_of_day(unit, standard, day, heats, produced_kg, qualified_kg, rng):
    """Inspect the day's heats: those qualified share the qualified kilograms; one heat,
    weighing the rest, fails on sulphur."""
    rejected_kg = produced_kg - qualified_kg
    good = heats - 1 if rejected_kg > 0 else heats
    weights = [qualified_kg // good] * good if good else []
    if weights:
        weights[-1] += qualified_kg - sum(weights)
    lots = [(kg, False) for kg in weights]
    if rejected_kg > 0:
        # The failing heat is placed among the day's heats, not always last.
        lots.insert(rng.randrange(len(lots) + 1), (rejected_kg, True))
    for number, (kg, fails) in enumerate(lots, start=1):
        sulphur = Decimal(rng.randint(68, 80) if fails else rng.randint(28, 52)) / 1000
        phosphorus = Decimal(rng.randint(40, 76)) / 1000
        record(
            Inspection(
                unit=unit,
                standard=standard,
                lot_number=f"{day:%m%d}-{number:02d}",
                inspected_on=day,
                tonnes=Decimal(kg) / 1000,
                inspector="furnace-front laboratory",
                is_illustrative=True,
                source=SOURCE,
            ),
            {"sulphur": sulphur, "phosphorus": phosphorus},
        )
    return len(lots)
