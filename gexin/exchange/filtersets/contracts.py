"""Filters of contracts, their items, conferences and evaluations, shared by the UI lists
and the API."""

import datetime

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gexin.exchange.choices import ContractStatus, ItemKind, ItemStatus, Verdict
from gexin.exchange.models import Conference, Contract, ContractItem, ItemEvaluation
from gexin.org.filtersets import ScopedFilterSet, UnitRefFilter, WithinFilter


class ContractFilterSet(ScopedFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ContractStatus.choices, label=_("Status"))
    party = UnitRefFilter("parties", label=_("Party (plant id or code)"))
    unit = WithinFilter("unit__path", label=_("Kept within unit (id or code)"))

    class Meta:
        model = Contract
        fields = ["q", "status", "party", "unit"]

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).distinct()

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value) | Q(title__icontains=value) | Q(description__icontains=value)
        )


class ContractItemFilterSet(ScopedFilterSet):
    contract = django_filters.NumberFilter(field_name="contract_id", label=_("Contract id"))
    kind = django_filters.MultipleChoiceFilter(choices=ItemKind.choices, label=_("Kind"))
    status = django_filters.MultipleChoiceFilter(choices=ItemStatus.choices, label=_("Status"))
    obliged = WithinFilter("obliged_unit__path", label=_("Owned within unit (id or code)"))
    beneficiary = WithinFilter("beneficiary__path", label=_("For units within (id or code)"))
    is_overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))

    class Meta:
        model = ContractItem
        fields = ["q", "contract", "kind", "status", "obliged", "beneficiary", "is_overdue"]

    def filter_overdue(self, queryset, name, value):
        late = Q(
            status__in=(ItemStatus.PLANNED, ItemStatus.IN_PROGRESS),
            due_on__lt=datetime.date.today(),
        )
        return queryset.filter(late) if value else queryset.exclude(late)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(description__icontains=value) | Q(note__icontains=value))


class ConferenceFilterSet(ScopedFilterSet):
    contract = django_filters.NumberFilter(field_name="contract_id", label=_("Contract id"))
    participant = UnitRefFilter("participants", label=_("Participating plant (id or code)"))
    unit = WithinFilter("unit__path", label=_("Hosted within unit (id or code)"))

    class Meta:
        model = Conference
        fields = ["q", "contract", "participant", "unit"]

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).distinct()

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(place__icontains=value) | Q(decisions__icontains=value)
        )


class ItemEvaluationFilterSet(ScopedFilterSet):
    conference = django_filters.NumberFilter(field_name="conference_id", label=_("Conference id"))
    item = django_filters.NumberFilter(field_name="item_id", label=_("Contract item id"))
    contract = django_filters.NumberFilter(field_name="item__contract_id", label=_("Contract id"))
    verdict = django_filters.MultipleChoiceFilter(choices=Verdict.choices, label=_("Verdict"))

    class Meta:
        model = ItemEvaluation
        fields = ["q", "conference", "item", "contract", "verdict"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(note__icontains=value) | Q(item__description__icontains=value))
