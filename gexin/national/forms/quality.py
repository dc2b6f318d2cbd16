"""Forms of quality: a product standard with its limits, an inspection with its
measurements on one form, the import, and the rates' choice of unit and period."""

import datetime

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from gexin.core.forms import ScopedModelForm
from gexin.meetings.forms import DATE_INPUT
from gexin.national import quality
from gexin.national.models import Inspection, ProductStandard, StandardLimit
from gexin.org.forms import UnitField
from gexin.org.models import Unit

NUMBER = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


class StandardLimitForm(forms.ModelForm):
    class Meta:
        model = StandardLimit
        fields = [
            "property_code",
            "property_name",
            "property_name_zh",
            "unit_of_measure",
            "minimum",
            "maximum",
        ]


LimitFormSet = inlineformset_factory(
    ProductStandard, StandardLimit, form=StandardLimitForm, extra=2, can_delete=True
)


class ProductStandardForm(ScopedModelForm):
    """A standard and, below it, its limits (one row per property)."""

    class Meta:
        model = ProductStandard
        fields = ["code", "name", "name_zh", "product", "grade", "issued_by", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limits = LimitFormSet(
            self.data if self.is_bound else None, instance=self.instance, prefix="limits"
        )

    def is_valid(self):
        valid = super().is_valid()
        return self.limits.is_valid() and valid

    def save(self, commit=True):
        standard = super().save()
        self.limits.instance = standard
        self.limits.save()
        # New limits change the verdict on the lots already inspected.
        quality.rejudge_standard(standard)
        return standard


def property_fields():
    """{property code: (label, help)} over every standard's limits, for the inspection form."""
    found = {}
    for limit in StandardLimit.objects.select_related("standard").order_by("property_code", "pk"):
        label, bounds = found.setdefault(
            limit.property_code, (f"{limit.display_property} ({limit.unit_of_measure})", [])
        )
        bounds.append(f"{limit.standard.code}: {limit.bounds_text}")
    return found


class InspectionForm(ScopedModelForm):
    """An inspection and its measurements, one field per property, on one form."""

    unit = UnitField(label=_("Unit"))

    class Meta:
        model = Inspection
        fields = ["unit", "standard", "lot_number", "inspected_on", "tonnes", "inspector", "note"]
        widgets = {
            "inspected_on": DATE_INPUT,
            "tonnes": NUMBER,
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = "change" if self.instance.pk else "add"
        self.fields["unit"].queryset = Unit.objects.where_user_holds(
            self.user, f"national.{action}_inspection"
        )
        self.fields["standard"].queryset = ProductStandard.objects.order_by("code")
        stored = (
            {m.property_code: m.value for m in self.instance.measurements.all()}
            if self.instance.pk
            else {}
        )
        self.property_codes = []
        for code, (label, bounds) in property_fields().items():
            name = f"m_{code}"
            self.fields[name] = forms.DecimalField(
                label=label,
                required=False,
                max_digits=12,
                decimal_places=4,
                widget=NUMBER,
                help_text=" · ".join(bounds),
            )
            if code in stored:
                self.initial[name] = quality.plain(stored[code])
            self.property_codes.append(code)

    def clean(self):
        data = super().clean()
        standard = data.get("standard")
        day = data.get("inspected_on")
        if day is not None and not 1900 <= day.year <= 2199:
            self.add_error("inspected_on", _("Give a date between 1900 and 2199."))
        if standard is None:
            return data
        limit_codes = {limit.property_code for limit in standard.limits.all()}
        for code in self.property_codes:
            if data.get(f"m_{code}") is not None and code not in limit_codes:
                self.add_error(
                    f"m_{code}",
                    _("The standard %(code)s has no limit on this property.")
                    % {"code": standard.code},
                )
        unit, lot = data.get("unit"), data.get("lot_number")
        if unit and lot and day:
            twins = Inspection.objects.filter(unit=unit, lot_number=lot, inspected_on=day)
            if self.instance.pk:
                twins = twins.exclude(pk=self.instance.pk)
            if twins.exists():
                self.add_error("lot_number", _("This lot is already inspected on that date."))
        return data

    def measurement_values(self):
        return {code: self.cleaned_data.get(f"m_{code}") for code in self.property_codes}

    def save(self, commit=True):
        moved = bool(self.instance.pk) and "standard" in self.changed_data
        inspection = super().save(commit=False)
        inspection = quality.record(inspection, self.measurement_values())
        if moved:
            # The old standard's properties the new one has no limit on lose their values.
            inspection = quality.drop_unlimited(inspection)
        return inspection


MAX_UPLOAD = 10 * 1024 * 1024


def upload_problem(upload):
    """Why an uploaded import file is refused (wrong type, too large), or None."""
    if not upload.name.lower().endswith((".csv", ".xlsx")):
        return _("Choose a .csv or .xlsx file.")
    if upload.size > MAX_UPLOAD:
        return _("At most 10 MB.")
    return None


class InspectionImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("CSV (UTF-8) or XLSX, at most 20,000 rows.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        problem = upload_problem(upload)
        if problem:
            raise forms.ValidationError(problem)
        return upload


class RatesForm(forms.Form):
    """The unit, the dates and the period length of the qualified rates."""

    unit = forms.CharField(label=_("Unit"), required=False, help_text=_("Code; empty: yours."))
    start = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    end = forms.DateField(label=_("To"), required=False, widget=DATE_INPUT)
    by = forms.ChoiceField(
        label=_("Periods of"),
        required=False,
        choices=[(kind.value, kind.label) for kind in quality.BY_CHOICES],
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end comes before the start."))
        if start and end and (end - start) > datetime.timedelta(days=3660):
            self.add_error("end", _("At most ten years at a time."))
        return data
