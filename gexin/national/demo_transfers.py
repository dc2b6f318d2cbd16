"""Demo transfer plan (seed 004): qualified pig iron for the first quarter of 1959.

Seed 004 asks the provinces to ship their qualified pig iron by the national plan "with
the whole country as one chessboard", to the key steelworks' steelmaking and the
machine-building departments' foundries. Every figure here (tonnes, distances, costs,
shipments) is illustrative; only the task and its priorities come from the seed.
"""

import datetime
from decimal import Decimal

from gexin.national import transfers
from gexin.national.models import (
    Shipment,
    TransferDemand,
    TransferPlan,
    TransferRoute,
    TransferSupply,
)
from gexin.org.models import Unit
from gexin.plans.models import Metric

TITLE = "Qualified pig iron transfers, first quarter of 1959"
SOURCE = (
    "seed 004: the Ministry's telephone conference of 14 February 1959 (transfer plans, "
    "'the whole country as one chessboard'); all figures illustrative"
)
# Supplying provinces: the surplus of their small blast furnaces (t).
SUPPLIES = {"hubei": 30_000, "shanxi": 25_000, "sichuan": 15_000}
# Receiving units: (tonnes needed, priority): key steelworks first, then a foundry.
DEMANDS = {
    "benxi-steel": (22_000, 1),
    "shanghai-steel-2": (20_000, 1),
    "beijing-special-steel": (12_000, 1),
    "huaxin-machine": (6_000, 0),
}
# Illustrative rail distances (km); cost per tonne = 1.5 yuan + 0.011 yuan per km.
DISTANCES = {
    ("hubei", "benxi-steel"): 1900,
    ("hubei", "shanghai-steel-2"): 830,
    ("hubei", "beijing-special-steel"): 1200,
    ("hubei", "huaxin-machine"): 90,
    ("shanxi", "benxi-steel"): 1250,
    ("shanxi", "shanghai-steel-2"): 1500,
    ("shanxi", "beijing-special-steel"): 510,
    ("sichuan", "shanghai-steel-2"): 2100,
    ("sichuan", "huaxin-machine"): 1100,
}
SHIPMENTS = [
    ("hubei", "huaxin-machine", datetime.date(1959, 1, 12), 1500),
    ("shanxi", "beijing-special-steel", datetime.date(1959, 1, 20), 4000),
    ("shanxi", "benxi-steel", datetime.date(1959, 2, 3), 3500),
    ("hubei", "shanghai-steel-2", datetime.date(1959, 2, 10), 5000),
]


def is_loaded():
    return TransferPlan.objects.filter(title=TITLE).exists()


def load():
    """Write the plan, solve it and record a few shipments; {kind of row: rows written}."""
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=[*SUPPLIES, *DEMANDS, "mmi"])}
    needed = {*SUPPLIES, *DEMANDS, "mmi"}
    if not needed <= units.keys():
        return {}
    plan = TransferPlan.objects.create(
        unit=units["mmi"],
        title=TITLE,
        product=Metric.objects.get(code="pig_iron_output"),
        starts_on=datetime.date(1959, 1, 1),
        ends_on=datetime.date(1959, 3, 31),
        is_illustrative=True,
        source=SOURCE,
    )
    supplies = {
        code: TransferSupply.objects.create(
            plan=plan, unit=units[code], tonnes=Decimal(t), note="small blast furnaces' surplus"
        )
        for code, t in SUPPLIES.items()
    }
    demands = {
        code: TransferDemand.objects.create(
            plan=plan, unit=units[code], tonnes=Decimal(t), priority=priority
        )
        for code, (t, priority) in DEMANDS.items()
    }
    routes = {
        key: TransferRoute.objects.create(
            plan=plan,
            supply=supplies[key[0]],
            demand=demands[key[1]],
            distance_km=km,
            cost_per_tonne=(Decimal("1.5") + Decimal("0.011") * km).quantize(Decimal("0.01")),
        )
        for key, km in DISTANCES.items()
    }
    plan = transfers.solve(plan)
    shipped = 0
    for source, target, day, t in SHIPMENTS:
        route = routes[(source, target)]
        if not hasattr(route, "flow"):
            continue
        shipment = transfers.record_shipment(route, day, Decimal(t), note="illustrative")
        Shipment.objects.filter(pk=shipment.pk).update(is_illustrative=True)
        shipped += 1
    return {
        "transfer plans": 1,
        "transfer supplies": len(supplies),
        "transfer demands": len(demands),
        "transfer routes": len(routes),
        "transfer flows": plan.flows.count(),
        "shipments": shipped,
    }
