"""Models of national planning: quality by product standard (seed 004: "produce in
accordance with product standards … technical inspection systems").

A product standard holds limits on measured properties; an inspection of one lot or heat
holds its measurements and the verdict computed from them (`gexin.national.quality`),
never typed: qualified, not qualified (with the failing limits), or not judged (a limit
of the standard has no measurement).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gexin.core.models import GexinModel
from gexin.org.models import BilingualName, Unit, prefers_chinese

__all__ = [
    "Inspection",
    "Measurement",
    "Product",
    "ProductStandard",
    "QualityResult",
    "StandardLimit",
]

CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9_.\-]+$", _("Use letters, digits, dots, dashes and underscores.")
)


class Product(models.TextChoices):
    STEEL_INGOT = "steel_ingot", _("carbon steel ingot")
    PIG_IRON_STEELMAKING = "pig_iron_steelmaking", _("pig iron for steelmaking")
    FOUNDRY_PIG_IRON = "foundry_pig_iron", _("foundry pig iron")
    STEEL_PRODUCTS = "steel_products", _("steel products")


class QualityResult(models.TextChoices):
    QUALIFIED = "qualified", _("qualified")
    NOT_QUALIFIED = "not_qualified", _("not qualified")
    NOT_JUDGED = "not_judged", _("not judged")


class ProductStandard(BilingualName, GexinModel):
    """A product standard (产品标准): a grade of a product and the limits its lots must meet.

    A shared catalogue like the metrics: everyone signed in reads it; only an
    administrator at the root of the tree changes it.
    """

    code = models.CharField(
        _("code"),
        max_length=50,
        unique=True,
        validators=[CODE_VALIDATOR],
        help_text=_("Used by imports and the API, e.g. converter-ingot-1959."),
    )
    product = models.CharField(_("product"), max_length=30, choices=Product.choices)
    grade = models.CharField(_("grade"), max_length=50, blank=True)
    issued_by = models.CharField(_("issued by"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.TextField(_("source"), blank=True)

    scope_path_lookup = None

    class Meta:
        ordering = ["code"]
        verbose_name = _("product standard")
        verbose_name_plural = _("product standards")

    def get_absolute_url(self):
        return reverse("national:productstandard_detail", args=[self.pk])


class StandardLimit(GexinModel):
    """A bound on one measured property under a standard: sulphur ≤ 0.050 %, …"""

    standard = models.ForeignKey(
        ProductStandard,
        verbose_name=_("product standard"),
        on_delete=models.CASCADE,
        related_name="limits",
    )
    property_code = models.CharField(
        _("property code"),
        max_length=30,
        validators=[
            RegexValidator(r"^[a-z0-9_]+$", _("Use lower-case letters, digits and underscores."))
        ],
        help_text=_("Also the column name in imports, e.g. sulphur."),
    )
    property_name = models.CharField(_("property"), max_length=100)
    property_name_zh = models.CharField(
        _("Chinese name of the property"), max_length=100, blank=True
    )
    unit_of_measure = models.CharField(_("unit of measure"), max_length=20, default="%")
    minimum = models.DecimalField(
        _("minimum"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    maximum = models.DecimalField(
        _("maximum"), max_digits=12, decimal_places=4, null=True, blank=True
    )

    scope_path_lookup = None

    class Meta:
        ordering = ["standard", "property_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "property_code"], name="national_limit_one_per_property"
            )
        ]
        verbose_name = _("standard limit")
        verbose_name_plural = _("standard limits")

    def __str__(self):
        return f"{self.display_property} {self.bounds_text}"

    @property
    def display_property(self):
        if prefers_chinese() and self.property_name_zh:
            return self.property_name_zh
        return self.property_name

    @property
    def bounds_text(self):
        def plain(value):
            text = format(value, "f")
            return text.rstrip("0").rstrip(".") if "." in text else text

        unit = self.unit_of_measure
        if self.minimum is not None and self.maximum is not None:
            return f"{plain(self.minimum)}–{plain(self.maximum)} {unit}"
        if self.maximum is not None:
            return f"≤ {plain(self.maximum)} {unit}"
        return f"≥ {plain(self.minimum)} {unit}"

    def clean(self):
        if self.minimum is None and self.maximum is None:
            raise ValidationError(_("Give a minimum, a maximum or both."))
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValidationError({"maximum": _("The maximum is below the minimum.")})

    def admits(self, value):
        """True when `value` lies within the bounds (both included)."""
        if self.minimum is not None and value < self.minimum:
            return False
        return not (self.maximum is not None and value > self.maximum)

    def get_absolute_url(self):
        return self.standard.get_absolute_url()


class Inspection(GexinModel):
    """The inspection (检验) of one lot or heat of a unit against a product standard.

    `result`, `failing` and `missing` are computed from the measurements by
    `gexin.national.quality.judge` whenever they change; they are never typed.
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="inspections"
    )
    standard = models.ForeignKey(
        ProductStandard,
        verbose_name=_("product standard"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    lot_number = models.CharField(
        _("lot or heat number"), max_length=50, help_text=_("e.g. the heat number 0202-07.")
    )
    inspected_on = models.DateField(_("date"))
    tonnes = models.DecimalField(
        _("tonnes"),
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Optional: the lot's weight, for the qualified rate by tonnes."),
    )
    inspector = models.CharField(_("inspector"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    result = models.CharField(
        _("result"),
        max_length=20,
        choices=QualityResult.choices,
        default=QualityResult.NOT_JUDGED,
        editable=False,
    )
    failing = models.JSONField(
        _("failing limits"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("The limits the lot failed: property, value and bounds."),
    )
    missing = models.JSONField(
        _("missing measurements"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("Properties of the standard with no measurement: the lot is not judged."),
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["-inspected_on", "unit", "lot_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "lot_number", "inspected_on"],
                name="national_inspection_one_per_lot",
            )
        ]
        indexes = [models.Index(fields=["inspected_on", "result"])]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self):
        return f"{self.lot_number} · {self.inspected_on.isoformat()}"

    def get_absolute_url(self):
        return reverse("national:inspection_detail", args=[self.pk])

    @property
    def is_judged(self):
        return self.result != QualityResult.NOT_JUDGED


class Measurement(GexinModel):
    """One measured property of an inspected lot (sulphur 0.031 %)."""

    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("inspection"),
        on_delete=models.CASCADE,
        related_name="measurements",
    )
    property_code = models.CharField(_("property code"), max_length=30)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=4)

    scope_path_lookup = "inspection__unit__path"

    class Meta:
        ordering = ["inspection", "property_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "property_code"], name="national_measurement_one_per_property"
            )
        ]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")

    def __str__(self):
        return f"{self.property_code} = {self.value}"

    def get_absolute_url(self):
        return self.inspection.get_absolute_url()
