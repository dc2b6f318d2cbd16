"""REST API for competitions, their participants, conditions and eligibility gates.

`GET /api/v1/competitions/{id}/standings/?period=YYYY-MM-DD` gives the ranked rows of the
evaluation whose period holds that day (or the latest before it).
"""

import datetime

from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from gexin.competitions.choices import ParticipantKind, Scoring
from gexin.competitions.filtersets import competitions as filtersets
from gexin.competitions.forms.competitions import UNIT_KINDS
from gexin.competitions.models import Competition, Criterion, EligibilityGate, Participant
from gexin.core.replicas import reads_from_replica
from gexin.meetings.api import ScopedIdField, person_field
from gexin.org.api import GexinViewSet, ScopedSlugField
from gexin.org.models import Unit, WorkType
from gexin.plans.models import Metric


class CompetitionSerializer(serializers.ModelSerializer):
    unit = ScopedSlugField(
        "competitions.add_competition",
        "competitions.change_competition",
        slug_field="code",
        queryset=Unit.objects.all(),
        help_text=_("Code of the organising unit; the participants lie within it."),
    )
    work_type = serializers.SlugRelatedField(
        slug_field="code",
        queryset=WorkType.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Code of the work type same-type workshops share."),
    )

    class Meta:
        model = Competition
        fields = [
            "id",
            "unit",
            "title",
            "description",
            "starts_on",
            "ends_on",
            "frequency",
            "participant_kind",
            "work_type",
            "banner_name",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        read_only_fields = ["is_illustrative", "source"]

    def validate(self, attrs):
        def value(name):
            return attrs.get(name, getattr(self.instance, name, None))

        start, end = value("starts_on"), value("ends_on")
        if start and end and end < start:
            raise serializers.ValidationError(
                {"ends_on": [_("A competition cannot end before it starts.")]}
            )
        kind = value("participant_kind")
        if kind == ParticipantKind.WORKSHOP and not value("work_type"):
            raise serializers.ValidationError(
                {"work_type": [_("Same-type workshops share a work type: name it.")]}
            )
        if self.instance is not None and self.instance.has_evaluations:
            for name in ("frequency", "starts_on", "ends_on"):
                if name in attrs and attrs[name] != getattr(self.instance, name):
                    raise serializers.ValidationError(
                        {name: [_("Fixed once the competition has been evaluated.")]}
                    )
        if (
            self.instance is not None
            and "participant_kind" in attrs
            and attrs["participant_kind"] != self.instance.participant_kind
            and self.instance.participants.exists()
        ):
            raise serializers.ValidationError(
                {"participant_kind": [_("Participants were chosen for this kind; it stays.")]}
            )
        return attrs


class StandingsQuerySerializer(serializers.Serializer):
    period = serializers.DateField(required=False)


class StandingParticipantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class StandingRowSerializer(serializers.Serializer):
    """One ranked row of the standings (scoring.standings_rows)."""

    participant = StandingParticipantSerializer()
    score = serializers.FloatField(allow_null=True)
    computed = serializers.FloatField(allow_null=True)
    adjusted = serializers.FloatField(allow_null=True)
    adjustment_reason = serializers.CharField()
    criteria = serializers.JSONField(help_text=_("Per criterion id: its metric, value, points."))
    eligible = serializers.BooleanField()
    reason = serializers.CharField()
    rank = serializers.IntegerField(allow_null=True)
    change = serializers.IntegerField(allow_null=True)
    evaluation = serializers.IntegerField()
    period = serializers.ListField(child=serializers.DateField(), min_length=2, max_length=2)


class CompetitionViewSet(GexinViewSet):
    queryset = Competition.objects.select_related("unit", "work_type")
    serializer_class = CompetitionSerializer
    filterset_class = filtersets.CompetitionFilterSet
    ordering_fields = ["starts_on", "ends_on", "id"]
    ordering = ["-starts_on", "-id"]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "period",
                OpenApiTypes.DATE,
                description=_("A day of the period; default today."),
            )
        ],
        responses={200: StandingRowSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    @method_decorator(reads_from_replica)
    def standings(self, request, pk=None, format=None):
        """Ranked rows {participant, score, criteria, eligible, reason, rank, change} of the
        evaluation whose period holds `period` (or the latest before it)."""
        from django.conf import settings

        from gexin.competitions import scoring
        from gexin.core import versioning

        with versioning.reading(request) as read:
            competition = get_object_or_404(self.get_queryset(), pk=pk)
        query = StandingsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        day = query.validated_data.get("period") or datetime.date.today()
        if not settings.GEXIN_FRAGMENT_CACHE:
            return Response(scoring.standings_rows(competition, day))
        # Kept like a page's fragment: the stored scores change only when computed again.
        rows = versioning.cached_value(
            request,
            "api:competitions.standings",
            (competition.pk, day.isoformat()),
            lambda: scoring.standings_rows(competition, day),
            read_before=read,
        )
        return Response(rows)


def competition_field():
    return ScopedIdField(
        "change",
        queryset=Competition.objects.all(),
        help_text=_("Id of the competition (one you may change)."),
    )


class ParticipantSerializer(serializers.ModelSerializer):
    competition = competition_field()
    unit = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Unit.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Code of the unit taking part (groups, shifts, workshops)."),
    )
    person = person_field(required=False, allow_null=True)
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Participant
        fields = [
            "id",
            "competition",
            "unit",
            "person",
            "name",
            "joined_on",
            "is_active",
            "created",
            "last_updated",
        ]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["unit"].queryset = Unit.objects.restrict(request.user, "view")
        return fields

    def get_validators(self):
        # Uniqueness of a unit or a person in the competition is checked in validate(),
        # with a message; DRF's validators for conditional constraints would demand both.
        return []

    def validate(self, attrs):
        def value(name):
            return attrs.get(name, getattr(self.instance, name, None))

        competition, unit, person = value("competition"), value("unit"), value("person")
        if competition is None:
            return attrs
        if self.instance is not None:
            if competition != self.instance.competition:
                raise serializers.ValidationError(
                    {"competition": [_("A participant stays in its competition.")]}
                )
            if self.instance.has_scores and (
                unit != self.instance.unit or person != self.instance.person
            ):
                raise serializers.ValidationError(
                    _("A participant with scores stays who it is: add a new participant.")
                )
        within = competition.unit.path
        if competition.participant_kind == ParticipantKind.PERSON:
            if person is None or unit is not None:
                raise serializers.ValidationError(
                    {"person": [_("This competition is between people: name the person.")]}
                )
            if not person.unit_path.startswith(within):
                raise serializers.ValidationError(
                    {"person": [_("The person is outside the organising unit.")]}
                )
        else:
            if unit is None or person is not None:
                raise serializers.ValidationError(
                    {"unit": [_("This competition is between units: name the unit.")]}
                )
            kinds = UNIT_KINDS[ParticipantKind(competition.participant_kind)]
            if not unit.path.startswith(within) or unit.kind not in kinds:
                raise serializers.ValidationError(
                    {"unit": [_("A unit of the competition's kind within the organising unit.")]}
                )
            if competition.work_type_id and unit.work_type_id != competition.work_type_id:
                raise serializers.ValidationError(
                    {"unit": [_("The workshop is of another work type.")]}
                )
        clash = Participant.objects.filter(competition=competition)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if (unit and clash.filter(unit=unit).exists()) or (
            person and clash.filter(person=person).exists()
        ):
            raise serializers.ValidationError(_("This participant already takes part."))
        return attrs


class ParticipantViewSet(GexinViewSet):
    queryset = Participant.objects.select_related("competition__unit", "unit", "person")
    serializer_class = ParticipantSerializer
    filterset_class = filtersets.ParticipantFilterSet
    ordering = ["id"]


class CriterionSerializer(serializers.ModelSerializer):
    competition = competition_field()
    metric = serializers.SlugRelatedField(slug_field="code", queryset=Metric.objects.all())

    class Meta:
        model = Criterion
        fields = [
            "id",
            "competition",
            "position",
            "metric",
            "weight",
            "scoring",
            "baseline_start",
            "baseline_end",
            "note",
            "created",
            "last_updated",
        ]

    def validate(self, attrs):
        def value(name):
            return attrs.get(name, getattr(self.instance, name, None))

        if self.instance is not None and value("competition") != self.instance.competition:
            raise serializers.ValidationError(
                {"competition": [_("A condition stays with its competition.")]}
            )
        weight = value("weight")
        if weight is not None and weight <= 0:
            raise serializers.ValidationError({"weight": [_("A weight is greater than zero.")]})
        start, end = value("baseline_start"), value("baseline_end")
        if value("scoring") == Scoring.IMPROVEMENT and not (start and end):
            raise serializers.ValidationError(
                {"baseline_start": [_("Improvement is measured against a baseline period.")]}
            )
        if start and end and end < start:
            raise serializers.ValidationError(
                {"baseline_end": [_("The baseline cannot end before it starts.")]}
            )
        clash = Criterion.objects.filter(competition=value("competition"), metric=value("metric"))
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(
                {"metric": [_("The competition already has a condition on this metric.")]}
            )
        return attrs


class CriterionViewSet(GexinViewSet):
    """The competition conditions: weighted criteria on metrics from the plans."""

    queryset = Criterion.objects.select_related("competition__unit", "metric")
    serializer_class = CriterionSerializer
    filterset_class = filtersets.CriterionFilterSet
    ordering = ["competition", "position", "id"]


class EligibilityGateSerializer(serializers.ModelSerializer):
    competition = competition_field()
    metric = serializers.SlugRelatedField(slug_field="code", queryset=Metric.objects.all())

    class Meta:
        model = EligibilityGate
        fields = [
            "id",
            "competition",
            "label",
            "metric",
            "operator",
            "threshold",
            "created",
            "last_updated",
        ]

    def validate(self, attrs):
        competition = attrs.get("competition")
        if self.instance is not None and competition and competition != self.instance.competition:
            raise serializers.ValidationError(
                {"competition": [_("A condition stays with its competition.")]}
            )
        return attrs


class EligibilityGateViewSet(GexinViewSet):
    """Conditions a participant must meet to hold the banner."""

    queryset = EligibilityGate.objects.select_related("competition__unit", "metric")
    serializer_class = EligibilityGateSerializer
    filterset_class = filtersets.EligibilityGateFilterSet
    ordering = ["id"]
