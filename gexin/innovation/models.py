"""Technical innovation: campaigns, problems, key issues, teams, trials, regulations,
bottleneck chains and experimental fields.

Seed 001: a plant finds hundreds of problems in a few days, ranks the decisive ones as
key issues, attacks each in one of five ways, settles disputed rules by measurement and
revises the conservative ones; improving one process exposes the next weak link.
Everything here belongs to a campaign or to a unit's standing work (campaign empty).
"""

import datetime
import re
import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gexin.core.models import GexinModel
from gexin.core.permissions import PATH_STEP, scope_paths, scope_q
from gexin.core.querysets import RestrictedQuerySet
from gexin.core.urls import object_url
from gexin.innovation.choices import (
    AttackMethod,
    Direction,
    FieldEntryKind,
    KeyIssueStatus,
    ProblemCategory,
    ProblemStatus,
    RegulationKind,
    TeamKind,
    TrialArm,
    TrialDesign,
    VersionStatus,
)
from gexin.org.models import Person, Unit

FIGURE = {"max_digits": 18, "decimal_places": 4}
FIGURE_STEP = Decimal("0.0001")


def campaign_field(related_name):
    return models.ForeignKey(
        "innovation.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        help_text=_("Empty for the unit's standing work."),
    )


def unit_field(related_name, verbose_name=None, help_text=""):
    return models.ForeignKey(
        Unit,
        verbose_name=verbose_name or _("unit"),
        on_delete=models.PROTECT,
        related_name=related_name,
        help_text=help_text,
    )


class CampaignQuerySet(RestrictedQuerySet):
    def restrict(self, user, action="view"):
        """As for every model; a campaign is also seen by everyone inside its unit, who
        all take part in it (a plant's campaign reaches every group of the plant)."""
        restricted = super().restrict(user, action)
        if action != "view":
            return restricted
        paths = scope_paths(user, "innovation.view_campaign")
        if not paths:
            return restricted
        enclosing = {p[:end] for p in paths for end in range(PATH_STEP, len(p) + 1, PATH_STEP)}
        return self.filter(Q(pk__in=restricted.values("pk")) | Q(unit__path__in=enclosing))


class Campaign(GexinModel):
    """A mass campaign of technical innovation in a unit's subtree, with a period and a goal."""

    unit = unit_field("campaigns", help_text=_("The campaign covers this unit and all below it."))
    title = models.CharField(_("title"), max_length=200)
    goal = models.TextField(_("goal"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return object_url("innovation:campaign_detail", self.pk)

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A campaign cannot end before it starts.")})

    def is_running(self, today=None):
        today = today or datetime.date.today()
        return self.starts_on <= today <= self.ends_on


class Problem(GexinModel):
    """A problem posted by anyone in scope, signed, as on a wall of big-character posters.

    Others support it and comment on it. A duplicate is merged into another problem,
    which then carries every author and supporter of both; the merge is recorded.
    """

    campaign = campaign_field("problems")
    unit = unit_field("problems", help_text=_("Where the problem is."))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=ProblemCategory.choices,
        default=ProblemCategory.TECHNICAL,
    )
    authors = models.ManyToManyField(
        Person, verbose_name=_("signed by"), related_name="problems_posted"
    )
    supporters = models.ManyToManyField(
        Person, verbose_name=_("supporters"), blank=True, related_name="problems_supported"
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    posted_on = models.DateField(_("posted on"), default=datetime.date.today)
    status = models.CharField(
        pgettext_lazy("of a problem", "status"),
        max_length=10,
        choices=ProblemStatus.choices,
        default=ProblemStatus.POSTED,
        editable=False,
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="merged_problems",
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["-posted_on", "-pk"]
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        indexes = [models.Index(fields=["campaign", "posted_on"], name="innovation_problem_day")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return object_url("innovation:problem_detail", self.pk)

    @property
    def category_label(self):
        return ProblemCategory(self.category).label

    @property
    def status_label(self):
        return ProblemStatus(self.status).label

    @property
    def is_merged(self):
        return self.status == ProblemStatus.MERGED

    def toggle_support(self, person):
        """Add the person's support, or take it back; True when they now support it."""
        if self.is_merged:
            raise ValidationError(_("This problem was merged into another; support that one."))
        if self.supporters.filter(pk=person.pk).exists():
            self.supporters.remove(person)
            return False
        self.supporters.add(person)
        return True

    def merge_into(self, target, by, note=""):
        """Merge this duplicate into `target`, which keeps every author, supporter,
        comment, attachment and key-issue link of both; the merge is recorded."""
        if target.pk == self.pk:
            raise ValidationError(_("A problem cannot be merged into itself."))
        if self.is_merged:
            raise ValidationError(_("This problem has already been merged into another."))
        if target.is_merged:
            raise ValidationError(
                _("%(problem)s was itself merged; merge into the problem it went into.")
                % {"problem": target}
            )
        if target.campaign_id != self.campaign_id:
            raise ValidationError(_("Only problems of the same campaign can be merged."))
        authors = set(target.authors.values_list("pk", flat=True))
        supporters = set(target.supporters.values_list("pk", flat=True))
        new_authors = set(self.authors.values_list("pk", flat=True)) - authors
        new_supporters = set(self.supporters.values_list("pk", flat=True)) - supporters
        target.authors.add(*new_authors)
        target.supporters.add(*new_supporters)
        self.comments.update(problem=target)
        self.attachments.update(problem=target)
        for key_issue in self.key_issues.all():
            key_issue.problems.add(target)
        self.status = ProblemStatus.MERGED
        self.merged_into = target
        self.save()
        if target.status == ProblemStatus.POSTED and target.key_issues.exists():
            target.status = ProblemStatus.RANKED
            target.save()
        return ProblemMerge.objects.create(
            duplicate=self,
            into=target,
            merged_by=by,
            note=note,
            authors_added=len(new_authors),
            supporters_added=len(new_supporters),
        )


class ProblemComment(GexinModel):
    """A signed comment under a problem."""

    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        Person, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("comment"))

    scope_path_lookup = "problem__unit__path"

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return self.text[:60]

    def get_absolute_url(self):
        return self.problem.get_absolute_url()


class ProblemMerge(GexinModel):
    """The record of a duplicate problem merged into another."""

    duplicate = models.ForeignKey(
        Problem, verbose_name=_("duplicate"), on_delete=models.CASCADE, related_name="+"
    )
    into = models.ForeignKey(
        Problem, verbose_name=_("merged into"), on_delete=models.CASCADE, related_name="merges"
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("merged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    authors_added = models.PositiveIntegerField(_("authors added"), default=0)
    supporters_added = models.PositiveIntegerField(_("supporters added"), default=0)

    scope_path_lookup = "into__unit__path"

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")

    def __str__(self):
        return f"{self.duplicate} → {self.into}"

    def get_absolute_url(self):
        return self.into.get_absolute_url()


class ResearchTeam(GexinModel):
    """A youth shock team, key-issue team, veterans' vanguard team or research group."""

    campaign = campaign_field("teams")
    unit = unit_field("research_teams")
    name = models.CharField(pgettext_lazy("of a team", "name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=TeamKind.choices, default=TeamKind.KEY_ISSUE
    )
    leader = models.ForeignKey(
        Person,
        verbose_name=_("leader"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="teams_led",
    )
    members = models.ManyToManyField(
        Person, verbose_name=_("members"), blank=True, related_name="research_teams"
    )
    formed_on = models.DateField(_("formed on"), default=datetime.date.today)
    note = models.TextField(_("note"), blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["unit__path", "name"]
        verbose_name = _("research team")
        verbose_name_plural = _("research teams")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return object_url("innovation:researchteam_detail", self.pk)

    @property
    def kind_label(self):
        return TeamKind(self.kind).label


def enclosing_plant_paths(paths):
    """The paths of the plants and enterprises that contain (or are) any of `paths`."""
    from gexin.org.choices import UnitKind

    enclosing = {p[:end] for p in paths for end in range(PATH_STEP, len(p) + 1, PATH_STEP)}
    return list(
        Unit.objects.filter(
            path__in=enclosing, kind__in=(UnitKind.PLANT, UnitKind.ENTERPRISE)
        ).values_list("path", flat=True)
    )


class KeyIssueQuerySet(RestrictedQuerySet):
    def restrict(self, user, action="view"):
        """As for every model; a technical fortress is also seen, and can be attacked, by
        everyone in the plant it belongs to: it is posted for the whole plant."""
        restricted = super().restrict(user, action)
        if action != "view":
            return restricted
        paths = scope_paths(user, "innovation.view_keyissue")
        if not paths:
            return restricted
        plants = enclosing_plant_paths(paths)
        if not plants:
            return restricted
        from django.db import connections

        fortresses = self.filter(
            scope_q("unit__path", plants, connections[self.db].vendor), is_fortress=True
        ).values("pk")
        return self.filter(Q(pk__in=restricted.values("pk")) | Q(pk__in=fortresses))


class KeyIssue(GexinModel):
    """A decisive problem, ranked from one or more posted problems and attacked in one of
    the five ways, with an owner, a due date and a status.

    open → under attack → solved → verified; a failed verification reopens it. Moves
    happen only through `set_status`, which checks TRANSITIONS.
    """

    TRANSITIONS = {
        KeyIssueStatus.OPEN: {KeyIssueStatus.UNDER_ATTACK, KeyIssueStatus.SOLVED},
        KeyIssueStatus.UNDER_ATTACK: {KeyIssueStatus.SOLVED},
        KeyIssueStatus.SOLVED: {KeyIssueStatus.VERIFIED, KeyIssueStatus.REOPENED},
        KeyIssueStatus.REOPENED: {KeyIssueStatus.UNDER_ATTACK, KeyIssueStatus.SOLVED},
        KeyIssueStatus.VERIFIED: set(),
    }

    campaign = campaign_field("key_issues")
    unit = unit_field("key_issues", help_text=_("Where the key issue is."))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    problems = models.ManyToManyField(
        Problem, verbose_name=_("from the problems"), blank=True, related_name="key_issues"
    )
    ranked_on = models.DateField(_("ranked on"), default=datetime.date.today)
    priority = models.PositiveSmallIntegerField(
        _("priority"), default=2, help_text=_("1 is the most urgent.")
    )
    method = models.CharField(
        _("attack method"), max_length=12, choices=AttackMethod.choices, default=AttackMethod.UNIT
    )
    owner_unit = models.ForeignKey(
        Unit,
        verbose_name=_("owned by unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_key_issues",
    )
    owner_team = models.ForeignKey(
        ResearchTeam,
        verbose_name=_("owned by team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_issues",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        pgettext_lazy("of a key issue", "status"),
        max_length=14,
        choices=KeyIssueStatus.choices,
        default=KeyIssueStatus.OPEN,
        editable=False,
    )
    is_fortress = models.BooleanField(
        _("posted as a technical fortress"),
        default=False,
        help_text=_("Posted publicly, with text and pictures, for everyone to attack."),
    )
    solution = models.TextField(_("solution"), blank=True, editable=False)
    solved_on = models.DateField(_("solved on"), null=True, blank=True, editable=False)
    verified_on = models.DateField(_("verified on"), null=True, blank=True, editable=False)
    verification_note = models.TextField(_("verification"), blank=True, editable=False)
    proposals = models.ManyToManyField(
        "meetings.Proposal",
        verbose_name=_("proposals"),
        blank=True,
        related_name="key_issues",
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    objects = KeyIssueQuerySet.as_manager()

    class Meta:
        ordering = ["priority", "due_on", "pk"]
        verbose_name = _("key issue")
        verbose_name_plural = _("key issues")
        indexes = [models.Index(fields=["campaign", "status"], name="innovation_keyissue_status")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return object_url("innovation:keyissue_detail", self.pk)

    @property
    def is_solved(self):
        return self.status in (KeyIssueStatus.SOLVED, KeyIssueStatus.VERIFIED)

    def is_overdue(self, today=None):
        return (
            not self.is_solved
            and self.due_on is not None
            and self.due_on < (today or datetime.date.today())
        )

    def clean(self):
        if self.method == AttackMethod.COMMITTEE and self.owner_team_id:
            raise ValidationError(
                {"owner_team": _("A key issue the technical committee takes has no team owner.")}
            )
        if self.method == AttackMethod.RESEARCH and not self.owner_team_id:
            raise ValidationError(
                {"owner_team": _("Name the team that carries out the technical research.")}
            )

    @property
    def status_label(self):
        return KeyIssueStatus(self.status).label

    @property
    def method_label(self):
        return AttackMethod(self.method).label

    @property
    def owner_label(self):
        """Who attacks it: the technical committee, a team or a unit."""
        if self.method == AttackMethod.COMMITTEE:
            return str(_("the technical committee"))
        if self.owner_team_id:
            return str(self.owner_team)
        if self.owner_unit_id:
            return str(self.owner_unit)
        return ""

    def allows(self, status):
        return status in self.TRANSITIONS[KeyIssueStatus(self.status)]

    def _move(self, status):
        if not self.allows(status):
            raise ValidationError(
                _("This key issue is %(status)s; it cannot become %(target)s.")
                % {"status": self.status_label, "target": KeyIssueStatus(status).label}
            )

    @staticmethod
    def _check_day(on, earliest, what):
        if on > datetime.date.today():
            raise ValidationError(_("%(what)s cannot be dated in the future.") % {"what": what})
        if earliest is not None and on < earliest:
            raise ValidationError(
                _("%(what)s cannot be dated before %(day)s.")
                % {"what": what, "day": earliest.isoformat()}
            )

    def start_attack(self):
        """Someone has taken it on: open or reopened → under attack."""
        self._move(KeyIssueStatus.UNDER_ATTACK)
        self.status = KeyIssueStatus.UNDER_ATTACK
        self.save()

    def solve(self, solution, on=None):
        """Record the solution; it is then verified (or reopened) by a check."""
        on = on or datetime.date.today()
        self._move(KeyIssueStatus.SOLVED)
        if not (solution or "").strip():
            raise ValidationError(_("Say how it was solved."))
        self._check_day(on, self.ranked_on, _("A solution"))
        self.status = KeyIssueStatus.SOLVED
        self.solution = solution.strip()
        self.solved_on = on
        self.verified_on = None
        self.save()

    def verify(self, passed, note, on=None):
        """The check of a solved key issue: it holds (verified) or fails (reopened)."""
        on = on or datetime.date.today()
        target = KeyIssueStatus.VERIFIED if passed else KeyIssueStatus.REOPENED
        self._move(target)
        if not passed and not (note or "").strip():
            raise ValidationError(_("Say why the solution failed its check."))
        self._check_day(on, self.solved_on, _("A verification"))
        self.status = target
        self.verification_note = (note or "").strip()
        self.verified_on = on if passed else None
        self.save()


class Attachment(GexinModel):
    """A photo or file attached to a problem, a key issue or a proposed solution.

    Stored under a generated name; the original name is kept for display only.
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", editable=False)
    problem = models.ForeignKey(
        Problem,
        verbose_name=_("problem"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    key_issue = models.ForeignKey(
        KeyIssue,
        verbose_name=_("key issue"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to="innovation/%Y/%m/", max_length=200)
    original_name = models.CharField(_("file name"), max_length=200, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0, editable=False)
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.caption or self.original_name

    def get_absolute_url(self):
        return object_url("innovation:attachment_download", self.pk)

    @property
    def is_image(self):
        return self.content_type.startswith("image/")

    @staticmethod
    def generated_name(original):
        """A random stored name keeping only a known, lower-case extension."""
        suffix = PurePath(original).suffix.lower()
        return uuid.uuid4().hex + (suffix if suffix[1:].isalnum() and len(suffix) <= 6 else "")

    def save(self, *args, **kwargs):
        parent = self.problem or self.key_issue
        if parent is not None:
            self.unit_id = parent.unit_id
        super().save(*args, **kwargs)


class ProposedSolution(GexinModel):
    """Anyone's proposed solution to a key issue posted as a technical fortress."""

    key_issue = models.ForeignKey(
        KeyIssue,
        verbose_name=_("key issue"),
        on_delete=models.CASCADE,
        related_name="proposed_solutions",
    )
    author = models.ForeignKey(
        Person, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("proposed solution"))

    scope_path_lookup = "key_issue__unit__path"

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("proposed solution")
        verbose_name_plural = _("proposed solutions")

    def __str__(self):
        return self.text[:60]

    def get_absolute_url(self):
        return self.key_issue.get_absolute_url()


class Trial(GexinModel):
    """A measured comparison: before and after a change, or two settings side by side.

    E.g. seed 001's week of measurement of 13 passes against the 12 the regulation
    allowed. The analysis (gexin.innovation.analysis) is computed from the observations.
    """

    campaign = campaign_field("trials")
    unit = unit_field("trials")
    key_issue = models.ForeignKey(
        KeyIssue,
        verbose_name=_("key issue"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trials",
    )
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question"), blank=True, help_text=_("What the trial settles."))
    design = models.CharField(
        _("design"), max_length=14, choices=TrialDesign.choices, default=TrialDesign.BEFORE_AFTER
    )
    baseline_label = models.CharField(
        _("baseline"), max_length=100, default="before", help_text=_("e.g. 12 passes")
    )
    changed_label = models.CharField(
        _("changed"), max_length=100, default="after", help_text=_("e.g. 13 passes")
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("trial")
        verbose_name_plural = _("trials")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return object_url("innovation:trial_detail", self.pk)

    def clean(self):
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("A trial cannot end before it starts.")})

    @property
    def comparing(self):
        return f"{self.side_label(TrialArm.BASELINE)} → {self.side_label(TrialArm.CHANGED)}"

    def side_label(self, arm):
        """The trial's own name for a side ("12 passes"), else the side's generic name."""
        label = self.baseline_label if arm == TrialArm.BASELINE else self.changed_label
        return label or TrialArm(arm).label

    def analyses(self):
        """[(variable, Analysis)] for every measured variable, in order."""
        variables = self.variables.prefetch_related("observations")
        return [(variable, variable.analysis()) for variable in variables]


class TrialVariable(GexinModel):
    """One measured variable of a trial, e.g. motor current (A) or output per shift (t)."""

    trial = models.ForeignKey(
        Trial, verbose_name=_("trial"), on_delete=models.CASCADE, related_name="variables"
    )
    name = models.CharField(pgettext_lazy("of a variable", "name"), max_length=100)
    measured_in = models.CharField(_("measured in"), max_length=30, blank=True)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    limit = models.DecimalField(
        _("limit"),
        null=True,
        blank=True,
        help_text=_("A safe limit the changed setting must stay within, if any."),
        **FIGURE,
    )
    metric = models.ForeignKey(
        "plans.Metric",
        verbose_name=_("metric"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("To take observations from the production records."),
    )

    scope_path_lookup = "trial__unit__path"

    class Meta:
        ordering = ["trial", "pk"]
        verbose_name = _("measured variable")
        verbose_name_plural = _("measured variables")
        constraints = [
            models.UniqueConstraint(fields=["trial", "name"], name="innovation_variable_name")
        ]

    def __str__(self):
        return f"{self.name} ({self.measured_in})" if self.measured_in else self.name

    def get_absolute_url(self):
        return self.trial.get_absolute_url() + f"#variable-{self.pk}"

    def values(self, arm):
        """The observed values of one side (read from a prefetch when there is one)."""
        return [obs.value for obs in self.observations.all() if obs.arm == arm]

    def analysis(self):
        """The computed comparison of the two sides (gexin.innovation.analysis)."""
        from gexin.innovation.analysis import analyse

        trial = self.trial
        return analyse(
            self.values(TrialArm.BASELINE),
            self.values(TrialArm.CHANGED),
            direction=self.direction,
            limit=self.limit,
            labels=(trial.side_label(TrialArm.BASELINE), trial.side_label(TrialArm.CHANGED)),
            measured_in=self.measured_in,
        )


class Observation(GexinModel):
    """One measured value of a variable on one side of a trial."""

    variable = models.ForeignKey(
        TrialVariable,
        verbose_name=_("variable"),
        on_delete=models.CASCADE,
        related_name="observations",
    )
    arm = models.CharField(_("side"), max_length=1, choices=TrialArm.choices)
    value = models.DecimalField(_("value"), **FIGURE)
    observed_on = models.DateField(_("observed on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    scope_path_lookup = "variable__trial__unit__path"

    class Meta:
        ordering = ["variable", "arm", "observed_on", "pk"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")

    def __str__(self):
        return f"{self.variable.name} {self.get_arm_display()} {self.value}"

    def get_absolute_url(self):
        return self.variable.get_absolute_url()

    @staticmethod
    def identity(variable_id, arm, value, observed_on, note):
        """What makes two observations the same one: variable, side, value, day and note.

        Imports and records add an observation only when the trial does not hold it
        already, so loading the same file or the same days twice changes nothing.
        """
        return (variable_id, arm, Decimal(value).quantize(FIGURE_STEP), observed_on, note.strip())

    def key(self):
        return self.identity(self.variable_id, self.arm, self.value, self.observed_on, self.note)

    @property
    def value_text(self):
        """The value without trailing zeros: 40, not 40.0000."""
        return format(Decimal(self.value).normalize(), "f")

    @property
    def note_display(self):
        """The note, with the mark of an observation taken from the records in words."""
        from gexin.innovation.trials import records_unit

        code = records_unit(self.note)
        if code is None:
            return self.note
        return _("from the records of %(unit)s") % {"unit": code}


class Regulation(GexinModel):
    """An operating regulation or rule of a unit, made of clauses and versioned."""

    unit = unit_field("regulations")
    code = models.CharField(_("code"), max_length=50, blank=True)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=10, choices=RegulationKind.choices, default=RegulationKind.OPERATING
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["unit__path", "code", "title"]
        verbose_name = _("regulation")
        verbose_name_plural = _("regulations")

    def __str__(self):
        return f"{self.code} {self.title}".strip()

    def get_absolute_url(self):
        return object_url("innovation:regulation_detail", self.pk)

    def current_version(self):
        """The approved version in force, or None."""
        return self.versions.filter(status=VersionStatus.APPROVED).order_by("-number").first()

    def open_draft(self):
        """The version being drafted or awaiting its decision, or None (there is at most one)."""
        return self.versions.filter(status=VersionStatus.DRAFT).order_by("-number").first()

    def start_revision(self, user, **fields):
        """A new draft version whose clauses are copied from the version in force.

        Without a version in force (the first one was rejected) the latest version's
        clauses are copied. Only one draft may be open at a time.
        """
        with transaction.atomic():
            # Locks the regulation so two people cannot open two drafts at once.
            Regulation.objects.select_for_update().filter(pk=self.pk).first()
            draft = self.open_draft()
            if draft is not None:
                raise ValidationError(
                    _(
                        "Version %(number)s is still a draft or awaits its decision: "
                        "finish it first."
                    )
                    % {"number": draft.number}
                )
            base = self.current_version() or self.versions.order_by("-number").first()
            latest = self.versions.aggregate(models.Max("number"))["number__max"] or 0
            version = RegulationVersion(
                regulation=self, number=latest + 1, drafted_by=user, **fields
            )
            version.full_clean(exclude=["regulation", "drafted_by"])
            version.save()
            if base is not None:
                for clause in base.ordered_clauses():
                    Clause.objects.create(version=version, number=clause.number, text=clause.text)
        return version


class RegulationVersion(GexinModel):
    """One version of a regulation. A revision cites its reason and evidence (usually a
    trial) and is approved by the unit's manager or technical committee."""

    regulation = models.ForeignKey(
        Regulation, verbose_name=_("regulation"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"), editable=False)
    status = models.CharField(
        pgettext_lazy("of a regulation version", "status"),
        max_length=10,
        choices=VersionStatus.choices,
        default=VersionStatus.DRAFT,
        editable=False,
    )
    reason = models.TextField(_("reason for the revision"), blank=True)
    trial = models.ForeignKey(
        Trial,
        verbose_name=_("evidence (trial)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
    )
    evidence_note = models.TextField(_("other evidence"), blank=True)
    key_issue = models.ForeignKey(
        KeyIssue,
        verbose_name=_("key issue"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="revisions",
    )
    campaign = campaign_field("revisions")
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True, editable=False)
    decision_note = models.TextField(_("decision"), blank=True, editable=False)
    submitted_at = models.DateTimeField(
        _("submitted for approval"), null=True, blank=True, editable=False
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    scope_path_lookup = "regulation__unit__path"

    class Meta:
        ordering = ["regulation", "-number"]
        verbose_name = _("regulation version")
        verbose_name_plural = _("regulation versions")
        permissions = [("approve_regulationversion", "Can approve a regulation revision")]
        constraints = [
            models.UniqueConstraint(
                fields=["regulation", "number"], name="innovation_regulation_version"
            )
        ]

    def __str__(self):
        return f"{self.regulation} v{self.number}"

    def get_absolute_url(self):
        return object_url("innovation:regulationversion_detail", self.pk)

    def previous(self):
        return self.regulation.versions.filter(number__lt=self.number).order_by("-number").first()

    def ordered_clauses(self):
        """The clauses in the order of their numbers: 2 before 10, 3.1 before 3.2."""
        return sorted(self.clauses.all(), key=lambda clause: clause_key(clause.number))

    @property
    def short_reason(self):
        return self.reason if len(self.reason) <= 80 else self.reason[:79] + "…"

    @property
    def is_revision(self):
        """Every version after the first changes a rule in force, so it needs its reasons."""
        return self.number is not None and self.number > 1

    @property
    def is_submitted(self):
        return self.status == VersionStatus.DRAFT and self.submitted_at is not None

    @property
    def is_editable(self):
        """Only a draft not yet submitted may be changed."""
        return self.status == VersionStatus.DRAFT and self.submitted_at is None

    @property
    def stage_label(self):
        if self.is_submitted:
            return _("awaiting approval")
        return VersionStatus(self.status).label

    @property
    def has_evidence(self):
        return self.trial_id is not None or bool(self.evidence_note.strip())

    def check_editable(self):
        """Refuse a change of a version that is no longer a draft being written."""
        if self.status == VersionStatus.DRAFT and self.submitted_at is not None:
            raise ValidationError(
                _(
                    "This version awaits its decision and cannot be changed; if it needs "
                    "changes, the approver rejects it with a note and a new revision is drafted."
                )
            )
        if self.status != VersionStatus.DRAFT:
            raise ValidationError(
                _("A %(status)s version cannot be changed; draft a new revision instead.")
                % {"status": VersionStatus(self.status).label}
            )

    def missing_for_decision(self):
        """What the version still lacks before it can be submitted or approved."""
        missing = []
        if self.is_revision and not self.reason.strip():
            missing.append(_("A revision must give its reason."))
        if self.is_revision and not self.has_evidence:
            missing.append(
                _("A revision must cite its evidence: a trial, or a written evidence note.")
            )
        if not self.clauses.exists():
            missing.append(_("The version has no clauses."))
        return missing

    def may_decide(self, user):
        """True when `user` holds the approval right on the regulation's unit."""
        from gexin.core.permissions import is_path_in_scope

        return is_path_in_scope(user, RegulationVersion, "approve", self.regulation.unit.path)

    def submit(self, user):
        """Submit the draft for approval, once it gives its reason and evidence."""
        if not self.is_editable:
            if self.is_submitted:
                raise ValidationError(_("This version has already been submitted for approval."))
            self.check_editable()
        missing = self.missing_for_decision()
        if missing:
            raise ValidationError(missing)
        self.submitted_at = timezone.now()
        self.submitted_by = user
        self.save()

    def approve(self, user, note="", on=None):
        """Put the version in force; the version it replaces is superseded."""
        self._check_decision(user)
        missing = self.missing_for_decision()
        if missing:
            raise ValidationError(missing)
        with transaction.atomic():
            replaced = self.regulation.versions.select_for_update().filter(
                status=VersionStatus.APPROVED
            )
            for old in replaced.exclude(pk=self.pk):
                old.status = VersionStatus.SUPERSEDED
                old.save()
            self.status = VersionStatus.APPROVED
            self.approved_by = user
            self.approved_on = on or timezone.localdate()
            self.decision_note = note.strip()
            self.save()

    def reject(self, user, note, on=None):
        """Refuse the revision, saying why; the version in force stays in force."""
        self._check_decision(user)
        if not note.strip():
            raise ValidationError(_("Say why the revision is rejected."))
        self.status = VersionStatus.REJECTED
        self.approved_by = user
        self.approved_on = on or timezone.localdate()
        self.decision_note = note.strip()
        self.save()

    def _check_decision(self, user):
        if self.status != VersionStatus.DRAFT:
            raise ValidationError(
                _("This version is %(status)s already; only a submitted draft is decided on.")
                % {"status": VersionStatus(self.status).label}
            )
        if self.submitted_at is None:
            raise ValidationError(_("The draft must be submitted for approval first."))
        if not self.may_decide(user):
            raise ValidationError(
                _(
                    "Only the unit's manager, a technical committee member or an "
                    "administrator may decide on a revision."
                )
            )


class Clause(GexinModel):
    """One numbered clause of a regulation version."""

    version = models.ForeignKey(
        RegulationVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="clauses",
    )
    number = models.CharField(_("clause"), max_length=20)
    text = models.TextField(_("text"))

    scope_path_lookup = "version__regulation__unit__path"

    class Meta:
        ordering = ["version", "pk"]
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="innovation_clause_number")
        ]

    def __str__(self):
        return f"{self.number} {self.text[:60]}"

    def get_absolute_url(self):
        return self.version.get_absolute_url()

    def save(self, *args, **kwargs):
        # A version in force, or awaiting its decision, keeps the clauses it was given.
        RegulationVersion.objects.get(pk=self.version_id).check_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        RegulationVersion.objects.get(pk=self.version_id).check_editable()
        return super().delete(*args, **kwargs)


def clause_key(number):
    """A sort key for clause numbers: "2" before "10", "3.1" before "3.2", "第3条" too."""
    parts = re.split(r"([0-9]+)", number.strip())
    return [
        (0, int(part), "") if part.isascii() and part.isdigit() else (1, 0, part)
        for part in parts
        if part
    ]


class ProductionLine(GexinModel):
    """A production line described as stations in order, each with its capacity."""

    unit = unit_field("production_lines")
    name = models.CharField(pgettext_lazy("of a production line", "name"), max_length=200)
    measured_in = models.CharField(
        _("capacity measured in"), max_length=30, default="t/day", help_text=_("e.g. t/day")
    )
    description = models.TextField(_("description"), blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["unit__path", "name"]
        verbose_name = _("production line")
        verbose_name_plural = _("production lines")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return object_url("innovation:productionline_detail", self.pk)

    def chain(self, stations=None):
        """The line's chain of bottlenecks now (see gexin.innovation.bottlenecks)."""
        from gexin.innovation.bottlenecks import Link, analyse

        stations = self.stations.all() if stations is None else stations
        return analyse(Link(station.pk, station.name, station.capacity) for station in stations)


class Station(GexinModel):
    """A station of a line (forging, heating furnace…) with its capacity, entered or
    derived from the production records of a unit and metric."""

    line = models.ForeignKey(
        ProductionLine, verbose_name=_("line"), on_delete=models.CASCADE, related_name="stations"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    name = models.CharField(pgettext_lazy("of a station", "name"), max_length=100)
    capacity = models.DecimalField(_("capacity"), null=True, blank=True, **FIGURE)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("records of unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    metric = models.ForeignKey(
        "plans.Metric",
        verbose_name=_("records of metric"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "With a unit, derive the capacity from the best daily output in its records "
            "of the last 30 days."
        ),
    )
    # Where a derived capacity came from, written by gexin.innovation.lines.
    records_from = models.DateField(_("records from"), null=True, blank=True, editable=False)
    records_to = models.DateField(_("records to"), null=True, blank=True, editable=False)
    best_day = models.DateField(_("best day"), null=True, blank=True, editable=False)

    scope_path_lookup = "line__unit__path"

    class Meta:
        ordering = ["line", "position", "pk"]
        verbose_name = _("station")
        verbose_name_plural = _("stations")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.line.get_absolute_url()

    @property
    def is_derived(self):
        """The capacity comes from the records of a unit and metric, not from an entry."""
        return self.unit_id is not None and self.metric_id is not None

    def clean(self):
        if (self.unit_id is None) != (self.metric_id is None):
            message = _("Give both the unit and the metric to derive the capacity from records.")
            raise ValidationError({"metric" if self.unit_id else "unit": message})
        if self.capacity is not None and self.capacity < 0:
            raise ValidationError({"capacity": _("A capacity cannot be negative.")})


class BottleneckRecord(GexinModel):
    """Which station limited a line from when: the history as the line is improved."""

    line = models.ForeignKey(
        ProductionLine,
        verbose_name=_("line"),
        on_delete=models.CASCADE,
        related_name="bottleneck_history",
    )
    since = models.DateField(_("since"))
    station_names = models.CharField(_("bottleneck"), max_length=300)
    throughput = models.DecimalField(_("line output"), **FIGURE)
    next_names = models.CharField(_("next limit"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)

    scope_path_lookup = "line__unit__path"

    class Meta:
        ordering = ["line", "-since", "-pk"]
        verbose_name = _("bottleneck record")
        verbose_name_plural = _("bottleneck records")

    def __str__(self):
        return f"{self.line}: {self.station_names}"

    def get_absolute_url(self):
        return self.line.get_absolute_url()


class ExperimentalField(GexinModel):
    """A leader's experimental field: a unit they adopt for a period to work in."""

    campaign = campaign_field("experimental_fields")
    leader = models.ForeignKey(
        Person, verbose_name=_("leader"), on_delete=models.PROTECT, related_name="fields"
    )
    unit = unit_field("experimental_fields", verbose_name=_("field"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    aim = models.TextField(_("aim"), blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("experimental field")
        verbose_name_plural = _("experimental fields")

    def __str__(self):
        return f"{self.leader} · {self.unit}"

    def get_absolute_url(self):
        return object_url("innovation:experimentalfield_detail", self.pk)

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A field cannot end before it starts.")})
        if self.campaign_id and self.unit_id:
            campaign_path = self.campaign.unit.path
            if not self.unit.path.startswith(campaign_path):
                raise ValidationError(
                    {"unit": _("The field must lie within the unit the campaign covers.")}
                )

    def is_current(self, today=None):
        """Started, and not yet ended (a field with no end runs on)."""
        today = today or datetime.date.today()
        return self.starts_on <= today and (self.ends_on is None or self.ends_on >= today)

    def has_ended(self, today=None):
        return self.ends_on is not None and self.ends_on < (today or datetime.date.today())

    def tally(self):
        """How many problems the leader found in the field, how many were solved, and notes."""
        counts = dict(
            self.entries.order_by().values_list("kind").annotate(n=models.Count("pk"))
        )
        return {kind: counts.get(kind, 0) for kind in FieldEntryKind.values}


class FieldLogEntry(GexinModel):
    """What the leader found or solved in their experimental field on a day."""

    field = models.ForeignKey(
        ExperimentalField,
        verbose_name=_("experimental field"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    on = models.DateField(_("date"), default=datetime.date.today)
    kind = models.CharField(
        _("kind"), max_length=8, choices=FieldEntryKind.choices, default=FieldEntryKind.FOUND
    )
    text = models.TextField(_("what"))
    problem = models.ForeignKey(
        Problem,
        verbose_name=_("problem"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    key_issue = models.ForeignKey(
        KeyIssue,
        verbose_name=_("key issue"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    scope_path_lookup = "field__unit__path"

    class Meta:
        ordering = ["field", "-on", "-pk"]
        verbose_name = _("field log entry")
        verbose_name_plural = _("field log entries")

    def __str__(self):
        return self.text[:60]

    def get_absolute_url(self):
        return self.field.get_absolute_url()

    def clean(self):
        # What the leader found or solved is in their field: a linked problem or key issue
        # must lie in the field's unit or below it.
        if not self.field_id:
            return
        path = self.field.unit.path
        errors = {}
        if self.problem_id and not self.problem.unit.path.startswith(path):
            errors["problem"] = _("The problem must be in the field's unit or below it.")
        if self.key_issue_id and not self.key_issue.unit.path.startswith(path):
            errors["key_issue"] = _("The key issue must be in the field's unit or below it.")
        if errors:
            raise ValidationError(errors)
