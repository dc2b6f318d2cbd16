"""REST API for trials, their variables and observations, and regulations with their
versions and clauses (`/api/v1/`).

A trial's analysis is computed, never written: `analysis` in a trial's detail and in
each variable, and `GET trials/{id}/analysis/`. Observations may be created many at
once by POSTing a list. A regulation version moves on only through its actions
(`submit`, `approve`, `reject`), which call the model's workflow methods and answer
400 with the reason when a move is refused; GET on an action shows the version.
POST to `regulation-versions/` starts a revision: a draft copied from the clauses in
force.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from gexin.innovation import regulations
from gexin.innovation.choices import VersionStatus
from gexin.innovation.filtersets import trials as filtersets
from gexin.innovation.models import (
    Campaign,
    Clause,
    KeyIssue,
    Observation,
    Regulation,
    RegulationVersion,
    Trial,
    TrialVariable,
)
from gexin.meetings.api import ScopedIdField
from gexin.org.api import GexinViewSet, ScopedSlugField, as_drf_error
from gexin.org.models import Unit
from gexin.plans.models import Metric

MAX_BULK = 5000


def unit_field(model_name):
    return ScopedSlugField(
        f"innovation.add_{model_name}",
        f"innovation.change_{model_name}",
        slug_field="code",
        queryset=Unit.objects.all(),
        help_text=_("Code of the unit."),
    )


def optional(model, help_text):
    return ScopedIdField(
        queryset=model.objects.all(), required=False, allow_null=True, help_text=help_text
    )


def django_errors(run):
    """Run `run()`, answering a model's ValidationError as 400 with its messages."""
    try:
        return run()
    except DjangoValidationError as error:
        raise as_drf_error(error) from None


# Trials


def variable_analysis(variable):
    return {
        "variable": variable.pk,
        "name": variable.name,
        "measured_in": variable.measured_in,
        **variable.analysis().as_dict(),
    }


class TrialSerializer(serializers.ModelSerializer):
    unit = unit_field("trial")
    unit_id = serializers.IntegerField(read_only=True)
    campaign = optional(Campaign, _("Id of the campaign; empty for the unit's standing work."))
    key_issue = optional(KeyIssue, _("Id of the key issue the trial settles, if any."))
    variables = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Trial
        fields = [
            "id",
            "unit",
            "unit_id",
            "campaign",
            "key_issue",
            "title",
            "question",
            "design",
            "baseline_label",
            "changed_label",
            "started_on",
            "ended_on",
            "conclusion",
            "variables",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]

    def validate(self, attrs):
        probe = Trial(
            started_on=attrs.get("started_on", getattr(self.instance, "started_on", None)),
            ended_on=attrs.get("ended_on", getattr(self.instance, "ended_on", None)),
        )
        django_errors(probe.clean)
        return attrs


class TrialDetailSerializer(TrialSerializer):
    analysis = serializers.SerializerMethodField(
        help_text=_(
            # xgettext:no-python-format
            "Per variable: each side's n, mean and sd, the difference with its 95% "
            "confidence interval (Welch's t), t, p, Hedges' g and the verdict."
        )
    )

    class Meta(TrialSerializer.Meta):
        fields = [*TrialSerializer.Meta.fields, "analysis"]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_analysis(self, trial):
        return [variable_analysis(variable) for variable, _analysis in trial.analyses()]


class TrialVariableSerializer(serializers.ModelSerializer):
    trial = ScopedIdField(
        "change", queryset=Trial.objects.all(), help_text=_("Id of the trial (one you may change).")
    )
    metric = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Metric.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Code of the metric whose records can fill the variable."),
    )
    analysis = serializers.SerializerMethodField()

    class Meta:
        model = TrialVariable
        fields = [
            "id",
            "trial",
            "name",
            "measured_in",
            "direction",
            "limit",
            "metric",
            "analysis",
            "created",
            "last_updated",
        ]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_analysis(self, variable):
        return variable.analysis().as_dict()

    def validate(self, attrs):
        trial = attrs.get("trial", getattr(self.instance, "trial", None))
        name = attrs.get("name", getattr(self.instance, "name", "")).strip()
        clash = TrialVariable.objects.filter(trial=trial, name__iexact=name)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(
                {"name": [_("The trial already measures a variable of this name.")]}
            )
        attrs["name"] = name
        return attrs


class ObservationSerializer(serializers.ModelSerializer):
    variable = ScopedIdField(
        "view", queryset=TrialVariable.objects.all(), help_text=_("Id of the measured variable.")
    )

    class Meta:
        model = Observation
        fields = [
            "id",
            "variable",
            "arm",
            "value",
            "observed_on",
            "note",
            "created",
            "last_updated",
        ]

    def validate_observed_on(self, day):
        if day is not None and not 1900 <= day.year <= 2199:
            raise serializers.ValidationError(_("Give a date between 1900 and 2199."))
        return day


class TrialViewSet(GexinViewSet):
    """Trials of the units in the caller's scope; the detail carries the analysis."""

    queryset = Trial.objects.select_related("unit").prefetch_related("variables")
    serializer_class = TrialSerializer
    filterset_class = filtersets.TrialFilterSet
    ordering_fields = ["started_on", "title", "id"]
    ordering = ["-started_on", "-id"]

    def get_serializer_class(self):
        if self.action == "list":
            return TrialSerializer
        return TrialDetailSerializer

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def analysis(self, request, pk=None, format=None):
        """Each measured variable's analysis, computed from its observations."""
        trial = get_object_or_404(self.get_queryset(), pk=pk)
        return Response(
            {
                "trial": trial.pk,
                "variables": [variable_analysis(v) for v, _analysis in trial.analyses()],
            }
        )


class TrialVariableViewSet(GexinViewSet):
    """The measured variables of trials, each with its analysis."""

    queryset = TrialVariable.objects.select_related("trial", "metric").prefetch_related(
        "observations"
    )
    serializer_class = TrialVariableSerializer
    filterset_class = filtersets.TrialVariableFilterSet
    ordering_fields = ["id", "name"]
    ordering = ["trial", "id"]


class ObservationViewSet(GexinViewSet):
    """Observations of trial variables; POST a list to create many at once (all or none)."""

    queryset = Observation.objects.select_related("variable")
    serializer_class = ObservationSerializer
    filterset_class = filtersets.ObservationFilterSet
    ordering_fields = ["id", "observed_on", "value"]
    ordering = ["variable", "arm", "id"]

    @extend_schema(request=ObservationSerializer(many=True), responses=ObservationSerializer)
    def create(self, request, *args, **kwargs):
        if not isinstance(request.data, list):
            return super().create(request, *args, **kwargs)
        if not request.data:
            raise serializers.ValidationError(_("Send at least one observation."))
        if len(request.data) > MAX_BULK:
            raise serializers.ValidationError(
                _("Send at most %(count)s observations at once.") % {"count": MAX_BULK}
            )
        serializer = self.get_serializer(data=request.data, many=True)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            created = serializer.save()
            ids = [obs.pk for obs in created]
            allowed = self.get_queryset_for("add").filter(pk__in=ids).count()
            if allowed != len(ids):
                raise PermissionDenied(
                    _("The result would lie outside the units you are responsible for.")
                )
        return Response(serializer.data, status=201)


# Regulations


class ClauseInlineSerializer(serializers.ModelSerializer):
    class Meta:
        model = Clause
        fields = ["id", "number", "text"]
        read_only_fields = fields


class ClauseInputSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=20)
    text = serializers.CharField()


class RegulationSerializer(serializers.ModelSerializer):
    unit = unit_field("regulation")
    unit_id = serializers.IntegerField(read_only=True)
    in_force = serializers.SerializerMethodField(
        help_text=_("Number of the version in force, or null.")
    )
    clauses = ClauseInputSerializer(
        many=True,
        write_only=True,
        required=False,
        help_text=_("On creation: the clauses of version 1, a draft to submit for approval."),
    )

    class Meta:
        model = Regulation
        fields = [
            "id",
            "unit",
            "unit_id",
            "code",
            "title",
            "kind",
            "in_force",
            "clauses",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]

    @extend_schema_field(OpenApiTypes.INT)
    def get_in_force(self, regulation):
        current = regulation.current_version()
        return current.number if current else None

    def validate_clauses(self, clauses):
        # A partial update leaves a clause's fields optional: only creation reads clauses.
        numbers = [clause.get("number", "").strip() for clause in clauses]
        if len(set(numbers)) != len(numbers):
            raise serializers.ValidationError(_("Each clause number is used once."))
        return clauses

    def create(self, validated_data):
        clauses = validated_data.pop("clauses", [])
        with transaction.atomic():
            regulation = Regulation.objects.create(**validated_data)
            version = RegulationVersion.objects.create(
                regulation=regulation, number=1, drafted_by=self.context["request"].user
            )
            for clause in clauses:
                Clause.objects.create(
                    version=version, number=clause["number"].strip(), text=clause["text"]
                )
        return regulation

    def update(self, instance, validated_data):
        if "clauses" in validated_data:
            raise serializers.ValidationError(
                {"clauses": [_("Clauses change through a new version, not here.")]}
            )
        return super().update(instance, validated_data)


class RegulationVersionSerializer(serializers.ModelSerializer):
    regulation = ScopedIdField(
        "view",
        queryset=Regulation.objects.all(),
        help_text=_("Id of the regulation; set when the revision is started."),
    )
    stage = serializers.CharField(source="stage_label", read_only=True)
    trial = optional(Trial, _("Id of the trial whose measurements support the change."))
    key_issue = optional(KeyIssue, _("Id of the key issue the revision comes from."))
    campaign = optional(Campaign, _("Id of the campaign the revision counts for."))
    drafted_by = serializers.CharField(
        source="drafted_by.username", read_only=True, allow_null=True
    )
    submitted_by = serializers.CharField(
        source="submitted_by.username", read_only=True, allow_null=True
    )
    approved_by = serializers.CharField(
        source="approved_by.username", read_only=True, allow_null=True
    )
    clauses = serializers.SerializerMethodField()

    class Meta:
        model = RegulationVersion
        fields = [
            "id",
            "regulation",
            "number",
            "status",
            "stage",
            "reason",
            "trial",
            "evidence_note",
            "key_issue",
            "campaign",
            "drafted_by",
            "submitted_at",
            "submitted_by",
            "approved_by",
            "approved_on",
            "decision_note",
            "clauses",
            "created",
            "last_updated",
        ]
        read_only_fields = ["number", "status", "submitted_at", "approved_on", "decision_note"]

    @extend_schema_field(ClauseInlineSerializer(many=True))
    def get_clauses(self, version):
        return ClauseInlineSerializer(version.ordered_clauses(), many=True).data

    def validate(self, attrs):
        version = self.instance
        if version is not None:
            if "regulation" in attrs and attrs["regulation"] != version.regulation:
                raise serializers.ValidationError(
                    {"regulation": [_("A version stays with its regulation.")]}
                )
            django_errors(version.check_editable)
        return attrs

    def create(self, validated_data):
        regulation = validated_data.pop("regulation")
        user = self.context["request"].user
        validated_data.setdefault("reason", "")
        validated_data.setdefault("evidence_note", "")
        return django_errors(lambda: regulation.start_revision(user, **validated_data))


class ClauseSerializer(serializers.ModelSerializer):
    version = ScopedIdField(
        "view",
        queryset=RegulationVersion.objects.all(),
        help_text=_("Id of the version: a draft not yet submitted."),
    )

    class Meta:
        model = Clause
        fields = ["id", "version", "number", "text", "created", "last_updated"]

    def validate(self, attrs):
        version = attrs.get("version", getattr(self.instance, "version", None))
        if self.instance is not None and version != self.instance.version:
            raise serializers.ValidationError({"version": [_("A clause stays with its version.")]})
        django_errors(version.check_editable)
        number = attrs.get("number", getattr(self.instance, "number", "")).strip()
        clash = Clause.objects.filter(version=version, number=number)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(
                {"number": [_("This version already has a clause with this number.")]}
            )
        attrs["number"] = number
        return attrs


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_("The decision note; required to reject."),
    )


class RegulationViewSet(GexinViewSet):
    """Regulations and rules of the units in the caller's scope."""

    queryset = Regulation.objects.select_related("unit")
    serializer_class = RegulationSerializer
    filterset_class = filtersets.RegulationFilterSet
    ordering_fields = ["code", "title", "id"]
    ordering = ["unit__path", "code", "id"]


class RegulationVersionViewSet(GexinViewSet):
    """Versions of regulations with their clauses; drafts move on through the actions."""

    queryset = RegulationVersion.objects.select_related(
        "regulation__unit", "drafted_by", "submitted_by", "approved_by"
    ).prefetch_related("clauses")
    serializer_class = RegulationVersionSerializer
    filterset_class = filtersets.RegulationVersionFilterSet
    ordering_fields = ["number", "submitted_at", "approved_on", "id"]
    ordering = ["regulation", "-number"]

    def perform_destroy(self, version):
        if version.status != VersionStatus.DRAFT:
            raise serializers.ValidationError(
                _("Only a draft can be deleted; a decided version stays on record.")
            )
        super().perform_destroy(version)

    def represent(self, version):
        fresh = self.get_queryset().get(pk=version.pk)
        return Response(self.get_serializer(fresh).data)

    def step(self, request, allowed, run, form=None):
        version = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if request.method == "GET":
            return self.represent(version)
        if not allowed(version):
            raise PermissionDenied
        data = {}
        if form is not None:
            checked = form(data=request.data)
            checked.is_valid(raise_exception=True)
            data = checked.validated_data
        with transaction.atomic():
            django_errors(lambda: run(version, data))
        return self.represent(version)

    def may_change(self, version):
        return self.get_queryset_for("change").filter(pk=version.pk).exists()

    @extend_schema(request=None, responses=RegulationVersionSerializer)
    @action(detail=True, methods=["get", "post"])
    def submit(self, request, pk=None, format=None):
        """POST: submit the draft for approval; 400 while it lacks its reason or evidence."""
        return self.step(
            request, self.may_change, lambda version, data: version.submit(request.user)
        )

    @extend_schema(request=DecisionSerializer, responses=RegulationVersionSerializer)
    @action(detail=True, methods=["get", "post"])
    def approve(self, request, pk=None, format=None):
        """POST: put the submitted version in force (those who hold the approval right)."""
        return self.step(
            request,
            lambda version: version.may_decide(request.user),
            lambda version, data: version.approve(request.user, data.get("note", "")),
            DecisionSerializer,
        )

    @extend_schema(request=DecisionSerializer, responses=RegulationVersionSerializer)
    @action(detail=True, methods=["get", "post"])
    def reject(self, request, pk=None, format=None):
        """POST: reject the submitted version, saying why in `note`."""
        return self.step(
            request,
            lambda version: version.may_decide(request.user),
            lambda version, data: version.reject(request.user, data.get("note", "")),
            DecisionSerializer,
        )

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def comparison(self, request, pk=None, format=None):
        """The version against the previous one, clause by clause."""
        version = get_object_or_404(self.get_queryset(), pk=pk)
        previous, changes = regulations.compare_with_previous(version)
        return Response(
            {
                "version": version.pk,
                "previous": previous.pk if previous else None,
                "clauses": [
                    {
                        "number": change.number,
                        "change": change.change,
                        "old": change.old,
                        "new": change.new,
                    }
                    for change in changes
                ],
            }
        )


class ClauseViewSet(GexinViewSet):
    """Clauses of regulation versions; only a draft not yet submitted changes its clauses."""

    queryset = Clause.objects.select_related("version__regulation")
    serializer_class = ClauseSerializer
    filterset_class = filtersets.ClauseFilterSet
    ordering_fields = ["id"]
    ordering = ["version", "id"]

    def perform_destroy(self, clause):
        django_errors(clause.version.check_editable)
        super().perform_destroy(clause)
