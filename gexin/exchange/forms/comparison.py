"""The choice of what the same-type comparison lines up (read from the query string)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gexin.exchange.forms.cards import check_years
from gexin.meetings.forms import DATE_INPUT
from gexin.org.choices import UnitKind
from gexin.org.models import WorkType
from gexin.plans.models import Metric

LONGEST_DAYS = 366 * 5


class MetricChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, metric):
        return f"{metric.display_name} ({metric.display_unit})"


class ComparisonForm(forms.Form):
    """Work type, metric, period and kind of unit; whatever is left empty is defaulted."""

    work_type = forms.ModelChoiceField(
        label=_("Work type"),
        queryset=WorkType.objects.order_by("name"),
        to_field_name="code",
        required=False,
    )
    metric = MetricChoiceField(
        label=_("Metric"),
        queryset=Metric.objects.order_by("code"),
        to_field_name="code",
        required=False,
    )
    start = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    end = forms.DateField(label=_("To"), required=False, widget=DATE_INPUT)
    kind = forms.ChoiceField(
        label=_("Units compared"),
        choices=[
            (value, label)
            for value, label in UnitKind.choices
            if value not in (UnitKind.MINISTRY, UnitKind.BUREAU, UnitKind.PROVINCE)
        ],
        required=False,
    )

    def clean(self):
        data = super().clean()
        check_years(self, "start", "end")
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The period ends before it starts."))
            elif (end - start).days > LONGEST_DAYS:
                self.add_error("end", _("Compare at most five years at a time."))
        return data
