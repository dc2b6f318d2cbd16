"""REST API for technical assistance cards (`/api/v1/assistance-cards/`).

Everyone signed in sees the open cards (the board); a card taken up is seen by its two
sides only. A card moves on only through its actions, each `POST`ed (a `GET` shows the
card): `match` takes it up for `{"unit": code}` (a unit of another plant), `deliver`
records `{"note": what was delivered}` (the giving side), `confirm` `{"note": …}`
(optional; the receiving side), `withdraw` `{"reason": …}` (the posting side, while
open or matched). A move refused for the card's state or for the caller's side answers
400 with the reason. `status` and the fields of each move are read-only; `moves` lists
the moves the caller may make now. A card is changed or deleted only while open.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from gexin.exchange import workflow
from gexin.exchange.choices import ExchangeStatus
from gexin.exchange.filtersets.cards import AssistanceCardFilterSet, with_plants
from gexin.exchange.models import AssistanceCard, Experience, plant_of
from gexin.meetings.api import ScopedIdField
from gexin.org.api import GexinViewSet, ScopedSlugField, as_drf_error
from gexin.org.models import Unit, WorkType


def django_errors(run):
    """Run `run()`, answering a model's or the workflow's ValidationError as 400."""
    try:
        return run()
    except DjangoValidationError as error:
        raise as_drf_error(error) from None


def username(source):
    return serializers.CharField(source=source, read_only=True, allow_null=True)


def unit_code(help_text, **kwargs):
    return serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=help_text, **kwargs
    )


class ExchangeDeliverSerializer(serializers.Serializer):
    note = serializers.CharField(help_text=_("What was delivered."))


class ExchangeConfirmSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Optional: what the help achieved.")
    )


class ExchangeWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text=_("Why it is withdrawn."))


class ExchangeMatchSerializer(serializers.Serializer):
    unit = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Unit.objects.all(),
        help_text=_("Code of the unit (of another plant) that takes up the card."),
    )


class ExchangeAcceptSerializer(serializers.Serializer):
    unit = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Unit.objects.all(),
        required=False,
        allow_null=True,
        help_text=_(
            "Optional: code of the partner unit accepting (or of the requesting unit, "
            "recording an outside enterprise's agreement)."
        ),
    )


class MovesMixin:
    """The four moves as actions: GET shows the object, POST makes the move."""

    match_request = ExchangeMatchSerializer

    def represent(self, obj):
        fresh = self.get_queryset().filter(pk=obj.pk).first() or obj
        return Response(self.get_serializer(fresh).data)

    def step(self, request, form, run):
        obj = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if request.method == "GET":
            return self.represent(obj)
        if not workflow.may_move_at_all(request.user, obj):
            raise PermissionDenied
        checked = form(data=request.data, context=self.get_serializer_context())
        checked.is_valid(raise_exception=True)
        data = checked.validated_data
        with transaction.atomic():
            django_errors(lambda: run(obj, data))
        return self.represent(obj)

    def perform_destroy(self, obj):
        django_errors(lambda: workflow.check_deletable(obj))
        super().perform_destroy(obj)

    @action(detail=True, methods=["get", "post"])
    def match(self, request, pk=None, format=None):
        """POST: take up the card for `unit` (or accept the cooperation)."""
        return self.step(
            request,
            self.match_request,
            lambda obj, data: workflow.match(obj, user=request.user, unit=data.get("unit")),
        )

    @action(detail=True, methods=["get", "post"])
    def deliver(self, request, pk=None, format=None):
        """POST: the giving side records what was delivered (`note`)."""
        return self.step(
            request,
            ExchangeDeliverSerializer,
            lambda obj, data: workflow.deliver(obj, user=request.user, note=data["note"]),
        )

    @action(detail=True, methods=["get", "post"])
    def confirm(self, request, pk=None, format=None):
        """POST: the receiving side confirms receipt (optional `note`)."""
        return self.step(
            request,
            ExchangeConfirmSerializer,
            lambda obj, data: workflow.confirm(obj, user=request.user, note=data.get("note", "")),
        )

    @action(detail=True, methods=["get", "post"])
    def withdraw(self, request, pk=None, format=None):
        """POST: the posting side withdraws it (`reason`), while open or matched."""
        return self.step(
            request,
            ExchangeWithdrawSerializer,
            lambda obj, data: workflow.withdraw(obj, user=request.user, reason=data["reason"]),
        )


def move_schemas(serializer, match_request=ExchangeMatchSerializer):
    """The schema of each move: what it takes, and the object it answers with."""
    requests = {
        workflow.MATCH: match_request,
        workflow.DELIVER: ExchangeDeliverSerializer,
        workflow.CONFIRM: ExchangeConfirmSerializer,
        workflow.WITHDRAW: ExchangeWithdrawSerializer,
    }
    return extend_schema_view(
        **{
            move: extend_schema(request=request, responses=serializer)
            for move, request in requests.items()
        }
    )


class ExchangeableSerializer(serializers.ModelSerializer):
    """The fields cards and cooperations share: the state and the steps so far."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    moves = serializers.SerializerMethodField()
    posted_by = username("posted_by.username")
    matched_by = username("matched_by.username")
    delivered_by = username("delivered_by.username")
    confirmed_by = username("confirmed_by.username")

    STEP_FIELDS = [
        "status",
        "status_label",
        "moves",
        "posted_on",
        "posted_by",
        "matched_on",
        "matched_by",
        "delivered_on",
        "delivery_note",
        "delivered_by",
        "confirmed_on",
        "confirmation_note",
        "confirmed_by",
        "withdrawn_on",
        "withdrawn_reason",
        "is_illustrative",
        "source",
        "created",
        "last_updated",
    ]

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=workflow.MOVES))
    )
    def get_moves(self, obj):
        request = self.context.get("request")
        if request is None:
            return []
        takeable = getattr(self, "takeable", None)
        allowed = workflow.allowed_moves(obj, request.user, takeable=takeable)
        return [move for move in workflow.MOVES if move in allowed]

    def validate(self, attrs):
        if self.instance is not None:
            django_errors(lambda: workflow.check_editable(self.instance))
        return attrs


class AssistanceCardListSerializer(serializers.ListSerializer):
    """A list of cards: which of them the caller may take up is read once for the
    whole page (see `workflow.takeable`), not card by card."""

    def to_representation(self, data):
        cards = list(data.all() if isinstance(data, models.manager.BaseManager) else data)
        request = self.context.get("request")
        if request is not None:
            open_cards = [card for card in cards if card.status == ExchangeStatus.OPEN]
            self.child.takeable = workflow.takeable(request.user, open_cards)
        return super().to_representation(cards)


class AssistanceCardSerializer(ExchangeableSerializer):
    unit = ScopedSlugField(
        "exchange.add_assistancecard",
        "exchange.change_assistancecard",
        slug_field="code",
        queryset=Unit.objects.all(),
        help_text=_("Code of the posting unit (one whose cards you answer for)."),
    )
    plant = serializers.SerializerMethodField()
    work_type = serializers.SlugRelatedField(
        slug_field="code",
        queryset=WorkType.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Code of the work type; by default the posting unit's."),
    )
    experience = ScopedIdField(
        queryset=Experience.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the advanced experience asked for or offered (optional)."),
    )
    counterpart = unit_code(_("Code of the unit that took the card up."), allow_null=True)
    giver = serializers.SerializerMethodField()
    receiver = serializers.SerializerMethodField()

    class Meta:
        model = AssistanceCard
        list_serializer_class = AssistanceCardListSerializer
        fields = [
            "id",
            "kind",
            "kind_label",
            "unit",
            "plant",
            "title",
            "description",
            "work_type",
            "needed_by",
            "experience",
            "counterpart",
            "giver",
            "receiver",
            *ExchangeableSerializer.STEP_FIELDS,
        ]
        read_only_fields = ["status"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_plant(self, card):
        """Code of the posting unit's plant."""
        if hasattr(card, "plant_code"):
            return card.plant_code
        plant = plant_of(card.unit)
        return plant.code if plant is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_giver(self, card):
        """Code of the unit that gives the help (None until a request is taken up)."""
        return card.giver.code if card.giver is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_receiver(self, card):
        """Code of the unit that receives the help (None until an offer is taken up)."""
        return card.receiver.code if card.receiver is not None else None

    def validate(self, attrs):
        attrs = super().validate(attrs)
        unit = attrs.get("unit", getattr(self.instance, "unit", None))
        if "work_type" not in attrs and self.instance is None and unit is not None:
            attrs["work_type"] = unit.work_type
        return attrs

    def create(self, validated_data):
        validated_data["posted_by"] = self.context["request"].user
        return super().create(validated_data)


@move_schemas(AssistanceCardSerializer)
class AssistanceCardViewSet(MovesMixin, GexinViewSet):
    """Technical assistance cards: requests and offers of help between plants."""

    queryset = with_plants(
        AssistanceCard.objects.select_related(
            "unit",
            "counterpart",
            "work_type",
            "posted_by",
            "matched_by",
            "delivered_by",
            "confirmed_by",
        )
    )
    serializer_class = AssistanceCardSerializer
    filterset_class = AssistanceCardFilterSet
    ordering_fields = ["posted_on", "created", "needed_by", "id"]
    ordering = ["-posted_on", "-id"]
