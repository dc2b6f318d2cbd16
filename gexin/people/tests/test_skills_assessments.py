"""Grade exams and skill assessments: what a passed one gives, and how correcting or
deleting one never leaves its grade change dangling."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gexin.org.choices import SkillGrade
from gexin.people import skills
from gexin.people.models import (
    Assessment,
    AssessmentKind,
    AssessmentResult,
    GradeChange,
    SkillKind,
    SkillLevel,
    SkillLevelValue,
)
from gexin.people.tests.factories_skills import (
    grade_change,
    grade_exam,
    make_skill,
    set_level,
    skill_assessment,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def hu(world):
    """A turner of grade 3 since 1950, as Hu Maokun was."""
    person = world.people["turner_a"]
    grade_change(person, SkillGrade.GRADE_3, on=D(1950, 3, 1), reason="grade on joining")
    return person


@pytest.fixture
def threads(world):
    return make_skill(world.unit("plant-a-machine"), "thread-cutting")


def grade_of(person):
    person.refresh_from_db()
    return person.skill_grade


def test_a_passed_grade_exam_gives_the_grade_from_the_exam_day(hu):
    exam = grade_exam(hu, SkillGrade.GRADE_4, on=D(1953, 11, 20))
    change = GradeChange.objects.get(assessment=exam)
    assert (change.grade, change.effective_on) == (SkillGrade.GRADE_4, D(1953, 11, 20))
    assert change.reason == "Passed the grade 4 exam on 1953-11-20."
    assert grade_of(hu) == SkillGrade.GRADE_4


def test_a_failed_grade_exam_gives_nothing(hu):
    exam = grade_exam(hu, SkillGrade.GRADE_4, on=D(1953, 11, 20), result=AssessmentResult.FAILED)
    assert not GradeChange.objects.filter(assessment=exam).exists()
    assert grade_of(hu) == SkillGrade.GRADE_3


def test_a_back_dated_exam_does_not_overwrite_a_newer_grade(hu):
    grade_change(hu, SkillGrade.GRADE_5, on=D(1955, 1, 1))
    grade_exam(hu, SkillGrade.GRADE_4, on=D(1953, 11, 20))
    assert grade_of(hu) == SkillGrade.GRADE_5


def test_an_exam_seeks_a_grade_above_the_one_held_before(hu):
    with pytest.raises(ValidationError) as refused:
        grade_exam(hu, SkillGrade.GRADE_3, on=D(1953, 11, 20))
    assert "already held grade 3" in str(refused.value.message_dict["grade_sought"])
    assert not Assessment.objects.exists()


def test_correcting_the_grade_of_a_passed_exam_corrects_its_grade_change(hu):
    exam = grade_exam(hu, SkillGrade.GRADE_5, on=D(1953, 11, 20))
    exam.grade_sought = SkillGrade.GRADE_4
    exam.held_on = D(1953, 11, 21)
    skills.record_assessment(exam)
    change = GradeChange.objects.get(assessment=exam)
    assert (change.grade, change.effective_on) == (SkillGrade.GRADE_4, D(1953, 11, 21))
    assert GradeChange.objects.filter(person=hu).count() == 2
    assert grade_of(hu) == SkillGrade.GRADE_4


def test_an_exam_that_gave_the_current_grade_cannot_be_turned_to_failed(hu):
    exam = grade_exam(hu, SkillGrade.GRADE_4, on=D(1953, 11, 20))
    exam.result = AssessmentResult.FAILED
    with pytest.raises(ValidationError) as refused:
        skills.record_assessment(exam)
    assert "current grade (grade 4, since 1953-11-20)" in str(refused.value.message_dict["result"])
    assert Assessment.objects.get(pk=exam.pk).result == AssessmentResult.PASSED
    assert grade_of(hu) == SkillGrade.GRADE_4


def test_once_a_newer_change_stands_the_exam_is_corrected_and_its_change_goes(hu):
    exam = grade_exam(hu, SkillGrade.GRADE_4, on=D(1953, 11, 20))
    grade_change(hu, SkillGrade.GRADE_3, on=D(1953, 12, 1), reason="exam recorded by mistake")
    exam.result = AssessmentResult.FAILED
    skills.record_assessment(exam)
    assert not GradeChange.objects.filter(assessment=exam).exists()
    assert grade_of(hu) == SkillGrade.GRADE_3


def test_deleting_the_exam_that_gave_the_current_grade_is_refused(hu):
    exam = grade_exam(hu, SkillGrade.GRADE_4, on=D(1953, 11, 20))
    with pytest.raises(ValidationError) as refused:
        skills.delete_assessment(exam)
    assert "cannot be undone while that grade stands" in refused.value.messages[0]
    assert Assessment.objects.filter(pk=exam.pk).exists()
    assert GradeChange.objects.filter(assessment=exam).exists()


def test_deleting_a_superseded_exam_deletes_its_grade_change_too(hu):
    exam = grade_exam(hu, SkillGrade.GRADE_4, on=D(1953, 11, 20))
    grade_exam(hu, SkillGrade.GRADE_5, on=D(1956, 5, 1))
    skills.delete_assessment(exam)
    assert not Assessment.objects.filter(pk=exam.pk).exists()
    assert list(GradeChange.objects.filter(person=hu).values_list("grade", flat=True)) == [5, 3]
    assert grade_of(hu) == SkillGrade.GRADE_5


def test_a_failed_exam_is_deleted_freely(hu):
    exam = grade_exam(hu, SkillGrade.GRADE_4, on=D(1953, 11, 20), result=AssessmentResult.FAILED)
    skills.delete_assessment(exam)
    assert not Assessment.objects.exists()


def test_a_passed_skill_assessment_raises_the_level(hu, threads):
    skill_assessment(hu, threads, SkillLevelValue.SUPERVISED, on=D(1953, 6, 1))
    level = SkillLevel.objects.get(person=hu, skill=threads)
    assert (level.level, level.assessed_on) == (SkillLevelValue.SUPERVISED, D(1953, 6, 1))
    skill_assessment(hu, threads, SkillLevelValue.ALONE, on=D(1953, 9, 1))
    level.refresh_from_db()
    assert (level.level, level.assessed_on) == (SkillLevelValue.ALONE, D(1953, 9, 1))


def test_a_skill_assessment_never_lowers_a_level(hu, threads):
    set_level(hu, threads, SkillLevelValue.TEACHES)
    skill_assessment(hu, threads, SkillLevelValue.SUPERVISED, on=D(1953, 9, 1))
    assert SkillLevel.objects.get(person=hu, skill=threads).level == SkillLevelValue.TEACHES


def test_a_failed_skill_assessment_leaves_the_level(hu, threads):
    skill_assessment(
        hu, threads, SkillLevelValue.ALONE, on=D(1953, 9, 1), result=AssessmentResult.FAILED
    )
    assert not SkillLevel.objects.filter(person=hu, skill=threads).exists()


def test_an_exam_is_for_a_grade_and_an_assessment_for_a_skill(hu, threads):
    wrong = [
        (Assessment(kind=AssessmentKind.GRADE_EXAM, result="passed"), "grade_sought"),
        (
            Assessment(kind=AssessmentKind.GRADE_EXAM, grade_sought=4, skill=threads, result="x"),
            "skill",
        ),
        (Assessment(kind=AssessmentKind.SKILL_ASSESSMENT, result="passed"), "skill"),
        (
            Assessment(
                kind=AssessmentKind.SKILL_ASSESSMENT, skill=threads, result="passed", grade_sought=4
            ),
            "grade_sought",
        ),
        (
            Assessment(kind=AssessmentKind.SKILL_ASSESSMENT, skill=threads, result="passed"),
            "level_reached",
        ),
    ]
    for assessment, field in wrong:
        assessment.person = hu
        assessment.held_on = D(1953, 9, 1)
        with pytest.raises(ValidationError) as refused:
            assessment.clean()
        assert field in refused.value.message_dict, field


def test_a_skill_is_assessed_only_inside_its_unit(world, threads):
    outsider = world.people["manager_a"]  # in plant A, above the machine shop
    with pytest.raises(ValidationError) as refused:
        skill_assessment(outsider, threads, SkillLevelValue.ALONE)
    assert "person" in refused.value.message_dict


def test_may_operate_lists_machines_worked_alone_or_better(world, hu, threads):
    turning = world.unit("plant-a-turning")
    large = make_skill(turning, "lathe-large", SkillKind.MACHINE)
    small = make_skill(turning, "lathe-small", SkillKind.MACHINE)
    turret = make_skill(turning, "lathe-turret", SkillKind.MACHINE)
    retired = make_skill(turning, "lathe-old", SkillKind.MACHINE, is_active=False)
    set_level(hu, large, SkillLevelValue.TEACHES)
    set_level(hu, small, SkillLevelValue.ALONE)
    set_level(hu, turret, SkillLevelValue.SUPERVISED)
    set_level(hu, retired, SkillLevelValue.TEACHES)
    set_level(hu, threads, SkillLevelValue.TEACHES)
    assert [s.code for s in skills.may_operate(hu)] == ["lathe-large", "lathe-small"]
    assert list(skills.may_operate(world.people["worker_a"])) == []
