"""Field helpers shared by the innovation models."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from gexin.org.models import Unit

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
