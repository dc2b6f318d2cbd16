"""Models of national planning: board.

The ministry's daily board (gexin.national.board) reads everything else from `plans`;
all it keeps of its own is which enterprises are the key ones (重点企业) for a product,
so that they are listed on the board beside the provinces.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gexin.core.models import GexinModel

__all__ = ["KeyEnterprise"]


class KeyEnterprise(GexinModel):
    """A plant or enterprise the ministry follows directly for one product, since a day."""

    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="key_enterprise_marks",
    )
    metric = models.ForeignKey(
        "plans.Metric",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="key_enterprises",
    )
    since = models.DateField(_("key enterprise since"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("key enterprise")
        verbose_name_plural = _("key enterprises")
        ordering = ["unit__path", "metric__code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "metric"], name="national_key_enterprise_once")
        ]

    def __str__(self):
        return f"{self.unit} · {self.metric}"

    def get_absolute_url(self):
        return reverse("national:keyenterprise_detail", args=[self.pk])
