"""Filters of study groups, memberships, sessions, solved problems and demonstrations,
shared by the list pages and the API."""

import datetime

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gexin.org.filtersets import ScopedFilterSet, WithinFilter, is_number
from gexin.people.models.groups import (
    Demonstration,
    SolvedProblem,
    StudyGroup,
    StudyGroupKind,
    StudyGroupMember,
    StudyGroupRole,
    StudySession,
)

TRUE = ("1", "true", "True", "yes")
FALSE = ("0", "false", "False", "no")


class PersonRefFilter(django_filters.CharFilter):
    """Rows of a person given by id or employee number (`field`: the lookup to the person)."""

    def __init__(self, field, **kwargs):
        self.person_field = field
        kwargs.setdefault("label", _("Person (id or employee number)"))
        super().__init__(**kwargs)

    def filter(self, queryset, value):
        value = (value or "").strip()
        if not value:
            return queryset
        query = Q(**{f"{self.person_field}__employee_number": value})
        if is_number(value):
            query |= Q(**{f"{self.person_field}__pk": int(value)})
        return queryset.filter(query).distinct()


class IdFilter(django_filters.NumberFilter):
    """Rows linked to one object by id (a plain whole number)."""

    def __init__(self, field_name, **kwargs):
        super().__init__(field_name=field_name, **kwargs)


def day_filters(field):
    return (
        django_filters.DateFilter(field_name=field, lookup_expr="gte", label=_("From")),
        django_filters.DateFilter(field_name=field, lookup_expr="lte", label=_("To")),
    )


class StudyGroupFilterSet(ScopedFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=StudyGroupKind.choices, label=_("Kind"))
    unit = WithinFilter("unit__path")
    active = django_filters.CharFilter(
        method="filter_active", label=_("1: only active groups; 0: only dissolved ones")
    )
    leader = PersonRefFilter("leader", label=_("Leader (id or employee number)"))
    member = django_filters.CharFilter(
        method="filter_member", label=_("Current member (id or employee number)")
    )

    class Meta:
        model = StudyGroup
        fields = ["q", "kind", "unit", "active", "leader", "member"]

    def filter_active(self, queryset, name, value):
        today = datetime.date.today()
        still = Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=today)
        if value in TRUE:
            return queryset.filter(still, formed_on__lte=today)
        if value in FALSE:
            return queryset.exclude(still)
        return queryset

    def filter_member(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        person = Q(memberships__person__employee_number=value)
        if is_number(value):
            person |= Q(memberships__person__pk=int(value))
        return queryset.filter(person, memberships__left_on__isnull=True).distinct()

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(name_zh__icontains=value)
            | Q(focus__icontains=value)
            | Q(leader__name__icontains=value)
            | Q(leader__name_latin__icontains=value)
            | Q(unit__code__icontains=value)
        )


class StudyGroupMemberFilterSet(ScopedFilterSet):
    group = IdFilter("group", label=_("Group (id)"))
    person = PersonRefFilter("person")
    role = django_filters.MultipleChoiceFilter(
        choices=StudyGroupRole.choices, label=_("Role in the group")
    )
    current = django_filters.BooleanFilter(
        field_name="left_on", lookup_expr="isnull", label=_("Still a member")
    )
    unit = WithinFilter("group__unit__path")

    class Meta:
        model = StudyGroupMember
        fields = ["group", "person", "role", "current", "unit"]


class StudySessionFilterSet(ScopedFilterSet):
    group = IdFilter("group", label=_("Group (id)"))
    unit = WithinFilter("group__unit__path")
    start, end = day_filters("held_on")
    attendee = PersonRefFilter("attendees", label=_("Present (id or employee number)"))

    class Meta:
        model = StudySession
        fields = ["q", "group", "unit", "start", "end", "attendee"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(topic__icontains=value) | Q(notes__icontains=value))


class SolvedProblemFilterSet(ScopedFilterSet):
    group = IdFilter("group", label=_("Group (id)"))
    unit = WithinFilter("group__unit__path")
    kind = django_filters.MultipleChoiceFilter(
        field_name="group__kind", choices=StudyGroupKind.choices, label=_("Kind of group")
    )
    proposal = IdFilter("proposal", label=_("Proposal (id)"))
    key_issue = IdFilter("key_issue", label=_("Key issue (id)"))
    linked = django_filters.CharFilter(
        method="filter_linked", label=_("1: only those linked to a proposal or key issue")
    )
    start, end = day_filters("solved_on")
    solver = PersonRefFilter("solved_by", label=_("Solved by (id or employee number)"))

    class Meta:
        model = SolvedProblem
        fields = [
            "q",
            "group",
            "unit",
            "kind",
            "proposal",
            "key_issue",
            "linked",
            "start",
            "end",
            "solver",
        ]

    def filter_linked(self, queryset, name, value):
        linked = Q(proposal__isnull=False) | Q(key_issue__isnull=False)
        if value in TRUE:
            return queryset.filter(linked)
        if value in FALSE:
            return queryset.exclude(linked)
        return queryset

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(result__icontains=value)
            | Q(group__name__icontains=value)
            | Q(group__name_zh__icontains=value)
        )


class DemonstrationFilterSet(ScopedFilterSet):
    unit = WithinFilter("unit__path")
    demonstrator = PersonRefFilter("demonstrator", label=_("Demonstrator (id or employee number)"))
    attendee = PersonRefFilter("attendees", label=_("Attendee (id or employee number)"))
    meeting = IdFilter("meeting", label=_("Meeting (id)"))
    experience = IdFilter("experience", label=_("Experience (id)"))
    start, end = day_filters("held_on")

    class Meta:
        model = Demonstration
        fields = ["q", "unit", "demonstrator", "attendee", "meeting", "experience", "start", "end"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(topic__icontains=value)
            | Q(method__icontains=value)
            | Q(place__icontains=value)
            | Q(demonstrator__name__icontains=value)
            | Q(demonstrator__name_latin__icontains=value)
        )
