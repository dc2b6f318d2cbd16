"""Test objects of contracts, their items, conferences and evaluations: one of each
inside plant A, and plant B twins.

A third plant, plant C (with its rolling workshop), is the other party of both: plant
A's contract binds A and C, plant B's binds B and C, so plant B's people see none of
plant A's (and the reverse). Plant A's machine shop has a technician (`tech_a`), who
carries out the items the shop owns; plant C has a manager (`manager_c`).
"""

import datetime

from gexin.exchange.choices import ContractStatus, ItemKind, Verdict
from gexin.exchange.models import Conference, Contract, ContractItem, ItemEvaluation
from gexin.org.choices import Role, UnitKind
from gexin.org.tests.factories import (
    PersonFactory,
    RoleAssignmentFactory,
    UnitFactory,
    UserFactory,
)

# {route name (UI "exchange:x_detail" or API "x-detail"): key into examples(world)}
ROUTES = {
    **{
        f"exchange:contract_{action}": "contract"
        for action in ("detail", "edit", "delete", "history")
    },
    **{
        f"exchange:contractitem_{action}": "item"
        for action in ("detail", "edit", "delete", "history")
    },
    **{
        f"exchange:conference_{action}": "conference"
        for action in ("detail", "edit", "delete", "history", "evaluate")
    },
    "contract-detail": "contract",
    "contractitem-detail": "item",
    "conference-detail": "conference",
    "conference-evaluate": "conference",
    "itemevaluation-detail": "evaluation",
}

SIGNED = datetime.date(1958, 8, 20)


def person_with_role(world, username, unit, role, number, email=""):
    """A person of `unit` with an account and `role` on it, made once per world."""
    if username not in world.users:
        user = UserFactory(username=username)
        if email:
            user.email = email
            user.save()
        person = PersonFactory(
            unit=unit,
            employee_number=number,
            user=user,
            name=f"{username}的名字",
            name_latin=username.replace("_", " ").title(),
        )
        RoleAssignmentFactory(person=person, unit=unit, role=role)
        world.users[username] = user
        world.people[username] = person
    return world.users[username]


def plant_c(world):
    """Plant C and its rolling workshop, with a manager of the plant; made once."""
    if "plant-c" not in world.units:
        world.units["plant-c"] = UnitFactory(
            code="plant-c",
            parent=world.units["hubei"],
            kind=UnitKind.PLANT,
            name="Plant C",
            name_zh="丙厂",
        )
        world.units["plant-c-rolling"] = UnitFactory(
            code="plant-c-rolling",
            parent=world.units["plant-c"],
            kind=UnitKind.WORKSHOP,
            work_type=world.work_types["rolling"],
            name="Rolling workshop C",
            name_zh="丙厂轧钢车间",
        )
        person_with_role(
            world, "manager_c", world.units["plant-c"], Role.MANAGER, "C-100", "c@example.org"
        )
    return world.units["plant-c"]


def technician_a(world):
    """A technician of plant A's machine shop: an organiser of the owning workshop."""
    return person_with_role(
        world, "tech_a", world.units["plant-a-machine"], Role.TECHNICIAN, "A-200", "t@example.org"
    )


def manager_b(world):
    """A manager of plant B, made once per world (other areas' factories may make it too)."""
    return person_with_role(world, "manager_b", world.units["plant-b"], Role.MANAGER, "B-100")


def make_contract(unit, parties, title="Technical assistance contract", **fields):
    fields.setdefault("signed_on", SIGNED)
    fields.setdefault("starts_on", datetime.date(1958, 9, 1))
    fields.setdefault("ends_on", datetime.date(1959, 8, 31))
    fields.setdefault("status", ContractStatus.IN_FORCE)
    contract = Contract.objects.create(unit=unit, title=title, **fields)
    contract.parties.set(parties)
    return contract


def make_item(contract, obliged, beneficiary, kind=ItemKind.TEACH, **fields):
    fields.setdefault("description", "Teach the fast roll change to the rolling crews.")
    fields.setdefault("due_on", datetime.date(1958, 12, 1))
    return ContractItem.objects.create(
        contract=contract, obliged_unit=obliged, beneficiary=beneficiary, kind=kind, **fields
    )


def make_conference(unit, participants, contract=None, title="Fifth conference", **fields):
    fields.setdefault("held_on", datetime.date(1958, 8, 25))
    conference = Conference.objects.create(unit=unit, contract=contract, title=title, **fields)
    conference.participants.set(participants)
    return conference


def examples(world):
    """One of each object of this area in plant A, and plant B twins; made once per world."""
    cached = getattr(world, "_contract_examples", None)
    if cached is not None:
        return cached
    c = plant_c(world)
    technician_a(world)
    a, b = world.units["plant-a"], world.units["plant-b"]
    contract = make_contract(a, [a, c], number="1958-3", title="Contract of plants A and C")
    item = make_item(contract, world.units["plant-a-machine"], c)
    owed_by_c = make_item(
        contract,
        world.units["plant-c-rolling"],
        world.units["plant-a-machine"],
        kind=ItemKind.EXPERTS,
        description="Send two roll fitters for a week.",
        due_on=datetime.date(1958, 11, 1),
    )
    conference = make_conference(a, [a, c], contract, number=5, place="Plant A")
    b_contract = make_contract(b, [b, c], number="1958-4", title="Contract of plants B and C")
    b_item = make_item(b_contract, world.units["plant-b-rolling"], c, kind=ItemKind.DRAWINGS)
    b_conference = make_conference(b, [b, c], b_contract, title="Conference of B and C")
    found = {
        "contract": contract,
        "item": item,
        "owed_by_c": owed_by_c,
        "conference": conference,
        "evaluation": ItemEvaluation.objects.create(
            conference=conference, item=owed_by_c, verdict=Verdict.PARTLY
        ),
        "b_contract": b_contract,
        "b_item": b_item,
        "b_conference": b_conference,
        "b_evaluation": ItemEvaluation.objects.create(
            conference=b_conference, item=b_item, verdict=Verdict.FULFILLED
        ),
    }
    world._contract_examples = found
    return found
