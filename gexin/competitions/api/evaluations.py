"""REST API of evaluations, their scores and the banner holdings (`/api/v1/`).

`POST /evaluations/` with a competition and any day of a period creates that period's
evaluation and computes it; `POST /evaluations/{id}/compute/` computes it again and
`POST /evaluations/{id}/publish/` publishes and locks it, passing the banner.
`POST /scores/{id}/adjust/` sets the committee's score, with a required reason.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from gexin.competitions import scoring
from gexin.competitions.filtersets import evaluations as filtersets
from gexin.competitions.models import SCORE, BannerHolding, Competition, Evaluation, Score
from gexin.core.api import IF_MATCH, PreconditionFailedSerializer
from gexin.core.permissions import is_path_in_scope
from gexin.org.api import Conflict, GexinViewSet, as_drf_error


def may(user, action_name, evaluation):
    return is_path_in_scope(user, Evaluation, action_name, evaluation.competition.unit.path)


def refusal(error):
    """A workflow's refusal (a locked evaluation, a missing reason) as a 400 answer."""
    return as_drf_error(error)


class EvaluableCompetitionField(serializers.PrimaryKeyRelatedField):
    """A competition by id, among those where the caller may compute evaluations."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Competition.objects.none()
        return Competition.objects.where_user_holds(request.user, "competitions.add_evaluation")


class ScoreSerializer(serializers.ModelSerializer):
    participant_name = serializers.SerializerMethodField()
    final = serializers.DecimalField(**SCORE, read_only=True)
    criteria = serializers.JSONField(
        read_only=True,
        help_text=_(
            "Per condition id: metric, scoring, weight, value, points (null when not scored, "
            "with `missing`: no_target, no_baseline or no_figure), and target and percent, "
            "baseline and change, or rank and of."
        ),
    )

    class Meta:
        model = Score
        fields = [
            "id",
            "evaluation",
            "participant",
            "participant_name",
            "total",
            "adjusted_total",
            "adjustment_reason",
            "final",
            "criteria",
            "is_eligible",
            "reason",
            "rank",
            "change",
            "last_updated",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_participant_name(self, score):
        return scoring.participant_name(score.participant)


class LeverSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    metric = serializers.CharField()
    points = serializers.FloatField()
    best = serializers.FloatField()
    lift = serializers.FloatField(help_text=_("Points the score would gain."))


class ScoreDetailSerializer(ScoreSerializer):
    best_lever = serializers.SerializerMethodField(
        help_text=_(
            "The single condition that would lift the score most if it reached the best "
            "points scored on it; null when it has the best on every condition."
        )
    )

    class Meta(ScoreSerializer.Meta):
        fields = [*ScoreSerializer.Meta.fields, "best_lever"]
        read_only_fields = fields

    @extend_schema_field(LeverSerializer(allow_null=True))
    def get_best_lever(self, score):
        return scoring.best_lever(score)


class AdjustSerializer(serializers.Serializer):
    value = serializers.DecimalField(
        max_digits=SCORE["max_digits"],
        decimal_places=SCORE["decimal_places"],
        min_value=0,
        max_value=100,
        allow_null=True,
        help_text=_("The committee's score, 0 to 100; null goes back to the computed one."),
    )
    reason = serializers.CharField(
        allow_blank=True, max_length=500, help_text=_("Required: why the score is adjusted.")
    )


class EvaluationSerializer(serializers.ModelSerializer):
    competition = EvaluableCompetitionField(
        queryset=Competition.objects.all(),
        help_text=_("Id of the competition (one whose evaluations you may compute)."),
    )
    day = serializers.DateField(
        write_only=True,
        help_text=_("Any day of the period to evaluate: its week, month or quarter."),
    )
    published_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    scores = serializers.SerializerMethodField()
    banner_holder = serializers.SerializerMethodField()
    findings = serializers.JSONField(
        read_only=True,
        help_text=_(
            "gap, top_mean, bottom_mean, quarter_size, gap_previous, widening, and the "
            "handover_flags of the departmentalism guard."
        ),
    )

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "competition",
            "day",
            "period_start",
            "period_end",
            "status",
            "computed_at",
            "published_at",
            "published_by",
            "findings",
            "note",
            "banner_holder",
            "scores",
            "created",
            "last_updated",
        ]
        read_only_fields = ["period_start", "period_end"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            # The period and the competition of an evaluation do not change.
            fields["competition"].read_only = True
            fields["day"].read_only = True
        return fields

    @extend_schema_field(ScoreSerializer(many=True))
    def get_scores(self, evaluation):
        scores = evaluation.scores.select_related("participant__unit", "participant__person")
        return ScoreSerializer(scores.order_by("rank", "pk"), many=True).data

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_banner_holder(self, evaluation):
        holding = BannerHolding.objects.filter(evaluation=evaluation).first()
        return holding.participant_id if holding else None


class BannerHoldingSerializer(serializers.ModelSerializer):
    participant_name = serializers.SerializerMethodField()

    class Meta:
        model = BannerHolding
        fields = [
            "id",
            "competition",
            "evaluation",
            "participant",
            "participant_name",
            "since",
            "until",
            "created",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_participant_name(self, holding):
        return scoring.participant_name(holding.participant)


class EvaluationViewSet(GexinViewSet):
    """Evaluations with their scores: created by computing a period, then published."""

    queryset = Evaluation.objects.select_related("competition__unit", "published_by")
    serializer_class = EvaluationSerializer
    filterset_class = filtersets.EvaluationFilterSet
    ordering_fields = ["period_start", "id"]
    ordering = ["competition", "-period_start", "id"]

    def save_new(self, serializer):
        data = serializer.validated_data
        try:
            evaluation = scoring.evaluate(
                data["competition"], data["day"], note=data.get("note", "")
            )
        except DjangoValidationError as error:
            raise refusal(error) from None
        serializer.instance = evaluation
        return evaluation

    def save_existing(self, serializer):
        # A published evaluation is locked (Evaluation.save refuses too): 409, not 500.
        if serializer.instance.is_published:
            raise Conflict(_("This evaluation is published and locked."))
        try:
            return super().save_existing(serializer)
        except DjangoValidationError as error:
            raise refusal(error) from None

    def perform_destroy(self, instance):
        if instance.is_published:
            raise Conflict(_("This evaluation is published and locked: it cannot be deleted."))
        super().perform_destroy(instance)

    def step(self, request, pk, action_name, run):
        evaluation = get_object_or_404(self.get_queryset(), pk=pk)
        if request.method == "POST":
            if not may(request.user, action_name, evaluation):
                raise PermissionDenied
            try:
                with transaction.atomic():
                    run(evaluation)
            except DjangoValidationError as error:
                raise refusal(error) from None
            evaluation = self.get_queryset().get(pk=evaluation.pk)
        return Response(self.get_serializer(evaluation).data)

    @extend_schema(request=None, responses=EvaluationSerializer)
    @action(detail=True, methods=["get", "post"])
    def compute(self, request, pk=None, format=None):
        """GET: the evaluation; POST: compute it again from the records (until published)."""
        return self.step(request, pk, "add", scoring.compute)

    @extend_schema(request=None, responses=EvaluationSerializer)
    @action(detail=True, methods=["get", "post"])
    def publish(self, request, pk=None, format=None):
        """GET: the evaluation; POST: publish and lock it, and pass the banner to the
        top-ranked eligible participant."""
        return self.step(
            request, pk, "publish", lambda evaluation: scoring.publish(evaluation, request.user)
        )


@extend_schema_view(
    # Refused to everyone (405): not operations a client can use.
    create=extend_schema(exclude=True),
    update=extend_schema(exclude=True),
    partial_update=extend_schema(exclude=True),
    destroy=extend_schema(exclude=True),
)
class WrittenByWorkflowsViewSet(GexinViewSet):
    """Read-only but for the workflow actions: a method not offered answers 405 to
    everyone, before any right is checked."""

    def initial(self, request, *args, **kwargs):
        if self.action in ("create", "update", "partial_update", "destroy") or (
            request.method.lower() not in self.http_method_names
        ):
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)


class ScoreViewSet(WrittenByWorkflowsViewSet):
    """Scores of the evaluations; written by computing, changed only by `adjust`."""

    queryset = Score.objects.select_related(
        "evaluation__competition__unit", "participant__unit", "participant__person"
    )
    serializer_class = ScoreSerializer
    filterset_class = filtersets.ScoreFilterSet
    ordering_fields = ["rank", "id"]
    ordering = ["evaluation", "rank", "id"]
    http_method_names = ["get", "post", "head", "options"]

    def get_serializer_class(self):
        if self.action in ("retrieve", "adjust"):
            return ScoreDetailSerializer
        return ScoreSerializer

    @extend_schema(methods=["GET"], responses=ScoreDetailSerializer)
    @extend_schema(
        methods=["POST"],
        request=AdjustSerializer,
        parameters=[IF_MATCH],
        responses={200: ScoreDetailSerializer, 412: PreconditionFailedSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def adjust(self, request, pk=None, format=None):
        """GET: the score; POST {value, reason}: the committee's score, with its reason
        kept on the score and in its history; refused once the evaluation is published,
        and with 412 when If-Match no longer names the score's version."""
        score = get_object_or_404(self.get_queryset(), pk=pk)
        if request.method == "POST":
            if not may(request.user, "adjust", score.evaluation):
                raise PermissionDenied
            data = AdjustSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            header = request.headers.get("If-Match")
            try:
                score = scoring.adjust(
                    score,
                    data.validated_data["value"],
                    data.validated_data["reason"],
                    request.user,
                    check=None if header is None else lambda s: self.check_if_match(s, header),
                )
            except DjangoValidationError as error:
                raise refusal(error) from None
            score = self.get_queryset().get(pk=score.pk)
        return Response(ScoreDetailSerializer(score, context=self.get_serializer_context()).data)


class BannerHoldingViewSet(WrittenByWorkflowsViewSet):
    """Who held each competition's banner, from when until when; written by publishing."""

    queryset = BannerHolding.objects.select_related(
        "competition__unit", "participant__unit", "participant__person"
    )
    serializer_class = BannerHoldingSerializer
    filterset_class = filtersets.BannerHoldingFilterSet
    ordering_fields = ["since", "id"]
    ordering = ["competition", "-since", "id"]
    http_method_names = ["get", "head", "options"]
