"""Filters of skills, levels, grade changes and assessments, shared by the lists and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gexin.org.choices import SkillGrade
from gexin.org.filtersets import ScopedFilterSet, WithinFilter, find_unit, is_number
from gexin.people.models import (
    Assessment,
    AssessmentKind,
    AssessmentResult,
    GradeChange,
    Skill,
    SkillKind,
    SkillLevel,
    SkillLevelValue,
)


class PersonRefFilter(django_filters.CharFilter):
    """Rows of one person, given by id or employee number."""

    def __init__(self, field_name="person", **kwargs):
        kwargs.setdefault("label", _("Person (id or employee number)"))
        super().__init__(field_name=field_name, **kwargs)

    def filter(self, queryset, value):
        value = (value or "").strip()
        if not value:
            return queryset
        number = Q(**{f"{self.field_name}__employee_number": value})
        if is_number(value):
            return queryset.filter(Q(**{f"{self.field_name}_id": int(value)}) | number)
        return queryset.filter(number)


class SkillRefFilter(django_filters.CharFilter):
    """Rows of one skill, given by id or by code (any unit's skill with that code)."""

    def __init__(self, field_name="skill", **kwargs):
        kwargs.setdefault("label", _("Skill (id or code)"))
        super().__init__(field_name=field_name, **kwargs)

    def filter(self, queryset, value):
        value = (value or "").strip()
        if not value:
            return queryset
        code = Q(**{f"{self.field_name}__code": value})
        if is_number(value):
            return queryset.filter(Q(**{f"{self.field_name}_id": int(value)}) | code)
        return queryset.filter(code)


class ForUnitFilter(django_filters.CharFilter):
    """Skills a unit's matrix lists: the unit's, its sub-units' and its ancestors'."""

    def filter(self, queryset, value):
        if not value:
            return queryset
        unit = find_unit(value)
        if unit is None:
            return queryset.none()
        return queryset.for_unit(unit)


def person_search(prefix):
    def search(queryset, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(**{f"{prefix}name__icontains": value})
            | Q(**{f"{prefix}name_latin__icontains": value})
            | Q(**{f"{prefix}employee_number__iexact": value})
        )

    return search


class SkillFilterSet(ScopedFilterSet):
    within = WithinFilter("unit__path")
    unit = ForUnitFilter(label=_("Listed in the matrix of (unit id or code)"))
    kind = django_filters.ChoiceFilter(choices=SkillKind.choices, label=_("Kind"))
    is_active = django_filters.BooleanFilter(label=_("In use"))
    code = django_filters.CharFilter(label=_("Code"))

    class Meta:
        model = Skill
        fields = ["q", "within", "unit", "kind", "is_active", "code"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(name_zh__icontains=value)
        )


class SkillLevelFilterSet(ScopedFilterSet):
    within = WithinFilter("person__unit_path")
    person = PersonRefFilter()
    skill = SkillRefFilter()
    kind = django_filters.ChoiceFilter(
        field_name="skill__kind", choices=SkillKind.choices, label=_("Kind of skill")
    )
    level = django_filters.MultipleChoiceFilter(choices=SkillLevelValue.choices, label=_("Level"))
    min_level = django_filters.NumberFilter(
        field_name="level", lookup_expr="gte", label=_("At least level")
    )

    class Meta:
        model = SkillLevel
        fields = ["q", "within", "person", "skill", "kind", "level", "min_level"]

    def search(self, queryset, name, value):
        found = person_search("person__")(queryset, value)
        value = value.strip()
        if not value:
            return found
        return queryset.filter(
            Q(pk__in=found.values("pk"))
            | Q(skill__code__icontains=value)
            | Q(skill__name__icontains=value)
            | Q(skill__name_zh__icontains=value)
        )


class GradeChangeFilterSet(ScopedFilterSet):
    within = WithinFilter("person__unit_path")
    person = PersonRefFilter()
    grade = django_filters.MultipleChoiceFilter(choices=SkillGrade.choices, label=_("Skill grade"))
    start = django_filters.DateFilter(
        field_name="effective_on", lookup_expr="gte", label=_("From (YYYY-MM-DD)")
    )
    end = django_filters.DateFilter(
        field_name="effective_on", lookup_expr="lte", label=_("To (YYYY-MM-DD)")
    )
    by_exam = django_filters.BooleanFilter(
        field_name="assessment", lookup_expr="isnull", exclude=True, label=_("Given by an exam")
    )

    class Meta:
        model = GradeChange
        fields = ["q", "within", "person", "grade", "start", "end", "by_exam"]

    def search(self, queryset, name, value):
        found = person_search("person__")(queryset, value)
        value = value.strip()
        if not value:
            return found
        return queryset.filter(Q(pk__in=found.values("pk")) | Q(reason__icontains=value))


class AssessmentFilterSet(ScopedFilterSet):
    within = WithinFilter("person__unit_path")
    person = PersonRefFilter()
    skill = SkillRefFilter()
    kind = django_filters.ChoiceFilter(choices=AssessmentKind.choices, label=_("Kind"))
    result = django_filters.ChoiceFilter(
        choices=AssessmentResult.choices, label=pgettext_lazy("exam", "Result")
    )
    grade_sought = django_filters.MultipleChoiceFilter(
        choices=SkillGrade.choices, label=_("Grade sought")
    )
    start = django_filters.DateFilter(
        field_name="held_on", lookup_expr="gte", label=_("From (YYYY-MM-DD)")
    )
    end = django_filters.DateFilter(
        field_name="held_on", lookup_expr="lte", label=_("To (YYYY-MM-DD)")
    )

    class Meta:
        model = Assessment
        fields = [
            "q",
            "within",
            "person",
            "skill",
            "kind",
            "result",
            "grade_sought",
            "start",
            "end",
        ]

    def search(self, queryset, name, value):
        found = person_search("person__")(queryset, value)
        value = value.strip()
        if not value:
            return found
        return queryset.filter(
            Q(pk__in=found.values("pk"))
            | Q(examiners__icontains=value)
            | Q(skill__name__icontains=value)
            | Q(skill__name_zh__icontains=value)
        )
