"""Production lines with their chain of bottlenecks, and leaders' experimental fields."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gexin.core.models import GexinModel
from gexin.core.urls import object_url
from gexin.innovation.choices import (
    FieldEntryKind,
)
from gexin.innovation.models.base import FIGURE, campaign_field, unit_field
from gexin.innovation.models.campaigns import KeyIssue, Problem
from gexin.org.models import Person, Unit


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
        counts = dict(self.entries.order_by().values_list("kind").annotate(n=models.Count("pk")))
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
