"""Demo of the skills area: the skills matrix of the Huaxin turning group (seed 000 p.10),
its twenty-one people's levels, their grade history and the grade exams of late 1953.

From the seed: the group's grade counts (grade 6 ×3, 5 ×3, 4 ×2, 3 ×3, ten apprentices,
as `gexin.org.demo_data` assigns them), the operations it names (fine-thread screws 车细牙
螺丝, cooler pipes 车冷却机管子, the cooler's spring sleeves 弹簧套筒, thread grooves 车螺
丝槽, the tool angle of the cooler-pipe work, "a large lathe doing small work"), Shi
Guoxiang's 20 unusable screws in 100, Shi Guoqiang's cooler pipes done with Zhang Sen's
help, Yu Zengxi turning spring sleeves the wrong way, and Hu Maokun's complaint that a
higher skill brought no regrading ("you want the horse to run but not to eat").

Illustrative, and marked so on every row: the list of skills beyond those, every level,
every date and grade of the grade history, and the exams and assessments of 1953 (Hu
Maokun passes the grade 4 exam on 28 November 1953, so his grade on record becomes 4).
"""

import datetime

from gexin.org.models import Person, Unit
from gexin.people import skills as services
from gexin.people.models import (
    Assessment,
    AssessmentKind,
    AssessmentResult,
    GradeChange,
    Skill,
    SkillKind,
    SkillLevel,
)

D = datetime.date
UNIT = "huaxin-machine-turning"
MARKER = "outer-turning"
SEED = "seed 000 p.10 (report of Chen Xianfang, turning group, Huaxin Cement Plant)"
ILLUSTRATIVE = "Illustrative (demo)"

# (code, name, Chinese name, kind, source)
SKILLS = [
    ("outer-turning", "Outer turning", "车外圆", SkillKind.OPERATION, ILLUSTRATIVE),
    (
        "thread-cutting",
        "Thread cutting",
        "车螺纹",
        SkillKind.OPERATION,
        f"{SEED}: Hu Maokun 车螺丝槽 (thread grooves)",
    ),
    (
        "fine-thread",
        "Fine-thread screws",
        "车细牙螺丝",
        SkillKind.OPERATION,
        f"{SEED}: Shi Guoxiang, 20 of 100 fine-thread screws unusable",
    ),
    ("boring", "Boring", "镗孔", SkillKind.OPERATION, ILLUSTRATIVE),
    (
        "tool-grinding",
        "Tool grinding",
        "磨车刀",
        SkillKind.OPERATION,
        f"{SEED}: Zhang Sen changed the tool angle of the cooler-pipe work",
    ),
    (
        "cooler-pipes",
        "Cooler pipes",
        "车冷却机管子",
        SkillKind.OPERATION,
        f"{SEED}: Shi Guoqiang, 100 cooler pipes in 7.5 hours instead of 12",
    ),
    (
        "spring-sleeves",
        "Cooler spring sleeves",
        "车弹簧套筒",
        SkillKind.OPERATION,
        f"{SEED}: Yu Zengxi turned the cooler's spring sleeves the wrong way",
    ),
    (
        "lathe-large",
        "Large lathe",
        "大车床",
        SkillKind.MACHINE,
        f"{SEED}: 'a large lathe doing small work'; 16 lathes in the group",
    ),
    ("lathe-small", "Small lathe", "小车床", SkillKind.MACHINE, ILLUSTRATIVE),
    ("lathe-turret", "Turret lathe", "六角车床", SkillKind.MACHINE, ILLUSTRATIVE),
]
CODES = [row[0] for row in SKILLS]

# Levels (1 learning … 4 can teach) in the order of CODES; all illustrative, following
# the grades: masters of grade 5-6 teach, apprentices learn.
LEVELS = {
    # grade 6
    "HX-0002": [4, 4, 4, 4, 4, 4, 4, 4, 4, 4],
    "HX-0003": [4, 4, 4, 4, 4, 3, 4, 4, 4, 3],
    "HX-0004": [4, 4, 4, 4, 4, 4, 3, 4, 4, 4],
    # grade 5
    "HX-0001": [4, 4, 3, 3, 4, 3, 3, 4, 4, 3],
    "HX-0005": [4, 4, 3, 4, 4, 3, 3, 4, 3, 3],
    "HX-0006": [4, 4, 3, 3, 4, 3, 3, 4, 4, 3],
    # grade 4
    "HX-0007": [3, 3, 2, 3, 3, 3, 2, 3, 3, 2],
    "HX-0008": [3, 3, 3, 2, 3, 3, 3, 3, 3, 2],
    # grade 3
    "HX-0009": [3, 2, 2, 2, 2, 2, 2, 2, 3, 1],
    "HX-0010": [3, 2, 2, 3, 3, 2, 2, 3, 3, 2],
    "HX-0011": [3, 2, 2, 2, 2, 2, 2, 2, 3, 1],
    # apprentices of 1951
    "HX-0012": [2, 1, 1, 1, 1, 1, 1, 1, 2, None],
    "HX-0013": [2, 1, 1, 1, 1, 1, 1, 1, 2, None],
    "HX-0014": [2, 1, 1, 1, 1, 1, 1, 1, 2, None],
    "HX-0015": [2, 1, None, None, 1, 1, None, 1, 2, None],
    "HX-0016": [2, 1, None, None, 1, 1, None, 1, 2, None],
    # apprentices of 1952
    "HX-0017": [1, 1, None, None, 1, None, None, None, 1, None],
    "HX-0018": [1, 1, None, None, 1, None, None, None, 1, None],
    "HX-0019": [1, 1, None, None, 1, None, None, None, 1, None],
    # new apprentices of 1953
    "HX-0020": [1, None, None, None, 1, None, None, None, 1, None],
    "HX-0021": [1, None, None, None, None, None, None, None, 1, None],
}
LEVELS_ASSESSED_ON = D(1953, 6, 30)
LEVELS_ASSESSED_BY = "HX-0002"  # the production team leader, who heads the mutual-aid groups
LEVEL_NOTE = (
    "Illustrative (demo): level as assessed when the two technical mutual-aid groups were "
    "formed, consistent with the person's grade."
)

# Grade history, one person at a time: (day, grade, reason). The first is the grade on
# joining (the org demo's date joined); the last is their grade of 1953. Illustrative.
ON_JOINING = "Grade on joining (illustrative)."
PROMOTED = "Promoted at the yearly regrading (illustrative)."
APPRENTICE = "Taken on as an apprentice (illustrative)."
HISTORY = {
    "HX-0001": [(D(1949, 10, 1), 4, ON_JOINING), (D(1952, 1, 1), 5, PROMOTED)],
    "HX-0002": [(D(1948, 3, 1), 5, ON_JOINING), (D(1951, 7, 1), 6, PROMOTED)],
    "HX-0003": [
        (D(1946, 9, 1), 4, ON_JOINING),
        (D(1949, 1, 1), 5, PROMOTED),
        (D(1951, 7, 1), 6, PROMOTED),
    ],
    "HX-0004": [
        (D(1947, 5, 1), 4, ON_JOINING),
        (D(1949, 7, 1), 5, PROMOTED),
        (D(1952, 1, 1), 6, PROMOTED),
    ],
    "HX-0005": [(D(1947, 5, 1), 4, ON_JOINING), (D(1950, 1, 1), 5, PROMOTED)],
    "HX-0006": [(D(1948, 3, 1), 4, ON_JOINING), (D(1951, 7, 1), 5, PROMOTED)],
    "HX-0007": [
        (D(1949, 6, 1), 2, ON_JOINING),
        (D(1951, 1, 1), 3, PROMOTED),
        (D(1953, 1, 1), 4, PROMOTED),
    ],
    "HX-0008": [(D(1949, 6, 1), 3, ON_JOINING), (D(1952, 1, 1), 4, PROMOTED)],
    "HX-0009": [(D(1950, 3, 1), 2, ON_JOINING), (D(1953, 1, 1), 3, PROMOTED)],
    "HX-0010": [(D(1950, 3, 1), 2, ON_JOINING), (D(1952, 1, 1), 3, PROMOTED)],
    "HX-0011": [(D(1950, 8, 1), 2, ON_JOINING), (D(1952, 7, 1), 3, PROMOTED)],
    **{
        number: [(joined, 0, APPRENTICE)]
        for number, joined in [
            ("HX-0012", D(1951, 3, 1)),
            ("HX-0013", D(1951, 3, 1)),
            ("HX-0014", D(1951, 3, 1)),
            ("HX-0015", D(1951, 9, 1)),
            ("HX-0016", D(1951, 9, 1)),
            ("HX-0017", D(1952, 2, 15)),
            ("HX-0018", D(1952, 2, 15)),
            ("HX-0019", D(1952, 8, 1)),
            ("HX-0020", D(1953, 3, 1)),
            ("HX-0021", D(1953, 3, 1)),
        ]
    },
}

EXAMINERS = "Plant grade examination committee (illustrative)"
EXAM_DAY = D(1953, 11, 28)
# (person, kind, day, grade sought, skill, level reached, score, result, note)
ASSESSMENTS = [
    (
        "HX-0013",
        AssessmentKind.SKILL_ASSESSMENT,
        D(1953, 8, 20),
        None,
        "cooler-pipes",
        2,
        78,
        AssessmentResult.PASSED,
        "Cooler pipes with the new tool angle and cooling, after Zhang Sen's help (seed 000 "
        "p.10); assessment illustrative.",
    ),
    (
        "HX-0012",
        AssessmentKind.SKILL_ASSESSMENT,
        D(1953, 9, 15),
        None,
        "fine-thread",
        2,
        52,
        AssessmentResult.FAILED,
        "Still too many unusable fine-thread screws (seed 000 p.10: 20 in 100); assessment "
        "illustrative.",
    ),
    (
        "HX-0010",
        AssessmentKind.SKILL_ASSESSMENT,
        D(1953, 11, 10),
        None,
        "thread-cutting",
        3,
        84,
        AssessmentResult.PASSED,
        "Thread grooves cut alone to drawing; assessment illustrative.",
    ),
    (
        "HX-0010",
        AssessmentKind.GRADE_EXAM,
        EXAM_DAY,
        4,
        None,
        None,
        85,
        AssessmentResult.PASSED,
        "Hu Maokun had said a higher skill brought no regrading (seed 000 p.10); he sits and "
        "passes the grade 4 exam. Exam illustrative.",
    ),
    (
        "HX-0009",
        AssessmentKind.GRADE_EXAM,
        EXAM_DAY,
        4,
        None,
        None,
        58,
        AssessmentResult.FAILED,
        "Chen Taorong feared his skill was too low (seed 000 p.10); to sit again after a "
        "season in the mutual-aid group. Exam illustrative.",
    ),
    (
        "HX-0007",
        AssessmentKind.GRADE_EXAM,
        EXAM_DAY,
        5,
        None,
        None,
        61,
        AssessmentResult.FAILED,
        "Yu Zengxi thought his skill had outgrown the masters' (seed 000 p.10); the spring "
        "sleeves let him down. Exam illustrative.",
    ),
]


def is_loaded():
    return Skill.objects.filter(unit__code=UNIT, code=MARKER).exists()


def load():
    """Write the area's demo rows; return {kind of row: rows written}."""
    written = {"skills": 0, "skill levels": 0, "grade changes": 0, "assessments": 0}
    unit = Unit.objects.filter(code=UNIT).first()
    if unit is None:
        return written
    skills = {}
    for position, (code, name, name_zh, kind, source) in enumerate(SKILLS, start=1):
        skills[code] = Skill.objects.create(
            unit=unit,
            code=code,
            name=name,
            name_zh=name_zh,
            kind=kind,
            position=position,
            is_illustrative=source == ILLUSTRATIVE,
            source=source,
        )
        written["skills"] += 1
    people = {p.employee_number: p for p in Person.objects.filter(unit=unit)}
    assessor = people.get(LEVELS_ASSESSED_BY)
    levels = []
    for number, row in LEVELS.items():
        person = people.get(number)
        if person is None:
            continue
        for code, level in zip(CODES, row, strict=True):
            if level is not None:
                levels.append(
                    SkillLevel(
                        person=person,
                        skill=skills[code],
                        level=level,
                        assessed_on=LEVELS_ASSESSED_ON,
                        assessed_by=assessor,
                        note=LEVEL_NOTE,
                        is_illustrative=True,
                    )
                )
    for level in levels:
        level.save()
    written["skill levels"] = len(levels)
    for number, changes in HISTORY.items():
        person = people.get(number)
        if person is None:
            continue
        # Newest first: each older change is back-dated and leaves the grade on record.
        for day, grade, reason in reversed(changes):
            services.record_grade_change(
                GradeChange(
                    person=person,
                    grade=grade,
                    effective_on=day,
                    reason=reason,
                    is_illustrative=True,
                    source=SEED + ": grade counts; dates and earlier grades illustrative",
                )
            )
            written["grade changes"] += 1
    for number, kind, day, grade, code, level, score, result, note in ASSESSMENTS:
        person = people.get(number)
        if person is None:
            continue
        services.record_assessment(
            Assessment(
                person=person,
                kind=kind,
                held_on=day,
                grade_sought=grade,
                skill=skills[code] if code else None,
                level_reached=level,
                score=score,
                result=result,
                examiners=EXAMINERS,
                note=note,
                is_illustrative=True,
                source=SEED,
            )
        )
        written["assessments"] += 1
        if kind == AssessmentKind.GRADE_EXAM and result == AssessmentResult.PASSED:
            written["grade changes"] += 1
    return written
