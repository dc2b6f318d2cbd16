"""Skill-grade history: the person's grade follows the newest change, a back-dated change
does not overwrite it, and a grade goes down only with a reason."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gexin.org.choices import SkillGrade
from gexin.people import skills
from gexin.people.models import GradeChange
from gexin.people.tests.factories_skills import grade_change, grade_exam

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def turner(world):
    """A turner with grade 4 on record and no history yet."""
    return world.people["turner_a"]


def grade_of(person):
    person.refresh_from_db()
    return person.skill_grade


def test_the_newest_change_sets_the_grade_on_record(turner):
    grade_change(turner, SkillGrade.GRADE_4, on=D(1951, 3, 1))
    grade_change(turner, SkillGrade.GRADE_5, on=D(1953, 6, 1))
    assert grade_of(turner) == SkillGrade.GRADE_5


def test_a_back_dated_change_does_not_overwrite_a_newer_grade(turner):
    grade_change(turner, SkillGrade.GRADE_5, on=D(1953, 6, 1))
    grade_change(turner, SkillGrade.GRADE_4, on=D(1951, 3, 1), reason="grade on joining")
    assert grade_of(turner) == SkillGrade.GRADE_5
    assert skills.current_grade_change(turner).effective_on == D(1953, 6, 1)


def test_a_grade_goes_down_only_with_a_reason(turner):
    grade_change(turner, SkillGrade.GRADE_5, on=D(1952, 1, 1))
    with pytest.raises(ValidationError) as refused:
        grade_change(turner, SkillGrade.GRADE_4, on=D(1953, 1, 1), reason="")
    assert "goes down from grade 5 to grade 4" in str(refused.value.message_dict["reason"])
    assert grade_of(turner) == SkillGrade.GRADE_5
    grade_change(turner, SkillGrade.GRADE_4, on=D(1953, 1, 1), reason="moved to lighter work")
    assert grade_of(turner) == SkillGrade.GRADE_4


def test_the_first_change_below_the_grade_on_record_needs_a_reason(turner):
    with pytest.raises(ValidationError):
        grade_change(turner, SkillGrade.GRADE_3, on=D(1953, 1, 1), reason="")
    grade_change(turner, SkillGrade.GRADE_5, on=D(1953, 1, 1), reason="")
    assert grade_of(turner) == SkillGrade.GRADE_5


def test_a_back_dated_change_between_two_is_compared_with_the_one_before_it(turner):
    grade_change(turner, SkillGrade.GRADE_3, on=D(1950, 1, 1))
    grade_change(turner, SkillGrade.GRADE_6, on=D(1953, 1, 1))
    # Grade 4 in 1951 is a promotion from grade 3, not a fall from grade 6.
    grade_change(turner, SkillGrade.GRADE_4, on=D(1951, 1, 1), reason="")
    with pytest.raises(ValidationError):
        grade_change(turner, SkillGrade.GRADE_2, on=D(1952, 1, 1), reason="")


def test_of_two_changes_on_one_day_the_later_recorded_counts(turner):
    grade_change(turner, SkillGrade.GRADE_4, on=D(1953, 1, 1))
    grade_change(turner, SkillGrade.GRADE_5, on=D(1953, 1, 1))
    assert grade_of(turner) == SkillGrade.GRADE_5


def test_deleting_the_newest_change_goes_back_to_the_one_before(turner):
    grade_change(turner, SkillGrade.GRADE_4, on=D(1951, 1, 1))
    newest = grade_change(turner, SkillGrade.GRADE_6, on=D(1953, 1, 1))
    skills.delete_grade_change(newest)
    assert grade_of(turner) == SkillGrade.GRADE_4


def test_editing_an_older_change_keeps_the_newer_grade(turner):
    older = grade_change(turner, SkillGrade.GRADE_3, on=D(1951, 1, 1))
    grade_change(turner, SkillGrade.GRADE_5, on=D(1953, 1, 1))
    older.grade = SkillGrade.GRADE_4
    skills.record_grade_change(older)
    assert grade_of(turner) == SkillGrade.GRADE_5


def test_a_change_given_by_an_exam_keeps_its_grade_and_day(turner):
    exam = grade_exam(turner, SkillGrade.GRADE_5, on=D(1953, 11, 20))
    change = GradeChange.objects.get(assessment=exam)
    change.grade = SkillGrade.GRADE_6
    with pytest.raises(ValidationError):
        skills.record_grade_change(change)
    with pytest.raises(ValidationError):
        skills.delete_grade_change(GradeChange.objects.get(assessment=exam))
    change = GradeChange.objects.get(assessment=exam)
    change.reason = "passed with distinction"
    skills.record_grade_change(change)
    assert grade_of(turner) == SkillGrade.GRADE_5


def test_a_change_stays_with_its_person(world, turner):
    change = grade_change(turner, SkillGrade.GRADE_5, on=D(1953, 1, 1))
    change.person = world.people["worker_a"]
    with pytest.raises(ValidationError):
        skills.record_grade_change(change)
    assert GradeChange.objects.get(pk=change.pk).person == turner


def test_grade_changes_are_kept_in_the_history(world, turner):
    from gexin.core.audit import audit_context

    with audit_context(actor=world.users["leader_a"], reason="after the exam"):
        grade_change(turner, SkillGrade.GRADE_5, on=D(1953, 1, 1))
    record = turner.history().first()
    assert record.reason == "after the exam"
    assert record.changes["skill_grade"] == [4, 5]
