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
