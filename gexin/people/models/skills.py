"""Models of the skills area: the skills matrix of a unit, the levels people reach in
each skill, their skill-grade history and the grade exams and skill assessments they sat.

Rules (the services in `gexin.people.skills` apply them inside transactions):
- A unit's matrix lists the skills of the unit, of its sub-units and of its ancestors (a
  workshop may list the skills its groups share); a level is held only by a person
  inside the skill's unit subtree.
- The person's grade on record (`Person.skill_grade`) follows the newest grade change;
  a back-dated change does not overwrite a newer grade, and a grade goes down only with
  a reason.
- A passed grade exam gives its grade change; a passed skill assessment raises the
  person's level in the skill (never lowers it).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import connections, models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gexin.core.models import GexinModel
from gexin.core.permissions import enclosing_paths, permission_name, scope_filter, scope_paths
from gexin.core.querysets import RestrictedQuerySet
from gexin.core.urls import object_url
from gexin.org.choices import SkillGrade
from gexin.org.models import BilingualName, Person, Unit

__all__ = [
    "Assessment",
    "AssessmentKind",
    "AssessmentResult",
    "GradeChange",
    "Skill",
    "SkillKind",
    "SkillLevel",
    "SkillLevelValue",
]

SKILL_CODE_VALIDATOR = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Use lower-case letters, digits and single hyphens, e.g. thread-cutting."),
)


class SkillKind(models.TextChoices):
    OPERATION = "operation", _("operation")
    MACHINE = "machine", pgettext_lazy("skills", "machine")


class SkillLevelValue(models.IntegerChoices):
    """How well a person masters a skill, from learning it to teaching it."""

    LEARNING = 1, _("learning")
    SUPERVISED = 2, _("works under supervision")
    ALONE = 3, _("works alone")
    TEACHES = 4, _("can teach others")


# From this level on a person may run a machine on their own.
OPERATES_FROM = SkillLevelValue.ALONE


class AssessmentKind(models.TextChoices):
    GRADE_EXAM = "grade_exam", _("grade exam")
    SKILL_ASSESSMENT = "skill_assessment", _("skill assessment")


class AssessmentResult(models.TextChoices):
    PASSED = "passed", _("passed")
    FAILED = "failed", _("failed")


def is_inside(person, unit):
    """True when the person's home unit lies in `unit`'s subtree."""
    return (person.unit_path or person.unit.path).startswith(unit.path)


class SkillQuerySet(RestrictedQuerySet):
    def restrict(self, user, action="view"):
        """As for every model; a skill is also seen by everyone below its unit, since a
        unit's matrix lists the skills of its ancestors too."""
        restricted = super().restrict(user, action)
        if action != "view":
            return restricted
        paths = scope_paths(user, permission_name(self.model, action))
        if not paths:
            return restricted
        above = enclosing_paths(paths)
        return self.filter(
            Q(unit__path__in=above)
            | scope_filter(self.model, "unit__path", paths, connections[self.db].vendor)
        )

    def for_unit(self, unit):
        """The skills a unit's matrix lists: the unit's, its sub-units' and its ancestors'."""
        from gexin.core.permissions import under

        return self.filter(Q(unit__path__in=unit.ancestor_paths()) | under("unit__path", unit.path))


class Skill(BilingualName, GexinModel):
    """An operation (车螺纹) or a machine (大车床) listed in a unit's skills matrix."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="skills"
    )
    code = models.CharField(
        _("code"),
        max_length=50,
        validators=[SKILL_CODE_VALIDATOR],
        help_text=_("Unique within the unit; used by imports and the API, e.g. thread-cutting."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=SkillKind.choices, default=SkillKind.OPERATION
    )
    position = models.PositiveSmallIntegerField(
        _("place in the matrix"), default=0, help_text=_("Lower numbers come first.")
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(
        _("in use"), default=True, help_text=_("Clear when the unit no longer lists the skill.")
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.TextField(_("source"), blank=True)

    objects = SkillQuerySet.as_manager()

    class Meta:
        ordering = ["unit__path", "kind", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "code"], name="people_skill_code_per_unit")
        ]
        verbose_name = pgettext_lazy("skills", "skill")
        verbose_name_plural = _("skills")

    def get_absolute_url(self):
        return object_url("people:skill_detail", self.pk)

    @property
    def kind_label(self):
        return SkillKind(self.kind).label

    def clean(self):
        if self.unit_id and self.code:
            twins = Skill.objects.filter(unit_id=self.unit_id, code=self.code)
            if self.pk:
                twins = twins.exclude(pk=self.pk)
            if twins.exists():
                raise ValidationError({"code": _("The unit already has a skill with this code.")})


class SkillLevel(GexinModel):
    """How well one person masters one skill, as last assessed (its history is the audit)."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="skill_levels"
    )
    skill = models.ForeignKey(
        Skill,
        verbose_name=pgettext_lazy("skills", "skill"),
        on_delete=models.PROTECT,
        related_name="levels",
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=SkillLevelValue.choices)
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        Person,
        verbose_name=_("assessed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)

    scope_path_lookup = "person__unit_path"

    class Meta:
        ordering = ["person__unit_path", "person__name", "skill__code"]
        constraints = [
            models.UniqueConstraint(fields=["person", "skill"], name="people_level_once_per_skill")
        ]
        verbose_name = _("skill level")
        verbose_name_plural = _("skill levels")

    def __str__(self):
        return f"{self.person} · {self.skill} · {self.level_label}"

    def get_absolute_url(self):
        return object_url("people:skilllevel_detail", self.pk)

    @property
    def level_label(self):
        return SkillLevelValue(self.level).label if self.level else ""

    def clean(self):
        errors = {}
        if self.person_id and self.skill_id:
            if not is_inside(self.person, self.skill.unit):
                errors["person"] = _(
                    "%(person)s is not in %(unit)s, whose matrix lists this skill."
                ) % {"person": self.person, "unit": self.skill.unit}
            twins = SkillLevel.objects.filter(person_id=self.person_id, skill_id=self.skill_id)
            if self.pk:
                twins = twins.exclude(pk=self.pk)
            if twins.exists():
                errors["skill"] = _(
                    "This person already has a level in this skill: adjust that one."
                )
            if not self.pk and not self.skill.is_active:
                errors["skill"] = _("This skill is no longer in use.")
        if errors:
            raise ValidationError(errors)


class Assessment(GexinModel):
    """A grade exam (考工) or a skill assessment a person sat, passed or failed.

    A grade exam seeks a grade; a skill assessment checks one skill and the level
    reached. Recorded through `gexin.people.skills.record_assessment`: a passed exam
    gives its grade change, a passed assessment raises the person's level.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="assessments"
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=AssessmentKind.choices,
        default=AssessmentKind.GRADE_EXAM,
    )
    held_on = models.DateField(pgettext_lazy("exam", "held on"))
    grade_sought = models.PositiveSmallIntegerField(
        _("grade sought"),
        choices=SkillGrade.choices,
        null=True,
        blank=True,
        help_text=_("For a grade exam."),
    )
    skill = models.ForeignKey(
        Skill,
        verbose_name=pgettext_lazy("skills", "skill"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        help_text=_("For a skill assessment."),
    )
    level_reached = models.PositiveSmallIntegerField(
        _("level reached"),
        choices=SkillLevelValue.choices,
        null=True,
        blank=True,
        help_text=_("For a skill assessment."),
    )
    score = models.PositiveSmallIntegerField(
        _("score"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Optional, 0 to 100."),
    )
    result = models.CharField(
        pgettext_lazy("exam", "result"), max_length=10, choices=AssessmentResult.choices
    )
    examiners = models.CharField(
        _("examiners"),
        max_length=300,
        blank=True,
        help_text=_("Who examined, e.g. the plant's grade examination committee."),
    )
    note = models.TextField(_("note"), blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.TextField(_("source"), blank=True)

    scope_path_lookup = "person__unit_path"

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["held_on", "kind"])]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self):
        if self.kind == AssessmentKind.GRADE_EXAM and self.grade_sought is not None:
            what = _("%(grade)s exam") % {"grade": SkillGrade(self.grade_sought).label}
        elif self.skill_id:
            what = self.skill.display_name
        else:
            what = AssessmentKind(self.kind).label
        return f"{self.person} · {what} · {self.held_on.isoformat() if self.held_on else ''}"

    def get_absolute_url(self):
        return object_url("people:assessment_detail", self.pk)

    @property
    def kind_label(self):
        return AssessmentKind(self.kind).label

    @property
    def result_label(self):
        return AssessmentResult(self.result).label if self.result else ""

    @property
    def is_passed(self):
        return self.result == AssessmentResult.PASSED

    @property
    def gives_grade(self):
        """True for a passed grade exam: it gives the person the grade sought."""
        return (
            self.kind == AssessmentKind.GRADE_EXAM
            and self.is_passed
            and self.grade_sought is not None
            and self.held_on is not None
        )

    @property
    def stored_grade_change(self):
        """The grade change this exam gave, as stored (None if it gave none)."""
        if not self.pk:
            return None
        return GradeChange.objects.filter(assessment_id=self.pk).first()

    def clean(self):
        from gexin.people import skills as services

        errors = {}
        if self.kind == AssessmentKind.GRADE_EXAM:
            if self.grade_sought is None:
                errors["grade_sought"] = _("Give the grade the exam is for.")
            if self.skill_id:
                errors["skill"] = _("A grade exam is for a grade, not for one skill.")
            if self.level_reached is not None:
                errors["level_reached"] = _("A grade exam reaches a grade, not a skill level.")
        else:
            if not self.skill_id:
                errors["skill"] = _("Give the skill assessed.")
            if self.level_reached is None and self.result == AssessmentResult.PASSED:
                errors["level_reached"] = _("Give the level the person reached.")
            if self.grade_sought is not None:
                errors["grade_sought"] = _("A skill assessment does not seek a grade.")
        if self.person_id and self.skill_id and not is_inside(self.person, self.skill.unit):
            errors["person"] = _(
                "%(person)s is not in %(unit)s, whose matrix lists this skill."
            ) % {"person": self.person, "unit": self.skill.unit}
        if (
            self.person_id
            and self.kind == AssessmentKind.GRADE_EXAM
            and self.grade_sought is not None
            and self.held_on is not None
            and "grade_sought" not in errors
        ):
            before = services.grade_before(self.person, self.held_on, exclude_assessment=self)
            if before is not None and self.grade_sought <= before:
                errors["grade_sought"] = _(
                    "%(person)s already held %(grade)s before this exam; a grade exam seeks a "
                    "higher grade."
                ) % {"person": self.person, "grade": SkillGrade(before).label}
        if not errors:
            problem = services.correction_problem(self)
            if problem:
                errors["result" if self.kind == AssessmentKind.GRADE_EXAM else "kind"] = problem
        if errors:
            raise ValidationError(errors)


class GradeChange(GexinModel):
    """A change of a person's skill grade (技术等级), from a given day: their grade on
    joining, a promotion after a grade exam, a regrading, a correction."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="grade_changes"
    )
    grade = models.PositiveSmallIntegerField(_("skill grade"), choices=SkillGrade.choices)
    effective_on = models.DateField(_("effective on"))
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Required when the grade goes down.")
    )
    assessment = models.OneToOneField(
        Assessment,
        verbose_name=_("grade exam"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grade_change",
        help_text=_("The passed grade exam that gave this grade, if any."),
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.TextField(_("source"), blank=True)

    scope_path_lookup = "person__unit_path"

    class Meta:
        ordering = ["-effective_on", "-pk"]
        indexes = [models.Index(fields=["person", "effective_on"])]
        verbose_name = _("grade change")
        verbose_name_plural = _("grade changes")

    def __str__(self):
        return f"{self.person} · {self.grade_label} · {self.effective_on.isoformat()}"

    def get_absolute_url(self):
        return object_url("people:gradechange_detail", self.pk)

    @property
    def grade_label(self):
        return SkillGrade(self.grade).label if self.grade is not None else ""

    def clean(self):
        from gexin.people import skills as services

        if self.person_id is None or self.grade is None or self.effective_on is None:
            return
        before = services.previous_grade(self)
        if before is not None and self.grade < before and not self.reason.strip():
            raise ValidationError(
                {
                    "reason": _("The grade goes down from %(old)s to %(new)s: give the reason.")
                    % {"old": SkillGrade(before).label, "new": SkillGrade(self.grade).label}
                }
            )
