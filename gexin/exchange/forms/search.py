"""The search form: words, and the filters by kind, work type, plant and date."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gexin.exchange.choices import DocumentKind
from gexin.exchange.models import PLANT_KINDS, SearchDocument
from gexin.org.models import Unit, WorkType

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FIRST_YEAR, LAST_YEAR = 1900, 2199
FILTERS = ("kind", "work_type", "plant", "start", "end")


class PlantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return unit.display_name


class WorkTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, work_type):
        return work_type.display_name


class SearchForm(forms.Form):
    """What to look for. The plants offered are those experiences come from and the
    user's own; work types are a shared catalogue."""

    q = forms.CharField(label=_("Search"), required=False, max_length=500)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("any"))] + DocumentKind.choices
    )
    work_type = WorkTypeChoiceField(
        label=_("Work type"),
        required=False,
        queryset=WorkType.objects.none(),
        to_field_name="code",
        empty_label=_("any"),
    )
    plant = PlantChoiceField(
        label=_("Plant"), required=False, queryset=Unit.objects.none(), empty_label=_("any")
    )
    start = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    end = forms.DateField(label=_("To"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_type"].queryset = WorkType.objects.order_by("name")
        from_experiences = SearchDocument.objects.filter(kind=DocumentKind.EXPERIENCE).values(
            "plant_id"
        )
        own = Unit.objects.restrict(user, "view").filter(kind__in=PLANT_KINDS).values("pk")
        self.fields["plant"].queryset = Unit.objects.filter(
            Q(pk__in=from_experiences) | Q(pk__in=own), kind__in=PLANT_KINDS
        ).order_by("path")

    def clean(self):
        data = super().clean()
        for name in ("start", "end"):
            day = data.get(name)
            if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
                self.add_error(name, _("Give a date between 1900 and 2199."))
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end is before the start."))
        return data

    @property
    def is_filtered(self):
        """True when any filter beyond the words is set."""
        return any(self.cleaned_data.get(name) for name in FILTERS)

    def search_arguments(self):
        data = self.cleaned_data
        return {
            "kinds": [data["kind"]] if data.get("kind") else None,
            "work_type": data.get("work_type"),
            "plant": data.get("plant"),
            "start": data.get("start"),
            "end": data.get("end"),
        }
