"""Test objects of transfer plans: plant A's small plan (plant A supplies its machine
shop's foundry), plant B's twin, and the hand-checked 3 × 4 instance of
test_transfer.py among three provinces and four steelworks under the ministry."""

import datetime
from decimal import Decimal

from gexin.national.models import (
    Shipment,
    TransferDemand,
    TransferPlan,
    TransferRoute,
    TransferSupply,
)
from gexin.national.tests.test_transfer import HAND_COSTS
from gexin.org.choices import UnitKind
from gexin.org.tests.factories import UnitFactory
from gexin.plans.catalogue import install
from gexin.plans.models import Metric

# {route name (UI "national:x_detail" or API "x-detail"): key into examples(world)}
ROUTES = {
    **{
        f"national:transferplan_{action}": "plan"
        for action in ("detail", "edit", "delete", "history")
    },
    "national:transfer_plan_solve": "plan",
    "national:transfer_plan_adopt": "plan",
    "national:transfersupply_edit": "supply",
    "national:transfersupply_delete": "supply",
    "national:transferdemand_edit": "demand",
    "national:transferdemand_delete": "demand",
    "national:transferroute_edit": "route",
    "national:transferroute_delete": "route",
    **{
        f"national:shipment_{action}": "shipment"
        for action in ("detail", "edit", "delete", "history")
    },
    "transferplan-detail": "plan",
    "transferplan-solve": "plan",
    "transferplan-adopt": "plan",
    "transfersupply-detail": "supply",
    "transferdemand-detail": "demand",
    "transferroute-detail": "route",
    "transferflow-detail": "flow",
    "shipment-detail": "shipment",
}

Q1 = (datetime.date(1959, 1, 1), datetime.date(1959, 3, 31))


def pig_iron():
    install(Metric)
    return Metric.objects.get(code="pig_iron_output")


def small_plan(world, plant, shop, title):
    """A solved plan of `plant`: 100 t of its own to its shop, 60 t needed."""
    from gexin.national import transfers

    plan = TransferPlan.objects.create(
        unit=plant, title=title, product=pig_iron(), starts_on=Q1[0], ends_on=Q1[1]
    )
    supply = TransferSupply.objects.create(plan=plan, unit=plant, tonnes=Decimal(100))
    demand = TransferDemand.objects.create(plan=plan, unit=shop, tonnes=Decimal(60))
    route = TransferRoute.objects.create(
        plan=plan, supply=supply, demand=demand, cost_per_tonne=Decimal(3)
    )
    transfers.solve(plan)
    plan.refresh_from_db()
    shipment = transfers.record_shipment(route, datetime.date(1959, 1, 10), Decimal(20))
    return {
        "plan": plan,
        "supply": supply,
        "demand": demand,
        "route": route,
        "flow": route.flow,
        "shipment": shipment,
    }


def examples(world):
    """{key: object inside plant A}, made once per world; plant B's twins under "b_…"."""
    if "transfers" not in world.__dict__:
        a = small_plan(
            world, world.units["plant-a"], world.units["plant-a-machine"], "Plant A's pig iron"
        )
        b = small_plan(
            world, world.units["plant-b"], world.units["plant-b-rolling"], "Plant B's pig iron"
        )
        world.transfers = {**a, **{f"b_{key}": value for key, value in b.items()}}
    return world.transfers


def unit(world, code, parent, kind, name):
    if code not in world.units:
        world.units[code] = UnitFactory(
            code=code, parent=world.units[parent], kind=kind, name=name, name_zh=name
        )
    return world.units[code]


def hand_plan(world, solve=False):
    """The 3 × 4 instance of test_transfer.py, planned by the ministry."""
    supplies = {"Hebei": 300, "Shanxi": 200, "Henan": 250}
    demands = {"Anshan": 250, "Shijingshan": 150, "Taiyuan": 200, "Wuhan": 100}
    plan = TransferPlan.objects.create(
        unit=world.units["mmi"],
        title="Pig iron, first quarter",
        product=pig_iron(),
        starts_on=Q1[0],
        ends_on=Q1[1],
    )
    supply_rows = {
        name: TransferSupply.objects.create(
            plan=plan,
            unit=unit(world, name.lower(), "mmi", UnitKind.PROVINCE, name),
            tonnes=Decimal(tonnes),
        )
        for name, tonnes in supplies.items()
    }
    demand_rows = {
        name: TransferDemand.objects.create(
            plan=plan,
            unit=unit(world, name.lower(), "hubei", UnitKind.ENTERPRISE, name),
            tonnes=Decimal(tonnes),
        )
        for name, tonnes in demands.items()
    }
    routes = {
        (source, target): TransferRoute.objects.create(
            plan=plan,
            supply=supply_rows[source],
            demand=demand_rows[target],
            cost_per_tonne=Decimal(cost),
        )
        for source, row in HAND_COSTS.items()
        for target, cost in row.items()
    }
    if solve:
        from gexin.national import transfers

        transfers.solve(plan)
        plan.refresh_from_db()
    return plan, supply_rows, demand_rows, routes


__all__ = ["ROUTES", "Shipment", "examples", "hand_plan", "small_plan"]
