"""Filters shared by the plans lists and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gexin.org.filtersets import ScopedFilterSet, UnitRefFilter, WithinFilter
from gexin.plans.choices import MetricKind, PeriodKind, PlanStatus, Shift
from gexin.plans.models import ImportBatch, Metric, Plan, Pledge, Record


class MetricFilterSet(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(choices=MetricKind.choices, label=_("Kind"))
    code = django_filters.CharFilter(label=_("Code"))

    class Meta:
        model = Metric
        fields = ["q", "kind", "code"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(name_zh__icontains=value)
        )


class PlanFilterSet(ScopedFilterSet):
    unit = UnitRefFilter("unit", label=_("Unit (id or code)"))
    within = WithinFilter("unit__path")
    period_kind = django_filters.ChoiceFilter(choices=PeriodKind.choices, label=_("Period"))
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices, label=_("Status"))
    year = django_filters.NumberFilter(method="filter_year", label=_("Year"))
    covers = django_filters.DateFilter(method="filter_covers", label=_("Covers the day"))

    class Meta:
        model = Plan
        fields = ["q", "unit", "within", "period_kind", "status", "year", "covers"]

    def filter_year(self, queryset, name, value):
        if value is None or not 1 <= value <= 9999 or value != int(value):
            return queryset.none()
        return queryset.filter(start__year=int(value))

    def filter_covers(self, queryset, name, value):
        return queryset.filter(start__lte=value, end__gte=value)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(unit__code__icontains=value)
            | Q(unit__name__icontains=value)
            | Q(unit__name_zh__icontains=value)
        )


class PledgeFilterSet(ScopedFilterSet):
    plan = django_filters.NumberFilter(field_name="plan_id", label=_("Plan id"))
    person = django_filters.CharFilter(
        field_name="person__employee_number", label=_("Employee number")
    )

    class Meta:
        model = Pledge
        fields = ["q", "plan", "person"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(person__name__icontains=value) | Q(person__employee_number__icontains=value)
        )


class RecordFilterSet(ScopedFilterSet):
    unit = UnitRefFilter("unit", label=_("Unit (id or code)"))
    within = WithinFilter("unit__path")
    metric = django_filters.CharFilter(field_name="metric__code", label=_("Metric code"))
    shift = django_filters.TypedChoiceFilter(choices=Shift.choices, coerce=int, label=_("Shift"))
    person = django_filters.CharFilter(
        field_name="person__employee_number", label=_("Employee number")
    )
    start = django_filters.DateFilter(field_name="day", lookup_expr="gte", label=_("From"))
    end = django_filters.DateFilter(field_name="day", lookup_expr="lte", label=_("To"))
    batch = django_filters.NumberFilter(field_name="batch_id", label=_("Batch"))

    class Meta:
        model = Record
        fields = ["q", "unit", "within", "metric", "shift", "person", "start", "end", "batch"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(unit__code__icontains=value)
            | Q(unit__name__icontains=value)
            | Q(unit__name_zh__icontains=value)
            | Q(metric__code__icontains=value)
        )


class ImportBatchFilterSet(ScopedFilterSet):
    class Meta:
        model = ImportBatch
        fields = ["q"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(file_name__icontains=value)
