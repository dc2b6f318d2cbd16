"""Filters of trials and regulations, shared by the UI lists and the API.

`unit` selects a unit's whole subtree (by id or code): a workshop's list holds its
groups' trials and rules too.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gexin.innovation.choices import RegulationKind, TrialArm, TrialDesign, VersionStatus
from gexin.innovation.models import (
    Clause,
    Observation,
    Regulation,
    RegulationVersion,
    Trial,
    TrialVariable,
)
from gexin.org.filtersets import ScopedFilterSet, WithinFilter


def subtree_filter(path_lookup):
    return WithinFilter(path_lookup, label=_("Unit and the units under it (id or code)"))


class TrialFilterSet(ScopedFilterSet):
    unit = subtree_filter("unit__path")
    campaign = django_filters.NumberFilter(field_name="campaign_id", label=_("Campaign id"))
    key_issue = django_filters.NumberFilter(field_name="key_issue_id", label=_("Key issue id"))
    design = django_filters.MultipleChoiceFilter(choices=TrialDesign.choices, label=_("Design"))

    class Meta:
        model = Trial
        fields = ["q", "unit", "campaign", "key_issue", "design"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(question__icontains=value)
            | Q(conclusion__icontains=value)
            | Q(baseline_label__icontains=value)
            | Q(changed_label__icontains=value)
            | Q(unit__code__icontains=value)
            | Q(unit__name__icontains=value)
            | Q(unit__name_zh__icontains=value)
        )


class TrialVariableFilterSet(ScopedFilterSet):
    trial = django_filters.NumberFilter(field_name="trial_id", label=_("Trial id"))
    unit = subtree_filter("trial__unit__path")

    class Meta:
        model = TrialVariable
        fields = ["q", "trial", "unit"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(name__icontains=value) if value else queryset


class ObservationFilterSet(ScopedFilterSet):
    trial = django_filters.NumberFilter(field_name="variable__trial_id", label=_("Trial id"))
    variable = django_filters.NumberFilter(field_name="variable_id", label=_("Variable id"))
    arm = django_filters.ChoiceFilter(choices=TrialArm.choices, label=_("Side"))
    unit = subtree_filter("variable__trial__unit__path")

    class Meta:
        model = Observation
        fields = ["q", "trial", "variable", "arm", "unit"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(note__icontains=value) if value else queryset


class RegulationFilterSet(ScopedFilterSet):
    unit = subtree_filter("unit__path")
    kind = django_filters.MultipleChoiceFilter(choices=RegulationKind.choices, label=_("Kind"))

    class Meta:
        model = Regulation
        fields = ["q", "unit", "kind"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value)
            | Q(title__icontains=value)
            | Q(unit__code__icontains=value)
            | Q(unit__name__icontains=value)
            | Q(unit__name_zh__icontains=value)
        )


class RegulationVersionFilterSet(ScopedFilterSet):
    regulation = django_filters.NumberFilter(field_name="regulation_id", label=_("Regulation id"))
    unit = subtree_filter("regulation__unit__path")
    status = django_filters.MultipleChoiceFilter(choices=VersionStatus.choices, label=_("Status"))
    campaign = django_filters.NumberFilter(field_name="campaign_id", label=_("Campaign id"))
    trial = django_filters.NumberFilter(field_name="trial_id", label=_("Trial id"))
    awaiting = django_filters.BooleanFilter(method="filter_awaiting", label=_("Awaiting approval"))

    class Meta:
        model = RegulationVersion
        fields = ["q", "regulation", "unit", "status", "campaign", "trial", "awaiting"]

    def filter_awaiting(self, queryset, name, value):
        submitted = Q(status=VersionStatus.DRAFT, submitted_at__isnull=False)
        return queryset.filter(submitted) if value else queryset.exclude(submitted)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(regulation__code__icontains=value)
            | Q(regulation__title__icontains=value)
            | Q(reason__icontains=value)
            | Q(evidence_note__icontains=value)
        )


class ClauseFilterSet(ScopedFilterSet):
    version = django_filters.NumberFilter(field_name="version_id", label=_("Version id"))
    regulation = django_filters.NumberFilter(
        field_name="version__regulation_id", label=_("Regulation id")
    )

    class Meta:
        model = Clause
        fields = ["q", "version", "regulation"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(text__icontains=value) if value else queryset
