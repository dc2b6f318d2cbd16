"""REST API for advanced experiences, their pictures and files, their spread and adoption
(`/api/v1/`).

Experiences and adoptions are seen by everyone signed in and changed within the scope of
the unit that owns them (the source unit; the receiving unit for an adoption). An
experience may be created from a solved key issue, an adopted proposal or a confirmed
advanced producer (`key_issue`, `proposal`, `producer`: one of them, set on creation
only). `POST experiences/{id}/push/` with `{"units": [codes], "check_due": date}` pushes
it; `GET experiences/{id}/spread/` says where it has spread. An adoption's status moves
only through `POST adoptions/{id}/adopt/` and `POST adoptions/{id}/decline/`, taken by
the receiving unit; `POST adoptions/{id}/check-due/` with `{"check_due": date}` moves the
check date of a push not yet answered, for whoever may push the experience there. An
answered adoption stays on record (DELETE answers 400): it is corrected by PATCH, which
keeps its history. Dates are checked as the forms check them (`gexin.exchange.spread`).
Pictures and PDFs are uploaded to `experience-attachments` as multipart form data; they
are downloaded from the page link in `url`.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from gexin.core import uploads
from gexin.core.permissions import has_action_anywhere, is_path_in_scope
from gexin.exchange import spread
from gexin.exchange.choices import AdoptionStatus
from gexin.exchange.filtersets import experiences as filtersets
from gexin.exchange.forms.experiences import ORIGIN_STATES, AdoptionForm, attach, find_origin
from gexin.exchange.models import Adoption, Experience, ExperienceAttachment
from gexin.meetings.api import ScopedIdField
from gexin.org.api import Conflict, GexinViewSet, ScopedSlugField, as_drf_error
from gexin.org.models import Person, Unit, WorkType
from gexin.plans.models import Metric


def django_errors(run):
    """Run `run()`, answering a model's ValidationError as 400 and a refusal as 403."""
    try:
        return run()
    except DjangoValidationError as error:
        raise as_drf_error(error) from None
    except DjangoPermissionDenied as refusal:
        raise PermissionDenied(str(refusal) or None) from None


def field_check(name, run):
    """Run one of the shared checks (`gexin.exchange.spread`, also used by the forms),
    answering its refusal as a 400 error of the field `name`."""
    try:
        return run()
    except DjangoValidationError as error:
        raise serializers.ValidationError({name: error.messages}) from None


def username(source):
    return serializers.CharField(source=source, read_only=True, allow_null=True)


class RefusesFields:
    """Answers 400 when the request sets a field only the server sets, instead of
    silently ignoring it. `refused` maps each such field to the reason."""

    refused = {}

    def validate_refused(self):
        data = getattr(self, "initial_data", None) or {}
        errors = {name: [reason] for name, reason in self.refused.items() if name in data}
        if errors:
            raise serializers.ValidationError(errors)

    def to_internal_value(self, data):
        self.validate_refused()
        return super().to_internal_value(data)


def improvement_field():
    return serializers.DecimalField(
        max_digits=12, decimal_places=1, read_only=True, allow_null=True
    )


# Adoptions (also the answer of a push)


class AdoptionSerializer(RefusesFields, serializers.ModelSerializer):
    experience = serializers.PrimaryKeyRelatedField(read_only=True)
    experience_title = serializers.CharField(source="experience.title", read_only=True)
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    pushed_by = username("pushed_by.username")
    recorded_by = username("recorded_by.username")
    improvement = improvement_field()
    is_overdue = serializers.SerializerMethodField()

    refused = {
        "status": _("The status moves only through the adopt and decline actions."),
        "pushed_by": _("Set by the server: whoever pushed the experience."),
        "recorded_by": _("Set by the server: whoever recorded the answer."),
        "experience": _("An adoption stays with its experience."),
        "unit": _("An adoption stays with its receiving unit."),
        "pushed_on": _("Set by the server when the experience is pushed."),
    }

    class Meta:
        model = Adoption
        fields = [
            "id",
            "experience",
            "experience_title",
            "unit",
            "status",
            "pushed_on",
            "pushed_by",
            "check_due",
            "is_overdue",
            "adopted_on",
            "how",
            "before_value",
            "after_value",
            "improvement",
            "result",
            "declined_reason",
            "recorded_by",
            "created",
            "last_updated",
        ]
        read_only_fields = ["status", "pushed_on"]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_overdue(self, adoption):
        return adoption.is_overdue()

    def validate(self, attrs):
        adoption = self.instance
        user = self.context["request"].user
        editable = set(AdoptionForm.FIELDS_BY_STATUS[AdoptionStatus(adoption.status)])
        wrong = [name for name in attrs if name not in editable]
        if wrong:
            raise serializers.ValidationError(
                {
                    name: [
                        _("Not to be set on an adoption that is %(status)s.")
                        % {"status": adoption.get_status_display()}
                    ]
                    for name in wrong
                }
            )
        if "check_due" in attrs and attrs["check_due"] != adoption.check_due:
            if not spread.may_move_check_due(user, adoption):
                raise PermissionDenied(_("Only whoever may push there moves the check date."))
            field_check("check_due", lambda: spread.check_check_due(adoption, attrs["check_due"]))
        if adoption.status == AdoptionStatus.ADOPTED:
            django_errors(
                lambda: spread.check_adopted_on(
                    adoption, attrs.get("adopted_on", adoption.adopted_on)
                )
            )
            django_errors(
                lambda: spread.check_figures(
                    attrs.get("before_value", adoption.before_value),
                    attrs.get("after_value", adoption.after_value),
                )
            )
            if "how" in attrs and not attrs["how"].strip():
                raise serializers.ValidationError(
                    {"how": [_("Say how the unit adopted the experience.")]}
                )
        if "declined_reason" in attrs and not attrs["declined_reason"].strip():
            raise serializers.ValidationError(
                {"declined_reason": [_("Say why the experience was not adopted.")]}
            )
        return attrs


# Experiences


class ExperienceSerializer(RefusesFields, serializers.ModelSerializer):
    unit = ScopedSlugField(
        "exchange.add_experience",
        "exchange.change_experience",
        slug_field="code",
        queryset=Unit.objects.all(),
        help_text=_("Code of the source unit (one where you may write up experiences)."),
    )
    people = serializers.SlugRelatedField(
        slug_field="employee_number",
        many=True,
        required=False,
        queryset=Person.objects.all(),
        help_text=_("Employee numbers of the people who made the experience."),
    )
    work_type = serializers.SlugRelatedField(
        slug_field="code", queryset=WorkType.objects.all(), required=False, allow_null=True
    )
    metric = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Metric.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Code of the metric the figures measure; the direction follows it."),
    )
    key_issue = serializers.IntegerField(
        source="key_issue_id",
        required=False,
        allow_null=True,
        help_text=_("Id of the solved or verified key issue it grew out of (on creation)."),
    )
    proposal = serializers.IntegerField(
        source="proposal_id",
        required=False,
        allow_null=True,
        help_text=_("Id of the adopted proposal it grew out of (on creation)."),
    )
    producer = serializers.IntegerField(
        source="producer_id",
        required=False,
        allow_null=True,
        help_text=_("Id of the confirmed advanced producer it grew out of (on creation)."),
    )
    figure_name = serializers.CharField(read_only=True)
    improvement = improvement_field()
    created_by = username("created_by.username")
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    refused = {"created_by": _("Set by the server: whoever writes the experience up.")}

    class Meta:
        model = Experience
        fields = [
            "id",
            "unit",
            "title",
            "people",
            "problem",
            "method",
            "work_type",
            "language",
            "metric",
            "figure_label",
            "figure_name",
            "direction",
            "before_value",
            "after_value",
            "improvement",
            "introduced_on",
            "key_issue",
            "proposal",
            "producer",
            "created_by",
            "is_illustrative",
            "source",
            "url",
            "created",
            "last_updated",
        ]

    def validate(self, attrs):
        user = self.context["request"].user
        origins = {
            kind: attrs.pop(f"{kind}_id")
            for kind in ORIGIN_STATES
            if attrs.get(f"{kind}_id") is not None
        }
        if self.instance is not None:
            changed = [
                kind
                for kind, value in origins.items()
                if value != getattr(self.instance, f"{kind}_id")
            ]
            if changed:
                raise serializers.ValidationError(
                    {changed[0]: [_("Where an experience grew from is set when it is created.")]}
                )
        elif len(origins) > 1:
            raise serializers.ValidationError(
                _("An experience grows out of at most one key issue, proposal or producer.")
            )
        elif origins:
            kind, value = next(iter(origins.items()))
            attrs[kind] = django_errors(lambda: find_origin(user, kind, value))
        for kind in ORIGIN_STATES:
            attrs.pop(f"{kind}_id", None)
        if "introduced_on" in attrs:
            field_check("introduced_on", lambda: spread.check_introduced_on(attrs["introduced_on"]))
        metric = attrs.get("metric", getattr(self.instance, "metric", None))
        if metric is not None:
            attrs["direction"] = metric.direction
        has_figures = any(
            attrs.get(name, getattr(self.instance, name, None)) is not None
            for name in ("before_value", "after_value")
        )
        label = attrs.get("figure_label", getattr(self.instance, "figure_label", ""))
        if has_figures and metric is None and not (label or "").strip():
            raise serializers.ValidationError(
                {"figure_label": [_("Say what the figures measure, or choose a metric.")]}
            )
        return attrs

    def validate_people(self, people):
        visible = set(
            Person.objects.restrict(self.context["request"].user, "view")
            .filter(pk__in=[p.pk for p in people])
            .values_list("pk", flat=True)
        )
        if self.instance is not None:
            visible |= set(self.instance.people.values_list("pk", flat=True))
        hidden = [p.employee_number for p in people if p.pk not in visible]
        if hidden:
            raise serializers.ValidationError(
                _("No person with the employee number(s) %(numbers)s among the people you may see.")
                % {"numbers": ", ".join(hidden)}
            )
        return people

    def create(self, validated_data):
        validated_data["created_by"] = self.context["request"].user
        unit = validated_data["unit"]
        if validated_data.get("work_type") is None and unit.work_type_id:
            validated_data["work_type"] = unit.work_type
        return super().create(validated_data)


class PushSerializer(serializers.Serializer):
    units = serializers.ListField(
        child=serializers.CharField(), help_text=_("Codes of the units to push to.")
    )
    check_due = serializers.DateField(
        required=False, help_text=_("By when each unit reports; a month from today if left out.")
    )

    def validate_check_due(self, day):
        field_check("check_due", lambda: spread.check_year(day))
        return day

    def validate_units(self, codes):
        codes = list(dict.fromkeys(code.strip() for code in codes if code.strip()))
        found = {unit.code: unit for unit in Unit.objects.filter(code__in=codes)}
        missing = [code for code in codes if code not in found]
        if missing:
            raise serializers.ValidationError(
                _("No unit with the code(s) %(codes)s.") % {"codes": ", ".join(missing)}
            )
        if not codes:
            raise serializers.ValidationError(
                _("Choose at least one unit to push the experience to.")
            )
        return [found[code] for code in codes]


def adoption_row(adoption):
    return {
        "id": adoption.pk,
        "unit": adoption.unit.code,
        "unit_name": adoption.unit.display_name,
        "status": adoption.status,
        "pushed_on": adoption.pushed_on.isoformat(),
        "check_due": adoption.check_due.isoformat(),
        "adopted_on": adoption.adopted_on.isoformat() if adoption.adopted_on else None,
        "how": adoption.how,
        "before_value": None if adoption.before_value is None else str(adoption.before_value),
        "after_value": None if adoption.after_value is None else str(adoption.after_value),
        "improvement": None if adoption.improvement is None else str(adoption.improvement),
        "result": adoption.result,
        "declined_reason": adoption.declined_reason,
        "is_overdue": adoption.overdue,
    }


class ExperienceViewSet(GexinViewSet):
    """Advanced experiences; `push` spreads one to units, `spread` says where it went."""

    queryset = Experience.objects.select_related(
        "unit", "work_type", "metric", "created_by"
    ).prefetch_related("people")
    serializer_class = ExperienceSerializer
    filterset_class = filtersets.ExperienceFilterSet
    ordering_fields = ["introduced_on", "title", "id"]
    ordering = ["-introduced_on", "-id"]

    def perform_destroy(self, experience):
        with transaction.atomic():
            django_errors(lambda: spread.check_unanswered(experience))
            super().perform_destroy(experience)

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def spread(self, request, pk=None, format=None):
        """Where the experience has spread: the counts and one row per receiving unit."""
        experience = get_object_or_404(self.get_queryset(), pk=pk)
        summary = spread.spread_summary(experience)
        rows = summary.pop("rows")
        return Response({**summary, "adoptions": [adoption_row(row) for row in rows]})

    @extend_schema(methods=["GET"], responses=ExperienceSerializer)
    @extend_schema(
        methods=["POST"], request=PushSerializer, responses={201: AdoptionSerializer(many=True)}
    )
    @action(detail=True, methods=["get", "post"])
    def push(self, request, pk=None, format=None):
        """POST: push the experience to units (codes), each to report back by `check_due`.

        Allowed with `exchange.push_experience` on its source unit or on every unit
        named; refused (400) for the source unit itself or a unit already holding it.
        GET shows the experience."""
        experience = get_object_or_404(self.get_queryset(), pk=pk)
        if request.method == "GET":
            return Response(self.get_serializer(experience).data)
        if not has_action_anywhere(request.user, Experience, "push"):
            raise PermissionDenied
        checked = PushSerializer(data=request.data)
        checked.is_valid(raise_exception=True)
        data = checked.validated_data
        made = django_errors(
            lambda: spread.push(
                experience, data["units"], check_due=data.get("check_due"), user=request.user
            )
        )
        fresh = Adoption.objects.select_related("unit", "experience__unit").filter(
            pk__in=[adoption.pk for adoption in made]
        )
        return Response(
            AdoptionSerializer(fresh, many=True, context=self.get_serializer_context()).data,
            status=201,
        )


# Pictures and files


class ExperienceAttachmentSerializer(serializers.ModelSerializer):
    experience = ScopedIdField(
        queryset=Experience.objects.all(), help_text=_("Id of the experience.")
    )
    file = serializers.FileField(write_only=True, help_text=uploads.HELP)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    is_image = serializers.BooleanField(read_only=True)

    class Meta:
        model = ExperienceAttachment
        fields = [
            "id",
            "experience",
            "file",
            "caption",
            "original_name",
            "content_type",
            "size",
            "is_image",
            "url",
            "created",
        ]

    def validate_experience(self, experience):
        user = self.context["request"].user
        if not is_path_in_scope(user, ExperienceAttachment, "add", experience.unit.path):
            raise PermissionDenied(_("You may not add files to this experience."))
        return experience

    def validate_file(self, upload):
        django_errors(lambda: uploads.check(upload))
        return upload

    def create(self, validated_data):
        try:
            return attach(
                validated_data["experience"],
                validated_data["file"],
                validated_data.get("caption", ""),
            )
        except uploads.DiskFull:
            raise uploads.InsufficientStorage from None


class ExperienceAttachmentViewSet(GexinViewSet):
    """Pictures and PDFs of experiences: upload (multipart), list, delete."""

    queryset = ExperienceAttachment.objects.select_related("experience__unit")
    serializer_class = ExperienceAttachmentSerializer
    http_method_names = ["get", "post", "delete", "head", "options"]
    ordering_fields = ["created", "id"]
    ordering = ["id"]
    filterset_fields = ["experience"]

    def perform_destroy(self, attachment):
        storage, name = attachment.file.storage, attachment.file.name
        super().perform_destroy(attachment)
        transaction.on_commit(lambda: storage.delete(name))


# Adoptions


class AdoptionRecordSerializer(serializers.Serializer):
    adopted_on = serializers.DateField()
    how = serializers.CharField()
    before_value = serializers.DecimalField(
        max_digits=18, decimal_places=4, required=False, allow_null=True
    )
    after_value = serializers.DecimalField(
        max_digits=18, decimal_places=4, required=False, allow_null=True
    )
    result = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_adopted_on(self, day):
        field_check("adopted_on", lambda: spread.check_year(day))
        return day


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text=_("Why the unit did not adopt the experience."))


class CheckDueSerializer(serializers.Serializer):
    check_due = serializers.DateField(
        help_text=_("By when the receiving unit reports its adoption.")
    )


class AdoptionViewSet(GexinViewSet):
    """Experiences pushed to units and what each unit did; `adopt` and `decline` record
    the receiving unit's answer (the source unit is told)."""

    queryset = Adoption.objects.select_related(
        "experience__unit", "experience__metric", "unit", "pushed_by", "recorded_by"
    )
    serializer_class = AdoptionSerializer
    filterset_class = filtersets.AdoptionFilterSet
    http_method_names = ["get", "patch", "delete", "post", "head", "options"]
    ordering_fields = ["pushed_on", "check_due", "adopted_on", "id"]
    ordering = ["-pushed_on", "id"]

    @extend_schema(exclude=True)
    def create(self, request, *args, **kwargs):
        # Adoptions are made by pushing an experience to units.
        raise MethodNotAllowed(request.method)

    def get_object(self):
        if self.request.method != "DELETE":
            return super().get_object()
        adoption = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if not spread.may_take_back(self.request.user, adoption):
            raise PermissionDenied
        return adoption

    def save_existing(self, serializer):
        """Writes the patch only over the adoption as it was read: its row is locked and
        re-read first, so a patch that met an answer, a withdrawal or another change is
        refused (409) instead of writing the older copy back."""
        read = serializer.instance
        current = Adoption.objects.select_for_update().filter(pk=read.pk).first()
        if current is None or current.last_updated != read.last_updated:
            raise Conflict(_("The adoption was changed meanwhile; read it again and retry."))
        return serializer.save()

    def perform_destroy(self, adoption):
        """Withdraws a push not yet answered (400 once answered: it stays on record)."""
        django_errors(lambda: spread.withdraw(adoption, user=self.request.user))

    def step(self, request, serializer_class, run):
        """GET shows the adoption; POST records the receiving unit's answer."""
        adoption = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if request.method == "GET":
            return Response(self.get_serializer(adoption).data)
        if not spread.may_record(request.user, adoption):
            raise PermissionDenied
        checked = serializer_class(data=request.data)
        checked.is_valid(raise_exception=True)
        django_errors(lambda: run(adoption, checked.validated_data))
        fresh = self.get_queryset().get(pk=adoption.pk)
        return Response(self.get_serializer(fresh).data)

    @extend_schema(request=AdoptionRecordSerializer, responses=AdoptionSerializer)
    @action(detail=True, methods=["get", "post"])
    def adopt(self, request, pk=None, format=None):
        """POST: the receiving unit adopted it: when, how, its own figures, the result."""
        return self.step(
            request,
            AdoptionRecordSerializer,
            lambda adoption, data: spread.record_adoption(
                adoption,
                adopted_on=data["adopted_on"],
                how=data["how"],
                before_value=data.get("before_value"),
                after_value=data.get("after_value"),
                result=data.get("result", ""),
                user=request.user,
            ),
        )

    @extend_schema(request=DeclineSerializer, responses=AdoptionSerializer)
    @action(detail=True, methods=["get", "post"])
    def decline(self, request, pk=None, format=None):
        """POST: the receiving unit did not adopt it, and says why (`reason`)."""
        return self.step(
            request,
            DeclineSerializer,
            lambda adoption, data: spread.record_decline(
                adoption, reason=data["reason"], user=request.user
            ),
        )

    @extend_schema(request=CheckDueSerializer, responses=AdoptionSerializer)
    @action(detail=True, methods=["post"], url_path="check-due", url_name="check-due")
    def check_due(self, request, pk=None, format=None):
        """POST `{"check_due": date}`: move the check date of a push not yet answered.

        Allowed to whoever may push the experience to the receiving unit (403 otherwise);
        400 for a date before the push or outside 1900–2199, or once the unit answered."""
        adoption = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if not spread.may_move_check_due(request.user, adoption):
            raise PermissionDenied(_("Only whoever may push there moves the check date."))
        checked = CheckDueSerializer(data=request.data)
        checked.is_valid(raise_exception=True)
        day = checked.validated_data["check_due"]
        field_check("check_due", lambda: spread.check_check_due(adoption, day))
        django_errors(lambda: spread.move_check_due(adoption, check_due=day, user=request.user))
        fresh = self.get_queryset().get(pk=adoption.pk)
        return Response(self.get_serializer(fresh).data)
