"""Forms of the daily board: what it shows (read from the query string; everything may
be left out), and marking a key enterprise."""

import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from gexin.core.forms import ScopedModelForm
from gexin.meetings.forms import DATE_INPUT
from gexin.national import board
from gexin.national.models import KeyEnterprise
from gexin.org.choices import UnitKind
from gexin.org.forms import UnitField
from gexin.org.models import Unit
from gexin.plans.models import Metric

QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]([1-4])\s*$")


class ProductField(forms.ModelChoiceField):
    def label_from_instance(self, metric):
        return f"{metric.display_name} ({metric.display_unit})"


class BoardForm(forms.Form):
    """Product, unit, quarter, as-of day and N; what is left empty is defaulted."""

    metric = ProductField(
        label=_("Product"),
        queryset=Metric.objects.filter(code__in=board.PRODUCTS).order_by("code"),
        to_field_name="code",
        required=False,
    )
    unit = forms.CharField(
        label=_("Unit (code)"),
        required=False,
        max_length=100,
        help_text=_("The units one level below it are lined up; by default your top unit."),
    )
    quarter = forms.CharField(
        label=_("Quarter"),
        required=False,
        max_length=7,
        help_text=_("For example 1959Q1; by default the current one, or the latest with records."),
    )
    as_of = forms.DateField(label=_("As of"), required=False, widget=DATE_INPUT)
    days_running = forms.IntegerField(
        label=_("Days running"),
        required=False,
        min_value=1,
        max_value=92,
        help_text=_("Flag a unit below the required level for this many days running."),
    )

    def clean_unit(self):
        code = self.cleaned_data.get("unit")
        if not code:
            return None
        unit = Unit.objects.filter(code=code.strip()).first()
        if unit is None:
            raise forms.ValidationError(_("No unit has this code."))
        return unit

    def clean_quarter(self):
        text = self.cleaned_data.get("quarter")
        if not text:
            return None
        found = QUARTER.match(text)
        if not found:
            raise forms.ValidationError(_("Write the quarter as 1959Q1."))
        year, number = int(found[1]), int(found[2])
        if not 1900 <= year <= 2100:
            raise forms.ValidationError(_("Choose a year between 1900 and 2100."))
        return datetime.date(year, 3 * number - 2, 1)

    def clean(self):
        data = super().clean()
        quarter, as_of = data.get("quarter"), data.get("as_of")
        if as_of and not 1900 <= as_of.year <= 2100:
            self.add_error("as_of", _("Choose a year between 1900 and 2100."))
        elif quarter and as_of and board.quarter_of(as_of)[0] != quarter:
            self.add_error("as_of", _("The day is not in the quarter."))
        return data

    def wanted(self):
        """The cleaned choices that were given, as keyword arguments of board.choose."""
        return {name: value for name, value in self.cleaned_data.items() if value}


# Key enterprises

# Only a plant or an enterprise is followed as a key enterprise.
KEY_KINDS = (UnitKind.PLANT, UnitKind.ENTERPRISE)


def products():
    """The products a unit may be a key enterprise for: those the board follows."""
    return Metric.objects.filter(code__in=board.PRODUCTS).order_by("code")


def check_key_enterprise(unit, metric, instance=None):
    """The rules of a key enterprise: {field: [message, …]} of what is wrong ({}: none).

    The unit is a plant or an enterprise, and it is marked at most once per product.
    """
    errors = {}
    if unit is not None and unit.kind not in KEY_KINDS:
        errors["unit"] = [
            _("Only a plant or an enterprise can be a key enterprise; %(unit)s is a %(kind)s.")
            % {"unit": unit.display_name, "kind": unit.get_kind_display()}
        ]
    if unit is not None and metric is not None:
        others = KeyEnterprise.objects.filter(unit=unit, metric=metric)
        if instance is not None and instance.pk:
            others = others.exclude(pk=instance.pk)
        if others.exists():
            errors.setdefault("unit", []).append(
                _("%(unit)s is already a key enterprise for %(product)s.")
                % {"unit": unit.display_name, "product": metric.display_name}
            )
    return errors


class KeyEnterpriseForm(ScopedModelForm):
    """Mark a plant or enterprise of the user's units as key for one of the board's
    products, from a day on."""

    unit = UnitField(
        label=_("Enterprise"),
        help_text=_("The code of a plant or enterprise; one mark per product."),
    )
    metric = ProductField(label=_("Product"), queryset=Metric.objects.none(), to_field_name="code")

    class Meta:
        model = KeyEnterprise
        fields = ["unit", "metric", "since", "note", "source"]
        widgets = {"since": DATE_INPUT}
        help_texts = {
            "since": _("The board lists it from this day on."),
            "source": _("Where the mark comes from, e.g. the ministry's list of key enterprises."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = "change" if self.instance.pk else "add"
        self.fields["unit"].queryset = Unit.objects.where_user_holds(
            self.user, f"national.{action}_keyenterprise"
        )
        self.fields["metric"].queryset = products()

    def clean(self):
        data = super().clean()
        errors = check_key_enterprise(data.get("unit"), data.get("metric"), self.instance)
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field, message)
        return data

    def validate_unique(self):
        # The one-per-unit-and-product rule is checked in clean() with its own message.
        pass
