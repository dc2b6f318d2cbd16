"""Test objects of this area: one of each inside plant A, and its plant B twins.

Plant A's objects belong to a person competition of the turning group (plant-a-turning);
plant B's to one of its rolling shift (plant-b-shift-1).
"""

import datetime
from decimal import Decimal

from gexin.competitions.choices import AwardKind, HelpCause, HelpOutcome, ParticipantKind
from gexin.competitions.models import (
    AdvancedProducer,
    Award,
    Competition,
    Evaluation,
    Handover,
    HelpCase,
    HelpReview,
    Pairing,
    Participant,
    Score,
)
from gexin.plans.models import Metric, Plan, Pledge, PledgeTarget
from gexin.plans.tests.factories import put

# {route name (UI "competitions:x_detail" or API "x-detail"): key into examples(world)}
ROUTES = {
    **{
        f"competitions:award_{action}": "award"
        for action in ("detail", "edit", "delete", "history", "approve", "reject")
    },
    **{
        f"competitions:pairing_{action}": "pairing"
        for action in ("detail", "edit", "delete", "history")
    },
    **{
        f"competitions:helpcase_{action}": "helpcase"
        for action in ("detail", "edit", "delete", "history")
    },
    **{
        f"competitions:advancedproducer_{action}": "producer"
        for action in ("detail", "edit", "delete", "history", "confirm", "decline")
    },
    **{
        f"competitions:handover_{action}": "handover"
        for action in ("detail", "edit", "delete", "history")
    },
    "award-detail": "award",
    "award-approve": "award",
    "award-reject": "award",
    "pairing-detail": "pairing",
    "competitions:helpcase_review": "helpcase",
    "competitions:meeting_help_panel": "meeting",
    "helpcase-detail": "helpcase",
    "helpreview-detail": "helpreview",
    "advancedproducer-detail": "producer",
    "advancedproducer-confirm": "producer",
    "advancedproducer-decline": "producer",
    "handover-detail": "handover",
    "handover-comparison": "handover",
}

MARCH = datetime.date(1959, 3, 1)
# The help case is opened on 2 April 1959; the group's weekly meeting of 4 April reviews it.
OPENED = datetime.date(1959, 4, 2)
REVIEWED = datetime.date(1959, 4, 4)


def metric(code):
    return Metric.objects.get(code=code)


def make_competition(unit, kind=ParticipantKind.PERSON, title="Turning group competition", **kw):
    kw.setdefault("starts_on", datetime.date(1959, 1, 1))
    kw.setdefault("ends_on", datetime.date(1959, 12, 31))
    return Competition.objects.create(unit=unit, title=title, participant_kind=kind, **kw)


def take_part(competition, *entrants):
    """Participants for people or units, in the order given."""
    made = []
    for entrant in entrants:
        field = "unit" if entrant.__class__.__name__ == "Unit" else "person"
        made.append(Participant.objects.create(competition=competition, **{field: entrant}))
    return made


def evaluate(competition, start, end, scores, published=True):
    """An evaluation of [start, end] with {participant: (total, rank)} scores; published
    (and so locked) unless told otherwise, as awards are decided on published ones."""
    from gexin.competitions.choices import EvaluationStatus

    evaluation = Evaluation.objects.create(
        competition=competition, period_start=start, period_end=end
    )
    for participant, (total, rank) in scores.items():
        Score.objects.create(
            evaluation=evaluation, participant=participant, total=Decimal(total), rank=rank
        )
    if published:
        Evaluation.objects.filter(pk=evaluation.pk).update(status=EvaluationStatus.PUBLISHED)
        evaluation.refresh_from_db()
    return evaluation


def pledge(person, unit, start, targets, kind="month"):
    """The person's pledge for the plan period of `unit` starting on `start`, with
    {metric code: value} targets."""
    plan, _created = Plan.objects.get_or_create(unit=unit, period_kind=kind, start=start)
    made = Pledge.objects.create(plan=plan, person=person)
    for code, value in targets.items():
        PledgeTarget.objects.create(pledge=made, metric=metric(code), value=Decimal(str(value)))
    return made


def record(person, unit, day, code, value, shift=1):
    """One record of the person's (None: the unit's own) figure."""
    number = person.employee_number if person is not None else ""
    put([(unit.code, day.isoformat(), str(shift), code, number, str(value))])


def held_meeting(unit, day, kind=None, **fields):
    """A weekly production meeting of `unit` on `day` (17:00), held."""
    from gexin.meetings.choices import MeetingKind, MeetingStatus
    from gexin.meetings.tests.factories import make_meeting

    return make_meeting(
        unit, day, kind=kind or MeetingKind.WEEKLY, status=MeetingStatus.HELD, **fields
    )


def health_case(world, **fields):
    """An open help case whose cause is health, with private notes and one review, of a
    worker without an account in plant A's turning group (A-004)."""
    from gexin.org.tests.factories import PersonFactory

    unit = world.units["plant-a-turning"]
    person = PersonFactory(employee_number="A-004", unit=unit, name="病号", name_latin="Ill Turner")
    fields.setdefault("reason", "other")
    case = HelpCase.objects.create(
        person=person,
        cause=HelpCause.HEALTH,
        cause_note="Stomach ulcer; the clinic orders light work",
        help_arranged="Light work for a month and diet meals at the canteen",
        opened_on=OPENED,
        **fields,
    )
    meeting = held_meeting(unit, REVIEWED)
    case.review(meeting, "Back at work, eats at the clinic canteen", HelpOutcome.CONTINUE)
    return case


def examples(world):
    """One of each object of this area in plant A, and plant B twins; made once per world."""
    cached = getattr(world, "_help_examples", None)
    if cached is not None:
        return cached
    a_unit, b_unit = world.units["plant-a-turning"], world.units["plant-b-shift-1"]
    competition = make_competition(a_unit)
    ahead, behind, third = take_part(
        competition, world.people["worker_a"], world.people["turner_a"], world.people["leader_a"]
    )
    evaluation = evaluate(
        competition,
        MARCH,
        datetime.date(1959, 3, 31),
        {ahead: ("92.5", 1), third: ("80", 2), behind: ("61.25", 3)},
    )
    b_competition = make_competition(b_unit, title="Rolling shift competition")
    b_ahead, b_behind = take_part(b_competition, world.people["worker_b"], world.people["roller_b"])
    b_evaluation = evaluate(
        b_competition, MARCH, datetime.date(1959, 3, 31), {b_ahead: ("90", 1), b_behind: ("70", 2)}
    )
    found = {
        "competition": competition,
        "evaluation": evaluation,
        "ahead": ahead,
        "behind": behind,
        "third": third,
        "award": Award.objects.create(
            evaluation=evaluation,
            participant=ahead,
            kind=AwardKind.HONOUR,
            title="Advanced turner of March",
            proposed_by=world.users["manager_a"],
        ),
        "pairing": Pairing.objects.create(
            competition=competition,
            advanced=ahead,
            laggard=behind,
            since=datetime.date(1959, 4, 1),
            goal="No rework on the fine threads by June",
        ),
        "helpcase": HelpCase.objects.create(
            competition=competition,
            person=world.people["turner_a"],
            periods_missed=2,
            cause=HelpCause.MACHINE,
            cause_note="Lathe 4 shakes at speed",
            opened_on=OPENED,
        ),
        "producer": AdvancedProducer.objects.create(
            competition=competition,
            person=world.people["worker_a"],
            evidence="Over-fulfilled the pledge three months running",
        ),
        "handover": Handover.objects.create(
            competition=competition, giver=ahead, taker=behind, metric=metric("pieces_produced")
        ),
        "b_competition": b_competition,
        "b_evaluation": b_evaluation,
        "b_award": Award.objects.create(
            evaluation=b_evaluation,
            participant=b_ahead,
            kind=AwardKind.MATERIAL,
            title="Rolling shift bonus",
            amount=Decimal("30"),
            proposed_by=world.users["admin"],
        ),
        "b_pairing": Pairing.objects.create(
            competition=b_competition, advanced=b_ahead, laggard=b_behind
        ),
        "b_helpcase": HelpCase.objects.create(
            person=world.people["roller_b"], cause=HelpCause.SKILL, periods_missed=3
        ),
        "b_producer": AdvancedProducer.objects.create(
            person=world.people["worker_b"], evidence="B"
        ),
        "b_handover": Handover.objects.create(
            competition=b_competition,
            giver=b_ahead,
            taker=b_behind,
            metric=metric("coal_per_tonne_steel"),
        ),
    }
    found["meeting"] = held_meeting(a_unit, REVIEWED)
    found["helpreview"] = HelpReview.objects.create(
        help_case=found["helpcase"],
        meeting=found["meeting"],
        note="Lathe 4 is waiting for its bearing",
        outcome=HelpOutcome.CONTINUE,
    )
    world._help_examples = found
    return found
