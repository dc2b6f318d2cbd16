"""Filters shared by the lists and the API of campaigns, problems, key issues and teams.

`unit` selects a unit's whole subtree (by id or code).
"""

import datetime

import django_filters
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from gexin.innovation.choices import (
    UNSOLVED_STATUSES,
    AttackMethod,
    KeyIssueStatus,
    ProblemCategory,
    ProblemStatus,
    TeamKind,
)
from gexin.innovation.models import Campaign, KeyIssue, Problem, ResearchTeam
from gexin.org.filtersets import ScopedFilterSet, WithinFilter, is_number


def subtree_filter():
    return WithinFilter("unit__path", label=_("Unit and the units under it (id or code)"))


def campaign_filter():
    return django_filters.NumberFilter(field_name="campaign_id", label=_("Campaign id"))


class CampaignFilterSet(ScopedFilterSet):
    unit = subtree_filter()
    running_on = django_filters.DateFilter(method="filter_running", label=_("Running on"))

    class Meta:
        model = Campaign
        fields = ["q", "unit", "running_on"]

    def filter_running(self, queryset, name, value):
        return queryset.filter(starts_on__lte=value, ends_on__gte=value)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(goal__icontains=value) | Q(unit__name__icontains=value)
        )


class ProblemFilterSet(ScopedFilterSet):
    unit = subtree_filter()
    campaign = campaign_filter()
    category = django_filters.MultipleChoiceFilter(
        choices=ProblemCategory.choices, label=_("Category")
    )
    status = django_filters.MultipleChoiceFilter(choices=ProblemStatus.choices, label=_("Status"))
    author = django_filters.NumberFilter(field_name="authors", label=_("Signed by (person id)"))
    start = django_filters.DateFilter(
        field_name="posted_on", lookup_expr="gte", label=_("Posted from")
    )
    end = django_filters.DateFilter(
        field_name="posted_on", lookup_expr="lte", label=_("Posted until")
    )

    class Meta:
        model = Problem
        fields = ["q", "unit", "campaign", "category", "status", "author", "start", "end"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(
                pk__in=Problem.authors.through.objects.filter(
                    Q(person__name__icontains=value)
                    | Q(person__name_latin__icontains=value)
                    | Q(person__employee_number__iexact=value)
                ).values("problem_id")
            )
        )


class KeyIssueFilterSet(ScopedFilterSet):
    unit = subtree_filter()
    campaign = campaign_filter()
    method = django_filters.MultipleChoiceFilter(choices=AttackMethod.choices, label=_("Method"))
    status = django_filters.MultipleChoiceFilter(choices=KeyIssueStatus.choices, label=_("Status"))
    team = django_filters.NumberFilter(field_name="owner_team_id", label=_("Team id"))
    is_fortress = django_filters.BooleanFilter(label=_("Technical fortress"))
    is_overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))

    class Meta:
        model = KeyIssue
        fields = ["q", "unit", "campaign", "method", "status", "team", "is_fortress", "is_overdue"]

    def filter_overdue(self, queryset, name, value):
        # Within an ended campaign, what was overdue on its last day (as its dashboard says).
        day = datetime.date.today()
        campaign = self.data.get("campaign")
        if campaign and is_number(str(campaign)):
            ends_on = Campaign.objects.filter(pk=campaign).values_list("ends_on", flat=True).first()
            if ends_on is not None:
                day = min(day, ends_on)
        overdue = Q(status__in=UNSOLVED_STATUSES, due_on__lt=day)
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(solution__icontains=value)
        )


class ResearchTeamFilterSet(ScopedFilterSet):
    unit = subtree_filter()
    campaign = campaign_filter()
    kind = django_filters.MultipleChoiceFilter(choices=TeamKind.choices, label=_("Kind"))
    member = django_filters.NumberFilter(field_name="members", label=_("Member (person id)"))

    class Meta:
        model = ResearchTeam
        fields = ["q", "unit", "campaign", "kind", "member"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(note__icontains=value))


def with_counts(queryset):
    """Research teams with the number of key issues they took and solved."""
    solved = (KeyIssueStatus.SOLVED, KeyIssueStatus.VERIFIED)
    return queryset.annotate(
        taken=Count("key_issues", distinct=True),
        solved=Count("key_issues", filter=Q(key_issues__status__in=solved), distinct=True),
    )
