"""Filters of express reports and subscriptions, shared by the UI lists and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gexin.exchange.choices import Language
from gexin.exchange.models import ExpressReport, Subscription
from gexin.org.filtersets import ScopedFilterSet, UnitRefFilter, WithinFilter


class ExpressReportFilterSet(ScopedFilterSet):
    plant = UnitRefFilter("plant", label=_("Plant (id or code)"))
    unit = WithinFilter("unit__path", label=_("From units within (id or code)"))
    language = django_filters.MultipleChoiceFilter(choices=Language.choices, label=_("Language"))
    is_published = django_filters.BooleanFilter(
        field_name="published_at", lookup_expr="isnull", exclude=True, label=_("Published")
    )
    experience = django_filters.NumberFilter(
        field_name="experience_id", label=_("Advanced experience id")
    )

    class Meta:
        model = ExpressReport
        fields = ["q", "plant", "unit", "language", "is_published", "experience"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(body__icontains=value))


class SubscriptionFilterSet(ScopedFilterSet):
    unit = UnitRefFilter("unit", label=_("Subscribing unit (id or code)"))
    plant = UnitRefFilter("plant", label=_("Plant (id or code)"))
    by_email = django_filters.BooleanFilter(label=_("Also by email"))

    class Meta:
        model = Subscription
        fields = ["q", "unit", "plant", "by_email"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(unit__name__icontains=value)
            | Q(unit__name_zh__icontains=value)
            | Q(unit__code__icontains=value)
            | Q(plant__name__icontains=value)
            | Q(plant__name_zh__icontains=value)
            | Q(plant__code__icontains=value)
        )
