"""REST API of the people board (`GET /api/v1/people-board/?unit=&as_of=`).

The same board as the page, for a union group (or any unit, then everyone in its
subtree) on a day: who is paired with whom, the young and new workers, who misses the
quota and why, what help is under way, the mutual-aid groups, dues in arrears and the
number of open welfare cases. By default the caller's own unit and today. Sections the
caller may not see are null; notes of help cases whose cause is health are a placeholder
for callers who may not read health details.
"""

import datetime

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from gexin.core.permissions import has_action_anywhere
from gexin.org.models import Person
from gexin.people import board
from gexin.people.forms.board import BoardForm


def person_dict(person):
    return {
        "id": person.pk,
        "employee_number": person.employee_number,
        "name": person.display_name,
        "unit": person.unit.code,
    }


def partner_dict(partner):
    """A person, or a unit taking part in a competition (then without a number)."""
    if isinstance(partner, Person):
        return person_dict(partner)
    return {"id": None, "employee_number": "", "name": str(partner), "unit": partner.unit_path}


def pair_dict(pair):
    return {
        "kind": pair.kind,
        "helper": partner_dict(pair.helper),
        "helped": partner_dict(pair.helped),
        "since": pair.since.isoformat(),
        "goal": pair.goal,
        "url": pair.url,
    }


def case_dict(case):
    return {
        "id": case.pk,
        "reason": case.reason,
        "cause": case.cause,
        "cause_note": str(case.shown_cause_note),
        "help_arranged": str(case.shown_help_arranged),
        "notes_hidden": case.notes_hidden,
        "opened_on": case.opened_on.isoformat(),
    }


def as_data(result):
    """The board as JSON-ready data."""
    cases_hidden = result.misses is None
    return {
        "unit": result.unit.code,
        "unit_name": result.unit.display_name,
        "as_of": result.as_of.isoformat(),
        "pairs": [pair_dict(pair) for pair in result.pairs],
        "young_and_new": [
            {
                "person": person_dict(row.person),
                "date_joined": row.person.date_joined.isoformat()
                if row.person.date_joined
                else None,
                "is_apprentice": row.is_apprentice,
                "is_new": row.is_new,
                "is_young": row.is_young,
                "helpers": [pair_dict(pair) for pair in row.helpers],
                "open_case": case_dict(row.open_case) if row.open_case else None,
            }
            for row in result.young
        ],
        "quota_misses": None
        if cases_hidden
        else [
            {
                "person": person_dict(row.person),
                "missed_count": row.missed_count,
                "considered": row.considered,
                "missed_periods": [period.label for period in row.missed],
                "open_case": case_dict(row.open_case) if row.open_case else None,
            }
            for row in result.misses
        ],
        "help_under_way": None
        if cases_hidden
        else [
            {
                "person": person_dict(row.case.person),
                "case": case_dict(row.case),
                "last_review": {
                    "meeting": row.state.last.meeting_id,
                    "day": row.state.last_day.isoformat(),
                    "outcome": row.state.last.outcome,
                }
                if row.state.last
                else None,
                "is_due_for_review": row.state.is_due,
            }
            for row in result.under_way
        ],
        "awaiting_help": None
        if cases_hidden
        else [
            {"person": person_dict(case.person), "case": case.pk} for case in result.awaiting_help
        ],
        "mutual_aid_groups": None
        if result.groups is None
        else [
            {
                "id": row.group.pk,
                "name": row.group.display_name,
                "leader": person_dict(row.group.leader) if row.group.leader_id else None,
                "members": row.member_count,
            }
            for row in result.groups
        ],
        "dues_in_arrears": None
        if result.arrears is None
        else {
            "through_month": result.arrears.through_month.strftime("%Y-%m"),
            "people": [
                {"person": person_dict(row.person), "arrears": format(row.arrears, "f")}
                for row in result.arrears.people
            ],
        },
        "open_welfare_cases": result.welfare_open,
    }


# Serializers that document the answer in the schema (the view builds the data itself).


class PeopleBoardPersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text=_("None for a unit partner."))
    employee_number = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField(help_text=_("Code of the person's unit."))


class PeopleBoardPairSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=_("apprenticeship (master and apprentice) or pairing"))
    helper = PeopleBoardPersonRefSerializer(help_text=_("The master, or the advanced partner."))
    helped = PeopleBoardPersonRefSerializer(help_text=_("The apprentice, or the partner helped."))
    since = serializers.DateField()
    goal = serializers.CharField()
    url = serializers.CharField()


class PeopleBoardCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reason = serializers.CharField(help_text=_("misses_quota, young_worker, new_worker or other"))
    cause = serializers.CharField(
        help_text=_("machine, skill, health, materials, organisation, attitude or other")
    )
    cause_note = serializers.CharField(help_text=_("A placeholder when private."))
    help_arranged = serializers.CharField(help_text=_("A placeholder when private."))
    notes_hidden = serializers.BooleanField(
        help_text=_("True when the cause is health and the caller may not read the notes.")
    )
    opened_on = serializers.DateField()


class PeopleBoardYoungWorkerSerializer(serializers.Serializer):
    person = PeopleBoardPersonRefSerializer()
    date_joined = serializers.DateField(allow_null=True)
    is_apprentice = serializers.BooleanField()
    is_new = serializers.BooleanField(help_text=_("Joined in the last twelve months."))
    is_young = serializers.BooleanField(help_text=_("Helped as a young worker."))
    helpers = PeopleBoardPairSerializer(many=True)
    open_case = PeopleBoardCaseSerializer(allow_null=True)


class PeopleBoardQuotaMissSerializer(serializers.Serializer):
    person = PeopleBoardPersonRefSerializer()
    missed_count = serializers.IntegerField()
    considered = serializers.IntegerField()
    missed_periods = serializers.ListField(child=serializers.CharField())
    open_case = PeopleBoardCaseSerializer(allow_null=True)


class PeopleBoardLastReviewSerializer(serializers.Serializer):
    meeting = serializers.IntegerField()
    day = serializers.DateField()
    outcome = serializers.CharField(help_text=_("continue or resolved"))


class PeopleBoardHelpUnderWaySerializer(serializers.Serializer):
    person = PeopleBoardPersonRefSerializer()
    case = PeopleBoardCaseSerializer()
    last_review = PeopleBoardLastReviewSerializer(allow_null=True)
    is_due_for_review = serializers.BooleanField(
        help_text=_("A weekly meeting of the unit since the last review did not review it.")
    )


class PeopleBoardAwaitingHelpSerializer(serializers.Serializer):
    person = PeopleBoardPersonRefSerializer()
    case = serializers.IntegerField()


class PeopleBoardGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    leader = PeopleBoardPersonRefSerializer(allow_null=True)
    members = serializers.IntegerField()


class PeopleBoardArrearsRowSerializer(serializers.Serializer):
    person = PeopleBoardPersonRefSerializer()
    arrears = serializers.CharField(help_text=_("Yuan owed, e.g. 1.20."))


class PeopleBoardArrearsSerializer(serializers.Serializer):
    through_month = serializers.CharField(help_text=_("For example 1953-09."))
    people = PeopleBoardArrearsRowSerializer(many=True)


class PeopleBoardSerializer(serializers.Serializer):
    unit = serializers.CharField()
    unit_name = serializers.CharField()
    as_of = serializers.DateField()
    pairs = PeopleBoardPairSerializer(many=True)
    young_and_new = PeopleBoardYoungWorkerSerializer(many=True)
    quota_misses = PeopleBoardQuotaMissSerializer(many=True, allow_null=True)
    help_under_way = PeopleBoardHelpUnderWaySerializer(many=True, allow_null=True)
    awaiting_help = PeopleBoardAwaitingHelpSerializer(many=True, allow_null=True)
    mutual_aid_groups = PeopleBoardGroupSerializer(many=True, allow_null=True)
    dues_in_arrears = PeopleBoardArrearsSerializer(allow_null=True)
    open_welfare_cases = serializers.IntegerField(
        allow_null=True, help_text=_("A count only; null when the caller may see none.")
    )


class PeopleBoardView(APIView):
    """The people board of a unit on a day."""

    permission_classes = [IsAuthenticated]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # A token is read only now: apply the account's own language for the names.
        language = getattr(request.user, "language", "")
        if language:
            translation.activate(language)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "unit",
                OpenApiTypes.STR,
                description=_("Code (or id) of the unit; by default the caller's own."),
            ),
            OpenApiParameter(
                "as_of", OpenApiTypes.DATE, description=_("The day; by default today.")
            ),
        ],
        responses=PeopleBoardSerializer,
    )
    def get(self, request):
        user = request.user
        if not has_action_anywhere(user, Person, "view"):
            raise PermissionDenied
        form = BoardForm(request.query_params, user=user)
        if not form.is_valid():
            if "unit" in form.errors:
                raise NotFound
            raise serializers.ValidationError(form.errors)
        unit = form.cleaned_data.get("unit")
        try:
            unit = board.choose_unit(user, unit.code if unit is not None else None)
        except board.BoardError:
            raise NotFound from None
        as_of = form.cleaned_data.get("as_of") or datetime.date.today()
        return Response(as_data(board.build(user, unit, as_of)))
