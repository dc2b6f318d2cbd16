"""Test objects of this area: one of each inside plant A, and its plant B twins."""

import datetime
from decimal import Decimal

from gexin.innovation.choices import Direction, TrialArm
from gexin.innovation.models import (
    Clause,
    Observation,
    Regulation,
    RegulationVersion,
    Trial,
    TrialVariable,
)

# {route name (UI "innovation:x_detail" or API "x-detail"): key into examples(world)}
ROUTES = {
    **{
        f"innovation:trial_{action}": "trial"
        for action in ("detail", "edit", "delete", "history", "import")
    },
    **{
        f"innovation:trialvariable_{action}": "variable"
        for action in ("edit", "delete", "enter", "records")
    },
    "innovation:observation_delete": "observation",
    **{
        f"innovation:regulation_{action}": "regulation"
        for action in ("detail", "edit", "delete", "history")
    },
    **{
        f"innovation:regulationversion_{action}": "version"
        for action in ("detail", "edit", "delete", "history", "submit", "approve", "reject")
    },
    "innovation:clause_edit": "clause",
    "innovation:clause_delete": "clause",
    "trial-detail": "trial",
    "trial-analysis": "trial",
    "trialvariable-detail": "variable",
    "observation-detail": "observation",
    "regulation-detail": "regulation",
    **{
        f"regulationversion-{action}": "version"
        for action in ("detail", "submit", "approve", "reject", "comparison")
    },
    "clause-detail": "clause",
}

PASSES_12 = ["38.2", "39.0", "38.6", "39.4", "38.8", "39.1"]
PASSES_13 = ["40.1", "40.8", "41.2", "40.5", "41.0", "40.7"]


def make_trial(unit, title="13 passes instead of 12", **fields):
    fields.setdefault("baseline_label", "12 passes")
    fields.setdefault("changed_label", "13 passes")
    fields.setdefault("started_on", datetime.date(1958, 3, 3))
    return Trial.objects.create(unit=unit, title=title, **fields)


def make_variable(trial, name="motor current", baseline=(), changed=(), **fields):
    fields.setdefault("measured_in", "A")
    fields.setdefault("direction", Direction.NEITHER)
    variable = TrialVariable.objects.create(trial=trial, name=name, **fields)
    for arm, values in ((TrialArm.BASELINE, baseline), (TrialArm.CHANGED, changed)):
        for value in values:
            Observation.objects.create(variable=variable, arm=arm, value=Decimal(value))
    return variable


def make_regulation(unit, approver, clauses, title="Rolling operating regulation", **fields):
    """A regulation whose version 1, holding `clauses` [(number, text)], is in force."""
    fields.setdefault("code", "R-7")
    regulation = Regulation.objects.create(unit=unit, title=title, **fields)
    version = RegulationVersion.objects.create(regulation=regulation, number=1)
    for number, text in clauses:
        Clause.objects.create(version=version, number=number, text=text)
    version.submit(approver)
    version.approve(approver, "In force since 1957.")
    return regulation


CLAUSES = [
    ("1", "Roll the billet in 12 passes."),
    ("2", "The motor current must not exceed 40 A; stop the mill at the alarm."),
    ("3", "Check the rolls at the start of every shift."),
]


def examples(world):
    """One of each trials and regulations object in plant A, made once per world."""
    cached = getattr(world, "_trials_examples", None)
    if cached is not None:
        return cached
    from gexin.plans.models import Metric

    unit = world.units["plant-a-turning"]
    b_unit = world.units["plant-b-shift-1"]
    approver = world.users["admin"]
    trial = make_trial(unit)
    variable = make_variable(
        trial,
        baseline=PASSES_12,
        changed=PASSES_13,
        limit=Decimal(45),
        metric=Metric.objects.order_by("pk").first(),
    )
    regulation = make_regulation(unit, approver, CLAUSES)
    version = regulation.start_revision(
        approver, reason="A week of measurement proved 13 passes safe.", trial=trial
    )
    b_trial = make_trial(b_unit, title="B trial")
    b_variable = make_variable(b_trial, baseline=["1", "2"], changed=["3", "4"])
    b_regulation = make_regulation(b_unit, approver, CLAUSES, title="B rule", code="B-1")
    b_version = b_regulation.start_revision(approver, reason="B", evidence_note="B")
    world._trials_examples = {
        "trial": trial,
        "variable": variable,
        "observation": variable.observations.first(),
        "regulation": regulation,
        "version": version,
        "clause": version.clauses.get(number="2"),
        "b_trial": b_trial,
        "b_variable": b_variable,
        "b_observation": b_variable.observations.first(),
        "b_regulation": b_regulation,
        "b_version": b_version,
        "b_clause": b_version.clauses.get(number="2"),
    }
    return world._trials_examples
