"""REST API for technical assistance contracts, their items, conferences and the
conferences' item evaluations (`/api/v1/`).

A contract's detail carries its items and its `fulfilment` (items done of those owed,
and each evaluating conference's verdicts with the score, per obliged plant); lists
leave the fulfilment out. An item's terms are set by management (of the keeping unit
or of the obliged unit); its owning workshop moves its `status` (planned → in progress
→ done, or cancelled with a note), and the beneficiary is told when it is done. A
conference's verdicts and fulfilment are given only to those who see its contract.
`POST assistance-conferences/{id}/evaluate/` takes `{version, evaluations: [{item,
verdict, note}, …]}` and saves them in one transaction (an empty verdict removes one);
a `version` other than the conference's current `sheet_version` answers 409.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from gexin.exchange import contracts
from gexin.exchange.choices import Verdict
from gexin.exchange.filtersets import contracts as filtersets
from gexin.exchange.models import (
    PLANT_KINDS,
    Conference,
    Contract,
    ContractItem,
    Experience,
    ItemEvaluation,
)
from gexin.meetings.api import ScopedIdField
from gexin.org.api import Conflict, GexinViewSet, ScopedSlugField, as_drf_error
from gexin.org.models import Unit


def django_errors(run):
    """Run `run()`, answering a model rule's ValidationError as 400 with its messages."""
    try:
        return run()
    except DjangoValidationError as error:
        raise as_drf_error(error) from None


class DetailOnly:
    """A serializer mixin leaving `detail_only` fields out of list responses: they cost
    queries per row (the fulfilment) and belong to one object's page."""

    detail_only = ()

    def get_fields(self):
        fields = super().get_fields()
        view = self.context.get("view")
        if getattr(view, "action", None) == "list":
            for name in self.detail_only:
                fields.pop(name, None)
        return fields


def plants_field(help_text, **kwargs):
    return serializers.SlugRelatedField(
        slug_field="code",
        queryset=Unit.objects.filter(kind__in=PLANT_KINDS),
        many=True,
        help_text=help_text,
        **kwargs,
    )


def unit_code(help_text):
    return serializers.SlugRelatedField(
        slug_field="code", queryset=Unit.objects.all(), help_text=help_text
    )


# Contracts


class ContractItemInlineSerializer(serializers.ModelSerializer):
    # Plain text here, so that the schema names the item's choices once (ContractItem).
    kind = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    obliged_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    beneficiary = serializers.SlugRelatedField(slug_field="code", read_only=True)
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = ContractItem
        fields = [
            "id",
            "kind",
            "description",
            "obliged_unit",
            "beneficiary",
            "experience",
            "due_on",
            "status",
            "done_on",
            "note",
            "is_overdue",
        ]
        read_only_fields = fields

    def get_is_overdue(self, item) -> bool:
        return item.is_overdue()


class ContractSerializer(DetailOnly, serializers.ModelSerializer):
    unit = ScopedSlugField(
        "exchange.add_contract",
        "exchange.change_contract",
        slug_field="code",
        queryset=Unit.objects.all(),
        help_text=_("Code of the unit keeping the contract: a party or a unit above them."),
    )
    parties = plants_field(_("Codes of the plants bound by the contract (at least two)."))
    items = ContractItemInlineSerializer(many=True, read_only=True)
    fulfilment = serializers.SerializerMethodField()

    class Meta:
        model = Contract
        fields = [
            "id",
            "number",
            "title",
            "unit",
            "parties",
            "signed_on",
            "starts_on",
            "ends_on",
            "status",
            "description",
            "is_illustrative",
            "source",
            "items",
            "fulfilment",
            "created",
            "last_updated",
        ]

    detail_only = ("fulfilment",)

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_fulfilment(self, contract):
        """Items done of those owed (cancelled ones are not), and for each conference
        that judged the contract the verdicts counted, in all and per obliged plant,
        with the score (per cent; postponed items left out). Not in lists."""
        return contracts.fulfilment(contract).as_dict()

    def validate(self, attrs):
        instance = self.instance
        unit = attrs.get("unit", instance.unit if instance else None)
        parties = attrs.get("parties", list(instance.parties.all()) if instance else [])
        django_errors(lambda: contracts.check_contract(unit, parties))
        values = {
            name: attrs.get(name, getattr(instance, name, None))
            for name in ("signed_on", "starts_on", "ends_on")
        }
        # The form's rules: days between 1900 and 2199, not signed after the end, not
        # ending before the start.
        django_errors(lambda: contracts.check_contract_dates(**values))
        django_errors(Contract(**values).clean)
        return attrs

    def create(self, validated_data):
        parties = validated_data.pop("parties")
        contract = Contract(**validated_data)
        contract.save()
        contract.parties.set(parties)
        return contract

    def update(self, instance, validated_data):
        parties = validated_data.pop("parties", None)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        instance.save()
        if parties is not None:
            instance.parties.set(parties)
        return instance


class ContractViewSet(GexinViewSet):
    """Technical assistance contracts between plants, seen by the people of every party."""

    queryset = Contract.objects.select_related("unit").prefetch_related(
        "parties", "items__obliged_unit", "items__beneficiary"
    )
    serializer_class = ContractSerializer
    filterset_class = filtersets.ContractFilterSet
    ordering_fields = ["signed_on", "ends_on", "number", "id"]
    ordering = ["-signed_on", "-id"]


# Items


TERMS_ARE_MANAGEMENTS = _(
    "The terms of an item (what, by whom, for whom, by when) are set by the management "
    "that signed the contract; the owning workshop moves its status."
)


MOVES_ARE_THE_WORKSHOPS = _(
    "The status, done date and note of an item are recorded by the workshop that owns it; "
    "the management keeping the contract corrects its terms."
)
OWN_ITEMS_ONLY = _("You may add items owed by your own units, or to a contract your unit keeps.")


class ContractItemSerializer(serializers.ModelSerializer):
    contract = ScopedIdField(
        queryset=Contract.objects.all(), help_text=_("Id of the contract the item belongs to.")
    )
    obliged_unit = unit_code(_("Code of the workshop of the obliged plant that owns the item."))
    beneficiary = unit_code(_("Code of the plant, or a unit of it, that receives the help."))
    experience = ScopedIdField(
        queryset=Experience.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the advanced experience the item passes on (optional)."),
    )
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = ContractItem
        fields = [
            "id",
            "contract",
            "kind",
            "description",
            "obliged_unit",
            "beneficiary",
            "experience",
            "due_on",
            "status",
            "done_on",
            "note",
            "is_overdue",
            "is_illustrative",
            "created",
            "last_updated",
        ]

    def get_is_overdue(self, item) -> bool:
        return item.is_overdue()

    def validate(self, attrs):
        user = self.context["request"].user
        instance = self.instance
        if instance is not None:
            if "contract" in attrs and attrs["contract"] != instance.contract:
                raise serializers.ValidationError(
                    {"contract": [_("An item stays with its contract.")]}
                )
            changed = {
                name
                for name in (*contracts.ITEM_TERMS, *contracts.ITEM_MOVES_FIELDS)
                if name in attrs and attrs[name] != getattr(instance, name)
            }
            if changed & set(contracts.ITEM_TERMS) and not contracts.may_manage_item(
                user, instance.contract, instance.obliged_unit
            ):
                raise PermissionDenied(TERMS_ARE_MANAGEMENTS)
            if changed & set(contracts.ITEM_MOVES_FIELDS) and not contracts.may_move_item(
                user, instance
            ):
                raise PermissionDenied(MOVES_ARE_THE_WORKSHOPS)
            if "obliged_unit" in changed and not contracts.may_manage_item(
                user, instance.contract, attrs["obliged_unit"]
            ):
                raise PermissionDenied(OWN_ITEMS_ONLY)
            candidate = ContractItem(
                pk=instance.pk,
                **{
                    field.name: getattr(instance, field.name)
                    for field in ContractItem._meta.concrete_fields
                    if not field.primary_key
                },
            )
        else:
            candidate = ContractItem()
        for name, value in attrs.items():
            setattr(candidate, name, value)
        contract = candidate.contract
        if instance is None and not contracts.may_manage_item(
            user, contract, attrs.get("obliged_unit")
        ):
            raise PermissionDenied(OWN_ITEMS_ONLY)
        django_errors(
            lambda: contracts.check_years(due_on=candidate.due_on, done_on=candidate.done_on)
        )
        django_errors(
            lambda: contracts.check_item(
                candidate, contract.parties.all(), instance.status if instance else None
            )
        )
        return attrs

    def create(self, validated_data):
        item = ContractItem(**validated_data)
        return contracts.save_item(item, user=self.context["request"].user)

    def update(self, instance, validated_data):
        previous = instance.status
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return contracts.save_item(
            instance, user=self.context["request"].user, previous_status=previous
        )


class ContractItemViewSet(GexinViewSet):
    """Items of the contracts; added and deleted by management, moved by their owners."""

    queryset = ContractItem.objects.select_related(
        "contract__unit", "obliged_unit", "beneficiary", "experience"
    )
    serializer_class = ContractItemSerializer
    filterset_class = filtersets.ContractItemFilterSet
    ordering_fields = ["due_on", "status", "id"]
    ordering = ["contract", "due_on", "id"]

    def get_queryset_for(self, action):
        return contracts.items_for(self.request.user, action).select_related(
            "contract__unit", "obliged_unit", "beneficiary", "experience"
        )


# Conferences and their evaluations


class ItemEvaluationInlineSerializer(serializers.ModelSerializer):
    class Meta:
        model = ItemEvaluation
        fields = ["id", "item", "verdict", "note"]
        read_only_fields = fields


class ConferenceSerializer(DetailOnly, serializers.ModelSerializer):
    unit = ScopedSlugField(
        "exchange.add_conference",
        "exchange.change_conference",
        slug_field="code",
        queryset=Unit.objects.all(),
        help_text=_("Code of the hosting unit."),
    )
    contract = ScopedIdField(
        queryset=Contract.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the contract the conference judges (optional)."),
    )
    participants = plants_field(_("Codes of the participating plants."))
    experiences = ScopedIdField(
        queryset=Experience.objects.all(),
        many=True,
        required=False,
        help_text=_("Ids of the advanced experiences exchanged."),
    )
    experience_count = serializers.SerializerMethodField()
    evaluations = ItemEvaluationInlineSerializer(
        many=True,
        read_only=True,
        help_text=_("The conference's verdicts (empty for those who do not see its contract)."),
    )
    fulfilment = serializers.SerializerMethodField()
    sheet_version = serializers.SerializerMethodField()

    detail_only = ("fulfilment",)

    class Meta:
        model = Conference
        fields = [
            "id",
            "number",
            "title",
            "unit",
            "held_on",
            "place",
            "participants",
            "contract",
            "decisions",
            "experiences",
            "experience_count",
            "evaluations",
            "fulfilment",
            "sheet_version",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]

    def get_experience_count(self, conference) -> int:
        count = getattr(conference, "experience_count", None)
        return conference.experiences.count() if count is None else count

    def contract_visible(self, conference):
        request = self.context.get("request")
        return request is not None and contracts.contract_visible(request.user, conference)

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_fulfilment(self, conference):
        """The contract's fulfilment as this conference judged it (null without a contract,
        or for those who do not see the contract). Not in lists."""
        if not self.contract_visible(conference):
            return None
        result = contracts.fulfilment(conference.contract, conference=conference)
        return result.conferences[0].as_dict() if result.conferences else None

    def get_sheet_version(self, conference) -> str | None:
        """The version of the verdicts: send it back with `evaluate` so that a save over
        someone else's answers 409 (null for those who do not see the contract)."""
        if not self.contract_visible(conference):
            return None
        return contracts.sheet_version(conference.evaluations.all())

    def to_representation(self, conference):
        data = super().to_representation(conference)
        if "evaluations" in data and not self.contract_visible(conference):
            data["evaluations"] = []
        return data

    def validate(self, attrs):
        instance = self.instance
        unit = attrs.get("unit", getattr(instance, "unit", None))
        if "participants" in attrs:
            participants = attrs["participants"]
        else:
            participants = list(instance.participants.all()) if instance else []
        contract = attrs["contract"] if "contract" in attrs else getattr(instance, "contract", None)
        django_errors(lambda: contracts.check_years(held_on=attrs.get("held_on")))
        django_errors(lambda: contracts.check_conference(unit, participants, contract))
        return attrs

    def create(self, validated_data):
        participants = validated_data.pop("participants")
        experiences = validated_data.pop("experiences", [])
        conference = Conference(**validated_data)
        conference.save()
        conference.participants.set(participants)
        conference.experiences.set(experiences)
        return conference

    def update(self, instance, validated_data):
        participants = validated_data.pop("participants", None)
        experiences = validated_data.pop("experiences", None)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        instance.save()
        # Read again whether the caller sees the contract (it may have changed).
        instance.__dict__.pop("contract_visible", None)
        if participants is not None:
            instance.participants.set(participants)
        if experiences is not None:
            instance.experiences.set(experiences)
        return instance


class EvaluationRowSerializer(serializers.Serializer):
    item = serializers.IntegerField(help_text=_("Id of an item of the conference's contract."))
    verdict = serializers.ChoiceField(
        choices=Verdict.choices,
        allow_blank=True,
        allow_null=True,
        required=False,
        help_text=_("The verdict; empty or null removes the item's verdict."),
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class EvaluationSheetSerializer(serializers.Serializer):
    version = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_(
            "The conference's `sheet_version` the verdicts were read at; when someone else "
            "saved verdicts since, nothing is saved and the answer is 409."
        ),
    )
    evaluations = EvaluationRowSerializer(many=True)


class ConferenceViewSet(GexinViewSet):
    """Conferences of the plants, with the experiences exchanged and their evaluation."""

    queryset = (
        Conference.objects.select_related("unit", "contract")
        .prefetch_related("participants", "experiences", "evaluations")
        .annotate(experience_count=Count("experiences", distinct=True))
    )
    serializer_class = ConferenceSerializer
    filterset_class = filtersets.ConferenceFilterSet
    ordering_fields = ["held_on", "number", "id"]
    ordering = ["-held_on", "-id"]

    def get_queryset(self):
        # Whether the caller sees each conference's contract, in the same query.
        seen = Contract.objects.restrict(self.request.user, "view")
        return (
            super()
            .get_queryset()
            .annotate(contract_visible=Exists(seen.filter(pk=OuterRef("contract_id"))))
        )

    @extend_schema(request=EvaluationSheetSerializer, responses=ConferenceSerializer)
    @action(detail=True, methods=["get", "post"])
    def evaluate(self, request, pk=None, format=None):
        """POST `{"version": sheet_version, "evaluations": [{item, verdict, note}, …]}`
        (or the bare list, saved without the version check): the conference's verdicts,
        saved in one transaction (an empty verdict removes one); 409 when someone else
        saved verdicts after `version`. GET shows the conference."""
        conference = get_object_or_404(self.get_queryset(), pk=pk)
        if request.method == "POST":
            if not contracts.may_evaluate(request.user, conference):
                raise PermissionDenied
            if conference.contract_id is None:
                raise serializers.ValidationError(
                    [_("The conference judges no contract: choose its contract first.")]
                )
            if isinstance(request.data, list):
                version, data = "", request.data
            else:
                sheet = EvaluationSheetSerializer(data=request.data)
                sheet.is_valid(raise_exception=True)
                version = sheet.validated_data.get("version", "")
                data = request.data.get("evaluations")
            rows = EvaluationRowSerializer(data=data, many=True)
            rows.is_valid(raise_exception=True)
            ids = [row["item"] for row in rows.validated_data]
            items = {
                item.pk: item
                for item in ContractItem.objects.filter(
                    pk__in=ids, contract_id=conference.contract_id
                )
            }
            missing = [str(pk) for pk in ids if pk not in items]
            if missing:
                raise serializers.ValidationError(
                    {
                        "item": [
                            _("Not an item of the conference's contract: %(ids)s")
                            % {"ids": ", ".join(missing)}
                        ]
                    }
                )
            try:
                contracts.evaluate(
                    conference,
                    [
                        (items[row["item"]], row.get("verdict") or "", row.get("note", ""))
                        for row in rows.validated_data
                    ],
                    version=version,
                )
            except contracts.SheetChanged as error:
                raise Conflict(error.messages[0]) from None
            except DjangoValidationError as error:
                raise as_drf_error(error) from None
        fresh = self.get_queryset().get(pk=conference.pk)
        return Response(self.get_serializer(fresh).data)


ALREADY_JUDGED = _("The conference has already judged this item: change that verdict instead.")


class ItemEvaluationSerializer(serializers.ModelSerializer):
    conference = ScopedIdField(
        queryset=Conference.objects.all(), help_text=_("Id of the judging conference.")
    )
    item = ScopedIdField(
        queryset=ContractItem.objects.all(), help_text=_("Id of the contract item judged.")
    )

    class Meta:
        model = ItemEvaluation
        fields = ["id", "conference", "item", "verdict", "note", "created", "last_updated"]
        # The rule "once per conference and item" is checked below, with a clear message.
        validators = []

    def validate(self, attrs):
        instance = self.instance
        conference = attrs.get("conference", getattr(instance, "conference", None))
        item = attrs.get("item", getattr(instance, "item", None))
        if instance is not None and (conference != instance.conference or item != instance.item):
            raise serializers.ValidationError(
                {"item": [_("A verdict stays with its conference and item.")]}
            )
        if item.contract_id != conference.contract_id:
            raise serializers.ValidationError(
                {"item": [_("Only the items of the conference's contract are judged at it.")]}
            )
        duplicate = ItemEvaluation.objects.filter(conference=conference, item=item)
        if instance is not None:
            duplicate = duplicate.exclude(pk=instance.pk)
        if duplicate.exists():
            raise serializers.ValidationError({"item": [ALREADY_JUDGED]})
        return attrs


class ItemEvaluationViewSet(GexinViewSet):
    """The conferences' verdicts on contract items, one per conference and item."""

    queryset = ItemEvaluation.objects.select_related("conference__unit", "item")
    serializer_class = ItemEvaluationSerializer
    filterset_class = filtersets.ItemEvaluationFilterSet
    ordering_fields = ["id", "verdict"]
    ordering = ["conference", "id"]

    def save_new(self, serializer):
        # The conference is locked as on the evaluation sheet: two verdicts on one item
        # sent at once answer 400 for the second, not a broken constraint.
        conference = serializer.validated_data["conference"]
        with transaction.atomic():
            Conference.objects.select_for_update().filter(pk=conference.pk).first()
            if ItemEvaluation.objects.filter(
                conference=conference, item=serializer.validated_data["item"]
            ).exists():
                raise serializers.ValidationError({"item": [ALREADY_JUDGED]})
            return serializer.save()
