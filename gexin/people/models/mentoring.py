"""Models of master and apprentice (师傅带徒弟, seed 000 p.10: "the skilled teach the less
skilled, master and apprentice").

An apprenticeship pairs a master with an apprentice in a union group: what the apprentice
is to learn (its goals, each an operation to master by a day, usually a skill of the
skills matrix to reach a level in), and the progress checks the group makes, often at its
weekly production meeting. It ends by completing (every goal reached, or a note on why
not) or by being ended early; both go through `Apprenticeship.complete` and `.end`, never
by assigning the status.

Rules: the master and the apprentice are two people of the group's subtree; an apprentice
has one active apprenticeship at a time, a master may have several apprentices; while it
is active, the master's skill grade is above the apprentice's.

A goal's `reached_on` is set by the keepers (the goal's form or "Mark reached"): when the
apprentice's recorded level in the goal's skill reaches the target, the apprenticeship's
page suggests the goal as reached on the day that level was assessed, and the keeper
confirms it. The level alone does not change the goal, so that each reached goal is
confirmed by someone, and a level later lowered does not silently undo it.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gexin.core.models import GexinModel
from gexin.core.permissions import enclosing_paths
from gexin.core.querysets import RestrictedQuerySet
from gexin.core.urls import object_url
from gexin.org.choices import SkillGrade
from gexin.org.models import Person, Unit
from gexin.people.models.skills import SkillLevelValue

__all__ = [
    "Apprenticeship",
    "ApprenticeshipGoal",
    "ApprenticeshipQuerySet",
    "ApprenticeshipStatus",
    "ProgressCheck",
    "ProgressRating",
]


class ApprenticeshipStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("of an apprenticeship", "active")
    COMPLETED = "completed", pgettext_lazy("of an apprenticeship", "completed")
    ENDED = "ended", pgettext_lazy("of an apprenticeship", "ended early")


class ProgressRating(models.TextChoices):
    BEHIND = "behind", _("behind")
    ON_TRACK = "on_track", _("on track")
    AHEAD = "ahead", _("ahead")


def is_graded_above(master, apprentice):
    """True when both grades are recorded and the master's is the higher."""
    if master.skill_grade is None or apprentice.skill_grade is None:
        return False
    return master.skill_grade > apprentice.skill_grade


def grade_label(person):
    if person.skill_grade is None:
        return _("no grade recorded")
    return SkillGrade(person.skill_grade).label


class ApprenticeshipQuerySet(RestrictedQuerySet):
    def active(self):
        """The apprenticeships still under way."""
        return self.filter(status=ApprenticeshipStatus.ACTIVE)

    def with_goal_counts(self, today=None):
        """Each with `goal_count`, `reached_count` and `overdue_count` (one query)."""
        today = today or datetime.date.today()
        return self.annotate(
            goal_count=models.Count("goals", distinct=True),
            reached_count=models.Count(
                "goals", filter=models.Q(goals__reached_on__isnull=False), distinct=True
            ),
            overdue_count=models.Count(
                "goals",
                filter=models.Q(goals__reached_on__isnull=True, goals__due_on__lt=today),
                distinct=True,
            ),
        )


class Apprenticeship(GexinModel):
    """A master teaching an apprentice (or a young worker) in a union group."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        related_name="apprenticeships",
        help_text=_("The union group the two work in; both belong to it or a unit under it."),
    )
    master = models.ForeignKey(
        Person,
        verbose_name=_("master"),
        on_delete=models.PROTECT,
        related_name="apprenticeships_as_master",
    )
    apprentice = models.ForeignKey(
        Person,
        verbose_name=_("apprentice"),
        on_delete=models.PROTECT,
        related_name="apprenticeships_as_apprentice",
    )
    started_on = models.DateField(_("started on"))
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    ended_on = models.DateField(
        _("ended on"), null=True, blank=True, help_text=_("Set when it is completed or ended.")
    )
    status = models.CharField(
        pgettext_lazy("of an apprenticeship", "status"),
        max_length=20,
        choices=ApprenticeshipStatus.choices,
        default=ApprenticeshipStatus.ACTIVE,
    )
    goal = models.TextField(
        _("aim"),
        blank=True,
        help_text=_("What the apprentice is to learn, in a sentence or two."),
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("How it went: written as it goes or at the end.")
    )
    end_reason = models.TextField(
        _("reason for the end"),
        blank=True,
        help_text=_("Why it ended early, or why some goals were not reached at completion."),
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    scope_path_lookup = "unit__path"

    objects = ApprenticeshipQuerySet.as_manager()

    class Meta:
        ordering = ["unit__path", "-started_on", "pk"]
        verbose_name = _("apprenticeship")
        verbose_name_plural = _("apprenticeships")
        constraints = [
            # An apprentice learns from one master at a time.
            models.UniqueConstraint(
                fields=["apprentice"],
                condition=models.Q(status=ApprenticeshipStatus.ACTIVE),
                name="people_one_active_apprenticeship",
                violation_error_message=_("This apprentice already has an active apprenticeship."),
            )
        ]
        indexes = [models.Index(fields=["status", "started_on"])]

    def __str__(self):
        return f"{self.master} → {self.apprentice}"

    def get_absolute_url(self):
        return object_url("people:apprenticeship_detail", self.pk)

    @property
    def is_active(self):
        return self.status == ApprenticeshipStatus.ACTIVE

    @property
    def status_label(self):
        return ApprenticeshipStatus(self.status).label

    def clean(self):
        errors = {}
        master = self.master if self.master_id else None
        apprentice = self.apprentice if self.apprentice_id else None
        unit = self.unit if self.unit_id else None
        if master is not None and master == apprentice:
            errors["apprentice"] = _("The master and the apprentice must be two different people.")
        if unit is not None:
            for name, person in (("master", master), ("apprentice", apprentice)):
                if person is not None and not person.unit_path.startswith(unit.path):
                    errors.setdefault(name, []).append(
                        _("%(person)s is not in %(unit)s or a unit under it.")
                        % {"person": person, "unit": unit.display_name}
                    )
        if self.status == ApprenticeshipStatus.ACTIVE and "apprentice" not in errors:
            if apprentice is not None:
                other = (
                    Apprenticeship.objects.active()
                    .filter(apprentice=apprentice)
                    .exclude(pk=self.pk)
                    .select_related("master")
                    .first()
                )
                if other is not None:
                    errors["apprentice"] = _(
                        "%(person)s already learns from %(master)s (since %(day)s); complete or "
                        "end that apprenticeship first."
                    ) % {
                        "person": apprentice,
                        "master": other.master,
                        "day": other.started_on.isoformat(),
                    }
            pair = master is not None and apprentice not in (None, master)
            if pair and not is_graded_above(master, apprentice):
                errors.setdefault("master", []).append(
                    _(
                        "The master's skill grade must be above the apprentice's: "
                        "%(master)s is %(master_grade)s, %(apprentice)s is "
                        "%(apprentice_grade)s."
                    )
                    % {
                        "master": master,
                        "master_grade": grade_label(master),
                        "apprentice": apprentice,
                        "apprentice_grade": grade_label(apprentice),
                    }
                )
        if self.started_on and self.planned_end and self.planned_end < self.started_on:
            errors["planned_end"] = _("The planned end cannot be before the start.")
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("An apprenticeship cannot end before it starts.")
        if errors:
            raise ValidationError(errors)

    # The workflow: active → completed, or active → ended early.

    def complete(self, *, on, reason="", today=None):
        """Complete it on the day `on`. Every goal must be reached, or `reason` must say
        why some were not. Raises ValidationError (keyed "on" or "reason")."""
        return self._close(ApprenticeshipStatus.COMPLETED, on=on, reason=reason, today=today)

    def end(self, *, on, reason, today=None):
        """End it early on the day `on`, for the `reason` given (required)."""
        return self._close(ApprenticeshipStatus.ENDED, on=on, reason=reason, today=today)

    @transaction.atomic
    def _close(self, status, *, on, reason, today=None):
        today = today or datetime.date.today()
        reason = (reason or "").strip()
        locked = Apprenticeship._base_manager.select_for_update().get(pk=self.pk)
        if locked.status != ApprenticeshipStatus.ACTIVE:
            raise ValidationError(
                {
                    "on": _("This apprenticeship is already %(status)s.")
                    % {"status": ApprenticeshipStatus(locked.status).label}
                },
                code="status",
            )
        if on > today:
            raise ValidationError({"on": _("The day cannot be in the future.")}, code="future")
        if on < locked.started_on:
            raise ValidationError(
                {
                    "on": _("It cannot end before it started, on %(day)s.")
                    % {"day": locked.started_on.isoformat()}
                },
                code="order",
            )
        if status == ApprenticeshipStatus.COMPLETED:
            open_goals = list(locked.goals.filter(reached_on__isnull=True).order_by("due_on", "pk"))
            if open_goals and not reason:
                raise ValidationError(
                    {
                        "reason": _(
                            "Not every goal is reached (%(goals)s): mark them reached, or say "
                            "why they were not."
                        )
                        % {"goals": "; ".join(goal.description for goal in open_goals)}
                    },
                    code="goals",
                )
        elif not reason:
            raise ValidationError(
                {"reason": _("Give the reason the apprenticeship ends early.")}, code="reason"
            )
        locked.status = status
        locked.ended_on = on
        locked.end_reason = reason
        locked.save()
        self.status, self.ended_on, self.end_reason = locked.status, on, reason
        self.last_updated = locked.last_updated
        return self


class ApprenticeshipGoal(GexinModel):
    """An operation the apprentice is to master by a day (学会什么, 什么时候): usually a
    skill of the matrix to reach a level in."""

    apprenticeship = models.ForeignKey(
        Apprenticeship,
        verbose_name=_("apprenticeship"),
        on_delete=models.CASCADE,
        related_name="goals",
    )
    skill = models.ForeignKey(
        "people.Skill",
        verbose_name=_("skill"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="apprenticeship_goals",
        help_text=_("The operation or machine of the skills matrix, if it is one."),
    )
    description = models.CharField(
        _("goal"),
        max_length=300,
        help_text=_("e.g. turns fine-thread screws with no more than 2 in 100 spoilt."),
    )
    target_level = models.PositiveSmallIntegerField(
        _("target level"),
        choices=SkillLevelValue.choices,
        default=SkillLevelValue.ALONE,
        help_text=_("The level in the skill to reach."),
    )
    due_on = models.DateField(_("due on"))
    reached_on = models.DateField(_("reached on"), null=True, blank=True)

    scope_path_lookup = "apprenticeship__unit__path"

    class Meta:
        ordering = ["apprenticeship", "due_on", "pk"]
        verbose_name = _("apprenticeship goal")
        verbose_name_plural = _("apprenticeship goals")

    def __str__(self):
        return self.description

    def get_absolute_url(self):
        return object_url("people:apprenticeship_detail", self.apprenticeship_id) + "#goals"

    @property
    def is_reached(self):
        return self.reached_on is not None

    def is_overdue(self, today=None):
        """Past its due day and not reached."""
        today = today or datetime.date.today()
        return self.reached_on is None and self.due_on < today

    @property
    def target_level_label(self):
        return SkillLevelValue(self.target_level).label

    def clean(self):
        errors = {}
        apprenticeship = self.apprenticeship if self.apprenticeship_id else None
        if apprenticeship is not None:
            if self._state.adding and not apprenticeship.is_active:
                errors["apprenticeship"] = _(
                    "The apprenticeship is %(status)s: no goal can be added to it."
                ) % {"status": apprenticeship.status_label}
            if self.due_on and self.due_on < apprenticeship.started_on:
                errors["due_on"] = _(
                    "A goal cannot be due before the apprenticeship starts (%(day)s)."
                ) % {"day": apprenticeship.started_on.isoformat()}
            if self.skill_id:
                unit_path = apprenticeship.unit.path
                skill_path = self.skill.unit.path
                if skill_path not in enclosing_paths([unit_path]) and not skill_path.startswith(
                    unit_path
                ):
                    errors["skill"] = _(
                        "The skill belongs to %(unit)s: choose one of the group's skills or "
                        "of a unit above it."
                    ) % {"unit": self.skill.unit.display_name}
        if self.reached_on and self.reached_on > datetime.date.today():
            errors["reached_on"] = _("A goal cannot be reached in the future.")
        if errors:
            raise ValidationError(errors)


class ProgressCheck(GexinModel):
    """A check of how the apprentice is getting on, often at the group's weekly meeting
    ("每週生產會議 … 進行技術互助", seed 000 p.10)."""

    apprenticeship = models.ForeignKey(
        Apprenticeship,
        verbose_name=_("apprenticeship"),
        on_delete=models.CASCADE,
        related_name="checks",
    )
    checked_on = models.DateField(_("checked on"))
    checked_by = models.ForeignKey(
        Person,
        verbose_name=_("checked by"),
        on_delete=models.PROTECT,
        related_name="progress_checks",
    )
    rating = models.CharField(
        _("progress"),
        max_length=20,
        choices=ProgressRating.choices,
        default=ProgressRating.ON_TRACK,
    )
    note = models.TextField(_("note"), blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("reviewed at the meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_checks",
        help_text=_("The meeting of the group (or of a unit above it) where it was reviewed."),
    )

    scope_path_lookup = "apprenticeship__unit__path"

    class Meta:
        ordering = ["apprenticeship", "-checked_on", "-pk"]
        verbose_name = _("progress check")
        verbose_name_plural = _("progress checks")

    def __str__(self):
        return f"{self.apprenticeship.apprentice} · {self.checked_on.isoformat()}"

    def get_absolute_url(self):
        return object_url("people:apprenticeship_detail", self.apprenticeship_id) + "#checks"

    @property
    def rating_label(self):
        return ProgressRating(self.rating).label

    def clean(self):
        from gexin.meetings.choices import MeetingStatus

        errors = {}
        apprenticeship = self.apprenticeship if self.apprenticeship_id else None
        if self.checked_on and self.checked_on > datetime.date.today():
            errors["checked_on"] = _("A check cannot be dated in the future.")
        if apprenticeship is not None:
            unit = apprenticeship.unit
            if self.checked_on and self.checked_on < apprenticeship.started_on:
                errors["checked_on"] = _(
                    "The apprenticeship started on %(day)s; a check cannot come before it."
                ) % {"day": apprenticeship.started_on.isoformat()}
            elif (
                self.checked_on
                and apprenticeship.ended_on
                and (self.checked_on > apprenticeship.ended_on)
            ):
                errors["checked_on"] = _(
                    "The apprenticeship ended on %(day)s; a check cannot come after it."
                ) % {"day": apprenticeship.ended_on.isoformat()}
            if self.checked_by_id:
                path = self.checked_by.unit_path
                if not path.startswith(unit.path) and path not in enclosing_paths([unit.path]):
                    errors["checked_by"] = _(
                        "%(person)s is neither in %(unit)s nor in a unit above it."
                    ) % {"person": self.checked_by, "unit": unit.display_name}
            if self.meeting_id:
                meeting = self.meeting
                if meeting.unit.path not in enclosing_paths([unit.path]):
                    errors["meeting"] = _(
                        "The meeting is one of %(meeting_unit)s: choose a meeting of %(unit)s "
                        "or of a unit above it."
                    ) % {"meeting_unit": meeting.unit.display_name, "unit": unit.display_name}
                elif meeting.status == MeetingStatus.CANCELLED:
                    errors["meeting"] = _("That meeting was cancelled.")
                elif self.checked_on and meeting.day < self.checked_on:
                    errors["meeting"] = _(
                        "The meeting was on %(day)s, before the check: choose that day's "
                        "meeting or a later one."
                    ) % {"day": meeting.day.isoformat()}
        if errors:
            raise ValidationError(errors)
