"""Transfer plans: solving a stored plan, adopting it, recording shipments, fulfilment.

The solver (gexin.national.transfer) knows nothing of the database: here the plan's
rows become its Supply, Demand and Link, keyed by the rows' ids, and its answer is
written back as flows, the total cost beside the greedy allocation's, and for a plan
that cannot meet every demand the explanation, stored as data (reason codes, keys and
tonnes) so that the pages can say it in either language.
"""

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gexin.national import transfer
from gexin.national.models import (
    Shipment,
    TransferFlow,
    TransferPlan,
    TransferPlanStatus,
    TransferResult,
    TransferRoute,
)

CENT = Decimal("0.01")


def as_decimal(value):
    return Decimal(str(round(float(value), 2))).quantize(CENT)


def solver_input(plan):
    """(supplies, demands, links) for the solver: supplies and demands keyed by row id,
    links keyed (supply id, demand id)."""
    supplies = [transfer.Supply(s.pk, float(s.tonnes)) for s in plan.supplies.all()]
    demands = [transfer.Demand(d.pk, float(d.tonnes), int(d.priority)) for d in plan.demands.all()]
    links = [
        transfer.Link(
            r.supply_id,
            r.demand_id,
            float(r.cost_per_tonne),
            None if r.capacity is None else float(r.capacity),
        )
        for r in plan.routes.all()
    ]
    return supplies, demands, links


def explanation_data(explanation):
    """The solver's explanation as JSON: totals and, per short demand, its figures and
    reason codes (translated by the pages, not here)."""
    if explanation is None:
        return {}
    return {
        "total_supply": explanation.total_supply,
        "total_demand": explanation.total_demand,
        "total_shortfall": explanation.total_shortfall,
        "shortfalls": [
            {
                "demand": item.demand,
                "priority": item.priority,
                "quantity": item.quantity,
                "received": item.received,
                "shortfall": item.shortfall,
                "reasons": [str(reason) for reason in item.reasons],
                "group_demands": list(item.group_demands),
                "group_sources": list(item.group_sources),
                "full_links": [list(link) for link in item.full_links],
                "group_quantity": item.group_quantity,
                "group_supply": item.group_supply,
                "group_capacity": item.group_capacity,
                "group_shortfall": item.group_shortfall,
            }
            for item in explanation.shortfalls
        ],
    }


@transaction.atomic
def solve(plan):
    """Solve the plan: replace its flows, store the cost, the greedy cost and the
    explanation, and move a draft to solved. An adopted plan is not solved again."""
    plan = TransferPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.is_locked:
        raise ValidationError(_("The plan is adopted: it is not solved again."))
    supplies, demands, links = solver_input(plan)
    if not demands:
        raise ValidationError(_("Add at least one demand before solving the plan."))
    try:
        best = transfer.solve(supplies, demands, links)
    except ValueError as error:  # the models' validation should have caught it
        raise ValidationError(str(error)) from None
    by_hand = transfer.greedy(supplies, demands, links)
    routes = {(r.supply_id, r.demand_id): r for r in plan.routes.all()}
    TransferFlow.objects.filter(plan=plan).delete()
    for key, tonnes in best.flows.items():
        TransferFlow.objects.create(plan=plan, route=routes[key], tonnes=as_decimal(tonnes))
    plan.status = TransferPlanStatus.SOLVED
    plan.solved_at = timezone.now()
    plan.result = (
        TransferResult.OPTIMAL
        if best.status == transfer.PlanStatus.OPTIMAL
        else TransferResult.INFEASIBLE
    )
    plan.total_cost = as_decimal(best.total_cost)
    # The greedy allocation is compared only when it, too, meets every demand.
    plan.greedy_cost = (
        as_decimal(by_hand.total_cost)
        if by_hand.status != transfer.PlanStatus.INFEASIBLE
        and best.status == transfer.PlanStatus.OPTIMAL
        else None
    )
    plan.explanation = explanation_data(best.explanation)
    plan.explanation_text = (
        "\n".join(best.explanation.describe()) if best.explanation is not None else ""
    )
    plan.save()
    return plan


def reopen(plan):
    """A change to a solved plan's inputs makes its flows stale: back to draft."""
    if plan.status == TransferPlanStatus.SOLVED and not plan.shipments.exists():
        TransferFlow.objects.filter(plan=plan).delete()
        plan.status = TransferPlanStatus.DRAFT
        plan.result = ""
        plan.total_cost = plan.greedy_cost = None
        plan.explanation, plan.explanation_text = {}, ""
        plan.solved_at = None
        plan.save()


@transaction.atomic
def adopt(plan):
    """Adopt a solved plan: its inputs are locked from now on."""
    plan = TransferPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != TransferPlanStatus.SOLVED:
        raise ValidationError(_("Only a solved plan can be adopted."))
    plan.status = TransferPlanStatus.ADOPTED
    plan.save()
    return plan


def record_shipment(route, shipped_on, tonnes, user=None, note=""):
    """Record tonnes shipped over a route (validated as the model says)."""
    route = TransferRoute.objects.select_related("plan").get(pk=route.pk)  # its plan as stored
    shipment = Shipment(
        plan_id=route.plan_id,
        route=route,
        shipped_on=shipped_on,
        tonnes=tonnes,
        note=note,
        recorded_by=user,
    )
    shipment.full_clean()
    shipment.save()
    return shipment


def percent(part, whole):
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole) * 100).quantize(Decimal("0.1"))


def fulfilment(plan):
    """Planned against shipped, per route and per receiving unit.

    {"routes": [{route, planned, shipped, percent}], "receivers": [{demand, planned,
    needed, shipped, percent}], "planned", "shipped", "percent"}; per cent of the plan's
    flow (None where nothing is planned)."""
    routes = list(plan.routes.select_related("supply__unit", "demand__unit"))
    planned = {f.route_id: f.tonnes for f in TransferFlow.objects.filter(plan=plan)}
    shipped = defaultdict(Decimal)
    for route_id, tonnes in Shipment.objects.filter(plan=plan).values_list("route_id", "tonnes"):
        shipped[route_id] += tonnes
    rows, receivers = [], {}
    for route in routes:
        plan_t, ship_t = planned.get(route.pk, Decimal(0)), shipped.get(route.pk, Decimal(0))
        if not plan_t and not ship_t:
            continue
        rows.append(
            {
                "route": route,
                "planned": plan_t,
                "shipped": ship_t,
                "percent": percent(ship_t, plan_t),
            }
        )
        entry = receivers.setdefault(
            route.demand_id,
            {"demand": route.demand, "planned": Decimal(0), "shipped": Decimal(0)},
        )
        entry["planned"] += plan_t
        entry["shipped"] += ship_t
    for entry in receivers.values():
        entry["needed"] = entry["demand"].tonnes
        entry["percent"] = percent(entry["shipped"], entry["planned"])
    total_planned = sum((row["planned"] for row in rows), Decimal(0))
    total_shipped = sum((row["shipped"] for row in rows), Decimal(0))
    return {
        "routes": rows,
        "receivers": sorted(receivers.values(), key=lambda e: e["demand"].unit.path),
        "planned": total_planned,
        "shipped": total_shipped,
        "percent": percent(total_shipped, total_planned),
    }
