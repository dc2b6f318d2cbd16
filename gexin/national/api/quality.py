"""REST API of quality by product standard.

`/api/v1/product-standards/` and `/api/v1/standard-limits/`: the catalogue (everyone
signed in reads it; an administrator at the root changes it).
`/api/v1/inspections/`: lots and heats with nested `measurements` ([{"property": code,
"value": …}]) on write; `result`, `failing` and `missing` are computed, read-only.
`POST /api/v1/inspections/import/` (multipart `file`, CSV or XLSX): all rows or none;
errors answer 400 with [{"row", "column", "reason"}].
`GET /api/v1/quality-rates/?unit=&start=&end=&by=`: the qualified rates (see
`gexin.national.quality.rates`).
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from gexin.core.permissions import has_action_anywhere
from gexin.national import quality
from gexin.national.filtersets.quality import (
    InspectionFilterSet,
    ProductStandardFilterSet,
    StandardLimitFilterSet,
)
from gexin.national.forms.quality import RatesForm, upload_problem
from gexin.national.models import Inspection, ProductStandard, StandardLimit
from gexin.org.api import GexinViewSet, ScopedSlugField
from gexin.org.models import Unit


class StandardLimitSerializer(serializers.ModelSerializer):
    standard = serializers.SlugRelatedField(
        slug_field="code", queryset=ProductStandard.objects.all()
    )

    class Meta:
        model = StandardLimit
        fields = [
            "id",
            "standard",
            "property_code",
            "property_name",
            "property_name_zh",
            "unit_of_measure",
            "minimum",
            "maximum",
            "created",
            "last_updated",
        ]

    def validate_standard(self, standard):
        # Read-only on update: the old standard's lots would keep their verdicts.
        if self.instance is not None and standard != self.instance.standard:
            raise serializers.ValidationError(
                _(
                    "The standard of a limit cannot be changed: delete the limit and "
                    "add it to the other standard."
                )
            )
        return standard

    def validate(self, attrs):
        limit = StandardLimit(**{**self._current(), **attrs})
        try:
            limit.clean()
        except Exception as error:  # a model ValidationError
            raise serializers.ValidationError(getattr(error, "messages", [str(error)])) from None
        return attrs

    def _current(self):
        if self.instance is None:
            return {}
        return {"minimum": self.instance.minimum, "maximum": self.instance.maximum}


class ProductStandardSerializer(serializers.ModelSerializer):
    limits = StandardLimitSerializer(many=True, read_only=True)

    class Meta:
        model = ProductStandard
        fields = [
            "id",
            "code",
            "name",
            "name_zh",
            "product",
            "grade",
            "issued_by",
            "description",
            "limits",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]


class ProductStandardViewSet(GexinViewSet):
    """Product standards (a shared catalogue) with their limits."""

    queryset = ProductStandard.objects.prefetch_related("limits")
    serializer_class = ProductStandardSerializer
    filterset_class = ProductStandardFilterSet
    ordering_fields = ["code", "name"]
    ordering = ["code"]


class StandardLimitViewSet(GexinViewSet):
    """The limits of product standards; a change judges the standard's lots again."""

    queryset = StandardLimit.objects.select_related("standard")
    serializer_class = StandardLimitSerializer
    filterset_class = StandardLimitFilterSet
    ordering = ["standard__code", "property_code"]

    def save_new(self, serializer):
        limit = serializer.save()
        quality.rejudge_standard(limit.standard)
        return limit

    def save_existing(self, serializer):
        return self.save_new(serializer)

    def perform_destroy(self, instance):
        standard = instance.standard
        super().perform_destroy(instance)
        quality.rejudge_standard(standard)


class MeasurementSerializer(serializers.Serializer):
    property = serializers.CharField(source="property_code", max_length=30)
    value = serializers.DecimalField(max_digits=12, decimal_places=4)


class InspectionSerializer(serializers.ModelSerializer):
    unit = ScopedSlugField(
        "national.add_inspection",
        "national.change_inspection",
        slug_field="code",
        queryset=Unit.objects.all(),
        help_text=_("Code of the inspected unit (one whose inspections you keep)."),
    )
    standard = serializers.SlugRelatedField(
        slug_field="code", queryset=ProductStandard.objects.all()
    )
    measurements = MeasurementSerializer(many=True, required=False)
    result_label = serializers.CharField(source="get_result_display", read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "unit",
            "standard",
            "lot_number",
            "inspected_on",
            "tonnes",
            "inspector",
            "note",
            "measurements",
            "result",
            "result_label",
            "failing",
            "missing",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        read_only_fields = ["result", "failing", "missing", "is_illustrative", "source"]
        validators = []  # the unique lot is checked in validate(), with a clear message

    def to_representation(self, inspection):
        data = super().to_representation(inspection)
        data["measurements"] = [
            {"property": m.property_code, "value": quality.plain(m.value)}
            for m in inspection.measurements.all()
        ]
        return data

    def validate(self, attrs):
        def current(name):
            return attrs.get(name, getattr(self.instance, name, None))

        standard = current("standard")
        measurements = attrs.get("measurements")
        if measurements is not None:
            codes = [row["property_code"] for row in measurements]
            limit_codes = set(standard.limits.values_list("property_code", flat=True))
            errors = []
            for code in codes:
                if codes.count(code) > 1:
                    errors.append(_("%(code)s is given twice.") % {"code": code})
                elif code not in limit_codes:
                    errors.append(
                        _("The standard %(standard)s has no limit on %(code)s.")
                        % {"standard": standard.code, "code": code}
                    )
            if errors:
                raise serializers.ValidationError({"measurements": sorted(set(errors))})
        day = current("inspected_on")
        if day is not None and not 1900 <= day.year <= 2199:
            raise serializers.ValidationError(
                {"inspected_on": _("Give a date between 1900 and 2199.")}
            )
        twins = Inspection.objects.filter(
            unit=current("unit"), lot_number=current("lot_number"), inspected_on=day
        )
        if self.instance is not None:
            twins = twins.exclude(pk=self.instance.pk)
        if twins.exists():
            raise serializers.ValidationError(
                {"lot_number": _("This lot is already inspected on that date.")}
            )
        return attrs

    def save_with_measurements(self, inspection):
        measurements = self.validated_data.get("measurements")
        new_standard = self.validated_data.get("standard")
        moved = (
            bool(inspection.pk)
            and new_standard is not None
            and (new_standard.pk != inspection.standard_id)
        )
        for key, value in self.validated_data.items():
            if key != "measurements":
                setattr(inspection, key, value)
        if measurements is None:
            values = {}
        else:
            stored = (
                {m.property_code: None for m in inspection.measurements.all()}
                if inspection.pk
                else {}
            )
            values = {**stored, **{row["property_code"]: row["value"] for row in measurements}}
        if inspection.pk and measurements is None:
            inspection.save()
            if moved:
                return quality.drop_unlimited(inspection)
            return quality.rejudge(inspection)
        return quality.record(inspection, values)

    def create(self, validated_data):
        return self.save_with_measurements(Inspection())

    def update(self, instance, validated_data):
        return self.save_with_measurements(instance)


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("CSV (UTF-8) or XLSX: one row per lot."))

    def validate_file(self, upload):
        problem = upload_problem(upload)
        if problem:
            raise serializers.ValidationError(problem)
        return upload


class InspectionViewSet(GexinViewSet):
    """Inspections of lots and heats, judged against their product standard."""

    queryset = Inspection.objects.select_related("unit", "standard").prefetch_related(
        "measurements"
    )
    serializer_class = InspectionSerializer
    filterset_class = InspectionFilterSet
    ordering_fields = ["inspected_on", "lot_number", "id"]
    ordering = ["-inspected_on", "lot_number"]

    def perform_create(self, serializer):
        with transaction.atomic():
            super().perform_create(serializer)

    @extend_schema(request=ImportSerializer, responses=None)
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_file(self, request, format=None):
        """POST a file: all rows are written, or none and the errors are listed."""
        if not has_action_anywhere(request.user, Inspection, "add"):
            raise PermissionDenied
        checked = ImportSerializer(data=request.data)
        checked.is_valid(raise_exception=True)
        upload = checked.validated_data["file"]
        try:
            result = quality.import_inspections(upload, request.user)
        except quality.ImportFailed as failed:
            return Response(
                {
                    "errors": [
                        {"row": row, "column": column, "reason": reason}
                        for row, column, reason in failed.errors
                    ]
                },
                status=400,
            )
        return Response(
            {"created": result.created, "changed": result.changed, "unchanged": result.unchanged}
        )


class QualityRatesViewSet(viewsets.ViewSet):
    """`GET /api/v1/quality-rates/?unit=&start=&end=&by=month|ten_days|day`."""

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", str, description=_("Unit code; empty: your highest.")),
            OpenApiParameter("start", str, description="YYYY-MM-DD"),
            OpenApiParameter("end", str, description="YYYY-MM-DD"),
            OpenApiParameter("by", str, enum=[kind.value for kind in quality.BY_CHOICES]),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def list(self, request, format=None):
        from gexin.national.views.quality import rates_for

        form = RatesForm(request.query_params)
        if not form.is_valid():
            return Response(form.errors, status=400)
        data = form.cleaned_data
        try:
            found = rates_for(
                request.user, data.get("unit"), data.get("start"), data.get("end"), data.get("by")
            )
        except LookupError:
            return Response({"unit": [str(_("No unit with this code."))]}, status=400)

        def rows(items):
            return [{"key": str(r.key), "label": str(r.label), **r.as_dict()} for r in items]

        return Response(
            {
                "unit": found.unit.code,
                "start": found.start.isoformat(),
                "end": found.end.isoformat(),
                "by": found.by,
                **found.total.as_dict(),
                "children": rows(found.children),
                "standards": rows(found.standards),
                "periods": rows(found.periods),
            }
        )
