"""Campaigns, the problem wall, key issues with their fortresses and attachments, and
research teams (seed 001)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gexin.core.models import GexinModel
from gexin.core.permissions import PATH_STEP, enclosing_paths, scope_paths, scope_q
from gexin.core.querysets import RestrictedQuerySet
from gexin.core.urls import object_url
from gexin.innovation.choices import (
    AttackMethod,
    KeyIssueStatus,
    ProblemCategory,
    ProblemStatus,
    TeamKind,
)
from gexin.innovation.models.base import campaign_field, unit_field
from gexin.org.models import Person, Unit


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
        enclosing = enclosing_paths(paths)
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
        self.attachments.update(problem=target, unit_id=target.unit_id)
        for key_issue in self.key_issues.all():
            key_issue.problems.add(target)
            key_issue.problems.remove(self)
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

    # A problem that took part in a merge is kept: the record of the merge must stay.
    duplicate = models.ForeignKey(
        Problem, verbose_name=_("duplicate"), on_delete=models.PROTECT, related_name="+"
    )
    into = models.ForeignKey(
        Problem, verbose_name=_("merged into"), on_delete=models.PROTECT, related_name="merges"
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
    """For each of `paths`, the nearest plant that contains (or is) it, else the nearest
    enterprise: the wall a fortress is posted on is its own plant's, not the company's."""
    from gexin.org.choices import UnitKind

    enclosing = enclosing_paths(paths)
    kinds = dict(
        Unit.objects.filter(
            path__in=enclosing, kind__in=(UnitKind.PLANT, UnitKind.ENTERPRISE)
        ).values_list("path", "kind")
    )
    found = set()
    for path in paths:
        steps = [path[:end] for end in range(len(path), 0, -PATH_STEP)]
        plant = next((step for step in steps if kinds.get(step) == UnitKind.PLANT), None)
        enterprise = next((step for step in steps if kinds.get(step) == UnitKind.ENTERPRISE), None)
        if plant or enterprise:
            found.add(plant or enterprise)
    return sorted(found)


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
        KeyIssueStatus.OPEN: {KeyIssueStatus.UNDER_ATTACK},
        KeyIssueStatus.UNDER_ATTACK: {KeyIssueStatus.SOLVED},
        KeyIssueStatus.SOLVED: {KeyIssueStatus.VERIFIED, KeyIssueStatus.REOPENED},
        KeyIssueStatus.REOPENED: {KeyIssueStatus.UNDER_ATTACK},
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
