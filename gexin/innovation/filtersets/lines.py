"""Filters of production lines and experimental fields, shared by the lists and the API.

`unit` selects a unit's whole subtree (by id or code): a plant's list holds the lines
and fields of its workshops and groups too.
"""

import datetime

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gexin.innovation.choices import FieldEntryKind
from gexin.innovation.models import (
    BottleneckRecord,
    ExperimentalField,
    FieldLogEntry,
    ProductionLine,
    Station,
)
from gexin.org.filtersets import ScopedFilterSet, WithinFilter, is_number

CURRENT, ENDED, UPCOMING = "current", "ended", "upcoming"
FIELD_STATES = (
    (CURRENT, pgettext_lazy("of an experimental field", "current")),
    (ENDED, pgettext_lazy("of an experimental field", "ended")),
    (UPCOMING, pgettext_lazy("of an experimental field", "not yet started")),
)


def subtree_filter(path_lookup):
    return WithinFilter(path_lookup, label=_("Unit and the units under it (id or code)"))


class PersonRefFilter(django_filters.CharFilter):
    """Objects of a person given by id or employee number."""

    def __init__(self, field, **kwargs):
        self.person_field = field
        super().__init__(**kwargs)

    def filter(self, queryset, value):
        value = (value or "").strip()
        if not value:
            return queryset
        lookup = Q(**{f"{self.person_field}__employee_number": value})
        if is_number(value):
            lookup |= Q(**{f"{self.person_field}_id": int(value)})
        return queryset.filter(lookup)


class ProductionLineFilterSet(ScopedFilterSet):
    unit = subtree_filter("unit__path")

    class Meta:
        model = ProductionLine
        fields = ["q", "unit"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        lines = queryset.filter(
            Q(name__icontains=value)
            | Q(description__icontains=value)
            | Q(unit__code__icontains=value)
            | Q(unit__name__icontains=value)
            | Q(unit__name_zh__icontains=value)
            | Q(pk__in=Station.objects.filter(name__icontains=value).values("line_id"))
        )
        return lines


class StationFilterSet(ScopedFilterSet):
    line = django_filters.NumberFilter(field_name="line_id", label=_("Line id"))
    unit = subtree_filter("line__unit__path")

    class Meta:
        model = Station
        fields = ["q", "line", "unit"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(name__icontains=value) if value else queryset


class BottleneckRecordFilterSet(ScopedFilterSet):
    line = django_filters.NumberFilter(field_name="line_id", label=_("Line id"))
    unit = subtree_filter("line__unit__path")
    since_from = django_filters.DateFilter(field_name="since", lookup_expr="gte", label=_("From"))
    since_to = django_filters.DateFilter(field_name="since", lookup_expr="lte", label=_("To"))

    class Meta:
        model = BottleneckRecord
        fields = ["q", "line", "unit", "since_from", "since_to"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(station_names__icontains=value)
            | Q(next_names__icontains=value)
            | Q(note__icontains=value)
        )


def field_state_q(state, today):
    """The fields current, ended or not yet started on `today`."""
    if state == CURRENT:
        return Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    if state == ENDED:
        return Q(ends_on__lt=today)
    return Q(starts_on__gt=today)


class ExperimentalFieldFilterSet(ScopedFilterSet):
    leader = PersonRefFilter("leader", label=_("Leader (id or employee number)"))
    unit = subtree_filter("unit__path")
    campaign = django_filters.NumberFilter(field_name="campaign_id", label=_("Campaign id"))
    state = django_filters.ChoiceFilter(
        choices=FIELD_STATES, method="filter_state", label=_("Current or ended")
    )

    class Meta:
        model = ExperimentalField
        fields = ["q", "leader", "unit", "campaign", "state"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(field_state_q(value, datetime.date.today()))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(aim__icontains=value)
            | Q(leader__name__icontains=value)
            | Q(leader__name_latin__icontains=value)
            | Q(leader__employee_number__icontains=value)
            | Q(unit__code__icontains=value)
            | Q(unit__name__icontains=value)
            | Q(unit__name_zh__icontains=value)
        )


class FieldLogEntryFilterSet(ScopedFilterSet):
    field = django_filters.NumberFilter(field_name="field_id", label=_("Experimental field id"))
    kind = django_filters.MultipleChoiceFilter(choices=FieldEntryKind.choices, label=_("Kind"))
    leader = PersonRefFilter("field__leader", label=_("Leader (id or employee number)"))
    unit = subtree_filter("field__unit__path")

    class Meta:
        model = FieldLogEntry
        fields = ["q", "field", "kind", "leader", "unit"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(text__icontains=value) if value else queryset
