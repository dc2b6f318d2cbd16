"""Filters of cooperation requests and their items, shared by the list and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gexin.exchange.choices import CooperationKind, ExchangeStatus, Flow
from gexin.exchange.models import Cooperation, CooperationItem
from gexin.org.filtersets import ScopedFilterSet, WithinFilter


class CooperationFilterSet(ScopedFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=CooperationKind.choices, label=_("Kind"))
    status = django_filters.MultipleChoiceFilter(choices=ExchangeStatus.choices, label=_("Status"))
    unit = WithinFilter("unit__path", label=_("Requested within unit (id or code)"))
    partner = WithinFilter("partner__path", label=_("Partner within unit (id or code)"))

    class Meta:
        model = Cooperation
        fields = ["q", "kind", "status", "unit", "partner"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(partner_name__icontains=value)
            | Q(unit__name__icontains=value)
            | Q(unit__name_zh__icontains=value)
            | Q(partner__name__icontains=value)
            | Q(partner__name_zh__icontains=value)
        )


class CooperationItemFilterSet(ScopedFilterSet):
    cooperation = django_filters.NumberFilter(
        field_name="cooperation_id", label=_("Cooperation id")
    )
    flow = django_filters.MultipleChoiceFilter(choices=Flow.choices, label=_("Given or received"))

    class Meta:
        model = CooperationItem
        fields = ["q", "cooperation", "flow"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(description__icontains=value)
