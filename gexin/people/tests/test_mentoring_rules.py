"""The rules of master and apprentice, each refused with a message that names the problem."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gexin.meetings.choices import MeetingStatus
from gexin.meetings.tests.factories import make_meeting
from gexin.people.models.mentoring import Apprenticeship, ApprenticeshipGoal, ProgressCheck
from gexin.people.tests.factories_mentoring import (
    examples,
    make_apprenticeship,
    make_person,
    make_skill,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def errors_of(obj):
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict


def test_the_master_and_the_apprentice_are_two_people(world):
    found = examples(world)
    same = Apprenticeship(
        unit=found["unit"],
        master=found["master"],
        apprentice=found["master"],
        started_on=D(1953, 8, 1),
    )
    assert "two different people" in errors_of(same)["apprentice"][0]


def test_both_belong_to_the_groups_subtree(world):
    found = examples(world)
    newcomer = make_person(found["unit"], "A-M03", 0, "Newcomer")
    outsider = Apprenticeship(
        unit=found["unit"], master=found["b_master"], apprentice=newcomer, started_on=D(1953, 8, 1)
    )
    message = errors_of(outsider)["master"][0]
    assert "Master B" in message and "Turning group A" in message


def test_an_apprentice_has_one_active_apprenticeship_a_master_several(world):
    found = examples(world)
    other_master = make_person(found["unit"], "A-M04", 5, "Other master")
    second = Apprenticeship(
        unit=found["unit"],
        master=other_master,
        apprentice=found["apprentice"],
        started_on=D(1953, 8, 1),
    )
    message = errors_of(second)["apprentice"][0]
    assert "already learns from Master A" in message and "1953-07-01" in message
    # The same master takes a second apprentice.
    newcomer = make_person(found["unit"], "A-M05", 0, "Second apprentice")
    make_apprenticeship(found["unit"], found["master"], newcomer)
    assert Apprenticeship.objects.active().filter(master=found["master"]).count() == 2
    # Once the first is completed, the apprentice may learn from another master.
    found["apprenticeship"].complete(on=D(1953, 7, 31), reason="goal carried over")
    second.full_clean()


def test_the_masters_grade_is_above_the_apprentices_naming_both(world):
    found = examples(world)
    grade_3 = make_person(found["unit"], "A-M06", 3, "Grade three")
    grade_4 = make_person(found["unit"], "A-M07", 4, "Grade four")
    wrong = Apprenticeship(
        unit=found["unit"], master=grade_3, apprentice=grade_4, started_on=D(1953, 8, 1)
    )
    message = errors_of(wrong)["master"][0]
    assert "Grade three (Grade three) is grade 3" in message
    assert "Grade four (Grade four) is grade 4" in message
    level = Apprenticeship(
        unit=found["unit"], master=grade_4, apprentice=grade_4, started_on=D(1953, 8, 1)
    )
    assert "two different people" in errors_of(level)["apprentice"][0]
    no_grade = make_person(found["unit"], "A-M08", None, "No grade")
    unknown = Apprenticeship(
        unit=found["unit"], master=no_grade, apprentice=grade_3, started_on=D(1953, 8, 1)
    )
    assert "no grade recorded" in errors_of(unknown)["master"][0]


def test_the_planned_end_comes_after_the_start(world):
    apprenticeship = examples(world)["apprenticeship"]
    apprenticeship.planned_end = D(1953, 6, 1)
    assert "before the start" in errors_of(apprenticeship)["planned_end"][0]


def test_a_goal_is_overdue_past_its_day_until_reached(world):
    goal = examples(world)["goal"]
    assert goal.is_overdue(D(1953, 10, 1)) and not goal.is_overdue(D(1953, 9, 30))
    goal.reached_on = D(1953, 10, 5)
    assert not goal.is_overdue(D(1953, 10, 10))


def test_a_goal_is_due_after_the_start_and_on_a_skill_of_the_group(world):
    found = examples(world)
    early = ApprenticeshipGoal(
        apprenticeship=found["apprenticeship"], description="x", due_on=D(1953, 6, 1)
    )
    assert "before the apprenticeship starts" in errors_of(early)["due_on"][0]
    b_skill = make_skill(world.unit("plant-b-shift-1"), code="rolling", name="Rolling")
    elsewhere = ApprenticeshipGoal(
        apprenticeship=found["apprenticeship"],
        skill=b_skill,
        description="x",
        due_on=D(1953, 9, 1),
    )
    assert "Shift 1 B" in errors_of(elsewhere)["skill"][0]
    # A skill of the workshop above the group is fine.
    above = make_skill(world.unit("plant-a-machine"), code="tool-grinding", name="Tool grinding")
    ApprenticeshipGoal(
        apprenticeship=found["apprenticeship"], skill=above, description="x", due_on=D(1953, 9, 1)
    ).full_clean()


def test_no_goal_is_added_to_a_closed_apprenticeship(world):
    found = examples(world)
    found["apprenticeship"].end(on=D(1953, 8, 1), reason="moved away")
    late = ApprenticeshipGoal(
        apprenticeship=found["apprenticeship"], description="x", due_on=D(1953, 9, 1)
    )
    assert "no goal can be added" in errors_of(late)["apprenticeship"][0]
    found["goal"].full_clean()  # an existing goal is still corrected


def check(found, **fields):
    values = {
        "apprenticeship": found["apprenticeship"],
        "checked_on": D(1953, 7, 4),
        "checked_by": found["master"],
    }
    values.update(fields)
    return ProgressCheck(**values)


def test_a_check_falls_within_the_apprenticeship(world):
    found = examples(world)
    assert (
        "cannot come before it"
        in errors_of(check(found, checked_on=D(1953, 6, 30)))["checked_on"][0]
    )
    found["apprenticeship"].end(on=D(1953, 8, 1), reason="moved away")
    assert (
        "cannot come after it" in errors_of(check(found, checked_on=D(1953, 8, 2)))["checked_on"][0]
    )


def test_the_checker_is_of_the_group_or_above(world):
    found = examples(world)
    check(found, checked_by=world.people["manager_a"]).full_clean()  # plant A, above
    message = errors_of(check(found, checked_by=world.people["roller_b"]))["checked_by"][0]
    assert "neither in Turning group A nor in a unit above it" in message


def test_the_meeting_is_of_the_group_or_above_and_not_before_the_check(world):
    found = examples(world)

    def meeting(unit, day, **fields):
        return make_meeting(world.unit(unit), day, **fields)

    check(found, meeting=meeting("plant-a-turning", D(1953, 7, 4))).full_clean()
    check(found, meeting=meeting("plant-a-machine", D(1953, 7, 6))).full_clean()
    below_or_beside = meeting("plant-b-shift-1", D(1953, 7, 4))
    assert (
        "choose a meeting of Turning group A"
        in errors_of(check(found, meeting=below_or_beside))["meeting"][0]
    )
    earlier = meeting("plant-a-turning", D(1953, 7, 2))
    assert "before the check" in errors_of(check(found, meeting=earlier))["meeting"][0]
    cancelled = meeting("plant-a-turning", D(1953, 7, 4), status=MeetingStatus.CANCELLED)
    assert "cancelled" in errors_of(check(found, meeting=cancelled))["meeting"][0]
