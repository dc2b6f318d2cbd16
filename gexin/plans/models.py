"""Metrics, plans with their targets, pledges, daily records and their running totals.

Record values are stored as integers in thousandths (`value_milli`), so sums are
exact on every database and a running total always equals a recomputation.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gexin.core.models import GexinModel
from gexin.core.querysets import RestrictedQuerySet
from gexin.core.urls import object_url
from gexin.org.models import BilingualName, Person, Unit, prefers_chinese
from gexin.plans import periods
from gexin.plans.choices import (
    ConditionCategory,
    Direction,
    ImportSource,
    MetricKind,
    PeriodKind,
    PlanStatus,
    Shift,
)

MILLI = 1000
TARGET_DIGITS = {"max_digits": 18, "decimal_places": 3}


def from_milli(value_milli):
    """Thousandths as an exact Decimal."""
    if value_milli is None:
        return None
    return Decimal(value_milli).scaleb(-3)


class Metric(BilingualName, GexinModel):
    """Something measured and planned: steel output (t), coal per tonne of steel (kg/t)…

    A quantity is recorded and summed. A ratio is never recorded: it is always the
    sum of its numerator over the sum of its denominator, times its factor (100 for a
    percentage), so a ratio over two groups is weighted, never a mean of two ratios.
    """

    code = models.CharField(
        _("code"),
        max_length=50,
        unique=True,
        validators=[
            RegexValidator(r"^[a-z0-9_]+$", _("Use lower-case letters, digits and underscores."))
        ],
        help_text=_("Used by imports and the API, e.g. steel_output."),
    )
    unit_of_measure = models.CharField(_("unit of measure"), max_length=30)
    unit_of_measure_zh = models.CharField(_("Chinese unit of measure"), max_length=30, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=MetricKind.choices, default=MetricKind.QUANTITY
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    numerator = models.ForeignKey(
        "self",
        verbose_name=_("numerator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": MetricKind.QUANTITY},
    )
    denominator = models.ForeignKey(
        "self",
        verbose_name=_("denominator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": MetricKind.QUANTITY},
    )
    factor = models.DecimalField(
        _("factor"),
        max_digits=12,
        decimal_places=3,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.001"))],
        help_text=_("A ratio is multiplied by this: 100 for a percentage, 1000 for kg from t."),
    )
    decimals = models.PositiveSmallIntegerField(
        _("decimal places shown"), default=1, validators=[MinValueValidator(0)]
    )
    description = models.TextField(_("description"), blank=True)

    scope_path_lookup = None

    class Meta:
        ordering = ["code"]
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")

    def get_absolute_url(self):
        return object_url("plans:metric_detail", self.pk)

    @property
    def is_ratio(self):
        return self.kind == MetricKind.RATIO

    @property
    def lower_is_better(self):
        return self.direction == Direction.LOWER

    @property
    def display_unit(self):
        if prefers_chinese() and self.unit_of_measure_zh:
            return self.unit_of_measure_zh
        return self.unit_of_measure

    @property
    def kind_label(self):
        return MetricKind(self.kind).label

    @property
    def direction_label(self):
        return Direction(self.direction).label


class Plan(GexinModel):
    """A unit's plan for one period, holding a target per metric."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="plans"
    )
    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"), editable=False)
    title = models.CharField(_("title"), max_length=200, blank=True)
    status = models.CharField(
        pgettext_lazy("of a plan", "status"),
        max_length=10,
        choices=PlanStatus.choices,
        default=PlanStatus.DRAFT,
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adoption_note = models.CharField(
        _("adopted at"),
        max_length=300,
        blank=True,
        help_text=_("The meeting that adopted the plan, e.g. group meeting of 3 March."),
    )
    notes = models.TextField(_("notes"), blank=True)

    scope_path_lookup = "unit__path"

    class Meta:
        ordering = ["-start", "unit__path"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period_kind", "start"], name="plans_plan_one_per_period"
            )
        ]
        indexes = [models.Index(fields=["unit", "start", "end"], name="plans_plan_span")]

    def __str__(self):
        return f"{self.unit.display_name} · {self.period_label}"

    def save(self, *args, **kwargs):
        if self.start and self.period_kind:
            self.end = periods.period_end(self.period_kind, self.start)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return object_url("plans:plan_detail", self.pk)

    @property
    def period_label(self):
        return periods.period_label(self.period_kind, self.start)

    @property
    def period_kind_label(self):
        return PeriodKind(self.period_kind).label

    @property
    def status_label(self):
        return PlanStatus(self.status).label

    @property
    def days(self):
        return periods.days_between(self.start, self.end)

    @property
    def is_adopted(self):
        return self.status == PlanStatus.ADOPTED


class PlanTarget(GexinModel):
    """A plan's target for one metric. A leap revision keeps the original beside it."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets"
    )
    metric = models.ForeignKey(
        Metric, verbose_name=_("metric"), on_delete=models.PROTECT, related_name="+"
    )
    original = models.DecimalField(_("original target"), **TARGET_DIGITS)
    value = models.DecimalField(_("target"), **TARGET_DIGITS)
    revised_on = models.DateField(_("revised on"), null=True, blank=True)
    revision_note = models.CharField(_("reason for the revision"), max_length=300, blank=True)

    scope_path_lookup = "plan__unit__path"

    class Meta:
        ordering = ["plan", "metric__code"]
        verbose_name = _("plan target")
        verbose_name_plural = _("plan targets")
        constraints = [
            models.UniqueConstraint(fields=["plan", "metric"], name="plans_target_one_per_metric")
        ]

    def __str__(self):
        return f"{self.metric.code} {self.value}"

    def get_absolute_url(self):
        return self.plan.get_absolute_url()

    @property
    def is_revised(self):
        return self.value != self.original

    @property
    def revision_percent(self):
        """How much the revision raised (or cut) the target, in percent of the original."""
        if not self.original:
            return None
        return (self.value - self.original) / self.original * 100


class Pledge(GexinModel):
    """One worker's pledge towards their group's plan: targets and written conditions."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="pledges"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="pledges"
    )
    made_on = models.DateField(_("made on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    scope_path_lookup = "plan__unit__path"

    class Meta:
        ordering = ["plan", "person__name"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [
            models.UniqueConstraint(fields=["plan", "person"], name="plans_pledge_one_per_person")
        ]

    def __str__(self):
        return f"{self.person.display_name} · {self.plan.period_label}"

    def get_absolute_url(self):
        return object_url("plans:pledge_detail", self.pk)


class PledgeTarget(GexinModel):
    pledge = models.ForeignKey(
        Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="targets"
    )
    metric = models.ForeignKey(
        Metric, verbose_name=_("metric"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("target"), **TARGET_DIGITS)

    scope_path_lookup = "pledge__plan__unit__path"

    class Meta:
        ordering = ["pledge", "metric__code"]
        verbose_name = _("pledge target")
        verbose_name_plural = _("pledge targets")
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "metric"], name="plans_pledgetarget_one_per_metric"
            )
        ]

    def __str__(self):
        return f"{self.metric.code} {self.value}"

    def get_absolute_url(self):
        return self.pledge.get_absolute_url()


class Condition(GexinModel):
    """A written condition of a plan: of one worker's pledge, or of the whole group."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="conditions"
    )
    pledge = models.ForeignKey(
        Pledge,
        verbose_name=_("pledge"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conditions",
    )
    category = models.CharField(_("category"), max_length=10, choices=ConditionCategory.choices)
    text = models.CharField(_("condition"), max_length=500)
    kept = models.BooleanField(
        _("kept"), null=True, blank=True, help_text=_("Judged at the end of the period.")
    )

    scope_path_lookup = "plan__unit__path"

    class Meta:
        ordering = ["plan", "pledge", "category", "pk"]
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        owner = self.pledge if self.pledge_id else self.plan
        return owner.get_absolute_url()

    @property
    def category_label(self):
        return ConditionCategory(self.category).label


class ImportBatch(GexinModel):
    """One write of records: a shift's grid, an uploaded file, a command or an API call.

    Records are written in bulk, so their audit is kept here: who wrote how many,
    from where, and how many were new, changed or the same as before.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=10, choices=ImportSource.choices)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("new"), default=0)
    updated_count = models.PositiveIntegerField(_("changed"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    deleted_count = models.PositiveIntegerField(_("deleted"), default=0)

    # Every signed-in user sees the batches; the records themselves are scoped.
    scope_path_lookup = None

    class Meta:
        ordering = ["-created"]
        verbose_name = _("record batch")
        verbose_name_plural = _("record batches")

    def __str__(self):
        return f"#{self.pk} {self.get_source_display()}"

    def get_absolute_url(self):
        return object_url("plans:importbatch_detail", self.pk)


class Record(models.Model):
    """An actual figure for a unit, day, shift and quantity metric, optionally per person.

    Written only through gexin.plans.records, which validates every row, upserts on
    (unit, day, shift, metric, person) and keeps the daily and monthly totals in step.
    The foreign keys are checked there, not by the database, so that millions of
    rows load at full speed.
    """

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, db_constraint=False, db_index=False, related_name="+"
    )
    day = models.DateField(_("day"))
    shift = models.PositiveSmallIntegerField(_("shift"), choices=Shift.choices, default=0)
    metric = models.ForeignKey(
        Metric, on_delete=models.PROTECT, db_constraint=False, db_index=False, related_name="+"
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
    )
    value_milli = models.BigIntegerField()
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        related_name="+",
    )

    objects = RestrictedQuerySet.as_manager()
    scope_path_lookup = "unit__path"

    class Meta:
        verbose_name = _("record")
        verbose_name_plural = _("records")
        constraints = [
            models.UniqueConstraint(
                "unit",
                "day",
                "shift",
                "metric",
                Coalesce("person", 0),
                name="plans_record_key",
            )
        ]
        indexes = [
            models.Index(
                fields=["person", "day"],
                name="plans_record_person",
                condition=models.Q(person__isnull=False),
            )
        ]

    def __str__(self):
        return f"{self.day} {self.shift} {self.value}"

    @property
    def value(self):
        return from_milli(self.value_milli)

    @property
    def shift_label(self):
        return Shift(self.shift).label


class DailyTotal(models.Model):
    """The sum of a unit's own records of one metric on one day (all shifts and people)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, db_constraint=False, db_index=False, related_name="+"
    )
    metric = models.ForeignKey(
        Metric, on_delete=models.CASCADE, db_constraint=False, db_index=False, related_name="+"
    )
    day = models.DateField()
    value_milli = models.BigIntegerField()

    class Meta:
        constraints = [
            # Unit, then day: a subtree's totals over a range of days are one index range
            # per unit, whatever the metrics.
            models.UniqueConstraint(fields=["unit", "day", "metric"], name="plans_daily_key")
        ]

    def __str__(self):
        return f"{self.unit_id} {self.metric_id} {self.day}"


class MonthlyTotal(models.Model):
    """The sum of a unit's own records of one metric in one month (`month` is its 1st)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, db_constraint=False, db_index=False, related_name="+"
    )
    metric = models.ForeignKey(
        Metric, on_delete=models.CASCADE, db_constraint=False, db_index=False, related_name="+"
    )
    month = models.DateField()
    value_milli = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "month", "metric"], name="plans_monthly_key")
        ]
        # Month first and covering: a large subtree's months are read from the index alone.
        indexes = [
            models.Index(
                fields=["month", "unit", "metric", "value_milli"], name="plans_monthly_month"
            )
        ]

    def __str__(self):
        return f"{self.unit_id} {self.metric_id} {self.month}"
