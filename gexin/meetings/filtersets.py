"""Filters shared by the meetings lists and the API.

`unit` selects a unit's whole subtree (by id or code): a workshop's list holds its
groups' meetings, action items and proposals too.
"""

import datetime

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gexin.meetings.choices import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    AttendanceStatus,
    EntryKind,
    MeetingKind,
    MeetingStatus,
    ProposalKind,
    ProposalStatus,
)
from gexin.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Meeting,
    MinuteEntry,
    Proposal,
    ProposalDeadline,
)
from gexin.org.filtersets import ScopedFilterSet, UnitRefFilter, WithinFilter


def subtree_filter(path_lookup):
    return WithinFilter(path_lookup, label=_("Unit and the units under it (id or code)"))


def start_of(day):
    """The aware datetime at which `day` begins in the site's time zone."""
    zone = timezone.get_current_timezone()
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)


class MeetingFilterSet(ScopedFilterSet):
    unit = subtree_filter("unit__path")
    kind = django_filters.MultipleChoiceFilter(choices=MeetingKind.choices, label=_("Kind"))
    status = django_filters.MultipleChoiceFilter(choices=MeetingStatus.choices, label=_("Status"))
    chair = django_filters.NumberFilter(field_name="chair_id", label=_("Chair (person id)"))
    start = django_filters.DateFilter(method="filter_start", label=_("From"))
    end = django_filters.DateFilter(method="filter_end", label=_("To"))

    class Meta:
        model = Meeting
        fields = ["q", "unit", "kind", "status", "chair", "start", "end"]

    def filter_start(self, queryset, name, value):
        return queryset.filter(scheduled_at__gte=start_of(value))

    def filter_end(self, queryset, name, value):
        return queryset.filter(scheduled_at__lt=start_of(value + datetime.timedelta(days=1)))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(place__icontains=value)
            | Q(summary__icontains=value)
            | Q(unit__code__icontains=value)
            | Q(unit__name__icontains=value)
            | Q(unit__name_zh__icontains=value)
        )


class MeetingPartFilterSet(ScopedFilterSet):
    """The parts of a meeting: by meeting, or by the meeting's unit subtree."""

    meeting = django_filters.NumberFilter(field_name="meeting_id", label=_("Meeting id"))
    unit = subtree_filter("meeting__unit__path")


class AgendaItemFilterSet(MeetingPartFilterSet):
    class Meta:
        model = AgendaItem
        fields = ["q", "meeting", "unit"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(notes__icontains=value) | Q(outcome__icontains=value)
        )


class AttendanceFilterSet(MeetingPartFilterSet):
    status = django_filters.ChoiceFilter(choices=AttendanceStatus.choices, label=_("Attendance"))
    person = django_filters.NumberFilter(field_name="person_id", label=_("Person id"))

    class Meta:
        model = Attendance
        fields = ["q", "meeting", "unit", "status", "person"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(person__name__icontains=value)
            | Q(person__name_latin__icontains=value)
            | Q(person__employee_number__icontains=value)
            | Q(reason__icontains=value)
        )


class MinuteEntryFilterSet(MeetingPartFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=EntryKind.choices, label=_("Kind"))
    person = django_filters.NumberFilter(field_name="person_id", label=_("Person id"))
    is_typical = django_filters.BooleanFilter(label=_("Typical case"))

    class Meta:
        model = MinuteEntry
        fields = ["q", "meeting", "unit", "kind", "person", "is_typical"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(text__icontains=value) | Q(person__name__icontains=value))


class ActionItemFilterSet(ScopedFilterSet):
    unit = subtree_filter("unit__path")
    status = django_filters.MultipleChoiceFilter(choices=ActionStatus.choices, label=_("Status"))
    is_open = django_filters.BooleanFilter(method="filter_open", label=_("Open"))
    is_overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    meeting = django_filters.NumberFilter(field_name="meeting_id", label=_("Meeting id"))
    owner = django_filters.NumberFilter(field_name="owner_id", label=_("Owner (person id)"))
    due_start = django_filters.DateFilter(
        field_name="due_on", lookup_expr="gte", label=_("Due from")
    )
    due_end = django_filters.DateFilter(field_name="due_on", lookup_expr="lte", label=_("Due by"))

    class Meta:
        model = ActionItem
        fields = [
            "q",
            "unit",
            "status",
            "is_open",
            "is_overdue",
            "meeting",
            "owner",
            "due_start",
            "due_end",
        ]

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        still_open = Q(status__in=OPEN_ACTION_STATUSES)
        return queryset.filter(still_open) if value else queryset.exclude(still_open)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Q(status__in=OPEN_ACTION_STATUSES, due_on__lt=datetime.date.today())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(text__icontains=value)
            | Q(outcome__icontains=value)
            | Q(owner__name__icontains=value)
            | Q(owner__employee_number__icontains=value)
        )


class ProposalFilterSet(ScopedFilterSet):
    unit = subtree_filter("unit__path")
    holder = UnitRefFilter("holder", label=_("Held by (unit id or code)"))
    kind = django_filters.ChoiceFilter(choices=ProposalKind.choices, label=_("Kind"))
    status = django_filters.MultipleChoiceFilter(choices=ProposalStatus.choices, label=_("Status"))
    is_overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    author = django_filters.NumberFilter(field_name="authors", label=_("Author (person id)"))
    meeting = django_filters.NumberFilter(field_name="meeting_id", label=_("Meeting id"))
    start = django_filters.DateFilter(
        field_name="submitted_on", lookup_expr="gte", label=_("Submitted from")
    )
    end = django_filters.DateFilter(
        field_name="submitted_on", lookup_expr="lte", label=_("Submitted until")
    )

    class Meta:
        model = Proposal
        fields = [
            "q",
            "unit",
            "holder",
            "kind",
            "status",
            "is_overdue",
            "author",
            "meeting",
            "start",
            "end",
        ]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(problem__icontains=value)
            | Q(suggestion__icontains=value)
            | Q(
                pk__in=Proposal.authors.through.objects.filter(
                    Q(person__name__icontains=value)
                    | Q(person__name_latin__icontains=value)
                    | Q(person__employee_number__icontains=value)
                ).values("proposal_id")
            )
        )


class ProposalDeadlineFilterSet(ScopedFilterSet):
    unit = subtree_filter("unit__path")

    class Meta:
        model = ProposalDeadline
        fields = ["q", "unit"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(unit__code__icontains=value)
            | Q(unit__name__icontains=value)
            | Q(unit__name_zh__icontains=value)
        )
