"""The skills demo: the Huaxin turning group's matrix, levels consistent with grades, the
grade history and Hu Maokun's grade 4 exam of November 1953."""

import datetime
from collections import Counter

import pytest

from gexin.org.models import Person, Unit
from gexin.people import demo_skills, skills
from gexin.people.models import Assessment, AssessmentResult, GradeChange, Skill, SkillLevel

pytestmark = pytest.mark.django_db

OPERATIONS = [
    "outer-turning",
    "thread-cutting",
    "fine-thread",
    "boring",
    "tool-grinding",
    "cooler-pipes",
    "spring-sleeves",
]
MACHINES = ["lathe-large", "lathe-small", "lathe-turret"]


@pytest.fixture
def turning(db):
    """The demo organisation with the skills demo loaded; the Huaxin turning group."""
    from gexin.org import demo as org_demo

    org_demo.load()
    assert not demo_skills.is_loaded()
    demo_skills.load()
    return Unit.objects.get(code=demo_skills.UNIT)


def person(number):
    return Person.objects.get(employee_number=number)


def test_the_matrix_lists_the_agreed_skills_and_every_member(turning):
    matrix = skills.skill_matrix(turning)
    assert [s.code for s in matrix.operations] == OPERATIONS
    assert [s.code for s in matrix.machines] == MACHINES
    numbers = [row.person.employee_number for row in matrix.rows]
    assert numbers == [f"HX-{n:04d}" for n in range(1, 22)]
    assert Skill.objects.get(unit=turning, code="fine-thread").name_zh == "车细牙螺丝"
    assert Skill.objects.get(unit=turning, code="lathe-turret").name_zh == "六角车床"


def test_levels_follow_the_grades(turning):
    levels = SkillLevel.objects.filter(person__unit=turning).select_related("person")
    by_person = {}
    for level in levels:
        by_person.setdefault(level.person, []).append(level.level)
    for member, held in by_person.items():
        if member.skill_grade >= 5:
            # Masters teach: at least half their skills at "can teach others".
            assert held.count(4) * 2 >= len(held), member
        elif member.skill_grade == 0:
            assert max(held) <= 2, member
    assert all(level.is_illustrative and level.note for level in levels)


def test_masters_may_operate_every_lathe_and_apprentices_none(turning):
    assert [s.code for s in skills.may_operate(person("HX-0002"))] == MACHINES
    assert [s.code for s in skills.may_operate(person("HX-0004"))] == MACHINES
    for number in range(12, 22):
        assert not skills.may_operate(person(f"HX-{number:04d}")).exists()


def test_hu_maokun_passes_the_grade_4_exam_in_late_1953(turning):
    hu = person("HX-0010")
    assert hu.skill_grade == 4
    history = list(
        GradeChange.objects.filter(person=hu)
        .order_by("effective_on")
        .values_list("effective_on", "grade")
    )
    assert history == [
        (datetime.date(1950, 3, 1), 2),
        (datetime.date(1952, 1, 1), 3),
        (datetime.date(1953, 11, 28), 4),
    ]
    exam = Assessment.objects.get(person=hu, kind="grade_exam")
    assert exam.result == AssessmentResult.PASSED and exam.grade_change.grade == 4
    assert "illustrative" in exam.note and exam.is_illustrative
    # His thread-cutting assessment of 10 November raised him to "works alone".
    assert SkillLevel.objects.get(person=hu, skill__code="thread-cutting").level == 3


def test_the_grades_on_record_follow_the_history(turning):
    counts = Counter(Person.objects.filter(unit=turning).values_list("skill_grade", flat=True))
    # The seed's counts, with Hu Maokun moved from grade 3 to grade 4 by his exam.
    assert counts == {6: 3, 5: 3, 4: 3, 3: 2, 0: 10}
    for member in Person.objects.filter(unit=turning):
        assert skills.current_grade_change(member).grade == member.skill_grade
    assert not GradeChange.objects.filter(person__unit=turning, is_illustrative=False).exists()


def test_the_failed_exams_change_no_grade(turning):
    failed = Assessment.objects.filter(person__unit=turning, result=AssessmentResult.FAILED)
    assert {a.person.employee_number for a in failed} == {"HX-0007", "HX-0009", "HX-0012"}
    assert person("HX-0007").skill_grade == 4 and person("HX-0009").skill_grade == 3
    assert not GradeChange.objects.filter(assessment__in=failed).exists()


def test_the_demo_loads_once(turning):
    from gexin.people import demo as people_demo

    # `gexin demo` skips an area whose marker row is there.
    assert "skills" in people_demo.AREAS
    assert demo_skills.is_loaded()
    assert Skill.objects.filter(unit=turning).count() == len(demo_skills.SKILLS)
