"""REST API of the groups area (`/api/v1/`):

- `study-groups/`: groups by unit, kind, activity, leader or current member; a new
  group's leader becomes its first member (`leader_role` says as what);
- `study-group-members/`: memberships; `POST study-group-members/{id}/end/` with
  `{"on": "YYYY-MM-DD"}` ends one;
- `study-sessions/`: sessions with the members present (`attendees`, employee numbers)
  and the attendance rate;
- `solved-problems/`: problems a group solved, with their solvers and the proposal or
  key issue (ids) they answer;
- `demonstrations/`: demonstrations with their attendees and attendance count.

People are named by employee number and units by code; groups, proposals, key issues,
meetings and experiences by id, among those the caller may see (or change, for the
group a new part is added to).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from gexin.exchange.models import Experience
from gexin.innovation.models import KeyIssue
from gexin.meetings.models import Meeting, Proposal
from gexin.org.api import Conflict, GexinViewSet, ScopedSlugField, as_drf_error
from gexin.org.models import Person, Unit
from gexin.people import groups as services
from gexin.people.filtersets import groups as filtersets
from gexin.people.models.groups import (
    Demonstration,
    SolvedProblem,
    StudyGroup,
    StudyGroupMember,
    StudyGroupRole,
    StudySession,
)


class VisibleIdField(serializers.PrimaryKeyRelatedField):
    """An object by id among those on which the caller holds `perm` (any model's)."""

    def __init__(self, perm="", **kwargs):
        self.perm = perm
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        model = self.queryset.model
        if request is None:
            return model.objects.none()
        if self.perm:
            return model.objects.where_user_holds(request.user, self.perm)
        return model.objects.restrict(request.user, "view")


class VisiblePersonField(serializers.SlugRelatedField):
    """A person by employee number, among the people the caller may see."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "employee_number")
        kwargs.setdefault("queryset", Person.objects.all())
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Person.objects.none()
        return Person.objects.restrict(request.user, "view")


def group_field(model_name):
    return VisibleIdField(
        f"people.add_{model_name}",
        queryset=StudyGroup.objects.all(),
        help_text=_("Id of the group (one you may add to). Set when created."),
    )


def saved(save, *args):
    """Run a service's save, turning its refusal into a 400 answer."""
    try:
        return save(*args)
    except DjangoValidationError as error:
        raise as_drf_error(error) from None


class GroupPartSerializer(serializers.ModelSerializer):
    """A part of a group: its group is chosen when it is created and then stays."""

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and "group" in fields:
            fields["group"].read_only = True
        return fields


# Groups


class StudyGroupSerializer(serializers.ModelSerializer):
    unit = ScopedSlugField(
        "people.add_studygroup",
        "people.change_studygroup",
        slug_field="code",
        queryset=Unit.objects.all(),
        help_text=_("Code of the group's unit."),
    )
    leader = VisiblePersonField(help_text=_("Employee number of the leader, a current member."))
    leader_role = serializers.ChoiceField(
        choices=StudyGroupRole.choices,
        write_only=True,
        required=False,
        help_text=_("On creation: the leader's role in the group (default member)."),
    )
    kind_label = serializers.CharField(read_only=True)
    display = serializers.CharField(source="display_name", read_only=True)
    is_active = serializers.BooleanField(read_only=True)
    member_count = serializers.SerializerMethodField()

    class Meta:
        model = StudyGroup
        fields = [
            "id",
            "unit",
            "kind",
            "kind_label",
            "name",
            "name_zh",
            "display",
            "leader",
            "leader_role",
            "focus",
            "meets",
            "formed_on",
            "dissolved_on",
            "is_active",
            "member_count",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        read_only_fields = ["is_illustrative", "source"]

    def get_member_count(self, group) -> int:
        """Current members (annotated on lists)."""
        annotated = getattr(group, "member_count", None)
        if annotated is not None:
            return annotated
        return group.memberships.filter(left_on__isnull=True).count()

    def create(self, validated_data):
        role = validated_data.pop("leader_role", StudyGroupRole.MEMBER)
        return saved(services.save_group, StudyGroup(**validated_data), role)

    def update(self, instance, validated_data):
        validated_data.pop("leader_role", None)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return saved(services.save_group, instance)


class StudyGroupViewSet(GexinViewSet):
    """Mutual-aid, study and research groups of the units in the caller's scope."""

    queryset = StudyGroup.objects.select_related("unit", "leader").annotate(
        member_count=Count("memberships", filter=Q(memberships__left_on__isnull=True))
    )
    serializer_class = StudyGroupSerializer
    filterset_class = filtersets.StudyGroupFilterSet
    ordering_fields = ["name", "formed_on", "dissolved_on", "member_count", "id"]
    ordering = ["unit__path", "kind", "name", "id"]

    def perform_destroy(self, group):
        if group.sessions.exists() or group.solved_problems.exists():
            raise Conflict(
                _("The group has sessions or solved problems on record: dissolve it instead.")
            )
        super().perform_destroy(group)


# Memberships


class StudyGroupMemberSerializer(GroupPartSerializer):
    group = group_field("studygroupmember")
    person = VisiblePersonField(help_text=_("Employee number. Set when created."))
    role_label = serializers.CharField(read_only=True)
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = StudyGroupMember
        fields = [
            "id",
            "group",
            "person",
            "role",
            "role_label",
            "joined_on",
            "left_on",
            "is_current",
            "created",
            "last_updated",
        ]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["person"].read_only = True
        return fields

    def create(self, validated_data):
        return saved(services.save_member, StudyGroupMember(**validated_data))

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return saved(services.save_member, instance)


class EndMembershipSerializer(serializers.Serializer):
    on = serializers.DateField(help_text=_("The first day the person is no longer a member."))


class StudyGroupMemberViewSet(GexinViewSet):
    """Memberships of the groups in the caller's scope."""

    queryset = StudyGroupMember.objects.select_related("group__unit", "person")
    serializer_class = StudyGroupMemberSerializer
    filterset_class = filtersets.StudyGroupMemberFilterSet
    ordering_fields = ["joined_on", "left_on", "id"]
    ordering = ["group", "joined_on", "id"]

    @extend_schema(request=EndMembershipSerializer, responses=StudyGroupMemberSerializer)
    @action(detail=True, methods=["get", "post"])
    def end(self, request, pk=None, **kwargs):
        """GET shows the membership; POST ends it on the day given."""
        member = get_object_or_404(self.get_queryset(), pk=pk)
        if request.method == "GET":
            return Response(self.get_serializer(member).data)
        if not self.get_queryset_for("change").filter(pk=member.pk).exists():
            raise PermissionDenied
        data = EndMembershipSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        member = saved(services.end_membership, member, data.validated_data["on"])
        return Response(self.get_serializer(member).data)

    def perform_destroy(self, member):
        try:
            services.delete_member(member)
        except DjangoValidationError as error:
            raise Conflict(" ".join(error.messages)) from None


# Sessions


class StudySessionSerializer(GroupPartSerializer):
    group = group_field("studysession")
    attendees = VisiblePersonField(
        many=True, required=False, help_text=_("Employee numbers of the members present.")
    )
    attendance = serializers.SerializerMethodField()

    class Meta:
        model = StudySession
        fields = [
            "id",
            "group",
            "held_on",
            "topic",
            "notes",
            "attendees",
            "attendance",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        read_only_fields = ["is_illustrative", "source"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_attendance(self, session):
        """Members present, members on that day, and the rate in whole per cent."""
        present, expected, rate = services.attendance(
            session, list(session.group.memberships.all())
        )
        return {"present": present, "members": expected, "rate": rate}

    def create(self, validated_data):
        attendees = validated_data.pop("attendees", [])
        return saved(services.save_session, StudySession(**validated_data), attendees)

    def update(self, instance, validated_data):
        attendees = validated_data.pop("attendees", None)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        if attendees is None:
            attendees = list(instance.attendees.all())
        return saved(services.save_session, instance, attendees)


class StudySessionViewSet(GexinViewSet):
    """Sessions of the groups in the caller's scope, with their attendance."""

    queryset = StudySession.objects.select_related("group__unit").prefetch_related(
        "attendees", "group__memberships"
    )
    serializer_class = StudySessionSerializer
    filterset_class = filtersets.StudySessionFilterSet
    ordering_fields = ["held_on", "id"]
    ordering = ["-held_on", "-id"]


# Solved problems


class SolvedProblemSerializer(GroupPartSerializer):
    group = group_field("solvedproblem")
    proposal = VisibleIdField(
        queryset=Proposal.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of a proposal of the group's unit, above or below it."),
    )
    key_issue = VisibleIdField(
        queryset=KeyIssue.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of a key issue of the group's unit, above or below it."),
    )
    solved_by = VisiblePersonField(
        many=True, required=False, help_text=_("Employee numbers of the members who solved it.")
    )

    class Meta:
        model = SolvedProblem
        fields = [
            "id",
            "group",
            "title",
            "description",
            "solved_on",
            "result",
            "solved_by",
            "proposal",
            "key_issue",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        read_only_fields = ["is_illustrative", "source"]

    def create(self, validated_data):
        solvers = validated_data.pop("solved_by", [])
        return saved(services.save_solved_problem, SolvedProblem(**validated_data), solvers)

    def update(self, instance, validated_data):
        solvers = validated_data.pop("solved_by", None)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        if solvers is None:
            solvers = list(instance.solved_by.all())
        return saved(services.save_solved_problem, instance, solvers)


class SolvedProblemViewSet(GexinViewSet):
    """Problems solved by the groups in the caller's scope."""

    queryset = SolvedProblem.objects.select_related("group__unit").prefetch_related("solved_by")
    serializer_class = SolvedProblemSerializer
    filterset_class = filtersets.SolvedProblemFilterSet
    ordering_fields = ["solved_on", "title", "id"]
    ordering = ["-solved_on", "-id"]


# Demonstrations


class DemonstrationSerializer(serializers.ModelSerializer):
    unit = ScopedSlugField(
        "people.add_demonstration",
        "people.change_demonstration",
        slug_field="code",
        queryset=Unit.objects.all(),
        help_text=_("Code of the unit whose people watched."),
    )
    demonstrator = VisiblePersonField(help_text=_("Employee number of the demonstrator."))
    meeting = VisibleIdField(
        queryset=Meeting.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the meeting it was given at (of the unit, above or below it)."),
    )
    experience = VisibleIdField(
        queryset=Experience.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the advanced experience written up from it."),
    )
    attendees = VisiblePersonField(
        many=True,
        required=False,
        help_text=_("Employee numbers of the people of the unit who watched."),
    )
    attendee_count = serializers.SerializerMethodField()

    class Meta:
        model = Demonstration
        fields = [
            "id",
            "unit",
            "demonstrator",
            "held_on",
            "topic",
            "method",
            "place",
            "meeting",
            "experience",
            "attendees",
            "attendee_count",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        read_only_fields = ["is_illustrative", "source"]

    def get_attendee_count(self, demonstration) -> int:
        return len(demonstration.attendees.all())

    def create(self, validated_data):
        attendees = validated_data.pop("attendees", [])
        return saved(services.save_demonstration, Demonstration(**validated_data), attendees)

    def update(self, instance, validated_data):
        attendees = validated_data.pop("attendees", None)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        if attendees is None:
            attendees = list(instance.attendees.all())
        return saved(services.save_demonstration, instance, attendees)


class DemonstrationViewSet(GexinViewSet):
    """Demonstrations by advanced workers in the units of the caller's scope."""

    queryset = Demonstration.objects.select_related("unit", "demonstrator").prefetch_related(
        "attendees"
    )
    serializer_class = DemonstrationSerializer
    filterset_class = filtersets.DemonstrationFilterSet
    ordering_fields = ["held_on", "topic", "id"]
    ordering = ["-held_on", "-id"]
