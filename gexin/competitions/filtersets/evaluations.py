"""Filters of evaluations, scores and banner holdings, shared by the list and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gexin.competitions.choices import EvaluationStatus
from gexin.competitions.models import BannerHolding, Evaluation, Score
from gexin.org.filtersets import ScopedFilterSet


class EvaluationFilterSet(ScopedFilterSet):
    competition = django_filters.NumberFilter(
        field_name="competition_id", label=_("Competition id")
    )
    status = django_filters.MultipleChoiceFilter(
        choices=EvaluationStatus.choices, label=_("Status")
    )
    period_on = django_filters.DateFilter(method="filter_period_on", label=_("Period holds"))

    class Meta:
        model = Evaluation
        fields = ["q", "competition", "status", "period_on"]

    def filter_period_on(self, queryset, name, value):
        return queryset.filter(period_start__lte=value, period_end__gte=value)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(competition__title__icontains=value) | Q(note__icontains=value))


class ScoreFilterSet(ScopedFilterSet):
    evaluation = django_filters.NumberFilter(field_name="evaluation_id", label=_("Evaluation id"))
    participant = django_filters.NumberFilter(
        field_name="participant_id", label=_("Participant id")
    )
    competition = django_filters.NumberFilter(
        field_name="evaluation__competition_id", label=_("Competition id")
    )
    is_eligible = django_filters.BooleanFilter(label=_("Eligible for the banner"))

    class Meta:
        model = Score
        fields = ["evaluation", "participant", "competition", "is_eligible"]


class BannerHoldingFilterSet(ScopedFilterSet):
    competition = django_filters.NumberFilter(
        field_name="competition_id", label=_("Competition id")
    )
    participant = django_filters.NumberFilter(
        field_name="participant_id", label=_("Participant id")
    )
    held_on = django_filters.DateFilter(method="filter_held_on", label=_("Held on"))

    class Meta:
        model = BannerHolding
        fields = ["competition", "participant", "held_on"]

    def filter_held_on(self, queryset, name, value):
        return queryset.filter(Q(until__isnull=True) | Q(until__gte=value), since__lte=value)
