"""Choices of the plans app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MetricKind(models.TextChoices):
    """A quantity is summed; a ratio is one summed quantity over another."""

    QUANTITY = "quantity", _("quantity")
    RATIO = "ratio", _("ratio")


class Direction(models.TextChoices):
    """Whether a higher or a lower figure is better (output up, coal per tonne down)."""

    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class PeriodKind(models.TextChoices):
    """The length of a plan's period."""

    YEAR = "year", _("year")
    QUARTER = "quarter", _("quarter")
    MONTH = "month", _("month")
    TEN_DAYS = "ten_days", _("ten days")
    WEEK = "week", _("week")
    DAY = "day", _("day")


# From the longest period to the shortest.
PERIOD_ORDER = [
    PeriodKind.YEAR,
    PeriodKind.QUARTER,
    PeriodKind.MONTH,
    PeriodKind.TEN_DAYS,
    PeriodKind.WEEK,
    PeriodKind.DAY,
]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ADOPTED = "adopted", _("adopted")


class Shift(models.IntegerChoices):
    """The shift a record covers; 0 is a figure for the whole day."""

    WHOLE_DAY = 0, _("whole day")
    FIRST = 1, pgettext_lazy("work shift", "first shift")
    SECOND = 2, pgettext_lazy("work shift", "second shift")
    THIRD = 3, pgettext_lazy("work shift", "third shift")


class ConditionCategory(models.TextChoices):
    """The written conditions of a pledge or a group plan."""

    QUALITY = "quality", _("quality")
    SAFETY = "safety", _("safety")
    RULES = "rules", _("rules kept")
    STUDY = "study", _("study")
    OTHER = "other", _("other")


class ImportSource(models.TextChoices):
    GRID = "grid", _("entry grid")
    FILE = "file", _("file upload")
    COMMAND = "command", _("command line")
    API = "api", _("API")
    DEMO = "demo", _("demo data")
    BENCH = "bench", _("benchmark")
