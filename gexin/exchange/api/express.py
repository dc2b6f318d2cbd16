"""REST API for express reports and the units' subscriptions to them (`/api/v1/`).

A draft is seen within its unit's scope; `POST express-reports/{id}/publish/` (held
`exchange.publish_expressreport` on the unit) publishes it once and sends it to the
units subscribed to its plant. A published report is seen by everyone signed in; a
correction gives its `reason` (or the X-Change-Reason header), kept in the history; only
management deletes it. `plant`, `author` and `published_at` are set by gexin. Each
report names its plant's Atom feed (`feed_url`).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from gexin.core.audit import audit_reason
from gexin.core.permissions import is_path_in_scope
from gexin.exchange import express
from gexin.exchange.filtersets import express as filtersets
from gexin.exchange.models import PLANT_KINDS, Experience, ExpressReport, Subscription, plant_of
from gexin.meetings.api import ScopedIdField
from gexin.org.api import GexinViewSet, ScopedSlugField, as_drf_error
from gexin.org.models import Unit

REASON_HEADER = "X-Change-Reason"


class ExpressReportSerializer(serializers.ModelSerializer):
    unit = ScopedSlugField(
        "exchange.add_expressreport",
        "exchange.change_expressreport",
        slug_field="code",
        queryset=Unit.objects.all(),
        help_text=_("Code of the reporting unit; the report's plant follows from it."),
    )
    plant = serializers.SlugRelatedField(slug_field="code", read_only=True)
    experience = ScopedIdField(
        queryset=Experience.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the advanced experience written up from it (optional)."),
    )
    author = serializers.CharField(source="author.username", read_only=True, allow_null=True)
    is_published = serializers.BooleanField(read_only=True)
    feed_url = serializers.SerializerMethodField()
    reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=500,
        help_text=_("Why a published report is corrected; required once it is published."),
    )

    class Meta:
        model = ExpressReport
        fields = [
            "id",
            "unit",
            "plant",
            "title",
            "body",
            "language",
            "experience",
            "is_published",
            "published_at",
            "author",
            "feed_url",
            "reason",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        read_only_fields = ["published_at"]

    def get_feed_url(self, report) -> str:
        request = self.context.get("request")
        url = reverse("exchange:expressreport_feed", kwargs={"code": report.plant.code})
        return request.build_absolute_uri(url) if request is not None else url

    def validate(self, attrs):
        attrs.pop("reason", None)
        instance = self.instance
        if instance is not None and instance.is_published:
            if "unit" in attrs and attrs["unit"] != instance.unit:
                raise serializers.ValidationError(
                    {"unit": [_("A published report stays with the unit that sent it.")]}
                )
            if not self.context["view"].change_reason():
                raise serializers.ValidationError({"reason": [express.CORRECTION_NEEDS_REASON]})
        return attrs

    def create(self, validated_data):
        validated_data["author"] = self.context["request"].user
        return super().create(validated_data)


class ExpressReportViewSet(GexinViewSet):
    """Express reports: the published ones of every plant, and drafts within one's scope."""

    queryset = ExpressReport.objects.select_related("unit", "plant", "author", "experience")
    serializer_class = ExpressReportSerializer
    filterset_class = filtersets.ExpressReportFilterSet
    ordering_fields = ["published_at", "id", "title"]
    ordering = ["-published_at", "-id"]

    def change_reason(self):
        reason = self.request.headers.get(REASON_HEADER, "")
        data = self.request.data
        if not reason.strip() and hasattr(data, "get"):
            reason = data.get("reason") or ""
        return str(reason).strip()[:500]

    def perform_update(self, serializer):
        reason = self.change_reason()
        if reason:
            with audit_reason(reason):
                super().perform_update(serializer)
        else:
            super().perform_update(serializer)

    def perform_destroy(self, report):
        if not express.may_delete(self.request.user, report):
            raise PermissionDenied(
                _("A published report stays on record; only management may delete it.")
            )
        reason = self.change_reason()
        with audit_reason(reason):
            super().perform_destroy(report)

    @extend_schema(request=None, responses=ExpressReportSerializer)
    @action(detail=True, methods=["get", "post"])
    def publish(self, request, pk=None, format=None):
        """POST: publish the draft and send it to the units subscribed to its plant
        (400 when it is already published). GET shows the report."""
        report = get_object_or_404(self.get_queryset(), pk=pk)
        if request.method == "POST":
            if not is_path_in_scope(request.user, ExpressReport, "publish", report.unit.path):
                raise PermissionDenied
            try:
                with transaction.atomic():
                    express.publish(report, request.user)
            except DjangoValidationError as error:
                raise as_drf_error(error) from None
        fresh = self.get_queryset().get(pk=report.pk)
        return Response(self.get_serializer(fresh).data)


class SubscriptionSerializer(serializers.ModelSerializer):
    unit = ScopedSlugField(
        "exchange.add_subscription",
        "exchange.change_subscription",
        slug_field="code",
        queryset=Unit.objects.all(),
        help_text=_("Code of the subscribing unit, whose people receive the reports."),
    )
    plant = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Unit.objects.filter(kind__in=PLANT_KINDS),
        help_text=_("Code of the plant whose reports are wanted."),
    )

    class Meta:
        model = Subscription
        fields = ["id", "unit", "plant", "by_email", "created", "last_updated"]
        # "Once per unit and plant" is checked below, with a clear message.
        validators = []

    def validate(self, attrs):
        instance = self.instance
        unit = attrs.get("unit", getattr(instance, "unit", None))
        plant = attrs.get("plant", getattr(instance, "plant", None))
        if unit == plant or plant_of(unit) == plant:
            raise serializers.ValidationError(
                {
                    "plant": [
                        _(
                            "%(unit)s belongs to %(plant)s: subscribe to the reports of "
                            "another plant."
                        )
                        % {"unit": unit.display_name, "plant": plant.display_name}
                    ]
                }
            )
        duplicate = Subscription.objects.filter(unit=unit, plant=plant)
        if instance is not None:
            duplicate = duplicate.exclude(pk=instance.pk)
        if duplicate.exists():
            raise serializers.ValidationError(
                {
                    "plant": [
                        _("%(unit)s already subscribes to the reports of %(plant)s.")
                        % {"unit": unit.display_name, "plant": plant.display_name}
                    ]
                }
            )
        return attrs


class SubscriptionViewSet(GexinViewSet):
    """Which units receive which plants' express reports."""

    queryset = Subscription.objects.select_related("unit", "plant")
    serializer_class = SubscriptionSerializer
    filterset_class = filtersets.SubscriptionFilterSet
    ordering_fields = ["id"]
    ordering = ["unit__path", "plant__path"]
