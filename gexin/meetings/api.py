"""REST API for meetings, their agenda and minutes, action items and proposals (`/api/v1/`).

Meetings and proposals move on only through their actions (`publish`, `held`,
`sign-off`, `cancel`; `dispose`, `implement`, `measure`, `award`), which call the
model's workflow methods; their status fields are read-only. As with plan adoption,
GET on an action shows the object and POST performs the step.
"""

import datetime
from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from gexin.core.audit import audit_reason
from gexin.core.permissions import is_path_in_scope
from gexin.meetings import filtersets, services, signals
from gexin.meetings.choices import DispositionKind, ProposalStatus
from gexin.meetings.models import (
    FIGURE,
    MONEY,
    ActionItem,
    AgendaItem,
    Attendance,
    Disposition,
    Meeting,
    MeetingPart,
    MinuteEntry,
    Proposal,
    ProposalDeadline,
)
from gexin.org.api import GexinViewSet, ScopedSlugField, as_drf_error
from gexin.org.models import Person, Unit
from gexin.plans.api import FulfilmentLineSerializer
from gexin.plans.models import Plan, Pledge, Record

REASON_HEADER = "X-Change-Reason"

# The same text as the forms' (gexin.meetings.forms), so it is translated once.
REASON_REQUIRED = _(
    "These minutes are signed off: give the reason for the change. It is kept in the "
    "history with your name."
)
SET_ON_SUBMISSION = _("Set when the proposal is submitted; it cannot be changed.")


def change_needs_reason(obj, deleting=False):
    """True when changing or deleting `obj` changes signed-off minutes.

    The minutes are the meeting itself and what belongs to it: agenda items,
    attendance, minutes entries and the action items raised at it. Once the chair
    has signed them off, every change must say why (the history keeps the reason).
    A new part of a signed-off meeting counts as a change of its minutes too.
    """
    if isinstance(obj, Meeting):
        return obj.is_signed_off
    if isinstance(obj, ActionItem):
        # Working on an action item (its status, its outcome) is follow-up, not a change
        # of the minutes; deleting one that signed-off minutes decided is.
        return deleting and obj.meeting_id is not None and obj.meeting.is_signed_off
    if isinstance(obj, MeetingPart) and obj.meeting_id is not None:
        return obj.meeting.is_signed_off
    return False


def header_text(value):
    """A header's text: HTTP headers arrive as Latin-1, so UTF-8 sent in them is recovered."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


class ScopedIdField(serializers.PrimaryKeyRelatedField):
    """An object by id, among those on which the caller holds `scope_action`.

    Others do not exist for the caller: naming one answers "does not exist".
    """

    def __init__(self, scope_action="view", **kwargs):
        self.scope_action = scope_action
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        model = self.queryset.model
        if request is None:
            return model.objects.none()
        return model.objects.restrict(request.user, self.scope_action)


def person_field(**kwargs):
    """A person by id, among the people the caller may see."""
    return ScopedIdField(queryset=Person.objects.all(), **kwargs)


def meeting_field(action="change", **kwargs):
    """A meeting by id; by default among those the caller may change."""
    kwargs.setdefault("help_text", _("Id of the meeting (one you may change)."))
    return ScopedIdField(action, queryset=Meeting.objects.all(), **kwargs)


def check_year(day, name):
    if day is not None and not 1900 <= day.year <= 2199:
        raise serializers.ValidationError({name: [_("Give a date between 1900 and 2199.")]})


class ReasonSerializer(serializers.ModelSerializer):
    """A serializer that also takes the reason for changing signed-off minutes.

    The reason is read by the viewset (from the body or the X-Change-Reason header)
    and recorded in the history; it is no field of the model.
    """

    reason_field = "reason"

    def get_fields(self):
        fields = super().get_fields()
        fields[self.reason_field] = serializers.CharField(
            write_only=True,
            required=False,
            allow_blank=True,
            max_length=500,
            help_text=_(
                "Why signed-off minutes are changed; required once the meeting is signed "
                "off. May be sent as the X-Change-Reason header instead."
            ),
        )
        return fields

    def to_internal_value(self, data):
        attrs = super().to_internal_value(data)
        attrs.pop(self.reason_field, None)
        return attrs


class AgendaItemInlineSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["id", "position", "title", "notes", "presenter", "outcome"]
        read_only_fields = fields


class MeetingSerializer(ReasonSerializer):
    unit = ScopedSlugField(
        "meetings.add_meeting",
        "meetings.change_meeting",
        slug_field="code",
        queryset=Unit.objects.all(),
        help_text=_("Code of the unit holding the meeting."),
    )
    unit_id = serializers.IntegerField(read_only=True)
    chair = person_field(
        required=False,
        allow_null=True,
        help_text=_("Person id of the chair, who signs off the minutes."),
    )
    invitees = person_field(
        many=True,
        required=False,
        help_text=_("Person ids of people invited besides the unit's own members."),
    )
    guest_units = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Unit.objects.all(),
        many=True,
        required=False,
        help_text=_("Codes of other units taking part, e.g. at an exchange conference."),
    )
    signed_off_by = serializers.CharField(
        source="signed_off_by.username", read_only=True, allow_null=True
    )
    agenda_items = AgendaItemInlineSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "unit",
            "unit_id",
            "kind",
            "title",
            "scheduled_at",
            "place",
            "chair",
            "invitees",
            "guest_units",
            "status",
            "agenda_published_at",
            "summary",
            "signed_off_at",
            "signed_off_by",
            "agenda_items",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        # The workflow moves a meeting on: POST …/publish/, …/held/, …/sign-off/, …/cancel/.
        read_only_fields = ["status", "agenda_published_at", "signed_off_at"]

    def validate(self, attrs):
        when = attrs.get("scheduled_at")
        check_year(when.date() if when else None, "scheduled_at")
        return attrs


class AgendaItemSerializer(ReasonSerializer):
    meeting = meeting_field()
    presenter = person_field(required=False, allow_null=True)

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "meeting",
            "position",
            "title",
            "notes",
            "presenter",
            "outcome",
            "created",
            "last_updated",
        ]


class AttendanceSerializer(ReasonSerializer):
    # `reason` is the reason for an absence here, so the change reason has its own name.
    reason_field = "change_reason"

    meeting = meeting_field()
    person = person_field()

    class Meta:
        model = Attendance
        fields = ["id", "meeting", "person", "status", "reason", "created", "last_updated"]

    def validate(self, attrs):
        probe = Attendance(
            status=attrs.get("status", getattr(self.instance, "status", None)),
            reason=attrs.get("reason", getattr(self.instance, "reason", "")),
        )
        try:
            probe.clean()
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return attrs


class MinuteEntrySerializer(ReasonSerializer):
    meeting = meeting_field()
    agenda_item = ScopedIdField(queryset=AgendaItem.objects.all(), required=False, allow_null=True)
    person = person_field(
        required=False,
        allow_null=True,
        help_text=_("Person id of who is praised or criticised, or who spoke."),
    )

    class Meta:
        model = MinuteEntry
        fields = [
            "id",
            "meeting",
            "agenda_item",
            "kind",
            "text",
            "person",
            "is_typical",
            "created",
            "last_updated",
        ]

    def validate(self, attrs):
        meeting = attrs.get("meeting", getattr(self.instance, "meeting", None))
        item = attrs.get("agenda_item", getattr(self.instance, "agenda_item", None))
        if item is not None and meeting is not None and item.meeting_id != meeting.pk:
            raise serializers.ValidationError(
                {"agenda_item": [_("The agenda item belongs to another meeting.")]}
            )
        return attrs


class ActionItemSerializer(ReasonSerializer):
    unit = ScopedSlugField(
        "meetings.add_actionitem",
        "meetings.change_actionitem",
        slug_field="code",
        queryset=Unit.objects.all(),
        required=False,
        help_text=_("Code of the unit; the meeting's unit when left out."),
    )
    unit_id = serializers.IntegerField(read_only=True)
    meeting = meeting_field(
        required=False,
        allow_null=True,
        help_text=_("Id of the meeting it was raised at (one you may change), if any."),
    )
    owner = person_field(required=False, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "unit",
            "unit_id",
            "meeting",
            "text",
            "owner",
            "due_on",
            "status",
            "closed_on",
            "outcome",
            "is_overdue",
            "created",
            "last_updated",
        ]

    def validate(self, attrs):
        if self.instance is None and attrs.get("unit") is None:
            meeting = attrs.get("meeting")
            if meeting is None:
                raise serializers.ValidationError(
                    {"unit": [self.fields["unit"].error_messages["required"]]}
                )
            attrs["unit"] = meeting.unit
        check_year(attrs.get("due_on"), "due_on")
        return attrs


class DispositionSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    # A plain string here: the choices are documented once, on the dispose action's input.
    kind = serializers.CharField(read_only=True, help_text=_("solved, escalated or not_adopted."))
    to_unit = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    decided_by = serializers.CharField(
        source="decided_by.username", read_only=True, allow_null=True
    )
    is_on_time = serializers.BooleanField(read_only=True)

    class Meta:
        model = Disposition
        fields = [
            "id",
            "unit",
            "kind",
            "to_unit",
            "note",
            "decided_on",
            "due_on",
            "is_on_time",
            "decided_by",
        ]
        read_only_fields = fields


class ProposalSerializer(serializers.ModelSerializer):
    unit = ScopedSlugField(
        "meetings.add_proposal",
        "meetings.change_proposal",
        slug_field="code",
        queryset=Unit.objects.all(),
        required=False,
        help_text=_(
            "Code of the unit the proposal comes from; the caller's own unit when left out. "
            "Set on submission."
        ),
    )
    unit_id = serializers.IntegerField(read_only=True)
    holder = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        help_text=_("Code of the unit that owes the disposition or carries the proposal out."),
    )
    holder_id = serializers.IntegerField(read_only=True)
    authors = person_field(
        many=True,
        allow_empty=False,
        help_text=_("Person ids of the authors (at least one)."),
    )
    meeting = meeting_field(
        "view",
        required=False,
        allow_null=True,
        help_text=_("Id of the meeting it was raised at, if any."),
    )
    submitted_by = serializers.CharField(
        source="submitted_by.username", read_only=True, allow_null=True
    )
    submitted_on = serializers.DateField(
        required=False, help_text=_("Default today. Set on submission.")
    )
    is_overdue = serializers.BooleanField(read_only=True)
    dispositions = DispositionSerializer(many=True, read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "kind",
            "title",
            "problem",
            "suggestion",
            "expected_benefit",
            "expected_value",
            "expected_unit",
            "authors",
            "unit",
            "unit_id",
            "holder",
            "holder_id",
            "meeting",
            "submitted_by",
            "submitted_on",
            "status",
            "due_on",
            "is_overdue",
            "dispositions",
            "implemented_on",
            "implementation_note",
            "benefit_before",
            "benefit_after",
            "benefit_unit",
            "annual_saving",
            "measured_on",
            "benefit_note",
            "award",
            "award_amount",
            "awarded_on",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        # Everything from the disposition on is written by the workflow actions.
        read_only_fields = [
            "status",
            "due_on",
            "implemented_on",
            "implementation_note",
            "benefit_before",
            "benefit_after",
            "benefit_unit",
            "annual_saving",
            "measured_on",
            "benefit_note",
            "award",
            "award_amount",
            "awarded_on",
        ]

    def validate(self, attrs):
        proposal = self.instance
        if proposal is not None:
            if not proposal.is_awaiting:
                raise serializers.ValidationError(
                    _("A proposal can be changed only while it awaits its disposition.")
                )
            # The unit and the day start the deadline the holder is measured against.
            for name, current in (("unit", proposal.unit), ("submitted_on", proposal.submitted_on)):
                if name in attrs and attrs[name] != current:
                    raise serializers.ValidationError({name: [SET_ON_SUBMISSION]})
        else:
            if attrs.get("unit") is None:
                user = self.context["request"].user
                person = Person.objects.filter(user=user).select_related("unit").first()
                if person is None:
                    raise serializers.ValidationError(
                        {"unit": [self.fields["unit"].error_messages["required"]]}
                    )
                attrs["unit"] = person.unit
            day = attrs.get("submitted_on")
            if day is not None:
                if day > timezone.localdate():
                    raise serializers.ValidationError(
                        {"submitted_on": [_("A proposal cannot be submitted in the future.")]}
                    )
                check_year(day, "submitted_on")
        value = attrs.get("expected_value", getattr(proposal, "expected_value", None))
        unit_of_figure = attrs.get("expected_unit", getattr(proposal, "expected_unit", ""))
        if value is not None and not unit_of_figure:
            raise serializers.ValidationError(
                {"expected_unit": [_("Say what the figure measures.")]}
            )
        return attrs

    def create(self, validated_data):
        authors = validated_data.pop("authors")
        proposal = Proposal.objects.create(
            submitted_by=self.context["request"].user, **validated_data
        )
        proposal.authors.set(authors)
        return proposal


class ProposalDeadlineSerializer(serializers.ModelSerializer):
    unit = ScopedSlugField(
        "meetings.add_proposaldeadline",
        "meetings.change_proposaldeadline",
        slug_field="code",
        queryset=Unit.objects.all(),
        help_text=_("Code of the unit; its subtree takes this deadline unless it sets its own."),
    )
    unit_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = ProposalDeadline
        fields = ["id", "unit", "unit_id", "days", "created", "last_updated"]

    def validate(self, attrs):
        unit = attrs.get("unit", getattr(self.instance, "unit", None))
        clash = ProposalDeadline.objects.filter(unit=unit)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(
                {"unit": [_("This unit already has a deadline; edit that one.")]}
            )
        try:
            ProposalDeadline(days=attrs.get("days", getattr(self.instance, "days", None))).clean()
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return attrs


# The agenda a meeting opens with (gexin.meetings.services.agenda).


class AgendaProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    unit = serializers.CharField(help_text=_("Code of the unit it comes from."))
    holder = serializers.CharField(help_text=_("Code of the unit that owes the disposition."))
    status = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)
    is_overdue = serializers.BooleanField()


class CarriedActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    owner = serializers.IntegerField(allow_null=True, help_text=_("Person id"))
    owner_name = serializers.CharField(allow_null=True)
    meeting = serializers.IntegerField(allow_null=True, help_text=_("Raised at (meeting id)."))
    due_on = serializers.DateField(allow_null=True)
    status = serializers.CharField(help_text=_("open or in_progress, or done or dropped since."))
    is_overdue = serializers.BooleanField()


class PledgeLineSerializer(serializers.Serializer):
    metric = serializers.CharField()
    target = serializers.FloatField()
    actual = serializers.FloatField(allow_null=True)
    expected = serializers.FloatField(help_text=_("Where the pledge should stand by now."))


class PledgeAtRiskSerializer(serializers.Serializer):
    pledge = serializers.IntegerField()
    plan = serializers.IntegerField()
    person = serializers.CharField(help_text=_("Employee number."))
    person_name = serializers.CharField()
    lines = PledgeLineSerializer(many=True)


class AgendaSerializer(serializers.Serializer):
    meeting = serializers.IntegerField()
    review_start = serializers.DateField()
    review_end = serializers.DateField()
    fulfilment_lines = FulfilmentLineSerializer(many=True)
    incident_lines = FulfilmentLineSerializer(many=True)
    open_proposals = AgendaProposalSerializer(many=True)
    carried_actions = CarriedActionSerializer(many=True)
    pledges_at_risk = PledgeAtRiskSerializer(many=True)


def number(value):
    return None if value is None else float(round(value, 3))


def agenda_data(meeting, user):
    """The prepared agenda as plain data; figures the caller may not read are left out."""
    prepared = services.agenda(meeting, user)
    today = prepared["today"]
    path = meeting.unit.path
    # A guest at an exchange conference sees the meeting, not the host's records.
    reads_figures = all(is_path_in_scope(user, model, "view", path) for model in (Plan, Record))
    reads_pledges = is_path_in_scope(user, Pledge, "view", path)
    return {
        "meeting": meeting.pk,
        "review_start": prepared["review_start"],
        "review_end": prepared["review_end"],
        "fulfilment_lines": [line.as_dict() for line in prepared["fulfilment_lines"]]
        if reads_figures
        else [],
        "incident_lines": [line.as_dict() for line in prepared["incident_lines"]]
        if reads_figures
        else [],
        "open_proposals": [
            {
                "id": proposal.pk,
                "title": proposal.title,
                "unit": proposal.unit.code,
                "holder": proposal.holder.code,
                "status": proposal.status,
                "due_on": proposal.due_on,
                "is_overdue": proposal.is_overdue(today),
            }
            for proposal in prepared["open_proposals"]
        ],
        "carried_actions": [
            {
                "id": item.pk,
                "text": item.text,
                "owner": item.owner_id,
                "owner_name": item.owner.display_name if item.owner_id else None,
                "meeting": item.meeting_id,
                "due_on": item.due_on,
                "status": item.status,
                "is_overdue": item.is_overdue(today),
            }
            for item in prepared["carried_actions"]
        ],
        "pledges_at_risk": [
            {
                "pledge": risk.pledge.pk,
                "plan": risk.pledge.plan_id,
                "person": risk.pledge.person.employee_number,
                "person_name": risk.pledge.person.display_name,
                "lines": [
                    {
                        "metric": target.metric.code,
                        "target": number(target.value),
                        "actual": number(actual),
                        "expected": number(expected),
                    }
                    for target, actual, expected in risk.lines
                ],
            }
            for risk in prepared["pledges_at_risk"]
        ]
        if reads_pledges
        else [],
    }


# Viewsets.

reason_header = OpenApiParameter(
    REASON_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=_("Why signed-off minutes are changed (instead of the reason in the body)."),
)
with_reason_header = extend_schema(parameters=[reason_header])


class MeetingsViewSet(GexinViewSet):
    """Base of the meetings app's viewsets: a change records the reason given for it.

    Changes to signed-off minutes (see `change_needs_reason`) must give one, in the
    body (`reason_field`) or the X-Change-Reason header; without it they are refused
    with 400.
    """

    reason_field = "reason"

    def object_in_view(self):
        """The object of the URL among those the caller may view (else 404).

        The workflow actions check their own right after this, rather than the
        method's generic one.
        """
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def change_reason(self):
        reason = header_text(self.request.headers.get(REASON_HEADER, ""))
        data = self.request.data
        if not reason.strip() and hasattr(data, "get"):
            reason = data.get(self.reason_field) or ""
        return str(reason).strip()[:500]

    @contextmanager
    def reasoned(self, *touched, deleting=False):
        """Refuse a change of signed-off minutes without a reason; record the reason given."""
        reason = self.change_reason()
        if not reason and any(
            change_needs_reason(obj, deleting) for obj in touched if obj is not None
        ):
            raise serializers.ValidationError({self.reason_field: [REASON_REQUIRED]})
        if not reason:
            yield
            return
        with audit_reason(reason):
            yield

    def touched(self, serializer):
        """The object as it is and, if it moves to another meeting, as it will be."""
        found = [serializer.instance]
        meeting = serializer.validated_data.get("meeting")
        if meeting is not None:
            found.append(self.queryset.model(meeting=meeting))
        return found

    def perform_create(self, serializer):
        with self.reasoned(*self.touched(serializer)):
            super().perform_create(serializer)

    def perform_update(self, serializer):
        with self.reasoned(*self.touched(serializer)):
            super().perform_update(serializer)

    def perform_destroy(self, instance):
        with self.reasoned(instance, deleting=True):
            super().perform_destroy(instance)


minutes_schema = extend_schema_view(
    create=with_reason_header,
    update=with_reason_header,
    partial_update=with_reason_header,
    destroy=with_reason_header,
)


@minutes_schema
class MeetingViewSet(MeetingsViewSet):
    """Meetings of the units in the caller's scope, and exchange conferences they are guests at."""

    queryset = Meeting.objects.select_related("unit", "signed_off_by").prefetch_related(
        "invitees", "guest_units", "agenda_items"
    )
    serializer_class = MeetingSerializer
    filterset_class = filtersets.MeetingFilterSet
    ordering_fields = ["scheduled_at", "id"]
    ordering = ["-scheduled_at", "-id"]

    def represent(self, meeting):
        fresh = self.get_queryset().get(pk=meeting.pk)
        return Response(MeetingSerializer(fresh, context=self.get_serializer_context()).data)

    def step(self, request, run, may=None, refusal=None):
        """GET: the meeting; POST: the step, for those `may(meeting)` allows (default: editors)."""
        meeting = self.object_in_view()
        if request.method == "GET":
            return self.represent(meeting)
        if may is None:
            allowed = self.get_queryset_for("change").filter(pk=meeting.pk).exists()
        else:
            allowed = may(meeting)
        if not allowed:
            raise PermissionDenied(refusal)
        try:
            run(meeting)
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return self.represent(meeting)

    @extend_schema(request=None, responses=MeetingSerializer)
    @action(detail=True, methods=["get", "post"])
    def publish(self, request, pk=None, format=None):
        """GET: the meeting; POST: publish its agenda, telling every member and invitee."""
        return self.step(request, lambda meeting: meeting.publish_agenda(by=request.user))

    @extend_schema(request=None, responses=MeetingSerializer)
    @action(detail=True, methods=["get", "post"])
    def held(self, request, pk=None, format=None):
        """GET: the meeting; POST: record that it took place, so its minutes may be taken."""
        return self.step(request, lambda meeting: meeting.mark_held(by=request.user))

    @extend_schema(request=None, responses=MeetingSerializer)
    @action(detail=True, methods=["get", "post"], url_path="sign-off", url_name="sign-off")
    def sign_off(self, request, pk=None, format=None):
        """GET: the meeting; POST: the chair signs off the minutes (anyone else: 403)."""
        return self.step(
            request,
            lambda meeting: meeting.sign_off(by=request.user),
            may=lambda meeting: meeting.can_sign_off(request.user),
            refusal=_("Only the chair of the meeting may sign off its minutes."),
        )

    @extend_schema(request=None, responses=MeetingSerializer)
    @action(detail=True, methods=["get", "post"])
    def cancel(self, request, pk=None, format=None):
        """GET: the meeting; POST: cancel it, telling the members and invitees."""
        return self.step(request, lambda meeting: meeting.cancel(by=request.user))

    @extend_schema(responses=AgendaSerializer)
    @action(detail=True, methods=["get"])
    def agenda(self, request, pk=None, format=None):
        """The prepared agenda: fulfilment since the last meeting, incidents, open work."""
        meeting = self.object_in_view()
        return Response(AgendaSerializer(agenda_data(meeting, request.user)).data)


@minutes_schema
class AgendaItemViewSet(MeetingsViewSet):
    """The agenda items of meetings; a signed-off meeting's change only with a reason."""

    queryset = AgendaItem.objects.select_related("meeting")
    serializer_class = AgendaItemSerializer
    filterset_class = filtersets.AgendaItemFilterSet
    ordering_fields = ["position", "id"]
    ordering = ["meeting", "position", "id"]


@minutes_schema
class AttendanceViewSet(MeetingsViewSet):
    """Who was at a meeting; an absence needs its `reason`.

    After sign-off a change also needs its own reason, sent as `change_reason` (or the
    X-Change-Reason header).
    """

    queryset = Attendance.objects.select_related("meeting", "person")
    serializer_class = AttendanceSerializer
    filterset_class = filtersets.AttendanceFilterSet
    ordering_fields = ["id"]
    ordering = ["meeting", "id"]
    reason_field = AttendanceSerializer.reason_field


@minutes_schema
class MinuteEntryViewSet(MeetingsViewSet):
    """Lines of the minutes; a signed-off meeting's change only with a reason."""

    queryset = MinuteEntry.objects.select_related("meeting")
    serializer_class = MinuteEntrySerializer
    filterset_class = filtersets.MinuteEntryFilterSet
    ordering_fields = ["id"]
    ordering = ["meeting", "id"]


@minutes_schema
class ActionItemViewSet(MeetingsViewSet):
    """Action items; those raised at a signed-off meeting change only with a reason."""

    queryset = ActionItem.objects.select_related("unit", "meeting")
    serializer_class = ActionItemSerializer
    filterset_class = filtersets.ActionItemFilterSet
    ordering_fields = ["due_on", "id"]
    ordering = ["status", "due_on", "id"]


class DisposeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DispositionKind.choices)
    note = serializers.CharField(
        help_text=_("What was done, why it is passed up, or the explanation for the authors")
    )
    to_unit = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Unit.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Code of the higher unit it is passed up to (escalated only)."),
    )
    decided_on = serializers.DateField(required=False, help_text=_("Default today."))


class ImplementSerializer(serializers.Serializer):
    implemented_on = serializers.DateField(required=False, help_text=_("Default today."))
    note = serializers.CharField(help_text=_("How it was implemented"))


class MeasureSerializer(serializers.Serializer):
    before = serializers.DecimalField(**FIGURE)
    after = serializers.DecimalField(**FIGURE)
    measured_in = serializers.CharField(max_length=50, help_text=_("e.g. hours per 100 pipes"))
    saving = serializers.DecimalField(
        required=False, allow_null=True, min_value=0, help_text=_("Saving a year (yuan)"), **MONEY
    )
    note = serializers.CharField(required=False, allow_blank=True)
    measured_on = serializers.DateField(required=False, help_text=_("Default today."))


class AwardSerializer(serializers.Serializer):
    award = serializers.CharField(max_length=300)
    amount = serializers.DecimalField(
        required=False, allow_null=True, help_text=_("Amount (yuan)"), **MONEY
    )
    awarded_on = serializers.DateField(required=False, help_text=_("Default today."))


class ProposalViewSet(MeetingsViewSet):
    """Proposals from the units in the caller's scope, with their dispositions.

    A proposal is changed only while it awaits its disposition; it moves on through
    `dispose`, `implement`, `measure` and `award`, each allowed to those who hold the
    right on the unit now holding the proposal.
    """

    queryset = Proposal.objects.select_related("unit", "holder", "submitted_by").prefetch_related(
        "authors", "dispositions__unit", "dispositions__to_unit", "dispositions__decided_by"
    )
    serializer_class = ProposalSerializer
    filterset_class = filtersets.ProposalFilterSet
    ordering_fields = ["submitted_on", "due_on", "id"]
    ordering = ["-submitted_on", "-id"]

    def perform_create(self, serializer):
        with transaction.atomic():
            super().perform_create(serializer)
            # Authors and the deciders of the unit are told it was received.
            signals.proposal_moved.send(
                Proposal,
                proposal=serializer.instance,
                step=ProposalStatus.SUBMITTED,
                by=self.request.user,
            )

    def represent(self, proposal):
        fresh = self.get_queryset().get(pk=proposal.pk)
        return Response(ProposalSerializer(fresh, context=self.get_serializer_context()).data)

    def step(self, request, right, form, run):
        """GET: the proposal; POST: the step, for those holding `right` on the holder unit."""
        proposal = self.object_in_view()
        if request.method == "GET":
            return self.represent(proposal)
        if not is_path_in_scope(request.user, Proposal, right, proposal.holder.path):
            raise PermissionDenied
        data = form(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                run(proposal, data.validated_data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return self.represent(proposal)

    @extend_schema(request=DisposeSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["get", "post"])
    def dispose(self, request, pk=None, format=None):
        """POST: the holder unit's disposition: solved, passed up, or not adopted (explained)."""

        def run(proposal, data):
            proposal.dispose(
                data["kind"],
                data["note"],
                request.user,
                to_unit=data.get("to_unit"),
                on=data.get("decided_on"),
            )

        return self.step(request, "dispose", DisposeSerializer, run)

    @extend_schema(request=ImplementSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["get", "post"])
    def implement(self, request, pk=None, format=None):
        """POST: record that an adopted proposal has been implemented."""

        def run(proposal, data):
            proposal.record_implementation(
                data.get("implemented_on") or datetime.date.today(), data["note"], request.user
            )

        return self.step(request, "dispose", ImplementSerializer, run)

    @extend_schema(request=MeasureSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["get", "post"])
    def measure(self, request, pk=None, format=None):
        """POST: the figures before and after, measured on the job, and the saving."""

        def run(proposal, data):
            proposal.record_benefit(
                data["before"],
                data["after"],
                data["measured_in"],
                request.user,
                saving=data.get("saving"),
                note=data.get("note", ""),
                on=data.get("measured_on"),
            )

        return self.step(request, "dispose", MeasureSerializer, run)

    @extend_schema(request=AwardSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["get", "post"])
    def award(self, request, pk=None, format=None):
        """POST: the award for a measured proposal (those who hold the award right)."""

        def run(proposal, data):
            proposal.record_award(
                data["award"], request.user, amount=data.get("amount"), on=data.get("awarded_on")
            )

        return self.step(request, "award", AwardSerializer, run)


class ProposalDeadlineViewSet(MeetingsViewSet):
    """Days a unit has to dispose of a proposal it holds; units below take the nearest one."""

    queryset = ProposalDeadline.objects.select_related("unit")
    serializer_class = ProposalDeadlineSerializer
    filterset_class = filtersets.ProposalDeadlineFilterSet
    ordering_fields = ["days", "id"]
    ordering = ["unit__path"]
