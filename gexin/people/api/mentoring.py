"""REST API of master and apprentice: `/api/v1/apprenticeships/` (with its goals and
checks nested read-only, the `complete` and `end` actions and `figures`),
`/api/v1/apprenticeship-goals/` and `/api/v1/progress-checks/`.

`status`, `ended_on` and `end_reason` are read-only on the apprenticeship: it is completed
by `POST /apprenticeships/{id}/complete/` with `{"on", "reason"}` (the reason is needed
only when some goal is not reached) and ended early by `POST .../end/` with `{"on",
"reason"}`; a refused move answers 400 with the reason. `GET /apprenticeships/{id}/figures/`
gives the apprentice's output, scrap and yield rate per month against the group's per
head (`?through=YYYY-MM-DD` to stop at a day).
"""

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from gexin.meetings.models import Meeting
from gexin.org.api import GexinViewSet, ScopedSlugField, as_drf_error
from gexin.org.models import Person, Unit
from gexin.people import mentoring
from gexin.people.filtersets import mentoring as filtersets
from gexin.people.models.mentoring import Apprenticeship, ApprenticeshipGoal, ProgressCheck


def django_errors(check):
    try:
        check()
    except DjangoValidationError as error:
        raise as_drf_error(error) from None


def candidate_of(serializer, attrs):
    """The object as it would be saved: the instance's values with `attrs` over them."""
    model = serializer.Meta.model
    instance = serializer.instance
    values = {}
    if instance is not None:
        values = {
            field.attname: getattr(instance, field.attname) for field in model._meta.concrete_fields
        }
    candidate = model(**values)
    for name, value in attrs.items():
        setattr(candidate, name, value)
    if instance is None:
        candidate._state.adding = True
    else:
        candidate._state.adding = False
    return candidate


class ScopedPersonField(ScopedSlugField):
    """A person by employee number, among those where the caller holds the perm."""

    def __init__(self, model, **kwargs):
        kwargs.setdefault("slug_field", "employee_number")
        kwargs.setdefault("queryset", Person.objects.all())
        super().__init__(f"people.add_{model}", f"people.change_{model}", **kwargs)


class ApprenticeshipField(serializers.PrimaryKeyRelatedField):
    """An apprenticeship by id, among those the caller may add goals or checks to."""

    def __init__(self, perm, **kwargs):
        self.perm = perm
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Apprenticeship.objects.none()
        return Apprenticeship.objects.where_user_holds(request.user, self.perm).select_related(
            "unit"
        )


class GoalInApprenticeshipSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApprenticeshipGoal
        fields = ["id", "skill", "description", "target_level", "due_on", "reached_on"]
        read_only_fields = fields


class CheckInApprenticeshipSerializer(serializers.ModelSerializer):
    checked_by = serializers.SlugRelatedField(slug_field="employee_number", read_only=True)

    class Meta:
        model = ProgressCheck
        fields = ["id", "checked_on", "checked_by", "rating", "note", "meeting"]
        read_only_fields = fields


class ApprenticeshipSerializer(serializers.ModelSerializer):
    unit = ScopedSlugField(
        "people.add_apprenticeship",
        "people.change_apprenticeship",
        slug_field="code",
        queryset=Unit.objects.all(),
        help_text=_("Code of the union group."),
    )
    master = ScopedPersonField("apprenticeship", help_text=_("Employee number of the master."))
    apprentice = ScopedPersonField(
        "apprenticeship", help_text=_("Employee number of the apprentice.")
    )
    status_label = serializers.CharField(read_only=True)
    goals = GoalInApprenticeshipSerializer(many=True, read_only=True)
    checks = CheckInApprenticeshipSerializer(many=True, read_only=True)

    class Meta:
        model = Apprenticeship
        fields = [
            "id",
            "unit",
            "master",
            "apprentice",
            "started_on",
            "planned_end",
            "ended_on",
            "status",
            "status_label",
            "goal",
            "summary",
            "end_reason",
            "goals",
            "checks",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        read_only_fields = ["ended_on", "status", "end_reason", "is_illustrative"]
        # The one-active-apprenticeship rule is checked by the model's clean, which names
        # the master the apprentice already learns from.
        validators = []

    def validate(self, attrs):
        django_errors(candidate_of(self, attrs).clean)
        return attrs


class CloseRequestSerializer(serializers.Serializer):
    on = serializers.DateField(help_text=_("The day it ends (not in the future)."))
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_(
            "Why it ends early (required), or, on completing, why some goal was not reached."
        ),
    )


class ApprenticeshipViewSet(GexinViewSet):
    """Apprenticeships of the groups in the caller's scope, with their goals and checks."""

    queryset = Apprenticeship.objects.select_related("unit", "master", "apprentice")
    serializer_class = ApprenticeshipSerializer
    filterset_class = filtersets.ApprenticeshipFilterSet
    ordering_fields = ["started_on", "planned_end", "status", "id"]
    ordering = ["unit__path", "-started_on", "id"]

    def get_queryset(self):
        user = self.request.user
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("goals", queryset=ApprenticeshipGoal.objects.restrict(user, "view")),
                Prefetch(
                    "checks",
                    queryset=ProgressCheck.objects.restrict(user, "view").select_related(
                        "checked_by"
                    ),
                ),
            )
        )

    def move(self, request, completing):
        apprenticeship = self.get_object()
        if request.method == "GET":
            return Response(self.get_serializer(apprenticeship).data)
        if not self.get_queryset_for("change").filter(pk=apprenticeship.pk).exists():
            raise PermissionDenied
        data = CloseRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        work = apprenticeship.complete if completing else apprenticeship.end
        django_errors(
            lambda: work(on=data.validated_data["on"], reason=data.validated_data["reason"])
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=apprenticeship.pk)).data)

    @extend_schema(request=CloseRequestSerializer, responses=ApprenticeshipSerializer)
    @action(detail=True, methods=["get", "post"])
    def complete(self, request, pk=None, **kwargs):
        """GET shows the apprenticeship; POST completes it."""
        return self.move(request, completing=True)

    @extend_schema(request=CloseRequestSerializer, responses=ApprenticeshipSerializer)
    @action(detail=True, methods=["get", "post"])
    def end(self, request, pk=None, **kwargs):
        """GET shows the apprenticeship; POST ends it early."""
        return self.move(request, completing=False)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "through",
                datetime.date,
                description=_(
                    "Last day to include, at most ten years after the start; by default the end."
                ),
            )
        ],
        responses=OpenApiTypes.OBJECT,
    )
    @action(detail=True, methods=["get"])
    def figures(self, request, pk=None, **kwargs):
        """The apprentice's output, scrap and yield rate per month against the group's
        per head."""
        apprenticeship = self.get_object()
        through = None
        text = request.query_params.get("through")
        if text:
            try:
                through = datetime.date.fromisoformat(text)
            except ValueError:
                raise DRFValidationError({"through": [_("Give a date as YYYY-MM-DD.")]}) from None
            latest = mentoring.latest_through(apprenticeship)
            if through > latest:
                raise DRFValidationError(
                    {
                        "through": [
                            _(
                                "At most ten years after the apprenticeship started: through "
                                "%(day)s at the latest."
                            )
                            % {"day": latest.isoformat()}
                        ]
                    }
                )
        return Response(mentoring.figures(apprenticeship, through=through).as_dict())


class ApprenticeshipGoalSerializer(serializers.ModelSerializer):
    apprenticeship = ApprenticeshipField(
        "people.add_apprenticeshipgoal", help_text=_("Id of the apprenticeship.")
    )
    suggested_reached_on = serializers.SerializerMethodField()

    class Meta:
        model = ApprenticeshipGoal
        fields = [
            "id",
            "apprenticeship",
            "skill",
            "description",
            "target_level",
            "due_on",
            "reached_on",
            "suggested_reached_on",
            "created",
            "last_updated",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            from gexin.people.models.skills import Skill

            self.fields["skill"].queryset = Skill.objects.restrict(request.user, "view")

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_suggested_reached_on(self, goal):
        """The day the apprentice's recorded level reached the target, while not reached
        (annotated by the viewset's queryset)."""
        if goal.reached_on is not None:
            return None
        day = getattr(goal, "suggested_on", None)
        if day is None and not hasattr(goal, "suggested_on"):
            day = mentoring.suggested_reached_on(goal)
        return day.isoformat() if day else None

    def validate(self, attrs):
        if (
            self.instance is not None
            and attrs.get("apprenticeship", self.instance.apprenticeship)
            != self.instance.apprenticeship
        ):
            raise serializers.ValidationError(
                {"apprenticeship": [_("A goal stays with its apprenticeship.")]}
            )
        django_errors(candidate_of(self, attrs).clean)
        return attrs


class ProgressCheckSerializer(serializers.ModelSerializer):
    apprenticeship = ApprenticeshipField(
        "people.add_progresscheck", help_text=_("Id of the apprenticeship.")
    )
    checked_by = serializers.SlugRelatedField(
        slug_field="employee_number",
        queryset=Person.objects.all(),
        help_text=_("Employee number of who checked: of the group or a unit above it."),
    )
    meeting = serializers.PrimaryKeyRelatedField(
        queryset=Meeting.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the meeting of the group (or above) where it was reviewed."),
    )

    class Meta:
        model = ProgressCheck
        fields = [
            "id",
            "apprenticeship",
            "checked_on",
            "checked_by",
            "rating",
            "note",
            "meeting",
            "created",
            "last_updated",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            user = request.user
            self.fields["checked_by"].queryset = Person.objects.restrict(user, "view")
            self.fields["meeting"].queryset = Meeting.objects.restrict(user, "view")

    def validate(self, attrs):
        if (
            self.instance is not None
            and attrs.get("apprenticeship", self.instance.apprenticeship)
            != self.instance.apprenticeship
        ):
            raise serializers.ValidationError(
                {"apprenticeship": [_("A check stays with its apprenticeship.")]}
            )
        django_errors(candidate_of(self, attrs).clean)
        return attrs


class ApprenticeshipGoalViewSet(GexinViewSet):
    """The goals of the apprenticeships in the caller's scope."""

    queryset = ApprenticeshipGoal.objects.select_related(
        "apprenticeship__unit", "apprenticeship__apprentice", "skill"
    )
    serializer_class = ApprenticeshipGoalSerializer
    filterset_class = filtersets.ApprenticeshipGoalFilterSet
    ordering_fields = ["due_on", "reached_on", "id"]
    ordering = ["apprenticeship_id", "due_on", "id"]

    def get_queryset(self):
        return mentoring.with_suggested_reached_on(super().get_queryset())


class ProgressCheckViewSet(GexinViewSet):
    """The progress checks of the apprenticeships in the caller's scope."""

    queryset = ProgressCheck.objects.select_related(
        "apprenticeship__unit", "checked_by", "meeting__unit"
    )
    serializer_class = ProgressCheckSerializer
    filterset_class = filtersets.ProgressCheckFilterSet
    ordering_fields = ["checked_on", "id"]
    ordering = ["apprenticeship_id", "-checked_on", "-id"]
