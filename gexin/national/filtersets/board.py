"""Filters of key enterprises, shared by the UI list and the API."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gexin.national import board
from gexin.national.models import KeyEnterprise
from gexin.org.filtersets import CodeChoiceFilter, ScopedFilterSet, WithinFilter
from gexin.plans.models import Metric


class KeyEnterpriseFilterSet(ScopedFilterSet):
    product = CodeChoiceFilter(
        field_name="metric__code",
        queryset=Metric.objects.filter(code__in=board.PRODUCTS),
        to_field_name="code",
        label=_("Product (metric code)"),
    )
    unit = WithinFilter("unit__path", label=_("Within unit (id or code)"))

    class Meta:
        model = KeyEnterprise
        fields = ["q", "product", "unit"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(unit__code__icontains=value)
            | Q(unit__name__icontains=value)
            | Q(unit__name_zh__icontains=value)
            | Q(note__icontains=value)
            | Q(source__icontains=value)
        )
