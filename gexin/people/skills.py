"""Skills: grade history, assessments, levels, the skills matrix and what a person may
operate.

Rules:
- The grade on a person's record follows their newest grade change (by the day it takes
  effect, then by the order recorded). Recording a back-dated change keeps the newer
  grade; deleting the newest change takes the person back to the one before it.
- A grade goes down only with a reason.
- A passed grade exam gives the person the grade sought from the exam day, as a grade
  change linked to the exam; correcting the exam corrects that change. An exam whose
  grade change is the person's current grade cannot be undone (corrected to failed or
  deleted) until a newer grade change replaces it: the person's grade would otherwise
  change without anyone saying why.
- A passed skill assessment raises the person's level in the skill to the level reached;
  it never lowers a level reached before.
- A person may operate a machine when their level in it is "works alone" or above.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from gexin.core import spreadsheets
from gexin.core.permissions import under
from gexin.org.choices import SkillGrade
from gexin.org.models import Person
from gexin.people.models.skills import (
    OPERATES_FROM,
    Assessment,
    AssessmentKind,
    AssessmentResult,
    GradeChange,
    Skill,
    SkillKind,
    SkillLevel,
    SkillLevelValue,
    is_inside,
)

NEWEST_FIRST = ("-effective_on", "-pk")

# Marks of the levels in the matrix, always shown with the number and the words.
LEVEL_MARKS = {
    SkillLevelValue.LEARNING: "◔",
    SkillLevelValue.SUPERVISED: "◑",
    SkillLevelValue.ALONE: "◕",
    SkillLevelValue.TEACHES: "●",
}


# Grades


def current_grade_change(person):
    """The person's newest grade change (the one their grade follows), or None."""
    person_id = getattr(person, "pk", person)
    return GradeChange.objects.filter(person_id=person_id).order_by(*NEWEST_FIRST).first()


def is_current(change):
    """True when `change` is the newest of its person's grade changes."""
    newest = current_grade_change(change.person_id)
    return newest is not None and newest.pk == change.pk


def previous_grade(change):
    """The grade the person held just before `change` (stored or not yet saved).

    Without any other change on record, the grade on the person's record is the one
    before; with other changes but none earlier, it is unknown (None).
    """
    others = GradeChange.objects.filter(person_id=change.person_id)
    if change.pk:
        others = others.exclude(pk=change.pk)
        same_day_before = Q(effective_on=change.effective_on, pk__lt=change.pk)
    else:
        same_day_before = Q(effective_on=change.effective_on)
    earlier = (
        others.filter(Q(effective_on__lt=change.effective_on) | same_day_before)
        .order_by(*NEWEST_FIRST)
        .first()
    )
    if earlier is not None:
        return earlier.grade
    if others.exists():
        return None
    return Person.objects.filter(pk=change.person_id).values_list("skill_grade", flat=True).first()


def grade_before(person, day, exclude_assessment=None):
    """The grade the person held before `day` by their history, leaving out the grade
    change of `exclude_assessment`; the grade on record when they have no history."""
    changes = GradeChange.objects.filter(person_id=person.pk)
    own = None
    if exclude_assessment is not None and exclude_assessment.pk:
        own = changes.filter(assessment_id=exclude_assessment.pk).first()
        changes = changes.exclude(assessment_id=exclude_assessment.pk)
    earlier = changes.filter(effective_on__lt=day).order_by(*NEWEST_FIRST).first()
    if earlier is not None:
        return earlier.grade
    if changes.exists() or own is not None:
        return None
    return person.skill_grade


def sync_grade(person):
    """Set the grade on the person's record to their newest grade change's, if any."""
    newest = current_grade_change(person)
    if newest is not None and person.skill_grade != newest.grade:
        person.skill_grade = newest.grade
        person.save()
    return person


def _lock_person(person_id):
    return Person.objects.select_for_update().select_related("unit").get(pk=person_id)


@transaction.atomic
def record_grade_change(change):
    """Save a grade change and bring the person's grade in step with their newest change.

    A change given by a grade exam keeps the exam's person, grade and day: those are
    corrected on the exam.
    """
    person = _lock_person(change.person_id)
    if change.pk:
        stored = GradeChange.objects.get(pk=change.pk)
        if stored.person_id != change.person_id:
            raise ValidationError(
                {"person": _("A grade change stays with its person: record a new one instead.")}
            )
        if stored.assessment_id and (
            stored.grade != change.grade or stored.effective_on != change.effective_on
        ):
            raise ValidationError(
                {"grade": _("This grade was given by a grade exam: correct the exam instead.")}
            )
    change.clean()
    change.save()
    sync_grade(person)
    return change


def grade_change_deletion_problem(change):
    """Why a grade change may not be deleted on its own, or None."""
    if change.assessment_id:
        return _("This grade change was given by a passed grade exam: correct or delete the exam.")
    return None


@transaction.atomic
def delete_grade_change(change):
    """Delete a grade change; the person's grade follows the newest one left."""
    problem = grade_change_deletion_problem(change)
    if problem:
        raise ValidationError(problem)
    person = _lock_person(change.person_id)
    change.delete()
    sync_grade(person)


# Assessments


def exam_reason(assessment):
    return _("Passed the %(grade)s exam on %(date)s.") % {
        "grade": SkillGrade(assessment.grade_sought).label,
        "date": assessment.held_on.isoformat(),
    }


def undo_refusal(change):
    """The message refusing to undo the exam that gave `change`, the current grade."""
    return _(
        "This exam gave %(person)s their current grade (%(grade)s, since %(date)s), so it "
        "cannot be undone while that grade stands. First record the grade change that "
        "replaces it (a grade going down needs its reason), then correct or delete the exam."
    ) % {
        "person": change.person,
        "grade": change.grade_label,
        "date": change.effective_on.isoformat(),
    }


def correction_problem(assessment):
    """Why the edit of a stored exam may not be saved (it would undo the current grade),
    or None."""
    if not assessment.pk or assessment.gives_grade:
        return None
    change = assessment.stored_grade_change
    if change is not None and is_current(change):
        return undo_refusal(change)
    return None


def deletion_problem(assessment):
    """Why an assessment may not be deleted, or None."""
    change = assessment.stored_grade_change
    if change is not None and is_current(change):
        return undo_refusal(change)
    return None


@transaction.atomic
def raise_level(person, skill, level, on, assessed_by=None, note="", is_illustrative=False):
    """Raise the person's level in the skill to `level` (never lower it); return it."""
    held = SkillLevel.objects.select_for_update().filter(person=person, skill=skill).first()
    if held is None:
        held = SkillLevel(
            person=person,
            skill=skill,
            level=level,
            assessed_on=on,
            assessed_by=assessed_by,
            note=note,
            is_illustrative=is_illustrative,
        )
        held.save()
    elif held.level < level:
        held.level = level
        held.assessed_on = on
        if note:
            held.note = note
        held.save()
    return held


@transaction.atomic
def record_assessment(assessment):
    """Save an assessment and what follows from it: a passed grade exam gives (or
    corrects) its grade change; a passed skill assessment raises the person's level.
    An exam that no longer gives a grade loses its grade change (refused when that is
    the current grade: see `correction_problem`)."""
    person = _lock_person(assessment.person_id)
    if assessment.pk:
        stored_person = (
            Assessment.objects.filter(pk=assessment.pk).values_list("person_id", flat=True).get()
        )
        if stored_person != assessment.person_id:
            raise ValidationError(
                {"person": _("An assessment stays with its person: record a new one instead.")}
            )
    assessment.clean()
    assessment.save()
    change = GradeChange.objects.filter(assessment=assessment).first()
    if assessment.gives_grade:
        if change is None:
            change = GradeChange(person=person, assessment=assessment)
        wanted = {
            "grade": assessment.grade_sought,
            "effective_on": assessment.held_on,
            "reason": exam_reason(assessment),
            "is_illustrative": assessment.is_illustrative,
            "source": assessment.source,
        }
        if change.pk is None or any(getattr(change, k) != v for k, v in wanted.items()):
            for key, value in wanted.items():
                setattr(change, key, value)
            change.save()
    elif change is not None:
        change.delete()
    sync_grade(person)
    if (
        assessment.kind == AssessmentKind.SKILL_ASSESSMENT
        and assessment.result == AssessmentResult.PASSED
        and assessment.level_reached
    ):
        raise_level(
            person,
            assessment.skill,
            assessment.level_reached,
            assessment.held_on,
            note=_("Assessment of %(date)s.") % {"date": assessment.held_on.isoformat()},
            is_illustrative=assessment.is_illustrative,
        )
    return assessment


@transaction.atomic
def delete_assessment(assessment):
    """Delete an assessment with the grade change it gave (refused while that change is
    the person's current grade). Levels it raised stay: adjust them on the matrix."""
    _lock_person(assessment.person_id)
    problem = deletion_problem(assessment)
    if problem:
        raise ValidationError(problem)
    change = assessment.stored_grade_change
    if change is not None:
        change.delete()
    assessment.delete()


# What a person may operate


def may_operate(person):
    """The machines (machine skills in use) the person works alone on or better."""
    person_id = getattr(person, "pk", person)
    return (
        Skill.objects.filter(
            kind=SkillKind.MACHINE,
            is_active=True,
            levels__person_id=person_id,
            levels__level__gte=OPERATES_FROM,
        )
        .select_related("unit")
        .order_by("position", "code")
    )


# The skills matrix


def unit_panel(unit):
    """The unit page's skills card (gexin.people.views.skills.UnitSkillsPanelView)."""
    from django.urls import reverse

    return reverse("people:unit_skills_panel", args=[unit.pk])


@dataclass
class Cell:
    skill: Skill
    level: SkillLevel | None = None
    applies: bool = True

    @property
    def mark(self):
        return LEVEL_MARKS.get(self.level.level, "") if self.level else ""


@dataclass
class Row:
    person: Person
    cells: list = field(default_factory=list)


@dataclass
class SkillMatrix:
    """People of a unit's subtree × the skills its matrix lists, with their levels."""

    unit: object
    skills: list
    rows: list

    @property
    def operations(self):
        return [s for s in self.skills if s.kind == SkillKind.OPERATION]

    @property
    def machines(self):
        return [s for s in self.skills if s.kind == SkillKind.MACHINE]

    def counts(self, at_least):
        """Per skill, how many people hold it at `at_least` or above."""
        totals = [0] * len(self.skills)
        for row in self.rows:
            for n, cell in enumerate(row.cells):
                if cell.level is not None and cell.level.level >= at_least:
                    totals[n] += 1
        return totals

    @property
    def alone_counts(self):
        return self.counts(SkillLevelValue.ALONE)

    @property
    def teacher_counts(self):
        return self.counts(SkillLevelValue.TEACHES)


def matrix_skills(unit, user=None):
    """The skills in use a unit's matrix lists, operations first, then by place and code."""
    skills = Skill.objects.all() if user is None else Skill.objects.restrict(user, "view")
    found = list(skills.for_unit(unit).filter(is_active=True).select_related("unit"))
    found.sort(key=lambda s: (s.kind != SkillKind.OPERATION, s.position, s.unit.depth, s.code))
    return found


def skill_matrix(unit, user=None):
    """The matrix of `unit`: a row per active person of its subtree (with their grade),
    a column per skill, in three queries whatever the size (restricted to `user`)."""
    people = Person.objects.all() if user is None else Person.objects.restrict(user, "view")
    people = list(
        people.filter(under("unit_path", unit.path), is_active=True)
        .select_related("unit")
        .order_by("unit_path", "employee_number")
    )
    skills = matrix_skills(unit, user)
    levels = SkillLevel.objects.all() if user is None else SkillLevel.objects.restrict(user, "view")
    found = {
        (level.person_id, level.skill_id): level
        for level in levels.filter(
            under("person__unit_path", unit.path),
            person__is_active=True,
            skill_id__in=[s.pk for s in skills],
        ).only("pk", "person_id", "skill_id", "level", "assessed_on")
    }
    rows = []
    for person in people:
        cells = [
            Cell(skill, found.get((person.pk, skill.pk)), is_inside(person, skill.unit))
            for skill in skills
        ]
        rows.append(Row(person, cells))
    return SkillMatrix(unit, skills, rows)


def matrix_table(matrix):
    """The matrix as rows of text for a CSV or XLSX file: a header, then a row per person
    with their level (1-4) in each skill; empty where none."""
    header = [_("Employee number"), _("Name"), _("Unit"), _("Skill grade")]
    header += [f"{s.code} · {s.display_name}" for s in matrix.skills]
    lines = [header]
    for row in matrix.rows:
        person = row.person
        line = [
            person.employee_number,
            person.name,
            person.unit.code,
            person.skill_grade_label,
        ]
        line += [cell.level.level if cell.level else "" for cell in row.cells]
        lines.append(line)
    return lines


def matrix_csv(matrix):
    """The matrix as CSV text, with the mark that lets spreadsheet programs detect UTF-8."""
    return spreadsheets.csv_text(matrix_table(matrix), bom=True)


def matrix_xlsx(matrix):
    """The matrix as an XLSX workbook (bytes): one sheet, and the legend on a second."""
    book = spreadsheets.XlsxBook()
    sheet = book.sheet(_("Skills matrix"))
    # Levels stay numbers, so that a spreadsheet can count and sort them.
    for line in matrix_table(matrix):
        sheet.append(line)
    legend = book.sheet(_("Legend"))
    for value, label in SkillLevelValue.choices:
        legend.append([value, label])
    return book.to_bytes()
