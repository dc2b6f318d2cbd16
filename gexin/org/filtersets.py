"""Filters shared by the UI lists and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from gexin.core.permissions import under
from gexin.org.choices import Role, SkillGrade, UnitKind
from gexin.org.models import Person, RoleAssignment, Unit, WorkType


def is_number(value):
    """True for a plain ASCII whole number (str.isdigit also accepts "²" and "١")."""
    return value.isascii() and value.isdigit()


def find_unit(value, queryset=None):
    """A unit by numeric id or by code (within `queryset` if given), or None."""
    value = (value or "").strip()
    if not value:
        return None
    lookup = {"pk": int(value)} if is_number(value) else {"code": value}
    units = Unit.objects.all() if queryset is None else queryset
    return units.filter(**lookup).only("pk", "path", "code").first()


@extend_schema_field(OpenApiTypes.STR)
class CodeChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    """Objects related to one or more catalogue rows given by their codes.

    Name the code in `field_name` ("work_type__code") with `to_field_name="code"`.
    """


# The widest whole number a database column holds. A number filter (mostly an id) outside
# it is refused as invalid, rather than overflowing the database driver.
NUMBER_LIMIT = 2**63 - 1


class ScopedFilterSet(django_filters.FilterSet):
    """A filterset with a free-text `q` search; its number filters stay within NUMBER_LIMIT."""

    q = django_filters.CharFilter(method="search", label=_("Search"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for found in self.filters.values():
            if isinstance(found, django_filters.NumberFilter):
                found.extra.setdefault("min_value", -NUMBER_LIMIT)
                found.extra.setdefault("max_value", NUMBER_LIMIT)

    def search(self, queryset, name, value):
        return queryset


class WithinFilter(django_filters.CharFilter):
    """Objects in the subtree of a unit given by id or code."""

    def __init__(self, path_lookup, **kwargs):
        self.path_lookup = path_lookup
        kwargs.setdefault("label", _("Within unit (id or code)"))
        super().__init__(**kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        unit = find_unit(value)
        if unit is None:
            return queryset.none()
        return queryset.filter(under(self.path_lookup, unit.path))


class UnitRefFilter(django_filters.CharFilter):
    """Objects directly attached to a unit given by id or code."""

    def __init__(self, field, **kwargs):
        self.unit_field = field
        super().__init__(**kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        unit = find_unit(value)
        if unit is None:
            return queryset.none()
        return queryset.filter(**{self.unit_field: unit})


class UnitFilterSet(ScopedFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=UnitKind.choices, label=_("Kind"))
    work_type = CodeChoiceFilter(
        field_name="work_type__code",
        queryset=WorkType.objects.all(),
        to_field_name="code",
        label=_("Work type"),
    )
    parent = UnitRefFilter("parent", label=_("Parent unit (id or code)"))
    within = WithinFilter("path")
    code = django_filters.CharFilter(label=_("Code"))
    is_illustrative = django_filters.BooleanFilter(label=_("Illustrative"))

    class Meta:
        model = Unit
        fields = ["q", "kind", "work_type", "parent", "within", "code", "is_illustrative"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(name_zh__icontains=value) | Q(code__icontains=value)
        )


class PersonFilterSet(ScopedFilterSet):
    unit = UnitRefFilter("unit", label=_("Home unit (id or code)"))
    within = WithinFilter("unit_path")
    skill_grade = django_filters.MultipleChoiceFilter(
        choices=SkillGrade.choices, label=_("Skill grade")
    )
    is_union_member = django_filters.BooleanFilter(label=_("Union member"))
    is_active = django_filters.BooleanFilter(label=_("Active"))
    employee_number = django_filters.CharFilter(label=_("Employee number"))

    class Meta:
        model = Person
        fields = [
            "q",
            "unit",
            "within",
            "skill_grade",
            "is_union_member",
            "is_active",
            "employee_number",
        ]

    def search(self, queryset, name, value):
        return queryset.search(value)


class RoleAssignmentFilterSet(ScopedFilterSet):
    role = django_filters.MultipleChoiceFilter(choices=Role.choices, label=_("Role"))
    unit = UnitRefFilter("unit", label=_("Unit (id or code)"))
    within = WithinFilter("unit__path")
    person = django_filters.CharFilter(
        method="filter_person", label=_("Person (id or employee number)")
    )

    class Meta:
        model = RoleAssignment
        fields = ["q", "role", "unit", "within", "person"]

    def filter_person(self, queryset, name, value):
        value = value.strip()
        if is_number(value):
            return queryset.filter(Q(person_id=int(value)) | Q(person__employee_number=value))
        return queryset.filter(person__employee_number=value)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(person__name__icontains=value)
            | Q(person__name_latin__icontains=value)
            | Q(unit__name__icontains=value)
            | Q(unit__name_zh__icontains=value)
        )


class WorkTypeFilterSet(ScopedFilterSet):
    class Meta:
        model = WorkType
        fields = ["q"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(name_zh__icontains=value) | Q(code__icontains=value)
        )
