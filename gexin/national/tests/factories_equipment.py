"""Test objects of furnaces and converters.

`examples(world)` holds, inside plant A, a blast furnace of the turning group that is
also its records unit (the fixed world has no ironworks; the shape is
what matters), and in plant B a small blast furnace that plant A's people may not see.
"""

import datetime
from decimal import Decimal

from gexin.national.models.equipment import Equipment, EquipmentKind, EquipmentStatus

ACTIONS = ("detail", "edit", "delete", "history", "status")

# {route name (UI "national:x_detail" or API "x-detail"): key into examples(world)}
ROUTES = {
    **{f"national:equipment_{action}": "furnace" for action in ACTIONS},
    "equipment-detail": "furnace",
    "equipment-status": "furnace",
    "statuschange-detail": "change",
}


def make_equipment(unit, **fields):
    defaults = {
        "kind": EquipmentKind.BLAST_FURNACE,
        "name": "No. 1 Blast Furnace",
        "useful_volume": Decimal("100.0"),
        "status": EquipmentStatus.BUILDING,
    }
    defaults.update(fields)
    return Equipment.objects.create(unit=unit, **defaults)


def examples(world):
    """The furnace and its first status change in plant A, and plant B's furnace."""
    cached = getattr(world, "_equipment_examples", None)
    if cached is not None:
        return cached
    furnace = make_equipment(
        world.units["plant-a-turning"],
        records_unit=world.units["plant-a-turning"],
        planned_start=datetime.date(1959, 1, 10),
    )
    change = furnace.set_status(EquipmentStatus.READY, on=datetime.date(1959, 1, 5))
    b_furnace = make_equipment(
        world.units["plant-b-shift-1"],
        kind=EquipmentKind.SMALL_BLAST_FURNACE,
        name="Small blast furnace B",
        useful_volume=Decimal("13.0"),
    )
    world._equipment_examples = {"furnace": furnace, "change": change, "b_furnace": b_furnace}
    return world._equipment_examples
