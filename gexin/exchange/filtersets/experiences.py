"""Filters of experiences and adoptions, shared by the UI lists and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gexin.exchange.choices import AdoptionStatus, Language
from gexin.exchange.models import Adoption, Experience
from gexin.exchange.spread import overdue_q
from gexin.org.filtersets import CodeChoiceFilter, ScopedFilterSet, WithinFilter
from gexin.org.models import WorkType


class ExperienceFilterSet(ScopedFilterSet):
    work_type = CodeChoiceFilter(
        field_name="work_type__code",
        queryset=WorkType.objects.all(),
        to_field_name="code",
        label=_("Work type"),
    )
    unit = WithinFilter("unit__path", label=_("Within plant or unit (id or code)"))
    language = django_filters.MultipleChoiceFilter(choices=Language.choices, label=_("Language"))
    introduced_after = django_filters.DateFilter(
        field_name="introduced_on", lookup_expr="gte", label=_("Introduced from")
    )
    introduced_before = django_filters.DateFilter(
        field_name="introduced_on", lookup_expr="lte", label=_("Introduced until")
    )
    key_issue = django_filters.NumberFilter(field_name="key_issue_id", label=_("Key issue id"))
    proposal = django_filters.NumberFilter(field_name="proposal_id", label=_("Proposal id"))
    producer = django_filters.NumberFilter(
        field_name="producer_id", label=_("Advanced producer id")
    )

    class Meta:
        model = Experience
        fields = [
            "q",
            "work_type",
            "unit",
            "language",
            "introduced_after",
            "introduced_before",
            "key_issue",
            "proposal",
            "producer",
        ]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(problem__icontains=value) | Q(method__icontains=value)
        )


class AdoptionFilterSet(ScopedFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=AdoptionStatus.choices, label=_("Status"))
    is_overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Check overdue"))
    experience = django_filters.NumberFilter(
        field_name="experience_id", label=_("Advanced experience id")
    )
    unit = WithinFilter("unit__path", label=_("Receiving unit within (id or code)"))
    source = WithinFilter("experience__unit__path", label=_("Source within (id or code)"))

    class Meta:
        model = Adoption
        fields = ["q", "status", "is_overdue", "experience", "unit", "source"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(experience__title__icontains=value)
            | Q(unit__name__icontains=value)
            | Q(unit__name_zh__icontains=value)
            | Q(unit__code__icontains=value)
            | Q(how__icontains=value)
            | Q(result__icontains=value)
        )
