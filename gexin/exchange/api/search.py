"""`GET /api/v1/search/`: experiences, problems and key issues ranked by relevance."""

import datetime

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated

from gexin.core.permissions import has_action_anywhere
from gexin.exchange.choices import DocumentKind
from gexin.exchange.models import PLANT_KINDS, Experience
from gexin.exchange.search import search
from gexin.org.filtersets import find_unit, is_number
from gexin.org.models import Unit, WorkType

FIRST_YEAR, LAST_YEAR = 1900, 2199


class SearchHitSerializer(serializers.Serializer):
    """One result: what it is, where it comes from, and why it was found."""

    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    id = serializers.IntegerField()
    title = serializers.CharField()
    score = serializers.SerializerMethodField()
    snippet = serializers.CharField(
        help_text=_("HTML: an escaped excerpt around the first match, matches in <mark>.")
    )
    url = serializers.CharField(help_text=_("The page of the result on this site."))
    unit = serializers.CharField(source="unit.code", help_text=_("Code of the unit."))
    plant = serializers.CharField(source="plant.code", help_text=_("Code of its plant."))
    date = serializers.DateField(allow_null=True)

    def get_score(self, hit) -> float:
        return round(hit.score, 4)


def day_parameter(params, name):
    value = params.get(name)
    if not value:
        return None
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise serializers.ValidationError({name: [_("Write the day as YYYY-MM-DD.")]}) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise serializers.ValidationError({name: [_("Give a date between 1900 and 2199.")]})
    return day


class SearchView(generics.ListAPIView):
    """Ranked results for `q`, in Chinese or English, with the page's filters.

    Experiences are seen by everyone holding a role; problems and key issues only where
    the caller may see them. Without `q` the list is empty.
    """

    permission_classes = [IsAuthenticated]
    serializer_class = SearchHitSerializer
    filter_backends = []

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description=_("The words to look for.")),
            OpenApiParameter(
                "kind", OpenApiTypes.STR, enum=DocumentKind.values, description=_("Only this kind.")
            ),
            OpenApiParameter(
                "work_type", OpenApiTypes.STR, description=_("Code or id of a work type.")
            ),
            OpenApiParameter("plant", OpenApiTypes.STR, description=_("Code or id of a plant.")),
            OpenApiParameter("start", OpenApiTypes.DATE, description=_("Dated on or after.")),
            OpenApiParameter("end", OpenApiTypes.DATE, description=_("Dated on or before.")),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        user = self.request.user
        if not has_action_anywhere(user, Experience, "view"):
            raise PermissionDenied
        params = self.request.query_params
        query = params.get("q", "").strip()[:500]
        arguments = {"start": day_parameter(params, "start"), "end": day_parameter(params, "end")}
        if arguments["start"] and arguments["end"] and arguments["end"] < arguments["start"]:
            raise serializers.ValidationError({"end": [_("The end is before the start.")]})
        kind = params.get("kind")
        if kind:
            if kind not in DocumentKind.values:
                raise serializers.ValidationError(
                    {"kind": [_("One of: %(kinds)s.") % {"kinds": ", ".join(DocumentKind.values)}]}
                )
            arguments["kinds"] = [kind]
        if params.get("work_type"):
            value = params["work_type"].strip()
            lookup = {"pk": int(value)} if is_number(value) else {"code": value}
            work_type = WorkType.objects.filter(**lookup).first()
            if work_type is None:
                raise serializers.ValidationError({"work_type": [_("No such work type.")]})
            arguments["work_type"] = work_type
        if params.get("plant"):
            plant = find_unit(params["plant"], Unit.objects.filter(kind__in=PLANT_KINDS))
            if plant is None:
                raise serializers.ValidationError({"plant": [_("No such plant.")]})
            arguments["plant"] = plant
        if not query:
            return []
        return search(user, query, **arguments)
