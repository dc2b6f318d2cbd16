"""Test objects of evaluations, scores and banner holdings: one of each inside plant A,
and their plant B twins; and the March–April scenario the scoring tests compute by hand.

The scenario: four participants of plant A's machine shop, evaluated monthly on steel
output fulfilment (weight 2), coal per tonne of steel by rank (weight 1, lower is
better) and qualified rate by rank (weight 1). The fourth participant is a section of
two groups, whose qualified rate is their pieces qualified over their pieces produced,
never the mean of the two groups' rates.
"""

import datetime
from decimal import Decimal

from gexin.competitions import scoring
from gexin.competitions.choices import Frequency, GateOperator, ParticipantKind, Scoring
from gexin.competitions.models import Competition, Criterion, EligibilityGate, Participant
from gexin.org.choices import UnitKind
from gexin.org.tests.factories import UnitFactory
from gexin.plans.models import Metric
from gexin.plans.tests.factories import make_plan, put

# {route name (UI "competitions:x_detail" or API "x-detail"): key into examples(world)}
ROUTES = {
    **{
        f"competitions:evaluation_{action}": "evaluation"
        for action in ("detail", "edit", "delete", "history", "recompute", "publish")
    },
    "competitions:score_adjust": "score",
    "competitions:score_history": "score",
    "competitions:participant_detail": "participant",
    "evaluation-detail": "evaluation",
    "evaluation-compute": "evaluation",
    "evaluation-publish": "evaluation",
    "score-detail": "score",
    "score-adjust": "score",
    "bannerholding-detail": "holding",
}

MARCH = datetime.date(1959, 3, 1)
APRIL = datetime.date(1959, 4, 1)


def metric(code):
    return Metric.objects.get(code=code)


def make_competition(unit, title="Machine shop group competition", **fields):
    fields.setdefault("starts_on", datetime.date(1959, 1, 1))
    fields.setdefault("ends_on", datetime.date(1959, 6, 30))
    fields.setdefault("frequency", Frequency.MONTHLY)
    fields.setdefault("participant_kind", ParticipantKind.GROUP)
    return Competition.objects.create(unit=unit, title=title, **fields)


def add_criterion(competition, code, weight, scoring_as=Scoring.FULFILMENT, **fields):
    return Criterion.objects.create(
        competition=competition,
        metric=metric(code),
        weight=Decimal(str(weight)),
        scoring=scoring_as,
        position=competition.criteria.count() + 1,
        **fields,
    )


def add_gate(competition, label, code, operator, threshold):
    return EligibilityGate.objects.create(
        competition=competition,
        label=label,
        metric=metric(code),
        operator=operator,
        threshold=Decimal(str(threshold)),
    )


def group(parent, code, kind=UnitKind.UNION_GROUP):
    return UnitFactory(parent=parent, code=code, kind=kind, name=code.title(), name_zh=code)


def day_rows(unit, day, **figures):
    """Record rows of one unit and day from {metric code: value}."""
    return [(unit, day, "0", code, "", str(value)) for code, value in figures.items()]


# March and April: (steel t, coal kg, pieces produced, pieces qualified) per unit.
FIGURES = {
    "1959-03-10": {
        "g1": (120, 60000, 200, 196),
        "g2": (90, 40500, 100, 99),
        "g3": (150, 90000, 300, 285),
        "s4-a": (60, 30000, 10, 10),
        "s4-b": (50, 22000, 190, 180),
    },
    "1959-04-10": {
        "g1": (100, 50000, 100, 98),
        "g2": (80, 44000, 100, 97),
        "g3": (150, 60000, 100, 100),
        "s4-a": (50, 25000, 50, 50),
        "s4-b": (40, 20000, 50, 46),
    },
}


def scenario(world):
    """The machine shop competition of March and April 1959 (see the module's docstring).

    Returns a dict: competition, criteria, gate, participants p1…p4 and their units.
    Group 2 has an accident in March, which keeps it from the banner.
    """
    shop = world.units["plant-a-machine"]
    units = {
        "g1": world.units["plant-a-turning"],
        "g2": group(shop, "g2"),
        "g3": group(shop, "g3"),
        "s4": group(shop, "s4", UnitKind.SECTION),
    }
    units["s4-a"] = group(units["s4"], "s4-a")
    units["s4-b"] = group(units["s4"], "s4-b")
    competition = make_competition(world.units["plant-a"], banner_name="Mobile red banner")
    output = add_criterion(competition, "steel_output", 2)
    coal = add_criterion(competition, "coal_per_tonne_steel", 1, Scoring.RANK)
    quality = add_criterion(competition, "qualified_rate", 1, Scoring.RANK)
    gate = add_gate(competition, "No serious accident", "accidents", GateOperator.AT_MOST, 0)
    participants = {
        f"p{index}": Participant.objects.create(competition=competition, unit=units[code])
        for index, code in enumerate(("g1", "g2", "g3", "s4"), 1)
    }
    for month in (MARCH, APRIL):
        for code in ("g1", "g2", "g3", "s4"):
            make_plan(units[code], "month", month, {"steel_output": 100})
    rows = []
    for day, by_unit in FIGURES.items():
        for code, (steel, coal_kg, produced, qualified) in by_unit.items():
            rows += day_rows(
                units[code].code,
                day,
                steel_output=steel,
                coal_used=coal_kg,
                pieces_produced=produced,
                pieces_qualified=qualified,
            )
    rows += day_rows("g2", "1959-03-20", accidents=1)
    put(rows)
    return {
        "competition": competition,
        "output": output,
        "coal": coal,
        "quality": quality,
        "gate": gate,
        "units": units,
        **participants,
    }


def examples(world):
    """One of each object of this area in plant A, made once per world: a published
    January (with its banner holding) and a computed February."""
    cached = getattr(world, "_evaluations_examples", None)
    if cached is not None:
        return cached
    found = {}
    for prefix, organiser, unit in (
        ("", "plant-a", "plant-a-turning"),
        ("b_", "plant-b", "plant-b-shift-1"),
    ):
        competition = make_competition(world.units[organiser], title=f"{organiser} competition")
        add_criterion(competition, "pieces_produced", 1, Scoring.RANK)
        participant = Participant.objects.create(competition=competition, unit=world.units[unit])
        put([(unit, "1959-01-05", "1", "pieces_produced", "", "100")])
        january = scoring.evaluate(competition, datetime.date(1959, 1, 15))
        scoring.publish(january)
        february = scoring.evaluate(competition, datetime.date(1959, 2, 15))
        found.update(
            {
                f"{prefix}competition": competition,
                f"{prefix}participant": participant,
                f"{prefix}published": january,
                f"{prefix}evaluation": february,
                f"{prefix}score": february.scores.get(),
                f"{prefix}holding": january.banner_holding,
            }
        )
    world._evaluations_examples = found
    return found
