"""REST API for furnaces and converters (`/api/v1/equipment/`) and their status
history (`/api/v1/equipment-status-changes/`, read-only).

`status` is read-only on the object: it changes by `POST /equipment/{id}/status/`
with `{"status", "on", "reason"}`, which checks the move, records it in the history
and, the first time the furnace goes producing, sets `actual_start` (a refused move
answers 400 with the reason). A blast furnace's detail holds its `utilisation` over
the current quarter up to the data day; `GET /equipment/utilisation/?unit=&start=&end=`
gives the coefficient of the blast furnaces under a unit, furnace by furnace and for
the unit (sum of output over sum of volume-days).
"""

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from gexin.core.api import ScopedViewSet
from gexin.national import equipment as figures
from gexin.national.filtersets.equipment import EquipmentFilterSet
from gexin.national.models.equipment import Equipment, EquipmentStatus, StatusChange
from gexin.org.api import GexinViewSet, ScopedSlugField, as_drf_error
from gexin.org.models import Unit


class StatusChangeSerializer(serializers.ModelSerializer):
    changed_by = serializers.CharField(
        source="changed_by.username", read_only=True, allow_null=True
    )

    class Meta:
        model = StatusChange
        fields = ["id", "equipment", "on", "from_status", "to_status", "reason", "changed_by"]
        read_only_fields = fields


class StatusRequestSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=EquipmentStatus.choices)
    on = serializers.DateField(help_text=_("The day of the change (not in the future)."))
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class EquipmentSerializer(serializers.ModelSerializer):
    unit = ScopedSlugField(
        "national.add_equipment",
        "national.change_equipment",
        slug_field="code",
        queryset=Unit.objects.all(),
        help_text=_("Code of the unit the furnace belongs to."),
    )
    records_unit = ScopedSlugField(
        "national.add_equipment",
        "national.change_equipment",
        slug_field="code",
        queryset=Unit.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Code of the unit whose records are the furnace's output."),
    )
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    utilisation = serializers.SerializerMethodField()

    class Meta:
        model = Equipment
        fields = [
            "id",
            "unit",
            "records_unit",
            "kind",
            "kind_label",
            "name",
            "number",
            "useful_volume",
            "capacity",
            "status",
            "status_label",
            "planned_start",
            "actual_start",
            "utilisation",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        read_only_fields = ["status", "actual_start", "is_illustrative"]

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_utilisation(self, equipment):
        """The coefficient over the quarter up to the data day (detail only)."""
        if not self.context.get("with_utilisation") or not equipment.is_blast_furnace:
            return None
        start, end = figures.default_period(figures.data_day())
        return figures.furnace_utilisation(equipment, start, end).as_dict()

    def validate(self, attrs):
        instance = self.instance or Equipment()
        for name, value in attrs.items():
            setattr(instance, name, value)
        try:
            instance.clean()
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return attrs


def day_param(request, name, default):
    text = request.query_params.get(name)
    if not text:
        return default
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise DRFValidationError({name: [_("Give a date as YYYY-MM-DD.")]}) from None


class EquipmentViewSet(GexinViewSet):
    """Furnaces and converters of the units in the caller's scope."""

    queryset = Equipment.objects.select_related("unit", "records_unit")
    serializer_class = EquipmentSerializer
    filterset_class = EquipmentFilterSet
    ordering_fields = ["name", "planned_start", "actual_start", "id"]
    ordering = ["unit__path", "name", "id"]

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["with_utilisation"] = self.action in ("retrieve", "status")
        return context

    @extend_schema(request=StatusRequestSerializer, responses=EquipmentSerializer)
    @action(detail=True, methods=["get", "post"])
    def status(self, request, pk=None, **kwargs):
        """GET shows the equipment (as the other actions of the API do); POST moves it."""
        equipment = get_object_or_404(self.get_queryset(), pk=pk)
        if request.method == "GET":
            return Response(self.get_serializer(equipment).data)
        if not self.get_queryset_for("status").filter(pk=equipment.pk).exists():
            raise PermissionDenied
        data = StatusRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            equipment.set_status(
                data.validated_data["status"],
                on=data.validated_data["on"],
                reason=data.validated_data["reason"],
                user=request.user,
            )
        except DjangoValidationError as error:
            raise DRFValidationError({"status": error.messages}) from None
        equipment.refresh_from_db()
        return Response(self.get_serializer(equipment).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", str, description=_("Unit code; by default your highest.")),
            OpenApiParameter("start", datetime.date),
            OpenApiParameter("end", datetime.date),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    @action(detail=False, methods=["get"])
    def utilisation(self, request, **kwargs):
        units = Unit.objects.where_user_holds(request.user, "national.view_equipment")
        code = request.query_params.get("unit")
        unit = units.filter(code=code).first() if code else units.order_by("depth").first()
        if unit is None:
            raise NotFound
        default_start, default_end = figures.default_period(figures.data_day())
        start = day_param(request, "start", default_start)
        end = day_param(request, "end", default_end)
        result = figures.unit_utilisation(unit, self.get_queryset(), start, end)
        return Response(result.as_dict())


class StatusChangeViewSet(ScopedViewSet):
    """The status history of the furnaces in the caller's scope."""

    queryset = StatusChange.objects.select_related("equipment", "changed_by")
    serializer_class = StatusChangeSerializer
    filterset_fields = ["equipment", "to_status"]
    http_method_names = ["get", "head", "options"]
    ordering = ["on", "id"]
