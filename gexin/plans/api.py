"""REST API for metrics, plans, pledges, records and fulfilment (`/api/v1/`)."""

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ParseError, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from gexin.core.api import ScopedViewSet
from gexin.core.permissions import is_path_in_scope
from gexin.org.api import GexinViewSet, ScopedSlugField, as_drf_error
from gexin.org.filtersets import find_unit
from gexin.org.models import Person, Unit
from gexin.plans import filtersets, fulfilment, records, services
from gexin.plans.choices import ImportSource
from gexin.plans.forms import MAX_YEAR, MIN_YEAR, year_error
from gexin.plans.models import TARGET_DIGITS, Metric, Plan, Pledge, Record


class MetricSerializer(serializers.ModelSerializer):
    numerator = serializers.SlugRelatedField(
        slug_field="code", queryset=Metric.objects.all(), required=False, allow_null=True
    )
    denominator = serializers.SlugRelatedField(
        slug_field="code", queryset=Metric.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Metric
        fields = [
            "id",
            "code",
            "name",
            "name_zh",
            "unit_of_measure",
            "unit_of_measure_zh",
            "kind",
            "direction",
            "numerator",
            "denominator",
            "factor",
            "decimals",
            "description",
            "created",
            "last_updated",
        ]

    def validate(self, attrs):
        from gexin.plans.forms import MetricForm

        def current(name):
            if self.instance is not None:
                return getattr(self.instance, name)
            return Metric._meta.get_field(name).get_default()

        merged = {name: attrs.get(name, current(name)) for name in MetricForm.Meta.fields}
        form = MetricForm(
            data={
                **{k: v for k, v in merged.items() if k not in ("numerator", "denominator")},
                "numerator": merged["numerator"].pk if merged["numerator"] else "",
                "denominator": merged["denominator"].pk if merged["denominator"] else "",
            },
            instance=self.instance,
        )
        if not form.is_valid():
            errors = {k: v for k, v in form.errors.items() if k != "code" or self.instance is None}
            errors.pop("__all__", None)
            if errors:
                raise serializers.ValidationError(errors)
        return attrs


class TargetSerializer(serializers.Serializer):
    metric = serializers.SlugRelatedField(slug_field="code", queryset=Metric.objects.all())
    value = serializers.DecimalField(min_value=0, **TARGET_DIGITS)
    original = serializers.DecimalField(read_only=True, **TARGET_DIGITS)
    revised_on = serializers.DateField(read_only=True, allow_null=True)
    revision_note = serializers.CharField(read_only=True)


class PlanSerializer(serializers.ModelSerializer):
    unit = ScopedSlugField(
        "plans.add_plan",
        "plans.change_plan",
        slug_field="code",
        queryset=Unit.objects.all(),
        help_text=_("Code of the unit the plan belongs to."),
    )
    targets = TargetSerializer(many=True, required=False)
    revision_note = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        help_text=_("Required when an adopted plan's targets change."),
    )
    start = serializers.DateField(
        help_text=_("Any day of the period; the plan starts on its first day.")
    )

    class Meta:
        model = Plan
        fields = [
            "id",
            "unit",
            "period_kind",
            "start",
            "end",
            "title",
            "status",
            "adopted_on",
            "adoption_note",
            "notes",
            "targets",
            "revision_note",
            "created",
            "last_updated",
        ]
        # A plan is adopted through POST /api/v1/plans/{id}/adopt/, which checks it has
        # targets; an adopted plan is never turned back into a draft.
        read_only_fields = ["end", "status", "adopted_on", "adoption_note"]
        validators = []

    def validate(self, attrs):
        unit = attrs.get("unit", getattr(self.instance, "unit", None))
        kind = attrs.get("period_kind", getattr(self.instance, "period_kind", None))
        start = attrs.get("start", getattr(self.instance, "start", None))
        if start is not None and not MIN_YEAR <= start.year <= MAX_YEAR:
            raise serializers.ValidationError({"start": [year_error()]})
        try:
            attrs["start"] = services.clean_period(unit, kind, start, self.instance)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"start": error.messages}) from None
        return attrs

    def save_targets(self, plan, targets, note):
        if targets is None:
            return
        values = {row["metric"]: row["value"] for row in targets}
        if not plan.is_adopted:
            for target in plan.targets.all():
                if target.metric not in values:
                    values[target.metric] = None
        try:
            services.set_targets(plan, values, revision_note=note or "")
        except DjangoValidationError as error:
            raise as_drf_error(error) from None

    def create(self, validated_data):
        targets = validated_data.pop("targets", None)
        note = validated_data.pop("revision_note", "")
        plan = Plan.objects.create(**validated_data)
        self.save_targets(plan, targets, note)
        return plan

    def update(self, instance, validated_data):
        targets = validated_data.pop("targets", None)
        note = validated_data.pop("revision_note", "")
        plan = super().update(instance, validated_data)
        self.save_targets(plan, targets, note)
        return plan

    def to_representation(self, plan):
        data = super().to_representation(plan)
        data["targets"] = [
            {
                "metric": target.metric.code,
                "value": str(target.value),
                "original": str(target.original),
                "revised_on": target.revised_on.isoformat() if target.revised_on else None,
                "revision_note": target.revision_note,
            }
            for target in plan.targets.all()
        ]
        return data


class ScopedPlanField(serializers.PrimaryKeyRelatedField):
    """A plan by id, among the plans the caller may see (others do not exist for them)."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Plan.objects.none()
        return Plan.objects.restrict(request.user, "view")


class PledgeTargetSerializer(serializers.Serializer):
    metric = serializers.SlugRelatedField(slug_field="code", queryset=Metric.objects.all())
    value = serializers.DecimalField(min_value=0, **TARGET_DIGITS)


class PledgeSerializer(serializers.ModelSerializer):
    plan = ScopedPlanField(queryset=Plan.objects.all())
    person = ScopedSlugField(
        "org.view_person", slug_field="employee_number", queryset=Person.objects.all()
    )
    targets = PledgeTargetSerializer(many=True, required=False)

    class Meta:
        model = Pledge
        fields = ["id", "plan", "person", "made_on", "notes", "targets", "created", "last_updated"]
        validators = []

    def validate(self, attrs):
        request = self.context["request"]
        plan = attrs.get("plan", getattr(self.instance, "plan", None))
        person = attrs.get("person", getattr(self.instance, "person", None))
        if (
            not Plan.objects.where_user_holds(request.user, "plans.add_pledge")
            .filter(pk=plan.pk)
            .exists()
        ):
            raise serializers.ValidationError(
                {"plan": [_("You may not add pledges to this plan.")]}
            )
        if not person.unit_path.startswith(plan.unit.path):
            raise serializers.ValidationError(
                {"person": [_("The person does not work in the plan's unit.")]}
            )
        clash = Pledge.objects.filter(plan=plan, person=person)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(
                {"person": [_("This person already has a pledge in this plan.")]}
            )
        return attrs

    def save_with_targets(self, pledge, targets):
        values = {}
        if targets is not None:
            values = {row["metric"]: row["value"] for row in targets}
            for target in pledge.targets.all() if pledge.pk else []:
                values.setdefault(target.metric, None)
        return services.save_pledge(pledge, values)

    def create(self, validated_data):
        targets = validated_data.pop("targets", None)
        return self.save_with_targets(Pledge(**validated_data), targets)

    def update(self, instance, validated_data):
        targets = validated_data.pop("targets", None)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return self.save_with_targets(instance, targets)

    def to_representation(self, pledge):
        data = super().to_representation(pledge)
        data["targets"] = [
            {"metric": target.metric.code, "value": str(target.value)}
            for target in pledge.targets.all()
        ]
        return data


class RecordSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code")
    metric = serializers.CharField(source="metric.code")
    person = serializers.CharField(source="person.employee_number", allow_null=True)
    value = serializers.DecimalField(max_digits=18, decimal_places=3)

    class Meta:
        model = Record
        fields = ["id", "unit", "day", "shift", "metric", "person", "value", "batch"]


class RecordInSerializer(serializers.Serializer):
    """One row to write; checked by the same rules as a file import."""

    unit = serializers.CharField(help_text=_("Unit code."))
    day = serializers.CharField(help_text=_("YYYY-MM-DD."))
    shift = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, help_text=_("1–3, or empty.")
    )
    metric = serializers.CharField(help_text=_("Metric code (a quantity)."))
    person = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, help_text=_("Employee number.")
    )
    value = serializers.CharField(help_text=_("A number with at most three decimals."))


class MetricViewSet(GexinViewSet):
    queryset = Metric.objects.select_related("numerator", "denominator")
    serializer_class = MetricSerializer
    filterset_class = filtersets.MetricFilterSet
    ordering_fields = ["code", "name"]
    ordering = ["code"]


class AdoptSerializer(serializers.Serializer):
    adopted_on = serializers.DateField()
    adoption_note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class PlanViewSet(GexinViewSet):
    queryset = Plan.objects.select_related("unit").prefetch_related("targets__metric")
    serializer_class = PlanSerializer
    filterset_class = filtersets.PlanFilterSet
    ordering_fields = ["start", "id"]
    ordering = ["id"]

    @extend_schema(request=AdoptSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["get", "post"])
    def adopt(self, request, pk=None, format=None):
        """GET: the plan's adoption; POST: adopt it (its later target changes are revisions)."""
        plan = self.get_object()
        if request.method == "GET":
            return Response(PlanSerializer(plan, context={"request": request}).data)
        if not self.get_queryset_for("change").filter(pk=plan.pk).exists():
            raise PermissionDenied
        data = AdoptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.adopt(
                plan,
                data.validated_data["adopted_on"],
                data.validated_data.get("adoption_note", ""),
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return Response(PlanSerializer(plan, context={"request": request}).data)


class PledgeViewSet(GexinViewSet):
    queryset = Pledge.objects.select_related("plan__unit", "person").prefetch_related(
        "targets__metric"
    )
    serializer_class = PledgeSerializer
    filterset_class = filtersets.PledgeFilterSet
    ordering_fields = ["id"]
    ordering = ["id"]


class RecordViewSet(ScopedViewSet):
    """Daily records. POST a list of rows: all are written, or none and a 400 lists each bad row.

    Re-sending the same rows changes nothing (they are matched on unit, day, shift,
    metric and person).
    """

    queryset = Record.objects.select_related("unit", "metric", "person")
    serializer_class = RecordSerializer
    filterset_class = filtersets.RecordFilterSet
    ordering_fields = ["day", "id"]
    ordering = ["id"]
    http_method_names = ["get", "post", "delete", "head", "options"]

    @extend_schema(
        request=RecordInSerializer(many=True),
        responses={
            200: inline_serializer(
                "RecordImportResult",
                {
                    "batch": serializers.IntegerField(),
                    "rows": serializers.IntegerField(),
                    "created": serializers.IntegerField(),
                    "updated": serializers.IntegerField(),
                    "unchanged": serializers.IntegerField(),
                },
            ),
            400: inline_serializer(
                "RecordImportErrors",
                {
                    "errors": inline_serializer(
                        "RecordRowError",
                        {
                            "row": serializers.IntegerField(),
                            "column": serializers.CharField(),
                            "value": serializers.CharField(),
                            "reason": serializers.CharField(),
                        },
                        many=True,
                    )
                },
            ),
        },
    )
    def create(self, request, *args, **kwargs):
        # Every refusal has the same body, whether the rows or the request itself are wrong.
        try:
            data = request.data
        except ParseError as error:
            return self.refused(str(error.detail))
        if isinstance(data, dict) and "records" in data:
            data = data["records"]
        if not isinstance(data, list) or not data:
            return self.refused(str(_("Send a non-empty list of records.")))
        rows = []
        for number, item in enumerate(data, 1):
            if not isinstance(item, dict):
                item = {}
            rows.append((number, {key: item.get(key) for key in records.COLUMNS}))
        try:
            result = records.import_rows(rows, user=request.user, source=ImportSource.API)
        except records.RecordsRejected as rejected:
            return Response(
                {"errors": [error.as_dict() for error in rejected.errors]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(
            {
                "batch": result.batch.pk,
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            }
        )

    def refused(self, reason):
        """400 for a request that holds no rows to read, in the shape of a row's error."""
        return Response(
            {"errors": [{"row": 0, "column": "", "value": "", "reason": reason}]},
            status=status.HTTP_400_BAD_REQUEST,
        )

    def perform_destroy(self, instance):
        with transaction.atomic():
            records.delete_records([instance], user=self.request.user, source=ImportSource.API)


class FulfilmentLineSerializer(serializers.Serializer):
    metric = serializers.CharField()
    metric_name = serializers.CharField()
    kind = serializers.CharField()
    unit_of_measure = serializers.CharField()
    direction = serializers.CharField()
    target = serializers.FloatField(allow_null=True)
    actual = serializers.FloatField(allow_null=True)
    percent = serializers.FloatField(allow_null=True)
    expected_to_date = serializers.FloatField(allow_null=True)
    ahead_behind = serializers.FloatField(
        allow_null=True, help_text=_("Positive when ahead of the plan, in the metric's unit.")
    )
    required_daily_level = serializers.FloatField(allow_null=True)
    forecast = serializers.FloatField(allow_null=True)
    previous_period = serializers.FloatField(allow_null=True)
    change_on_previous = serializers.FloatField(allow_null=True)
    same_period_last_year = serializers.FloatField(allow_null=True)
    change_on_last_year = serializers.FloatField(allow_null=True)
    change_unit = serializers.CharField()


def parse_day(value, name):
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise serializers.ValidationError({name: [_("Write the day as YYYY-MM-DD.")]}) from None


class FulfilmentView(APIView):
    """Plan fulfilment of a unit's whole subtree over a date range, per metric."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", OpenApiTypes.STR, required=True, description=_("Id or code.")),
            OpenApiParameter("start", OpenApiTypes.DATE, required=True),
            OpenApiParameter("end", OpenApiTypes.DATE, required=True),
            OpenApiParameter(
                "as_of",
                OpenApiTypes.DATE,
                description=_("Day the pace is measured to; default the last day with records."),
            ),
        ],
        responses=FulfilmentLineSerializer(many=True),
    )
    def get(self, request):
        params = request.query_params
        missing = [name for name in ("unit", "start", "end") if not params.get(name)]
        if missing:
            raise serializers.ValidationError(
                {name: [_("This parameter is required.")] for name in missing}
            )
        start = parse_day(params["start"], "start")
        end = parse_day(params["end"], "end")
        as_of = parse_day(params["as_of"], "as_of") if params.get("as_of") else None
        for name, day in (("start", start), ("end", end), ("as_of", as_of)):
            if day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
                raise serializers.ValidationError({name: [year_error()]})
        if end < start:
            raise serializers.ValidationError({"end": [_("The end is before the start.")]})
        if (end - start).days > 366 * 20:
            raise serializers.ValidationError({"end": [_("The range is longer than 20 years.")]})
        visible = Unit.objects.restrict(request.user, "view")
        unit = find_unit(params["unit"], visible)
        if unit is None:
            raise Http404
        for model in (Plan, Record):
            if not is_path_in_scope(request.user, model, "view", unit.path):
                raise PermissionDenied
        result = fulfilment.compute(unit, start, end, as_of=as_of)
        return Response([line.as_dict() for line in result.lines])
