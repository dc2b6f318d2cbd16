"""Filters of awards, pairings, help cases, advanced producers and handovers, shared by
the UI lists and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gexin.competitions.choices import (
    AwardKind,
    AwardStatus,
    HelpCause,
    HelpOutcome,
    HelpReason,
    ProducerStatus,
)
from gexin.competitions.models import (
    AdvancedProducer,
    Award,
    Handover,
    HelpCase,
    HelpReview,
    Pairing,
)
from gexin.org.filtersets import ScopedFilterSet, WithinFilter


def competition_filter():
    return django_filters.NumberFilter(field_name="competition_id", label=_("Competition id"))


def person_search(prefix):
    """A Q-builder searching a person's name, Latin name and employee number."""

    def build(value):
        return (
            Q(**{f"{prefix}name__icontains": value})
            | Q(**{f"{prefix}name_latin__icontains": value})
            | Q(**{f"{prefix}employee_number__icontains": value})
        )

    return build


def participant_search(prefix, value):
    return (
        person_search(f"{prefix}person__")(value)
        | Q(**{f"{prefix}unit__name__icontains": value})
        | Q(**{f"{prefix}unit__name_zh__icontains": value})
        | Q(**{f"{prefix}unit__code__icontains": value})
    )


class AwardFilterSet(ScopedFilterSet):
    competition = django_filters.NumberFilter(
        field_name="evaluation__competition_id", label=_("Competition id")
    )
    evaluation = django_filters.NumberFilter(field_name="evaluation_id", label=_("Evaluation id"))
    participant = django_filters.NumberFilter(
        field_name="participant_id", label=_("Participant id")
    )
    status = django_filters.MultipleChoiceFilter(choices=AwardStatus.choices, label=_("Status"))
    kind = django_filters.MultipleChoiceFilter(choices=AwardKind.choices, label=_("Kind"))
    unit = WithinFilter("evaluation__competition__unit__path")

    class Meta:
        model = Award
        fields = ["q", "competition", "evaluation", "participant", "status", "kind", "unit"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(note__icontains=value)
            | participant_search("participant__", value)
        )


class PairingFilterSet(ScopedFilterSet):
    competition = competition_filter()
    participant = django_filters.NumberFilter(
        method="filter_participant", label=_("Participant id (either partner)")
    )
    is_open = django_filters.BooleanFilter(
        field_name="ended_on", lookup_expr="isnull", label=_("Still paired")
    )
    unit = WithinFilter("competition__unit__path")

    class Meta:
        model = Pairing
        fields = ["q", "competition", "participant", "is_open", "unit"]

    def filter_participant(self, queryset, name, value):
        return queryset.filter(Q(advanced_id=value) | Q(laggard_id=value))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(goal__icontains=value)
            | participant_search("advanced__", value)
            | participant_search("laggard__", value)
        )


def request_user(filterset):
    request = getattr(filterset, "request", None)
    return getattr(request, "user", None)


class HelpCaseFilterSet(ScopedFilterSet):
    competition = competition_filter()
    person = django_filters.NumberFilter(field_name="person_id", label=_("Person id"))
    reason = django_filters.MultipleChoiceFilter(choices=HelpReason.choices, label=_("Why helped"))
    cause = django_filters.MultipleChoiceFilter(choices=HelpCause.choices, label=_("Cause"))
    is_open = django_filters.BooleanFilter(
        field_name="resolved_on", lookup_expr="isnull", label=_("Still open")
    )
    unit = WithinFilter("person__unit_path")

    class Meta:
        model = HelpCase
        fields = ["q", "competition", "person", "reason", "cause", "is_open", "unit"]

    def search(self, queryset, name, value):
        """Name or number of the worker, or words of the notes the user may read (the
        notes of a case whose cause is health only for those who read health details)."""
        value = value.strip()
        if not value:
            return queryset
        notes = HelpCase.objects.search_notes(request_user(self), value)
        return queryset.filter(notes | person_search("person__")(value))


class HelpReviewFilterSet(ScopedFilterSet):
    help_case = django_filters.NumberFilter(field_name="help_case_id", label=_("Help case id"))
    meeting = django_filters.NumberFilter(field_name="meeting_id", label=_("Meeting id"))
    person = django_filters.NumberFilter(field_name="help_case__person_id", label=_("Person id"))
    outcome = django_filters.MultipleChoiceFilter(choices=HelpOutcome.choices, label=_("Outcome"))
    unit = WithinFilter("help_case__person__unit_path")

    class Meta:
        model = HelpReview
        fields = ["q", "help_case", "meeting", "person", "outcome", "unit"]

    def search(self, queryset, name, value):
        """Words of the notes the user may read, or the worker's name or number."""
        value = value.strip()
        if not value:
            return queryset
        notes = Q(note__icontains=value)
        visible = HelpCase.objects.visible_q(request_user(self), "help_case__")
        if visible is not None:
            notes &= visible
        return queryset.filter(notes | person_search("help_case__person__")(value))


class AdvancedProducerFilterSet(ScopedFilterSet):
    competition = competition_filter()
    person = django_filters.NumberFilter(field_name="person_id", label=_("Person id"))
    status = django_filters.MultipleChoiceFilter(choices=ProducerStatus.choices, label=_("Status"))
    unit = WithinFilter("person__unit_path")

    class Meta:
        model = AdvancedProducer
        fields = ["q", "competition", "person", "status", "unit"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(evidence__icontains=value)
            | Q(method__icontains=value)
            | person_search("person__")(value)
        )


class HandoverFilterSet(ScopedFilterSet):
    competition = competition_filter()
    unit = WithinFilter("competition__unit__path")

    class Meta:
        model = Handover
        fields = ["q", "competition", "unit"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(metric__name__icontains=value)
            | Q(metric__name_zh__icontains=value)
            | Q(metric__code__icontains=value)
            | participant_search("giver__", value)
            | participant_search("taker__", value)
        )
