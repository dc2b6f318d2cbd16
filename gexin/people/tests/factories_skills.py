"""Factories and route examples of the skills area.

`examples(world)` holds, in plant A, a workshop skill (shared by its turning group), a
group's machine, turner_a's level in it, a grade exam turner_a passed with the grade
change it gave; and in plant B a skill, a level, a grade change and an assessment that
plant A's people may not see.
"""

import datetime

from gexin.org.choices import SkillGrade
from gexin.people import skills
from gexin.people.models import (
    Assessment,
    AssessmentKind,
    AssessmentResult,
    GradeChange,
    Skill,
    SkillKind,
    SkillLevel,
    SkillLevelValue,
)

ACTIONS = ("detail", "edit", "delete", "history")

# {route name: key in examples(world)} for every route of the area that takes an id.
ROUTES = {
    **{f"people:skill_{action}": "skill" for action in ACTIONS},
    **{f"people:skilllevel_{action}": "level" for action in ACTIONS},
    **{f"people:gradechange_{action}": "grade_change" for action in ACTIONS},
    **{f"people:assessment_{action}": "assessment" for action in ACTIONS},
    "people:person_skills": "person",
    "people:unit_skills_panel": "unit",
    "skill-detail": "skill",
    "skilllevel-detail": "level",
    "gradechange-detail": "grade_change",
    "assessment-detail": "assessment",
}

DAY = datetime.date(1953, 6, 1)


def make_skill(unit, code, kind=SkillKind.OPERATION, **fields):
    defaults = {"name": code.replace("-", " ").capitalize(), "name_zh": ""}
    defaults.update(fields)
    return Skill.objects.create(unit=unit, code=code, kind=kind, **defaults)


def set_level(person, skill, level, on=DAY, **fields):
    return SkillLevel.objects.create(
        person=person, skill=skill, level=level, assessed_on=on, **fields
    )


def grade_change(person, grade, on=DAY, reason="regraded", **fields):
    return skills.record_grade_change(
        GradeChange(person=person, grade=grade, effective_on=on, reason=reason, **fields)
    )


def grade_exam(person, grade, on=DAY, result=AssessmentResult.PASSED, **fields):
    return skills.record_assessment(
        Assessment(
            person=person,
            kind=AssessmentKind.GRADE_EXAM,
            held_on=on,
            grade_sought=grade,
            result=result,
            **fields,
        )
    )


def skill_assessment(person, skill, level, on=DAY, result=AssessmentResult.PASSED, **fields):
    return skills.record_assessment(
        Assessment(
            person=person,
            kind=AssessmentKind.SKILL_ASSESSMENT,
            held_on=on,
            skill=skill,
            level_reached=level,
            result=result,
            **fields,
        )
    )


def examples(world):
    """The objects above; made once per world."""
    cached = getattr(world, "_skills_examples", None)
    if cached is not None:
        return cached
    turner = world.people["turner_a"]
    roller = world.people["roller_b"]
    threads = make_skill(world.unit("plant-a-machine"), "thread-cutting", name="Thread cutting")
    lathe = make_skill(
        world.unit("plant-a-turning"), "lathe-large", SkillKind.MACHINE, name="Large lathe"
    )
    level = set_level(turner, lathe, SkillLevelValue.ALONE)
    joined = grade_change(
        turner, SkillGrade.GRADE_3, on=datetime.date(1951, 3, 1), reason="graded on joining"
    )
    exam = grade_exam(turner, SkillGrade.GRADE_4, on=datetime.date(1953, 11, 20))
    rolling = make_skill(world.unit("plant-b-rolling"), "roll-setting", name="Roll setting")
    level_b = set_level(roller, rolling, SkillLevelValue.SUPERVISED)
    change_b = grade_change(roller, SkillGrade.GRADE_2)
    exam_b = skill_assessment(roller, rolling, SkillLevelValue.ALONE)
    world._skills_examples = {
        "skill": threads,
        "machine": lathe,
        "level": level,
        "assessment": exam,
        "grade_change": exam.grade_change,
        "joined": joined,
        "person": turner,
        "unit": world.unit("plant-a-turning"),
        "skill_b": rolling,
        "level_b": level_b,
        "grade_change_b": change_b,
        "assessment_b": exam_b,
    }
    return world._skills_examples
