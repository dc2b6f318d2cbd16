"""Filters of members' affairs, shared by the UI lists and the API.

No filter, search or ordering looks inside a welfare case's health details except
where the user may read them (the search), so neither a count nor an order can tell
what they hold.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gexin.org.filtersets import ScopedFilterSet, WithinFilter, is_number
from gexin.people.dues import parse_month
from gexin.people.models.members import (
    Activity,
    ActivityKind,
    DuesPayment,
    DuesRate,
    MembershipEvent,
    MembershipKind,
    WelfareCase,
    WelfareHelp,
    WelfareHelpKind,
    WelfareKind,
)


class PersonRefFilter(django_filters.CharFilter):
    """Rows of one person, given by id or employee number."""

    def __init__(self, lookup="person", **kwargs):
        self.lookup = lookup
        kwargs.setdefault("label", _("Person (id or employee number)"))
        super().__init__(**kwargs)

    def filter(self, queryset, value):
        value = (value or "").strip()
        if not value:
            return queryset
        by_number = Q(**{f"{self.lookup}__employee_number": value})
        if is_number(value):
            return queryset.filter(Q(**{f"{self.lookup}_id": int(value)}) | by_number)
        return queryset.filter(by_number)


class MonthFilter(django_filters.CharFilter):
    """A month given as YYYY-MM: rows of that month, or from or through it."""

    def __init__(self, field_name, lookup_expr="exact", **kwargs):
        super().__init__(field_name=field_name, lookup_expr=lookup_expr, **kwargs)

    def filter(self, queryset, value):
        value = (value or "").strip()
        if not value:
            return queryset
        try:
            month = parse_month(value)
        except ValueError:
            return queryset.none()
        return queryset.filter(**{f"{self.field_name}__{self.lookup_expr}": month})


def person_search(prefix=""):
    def search(value):
        return (
            Q(**{f"{prefix}person__name__icontains": value})
            | Q(**{f"{prefix}person__name_latin__icontains": value})
            | Q(**{f"{prefix}person__employee_number__iexact": value})
        )

    return search


class MembershipEventFilterSet(ScopedFilterSet):
    within = WithinFilter("person__unit_path")
    person = PersonRefFilter()
    kind = django_filters.MultipleChoiceFilter(choices=MembershipKind.choices, label=_("Event"))
    start = django_filters.DateFilter(field_name="day", lookup_expr="gte", label=_("From"))
    end = django_filters.DateFilter(field_name="day", lookup_expr="lte", label=_("To"))

    class Meta:
        model = MembershipEvent
        fields = ["q", "within", "person", "kind", "start", "end"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            person_search()(value)
            | Q(note__icontains=value)
            | Q(other_unit_text__icontains=value)
            | Q(other_unit__code__iexact=value)
        )


class DuesRateFilterSet(ScopedFilterSet):
    within = WithinFilter("person__unit_path")
    person = PersonRefFilter()
    from_month = MonthFilter("from_month", label=_("From month (YYYY-MM)"))

    class Meta:
        model = DuesRate
        fields = ["q", "within", "person", "from_month"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(person_search()(value) | Q(note__icontains=value))


class DuesPaymentFilterSet(ScopedFilterSet):
    within = WithinFilter("person__unit_path")
    person = PersonRefFilter()
    month = MonthFilter("month", label=_("Month (YYYY-MM)"))
    start = MonthFilter("month", "gte", label=_("From month (YYYY-MM)"))
    end = MonthFilter("month", "lte", label=_("Through month (YYYY-MM)"))
    is_from_sheet = django_filters.BooleanFilter(label=_("Recorded on the dues sheet"))

    class Meta:
        model = DuesPayment
        fields = ["q", "within", "person", "month", "start", "end", "is_from_sheet"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(person_search()(value) | Q(note__icontains=value))


class WelfareCaseFilterSet(ScopedFilterSet):
    within = WithinFilter("person__unit_path")
    person = PersonRefFilter()
    kind = django_filters.MultipleChoiceFilter(choices=WelfareKind.choices, label=_("Kind"))
    is_open = django_filters.BooleanFilter(
        field_name="closed_on", lookup_expr="isnull", label=_("Still open")
    )
    start = django_filters.DateFilter(
        field_name="opened_on", lookup_expr="gte", label=_("Opened from")
    )
    end = django_filters.DateFilter(field_name="opened_on", lookup_expr="lte", label=_("Opened by"))

    class Meta:
        model = WelfareCase
        fields = ["q", "within", "person", "kind", "is_open", "start", "end"]

    def search(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        return queryset.search(user, value)


class WelfareHelpFilterSet(ScopedFilterSet):
    within = WithinFilter("case__person__unit_path")
    case = django_filters.NumberFilter(field_name="case_id", label=_("Welfare case (id)"))
    kind = django_filters.MultipleChoiceFilter(choices=WelfareHelpKind.choices, label=_("Kind"))
    start = django_filters.DateFilter(field_name="day", lookup_expr="gte", label=_("From"))
    end = django_filters.DateFilter(field_name="day", lookup_expr="lte", label=_("To"))

    class Meta:
        model = WelfareHelp
        fields = ["q", "within", "case", "kind", "start", "end"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            person_search("case__")(value) | Q(given_by__icontains=value) | Q(note__icontains=value)
        )


class ActivityFilterSet(ScopedFilterSet):
    within = WithinFilter("unit__path")
    kind = django_filters.MultipleChoiceFilter(choices=ActivityKind.choices, label=_("Kind"))
    start = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label=_("From"))
    end = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label=_("To"))
    attendee = PersonRefFilter("attendance__person", label=_("Attended by (id or employee number)"))

    class Meta:
        model = Activity
        fields = ["q", "within", "kind", "start", "end", "attendee"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(place__icontains=value)
            | Q(notes__icontains=value)
            | Q(unit__name__icontains=value)
            | Q(unit__name_zh__icontains=value)
            | Q(unit__code__iexact=value)
        )
