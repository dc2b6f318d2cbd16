"""Test objects of cards, cooperation and the same-type comparison.

Beside the fixed world this area adds (once per world, see `more_world`): plant C with
its rolling workshop, a transport department in plant A, a manager of plant B
(`manager_b`) and a worker of plant C's rolling workshop (`worker_c`).

`examples(world)` holds an open card and a cooperation inside plant A, and twins that
plant A's people may not see: a card of plant B taken up by plant C, and a cooperation
of plant B with an outside enterprise.
"""

import datetime
from decimal import Decimal

from gexin.exchange.choices import CardKind, CooperationKind, ExchangeStatus, Flow
from gexin.exchange.models import AssistanceCard, Cooperation, CooperationItem
from gexin.org.choices import Role, UnitKind
from gexin.org.tests.factories import (
    PersonFactory,
    RoleAssignmentFactory,
    UnitFactory,
    UserFactory,
)
from gexin.plans.tests.factories import put

CARD_ACTIONS = ("detail", "edit", "delete", "history", "match", "deliver", "confirm", "withdraw")
API_ACTIONS = ("detail", "match", "deliver", "confirm", "withdraw")

# {route name (UI "exchange:x_detail" or API "x-detail"): key into examples(world)}
ROUTES = {
    **{f"exchange:assistancecard_{action}": "card" for action in CARD_ACTIONS},
    **{f"assistancecard-{action}": "card" for action in API_ACTIONS},
    **{f"exchange:cooperation_{action}": "cooperation" for action in CARD_ACTIONS},
    **{f"cooperation-{action}": "cooperation" for action in API_ACTIONS},
    "exchange:cooperationitem_edit": "item",
    "exchange:cooperationitem_delete": "item",
    "cooperationitem-detail": "item",
}

# The example card is open: on the board, plant B's worker opens it and its move pages
# (which send them back to the card, and refuse their POST with 403) ...
SHARED_ROUTES = {
    *{
        f"exchange:assistancecard_{action}"
        for action in CARD_ACTIONS
        if action not in ("edit", "delete")
    },
    *{f"assistancecard-{action}" for action in API_ACTIONS},
}
# ... but may not change it: these answer 403 to that worker, not 404.
SHARED_CHANGE_ROUTES = {"exchange:assistancecard_edit", "exchange:assistancecard_delete"}

MARCH = datetime.date(1959, 3, 1)


def more_world(world):
    """The units and people this area's tests add to the fixed world (each made once,
    whatever other areas' factories made already)."""
    units = world.units
    if "plant-c" not in units:
        units["plant-c"] = UnitFactory(
            code="plant-c",
            parent=units["hubei"],
            kind=UnitKind.PLANT,
            name="Plant C",
            name_zh="丙厂",
        )
    if "plant-c-rolling" not in units:
        units["plant-c-rolling"] = UnitFactory(
            code="plant-c-rolling",
            parent=units["plant-c"],
            kind=UnitKind.WORKSHOP,
            work_type=world.work_types["rolling"],
            name="Rolling workshop C",
            name_zh="丙厂轧钢车间",
        )
    if "plant-a-transport" not in units:
        units["plant-a-transport"] = UnitFactory(
            code="plant-a-transport",
            parent=units["plant-a"],
            kind=UnitKind.DEPARTMENT,
            name="Transport department A",
            name_zh="甲厂运输部",
        )
    for username, number, unit, role in (
        ("manager_b", "B-100", "plant-b", Role.MANAGER),
        ("worker_c", "C-001", "plant-c-rolling", None),
    ):
        if username in world.users:
            continue
        user = UserFactory(username=username)
        person = PersonFactory(
            employee_number=number,
            unit=units[unit],
            user=user,
            name=f"{username}的名字",
            name_latin=username.replace("_", " ").title(),
        )
        world.users[username] = user
        world.people[username] = person
        if role:
            RoleAssignmentFactory(person=person, unit=units[unit], role=role)
    return world


def make_card(unit, *, kind=CardKind.REQUEST, title="Help wanted: roll change", **fields):
    fields.setdefault("description", "Roll change on the medium mill takes 40 minutes.")
    fields.setdefault("work_type", unit.work_type)
    return AssistanceCard.objects.create(unit=unit, kind=kind, title=title, **fields)


def make_cooperation(unit, *, partner=None, partner_name="", title="Rails for coal", **fields):
    fields.setdefault(
        "kind", CooperationKind.INTERNAL if partner is not None else CooperationKind.EXTERNAL
    )
    fields.setdefault("description", "Rails and trucks lent; low-sulphur coking coal in return.")
    return Cooperation.objects.create(
        unit=unit, partner=partner, partner_name=partner_name, title=title, **fields
    )


def item(cooperation, flow, description, quantity=None, measure=""):
    return CooperationItem.objects.create(
        cooperation=cooperation,
        flow=flow,
        description=description,
        quantity=None if quantity is None else Decimal(str(quantity)),
        unit_of_measure=measure,
    )


def examples(world):
    """One of each object of this area in plant A, and twins out of plant A's sight."""
    cached = getattr(world, "_cards_examples", None)
    if cached is not None:
        return cached
    more_world(world)
    units = world.units
    card = make_card(
        units["plant-a-machine"],
        title="Help wanted: fine threads on the lathes",
        posted_by=world.users["manager_a"],
    )
    b_card = make_card(
        units["plant-b-rolling"],
        kind=CardKind.OFFER,
        title="Offer: fast roll change on the medium mill",
        status=ExchangeStatus.MATCHED,
        counterpart=units["plant-c-rolling"],
        matched_on=MARCH,
    )
    cooperation = make_cooperation(
        units["plant-a-turning"],
        partner=units["plant-a-transport"],
        title="A truck for the turned shafts",
        posted_by=world.users["leader_a"],
    )
    b_cooperation = make_cooperation(
        units["plant-b-rolling"],
        partner_name="Xishan coal mine",
        title="Rails for the coal mine",
    )
    world._cards_examples = {
        "card": card,
        "b_card": b_card,
        "cooperation": cooperation,
        "b_cooperation": b_cooperation,
        "item": item(cooperation, Flow.RECEIVED, "Truck, one day", 1, "truck"),
        "b_item": item(b_cooperation, Flow.GIVEN, "Rails", 240, "t"),
    }
    return world._cards_examples


def record(unit, day, code, value):
    """One record of the unit's own figure."""
    put([(unit.code, day.isoformat(), "1", code, "", str(value))])
