"""REST API for production lines, their stations and bottleneck history, and experimental
fields with their logs (`/api/v1/`).

A line's `chain` is computed from its stations: what limits it, its output, what raising
the bottleneck gains and what limits next. Stations are written through
gexin.innovation.lines, like the pages, so every change that moves the bottleneck or the
output leaves its BottleneckRecord; the records themselves are read-only.
`POST production-lines/{id}/recalculate/` derives again the capacities taken from the
production records (GET shows the line).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from gexin.core.permissions import is_path_in_scope
from gexin.innovation import lines
from gexin.innovation.filtersets import lines as filtersets
from gexin.innovation.models import (
    FIGURE,
    BottleneckRecord,
    Campaign,
    ExperimentalField,
    FieldLogEntry,
    KeyIssue,
    Problem,
    ProductionLine,
    Station,
)
from gexin.meetings.api import ScopedIdField, person_field
from gexin.org.api import GexinViewSet, ScopedSlugField, as_drf_error
from gexin.org.models import Unit
from gexin.plans.choices import MetricKind
from gexin.plans.models import Metric

QUANTUM = Decimal(1).scaleb(-FIGURE["decimal_places"])


def unit_field(app_model, **kwargs):
    return ScopedSlugField(
        f"innovation.add_{app_model}",
        f"innovation.change_{app_model}",
        slug_field="code",
        queryset=Unit.objects.all(),
        **kwargs,
    )


def model_errors(instance):
    """The model's own checks (clean) as an API error."""
    try:
        instance.clean()
    except DjangoValidationError as error:
        raise as_drf_error(error) from None


def decimal(value):
    """A figure as the API writes stored figures: a string with four decimal places."""
    return None if value is None else format(value.quantize(QUANTUM), "f")


class ChainSerializer(serializers.Serializer):
    """The chain of bottlenecks now (gexin.innovation.bottlenecks.Chain)."""

    bottleneck = serializers.ListField(
        child=serializers.CharField(),
        source="limiting_names",
        help_text=_("The stations that limit the line now (all of them when they tie)."),
    )
    bottleneck_ids = serializers.SerializerMethodField()
    output = serializers.SerializerMethodField(
        help_text=_("The line's output: the lowest capacity.")
    )
    is_tie = serializers.BooleanField(
        help_text=_("Two or more stations share the lowest capacity: raise them together.")
    )
    gain = serializers.SerializerMethodField(
        help_text=_(
            "What the line gains when the bottleneck (all tied stations together) is raised "
            "to the next-lowest capacity; null when no other station would limit it."
        )
    )
    gain_alone = serializers.SerializerMethodField(
        help_text=_("What raising one bottleneck station alone gains: 0 when others tie with it.")
    )
    next = serializers.ListField(
        child=serializers.CharField(),
        source="next_names",
        help_text=_("The stations that limit the line once the bottleneck is raised."),
    )
    next_ids = serializers.SerializerMethodField()
    next_capacity = serializers.SerializerMethodField()
    unknown = serializers.ListField(
        child=serializers.CharField(),
        source="unknown_names",
        help_text=_("Stations whose capacity is not known; the figures hold for the others."),
    )

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_bottleneck_ids(self, chain):
        return [link.key for link in chain.limiting]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_next_ids(self, chain):
        return [link.key for link in chain.next_limit]

    @extend_schema_field(serializers.DecimalField(**FIGURE, allow_null=True))
    def get_output(self, chain):
        return decimal(chain.output)

    @extend_schema_field(serializers.DecimalField(**FIGURE, allow_null=True))
    def get_gain(self, chain):
        return decimal(chain.gain)

    @extend_schema_field(serializers.DecimalField(**FIGURE, allow_null=True))
    def get_gain_alone(self, chain):
        return decimal(chain.gain_alone)

    @extend_schema_field(serializers.DecimalField(**FIGURE, allow_null=True))
    def get_next_capacity(self, chain):
        return decimal(chain.next_capacity)


class StationInlineSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    metric = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Station
        fields = ["id", "position", "name", "capacity", "unit", "metric"]
        read_only_fields = fields


class ProductionLineSerializer(serializers.ModelSerializer):
    unit = unit_field("productionline", help_text=_("Code of the unit the line belongs to."))
    unit_id = serializers.IntegerField(read_only=True)
    stations = StationInlineSerializer(many=True, read_only=True)
    chain = serializers.SerializerMethodField()

    class Meta:
        model = ProductionLine
        fields = [
            "id",
            "unit",
            "unit_id",
            "name",
            "measured_in",
            "description",
            "stations",
            "chain",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        read_only_fields = ["is_illustrative", "source"]

    @extend_schema_field(ChainSerializer)
    def get_chain(self, line):
        return ChainSerializer(line.chain(list(line.stations.all()))).data


class StationSerializer(serializers.ModelSerializer):
    line = ScopedIdField(
        queryset=ProductionLine.objects.all(), help_text=_("Id of the production line.")
    )
    # Its capacity is read from the unit's records: only units whose records one may read.
    unit = ScopedSlugField(
        "plans.view_record",
        slug_field="code",
        queryset=Unit.objects.all(),
        required=False,
        allow_null=True,
        help_text=_(
            "Code of the unit whose records give the capacity (with `metric`); within the "
            "line's unit."
        ),
    )
    metric = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Metric.objects.filter(kind=MetricKind.QUANTITY),
        required=False,
        allow_null=True,
        help_text=_(
            "Code of the quantity metric whose best day of the last 30 gives the capacity."
        ),
    )
    position = serializers.IntegerField(
        min_value=1,
        max_value=32767,
        required=False,
        help_text=_("Place in the line, 1 first; by default a new station goes last."),
    )
    note = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=500,
        help_text=_("What was done, kept in the bottleneck history if the bottleneck moves."),
    )
    is_derived = serializers.BooleanField(read_only=True)

    class Meta:
        model = Station
        fields = [
            "id",
            "line",
            "position",
            "name",
            "capacity",
            "unit",
            "metric",
            "is_derived",
            "records_from",
            "records_to",
            "best_day",
            "note",
            "created",
            "last_updated",
        ]
        read_only_fields = ["records_from", "records_to", "best_day"]

    def validate(self, attrs):
        instance = self.instance
        line = attrs.get("line", getattr(instance, "line", None))
        if instance is not None and line is not None and line.pk != instance.line_id:
            raise serializers.ValidationError(
                {"line": [_("A station cannot move to another line; add it there instead.")]}
            )
        unit = attrs["unit"] if "unit" in attrs else getattr(instance, "unit", None)
        metric = attrs["metric"] if "metric" in attrs else getattr(instance, "metric", None)
        if (unit is None) != (metric is None):
            raise serializers.ValidationError(
                {"metric" if unit else "unit": [_("Give both the unit and the metric.")]}
            )
        if unit is not None and not unit.path.startswith(line.unit.path):
            raise serializers.ValidationError(
                {"unit": [_("The unit must lie within the line's unit.")]}
            )
        capacity = attrs.get("capacity")
        if capacity is not None and capacity < 0:
            raise serializers.ValidationError({"capacity": [_("A capacity cannot be negative.")]})
        return attrs


class BottleneckRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = BottleneckRecord
        fields = [
            "id",
            "line",
            "since",
            "station_names",
            "throughput",
            "next_names",
            "note",
            "created",
        ]
        read_only_fields = fields


class ExperimentalFieldSerializer(serializers.ModelSerializer):
    leader = person_field(help_text=_("Person id of the leader who adopts the field."))
    unit = unit_field("experimentalfield", help_text=_("Code of the unit adopted as the field."))
    unit_id = serializers.IntegerField(read_only=True)
    campaign = ScopedIdField(
        queryset=Campaign.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the campaign; empty for standing work."),
    )
    tally = serializers.SerializerMethodField()

    class Meta:
        model = ExperimentalField
        fields = [
            "id",
            "leader",
            "unit",
            "unit_id",
            "campaign",
            "starts_on",
            "ends_on",
            "aim",
            "tally",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        read_only_fields = ["is_illustrative", "source"]

    @extend_schema_field(
        serializers.DictField(
            child=serializers.IntegerField(),
            help_text=_("Entries of the log by kind: found, solved, note."),
        )
    )
    def get_tally(self, field):
        return field.tally()

    def validate(self, attrs):
        field = ExperimentalField(
            **{
                name: attrs.get(name, getattr(self.instance, name, None))
                for name in ("leader", "unit", "campaign", "starts_on", "ends_on")
            }
        )
        model_errors(field)
        return attrs


class FieldLogEntrySerializer(serializers.ModelSerializer):
    field = ScopedIdField(
        queryset=ExperimentalField.objects.all(), help_text=_("Id of the experimental field.")
    )
    problem = ScopedIdField(
        queryset=Problem.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of a problem in the field's unit or below it."),
    )
    key_issue = ScopedIdField(
        queryset=KeyIssue.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of a key issue in the field's unit or below it."),
    )

    class Meta:
        model = FieldLogEntry
        fields = ["id", "field", "on", "kind", "text", "problem", "key_issue", "created"]

    def validate(self, attrs):
        entry = FieldLogEntry(
            **{
                name: attrs.get(name, getattr(self.instance, name, None))
                for name in ("field", "problem", "key_issue")
            }
        )
        model_errors(entry)
        return attrs


class ProductionLineViewSet(GexinViewSet):
    """Production lines with their stations and their chain of bottlenecks now."""

    queryset = ProductionLine.objects.select_related("unit").prefetch_related("stations")
    serializer_class = ProductionLineSerializer
    filterset_class = filtersets.ProductionLineFilterSet
    ordering_fields = ["name", "id"]
    ordering = ["unit__path", "name", "id"]

    @extend_schema(request=None, responses=ProductionLineSerializer)
    @action(detail=True, methods=["get", "post"])
    def recalculate(self, request, pk=None, format=None):
        """GET: the line; POST: derive again the capacities taken from the records."""
        line = get_object_or_404(self.get_queryset(), pk=pk)
        if request.method == "POST":
            if not is_path_in_scope(request.user, Station, "change", line.unit.path):
                raise PermissionDenied
            lines.recalculate(line)
            line = self.get_queryset().get(pk=line.pk)
        return Response(self.get_serializer(line).data)


class StationViewSet(GexinViewSet):
    """Stations of the lines; every change goes through gexin.innovation.lines."""

    queryset = Station.objects.select_related("line__unit", "unit", "metric")
    serializer_class = StationSerializer
    filterset_class = filtersets.StationFilterSet
    ordering_fields = ["position", "id"]
    ordering = ["line", "position", "id"]

    def save_station(self, station, data):
        try:
            lines.save_station(
                station, note=data.get("note", "").strip(), position=data.get("position")
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return station

    def save_new(self, serializer):
        data = dict(serializer.validated_data)
        fields = {key: value for key, value in data.items() if key not in ("note", "position")}
        serializer.instance = self.save_station(Station(**fields), data)
        return serializer.instance

    def save_existing(self, serializer):
        station = serializer.instance
        data = dict(serializer.validated_data)
        for key, value in data.items():
            if key not in ("note", "position", "line"):
                setattr(station, key, value)
        return self.save_station(station, data)

    def perform_destroy(self, instance):
        with transaction.atomic():
            lines.delete_station(instance)


class BottleneckRecordViewSet(GexinViewSet):
    """Which station limited each line from when; written by the station changes only."""

    queryset = BottleneckRecord.objects.select_related("line")
    serializer_class = BottleneckRecordSerializer
    filterset_class = filtersets.BottleneckRecordFilterSet
    ordering_fields = ["since", "id"]
    ordering = ["line", "-since", "-id"]
    http_method_names = ["get", "head", "options"]


class ExperimentalFieldViewSet(GexinViewSet):
    """Experimental fields: a leader, the unit adopted, the period and the log's tally."""

    queryset = ExperimentalField.objects.select_related("leader", "unit", "campaign")
    serializer_class = ExperimentalFieldSerializer
    filterset_class = filtersets.ExperimentalFieldFilterSet
    ordering_fields = ["starts_on", "id"]
    ordering = ["-starts_on", "-id"]


class FieldLogEntryViewSet(GexinViewSet):
    """What leaders found and solved in their experimental fields."""

    queryset = FieldLogEntry.objects.select_related("field__unit")
    serializer_class = FieldLogEntrySerializer
    filterset_class = filtersets.FieldLogEntryFilterSet
    ordering_fields = ["on", "id"]
    ordering = ["field", "-on", "-id"]
