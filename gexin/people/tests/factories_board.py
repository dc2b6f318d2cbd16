"""Factories and route examples of the board area: a small group's people board.

`board_world(world, size)` gives plant A's turning group `size` more workers, each with
what the board shows: a master or a one-helps-one partner, a pledge missed twice in
three months, an open help case reviewed at the weekly meeting, and a new worker or two.
"""

import datetime

from gexin.competitions.choices import HelpCause, HelpOutcome, HelpReason
from gexin.competitions.models import HelpCase, Pairing
from gexin.competitions.tests.factories_help import (
    held_meeting,
    make_competition,
    pledge,
    record,
    take_part,
)
from gexin.org.tests.factories import PersonFactory

# {route name: key in examples(world)} for every route of the area that takes an id.
ROUTES = {"people:unit_board_panel": "unit"}

D = datetime.date
AS_OF = D(1959, 4, 30)
MONTHS = (D(1959, 1, 1), D(1959, 2, 1), D(1959, 3, 1))
REVIEW_TITLE = "Weekly review of 4 April"


def examples(world):
    """{key: object} in plant A's turning group (world.unit("plant-a-turning"))."""
    return {"unit": world.unit("plant-a-turning")}


def board_world(world, size=2, start=0):
    """`size` masters and `size` young workers in plant A's turning group, paired (one
    by apprenticeship, one by a one-helps-one pairing, alternately); each young worker
    misses the pledge of January and March 1959 and has an open help case with the help
    arranged, reviewed at the group's weekly meeting of 4 April. Returns {name: objects}."""
    from gexin.people.models import Apprenticeship

    unit = world.units["plant-a-turning"]
    from gexin.competitions.models import Competition
    from gexin.meetings.models import Meeting

    # A second call adds people to the same competition and meeting.
    competition = Competition.objects.filter(unit=unit, title="Turning group pledges").first()
    competition = competition or make_competition(unit, title="Turning group pledges")
    meeting = Meeting.objects.filter(unit=unit, title=REVIEW_TITLE).first()
    meeting = meeting or held_meeting(unit, D(1959, 4, 4), title=REVIEW_TITLE)
    masters, young, cases = [], [], []
    for n in range(start, start + size):
        master = PersonFactory(
            employee_number=f"A-M{n:02}", unit=unit, skill_grade=6, name_latin=f"Master {n}"
        )
        worker = PersonFactory(
            employee_number=f"A-Y{n:02}",
            unit=unit,
            skill_grade=1,
            name_latin=f"Young {n}",
            date_joined=D(1958, 9, 1),
        )
        masters.append(master)
        young.append(worker)
        if n % 2 == 0:
            Apprenticeship.objects.create(
                unit=unit, master=master, apprentice=worker, started_on=D(1958, 10, 1)
            )
        else:
            ahead, behind = take_part(competition, master, worker)
            Pairing.objects.create(
                competition=competition, advanced=ahead, laggard=behind, since=D(1959, 2, 1)
            )
        for start in MONTHS:
            pledge(worker, unit, start, {"pieces_produced": 100})
            record(worker, unit, start, "pieces_produced", 120 if start.month == 2 else 80)
        case = HelpCase.objects.create(
            person=worker,
            reason=HelpReason.MISSES_QUOTA,
            periods_missed=2,
            cause=HelpCause.HEALTH if n == 0 else HelpCause.SKILL,
            cause_note="Weak lungs; the doctor says no dust" if n == 0 else "Reads no drawings",
            help_arranged="Works away from the grinder" if n == 0 else "Master teaches drawings",
            opened_on=D(1959, 4, 2),
        )
        case.review(meeting, f"Progress of {worker.name_latin}", HelpOutcome.CONTINUE)
        cases.append(case)
    return {
        "unit": unit,
        "competition": competition,
        "meeting": meeting,
        "masters": masters,
        "young": young,
        "cases": cases,
    }
