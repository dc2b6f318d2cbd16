"""Factories and route examples of the mentoring area.

`examples(world)` holds, in plant A's turning group, a master of grade 6 teaching an
apprentice, with one goal on a skill of the group and one progress check reviewed at the
group's weekly meeting of 4 July 1953; and the same in plant B's shift, which plant A's
people may not see.
"""

import datetime

from gexin.meetings.tests.factories import make_meeting
from gexin.org.tests.factories import PersonFactory
from gexin.people.models.mentoring import Apprenticeship, ApprenticeshipGoal, ProgressCheck

D = datetime.date
STARTED = D(1953, 7, 1)

APPRENTICESHIP_ACTIONS = ("detail", "edit", "delete", "history", "complete", "end")

# {route name: key in examples(world)} for every route of the area that takes an id.
ROUTES = {
    **{f"people:apprenticeship_{action}": "apprenticeship" for action in APPRENTICESHIP_ACTIONS},
    **{f"people:apprenticeshipgoal_{action}": "goal" for action in ("edit", "delete", "reach")},
    **{f"people:progresscheck_{action}": "check" for action in ("edit", "delete")},
    "apprenticeship-detail": "apprenticeship",
    "apprenticeship-complete": "apprenticeship",
    "apprenticeship-end": "apprenticeship",
    "apprenticeship-figures": "apprenticeship",
    "apprenticeshipgoal-detail": "goal",
    "progresscheck-detail": "check",
    "people:person_apprenticeships_panel": "apprentice",
    "people:meeting_checks_panel": "meeting",
}


def make_skill(unit, code="thread-cutting", name="Thread cutting"):
    from gexin.people.models.skills import Skill

    found = Skill.objects.filter(unit=unit, code=code).first()
    if found is not None:
        return found
    return Skill.objects.create(unit=unit, code=code, name=name, name_zh="车螺纹")


def make_person(unit, number, grade, name):
    return PersonFactory(
        unit=unit, employee_number=number, skill_grade=grade, name=name, name_latin=name
    )


def make_apprenticeship(unit, master, apprentice, **fields):
    values = {"started_on": STARTED, "planned_end": D(1954, 6, 30), "goal": "Thread cutting"}
    values.update(fields)
    apprenticeship = Apprenticeship(unit=unit, master=master, apprentice=apprentice, **values)
    apprenticeship.full_clean()
    apprenticeship.save()
    return apprenticeship


def make_goal(apprenticeship, **fields):
    values = {"description": "Cuts threads alone", "target_level": 3, "due_on": D(1953, 9, 30)}
    values.update(fields)
    goal = ApprenticeshipGoal(apprenticeship=apprenticeship, **values)
    goal.full_clean()
    goal.save()
    return goal


def make_check(apprenticeship, checked_by, **fields):
    values = {"checked_on": D(1953, 7, 4), "rating": "on_track", "note": "Learns fast."}
    values.update(fields)
    check = ProgressCheck(apprenticeship=apprenticeship, checked_by=checked_by, **values)
    check.full_clean()
    check.save()
    return check


def examples(world):
    """{key: object} in plant A's turning group (world.unit("plant-a-turning"))."""
    cached = getattr(world, "_mentoring_examples", None)
    if cached is not None:
        return cached
    unit = world.unit("plant-a-turning")
    master = make_person(unit, "A-M01", 6, "Master A")
    apprentice = make_person(unit, "A-M02", 0, "Apprentice A")
    apprenticeship = make_apprenticeship(unit, master, apprentice)
    skill = make_skill(unit)
    goal = make_goal(apprenticeship, skill=skill)
    meeting = make_meeting(unit, D(1953, 7, 4))
    check = make_check(apprenticeship, master, meeting=meeting)
    b_unit = world.unit("plant-b-shift-1")
    b_master = make_person(b_unit, "B-M01", 6, "Master B")
    b_apprentice = make_person(b_unit, "B-M02", 0, "Apprentice B")
    b_apprenticeship = make_apprenticeship(b_unit, b_master, b_apprentice)
    world._mentoring_examples = {
        "unit": unit,
        "master": master,
        "apprentice": apprentice,
        "apprenticeship": apprenticeship,
        "skill": skill,
        "goal": goal,
        "check": check,
        "meeting": meeting,
        "b_master": b_master,
        "b_apprentice": b_apprentice,
        "b_apprenticeship": b_apprenticeship,
        "b_goal": make_goal(b_apprenticeship),
        "b_check": make_check(b_apprenticeship, b_master),
    }
    return world._mentoring_examples
