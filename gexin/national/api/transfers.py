"""REST API of transfer plans (`/api/v1/transfer-plans/`, with the `solve` and `adopt`
actions; the result, flows and explanation in the detail), their inputs
(`transfer-supplies`, `transfer-demands`, `transfer-routes`), the solved flows
(`transfer-flows`, read-only) and `shipments`."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.response import Response

from gexin.core.api import ScopedViewSet
from gexin.national import transfers
from gexin.national.filtersets import transfers as filtersets
from gexin.national.models import (
    Shipment,
    TransferDemand,
    TransferFlow,
    TransferPlan,
    TransferRoute,
    TransferSupply,
)
from gexin.national.models.transfers import LOCKED_PLAN_FIELDS
from gexin.national.views.transfers import may_record_shipments
from gexin.org.api import GexinViewSet, ScopedSlugField
from gexin.org.models import Unit
from gexin.plans.models import Metric


def django_errors(check):
    try:
        check()
    except ValidationError as error:
        raise APIValidationError(
            error.message_dict
            if hasattr(error, "error_dict")
            else {"non_field_errors": error.messages}
        ) from None


class FlowInPlanSerializer(serializers.ModelSerializer):
    source = serializers.CharField(source="route.supply.unit.code", read_only=True)
    target = serializers.CharField(source="route.demand.unit.code", read_only=True)

    class Meta:
        model = TransferFlow
        fields = ["id", "route", "source", "target", "tonnes"]


class TransferPlanSerializer(serializers.ModelSerializer):
    unit = ScopedSlugField(
        "national.add_transferplan",
        "national.change_transferplan",
        slug_field="code",
        queryset=Unit.objects.all(),
        help_text=_("Code of the planning unit (one where you plan)."),
    )
    product = serializers.SlugRelatedField(
        slug_field="code", queryset=Metric.objects.all(), required=False
    )
    flows = FlowInPlanSerializer(many=True, read_only=True)
    saving = serializers.DecimalField(max_digits=8, decimal_places=1, read_only=True)

    class Meta:
        model = TransferPlan
        fields = [
            "id",
            "unit",
            "title",
            "product",
            "starts_on",
            "ends_on",
            "status",
            "solved_at",
            "result",
            "total_cost",
            "greedy_cost",
            "saving",
            "explanation",
            "explanation_text",
            "flows",
            "note",
            "created",
            "last_updated",
        ]
        read_only_fields = [
            "status",
            "solved_at",
            "result",
            "total_cost",
            "greedy_cost",
            "explanation",
            "explanation_text",
        ]

    def validate(self, attrs):
        values = {}
        if self.instance is not None and self.instance.is_locked:
            changed = [
                name
                for name in ("product", "starts_on", "ends_on", "unit")
                if name in attrs and attrs[name] != getattr(self.instance, name)
            ]
            if changed:
                raise serializers.ValidationError({name: [LOCKED_PLAN_FIELDS] for name in changed})
        if self.instance is not None:
            values = {"starts_on": self.instance.starts_on, "ends_on": self.instance.ends_on}
        values.update({k: v for k, v in attrs.items() if k in ("starts_on", "ends_on")})
        django_errors(TransferPlan(**values).clean)
        if self.instance is None and "product" not in attrs:
            product = Metric.objects.filter(code="pig_iron_output").first()
            if product is None:
                raise serializers.ValidationError({"product": [_("Give the product's code.")]})
            attrs["product"] = product
        return attrs


class TransferPlanViewSet(GexinViewSet):
    """Transfer plans; POST `{id}/solve/` writes the least-cost flows, `{id}/adopt/`
    locks the inputs (the planners of the plan's unit)."""

    queryset = TransferPlan.objects.select_related("unit", "product").prefetch_related(
        "flows__route__supply__unit", "flows__route__demand__unit"
    )
    serializer_class = TransferPlanSerializer
    filterset_class = filtersets.TransferPlanFilterSet
    ordering_fields = ["starts_on", "title", "id"]
    ordering = ["-starts_on", "-id"]

    def move(self, request, work):
        plan = self.get_object()
        if not self.get_queryset_for("change").filter(pk=plan.pk).exists():
            raise PermissionDenied
        django_errors(lambda: work(plan))
        plan = self.get_queryset().get(pk=plan.pk)
        return Response(self.get_serializer(plan).data)

    @extend_schema(request=None, responses=TransferPlanSerializer)
    @action(detail=True, methods=["get", "post"])
    def solve(self, request, pk=None, **kwargs):
        if request.method == "GET":
            return Response(self.get_serializer(self.get_object()).data)
        return self.move(request, transfers.solve)

    @extend_schema(request=None, responses=TransferPlanSerializer)
    @action(detail=True, methods=["get", "post"])
    def adopt(self, request, pk=None, **kwargs):
        if request.method == "GET":
            return Response(self.get_serializer(self.get_object()).data)
        return self.move(request, transfers.adopt)


class PlanField(serializers.PrimaryKeyRelatedField):
    """A plan by id, among those the caller may change."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return TransferPlan.objects.none()
        return TransferPlan.objects.restrict(request.user, "change")


class PlanRowSerializer(serializers.ModelSerializer):
    plan = PlanField(help_text=_("Id of the plan (one you plan)."))

    def validate(self, attrs):
        plan = attrs.get("plan", getattr(self.instance, "plan", None))
        if self.instance is not None and plan != self.instance.plan:
            raise serializers.ValidationError({"plan": [_("A row stays with its plan.")]})
        values = {}
        if self.instance is not None:
            values = {
                field.name: getattr(self.instance, field.name)
                for field in self.Meta.model._meta.concrete_fields
            }
        values.update(attrs)
        candidate = self.Meta.model(**{k: v for k, v in values.items() if k != "id"})
        candidate.pk = getattr(self.instance, "pk", None)
        django_errors(candidate.clean)
        return attrs


class TransferSupplySerializer(PlanRowSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())

    class Meta:
        model = TransferSupply
        fields = ["id", "plan", "unit", "tonnes", "note"]


class TransferDemandSerializer(PlanRowSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())

    class Meta:
        model = TransferDemand
        fields = ["id", "plan", "unit", "tonnes", "priority", "note"]


class TransferRouteSerializer(PlanRowSerializer):
    class Meta:
        model = TransferRoute
        fields = ["id", "plan", "supply", "demand", "cost_per_tonne", "distance_km", "capacity"]


class PlanRowViewSet(GexinViewSet):
    """Changing a solved plan's inputs makes it a draft again; an adopted plan's are locked,
    and so are those of a plan with shipments."""

    ordering = ["id"]

    def save_new(self, serializer):
        row = serializer.save()
        transfers.reopen(row.plan)
        return row

    def save_existing(self, serializer):
        row = serializer.save()
        transfers.reopen(row.plan)
        return row

    def perform_destroy(self, instance):
        try:
            instance.check_open()
        except ValidationError as error:
            raise APIValidationError({"plan": error.messages}) from None
        plan = instance.plan
        super().perform_destroy(instance)
        transfers.reopen(plan)


class TransferSupplyViewSet(PlanRowViewSet):
    queryset = TransferSupply.objects.select_related("plan__unit", "unit")
    serializer_class = TransferSupplySerializer
    filterset_class = filtersets.TransferSupplyFilterSet


class TransferDemandViewSet(PlanRowViewSet):
    queryset = TransferDemand.objects.select_related("plan__unit", "unit")
    serializer_class = TransferDemandSerializer
    filterset_class = filtersets.TransferDemandFilterSet


class TransferRouteViewSet(PlanRowViewSet):
    queryset = TransferRoute.objects.select_related("plan__unit")
    serializer_class = TransferRouteSerializer
    filterset_class = filtersets.TransferRouteFilterSet


class TransferFlowSerializer(FlowInPlanSerializer):
    class Meta(FlowInPlanSerializer.Meta):
        fields = ["id", "plan", "route", "source", "target", "tonnes"]


class TransferFlowViewSet(ScopedViewSet, viewsets.ReadOnlyModelViewSet):
    """The solved plans' flows, read-only: solving writes them."""

    queryset = TransferFlow.objects.select_related("route__supply__unit", "route__demand__unit")
    serializer_class = TransferFlowSerializer
    filterset_class = filtersets.TransferFlowFilterSet
    http_method_names = ["get", "head", "options"]
    ordering = ["id"]


class ShipmentSerializer(serializers.ModelSerializer):
    route = serializers.PrimaryKeyRelatedField(queryset=TransferRoute.objects.all())
    recorded_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = Shipment
        fields = ["id", "plan", "route", "shipped_on", "tonnes", "note", "recorded_by"]
        read_only_fields = ["plan"]

    def validate(self, attrs):
        request = self.context["request"]
        route = attrs.get("route", getattr(self.instance, "route", None))
        plan = TransferPlan.objects.restrict(request.user, "view").filter(pk=route.plan_id).first()
        if plan is None:
            raise serializers.ValidationError({"route": [_("No such route among your plans.")]})
        if not may_record_shipments(request.user, plan):
            raise PermissionDenied
        candidate = Shipment(
            plan_id=route.plan_id,
            route=route,
            shipped_on=attrs.get("shipped_on", getattr(self.instance, "shipped_on", None)),
            tonnes=attrs.get("tonnes", getattr(self.instance, "tonnes", None)),
        )
        django_errors(candidate.clean)
        attrs["plan"] = plan
        return attrs

    def create(self, validated_data):
        validated_data["recorded_by"] = self.context["request"].user
        return super().create(validated_data)


class ShipmentViewSet(GexinViewSet):
    """Shipments over the routes of solved or adopted plans."""

    queryset = Shipment.objects.select_related("plan__unit", "route", "recorded_by")
    serializer_class = ShipmentSerializer
    filterset_class = filtersets.ShipmentFilterSet
    ordering = ["-shipped_on", "-id"]
