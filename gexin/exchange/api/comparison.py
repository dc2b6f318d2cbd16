"""REST API of the same-type comparison (`GET /api/v1/comparison/`).

Lines up one metric for every unit of a work type and kind across all plants, best
first by the metric's direction, units without records last. Whatever is not given is
defaulted as on the page: the caller's work type, a metric with records for it, the
last full month with records. Open to anyone signed in who holds a role or membership.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from gexin.exchange import comparison
from gexin.exchange.forms.comparison import ComparisonForm
from gexin.exchange.views.comparison import may_compare


class ComparisonRowSerializer(serializers.Serializer):
    unit = serializers.CharField(help_text=_("Code of the unit."))
    unit_name = serializers.CharField()
    plant = serializers.CharField(help_text=_("Code of the unit's plant."))
    plant_name = serializers.CharField()
    value = serializers.FloatField(allow_null=True, help_text=_("None: no records."))
    rank = serializers.IntegerField(allow_null=True)
    gap_percent = serializers.FloatField(
        allow_null=True, help_text=_("How far behind the best, in per cent of the best's figure.")
    )
    is_best = serializers.BooleanField()
    has_records = serializers.BooleanField()


class ComparisonSerializer(serializers.Serializer):
    work_type = serializers.CharField(allow_null=True)
    metric = serializers.CharField(allow_null=True)
    metric_name = serializers.CharField(allow_null=True)
    unit_of_measure = serializers.CharField(allow_null=True)
    direction = serializers.CharField(allow_null=True)
    kind = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    rows = ComparisonRowSerializer(many=True)


class ComparisonView(APIView):
    """One metric for every same-type unit across the plants, best first."""

    permission_classes = [IsAuthenticated]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        from django.utils import translation

        # A token is read only now: apply the account's own language for the names.
        language = getattr(request.user, "language", "")
        if language:
            translation.activate(language)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "work_type",
                OpenApiTypes.STR,
                description=_("Code of the work type; by default the caller's unit's."),
            ),
            OpenApiParameter(
                "metric",
                OpenApiTypes.STR,
                description=_("Code of the metric; by default one with records for the work type."),
            ),
            OpenApiParameter(
                "start",
                OpenApiTypes.DATE,
                description=_("First day; by default the last full month with records."),
            ),
            OpenApiParameter("end", OpenApiTypes.DATE, description=_("Last day.")),
            OpenApiParameter(
                "kind",
                OpenApiTypes.STR,
                description=_("Kind of unit compared (workshop by default)."),
            ),
        ],
        responses=ComparisonSerializer,
    )
    def get(self, request):
        if not may_compare(request.user):
            raise PermissionDenied
        form = ComparisonForm(request.query_params)
        if not form.is_valid():
            raise serializers.ValidationError(form.errors)
        wanted = {name: value for name, value in form.cleaned_data.items() if value}
        choice = comparison.choose(**wanted, user=request.user)
        rows = comparison.rows_for(choice)
        metric = choice.metric
        return Response(
            {
                "work_type": choice.work_type.code if choice.work_type else None,
                "metric": metric.code if metric else None,
                "metric_name": metric.display_name if metric else None,
                "unit_of_measure": metric.display_unit if metric else None,
                "direction": metric.direction if metric else None,
                "kind": choice.kind,
                "start": choice.start.isoformat(),
                "end": choice.end.isoformat(),
                "rows": [row.as_dict() for row in rows],
            }
        )
