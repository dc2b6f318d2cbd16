"""REST API for cooperation requests and what was given and received
(`/api/v1/cooperations/`, `/api/v1/cooperation-items/`).

A cooperation is seen by the people of its two sides and moves on through the same
actions as a card: `match` (the partner unit accepts; with an outside enterprise the
requesting unit records the agreement; `unit` is optional), `deliver` (`note`; the
partner, or the requesting unit when the partner is outside gexin), `confirm` (the
requesting unit) and `withdraw` (`reason`; the requesting unit, while open or
matched). Its `items` and `totals` (per unit of measure, for each flow) are read-only
here; items are written through `cooperation-items` by either side until the
cooperation is confirmed.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gexin.exchange import workflow
from gexin.exchange.api.cards import (
    ExchangeableSerializer,
    ExchangeAcceptSerializer,
    MovesMixin,
    django_errors,
    move_schemas,
)
from gexin.exchange.filtersets.cooperation import CooperationFilterSet, CooperationItemFilterSet
from gexin.exchange.models import Cooperation, CooperationItem
from gexin.meetings.api import ScopedIdField
from gexin.org.api import GexinViewSet, ScopedSlugField
from gexin.org.models import Unit


class ItemInCooperationSerializer(serializers.ModelSerializer):
    class Meta:
        model = CooperationItem
        fields = ["id", "flow", "description", "quantity", "unit_of_measure"]


class CooperationTotalSerializer(serializers.Serializer):
    unit_of_measure = serializers.CharField()
    quantity = serializers.DecimalField(max_digits=24, decimal_places=4)


class CooperationTotalsSerializer(serializers.Serializer):
    given = CooperationTotalSerializer(many=True)
    received = CooperationTotalSerializer(many=True)


class CooperationSerializer(ExchangeableSerializer):
    unit = ScopedSlugField(
        "exchange.add_cooperation",
        "exchange.change_cooperation",
        slug_field="code",
        queryset=Unit.objects.all(),
        help_text=_("Code of the requesting unit (one whose cooperation you answer for)."),
    )
    partner = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Unit.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Code of the partner unit; leave empty for an outside enterprise."),
    )
    items = ItemInCooperationSerializer(many=True, read_only=True)
    totals = serializers.SerializerMethodField()

    class Meta:
        model = Cooperation
        fields = [
            "id",
            "kind",
            "kind_label",
            "unit",
            "partner",
            "partner_name",
            "title",
            "description",
            "needed_by",
            "items",
            "totals",
            *ExchangeableSerializer.STEP_FIELDS,
        ]
        read_only_fields = ["status"]

    @extend_schema_field(CooperationTotalsSerializer)
    def get_totals(self, cooperation):
        """What was given and received, summed per unit of measure."""
        given, received = workflow.given_and_received(cooperation)
        return {
            side.flow: [
                {"unit_of_measure": measure, "quantity": f"{total:.4f}"}
                for measure, total in side.totals
            ]
            for side in (given, received)
        }

    def validate(self, attrs):
        attrs = super().validate(attrs)
        values = {}
        if self.instance is not None:
            for name in ("kind", "unit", "partner", "partner_name", "title", "description"):
                values[name] = getattr(self.instance, name)
        values.update(attrs)
        candidate = Cooperation(**values)
        django_errors(candidate.clean)
        return attrs

    def create(self, validated_data):
        validated_data["posted_by"] = self.context["request"].user
        return super().create(validated_data)


@move_schemas(CooperationSerializer, ExchangeAcceptSerializer)
class CooperationViewSet(MovesMixin, GexinViewSet):
    """Cooperation requests between departments of a plant and with outside enterprises."""

    queryset = Cooperation.objects.select_related(
        "unit", "partner", "posted_by", "matched_by", "delivered_by", "confirmed_by"
    ).prefetch_related("items")
    serializer_class = CooperationSerializer
    filterset_class = CooperationFilterSet
    ordering_fields = ["posted_on", "created", "needed_by", "id"]
    ordering = ["-posted_on", "-id"]
    match_request = ExchangeAcceptSerializer


class CooperationItemSerializer(serializers.ModelSerializer):
    cooperation = ScopedIdField(
        queryset=Cooperation.objects.all(), help_text=_("Id of the cooperation.")
    )

    class Meta:
        model = CooperationItem
        fields = [
            "id",
            "cooperation",
            "flow",
            "description",
            "quantity",
            "unit_of_measure",
            "created",
            "last_updated",
        ]

    def validate(self, attrs):
        cooperation = attrs.get("cooperation", getattr(self.instance, "cooperation", None))
        if self.instance is not None and cooperation != self.instance.cooperation:
            raise serializers.ValidationError(
                {"cooperation": [_("An item stays with its cooperation.")]}
            )
        action = "change" if self.instance is not None else "add"
        why = workflow.item_refusal(cooperation, self.context["request"].user, action)
        if why is not None:
            raise serializers.ValidationError([str(why)])
        quantity = attrs.get("quantity", getattr(self.instance, "quantity", None))
        measure = attrs.get("unit_of_measure", getattr(self.instance, "unit_of_measure", ""))
        if quantity is not None and quantity < 0:
            raise serializers.ValidationError(
                {"quantity": [_("A quantity is not negative; choose the other flow.")]}
            )
        if quantity is not None and not (measure or "").strip():
            raise serializers.ValidationError(
                {"unit_of_measure": [_("Give the unit of measure of the quantity.")]}
            )
        if "unit_of_measure" in attrs:
            attrs["unit_of_measure"] = attrs["unit_of_measure"].strip()
        return attrs


class CooperationItemViewSet(GexinViewSet):
    """What was given and received in cooperations; written by either side."""

    queryset = CooperationItem.objects.select_related("cooperation__unit", "cooperation__partner")
    serializer_class = CooperationItemSerializer
    filterset_class = CooperationItemFilterSet
    ordering_fields = ["id", "flow"]
    ordering = ["cooperation", "flow", "id"]

    def get_queryset_for(self, action):
        if action == "view":
            return self.queryset.restrict(self.request.user, "view")
        return self.queryset.filter(pk__in=workflow.items_for(self.request.user, action))

    def perform_destroy(self, item):
        why = workflow.item_refusal(item.cooperation, self.request.user, "delete")
        if why is not None:
            raise serializers.ValidationError([str(why)])
        super().perform_destroy(item)
