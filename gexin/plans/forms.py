"""Forms for metrics, plans, targets, pledges, conditions and record imports."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from gexin.core.forms import ScopedModelForm
from gexin.org.forms import PersonField, UnitField
from gexin.org.models import Person, Unit
from gexin.plans import services
from gexin.plans.choices import MetricKind, Shift
from gexin.plans.models import TARGET_DIGITS, Condition, Metric, Plan, Pledge
from gexin.plans.records import COLUMNS

MIN_YEAR, MAX_YEAR = 1900, 2199


def year_error():
    return _("Give a day between the years %(first)s and %(last)s.") % {
        "first": MIN_YEAR,
        "last": MAX_YEAR,
    }


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def target_field(metric, required=False):
    return forms.DecimalField(
        label=f"{metric.display_name} ({metric.display_unit})",
        required=required,
        min_value=Decimal(0),
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        **TARGET_DIGITS,
    )


class MetricForm(ScopedModelForm):
    class Meta:
        model = Metric
        fields = [
            "code",
            "name",
            "name_zh",
            "unit_of_measure",
            "unit_of_measure_zh",
            "kind",
            "direction",
            "numerator",
            "denominator",
            "factor",
            "decimals",
            "description",
        ]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        numerator, denominator = data.get("numerator"), data.get("denominator")
        if kind == MetricKind.RATIO:
            if numerator is None:
                self.add_error("numerator", _("A ratio needs a numerator."))
            if denominator is None:
                self.add_error("denominator", _("A ratio needs a denominator."))
            if numerator is not None and numerator == denominator:
                self.add_error("denominator", _("Numerator and denominator must differ."))
        elif kind == MetricKind.QUANTITY and (numerator or denominator):
            self.add_error(
                "numerator", _("A quantity is recorded, not computed: leave these empty.")
            )
        if self.instance.pk and kind and kind != self.instance.kind:
            from gexin.plans.models import Record

            if Record.objects.filter(metric=self.instance).exists():
                self.add_error("kind", _("Records exist for this metric; its kind is fixed."))
        return data


class PlanForm(ScopedModelForm):
    unit_ref = UnitField(label=_("Unit"))

    class Meta:
        model = Plan
        fields = ["period_kind", "start", "title", "notes"]
        widgets = {"start": DATE_INPUT}
        help_texts = {"start": _("Any day of the period; the plan starts on its first day.")}

    field_order = ["unit_ref", "period_kind", "start", "title", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        perm = "plans.change_plan" if self.instance.pk else "plans.add_plan"
        self.fields["unit_ref"].queryset = Unit.objects.where_user_holds(self.user, perm)
        if self.instance.pk:
            self.initial.setdefault("unit_ref", self.instance.unit)

    def clean(self):
        data = super().clean()
        unit, kind, start = data.get("unit_ref"), data.get("period_kind"), data.get("start")
        if start and not MIN_YEAR <= start.year <= MAX_YEAR:
            self.add_error("start", year_error())
            return data
        if unit and kind and start:
            try:
                data["start"] = services.clean_period(unit, kind, start, self.instance)
            except forms.ValidationError as error:
                self.add_error("start", error)
        return data

    def save(self, commit=True):
        self.instance.unit = self.cleaned_data["unit_ref"]
        self.instance.start = self.cleaned_data["start"]
        return super().save(commit)


class TargetsForm(forms.Form):
    """One field per metric; blank means no target."""

    revision_note = forms.CharField(
        label=_("Reason for the revision"),
        required=False,
        max_length=300,
        help_text=_("Required when an adopted plan's targets change (a leap plan)."),
    )

    def __init__(self, *args, plan, metrics, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.metrics = list(metrics)
        current = {target.metric_id: target.value for target in plan.targets.all()}
        for metric in self.metrics:
            field = target_field(metric)
            field.initial = current.get(metric.pk)
            field.metric = metric
            self.fields[f"metric_{metric.code}"] = field
        if not plan.is_adopted:
            del self.fields["revision_note"]
        else:
            self.order_fields([*[f"metric_{m.code}" for m in self.metrics], "revision_note"])

    def values(self):
        return {
            self.fields[name].metric: self.cleaned_data.get(name)
            for name in self.fields
            if name.startswith("metric_")
        }

    def quantity_fields(self):
        return [self[f"metric_{m.code}"] for m in self.metrics if m.kind == MetricKind.QUANTITY]

    def ratio_fields(self):
        return [self[f"metric_{m.code}"] for m in self.metrics if m.kind == MetricKind.RATIO]


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(label=_("Adopted on"), widget=DATE_INPUT)
    adoption_note = forms.CharField(
        label=_("Adopted at"),
        max_length=300,
        required=False,
        help_text=_("The meeting that adopted the plan, e.g. group meeting of 3 March."),
    )


class BreakdownForm(forms.Form):
    """A grid: one row per child unit, one column per quantity metric of the parent plan."""

    revision_note = forms.CharField(
        label=_("Reason for the revision"),
        required=False,
        max_length=300,
        help_text=_("Required when a child's adopted plan changes."),
    )

    def __init__(self, *args, rows, metrics, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = []
        self.metrics = metrics
        for child, child_plan, values in rows:
            cells = []
            for metric in metrics:
                name = f"u{child.pk}_{metric.code}"
                field = target_field(metric)
                field.label = f"{child.display_name}: {metric.display_name}"
                field.initial = values.get(metric.pk)
                self.fields[name] = field
                cells.append(name)
            self.grid.append((child, child_plan, cells))

    def rows(self):
        return [(child, plan, [self[name] for name in cells]) for child, plan, cells in self.grid]

    def values(self):
        result = {}
        for child, _plan, cells in self.grid:
            result[child] = {
                metric: self.cleaned_data.get(name)
                for metric, name in zip(self.metrics, cells, strict=True)
            }
        return result


class PledgeForm(ScopedModelForm):
    person_ref = PersonField(label=_("Person"))

    class Meta:
        model = Pledge
        fields = ["made_on", "notes"]
        widgets = {"made_on": DATE_INPUT}

    field_order = ["person_ref", "made_on"]

    def __init__(self, *args, plan, metrics, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["person_ref"].queryset = Person.objects.filter(
            unit_path__startswith=plan.unit.path
        )
        if self.instance.pk:
            self.initial.setdefault("person_ref", self.instance.person)
        current = {}
        if self.instance.pk:
            current = {target.metric_id: target.value for target in self.instance.targets.all()}
        self.metrics = list(metrics)
        for metric in self.metrics:
            field = target_field(metric)
            field.initial = current.get(metric.pk)
            field.metric = metric
            self.fields[f"metric_{metric.code}"] = field

    def clean_person_ref(self):
        person = self.cleaned_data["person_ref"]
        clash = Pledge.objects.filter(plan=self.plan, person=person).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("This person already has a pledge in this plan."))
        return person

    def target_values(self):
        return {
            self.fields[name].metric: self.cleaned_data.get(name)
            for name in self.fields
            if name.startswith("metric_")
        }

    def save(self, commit=True):
        self.instance.plan = self.plan
        self.instance.person = self.cleaned_data["person_ref"]
        return services.save_pledge(self.instance, self.target_values())


class ConditionForm(ScopedModelForm):
    kept = forms.NullBooleanField(
        label=_("Kept"),
        required=False,
        widget=forms.NullBooleanSelect(),
        help_text=_("Judged at the end of the period."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kept"].widget.choices = [
            ("unknown", _("not judged yet")),
            ("true", _("yes")),
            ("false", _("no")),
        ]

    class Meta:
        model = Condition
        fields = ["category", "text", "kept"]


class GridForm(forms.Form):
    """Which unit, day and shift a grid of figures is for."""

    unit = UnitField(label=_("Unit"))
    day = forms.DateField(label=_("Day"), widget=DATE_INPUT)
    shift = forms.TypedChoiceField(
        label=_("Shift"), choices=Shift.choices, coerce=int, initial=Shift.FIRST
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.where_user_holds(user, "plans.add_record")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("CSV or XLSX with the columns %(columns)s.") % {
            "columns": ",".join(COLUMNS)
        }
