"""REST API for awards, one-helps-one pairings, help cases, advanced producers and
handovers (`/api/v1/`).

An award moves on only through its actions `approve` and `reject`, taken by a second
person holding `competitions.approve_award` (the proposer is refused with a 400 and the
reason). A pairing's detail carries the laggard's `progress`. `GET help-cases/
missing-quota/` lists the workers who keep missing their pledge, `GET
advanced-producers/candidates/` the people the records suggest; a suggested producer
is decided through `confirm` and `decline` (a held meeting of the person's unit).
`GET handovers/{id}/comparison/` gives both sides' figures in each of the competition's
periods against the period before, with the departmentalism flag. GET on an action
shows the object.
"""

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from gexin.competitions import guard, laggards
from gexin.competitions.choices import HelpCause, HelpOutcome
from gexin.competitions.filtersets import help as filtersets
from gexin.competitions.models import (
    PERSON_KEPT,
    PERSON_NOT_READ,
    RESOLVE_REFUSED,
    AdvancedProducer,
    Award,
    Competition,
    Evaluation,
    Handover,
    HelpCase,
    HelpReview,
    Pairing,
    Participant,
)
from gexin.core.permissions import is_path_in_scope
from gexin.meetings.api import ScopedIdField
from gexin.meetings.models import Meeting
from gexin.org.api import GexinViewSet, as_drf_error
from gexin.org.backends import own_person
from gexin.org.filtersets import find_unit, is_number
from gexin.org.models import Person, Unit
from gexin.org.privacy import HIDDEN, may_view_health
from gexin.plans.models import Metric


def django_errors(run):
    """Run `run()`, answering a model's ValidationError as 400 with its messages."""
    try:
        return run()
    except DjangoValidationError as error:
        raise as_drf_error(error) from None


def by_id(model, help_text, **kwargs):
    return ScopedIdField(queryset=model.objects.all(), help_text=help_text, **kwargs)


def username(source):
    return serializers.CharField(source=source, read_only=True, allow_null=True)


class ModelCheckedSerializer(serializers.ModelSerializer):
    """Runs the model's own `clean()` on the object as it would be saved."""

    def validate(self, attrs):
        model = self.Meta.model
        candidate = model(**{**self.current_values(), **attrs})
        candidate.pk = self.instance.pk if self.instance else None
        django_errors(candidate.clean)
        return attrs

    def current_values(self):
        if self.instance is None:
            return {}
        return {
            field.name: getattr(self.instance, field.name)
            for field in self.Meta.model._meta.concrete_fields
            if not field.primary_key and field.editable
        }


# Awards


class CompetitionAwardSerializer(ModelCheckedSerializer):
    evaluation = by_id(Evaluation, _("Id of the evaluation the award is for."))
    participant = by_id(Participant, _("Id of the participant awarded."))
    status_label = serializers.CharField(read_only=True)
    counts = serializers.BooleanField(read_only=True)
    proposed_by = username("proposed_by.username")
    decided_by = username("decided_by.username")

    class Meta:
        model = Award
        fields = [
            "id",
            "evaluation",
            "participant",
            "kind",
            "title",
            "amount",
            "note",
            "status",
            "status_label",
            "counts",
            "proposed_by",
            "decided_by",
            "decided_at",
            "decision_note",
            "created",
            "last_updated",
        ]
        read_only_fields = ["status", "decided_at", "decision_note"]

    def validate(self, attrs):
        if self.instance is not None:
            django_errors(self.instance.check_undecided)
            if "evaluation" in attrs and attrs["evaluation"] != self.instance.evaluation:
                raise serializers.ValidationError(
                    {"evaluation": [_("An award stays with its evaluation.")]}
                )
        return super().validate(attrs)

    def create(self, validated_data):
        validated_data["proposed_by"] = self.context["request"].user
        return super().create(validated_data)

    def update(self, instance, validated_data):
        # Whoever last proposed or changed an award cannot be the second person deciding it.
        validated_data["proposed_by"] = self.context["request"].user
        return super().update(instance, validated_data)


class AwardDecisionSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, help_text=_("The reason; required to reject.")
    )


class StepMixin:
    """Workflow actions: GET shows the object, POST runs the step (400 when refused)."""

    def represent(self, obj):
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(fresh).data)

    def step(self, request, allowed, run, form=None):
        obj = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if request.method == "GET":
            return self.represent(obj)
        if not allowed(obj):
            raise PermissionDenied
        data = {}
        if form is not None:
            checked = form(data=request.data, context=self.get_serializer_context())
            checked.is_valid(raise_exception=True)
            data = checked.validated_data
        with transaction.atomic():
            django_errors(lambda: run(obj, data))
        return self.represent(obj)


class AwardViewSet(StepMixin, GexinViewSet):
    """Awards of evaluations; they count once a second person approves them."""

    queryset = Award.objects.select_related(
        "evaluation__competition__unit",
        "participant__person",
        "participant__unit",
        "proposed_by",
        "decided_by",
    )
    serializer_class = CompetitionAwardSerializer
    filterset_class = filtersets.AwardFilterSet
    ordering_fields = ["decided_at", "id", "evaluation__period_start"]
    ordering = ["-evaluation__period_start", "id"]

    def perform_destroy(self, award):
        django_errors(award.check_undecided)
        super().perform_destroy(award)

    def may_approve(self, award):
        return is_path_in_scope(self.request.user, Award, "approve", award.scope_path())

    @extend_schema(request=AwardDecisionSerializer, responses=CompetitionAwardSerializer)
    @action(detail=True, methods=["get", "post"])
    def approve(self, request, pk=None, format=None):
        """POST: approve the award (a second person holding the right); it then counts."""
        return self.step(
            request,
            self.may_approve,
            lambda award, data: award.approve(request.user, data.get("note", "")),
            AwardDecisionSerializer,
        )

    @extend_schema(request=AwardDecisionSerializer, responses=CompetitionAwardSerializer)
    @action(detail=True, methods=["get", "post"])
    def reject(self, request, pk=None, format=None):
        """POST: reject the award, with the reason (`note`)."""
        return self.step(
            request,
            self.may_approve,
            lambda award, data: award.reject(request.user, data.get("note", "")),
            AwardDecisionSerializer,
        )


# Pairings


class PairingSerializer(ModelCheckedSerializer):
    competition = by_id(Competition, _("Id of the competition both partners take part in."))
    advanced = by_id(Participant, _("Id of the advanced participant who helps."))
    laggard = by_id(Participant, _("Id of the participant helped."))
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Pairing
        fields = [
            "id",
            "competition",
            "advanced",
            "laggard",
            "since",
            "ended_on",
            "goal",
            "progress",
            "created",
            "last_updated",
        ]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_progress(self, pairing):
        """The laggard's score and rank in each evaluation since the pairing, against
        its last one before; `message` says when there is nothing to compare yet."""
        return pairing.progress().as_dict()

    def validate(self, attrs):
        if self.instance is not None and attrs.get("competition", self.instance.competition) != (
            self.instance.competition
        ):
            raise serializers.ValidationError(
                {"competition": [_("A pairing stays with its competition.")]}
            )
        return super().validate(attrs)


class PairingViewSet(GexinViewSet):
    """One-helps-one pairings, with the laggard's progress since pairing."""

    queryset = Pairing.objects.select_related(
        "competition__unit",
        "advanced__person",
        "advanced__unit",
        "laggard__person",
        "laggard__unit",
    )
    serializer_class = PairingSerializer
    filterset_class = filtersets.PairingFilterSet
    ordering_fields = ["since", "ended_on", "id"]
    ordering = ["-since", "id"]


# Help cases


PRIVATE_REFUSED = _(
    "The notes of a case whose cause is health are private: only the group leader and the "
    "welfare officer read and change them, or its cause."
)


def reader(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class HelpReviewInCaseSerializer(serializers.ModelSerializer):
    meeting_day = serializers.DateField(source="meeting.day", read_only=True)
    note = serializers.SerializerMethodField()

    class Meta:
        model = HelpReview
        fields = ["id", "meeting", "meeting_day", "outcome", "note", "is_illustrative"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_note(self, review):
        """The progress found; private (a placeholder) when the case's cause is health
        and the caller may not read health details."""
        return review.shown_note()


class HelpCaseSerializer(ModelCheckedSerializer):
    """A help case. When the cause is health, `cause_note`, `help_arranged` and the
    reviews' notes are private: callers who may not read health details get a
    placeholder, and may not change them nor the cause."""

    person = by_id(Person, _("Id of the worker."))
    competition = by_id(
        Competition,
        _("Id of the competition the case came from (optional)."),
        required=False,
        allow_null=True,
    )
    is_open = serializers.BooleanField(read_only=True)
    notes_hidden = serializers.SerializerMethodField()
    reviews = HelpReviewInCaseSerializer(many=True, read_only=True)

    class Meta:
        model = HelpCase
        fields = [
            "id",
            "person",
            "competition",
            "reason",
            "periods_missed",
            "cause",
            "cause_note",
            "help_arranged",
            "opened_on",
            "resolved_on",
            "is_open",
            "notes_hidden",
            "reviews",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        read_only_fields = ["is_illustrative", "source"]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_notes_hidden(self, case):
        """True when the notes are private and replaced by a placeholder for the caller."""
        return case.notes_hidden

    def to_representation(self, case):
        case.reveal_for(reader(self))
        for review in case.reviews.all():
            review.help_case = case
        data = super().to_representation(case)
        if case.notes_hidden:
            for name in HelpCase.private_fields:
                data[name] = str(HIDDEN)
        return data

    def validate(self, attrs):
        case = self.instance
        user = reader(self)
        if case is not None and not case.may_read_notes(user):
            touched = [name for name in HelpCase.private_fields if name in attrs]
            if "cause" in attrs and attrs["cause"] != case.cause:
                touched.append("cause")
            if touched:
                raise serializers.ValidationError({name: [PRIVATE_REFUSED] for name in touched})
            # Moved to a worker whose notes the caller reads, the case would show them.
            person = attrs.get("person")
            if person is not None and person.pk != case.person_id:
                raise serializers.ValidationError({"person": [PERSON_KEPT]})
            # Whether the help arranged is written, which resolving needs, is private too.
            resolved_on = attrs.get("resolved_on")
            if resolved_on is not None and resolved_on != case.resolved_on:
                raise serializers.ValidationError({"resolved_on": [RESOLVE_REFUSED]})
        if case is not None:
            person = attrs.get("person")
            cause = attrs.get("cause", case.cause)
            if (
                person is not None
                and person.pk != case.person_id
                and cause == HelpCause.HEALTH
                and not may_view_health(user, person.unit_path)
            ):
                raise serializers.ValidationError({"person": [PERSON_NOT_READ]})
        return super().validate(attrs)


class HelpReviewSerializer(serializers.ModelSerializer):
    """A weekly meeting's review of a help case; `outcome` resolved resolves the case on
    the meeting's day. Written once: a review is not changed afterwards."""

    help_case = ScopedIdField(
        "view", queryset=HelpCase.objects.all(), help_text=_("Id of the help case reviewed.")
    )
    meeting = ScopedIdField(
        "view",
        queryset=Meeting.objects.all(),
        help_text=_(
            "Id of the held weekly meeting (of the worker's unit or above, since the case "
            "opened and after its last review)."
        ),
    )
    meeting_day = serializers.DateField(source="meeting.day", read_only=True)
    outcome_label = serializers.CharField(read_only=True)
    case_resolved_on = serializers.DateField(
        source="help_case.resolved_on", read_only=True, allow_null=True
    )

    class Meta:
        model = HelpReview
        fields = [
            "id",
            "help_case",
            "meeting",
            "meeting_day",
            "note",
            "outcome",
            "outcome_label",
            "case_resolved_on",
            "is_illustrative",
            "created",
            "last_updated",
        ]
        read_only_fields = ["is_illustrative"]

    def to_representation(self, review):
        review.help_case.reveal_for(reader(self))
        data = super().to_representation(review)
        data["note"] = str(review.shown_note())
        return data

    def validate(self, attrs):
        case = attrs["help_case"]
        user = reader(self)
        if not is_path_in_scope(user, HelpReview, "add", case.person.unit_path):
            raise PermissionDenied
        # Without an outcome the help continues, as the model's default says.
        attrs.setdefault("outcome", HelpOutcome.CONTINUE)
        candidate = HelpReview(
            help_case=case,
            meeting=attrs["meeting"],
            note=attrs.get("note", ""),
            outcome=attrs["outcome"],
        )
        django_errors(candidate.clean)
        return attrs

    def create(self, validated_data):
        case = validated_data["help_case"]
        return django_errors(
            lambda: case.review(
                validated_data["meeting"],
                validated_data["note"],
                validated_data["outcome"],
                user=reader(self),
            )
        )


def quota_line(line):
    return {
        "metric": line.metric.code,
        "target": float(line.target),
        "actual": None if line.actual is None else float(round(line.actual, 3)),
        "percent": None if line.percent is None else float(round(line.percent, 2)),
    }


def pledged_period(period):
    return {
        "label": period.label,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "missed": period.is_missed,
        "over_fulfilled": period.is_over_fulfilled,
        "scrap": float(period.scrap),
        "lines": [quota_line(line) for line in period.lines],
    }


def whose(request, perm):
    """(competition, unit) named by ?competition= or ?unit= (code or id), else the
    caller's own unit; 404-free: an unknown one gives nobody."""
    user = request.user
    value = request.query_params.get("competition", "")
    if is_number(value):
        competition = Competition.objects.restrict(user, "view").filter(pk=value).first()
        return competition, None, competition is None
    code = request.query_params.get("unit", "")
    if code:
        unit = find_unit(code, Unit.objects.restrict(user, "view"))
        return None, unit, unit is None
    person = own_person(user)
    return None, (person.unit if person else None), person is None


def bounded(request, name, default):
    value = request.query_params.get(name, "")
    if is_number(value) and 1 <= int(value) <= 24:
        return int(value)
    return default


class HelpCaseViewSet(GexinViewSet):
    """Help cases of young and new workers and of those who keep missing the quota: the
    cause found, the help arranged and the weekly meetings' reviews. The notes of a case
    whose cause is health are private (a placeholder for those who may not read them)."""

    queryset = HelpCase.objects.select_related("person__unit", "competition").prefetch_related(
        "reviews__meeting"
    )
    serializer_class = HelpCaseSerializer
    filterset_class = filtersets.HelpCaseFilterSet
    ordering_fields = ["opened_on", "resolved_on", "id"]
    ordering = ["resolved_on", "-opened_on", "id"]

    @extend_schema(
        parameters=[
            OpenApiParameter("competition", OpenApiTypes.INT, description=_("Competition id")),
            OpenApiParameter("unit", OpenApiTypes.STR, description=_("Unit code or id")),
            OpenApiParameter("at_least", OpenApiTypes.INT, description=_("Periods missed")),
            OpenApiParameter("of_last", OpenApiTypes.INT, description=_("Periods looked at")),
            OpenApiParameter("as_of", OpenApiTypes.DATE, description=_("Periods ended by")),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    @action(detail=False, methods=["get"], url_path="missing-quota")
    def missing_quota(self, request, format=None):
        """The workers who missed their pledge in `at_least` or more of their last
        `of_last` periods (default 2 of 3), of a competition or a unit (default: yours)."""
        competition, unit, unknown = whose(request, "competitions.view_helpcase")
        at_least = bounded(request, "at_least", laggards.MISSED_AT_LEAST)
        of_last = max(bounded(request, "of_last", laggards.OF_LAST), at_least)
        try:
            as_of = datetime.date.fromisoformat(request.query_params.get("as_of", ""))
        except ValueError:
            as_of = datetime.date.today()
        rows = []
        if not unknown and (competition or unit):
            people = laggards.people_of(
                competition=competition,
                unit=unit,
                queryset=Person.objects.where_user_holds(
                    request.user, "competitions.view_helpcase"
                ).select_related("unit"),
            )
            within = (competition.starts_on, competition.ends_on) if competition else None
            rows = laggards.quota_misses(
                people, as_of=as_of, at_least=at_least, of_last=of_last, within=within
            )
        return Response(
            {
                "at_least": at_least,
                "of_last": of_last,
                "as_of": as_of.isoformat(),
                "results": [
                    {
                        "person": row.person.pk,
                        "employee_number": row.person.employee_number,
                        "name": row.person.display_name,
                        "unit": row.person.unit.code,
                        "missed_count": row.missed_count,
                        "considered": row.considered,
                        "missed": [pledged_period(period) for period in row.missed],
                        "open_case": row.open_case.pk if row.open_case else None,
                    }
                    for row in rows
                ],
            }
        )


class HelpReviewViewSet(GexinViewSet):
    """Reviews of help cases at the weekly meetings. POST records one (and resolves the
    case when `outcome` is resolved); a review is not changed or deleted afterwards."""

    queryset = HelpReview.objects.select_related("help_case__person__unit", "meeting__unit")
    serializer_class = HelpReviewSerializer
    filterset_class = filtersets.HelpReviewFilterSet
    http_method_names = ["get", "post", "head", "options"]
    ordering_fields = ["id", "meeting__scheduled_at"]
    ordering = ["help_case", "meeting__scheduled_at", "id"]


# Advanced producers


class AdvancedProducerSerializer(ModelCheckedSerializer):
    person = by_id(Person, _("Id of the person."))
    competition = by_id(
        Competition, _("Id of the competition (optional)."), required=False, allow_null=True
    )
    status_label = serializers.CharField(read_only=True)
    meeting = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = AdvancedProducer
        fields = [
            "id",
            "person",
            "competition",
            "status",
            "status_label",
            "evidence",
            "meeting",
            "decided_on",
            "decision_note",
            "method",
            "created",
            "last_updated",
        ]
        read_only_fields = ["status", "decided_on", "decision_note"]

    def validate(self, attrs):
        decided = self.instance is not None and self.instance.is_decided
        if decided and attrs.get("person", self.instance.person) != self.instance.person:
            raise serializers.ValidationError(
                {"person": [_("A meeting decided on this person: it stays.")]}
            )
        return super().validate(attrs)


class ProducerDecisionSerializer(serializers.Serializer):
    meeting = ScopedIdField(
        queryset=Meeting.objects.all(),
        help_text=_("Id of the held meeting (of the person's unit or above) that decided."),
    )
    method = serializers.CharField(
        required=False, allow_blank=True, help_text=_("The method, summed up; to confirm.")
    )
    note = serializers.CharField(
        required=False, allow_blank=True, help_text=_("The reason; required to decline.")
    )


class AdvancedProducerViewSet(StepMixin, GexinViewSet):
    """Advanced producers: suggested from the records, decided by a meeting."""

    queryset = AdvancedProducer.objects.select_related("person__unit", "competition", "meeting")
    serializer_class = AdvancedProducerSerializer
    filterset_class = filtersets.AdvancedProducerFilterSet
    ordering_fields = ["decided_on", "id"]
    ordering = ["-decided_on", "-id"]

    def perform_destroy(self, producer):
        django_errors(producer.check_undecided)
        super().perform_destroy(producer)

    def may_change(self, producer):
        return self.get_queryset_for("change").filter(pk=producer.pk).exists()

    @extend_schema(request=ProducerDecisionSerializer, responses=AdvancedProducerSerializer)
    @action(detail=True, methods=["get", "post"])
    def confirm(self, request, pk=None, format=None):
        """POST: confirmed by the meeting, with the method summed up."""
        return self.step(
            request,
            self.may_change,
            lambda producer, data: producer.confirm(
                data["meeting"], data.get("method", ""), data.get("note", "")
            ),
            ProducerDecisionSerializer,
        )

    @extend_schema(request=ProducerDecisionSerializer, responses=AdvancedProducerSerializer)
    @action(detail=True, methods=["get", "post"])
    def decline(self, request, pk=None, format=None):
        """POST: the meeting did not confirm it; `note` says why."""
        return self.step(
            request,
            self.may_change,
            lambda producer, data: producer.decline(data["meeting"], data.get("note", "")),
            ProducerDecisionSerializer,
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", OpenApiTypes.STR, description=_("Unit code or id")),
            OpenApiParameter("periods", OpenApiTypes.INT, description=_("Consecutive periods")),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    @action(detail=False, methods=["get"])
    def candidates(self, request, format=None):
        """People who over-fulfilled their pledge in their last `periods` (default 3)
        consecutive periods with no scrap recorded, with the evidence written out."""
        _competition, unit, unknown = whose(request, "competitions.view_advancedproducer")
        periods = bounded(request, "periods", laggards.CONSECUTIVE)
        rows = []
        if unit is not None and not unknown:
            people = laggards.people_of(
                unit=unit,
                queryset=Person.objects.where_user_holds(
                    request.user, "competitions.view_advancedproducer"
                ).select_related("unit"),
            )
            rows = laggards.producer_candidates(people, periods=periods)
        return Response(
            {
                "periods": periods,
                "results": [
                    {
                        "person": row.person.pk,
                        "employee_number": row.person.employee_number,
                        "name": row.person.display_name,
                        "unit": row.person.unit.code,
                        "evidence": row.evidence,
                        "run": [pledged_period(period) for period in row.run],
                        "existing": row.existing.pk if row.existing else None,
                        "existing_status": row.existing.status if row.existing else None,
                    }
                    for row in rows
                ],
            }
        )


# Handovers


class HandoverSerializer(ModelCheckedSerializer):
    competition = by_id(Competition, _("Id of the competition."))
    giver = by_id(Participant, _("Id of the participant that hands over."))
    taker = by_id(Participant, _("Id of the participant that takes over."))
    metric = serializers.SlugRelatedField(
        slug_field="code", queryset=Metric.objects.all(), help_text=_("Code of the metric.")
    )

    class Meta:
        model = Handover
        fields = ["id", "competition", "giver", "taker", "metric", "created", "last_updated"]

    def validate(self, attrs):
        if self.instance is not None and attrs.get("competition", self.instance.competition) != (
            self.instance.competition
        ):
            raise serializers.ValidationError(
                {"competition": [_("A handover stays with its competition.")]}
            )
        return super().validate(attrs)


class HandoverViewSet(GexinViewSet):
    """Handovers watched for departmentalism."""

    queryset = Handover.objects.select_related(
        "competition", "giver__person", "giver__unit", "taker__person", "taker__unit", "metric"
    )
    serializer_class = HandoverSerializer
    filterset_class = filtersets.HandoverFilterSet
    ordering_fields = ["id"]
    ordering = ["competition", "id"]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def comparison(self, request, pk=None, format=None):
        """Both sides' figures in each of the competition's periods against the period
        before, and whether the period is flagged (newest first)."""
        handover = self.get_object()
        periods = reversed(guard.competition_periods(handover.competition))
        return Response(
            {"results": [guard.compare(handover, start, end) for start, end in periods]}
        )
