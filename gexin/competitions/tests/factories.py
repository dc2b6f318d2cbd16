"""Test objects of competitions, participants, conditions and gates: one of each inside
plant A (a group competition of plant A), and their plant B twins."""

import datetime
from decimal import Decimal

from gexin.competitions.choices import GateOperator, ParticipantKind, Scoring
from gexin.competitions.models import Competition, Criterion, EligibilityGate, Participant
from gexin.plans.models import Metric

# {route name: key into examples(world)}
ROUTES = {
    **{
        f"competitions:competition_{action}": "competition"
        for action in ("detail", "edit", "delete", "history")
    },
    "competitions:participant_edit": "participant",
    "competitions:participant_delete": "participant",
    "competitions:criterion_edit": "criterion",
    "competitions:criterion_delete": "criterion",
    "competitions:eligibilitygate_edit": "gate",
    "competitions:eligibilitygate_delete": "gate",
    "competition-detail": "competition",
    "competition-standings": "competition",
    "participant-detail": "participant",
    "criterion-detail": "criterion",
    "eligibilitygate-detail": "gate",
}


def metric(code):
    return Metric.objects.get(code=code)


def make_competition(unit, kind=ParticipantKind.GROUP, title="Plant A group competition", **kw):
    today = datetime.date.today()
    kw.setdefault("starts_on", today.replace(day=1) - datetime.timedelta(days=90))
    kw.setdefault("ends_on", today + datetime.timedelta(days=90))
    return Competition.objects.create(unit=unit, title=title, participant_kind=kind, **kw)


def examples(world):
    """One of each object in plant A, made once per world."""
    cached = getattr(world, "_competitions_examples", None)
    if cached is not None:
        return cached
    competition = make_competition(world.units["plant-a"])
    participant = Participant.objects.create(
        competition=competition, unit=world.units["plant-a-turning"]
    )
    criterion = Criterion.objects.create(
        competition=competition, metric=metric("pieces_produced"), weight=Decimal("2")
    )
    gate = EligibilityGate.objects.create(
        competition=competition,
        label="No serious accident",
        metric=metric("accidents"),
        operator=GateOperator.AT_MOST,
        threshold=Decimal("0"),
    )
    b_competition = make_competition(
        world.units["plant-b"], ParticipantKind.SHIFT, title="Plant B shift competition"
    )
    world._competitions_examples = {
        "competition": competition,
        "participant": participant,
        "criterion": criterion,
        "gate": gate,
        "b_competition": b_competition,
        "b_participant": Participant.objects.create(
            competition=b_competition, unit=world.units["plant-b-shift-1"]
        ),
        "b_criterion": Criterion.objects.create(
            competition=b_competition,
            metric=metric("coal_per_tonne_steel"),
            weight=Decimal("1"),
            scoring=Scoring.RANK,
        ),
        "b_gate": EligibilityGate.objects.create(
            competition=b_competition,
            label="B gate",
            metric=metric("accidents"),
            operator=GateOperator.AT_MOST,
            threshold=Decimal("0"),
        ),
    }
    return world._competitions_examples
