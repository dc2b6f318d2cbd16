"""Trials that settle a disputed rule by measurement, and versioned regulations."""

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gexin.core.models import GexinModel
from gexin.core.urls import object_url
from gexin.innovation.choices import (
    Direction,
    RegulationKind,
    TrialArm,
    TrialDesign,
    VersionStatus,
)
from gexin.innovation.models.base import FIGURE, FIGURE_STEP, campaign_field, unit_field
from gexin.innovation.models.campaigns import KeyIssue


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
        _("baseline"), max_length=100, blank=True, help_text=_("e.g. 12 passes")
    )
    changed_label = models.CharField(
        _("changed"), max_length=100, blank=True, help_text=_("e.g. 13 passes")
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
