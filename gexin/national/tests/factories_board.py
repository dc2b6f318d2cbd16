"""Test objects of the daily board.

Beside the fixed world this area adds (once per world, see `more_world`) a second
province, Henan, with plant H, and a planner of Hubei (`planner_hubei`, committee
member). `steel_quarter(world)` writes the 1959 first-quarter steel plans (900 t for each
plant, added up above) and daily records of 1 January-14 February 1959:

- plant A 8 t a day (and 5 t a day a year earlier): 360 t done, 12 t a day required;
- plant B 12 t a day until 7 February, then 6 t a day: 498 t, 402 t ÷ 45 days required,
  below for the last 7 days running;
- plant H 10 t a day: exactly on the level required.
"""

import datetime

from gexin.national.models import KeyEnterprise
from gexin.org.choices import Role, UnitKind
from gexin.org.tests.factories import PersonFactory, RoleAssignmentFactory, UnitFactory, UserFactory
from gexin.plans.tests.factories import make_plan, metric, put

D = datetime.date
DAY = datetime.timedelta(days=1)
QUARTER = D(1959, 1, 1)
AS_OF = D(1959, 2, 14)

# The board takes no object id; the key enterprises' pages and API do.
ROUTES = {
    **{
        f"national:keyenterprise_{action}": "key_enterprise"
        for action in ("detail", "edit", "delete", "history")
    },
    "keyenterprise-detail": "key_enterprise",
}


def more_world(world):
    units = world.units
    if "henan" not in units:
        units["henan"] = UnitFactory(
            code="henan", parent=units["mmi"], kind=UnitKind.PROVINCE, name="Henan", name_zh="河南"
        )
    if "plant-h" not in units:
        units["plant-h"] = UnitFactory(
            code="plant-h",
            parent=units["henan"],
            kind=UnitKind.PLANT,
            name="Plant H",
            name_zh="河厂",
        )
    if "planner_hubei" not in world.users:
        user = UserFactory(username="planner_hubei")
        person = PersonFactory(employee_number="HB-900", unit=units["hubei"], user=user)
        RoleAssignmentFactory(person=person, unit=units["hubei"], role=Role.COMMITTEE_MEMBER)
        world.users["planner_hubei"] = user
        world.people["planner_hubei"] = person
    return world


def days(first, last):
    return [first + DAY * n for n in range((last - first).days + 1)]


def steel_quarter(world):
    """The plans and records described in the module's docstring (once per world)."""
    if getattr(world, "_board_quarter", False):
        return world
    more_world(world)
    targets = {"mmi": 2700, "hubei": 1800, "henan": 900, "plant-a": 900, "plant-b": 900}
    targets["plant-h"] = 900
    for code, value in targets.items():
        make_plan(world.units[code], "quarter", QUARTER, {"steel_output": value})
    rows = []
    for day in days(QUARTER, AS_OF):
        rows.append(("plant-a-machine", day.isoformat(), "1", "steel_output", "", "8"))
        rows.append(
            ("plant-a-machine", day.replace(year=1958).isoformat(), "1", "steel_output", "", "5")
        )
        b = "12" if day <= D(1959, 2, 7) else "6"
        rows.append(("plant-b-rolling", day.isoformat(), "1", "steel_output", "", b))
        rows.append(("plant-h", day.isoformat(), "1", "steel_output", "", "10"))
    put(rows)
    world._board_quarter = True
    return world


def examples(world):
    """{key: object inside plant A}: plant A marked as a key enterprise for steel; its
    twin outside plant A, `b_key_enterprise`, marks plant B for pig iron (so that the
    steel board still lists plant A alone)."""
    cached = getattr(world, "_board_examples", None)
    if cached is None:
        mark = KeyEnterprise.objects.create(
            unit=world.units["plant-a"], metric=metric("steel_output"), since=QUARTER
        )
        b_mark = KeyEnterprise.objects.create(
            unit=world.units["plant-b"], metric=metric("pig_iron_output"), since=QUARTER
        )
        cached = world._board_examples = {"key_enterprise": mark, "b_key_enterprise": b_mark}
    return cached


def officer_a(world):
    """A production officer of plant A: sees its key enterprises, may not mark them."""
    if "officer_a" not in world.users:
        user = UserFactory(username="officer_a")
        person = PersonFactory(employee_number="A-900", unit=world.units["plant-a"], user=user)
        RoleAssignmentFactory(
            person=person, unit=world.units["plant-a"], role=Role.PRODUCTION_OFFICER
        )
        world.users["officer_a"] = user
        world.people["officer_a"] = person
    return world.users["officer_a"]
