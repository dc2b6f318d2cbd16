"""Filters of transfer plans and their rows, shared by the UI lists and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gexin.national.models import (
    Shipment,
    TransferDemand,
    TransferFlow,
    TransferPlan,
    TransferPlanStatus,
    TransferRoute,
    TransferSupply,
)
from gexin.org.filtersets import ScopedFilterSet, WithinFilter


class TransferPlanFilterSet(ScopedFilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=TransferPlanStatus.choices, label=_("Status")
    )
    unit = WithinFilter("unit__path", label=_("Planned within unit (id or code)"))

    class Meta:
        model = TransferPlan
        fields = ["q", "status", "unit"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(note__icontains=value))


class PlanRowFilterSet(ScopedFilterSet):
    plan = django_filters.NumberFilter(field_name="plan_id", label=_("Plan id"))

    def search(self, queryset, name, value):
        return queryset


class TransferSupplyFilterSet(PlanRowFilterSet):
    class Meta:
        model = TransferSupply
        fields = ["q", "plan"]


class TransferDemandFilterSet(PlanRowFilterSet):
    class Meta:
        model = TransferDemand
        fields = ["q", "plan"]


class TransferRouteFilterSet(PlanRowFilterSet):
    class Meta:
        model = TransferRoute
        fields = ["q", "plan"]


class TransferFlowFilterSet(PlanRowFilterSet):
    class Meta:
        model = TransferFlow
        fields = ["q", "plan"]


class ShipmentFilterSet(PlanRowFilterSet):
    route = django_filters.NumberFilter(field_name="route_id", label=_("Route id"))

    class Meta:
        model = Shipment
        fields = ["q", "plan", "route"]
