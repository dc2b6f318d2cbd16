"""Filters shared by the competitions list and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gexin.competitions.choices import Frequency, ParticipantKind
from gexin.competitions.models import Competition, Criterion, EligibilityGate, Participant
from gexin.org.filtersets import ScopedFilterSet, WithinFilter


class CompetitionFilterSet(ScopedFilterSet):
    unit = WithinFilter("unit__path", label=_("Organised within (unit id or code)"))
    frequency = django_filters.MultipleChoiceFilter(choices=Frequency.choices, label=_("Evaluated"))
    participant_kind = django_filters.MultipleChoiceFilter(
        choices=ParticipantKind.choices, label=_("Participants")
    )
    running_on = django_filters.DateFilter(method="filter_running", label=_("Running on"))

    class Meta:
        model = Competition
        fields = ["q", "unit", "frequency", "participant_kind", "running_on"]

    def filter_running(self, queryset, name, value):
        return queryset.filter(starts_on__lte=value, ends_on__gte=value)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(unit__name__icontains=value)
            | Q(unit__name_zh__icontains=value)
        )


class CompetitionPartFilterSet(ScopedFilterSet):
    competition = django_filters.NumberFilter(
        field_name="competition_id", label=_("Competition id")
    )


class ParticipantFilterSet(CompetitionPartFilterSet):
    class Meta:
        model = Participant
        fields = ["competition"]


class CriterionFilterSet(CompetitionPartFilterSet):
    class Meta:
        model = Criterion
        fields = ["competition"]


class EligibilityGateFilterSet(CompetitionPartFilterSet):
    class Meta:
        model = EligibilityGate
        fields = ["competition"]
