"""REST API of the ministry's daily board (`GET /api/v1/board/`).

The same board as the page: for a product and a quarter, the units one level below the
chosen one (and, below the ministry, the key enterprises) with their daily production
levels, the level the quarter plan requires, the gap, the same days a year earlier and
the days running below. Only units whose plans the caller may view are listed.

The key enterprises themselves (`/api/v1/key-enterprises/`): a plant or enterprise
(`unit`, by code) marked key for one of the board's products (`metric`, by code) from
`since` on; one mark per unit and product. Planners of the unit add, change and
delete them; everyone in scope reads them.
"""

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from gexin.national import board
from gexin.national.filtersets.board import KeyEnterpriseFilterSet
from gexin.national.forms.board import BoardForm, check_key_enterprise
from gexin.national.models import KeyEnterprise
from gexin.national.views.board import may_read_board
from gexin.org.api import GexinViewSet, ScopedSlugField
from gexin.org.models import Unit
from gexin.plans.models import Metric


class BoardRowSerializer(serializers.Serializer):
    unit = serializers.CharField(help_text=_("Code of the unit."))
    unit_name = serializers.CharField()
    kind = serializers.CharField()
    is_key_enterprise = serializers.BooleanField()
    quarter_target = serializers.FloatField(allow_null=True, help_text=_("None: no plan."))
    actual_to_date = serializers.FloatField(help_text=_("Output from the quarter's first day."))
    level_1_day = serializers.FloatField()
    level_10_days = serializers.FloatField(help_text=_("Average output a day."))
    level_30_days = serializers.FloatField()
    required_level = serializers.FloatField(
        allow_null=True,
        help_text=_("(Quarter target − output so far) ÷ days left in the quarter."),
    )
    gap = serializers.FloatField(
        allow_null=True, help_text=_("Ten days' level less the required level.")
    )
    gap_percent = serializers.FloatField(allow_null=True)
    is_below = serializers.BooleanField()
    same_days_last_year = serializers.FloatField(allow_null=True)
    change_on_last_year_percent = serializers.FloatField(allow_null=True)
    days_below_running = serializers.IntegerField(allow_null=True)
    is_flagged = serializers.BooleanField()


class BoardSerializer(serializers.Serializer):
    unit = serializers.CharField()
    metric = serializers.CharField()
    metric_name = serializers.CharField()
    unit_of_measure = serializers.CharField()
    quarter = serializers.CharField(help_text=_("For example 1959Q1."))
    quarter_start = serializers.DateField()
    quarter_end = serializers.DateField()
    as_of = serializers.DateField()
    days_left = serializers.IntegerField()
    days_running = serializers.IntegerField()
    same_period_last_year = serializers.ListField(child=serializers.DateField())
    total = BoardRowSerializer(allow_null=True)
    rows = BoardRowSerializer(many=True)
    key_enterprises = BoardRowSerializer(many=True)


class BoardView(APIView):
    """The daily production board, worst gap first."""

    permission_classes = [IsAuthenticated]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # A token is read only now: apply the account's own language for the names.
        language = getattr(request.user, "language", "")
        if language:
            translation.activate(language)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "metric",
                OpenApiTypes.STR,
                enum=list(board.PRODUCTS),
                description=_("The product; steel_output by default."),
            ),
            OpenApiParameter(
                "unit",
                OpenApiTypes.STR,
                description=_("Code of the unit whose units one level below are lined up."),
            ),
            OpenApiParameter(
                "quarter",
                OpenApiTypes.STR,
                description=_(
                    "For example 1959Q1; by default the current one, or the latest with records."
                ),
            ),
            OpenApiParameter(
                "as_of",
                OpenApiTypes.DATE,
                description=_("By default the last day with records in the quarter."),
            ),
            OpenApiParameter(
                "days_running",
                OpenApiTypes.INT,
                description=_("Flag units below the required level this many days running (5)."),
            ),
        ],
        responses=BoardSerializer,
    )
    def get(self, request):
        if not may_read_board(request.user):
            raise PermissionDenied
        form = BoardForm(request.query_params)
        if not form.is_valid():
            raise serializers.ValidationError(form.errors)
        try:
            unit, metric, start, end, as_of, days_running = board.choose(
                request.user, **form.wanted()
            )
        except board.BoardError as error:
            raise NotFound from error
        result = board.build(request.user, unit, metric, start, end, as_of, days_running)
        return Response(
            {
                "unit": unit.code,
                "metric": metric.code,
                "metric_name": metric.display_name,
                "unit_of_measure": metric.display_unit,
                "quarter": board.quarter_code(start),
                "quarter_start": start.isoformat(),
                "quarter_end": end.isoformat(),
                "as_of": as_of.isoformat(),
                "days_left": result.days_left,
                "days_running": days_running,
                "same_period_last_year": [day.isoformat() for day in result.year_ago_range],
                "total": result.total.as_dict() if result.total is not None else None,
                "rows": [row.as_dict() for row in result.rows],
                "key_enterprises": [row.as_dict() for row in result.key_rows],
            }
        )


# Key enterprises


class KeyEnterpriseSerializer(serializers.ModelSerializer):
    unit = ScopedSlugField(
        "national.add_keyenterprise",
        "national.change_keyenterprise",
        slug_field="code",
        queryset=Unit.objects.all(),
        help_text=_("Code of the plant or enterprise."),
    )
    unit_name = serializers.CharField(source="unit.display_name", read_only=True)
    metric = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Metric.objects.filter(code__in=board.PRODUCTS),
        help_text=_("Code of the product: steel_output, pig_iron_output or steel_products_output."),
    )

    class Meta:
        model = KeyEnterprise
        fields = [
            "id",
            "unit",
            "unit_name",
            "metric",
            "since",
            "note",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        read_only_fields = ["is_illustrative", "created", "last_updated"]
        # The one-per-unit-and-product rule is checked in validate() with its own message.
        validators = []

    def validate(self, attrs):
        instance = self.instance
        unit = attrs.get("unit", instance.unit if instance is not None else None)
        metric = attrs.get("metric", instance.metric if instance is not None else None)
        errors = check_key_enterprise(unit, metric, instance)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class KeyEnterpriseViewSet(GexinViewSet):
    """The key enterprises of the units in the caller's scope, by product."""

    queryset = KeyEnterprise.objects.select_related("unit", "metric")
    serializer_class = KeyEnterpriseSerializer
    filterset_class = KeyEnterpriseFilterSet
    ordering_fields = ["since", "id"]
    ordering = ["unit__path", "metric__code", "id"]
