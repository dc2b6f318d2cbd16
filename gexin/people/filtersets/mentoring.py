"""Filters of apprenticeships, their goals and progress checks, shared by the list page and
the API."""

import datetime

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from gexin.org.filtersets import ScopedFilterSet, WithinFilter, is_number
from gexin.people.models.mentoring import (
    Apprenticeship,
    ApprenticeshipGoal,
    ApprenticeshipStatus,
    ProgressCheck,
    ProgressRating,
)

TRUE = ("1", "true", "True", "yes")


def person_q(field, value):
    """A Q for a person given by id or employee number."""
    value = value.strip()
    if is_number(value):
        return Q(**{f"{field}_id": int(value)}) | Q(**{f"{field}__employee_number": value})
    return Q(**{f"{field}__employee_number": value})


def people_search(prefixes, value):
    query = Q()
    for prefix in prefixes:
        query |= (
            Q(**{f"{prefix}__name__icontains": value})
            | Q(**{f"{prefix}__name_latin__icontains": value})
            | Q(**{f"{prefix}__employee_number__icontains": value})
        )
    return query


def overdue_goals(today=None):
    """Goals past their due day and not reached."""
    today = today or datetime.date.today()
    return ApprenticeshipGoal.objects.filter(reached_on__isnull=True, due_on__lt=today)


class ApprenticeshipFilterSet(ScopedFilterSet):
    unit = WithinFilter("unit__path", label=_("Within unit (id or code)"))
    master = django_filters.CharFilter(
        method="filter_master", label=_("Master (id or employee number)")
    )
    apprentice = django_filters.CharFilter(
        method="filter_apprentice", label=_("Apprentice (id or employee number)")
    )
    person = django_filters.CharFilter(
        method="filter_person", label=_("Master or apprentice (id or employee number)")
    )
    status = django_filters.MultipleChoiceFilter(
        choices=ApprenticeshipStatus.choices, label=_("Status")
    )
    overdue = django_filters.CharFilter(
        method="filter_overdue", label=_("1: only those with a goal overdue")
    )

    class Meta:
        model = Apprenticeship
        fields = ["q", "unit", "master", "apprentice", "person", "status", "overdue"]

    def filter_master(self, queryset, name, value):
        return queryset.filter(person_q("master", value)) if value.strip() else queryset

    def filter_apprentice(self, queryset, name, value):
        return queryset.filter(person_q("apprentice", value)) if value.strip() else queryset

    def filter_person(self, queryset, name, value):
        if not value.strip():
            return queryset
        return queryset.filter(person_q("master", value) | person_q("apprentice", value))

    def filter_overdue(self, queryset, name, value):
        if value not in TRUE:
            return queryset
        return queryset.filter(Exists(overdue_goals().filter(apprenticeship=OuterRef("pk"))))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            people_search(("master", "apprentice"), value)
            | Q(goal__icontains=value)
            | Q(unit__name__icontains=value)
            | Q(unit__name_zh__icontains=value)
            | Q(unit__code__icontains=value)
        )


class ApprenticeshipGoalFilterSet(ScopedFilterSet):
    apprenticeship = django_filters.NumberFilter(
        field_name="apprenticeship_id", label=_("Apprenticeship id")
    )
    unit = WithinFilter("apprenticeship__unit__path", label=_("Within unit (id or code)"))
    apprentice = django_filters.CharFilter(
        method="filter_apprentice", label=_("Apprentice (id or employee number)")
    )
    skill = django_filters.NumberFilter(field_name="skill_id", label=_("Skill id"))
    reached = django_filters.BooleanFilter(
        field_name="reached_on", lookup_expr="isnull", exclude=True, label=_("Reached")
    )
    overdue = django_filters.CharFilter(
        method="filter_overdue", label=_("1: only goals past due and not reached")
    )

    class Meta:
        model = ApprenticeshipGoal
        fields = ["q", "apprenticeship", "unit", "apprentice", "skill", "reached", "overdue"]

    def filter_apprentice(self, queryset, name, value):
        if not value.strip():
            return queryset
        return queryset.filter(person_q("apprenticeship__apprentice", value))

    def filter_overdue(self, queryset, name, value):
        if value not in TRUE:
            return queryset
        return queryset.filter(pk__in=overdue_goals().values("pk"))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(description__icontains=value))


class ProgressCheckFilterSet(ScopedFilterSet):
    apprenticeship = django_filters.NumberFilter(
        field_name="apprenticeship_id", label=_("Apprenticeship id")
    )
    unit = WithinFilter("apprenticeship__unit__path", label=_("Within unit (id or code)"))
    rating = django_filters.MultipleChoiceFilter(
        choices=ProgressRating.choices, label=_("Progress")
    )
    meeting = django_filters.NumberFilter(field_name="meeting_id", label=_("Meeting id"))
    checked_after = django_filters.DateFilter(
        field_name="checked_on", lookup_expr="gte", label=_("Checked on or after")
    )
    checked_before = django_filters.DateFilter(
        field_name="checked_on", lookup_expr="lte", label=_("Checked on or before")
    )

    class Meta:
        model = ProgressCheck
        fields = [
            "q",
            "apprenticeship",
            "unit",
            "rating",
            "meeting",
            "checked_after",
            "checked_before",
        ]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(note__icontains=value) | people_search(("checked_by",), value))
