"""Filters of assistance cards, shared by the board and the API."""

import django_filters
from django.db import connection
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext_lazy as _

from gexin.core.permissions import scope_paths, scope_q
from gexin.exchange.choices import CardKind, ExchangeStatus
from gexin.exchange.models import PLANT_KINDS, AssistanceCard
from gexin.org.filtersets import CodeChoiceFilter, ScopedFilterSet, WithinFilter
from gexin.org.models import Unit, WorkType


def with_plants(queryset, lookup="unit__path", prefix="plant"):
    """Each row's plant (the unit's nearest plant or enterprise: code and names) in the
    same query, for the board and the API lists."""
    plants = (
        Unit.objects.filter(kind__in=PLANT_KINDS)
        .alias(prefix=Substr(OuterRef(lookup), 1, Length("path")))
        .filter(path=F("prefix"))
        .order_by("-depth")
    )
    return queryset.annotate(
        **{
            f"{prefix}_code": Subquery(plants.values("code")[:1]),
            f"{prefix}_name": Subquery(plants.values("name")[:1]),
            f"{prefix}_name_zh": Subquery(plants.values("name_zh")[:1]),
        }
    )


def ours_q(user, perm="exchange.view_assistancecard"):
    """Cards posted or taken up by the units in the user's own scope."""
    paths = scope_paths(user, perm)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    return scope_q("unit__path", paths, connection.vendor) | scope_q(
        "counterpart__path", paths, connection.vendor
    )


TRUE = ("1", "true", "True", "yes")


class AssistanceCardFilterSet(ScopedFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=CardKind.choices, label=_("Kind"))
    status = django_filters.MultipleChoiceFilter(choices=ExchangeStatus.choices, label=_("Status"))
    work_type = CodeChoiceFilter(
        field_name="work_type__code",
        queryset=WorkType.objects.all(),
        to_field_name="code",
        label=_("Work type (code)"),
    )
    plant = WithinFilter("unit__path", label=_("Posted within plant or unit (id or code)"))
    counterpart = WithinFilter(
        "counterpart__path", label=_("Taken up within plant or unit (id or code)")
    )
    ours = django_filters.CharFilter(
        method="filter_ours", label=_("1: only the cards my units posted or took up")
    )

    class Meta:
        model = AssistanceCard
        fields = ["q", "kind", "status", "work_type", "plant", "counterpart", "ours"]

    def filter_ours(self, queryset, name, value):
        if value not in TRUE or self.request is None:
            return queryset
        return queryset.filter(ours_q(self.request.user))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(unit__name__icontains=value)
            | Q(unit__name_zh__icontains=value)
            | Q(unit__code__icontains=value)
        )
