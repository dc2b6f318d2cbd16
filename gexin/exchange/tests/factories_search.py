"""Test objects of the search: experiences, problems and key issues with words to find.

The search pages take no ids, so the route walker needs no example objects from here.
`corpus(world)` writes a small library: the two experiences of seed 002 that the tests
look for (Benxi's fast roll change, in Chinese; Dalian's lifting table, in English)
among distractors that share some of their words, and a problem in each plant.
"""

import datetime

from gexin.exchange.choices import Language
from gexin.exchange.models import Experience
from gexin.innovation.models import KeyIssue, Problem
from gexin.org.choices import UnitKind
from gexin.org.tests.factories import UnitFactory

# {route name: key into examples(world)}: the search routes take no ids.
ROUTES = {}
SHARED_ROUTES = set()

DAY = datetime.date(1958, 8, 27)


def examples(world):
    """Nothing is needed by the route walker."""
    return {}


def experience(unit, title, problem="", method="", *, people=(), **fields):
    fields.setdefault("introduced_on", DAY)
    made = Experience.objects.create(
        unit=unit, title=title, problem=problem or title, method=method or title, **fields
    )
    if people:
        made.people.set(people)
    return made


def problem(unit, title, description="", **fields):
    fields.setdefault("posted_on", DAY)
    return Problem.objects.create(
        unit=unit, title=title, description=description or title, **fields
    )


def key_issue(unit, title, description="", **fields):
    fields.setdefault("ranked_on", DAY)
    return KeyIssue.objects.create(unit=unit, title=title, description=description, **fields)


def corpus(world):
    """The library the ranking tests search, made once per world; {key: object}."""
    cached = getattr(world, "_search_corpus", None)
    if cached is not None:
        return cached
    rolling = world.work_types["rolling"]
    machining = world.work_types["machining"]
    plant_a, plant_b = world.units["plant-a-machine"], world.units["plant-b-rolling"]
    made = {
        "roll_change": experience(
            plant_b,
            "快速换辊",
            "大连钢厂换轧辊时间长，影响产量的提高。",
            "本溪钢厂预先组装轧辊，换辊时间很短；中型轧机换辊时间缩短50%，小型缩短30%到40%。",
            work_type=rolling,
            people=[world.people["roller_b"]],
            introduced_on=datetime.date(1958, 6, 1),
        ),
        "lifting_table": experience(
            plant_a,
            "Lifting table for turning steel at the blooming mill",
            "Shorter ingot heads made turning the steel dangerous; several workers were hurt.",
            "An up-and-down table turns the plates at the blooming mill; injuries ended.",
            work_type=rolling,
            language=Language.ENGLISH,
            introduced_on=datetime.date(1958, 7, 1),
        ),
        # Distractors sharing some words: time, steel, rolls, tables.
        "furnace": experience(
            plant_a,
            "平炉出钢时间缩短",
            "平炉出钢时间长，钢水温度下降。",
            "改进出钢口，出钢时间缩短。",
            work_type=machining,
            introduced_on=datetime.date(1958, 3, 1),
        ),
        "lathe": experience(
            plant_a,
            "Turning the lathe tools faster",
            "Changing the tools of the lathe took a long time.",
            "A table of tool settings is kept at every lathe.",
            work_type=machining,
            language=Language.ENGLISH,
            introduced_on=datetime.date(1957, 5, 1),
        ),
        "coke": experience(
            plant_b,
            "低硫煤炼焦",
            "焦炭含硫高，影响生铁质量。",
            "用低硫煤炼焦，焦炭质量提高。",
            introduced_on=datetime.date(1959, 1, 10),
        ),
        "problem_a": problem(
            world.units["plant-a-turning"],
            "换辊时间太长",
            "车间换轧辊要停车几个小时，产量上不去。",
        ),
        "problem_b": problem(
            world.units["plant-b-shift-1"],
            "换辊停车时间长",
            "轧辊更换慢，每次换辊停车两小时。",
        ),
        "key_issue_a": key_issue(
            world.units["plant-a-machine"],
            "Roll changes stop the mill for hours",
            "Every roll change stops the mill for two hours.",
        ),
    }
    world._search_corpus = made
    return made


def third_plant(world):
    """A plant C with a rolling workshop, beside plants A and B."""
    plant = UnitFactory(
        parent=world.units["hubei"], code="plant-c", kind=UnitKind.PLANT, name="Plant C"
    )
    workshop = UnitFactory(
        parent=plant,
        code="plant-c-rolling",
        kind=UnitKind.WORKSHOP,
        name="Rolling workshop C",
        work_type=world.work_types["rolling"],
    )
    return plant, workshop
