"""Filters of furnaces and converters, shared by the list page and the API."""

import datetime

import django_filters
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gexin.national.models.equipment import Equipment, EquipmentKind, EquipmentStatus
from gexin.org.filtersets import ScopedFilterSet, WithinFilter

TRUE = ("1", "true", "True", "yes")


def late_q(as_of):
    """Started after the planned day, or not started and the planned day is past."""
    return Q(planned_start__isnull=False) & (
        Q(actual_start__gt=F("planned_start"))
        | Q(actual_start__isnull=True, planned_start__lt=as_of)
    )


class EquipmentFilterSet(ScopedFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=EquipmentKind.choices, label=_("Kind"))
    status = django_filters.MultipleChoiceFilter(choices=EquipmentStatus.choices, label=_("Status"))
    unit = WithinFilter("unit__path", label=_("Within unit (id or code)"))
    late = django_filters.CharFilter(
        method="filter_late", label=_("1: only those started after plan or not started in time")
    )

    class Meta:
        model = Equipment
        fields = ["q", "kind", "status", "unit", "late"]

    def filter_late(self, queryset, name, value):
        if value not in TRUE:
            return queryset
        from gexin.national.equipment import data_day

        return queryset.filter(late_q(data_day(datetime.date.today())))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(number__icontains=value)
            | Q(unit__name__icontains=value)
            | Q(unit__name_zh__icontains=value)
            | Q(unit__code__icontains=value)
        )
