"""REST API for campaigns, problems, key issues, fortress solutions and research teams.

Key issues move on only through their actions (`attack`, `solve`, `verify`), which call
the model's workflow methods; problems are supported and merged through `support` and
`merge`. GET on an action shows the object, POST performs the step.
`GET campaigns/{id}/summary/` gives the campaign's figures.
"""

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from gexin.innovation import dashboard, services
from gexin.innovation.choices import AttackMethod
from gexin.innovation.filtersets import campaigns as filtersets
from gexin.innovation.models import (
    Campaign,
    KeyIssue,
    Problem,
    ProblemComment,
    ProposedSolution,
    ResearchTeam,
)
from gexin.meetings.api import ScopedIdField, person_field
from gexin.meetings.models import Proposal
from gexin.org.api import GexinViewSet, ScopedSlugField, as_drf_error
from gexin.org.backends import own_person
from gexin.org.models import Unit


def unit_field(app_model, **kwargs):
    return ScopedSlugField(
        f"innovation.add_{app_model}",
        f"innovation.change_{app_model}",
        slug_field="code",
        queryset=Unit.objects.all(),
        **kwargs,
    )


def campaign_field():
    return ScopedIdField(
        queryset=Campaign.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the campaign; empty for the unit's standing work."),
    )


def in_future(day):
    return day is not None and day > datetime.date.today()


def check_campaign_covers(campaign, unit):
    """A campaign's work lies within its unit's subtree (as the forms check)."""
    if campaign and unit and not unit.path.startswith(campaign.unit.path):
        raise serializers.ValidationError(
            {"campaign": [_("The unit is outside the campaign's unit.")]}
        )


class CampaignSerializer(serializers.ModelSerializer):
    unit = unit_field("campaign", help_text=_("Code of the unit the campaign covers."))

    class Meta:
        model = Campaign
        fields = [
            "id",
            "unit",
            "title",
            "goal",
            "starts_on",
            "ends_on",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        read_only_fields = ["is_illustrative", "source"]

    def validate(self, attrs):
        start = attrs.get("starts_on", getattr(self.instance, "starts_on", None))
        end = attrs.get("ends_on", getattr(self.instance, "ends_on", None))
        if start and end and end < start:
            raise serializers.ValidationError(
                {"ends_on": [_("A campaign cannot end before it starts.")]}
            )
        return attrs


class ByCountSerializer(serializers.Serializer):
    key_issues = serializers.IntegerField()
    solved = serializers.IntegerField()


class SummarySerializer(serializers.Serializer):
    problems = serializers.IntegerField()
    key_issues = serializers.IntegerField()
    solved = serializers.IntegerField()
    verified = serializers.IntegerField()
    rules_revised = serializers.IntegerField()
    overdue = serializers.IntegerField()
    by_method = serializers.DictField(child=ByCountSerializer())
    by_team = serializers.DictField(child=ByCountSerializer())
    by_unit = serializers.DictField(child=serializers.DictField())


class InnovationViewSet(GexinViewSet):
    def object_in_view(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def step(self, request, right, form, run, serializer_class):
        """GET: the object; POST: the step, for those holding `right` on it."""
        obj = self.object_in_view()
        if request.method == "POST":
            if right and not self.get_queryset_for(right).filter(pk=obj.pk).exists():
                raise PermissionDenied
            data = form(data=request.data, context=self.get_serializer_context())
            data.is_valid(raise_exception=True)
            try:
                with transaction.atomic():
                    obj = run(obj, data.validated_data) or obj
            except DjangoValidationError as error:
                raise as_drf_error(error) from None
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(serializer_class(fresh, context=self.get_serializer_context()).data)


class CampaignViewSet(InnovationViewSet):
    queryset = Campaign.objects.select_related("unit")
    serializer_class = CampaignSerializer
    filterset_class = filtersets.CampaignFilterSet
    ordering_fields = ["starts_on", "ends_on", "id"]
    ordering = ["-starts_on", "-id"]

    @extend_schema(responses=SummarySerializer)
    @action(detail=True, methods=["get"])
    def summary(self, request, pk=None, format=None):
        """The campaign's figures: problems, key issues, solved, verified, rules revised,
        by method, team and unit, and overdue key issues (`?as_of=YYYY-MM-DD`)."""
        campaign = self.object_in_view()
        as_of = (
            serializers.DateField(required=False, allow_null=True).to_internal_value(
                request.query_params["as_of"]
            )
            if request.query_params.get("as_of")
            else None
        )
        # A campaign that has ended is judged on its last day: what was overdue then.
        today = min(datetime.date.today(), campaign.ends_on)
        summary = dashboard.summary(campaign, as_of=as_of, today=today)
        return Response(SummarySerializer(summary).data)


class ProblemSerializer(serializers.ModelSerializer):
    unit = unit_field("problem", help_text=_("Code of the unit where the problem is."))
    campaign = campaign_field()
    authors = person_field(
        many=True,
        required=False,
        help_text=_("Person ids of those who sign it; the caller when left out."),
    )
    supporters = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = Problem
        fields = [
            "id",
            "campaign",
            "unit",
            "title",
            "description",
            "category",
            "authors",
            "supporters",
            "posted_on",
            "status",
            "merged_into",
            "attachments",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        read_only_fields = ["status", "merged_into", "is_illustrative", "source"]

    def get_attachments(self, problem) -> list[str]:
        request = self.context.get("request")
        urls = [a.get_absolute_url() for a in problem.attachments.all()]
        return [request.build_absolute_uri(url) for url in urls] if request else urls

    def validate(self, attrs):
        if in_future(attrs.get("posted_on")):
            raise serializers.ValidationError(
                {"posted_on": [_("A problem cannot be posted in the future.")]}
            )
        if self.instance is None and not attrs.get("authors"):
            person = own_person(self.context["request"].user)
            if person is None:
                raise serializers.ValidationError(
                    {"authors": [_("A problem is signed: name who signs it.")]}
                )
            attrs["authors"] = [person]
        check_campaign_covers(
            attrs.get("campaign", getattr(self.instance, "campaign", None)),
            attrs.get("unit", getattr(self.instance, "unit", None)),
        )
        if self.instance is not None and self.instance.is_merged:
            raise serializers.ValidationError(_("A merged problem cannot be edited."))
        return attrs

    def create(self, validated_data):
        validated_data["posted_by"] = self.context["request"].user
        return super().create(validated_data)

    def update(self, instance, validated_data):
        # Those who signed a problem stay its signatories; others support it.
        validated_data.pop("authors", None)
        return super().update(instance, validated_data)


class MergeSerializer(serializers.Serializer):
    into = ScopedIdField("change", queryset=Problem.objects.all(), help_text=_("Problem id."))
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ProblemViewSet(InnovationViewSet):
    queryset = Problem.objects.select_related("unit", "campaign").prefetch_related(
        "authors", "supporters", "attachments"
    )
    serializer_class = ProblemSerializer
    filterset_class = filtersets.ProblemFilterSet
    ordering_fields = ["posted_on", "id"]
    ordering = ["-posted_on", "-id"]

    @extend_schema(request=None, responses=ProblemSerializer)
    @action(detail=True, methods=["get", "post"])
    def support(self, request, pk=None, format=None):
        """POST: add the caller's support, or take it back if already given."""

        def run(problem, data):
            person = own_person(request.user)
            if person is None:
                raise DjangoValidationError(_("Your account is not linked to a person."))
            problem.toggle_support(person)

        return self.step(request, None, serializers.Serializer, run, ProblemSerializer)

    @extend_schema(request=MergeSerializer, responses=ProblemSerializer)
    @action(detail=True, methods=["get", "post"])
    def merge(self, request, pk=None, format=None):
        """POST: merge this duplicate into `into`, which keeps every author and supporter."""

        def run(problem, data):
            problem.merge_into(data["into"], request.user, data["note"])
            return data["into"]

        return self.step(request, "change", MergeSerializer, run, ProblemSerializer)


class ProblemCommentSerializer(serializers.ModelSerializer):
    problem = ScopedIdField(queryset=Problem.objects.all(), help_text=_("Problem id."))
    author = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = ProblemComment
        fields = ["id", "problem", "author", "text", "created", "last_updated"]

    def validate(self, attrs):
        problem = attrs.get("problem", getattr(self.instance, "problem", None))
        if problem is not None and problem.is_merged:
            raise serializers.ValidationError(
                {"problem": [_("This problem was merged into another; comment there.")]}
            )
        if self.instance is None:
            person = own_person(self.context["request"].user)
            if person is None:
                raise serializers.ValidationError(_("Your account is not linked to a person."))
            attrs["author"] = person
        return attrs


class ProblemCommentViewSet(InnovationViewSet):
    """Comments under problems. Anyone who sees a problem may comment on it; a comment
    is changed by its author's unit leaders and deleted by the unit's management."""

    queryset = ProblemComment.objects.select_related("problem", "author")
    serializer_class = ProblemCommentSerializer
    ordering = ["id"]

    def check_still_in_scope(self, obj, action):
        # A comment is allowed wherever its problem can be seen (a poster wall).
        if action == "add":
            return
        super().check_still_in_scope(obj, action)


class KeyIssueSerializer(serializers.ModelSerializer):
    unit = unit_field("keyissue", help_text=_("Code of the unit where the key issue is."))
    campaign = campaign_field()
    owner_unit = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Unit.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Code of the office, workshop or group that owns it."),
    )
    owner_team = ScopedIdField(queryset=ResearchTeam.objects.all(), required=False, allow_null=True)
    problems = ScopedIdField(queryset=Problem.objects.all(), many=True, required=False)
    proposals = ScopedIdField(queryset=Proposal.objects.all(), many=True, required=False)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = KeyIssue
        fields = [
            "id",
            "campaign",
            "unit",
            "title",
            "description",
            "problems",
            "ranked_on",
            "priority",
            "method",
            "owner_unit",
            "owner_team",
            "due_on",
            "is_fortress",
            "status",
            "solution",
            "solved_on",
            "verified_on",
            "verification_note",
            "proposals",
            "is_overdue",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        read_only_fields = [
            "status",
            "solution",
            "solved_on",
            "verified_on",
            "verification_note",
            "is_illustrative",
            "source",
        ]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["owner_unit"].queryset = Unit.objects.restrict(request.user, "view")
        return fields

    def validate(self, attrs):
        def value(name):
            return attrs.get(name, getattr(self.instance, name, None))

        method = value("method") or AttackMethod.UNIT
        if method == AttackMethod.COMMITTEE and value("owner_team"):
            raise serializers.ValidationError(
                {"owner_team": [_("A key issue the technical committee takes has no team owner.")]}
            )
        if method == AttackMethod.RESEARCH and not value("owner_team"):
            raise serializers.ValidationError(
                {"owner_team": [_("Name the team that carries out the technical research.")]}
            )
        if method in (AttackMethod.UNIT, AttackMethod.GROUP) and not value("owner_unit"):
            raise serializers.ValidationError(
                {"owner_unit": [_("Name the office, workshop or group that owns it.")]}
            )
        if method == AttackMethod.FORTRESS:
            attrs["is_fortress"] = True
        campaign = value("campaign")
        check_campaign_covers(campaign, value("unit"))
        ranked_on, due_on = value("ranked_on"), value("due_on")
        if ranked_on and due_on and due_on < ranked_on:
            raise serializers.ValidationError(
                {"due_on": [_("A key issue cannot be due before it is ranked.")]}
            )
        for problem in attrs.get("problems") or []:
            if problem.campaign_id != (campaign.pk if campaign else None):
                raise serializers.ValidationError(
                    {
                        "problems": [
                            _("Problem %(number)s belongs to another campaign.")
                            % {"number": problem.pk}
                        ]
                    }
                )
        if in_future(attrs.get("ranked_on")):
            raise serializers.ValidationError(
                {"ranked_on": [_("A key issue cannot be ranked in the future.")]}
            )
        for problem in attrs.get("problems") or []:
            if problem.is_merged:
                raise serializers.ValidationError(
                    {
                        "problems": [
                            _("A merged problem cannot be ranked; rank the one it went into.")
                        ]
                    }
                )
        return attrs

    def create(self, validated_data):
        problems = validated_data.pop("problems", [])
        key_issue = super().create(validated_data)
        services.rank(key_issue, problems)
        return key_issue

    def update(self, instance, validated_data):
        problems = validated_data.pop("problems", None)
        key_issue = super().update(instance, validated_data)
        if problems is not None:
            services.rank(key_issue, problems)
        return key_issue


class SolveSerializer(serializers.Serializer):
    solution = serializers.CharField()
    solved_on = serializers.DateField(required=False, allow_null=True)


class VerifySerializer(serializers.Serializer):
    passed = serializers.BooleanField(help_text=_("True: verified; false: reopened."))
    note = serializers.CharField(required=False, allow_blank=True, default="")
    checked_on = serializers.DateField(required=False, allow_null=True)


class KeyIssueViewSet(InnovationViewSet):
    """Key issues in the caller's scope, and the technical fortresses of their plant."""

    queryset = KeyIssue.objects.select_related(
        "unit", "campaign", "owner_unit", "owner_team"
    ).prefetch_related("problems", "proposals")
    serializer_class = KeyIssueSerializer
    filterset_class = filtersets.KeyIssueFilterSet
    ordering_fields = ["priority", "due_on", "ranked_on", "id"]
    ordering = ["priority", "due_on", "id"]

    @extend_schema(request=None, responses=KeyIssueSerializer)
    @action(detail=True, methods=["get", "post"])
    def attack(self, request, pk=None, format=None):
        """POST: someone has taken it on (open or reopened → under attack)."""
        return self.step(
            request,
            "change",
            serializers.Serializer,
            lambda key_issue, data: key_issue.start_attack(),
            KeyIssueSerializer,
        )

    @extend_schema(request=SolveSerializer, responses=KeyIssueSerializer)
    @action(detail=True, methods=["get", "post"])
    def solve(self, request, pk=None, format=None):
        """POST: record how it was solved."""
        return self.step(
            request,
            "change",
            SolveSerializer,
            lambda key_issue, data: key_issue.solve(data["solution"], data.get("solved_on")),
            KeyIssueSerializer,
        )

    @extend_schema(request=VerifySerializer, responses=KeyIssueSerializer)
    @action(detail=True, methods=["get", "post"])
    def verify(self, request, pk=None, format=None):
        """POST: the check of the solution: verified when it holds, reopened when not."""
        return self.step(
            request,
            "change",
            VerifySerializer,
            lambda key_issue, data: key_issue.verify(
                data["passed"], data["note"], data.get("checked_on")
            ),
            KeyIssueSerializer,
        )


class ProposedSolutionSerializer(serializers.ModelSerializer):
    key_issue = ScopedIdField(queryset=KeyIssue.objects.all(), help_text=_("Key issue id."))
    author = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = ProposedSolution
        fields = ["id", "key_issue", "author", "text", "created", "last_updated"]

    def validate(self, attrs):
        key_issue = attrs.get("key_issue", getattr(self.instance, "key_issue", None))
        if key_issue is not None and (not key_issue.is_fortress or key_issue.is_solved):
            raise serializers.ValidationError(
                {"key_issue": [_("Solutions are posted to open technical fortresses.")]}
            )
        if self.instance is None:
            person = own_person(self.context["request"].user)
            if person is None:
                raise serializers.ValidationError(_("Your account is not linked to a person."))
            attrs["author"] = person
        return attrs


class ProposedSolutionViewSet(InnovationViewSet):
    """Solutions proposed to technical fortresses by anyone who can see them."""

    queryset = ProposedSolution.objects.select_related("key_issue", "author")
    serializer_class = ProposedSolutionSerializer
    ordering = ["id"]

    def get_queryset_for(self, action):
        if action == "view":
            visible = KeyIssue.objects.restrict(self.request.user, "view").values("pk")
            return self.queryset.filter(key_issue__in=visible)
        return super().get_queryset_for(action)

    def check_still_in_scope(self, obj, action):
        if action == "add":
            return  # posted to a fortress the caller can see: checked by the serializer
        super().check_still_in_scope(obj, action)


class ResearchTeamSerializer(serializers.ModelSerializer):
    unit = unit_field("researchteam", help_text=_("Code of the team's unit."))
    campaign = campaign_field()
    leader = person_field(required=False, allow_null=True)
    members = person_field(many=True, required=False)
    key_issues_taken = serializers.IntegerField(source="taken", read_only=True, default=0)
    key_issues_solved = serializers.IntegerField(source="solved", read_only=True, default=0)

    class Meta:
        model = ResearchTeam
        fields = [
            "id",
            "campaign",
            "unit",
            "name",
            "kind",
            "leader",
            "members",
            "formed_on",
            "note",
            "key_issues_taken",
            "key_issues_solved",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        read_only_fields = ["is_illustrative", "source"]

    def validate(self, attrs):
        check_campaign_covers(
            attrs.get("campaign", getattr(self.instance, "campaign", None)),
            attrs.get("unit", getattr(self.instance, "unit", None)),
        )
        return attrs


class ResearchTeamViewSet(InnovationViewSet):
    queryset = filtersets.with_counts(
        ResearchTeam.objects.select_related("unit", "leader").prefetch_related("members")
    )
    serializer_class = ResearchTeamSerializer
    filterset_class = filtersets.ResearchTeamFilterSet
    ordering_fields = ["name", "id"]
    ordering = ["id"]
