"""Factories and helpers for plans tests."""

import datetime
from decimal import Decimal

from gexin.plans import records
from gexin.plans.models import Metric, Plan, PlanTarget


def metric(code):
    return Metric.objects.get(code=code)


def make_plan(unit, kind, start, targets, **fields):
    """A plan with {metric code: value} targets."""
    plan = Plan.objects.create(unit=unit, period_kind=kind, start=start, **fields)
    for code, value in targets.items():
        PlanTarget.objects.create(
            plan=plan, metric=metric(code), original=Decimal(str(value)), value=Decimal(str(value))
        )
    return plan


def put(rows, user=None, today=None):
    """Import rows given as tuples (unit, day, shift, metric, person, value) of text."""
    numbered = [
        (
            number,
            dict(zip(records.COLUMNS, [str(v) if v is not None else "" for v in row], strict=True)),
        )
        for number, row in enumerate(rows, 2)
    ]
    return records.import_rows(
        numbered, user=user, source="command", today=today or datetime.date(2030, 1, 1)
    )


def examples(world):
    """One of each plans object inside plant A, made once per world (route coverage)."""
    cached = getattr(world, "_plans_examples", None)
    if cached is not None:
        return cached
    from gexin.plans.models import Condition, Pledge, Record

    unit = world.units["plant-a-turning"]
    plan = make_plan(unit, "month", datetime.date(1959, 3, 1), {"pieces_produced": 3000})
    pledge = Pledge.objects.create(plan=plan, person=world.people["turner_a"])
    condition = Condition.objects.create(
        plan=plan, pledge=pledge, category="quality", text="No scrap"
    )
    result = put([("plant-a-turning", "1959-03-02", "1", "pieces_produced", "", "100")])
    world._plans_examples = {
        "metric": metric("pieces_produced"),
        "plan": plan,
        "pledge": pledge,
        "condition": condition,
        "record": Record.objects.get(),
        "batch": result.batch,
        "unit": unit,
    }
    return world._plans_examples
