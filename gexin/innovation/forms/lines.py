"""Forms for production lines and their stations, experimental fields and their log."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gexin.core.forms import ScopedModelForm
from gexin.core.permissions import under
from gexin.innovation import lines
from gexin.innovation.choices import FieldEntryKind
from gexin.innovation.models import (
    Campaign,
    ExperimentalField,
    FieldLogEntry,
    KeyIssue,
    Problem,
    ProductionLine,
    Station,
)
from gexin.org.forms import PersonField, UnitField
from gexin.org.models import Person, Unit
from gexin.plans.choices import MetricKind
from gexin.plans.models import Metric

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def check_year(form, name):
    day = form.cleaned_data.get(name)
    if day is not None and not 1900 <= day.year <= 2199:
        form.add_error(name, _("Give a date between 1900 and 2199."))


class RefForm(ScopedModelForm):
    """A form whose unit and leader are typed as codes in `unit_ref` and `leader_ref`.

    The model's own checks name its fields `unit` and `leader`: their messages are shown
    on the `_ref` fields, unless those already say what is wrong.
    """

    REFS = {"unit": "unit_ref", "leader": "leader_ref"}

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            for model_name, form_name in self.REFS.items():
                messages = errors.error_dict.pop(model_name, None)
                if messages and form_name in self.fields and form_name not in self._errors:
                    errors.error_dict.setdefault(form_name, []).extend(messages)
        super()._update_errors(errors)


class ProductionLineForm(RefForm):
    """A line: where it is and what its capacities are measured in."""

    unit_ref = UnitField(label=_("Unit"))

    class Meta:
        model = ProductionLine
        fields = ["name", "measured_in", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    field_order = ["unit_ref", "name", "measured_in", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = (
            "innovation.change_productionline"
            if self.instance.pk
            else "innovation.add_productionline"
        )
        self.fields["unit_ref"].queryset = Unit.objects.where_user_holds(self.user, action)
        if self.instance.pk:
            self.initial.setdefault("unit_ref", self.instance.unit)

    def save(self, commit=True):
        self.instance.unit = self.cleaned_data["unit_ref"]
        self.instance.save()
        return self.instance


class StationForm(RefForm):
    """A station of a line: its capacity entered, or derived from a unit's records.

    Saved through gexin.innovation.lines.save_station, which writes the bottleneck
    history when the change moves the bottleneck or the line's output.
    """

    unit_ref = UnitField(
        label=_("Records of unit"),
        required=False,
        help_text=_(
            "To derive the capacity from production records: the unit whose records "
            "count, within the line's unit. Leave empty to enter the capacity."
        ),
    )
    note = forms.CharField(
        label=_("What was done"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. Furnace no. 1 extended. Kept in the bottleneck history."),
    )

    class Meta:
        model = Station
        fields = ["name", "capacity", "position", "metric"]

    field_order = ["name", "capacity", "position", "unit_ref", "metric", "note"]

    def __init__(self, *args, line, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = line
        self.instance.line = line
        self.record = None
        self.fields["capacity"].label = _("Capacity (%(measure)s)") % {"measure": line.measured_in}
        self.fields["capacity"].help_text = _(
            "What the station can turn out. Leave empty if it is not known yet; taken "
            "from the records when a unit and metric are given."
        )
        self.fields["capacity"].widget.attrs.update({"inputmode": "decimal", "min": "0"})
        self.fields["position"].required = False
        self.fields["position"].help_text = _("Place in the line, 1 first; empty puts it last.")
        # Its capacity is read from the unit's records: only units whose records one may read.
        self.fields["unit_ref"].queryset = Unit.objects.where_user_holds(
            self.user, "plans.view_record"
        ).filter(under("path", line.unit.path))
        self.fields["metric"].queryset = Metric.objects.filter(kind=MetricKind.QUANTITY)
        self.fields["metric"].help_text = _(
            "Its daily output; the capacity is the best day of the last 30 days."
        )
        if self.instance.pk:
            self.initial.setdefault("unit_ref", self.instance.unit)

    def clean(self):
        data = super().clean()
        unit, metric = data.get("unit_ref"), data.get("metric")
        if unit is not None and metric is None and "metric" not in self.errors:
            self.add_error("metric", _("Choose the metric whose records give the capacity."))
        if metric is not None and unit is None and "unit_ref" not in self.errors:
            self.add_error("unit_ref", _("Give the unit whose records give the capacity."))
        capacity = data.get("capacity")
        if capacity is not None and capacity < 0:
            self.add_error("capacity", _("A capacity cannot be negative."))
        self.instance.unit = unit
        return data

    def save(self, commit=True):
        station = self.instance
        self.record = lines.save_station(
            station,
            note=self.cleaned_data.get("note", "").strip(),
            position=self.cleaned_data.get("position"),
        )
        return station


class ExperimentalFieldForm(RefForm):
    """A leader adopts a unit as their experimental field for a period."""

    leader_ref = PersonField(label=_("Leader"))
    unit_ref = UnitField(label=_("Field (unit)"))

    class Meta:
        model = ExperimentalField
        fields = ["campaign", "starts_on", "ends_on", "aim"]
        widgets = {
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "aim": forms.Textarea(attrs={"rows": 3}),
        }

    field_order = ["leader_ref", "unit_ref", "campaign", "starts_on", "ends_on", "aim"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = (
            "innovation.change_experimentalfield"
            if self.instance.pk
            else "innovation.add_experimentalfield"
        )
        self.fields["unit_ref"].queryset = Unit.objects.where_user_holds(self.user, action)
        self.fields["leader_ref"].queryset = Person.objects.restrict(self.user, "view")
        self.fields["campaign"].queryset = Campaign.objects.restrict(self.user, "view")
        self.fields["ends_on"].help_text = _("Empty while the field goes on.")
        if self.instance.pk:
            self.initial.setdefault("unit_ref", self.instance.unit)
            self.initial.setdefault("leader_ref", self.instance.leader)

    def clean(self):
        data = super().clean()
        check_year(self, "starts_on")
        check_year(self, "ends_on")
        # The model's own checks (the period, the campaign's unit) read these.
        if data.get("unit_ref") is not None:
            self.instance.unit = data["unit_ref"]
        if data.get("leader_ref") is not None:
            self.instance.leader = data["leader_ref"]
        return data

    def save(self, commit=True):
        self.instance.save()
        return self.instance


class FieldLogEntryForm(ScopedModelForm):
    """What the leader found or solved in the field, written down on the spot."""

    class Meta:
        model = FieldLogEntry
        fields = ["on", "kind", "text", "problem", "key_issue"]
        widgets = {
            "on": DATE_INPUT,
            "kind": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, field, **kwargs):
        super().__init__(*args, **kwargs)
        self.field = field
        self.instance.field = field
        path = field.unit.path
        self.fields["kind"].choices = FieldEntryKind.choices
        self.fields["problem"].queryset = (
            Problem.objects.restrict(self.user, "view")
            .filter(under("unit__path", path))
            .order_by("-posted_on", "-pk")
        )
        self.fields["problem"].help_text = _("A problem posted in this field, if any.")
        self.fields["key_issue"].queryset = (
            KeyIssue.objects.restrict(self.user, "view")
            .filter(under("unit__path", path))
            .order_by("priority", "pk")
        )
        self.fields["key_issue"].help_text = _("A key issue of this field, if any.")

    def clean(self):
        data = super().clean()
        check_year(self, "on")
        return data

    def save(self, commit=True):
        self.instance.save()
        return self.instance
