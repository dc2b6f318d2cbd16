"""Filters of standards and inspections, shared by the UI lists and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gexin.national.models import (
    Inspection,
    Product,
    ProductStandard,
    QualityResult,
    StandardLimit,
)
from gexin.org.filtersets import CodeChoiceFilter, ScopedFilterSet, WithinFilter


class ProductStandardFilterSet(ScopedFilterSet):
    product = django_filters.ChoiceFilter(choices=Product.choices, label=_("Product"))
    code = django_filters.CharFilter(label=_("Code"))

    class Meta:
        model = ProductStandard
        fields = ["q", "product", "code"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value)
            | Q(name__icontains=value)
            | Q(name_zh__icontains=value)
            | Q(grade__icontains=value)
        )


class StandardLimitFilterSet(ScopedFilterSet):
    standard = CodeChoiceFilter(
        field_name="standard__code",
        queryset=ProductStandard.objects.all(),
        to_field_name="code",
        label=_("Product standard (code)"),
    )

    class Meta:
        model = StandardLimit
        fields = ["standard", "property_code"]


class InspectionFilterSet(ScopedFilterSet):
    within = WithinFilter("unit__path")
    standard = CodeChoiceFilter(
        field_name="standard__code",
        queryset=ProductStandard.objects.all(),
        to_field_name="code",
        label=_("Product standard (code)"),
    )
    result = django_filters.MultipleChoiceFilter(choices=QualityResult.choices, label=_("Result"))
    start = django_filters.DateFilter(
        field_name="inspected_on", lookup_expr="gte", label=_("From (YYYY-MM-DD)")
    )
    end = django_filters.DateFilter(
        field_name="inspected_on", lookup_expr="lte", label=_("To (YYYY-MM-DD)")
    )

    class Meta:
        model = Inspection
        fields = ["q", "within", "standard", "result", "start", "end"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(lot_number__icontains=value)
            | Q(inspector__icontains=value)
            | Q(unit__code__icontains=value)
            | Q(unit__name__icontains=value)
            | Q(unit__name_zh__icontains=value)
        )
