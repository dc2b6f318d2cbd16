"""Labour competitions: conditions, evaluations, standings, the mobile red banner,
awards, and raising the laggards.

Seed 000: the competition is the everyday method tied to the plan's targets, evaluated
regularly, and its principle is that the advanced help the backward so that all rise,
not championship-ism, and not a unit improving its own figure at a neighbour's cost.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gexin.competitions.choices import (
    AwardKind,
    AwardStatus,
    EvaluationStatus,
    Frequency,
    GateOperator,
    HelpCause,
    HelpOutcome,
    HelpReason,
    ParticipantKind,
    ProducerStatus,
    Scoring,
)
from gexin.core.models import GexinModel
from gexin.core.permissions import PATH_STEP, enclosing_paths, scope_paths, scope_q
from gexin.core.querysets import RestrictedQuerySet
from gexin.core.urls import object_url
from gexin.org.models import Person, Unit, WorkType
from gexin.org.privacy import HIDDEN, health_paths, may_view_health

SCORE = {"max_digits": 9, "decimal_places": 3}
FIGURE = {"max_digits": 18, "decimal_places": 4}


class CompetitionQuerySet(RestrictedQuerySet):
    def restrict(self, user, action="view"):
        """As for every model; a competition is also seen by the people of every
        participant (a workshop of another plant sees the same-type competition it is in)."""
        restricted = super().restrict(user, action)
        if action != "view":
            return restricted
        paths = scope_paths(user, "competitions.view_competition")
        if not paths:
            return restricted
        from django.db import connections

        enclosing = enclosing_paths(paths)
        taking_part = Participant.objects.filter(
            Q(unit_path__in=enclosing) | scope_q("unit_path", paths, connections[self.db].vendor)
        ).values("competition_id")
        return self.filter(Q(pk__in=restricted.values("pk")) | Q(pk__in=taking_part))


def refuse_if_published(obj, related, lookup="evaluation__status"):
    """Refuse to delete `obj` while it takes its published evaluations with it: they are
    the record the banner and the awards rest on (shown as "other records refer to it")."""
    from django.db.models import ProtectedError

    published = related.filter(**{lookup: EvaluationStatus.PUBLISHED})
    if published.exists():
        raise ProtectedError(
            _("Published evaluations refer to %(object)s.") % {"object": obj}, set(published)
        )


class CompetitionPartQuerySet(RestrictedQuerySet):
    """Parts of a competition (participants, conditions, evaluations, scores…): besides
    the unit scope, seen wherever their competition is seen (`competition_lookup`)."""

    def restrict(self, user, action="view"):
        restricted = super().restrict(user, action)
        if action != "view":
            return restricted
        visible = Competition.objects.restrict(user, "view").values("pk")
        lookup = getattr(self.model, "competition_lookup", "competition")
        return self.filter(Q(pk__in=restricted.values("pk")) | Q(**{f"{lookup}__in": visible}))


class Competition(GexinModel):
    """A labour competition organised by a unit for a period, evaluated at a frequency,
    between participants of one kind."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("organised by"),
        on_delete=models.PROTECT,
        related_name="competitions",
        help_text=_("The unit that runs the competition; its participants lie within it."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    frequency = models.CharField(
        _("evaluated"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    participant_kind = models.CharField(
        _("participants"),
        max_length=10,
        choices=ParticipantKind.choices,
        default=ParticipantKind.GROUP,
    )
    work_type = models.ForeignKey(
        WorkType,
        verbose_name=_("work type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For same-type workshops: the work type they share."),
    )
    banner_name = models.CharField(
        _("banner"), max_length=100, blank=True, help_text=_("e.g. the mobile red banner")
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    objects = CompetitionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("labour competition")
        verbose_name_plural = _("labour competitions")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return object_url("competitions:competition_detail", self.pk)

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A competition cannot end before it starts.")})

    @property
    def frequency_label(self):
        return Frequency(self.frequency).label

    @property
    def has_evaluations(self):
        return self.pk is not None and self.evaluations.exists()

    def delete(self, *args, **kwargs):
        refuse_if_published(self, self.evaluations.all(), lookup="status")
        return super().delete(*args, **kwargs)

    @property
    def participant_kind_label(self):
        return ParticipantKind(self.participant_kind).label


class Participant(GexinModel):
    """One participant: a person, or a unit (group, shift or workshop)."""

    competition = models.ForeignKey(
        Competition,
        verbose_name=_("competition"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="competition_entries",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="competition_entries",
    )
    # The path of the unit, or of the person's home unit: who takes part sees it.
    unit_path = models.CharField(max_length=255, editable=False, default="", db_index=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    is_active = models.BooleanField(_("taking part"), default=True)

    scope_path_lookup = "competition__unit__path"
    audit_exclude = ("created", "last_updated", "unit_path")

    objects = CompetitionPartQuerySet.as_manager()

    class Meta:
        ordering = ["competition", "unit_path", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "unit"],
                condition=Q(unit__isnull=False),
                name="competitions_participant_unit",
            ),
            models.UniqueConstraint(
                fields=["competition", "person"],
                condition=Q(person__isnull=False),
                name="competitions_participant_person",
            ),
        ]

    def __str__(self):
        if self.person_id:
            return str(self.person)
        if self.competition.participant_kind == ParticipantKind.WORKSHOP:
            # Same-type workshops of several plants share their names: say whose.
            plant = self.plant()
            if plant is not None and plant.pk != self.unit_id:
                return f"{plant.display_name} · {self.unit.display_name}"
        return str(self.unit)

    def plant(self):
        """The plant (or enterprise) the participant belongs to, looked up once."""
        if not hasattr(self, "_plant"):
            from gexin.org.choices import UnitKind

            unit = self.subject_unit
            self._plant = (
                Unit.objects.filter(
                    path__in=unit.ancestor_paths() + [unit.path],
                    kind__in=(UnitKind.PLANT, UnitKind.ENTERPRISE),
                )
                .order_by("-depth")
                .first()
            )
        return self._plant

    @staticmethod
    def attach(participants, competition):
        """Give participants of one competition their competition and plant in two steps.

        Their names (`__str__`) then cost no query each: standings list every participant.
        The participants' units (or people's units) must be loaded with them.
        """
        from gexin.org.choices import UnitKind

        participants = list(participants)
        for participant in participants:
            participant.competition = competition
        if competition.participant_kind != ParticipantKind.WORKSHOP:
            return
        wanted = {
            participant.pk: [*unit.ancestor_paths(), unit.path]
            for participant in participants
            if participant.unit_id and (unit := participant.unit)
        }
        paths = {path for chain in wanted.values() for path in chain}
        plants = {
            unit.path: unit
            for unit in Unit.objects.filter(
                path__in=paths, kind__in=(UnitKind.PLANT, UnitKind.ENTERPRISE)
            )
        }
        for participant in participants:
            chain = wanted.get(participant.pk, ())
            found = [plants[path] for path in chain if path in plants]
            participant._plant = max(found, key=lambda unit: unit.depth) if found else None

    def get_absolute_url(self):
        return object_url("competitions:participant_detail", self.pk)

    @property
    def subject_unit(self):
        """The unit whose records count for the participant (a person's home unit)."""
        return self.unit if self.unit_id else self.person.unit

    def clean(self):
        if (self.unit_id is None) == (self.person_id is None):
            raise ValidationError(_("A participant is either a person or a unit."))

    def save(self, *args, **kwargs):
        self.unit_path = self.subject_unit.path
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_if_published(self, Score.objects.filter(participant=self))
        return super().delete(*args, **kwargs)

    @property
    def has_scores(self):
        return self.pk is not None and Score.objects.filter(participant=self).exists()


class Criterion(GexinModel):
    """A weighted competition condition on a metric from the plans.

    Scored as plan fulfilment, as improvement over the participant's own baseline
    period, or as rank among the participants; direction-aware (the metric says
    whether lower is better), and a ratio is always sum over sum, never a mean.
    """

    competition = models.ForeignKey(
        Competition,
        verbose_name=_("competition"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    metric = models.ForeignKey(
        "plans.Metric", verbose_name=_("metric"), on_delete=models.PROTECT, related_name="+"
    )
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, help_text=_("Its share of the score.")
    )
    scoring = models.CharField(
        _("scored as"), max_length=12, choices=Scoring.choices, default=Scoring.FULFILMENT
    )
    baseline_start = models.DateField(
        _("baseline from"),
        null=True,
        blank=True,
        help_text=_("For improvement: the participant's own period to compare with."),
    )
    baseline_end = models.DateField(_("baseline until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    scope_path_lookup = "competition__unit__path"

    objects = CompetitionPartQuerySet.as_manager()

    class Meta:
        ordering = ["competition", "position", "pk"]
        verbose_name = _("competition condition")
        verbose_name_plural = _("competition conditions")

    def __str__(self):
        return f"{self.metric} × {self.weight}"

    def get_absolute_url(self):
        return self.competition.get_absolute_url()

    @property
    def scoring_label(self):
        return Scoring(self.scoring).label

    def clean(self):
        if self.weight is not None and self.weight <= 0:
            raise ValidationError({"weight": _("A weight is greater than zero.")})
        if self.scoring == Scoring.IMPROVEMENT and not (self.baseline_start and self.baseline_end):
            raise ValidationError(
                {"baseline_start": _("Improvement is measured against a baseline period.")}
            )
        if self.baseline_start and self.baseline_end and self.baseline_end < self.baseline_start:
            raise ValidationError({"baseline_end": _("The baseline cannot end before it starts.")})


class EligibilityGate(GexinModel):
    """A condition a participant must meet to hold the banner, e.g. no serious accident
    in the period (at most 0) or a qualified rate not below a floor (at least 98)."""

    competition = models.ForeignKey(
        Competition, verbose_name=_("competition"), on_delete=models.CASCADE, related_name="gates"
    )
    label = models.CharField(pgettext_lazy("to hold the banner", "condition"), max_length=200)
    metric = models.ForeignKey(
        "plans.Metric", verbose_name=_("metric"), on_delete=models.PROTECT, related_name="+"
    )
    operator = models.CharField(
        _("must be"), max_length=10, choices=GateOperator.choices, default=GateOperator.AT_LEAST
    )
    threshold = models.DecimalField(_("threshold"), **FIGURE)

    scope_path_lookup = "competition__unit__path"

    objects = CompetitionPartQuerySet.as_manager()

    class Meta:
        ordering = ["competition", "pk"]
        verbose_name = _("eligibility condition")
        verbose_name_plural = _("eligibility conditions")

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return self.competition.get_absolute_url()


class Evaluation(GexinModel):
    """One period's evaluation: computed from the records, adjusted by the evaluation
    committee only with a written reason, then published and locked."""

    competition = models.ForeignKey(
        Competition,
        verbose_name=_("competition"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    status = models.CharField(
        pgettext_lazy("of an evaluation", "status"),
        max_length=10,
        choices=EvaluationStatus.choices,
        default=EvaluationStatus.COMPUTED,
        editable=False,
    )
    computed_at = models.DateTimeField(_("computed"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Figures found while computing that are not scores: the top-to-bottom quarter gap,
    # handover flags (the departmentalism guard), and the like.
    findings = models.JSONField(_("findings"), default=dict, blank=True, editable=False)
    note = models.TextField(_("note"), blank=True)

    scope_path_lookup = "competition__unit__path"

    objects = CompetitionPartQuerySet.as_manager()

    class Meta:
        ordering = ["competition", "-period_start"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        permissions = [
            ("adjust_evaluation", "Can adjust a score with a reason"),
            ("publish_evaluation", "Can publish an evaluation"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "period_start"], name="competitions_evaluation_period"
            )
        ]

    def __str__(self):
        return f"{self.competition} {self.period_start:%Y-%m-%d}–{self.period_end:%Y-%m-%d}"

    def get_absolute_url(self):
        return object_url("competitions:evaluation_detail", self.pk)

    @property
    def is_published(self):
        return self.status == EvaluationStatus.PUBLISHED

    @property
    def status_label(self):
        return EvaluationStatus(self.status).label

    @property
    def period_label(self):
        return f"{self.period_start:%Y-%m-%d} – {self.period_end:%Y-%m-%d}"

    def check_unlocked(self):
        if self.is_published:
            raise ValidationError(_("This evaluation is published and locked."))

    def check_stored_unlocked(self):
        """As check_unlocked, asking the database: a copy in memory may be out of date."""
        stored = Evaluation._base_manager.filter(pk=self.pk).values_list("status", flat=True)
        if stored.first() == EvaluationStatus.PUBLISHED:
            raise ValidationError(_("This evaluation is published and locked."))

    def compute(self):
        """Compute the scores from the records (refused once published)."""
        from gexin.competitions import scoring

        return scoring.compute(self)

    def publish(self, by=None):
        """Publish and lock the evaluation and pass the banner to its winner."""
        from gexin.competitions import scoring

        return scoring.publish(self, by)

    def save(self, *args, **kwargs):
        # A published evaluation is locked: not even its note changes afterwards.
        if self.pk is not None:
            self.check_stored_unlocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        # A published evaluation is the record the banner and the awards rest on.
        self.check_stored_unlocked()
        return super().delete(*args, **kwargs)


class Score(GexinModel):
    """A participant's score in one evaluation, with the points of every criterion.

    `criteria` holds {criterion id: {"metric", "value", "target", "baseline", "points",
    "weighted"}}; `total` is computed, `adjusted_total` is the committee's, with its reason.
    """

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="scores"
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="scores"
    )
    total = models.DecimalField(_("score"), editable=False, **SCORE)
    adjusted_total = models.DecimalField(
        _("adjusted score"), null=True, blank=True, editable=False, **SCORE
    )
    adjustment_reason = models.TextField(_("reason for the adjustment"), blank=True, editable=False)
    criteria = models.JSONField(_("points per condition"), default=dict, editable=False)
    is_eligible = models.BooleanField(_("eligible for the banner"), default=True, editable=False)
    reason = models.TextField(_("why not eligible"), blank=True, editable=False)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True, editable=False)
    change = models.IntegerField(
        _("change in rank"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Places gained since the last evaluation (negative: lost)."),
    )

    scope_path_lookup = "evaluation__competition__unit__path"

    competition_lookup = "evaluation__competition"
    objects = CompetitionPartQuerySet.as_manager()

    class Meta:
        ordering = ["evaluation", "rank", "pk"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "participant"], name="competitions_score_participant"
            )
        ]

    def __str__(self):
        return f"{self.participant}: {self.final}"

    def get_absolute_url(self):
        return self.evaluation.get_absolute_url()

    @property
    def final(self):
        """The score that counts: the committee's adjusted one, else the computed one."""
        return self.adjusted_total if self.adjusted_total is not None else self.total

    @property
    def is_adjusted(self):
        return self.adjusted_total is not None

    def save(self, *args, **kwargs):
        # Once published, an evaluation's scores are the record: nothing changes them.
        self.evaluation.check_stored_unlocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.evaluation.check_stored_unlocked()
        return super().delete(*args, **kwargs)

    def adjust(self, value, reason, by=None):
        """The committee's total, with its written reason (see scoring.adjust)."""
        from gexin.competitions import scoring

        return scoring.adjust(self, value, reason, by)


class BannerHolding(GexinModel):
    """The mobile red banner held by the winner of an evaluation until the next one."""

    competition = models.ForeignKey(
        Competition,
        verbose_name=_("competition"),
        on_delete=models.CASCADE,
        related_name="banner_holdings",
    )
    evaluation = models.OneToOneField(
        Evaluation,
        verbose_name=_("evaluation"),
        on_delete=models.CASCADE,
        related_name="banner_holding",
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("holder"),
        on_delete=models.CASCADE,
        related_name="banner_holdings",
    )
    since = models.DateField(pgettext_lazy("holding the banner", "since"))
    until = models.DateField(_("until"), null=True, blank=True)

    scope_path_lookup = "competition__unit__path"

    objects = CompetitionPartQuerySet.as_manager()

    class Meta:
        ordering = ["competition", "-since"]
        verbose_name = _("banner holding")
        verbose_name_plural = _("banner holdings")

    def __str__(self):
        return f"{self.participant} · {self.since:%Y-%m-%d}"

    def get_absolute_url(self):
        return self.participant.get_absolute_url()


class Award(GexinModel):
    """An honour title or a material award tied to an evaluation; it counts only once a
    second person has approved it."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.PROTECT, related_name="awards"
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("awarded to"), on_delete=models.PROTECT, related_name="awards"
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=AwardKind.choices, default=AwardKind.HONOUR
    )
    title = models.CharField(_("award"), max_length=200)
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        pgettext_lazy("of an award", "status"),
        max_length=10,
        choices=AwardStatus.choices,
        default=AwardStatus.PROPOSED,
        editable=False,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)
    decision_note = models.TextField(_("reason given"), blank=True, editable=False)
    note = models.TextField(_("note"), blank=True)

    scope_path_lookup = "evaluation__competition__unit__path"

    competition_lookup = "evaluation__competition"
    objects = CompetitionPartQuerySet.as_manager()

    class Meta:
        ordering = ["-evaluation__period_start", "pk"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        permissions = [("approve_award", "Can approve an award")]

    def __str__(self):
        return f"{self.title} · {self.participant}"

    def get_absolute_url(self):
        return object_url("competitions:award_detail", self.pk)

    @property
    def counts(self):
        return self.status == AwardStatus.APPROVED

    @property
    def status_label(self):
        return AwardStatus(self.status).label

    @property
    def kind_label(self):
        return AwardKind(self.kind).label

    @property
    def is_decided(self):
        return self.status != AwardStatus.PROPOSED

    def clean(self):
        if (
            self.evaluation_id
            and self.participant_id
            and self.participant.competition_id != self.evaluation.competition_id
        ):
            raise ValidationError(
                {"participant": _("An award goes to a participant of the evaluated competition.")}
            )
        if self.kind == AwardKind.MATERIAL:
            if self.amount is None or self.amount <= 0:
                raise ValidationError({"amount": _("A material award states its amount in yuan.")})
        elif self.amount is not None:
            raise ValidationError(
                {"amount": _("An honour title carries no amount; make it a material award.")}
            )

    def check_undecided(self):
        """A decided award stays as it was decided: refuse any change to it."""
        if self.is_decided:
            raise ValidationError(
                _("This award is %(status)s already; a decided award is not changed.")
                % {"status": self.status_label}
            )

    def may_decide(self, user):
        """True when `user` may approve or reject: holds the right here and did not propose it."""
        from gexin.core.permissions import is_path_in_scope

        recipient = self.participant.person
        return (
            not self.is_decided
            and self.evaluation.is_published
            and user.is_authenticated
            and user.pk != self.proposed_by_id
            and not (recipient is not None and recipient.user_id == user.pk)
            and is_path_in_scope(user, Award, "approve", self.scope_path())
        )

    def _check_decision(self, by):
        from gexin.core.permissions import is_path_in_scope

        self.check_undecided()
        if not self.evaluation.is_published:
            raise ValidationError(
                _("Awards are decided once their evaluation is published and locked.")
            )
        recipient = self.participant.person
        if recipient is not None and recipient.user_id is not None and recipient.user_id == by.pk:
            raise ValidationError(_("Nobody decides on an award made out to themselves."))
        if by.pk == self.proposed_by_id:
            raise ValidationError(
                _(
                    "You proposed this award, so you cannot decide on it: a second person "
                    "approves or rejects it."
                )
            )
        if not is_path_in_scope(by, Award, "approve", self.scope_path()):
            raise ValidationError(
                _("Only a member of the evaluation committee who may approve awards decides on it.")
            )

    def approve(self, by, note=""):
        """Approve the proposed award; from now on it counts."""
        from django.utils import timezone

        self._check_decision(by)
        self.status = AwardStatus.APPROVED
        self.decided_by = by
        self.decided_at = timezone.now()
        self.decision_note = note.strip()
        self.save()

    def reject(self, by, note):
        """Reject the proposed award, saying why; it never counts."""
        from django.utils import timezone

        self._check_decision(by)
        if not (note or "").strip():
            raise ValidationError(_("Say why the award is rejected."))
        self.status = AwardStatus.REJECTED
        self.decided_by = by
        self.decided_at = timezone.now()
        self.decision_note = note.strip()
        self.save()


class Pairing(GexinModel):
    """One-helps-one: an advanced participant paired with a laggard to raise it."""

    competition = models.ForeignKey(
        Competition,
        verbose_name=_("competition"),
        on_delete=models.CASCADE,
        related_name="pairings",
    )
    advanced = models.ForeignKey(
        Participant,
        verbose_name=_("advanced"),
        on_delete=models.CASCADE,
        related_name="pairings_helping",
    )
    laggard = models.ForeignKey(
        Participant,
        verbose_name=_("helped"),
        on_delete=models.CASCADE,
        related_name="pairings_helped",
    )
    since = models.DateField(_("paired on"), default=datetime.date.today)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    goal = models.TextField(_("goal"), blank=True)

    scope_path_lookup = "competition__unit__path"

    objects = CompetitionPartQuerySet.as_manager()

    class Meta:
        ordering = ["competition", "-since", "pk"]
        verbose_name = _("one-helps-one pairing")
        verbose_name_plural = _("one-helps-one pairings")

    def __str__(self):
        return f"{self.advanced} → {self.laggard}"

    def get_absolute_url(self):
        return object_url("competitions:pairing_detail", self.pk)

    @property
    def is_open(self):
        return self.ended_on is None

    def clean(self):
        if self.advanced_id and self.advanced_id == self.laggard_id:
            raise ValidationError(_("A participant cannot be paired with itself."))
        errors = {}
        for name in ("advanced", "laggard"):
            participant = getattr(self, name) if getattr(self, f"{name}_id") else None
            if (
                participant is not None
                and self.competition_id
                and participant.competition_id != self.competition_id
            ):
                errors[name] = _("Both partners take part in the pairing's competition.")
        if self.since and self.ended_on and self.ended_on < self.since:
            errors["ended_on"] = _("A pairing cannot end before it starts.")
        if errors:
            raise ValidationError(errors)
        if self.laggard_id and self.ended_on is None:
            # One helper at a time: two open pairings for one laggard pull two ways.
            open_pairing = Pairing.objects.filter(laggard_id=self.laggard_id, ended_on__isnull=True)
            if self.pk:
                open_pairing = open_pairing.exclude(pk=self.pk)
            other = open_pairing.select_related("advanced__person", "advanced__unit").first()
            if other is not None:
                raise ValidationError(
                    {
                        "laggard": _(
                            "%(laggard)s is already helped by %(advanced)s; end that pairing first."
                        )
                        % {"laggard": self.laggard, "advanced": other.advanced}
                    }
                )
        if self.pk is None and self.advanced_id and self.laggard_id and self.since:
            self._check_advanced_is_ahead()

    def _check_advanced_is_ahead(self):
        """In the last evaluation before the pairing that ranked both, the advanced
        partner stood above the laggard."""
        ranks = {}
        for participant_id, evaluation_id, rank in (
            Score.objects.filter(
                participant_id__in=(self.advanced_id, self.laggard_id),
                rank__isnull=False,
                evaluation__period_end__lt=self.since,
            )
            .order_by("-evaluation__period_start")
            .values_list("participant_id", "evaluation_id", "rank")
        ):
            ranks.setdefault(evaluation_id, {})[participant_id] = rank
        for both in ranks.values():
            if len(both) == 2:
                if both[self.advanced_id] > both[self.laggard_id]:
                    raise ValidationError(
                        {
                            "advanced": _(
                                "%(advanced)s ranked %(advanced_rank)s and %(laggard)s "
                                "%(laggard_rank)s in the last evaluation: the advanced "
                                "partner is the one ahead."
                            )
                            % {
                                "advanced": self.advanced,
                                "advanced_rank": both[self.advanced_id],
                                "laggard": self.laggard,
                                "laggard_rank": both[self.laggard_id],
                            }
                        }
                    )
                return

    def progress(self):
        """The laggard's final score and rank in each evaluation since the pairing,
        against its last evaluation before it (see gexin.competitions.laggards)."""
        from gexin.competitions.laggards import pairing_progress

        return pairing_progress(self)


# Whether the help arranged of a case with hidden notes is written is private too: who
# may not read them is told this, whatever the notes hold.
RESOLVE_REFUSED = _(
    "The notes of this case are private: only the group leader or the welfare officer, "
    "who read them, may resolve it."
)
# Moved to a worker whose notes the user reads, a case with hidden notes would show them;
# a health case moved to a worker whose notes the user does not read would hide them.
PERSON_KEPT = _(
    "The notes of this case are private: only the group leader or the welfare officer, who "
    "read them, may move it to another worker."
)
PERSON_NOT_READ = _(
    "A case whose cause is health moves only to a worker whose health details you read."
)


class HelpCaseQuerySet(RestrictedQuerySet):
    """Help cases; a case whose cause is health keeps its notes private (see
    gexin.org.privacy): `with_privacy(user)` says, row by row, whether the user reads them."""

    def with_privacy(self, user):
        """Annotate `private_shown`: True where the user may read the case's notes (every
        case whose cause is not health, and health cases where the user holds
        `people.view_health`)."""
        from django.db.models import BooleanField, Case, Value, When

        visible = self.visible_q(user)
        if visible is None:
            return self.annotate(private_shown=Value(True, output_field=BooleanField()))
        return self.annotate(
            private_shown=Case(
                When(visible, then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )

    def visible_q(self, user, lookup=""):
        """A Q of the cases whose notes the user reads (`lookup` leads to the case from
        another model, e.g. "help_case__"), or None when the user reads them all."""
        from django.db import connections

        paths = health_paths(user)
        if paths is None:
            return None
        visible = ~Q(**{f"{lookup}cause": HelpCause.HEALTH})
        if paths:
            visible |= scope_q(f"{lookup}person__unit_path", paths, connections[self.db].vendor)
        return visible

    def search_notes(self, user, value):
        """A Q of the cases whose notes or review notes hold `value`, looking only into
        the notes the user reads: no search may match inside a hidden note."""
        noted = (
            Q(cause_note__icontains=value)
            | Q(help_arranged__icontains=value)
            | Q(pk__in=HelpReview.objects.filter(note__icontains=value).values("help_case_id"))
        )
        visible = self.visible_q(user)
        return noted if visible is None else noted & visible

    def open_on(self, day):
        """The cases open on `day`: opened by then and not resolved by then."""
        return self.filter(opened_on__lte=day).filter(
            Q(resolved_on__isnull=True) | Q(resolved_on__gt=day)
        )


class HelpCase(GexinModel):
    """A worker the group helps: a young or new worker, or one who often misses the
    quota, with the cause found, the help arranged and the weekly meetings' reviews
    until it is resolved (seed 000: find the cause, work out a remedy, help them
    overcome it).

    When the cause is health, what was found, the help arranged and the reviews' notes
    are private: only the group leader and the welfare officer read them.
    """

    competition = models.ForeignKey(
        Competition,
        verbose_name=_("competition"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="help_cases",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="help_cases"
    )
    reason = models.CharField(
        _("why helped"),
        max_length=14,
        choices=HelpReason.choices,
        default=HelpReason.MISSES_QUOTA,
    )
    periods_missed = models.PositiveSmallIntegerField(_("periods missed"), default=0)
    cause = models.CharField(
        _("cause"), max_length=14, choices=HelpCause.choices, default=HelpCause.OTHER
    )
    cause_note = models.TextField(_("what was found"), blank=True)
    help_arranged = models.TextField(_("help arranged"), blank=True)
    opened_on = models.DateField(_("opened on"), default=datetime.date.today)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    scope_path_lookup = "person__unit_path"
    # The notes kept private when the cause is health.
    private_fields = ("cause_note", "help_arranged")

    objects = HelpCaseQuerySet.as_manager()

    class Meta:
        ordering = ["resolved_on", "-opened_on", "pk"]
        verbose_name = _("help case")
        verbose_name_plural = _("help cases")

    def __str__(self):
        return f"{self.person} · {HelpCause(self.cause).label}"

    def get_absolute_url(self):
        return object_url("competitions:helpcase_detail", self.pk)

    @property
    def is_open(self):
        return self.resolved_on is None

    @property
    def cause_label(self):
        return HelpCause(self.cause).label

    @property
    def reason_label(self):
        return HelpReason(self.reason).label

    @property
    def is_private(self):
        """True when the notes are health details."""
        return self.cause == HelpCause.HEALTH

    def may_read_notes(self, user):
        """True when `user` may read what was found, the help and the reviews' notes."""
        return not self.is_private or may_view_health(user, self.person.unit_path)

    def reveal_for(self, user):
        """Mark the case as read by `user`: `shown_*` then hide what they may not read."""
        self.private_shown = self.may_read_notes(user)
        return self

    def _shown(self, value):
        # Without `with_privacy()` or `reveal_for()` a health case's notes stay hidden.
        if self.is_private and not getattr(self, "private_shown", False):
            return HIDDEN
        return value

    @property
    def shown_cause_note(self):
        return self._shown(self.cause_note)

    @property
    def shown_help_arranged(self):
        return self._shown(self.help_arranged)

    @property
    def notes_hidden(self):
        return self.is_private and not getattr(self, "private_shown", False)

    def clean(self):
        if self.opened_on and self.resolved_on and self.resolved_on < self.opened_on:
            raise ValidationError(
                {"resolved_on": _("A case cannot be resolved before it is opened.")}
            )
        if self.resolved_on and not self.help_arranged.strip():
            raise ValidationError(
                {"help_arranged": _("Say what help was arranged before marking the case resolved.")}
            )
        if self.competition_id and self.person_id:
            taking_part = self.competition.participants.filter(
                Q(person_id=self.person_id) | Q(unit__path__in=self._enclosing_paths())
            )
            if not taking_part.exists():
                raise ValidationError(
                    {"competition": _("The person does not take part in this competition.")}
                )

    def _enclosing_paths(self):
        path = self.person.unit_path
        return [path[:end] for end in range(PATH_STEP, len(path) + 1, PATH_STEP)]

    def review(self, meeting, note, outcome, *, user=None, is_illustrative=False):
        """Record the weekly meeting's review of the case; a review with the outcome
        resolved resolves the case on the meeting's day (the help arranged must be
        written by then). Both are saved in one transaction, or neither.

        When `user` (who records it) may not read the case's notes, they may not resolve
        it: whether the help arranged is written is private too."""
        from django.db import transaction

        if outcome == HelpOutcome.RESOLVED and user is not None and not self.may_read_notes(user):
            raise ValidationError({"outcome": RESOLVE_REFUSED})
        with transaction.atomic():
            case = HelpCase.objects.select_for_update().select_related("person").get(pk=self.pk)
            review = HelpReview(
                help_case=case,
                meeting=meeting,
                note=(note or "").strip(),
                outcome=outcome,
                is_illustrative=is_illustrative,
            )
            # The case row is locked: the constraint on (case, meeting) is checked in clean().
            review.full_clean(validate_constraints=False)
            review.save()
            if outcome == HelpOutcome.RESOLVED:
                if not case.help_arranged.strip():
                    raise ValidationError(
                        {
                            "outcome": _(
                                "Say on the case what help was arranged before the meeting "
                                "resolves it."
                            )
                        }
                    )
                case.resolved_on = meeting.day
                case.save()
        self.resolved_on = case.resolved_on
        self.last_updated = case.last_updated
        return review

    def reviewing_meetings(self):
        """The meetings that may review the case next: held weekly meetings of the
        person's unit or a unit above it, on or after the day the case opened and after
        the meeting that last reviewed it, newest first (not restricted to a user)."""
        from gexin.meetings.choices import MeetingKind, MeetingStatus
        from gexin.meetings.models import Meeting

        meetings = Meeting.objects.filter(
            unit__path__in=self._enclosing_paths(),
            kind=MeetingKind.WEEKLY,
            status__in=(MeetingStatus.HELD, MeetingStatus.SIGNED_OFF),
            scheduled_at__gte=day_start(self.opened_on),
        )
        last = self.reviews.order_by("-meeting__scheduled_at").select_related("meeting").first()
        if last is not None:
            meetings = meetings.filter(scheduled_at__gt=last.meeting.scheduled_at)
        return meetings.select_related("unit").order_by("-scheduled_at")


def day_start(day):
    """The first moment of `day` in the site's time zone."""
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class HelpReview(GexinModel):
    """A weekly meeting's review of a help case: the progress found, and whether the help
    continues or the case is resolved (seed 000: the weekly production meeting checks the
    week, spreads experience and arranges technical mutual aid)."""

    help_case = models.ForeignKey(
        HelpCase, verbose_name=_("help case"), on_delete=models.CASCADE, related_name="reviews"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("reviewed at"),
        on_delete=models.PROTECT,
        related_name="help_reviews",
        help_text=_("A held weekly production meeting of the worker's unit or of a unit above it."),
    )
    note = models.TextField(
        _("progress"), help_text=_("What the meeting found: how the help is going.")
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=HelpOutcome.choices, default=HelpOutcome.CONTINUE
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)

    scope_path_lookup = "help_case__person__unit_path"

    class Meta:
        ordering = ["help_case", "meeting__scheduled_at", "pk"]
        verbose_name = _("help case review")
        verbose_name_plural = _("help case reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["help_case", "meeting"], name="competitions_helpreview_meeting"
            )
        ]

    def __str__(self):
        return f"{self.help_case.person} · {self.meeting.day}"

    def get_absolute_url(self):
        return self.help_case.get_absolute_url()

    @property
    def outcome_label(self):
        return HelpOutcome(self.outcome).label

    @property
    def is_resolving(self):
        return self.outcome == HelpOutcome.RESOLVED

    def shown_note(self):
        """The note, or HIDDEN when the case's notes are hidden from the reader (see
        HelpCase.reveal_for)."""
        return HIDDEN if self.help_case.notes_hidden else self.note

    def clean(self):
        from gexin.meetings.choices import MeetingKind, MeetingStatus

        if not (self.note or "").strip():
            raise ValidationError({"note": _("Say what the meeting found on the progress.")})
        if not self.help_case_id or not self.meeting_id:
            return
        case, meeting = self.help_case, self.meeting
        if self.pk is None and not case.is_open:
            raise ValidationError(_("This case is resolved: it takes no more reviews."))
        if meeting.kind != MeetingKind.WEEKLY:
            raise ValidationError(
                {"meeting": _("A help case is reviewed at a weekly production meeting.")}
            )
        if not case.person.unit_path.startswith(meeting.unit.path):
            raise ValidationError(
                {
                    "meeting": _("The meeting must be one of %(unit)s or of a unit it belongs to.")
                    % {"unit": case.person.unit.display_name}
                }
            )
        if meeting.status not in (MeetingStatus.HELD, MeetingStatus.SIGNED_OFF):
            raise ValidationError(
                {
                    "meeting": _(
                        "Only a meeting that has been held can review a case; this one has not."
                    )
                }
            )
        if meeting.day < case.opened_on:
            raise ValidationError(
                {"meeting": _("The meeting was held before the case was opened.")}
            )
        others = HelpReview.objects.filter(help_case_id=case.pk)
        if self.pk:
            others = others.exclude(pk=self.pk)
        if others.filter(meeting_id=meeting.pk).exists():
            raise ValidationError({"meeting": _("This meeting has already reviewed the case.")})
        # A new review follows the last one: the last review is the case's current state.
        later = others.filter(meeting__scheduled_at__gte=meeting.scheduled_at).select_related(
            "meeting"
        )
        last = later.order_by("-meeting__scheduled_at").first() if self.pk is None else None
        if last is not None:
            raise ValidationError(
                {
                    "meeting": _(
                        "The case was last reviewed at the meeting of %(day)s; a review is "
                        "recorded at a later meeting."
                    )
                    % {"day": last.meeting.day.isoformat()}
                }
            )


class AdvancedProducer(GexinModel):
    """An advanced producer: suggested from the data, confirmed by a meeting decision,
    with the method summed up so others can learn it.

    The method, summed up, is the text an experience is made from when the exchange of
    experiences (spreading and adoption between units) is recorded in gexin.
    """

    competition = models.ForeignKey(
        Competition,
        verbose_name=_("competition"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advanced_producers",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="advanced_producer_records",
    )
    status = models.CharField(
        pgettext_lazy("of an advanced producer", "status"),
        max_length=10,
        choices=ProducerStatus.choices,
        default=ProducerStatus.SUGGESTED,
        editable=False,
    )
    evidence = models.TextField(
        _("why suggested"), blank=True, help_text=_("What the records show.")
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("confirmed at"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    decision_note = models.TextField(_("reason given"), blank=True, editable=False)
    method = models.TextField(_("the method, summed up"), blank=True)

    scope_path_lookup = "person__unit_path"

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("advanced producer")
        verbose_name_plural = _("advanced producers")

    def __str__(self):
        return str(self.person)

    def get_absolute_url(self):
        return object_url("competitions:advancedproducer_detail", self.pk)

    @property
    def status_label(self):
        return ProducerStatus(self.status).label

    @property
    def is_decided(self):
        return self.status != ProducerStatus.SUGGESTED

    def check_undecided(self):
        if self.is_decided:
            raise ValidationError(
                _("This producer is %(status)s already; a meeting's decision stands.")
                % {"status": self.status_label}
            )

    @staticmethod
    def _meeting_day(meeting):
        from django.utils import timezone

        return timezone.localtime(meeting.scheduled_at).date()

    def check_meeting(self, meeting):
        """The deciding meeting: held by the person's unit or a unit above it, not cancelled."""
        from gexin.meetings.choices import MeetingStatus

        if meeting is None:
            raise ValidationError({"meeting": _("Name the meeting that decided.")})
        if not self.person.unit_path.startswith(meeting.unit.path):
            raise ValidationError(
                {
                    "meeting": _("The meeting must be one of %(unit)s or of a unit it belongs to.")
                    % {"unit": self.person.unit.display_name}
                }
            )
        if meeting.status not in (MeetingStatus.HELD, MeetingStatus.SIGNED_OFF):
            raise ValidationError(
                {"meeting": _("Only a meeting that has been held can decide; this one has not.")}
            )

    def confirm(self, meeting, method, note=""):
        """Confirm the producer by the meeting's decision, with the method summed up.

        The method, summed up here, is what an experience for others to adopt is made
        from once the exchange of experiences is recorded in gexin.
        """
        self.check_undecided()
        self.check_meeting(meeting)
        if not (method or "").strip():
            raise ValidationError(
                {"method": _("Sum up the producer's method, so that others can learn it.")}
            )
        self.status = ProducerStatus.CONFIRMED
        self.meeting = meeting
        self.decided_on = self._meeting_day(meeting)
        self.method = method.strip()
        self.decision_note = (note or "").strip()
        self.save()

    def decline(self, meeting, note):
        """Record that the meeting did not confirm the suggestion, and why."""
        self.check_undecided()
        self.check_meeting(meeting)
        if not (note or "").strip():
            raise ValidationError({"note": _("Say why the meeting did not confirm it.")})
        self.status = ProducerStatus.DECLINED
        self.meeting = meeting
        self.decided_on = self._meeting_day(meeting)
        self.decision_note = note.strip()
        self.save()


class Handover(GexinModel):
    """Two participants that hand over to each other (shift A to shift B on one line),
    watched on a metric for departmentalism: one improving its own figure while the
    next one's worsens around the handover."""

    competition = models.ForeignKey(
        Competition,
        verbose_name=_("competition"),
        on_delete=models.CASCADE,
        related_name="handovers",
    )
    giver = models.ForeignKey(
        Participant,
        verbose_name=_("hands over"),
        on_delete=models.CASCADE,
        related_name="handovers_given",
    )
    taker = models.ForeignKey(
        Participant,
        verbose_name=_("takes over"),
        on_delete=models.CASCADE,
        related_name="handovers_taken",
    )
    metric = models.ForeignKey(
        "plans.Metric", verbose_name=_("watched metric"), on_delete=models.PROTECT, related_name="+"
    )

    scope_path_lookup = "competition__unit__path"

    objects = CompetitionPartQuerySet.as_manager()

    class Meta:
        ordering = ["competition", "pk"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")

    def __str__(self):
        return f"{self.giver} → {self.taker}"

    def get_absolute_url(self):
        return object_url("competitions:handover_detail", self.pk)

    def clean(self):
        if self.giver_id and self.giver_id == self.taker_id:
            raise ValidationError(_("A participant does not hand over to itself."))
        errors = {}
        for name in ("giver", "taker"):
            participant = getattr(self, name) if getattr(self, f"{name}_id") else None
            if (
                participant is not None
                and self.competition_id
                and participant.competition_id != self.competition_id
            ):
                errors[name] = _("Both sides of a handover take part in its competition.")
        if errors:
            raise ValidationError(errors)
        if self.giver_id and self.taker_id and self.metric_id:
            same = Handover.objects.filter(
                giver_id=self.giver_id, taker_id=self.taker_id, metric_id=self.metric_id
            )
            if self.pk:
                same = same.exclude(pk=self.pk)
            if same.exists():
                raise ValidationError(_("This handover is already watched on this metric."))
