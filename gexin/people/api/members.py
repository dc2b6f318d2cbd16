"""REST API of members' affairs.

`/api/v1/membership-events/`: joinings, transfers and leavings, checked against the
person's other events (one a day, in an order that makes sense); a change keeps the
person's `is_union_member` in step.
`/api/v1/dues-rates/` (`POST …/set-for-unit/` sets one rate for every member of a unit
from a month) and `/api/v1/dues-payments/` (`POST …/sheet/` records a unit's dues sheet
for a month: all rows or none). Months are "YYYY-MM"; amounts are decimal strings.
`GET /api/v1/dues-arrears/?unit=&through=YYYY-MM[&start=YYYY-MM]`: each person's months
due, paid and owed, with their arrears (see `gexin.people.dues`).
`/api/v1/welfare-cases/` and `/api/v1/welfare-help/`: a case's `health_details` read as a
placeholder for callers who may not read them, and may not be written by them.
`/api/v1/activities/`: with `attendees` (employee numbers) and the attendance rate.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from gexin.core.permissions import has_action_anywhere, is_path_in_scope
from gexin.org.api import Conflict, GexinViewSet, ScopedSlugField
from gexin.org.backends import own_person
from gexin.org.models import Person, Unit
from gexin.org.privacy import HIDDEN, may_view_health
from gexin.people import dues, membership
from gexin.people.filtersets.members import (
    ActivityFilterSet,
    DuesPaymentFilterSet,
    DuesRateFilterSet,
    MembershipEventFilterSet,
    WelfareCaseFilterSet,
    WelfareHelpFilterSet,
)
from gexin.people.forms.members import PERSON_KEPT
from gexin.people.models.members import (
    Activity,
    DuesPayment,
    DuesRate,
    MembershipEvent,
    WelfareCase,
    WelfareHelp,
)

PRIVATE_REFUSED = _(
    "Health details are private: only the person's group leader and welfare officer read "
    "and change them."
)


def drf_errors(error):
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError(error.messages)


def caller(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


def person_field(perm_add, perm_change=None, **kwargs):
    kwargs.setdefault("help_text", _("Employee number of the person."))
    return ScopedSlugField(
        perm_add,
        perm_change,
        slug_field="employee_number",
        queryset=Person.objects.all(),
        **kwargs,
    )


@extend_schema_field(OpenApiTypes.STR)
class MonthField(serializers.Field):
    """A month as "YYYY-MM"."""

    default_error_messages = {"invalid": _("Give a month as YYYY-MM, e.g. 1953-10.")}

    def to_representation(self, value):
        return value.strftime("%Y-%m")

    def to_internal_value(self, data):
        try:
            return dues.parse_month(str(data))
        except ValueError:
            self.fail("invalid")


class ModelChecked(serializers.ModelSerializer):
    """Runs the model's own `clean()` on the object as it would be saved."""

    def validate(self, attrs):
        model = self.Meta.model
        values = {**self.current_values(), **attrs}
        candidate = model(**{k: v for k, v in values.items() if k in self.model_fields()})
        candidate.pk = self.instance.pk if self.instance else None
        try:
            candidate.clean()
        except DjangoValidationError as error:
            raise drf_errors(error) from None
        return attrs

    def model_fields(self):
        return {field.name for field in self.Meta.model._meta.concrete_fields}

    def current_values(self):
        if self.instance is None:
            return {}
        return {
            field.name: getattr(self.instance, field.name)
            for field in self.Meta.model._meta.concrete_fields
            if not field.primary_key
        }


# Membership


class MembershipEventSerializer(ModelChecked):
    person = person_field("people.add_membershipevent", "people.change_membershipevent")
    other_unit = ScopedSlugField(
        "org.view_unit",
        slug_field="code",
        queryset=Unit.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("For a transfer: code of the unit the membership came from or went to."),
    )
    recruited_by = person_field(
        "org.view_person",
        required=False,
        allow_null=True,
        help_text=_("For a joining: employee number of who recruited the new member."),
    )
    kind_label = serializers.CharField(read_only=True)

    class Meta:
        model = MembershipEvent
        fields = [
            "id",
            "person",
            "kind",
            "kind_label",
            "day",
            "other_unit",
            "other_unit_text",
            "recruited_by",
            "note",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        read_only_fields = ["is_illustrative", "source"]
        validators = []  # one event a day is checked with the sequence, with a clear message

    def validate(self, attrs):
        attrs = super().validate(attrs)
        values = {**self.current_values(), **attrs}
        event = MembershipEvent(**values)
        event.pk = self.instance.pk if self.instance else None
        others = list(MembershipEvent.objects.filter(person=event.person).exclude(pk=event.pk))
        found = membership.check(event.person, others, event)
        if found:
            raise serializers.ValidationError({"day": found})
        return attrs

    def save_event(self, event):
        for name, value in self.validated_data.items():
            setattr(event, name, value)
        try:
            return membership.record(event)
        except DjangoValidationError as error:
            raise drf_errors(error) from None

    def create(self, validated_data):
        return self.save_event(MembershipEvent())

    def update(self, instance, validated_data):
        return self.save_event(instance)


class MembershipEventViewSet(GexinViewSet):
    """Joinings, transfers in and out, and leavings of the union."""

    queryset = MembershipEvent.objects.select_related("person", "other_unit", "recruited_by")
    serializer_class = MembershipEventSerializer
    filterset_class = MembershipEventFilterSet
    ordering_fields = ["day", "id"]
    ordering = ["-day", "id"]

    def perform_destroy(self, instance):
        try:
            membership.remove(instance)
        except DjangoValidationError as error:
            raise Conflict(" ".join(error.messages)) from None


# Dues


class DuesRateSerializer(ModelChecked):
    person = person_field("people.add_duesrate", "people.change_duesrate")
    from_month = MonthField(help_text=_("The month the rate applies from, YYYY-MM."))

    class Meta:
        model = DuesRate
        fields = [
            "id",
            "person",
            "from_month",
            "amount",
            "note",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        read_only_fields = ["is_illustrative", "source"]
        validators = []

    def validate(self, attrs):
        attrs = super().validate(attrs)
        person = attrs.get("person", getattr(self.instance, "person", None))
        month = attrs.get("from_month", getattr(self.instance, "from_month", None))
        twins = DuesRate.objects.filter(person=person, from_month=month)
        if self.instance is not None:
            twins = twins.exclude(pk=self.instance.pk)
        if twins.exists():
            raise serializers.ValidationError(
                {"from_month": _("This person already has a rate from this month.")}
            )
        return attrs


class UnitRateSerializer(serializers.Serializer):
    unit = serializers.CharField(help_text=_("Code of the unit."))
    from_month = MonthField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DuesRateViewSet(GexinViewSet):
    """Monthly dues rates, each from a month on until the person's next rate."""

    queryset = DuesRate.objects.select_related("person")
    serializer_class = DuesRateSerializer
    filterset_class = DuesRateFilterSet
    ordering_fields = ["from_month", "id"]
    ordering = ["person__unit_path", "person__name", "-from_month", "id"]

    @extend_schema(request=UnitRateSerializer, responses=OpenApiTypes.OBJECT)
    @action(detail=False, methods=["post"], url_path="set-for-unit")
    def set_for_unit(self, request, format=None):
        """Set one monthly rate for every member of a unit (and the units under it) in
        `from_month`, from that month on; a rate of theirs from that month is replaced."""
        from gexin.org.filtersets import find_unit

        if not has_action_anywhere(request.user, DuesRate, "add"):
            raise PermissionDenied
        checked = UnitRateSerializer(data=request.data)
        checked.is_valid(raise_exception=True)
        data = checked.validated_data
        unit = find_unit(
            data["unit"], Unit.objects.where_user_holds(request.user, "people.add_duesrate")
        )
        if unit is None:
            return Response({"unit": [str(_("No unit with this code among yours."))]}, status=400)
        people = dues.sheet_people(
            unit, Person.objects.where_user_holds(request.user, "people.add_duesrate")
        )
        created, changed = dues.set_unit_rate(
            people, data["from_month"], data["amount"], data["note"]
        )
        return Response({"created": created, "changed": changed})


class DuesPaymentSerializer(ModelChecked):
    person = person_field("people.add_duespayment", "people.change_duespayment")
    month = MonthField(help_text=_("The month paid for, YYYY-MM."))
    collected_by = person_field(
        "org.view_person",
        required=False,
        allow_null=True,
        help_text=_("Employee number of who collected it."),
    )

    class Meta:
        model = DuesPayment
        fields = [
            "id",
            "person",
            "month",
            "amount",
            "paid_on",
            "collected_by",
            "note",
            "is_from_sheet",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        read_only_fields = ["is_from_sheet", "is_illustrative", "source"]
        validators = []

    def save_payment(self, payment):
        for name, value in self.validated_data.items():
            setattr(payment, name, value)
        try:
            return dues.record_payment(payment)
        except DjangoValidationError as error:
            raise drf_errors(error) from None

    def create(self, validated_data):
        return self.save_payment(DuesPayment())

    def update(self, instance, validated_data):
        return self.save_payment(instance)


class SheetRowSerializer(serializers.Serializer):
    person = serializers.CharField(help_text=_("Employee number."))
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, required=False
    )


class SheetSerializer(serializers.Serializer):
    unit = serializers.CharField(help_text=_("Code of the unit."))
    month = MonthField()
    paid_on = serializers.DateField()
    collected_by = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Employee number; empty: yours.")
    )
    rows = SheetRowSerializer(many=True)


class DuesPaymentViewSet(GexinViewSet):
    """Dues paid, one month each; a month may be paid in parts."""

    queryset = DuesPayment.objects.select_related("person", "collected_by")
    serializer_class = DuesPaymentSerializer
    filterset_class = DuesPaymentFilterSet
    ordering_fields = ["month", "paid_on", "id"]
    ordering = ["-month", "id"]

    @extend_schema(request=SheetSerializer, responses=OpenApiTypes.OBJECT)
    @action(detail=False, methods=["post"], url_path="sheet")
    def sheet(self, request, format=None):
        """Record a unit's dues sheet for a month: each row sets the sheet's own payment
        of a person for the month (null or 0 removes it). All rows or none: errors
        answer 400 with [{"row", "person", "reason"}]. Sending the same sheet again
        changes nothing."""
        from gexin.org.filtersets import find_unit

        if not has_action_anywhere(request.user, DuesPayment, "add"):
            raise PermissionDenied
        checked = SheetSerializer(data=request.data)
        checked.is_valid(raise_exception=True)
        data = checked.validated_data
        unit = find_unit(
            data["unit"], Unit.objects.where_user_holds(request.user, "people.view_duespayment")
        )
        if unit is None:
            return Response({"unit": [str(_("No unit with this code among yours."))]}, status=400)
        if not is_path_in_scope(request.user, DuesPayment, "add", unit.path):
            raise PermissionDenied
        people = Person.objects.where_user_holds(request.user, "people.add_duespayment")
        numbers = [row["person"] for row in data["rows"]]
        by_number = {p.employee_number: p for p in people.filter(employee_number__in=numbers)}
        errors = [
            {"row": n, "person": number, "reason": str(_("No such person among yours."))}
            for n, number in enumerate(numbers, start=1)
            if number not in by_number
        ]
        collector = None
        if data.get("collected_by"):
            collector = (
                Person.objects.restrict(request.user, "view")
                .filter(employee_number=data["collected_by"])
                .first()
            )
            if collector is None:
                errors.append(
                    {
                        "row": None,
                        "person": data["collected_by"],
                        "reason": str(_("No such collector.")),
                    }
                )
        else:
            collector = own_person(request.user)
        if errors:
            return Response({"errors": errors}, status=400)
        amounts = {by_number[row["person"]].pk: row.get("amount") for row in data["rows"]}
        try:
            result = dues.save_sheet(
                unit, data["month"], amounts, data["paid_on"], collector, people
            )
        except dues.SheetRefused as refused:
            return Response(
                {
                    "errors": [
                        {
                            "row": number,
                            "person": person.employee_number if person else None,
                            "reason": str(reason),
                        }
                        for number, person, reason in refused.errors
                    ]
                },
                status=400,
            )
        return Response(
            {
                "created": result.created,
                "changed": result.changed,
                "removed": result.removed,
                "unchanged": result.unchanged,
            }
        )


class DuesArrearsView(APIView):
    """`GET /api/v1/dues-arrears/?unit=&through=YYYY-MM[&start=YYYY-MM]`."""

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", str, description=_("Unit code; empty: yours.")),
            OpenApiParameter(
                "through", str, description=_("Last month, YYYY-MM; empty: this month.")
            ),
            OpenApiParameter(
                "start", str, description=_("First month, YYYY-MM; empty: all months.")
            ),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request, format=None):
        from gexin.people.views.members import unit_for

        if not has_action_anywhere(request.user, DuesPayment, "view"):
            raise PermissionDenied
        errors = {}
        months = {}
        for name in ("through", "start"):
            text = request.query_params.get(name, "")
            try:
                months[name] = dues.parse_month(text) if text else None
            except ValueError:
                errors[name] = [str(_("Give a month as YYYY-MM, e.g. 1953-10."))]
        perm = "people.view_duespayment"
        unit = unit_for(request.user, request.query_params.get("unit", ""), perm)
        if unit is None:
            errors["unit"] = [str(_("No unit with this code among those whose dues you may see."))]
        if not errors:
            problem = dues.report_months_problem(months["start"], months["through"])
            if problem:
                errors[problem[0]] = [str(problem[1])]
        if errors:
            return Response(errors, status=400)
        through = months["through"] or dues.this_month()
        people = dues.sheet_people(unit, Person.objects.where_user_holds(request.user, perm))
        found = dues.arrears(people, through, since_month=months["start"])
        rows = [figures for figures in found.values() if figures.months]
        return Response(
            {
                "unit": unit.code,
                "through": through.strftime("%Y-%m"),
                "start": months["start"].strftime("%Y-%m") if months["start"] else None,
                "arrears": dues.plain(sum((f.arrears for f in rows), dues.ZERO)),
                "people_in_arrears": sum(1 for f in rows if f.arrears > 0),
                "results": [figures.as_dict() for figures in rows],
            }
        )


# Welfare


class WelfareHelpInCaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = WelfareHelp
        fields = ["id", "day", "kind", "amount", "given_by", "note"]


class WelfareCaseSerializer(ModelChecked):
    """A welfare case. `health_details` read as a placeholder for callers who may not
    read them (`health_hidden` true), and may not be written by them."""

    person = person_field("people.add_welfarecase", "people.change_welfarecase")
    health_hidden = serializers.SerializerMethodField()
    helps = WelfareHelpInCaseSerializer(many=True, read_only=True)
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = WelfareCase
        fields = [
            "id",
            "person",
            "kind",
            "opened_on",
            "closed_on",
            "is_open",
            "summary",
            "health_details",
            "health_hidden",
            "help_arranged",
            "helps",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        read_only_fields = ["is_illustrative", "source"]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_health_hidden(self, case):
        """True when the health details are private and replaced by a placeholder."""
        return not case.may_read_health(caller(self))

    def to_representation(self, case):
        data = super().to_representation(case)
        if not case.may_read_health(caller(self)):
            data["health_details"] = str(HIDDEN) if case.health_details else ""
        return data

    def validate(self, attrs):
        user = caller(self)
        case = self.instance
        if case is not None and not case.may_read_health(user):
            # Whatever is sent, the answer is the same: it must not tell a guess of the
            # health details from the stored text.
            if "health_details" in attrs:
                raise serializers.ValidationError({"health_details": [PRIVATE_REFUSED]})
            # Moving the case to someone whose health details they read would show them.
            if "person" in attrs and attrs["person"].pk != case.person_id:
                raise serializers.ValidationError({"person": [PERSON_KEPT]})
        person = attrs.get("person", getattr(case, "person", None))
        if (
            "health_details" in attrs
            and person is not None
            and not may_view_health(user, person.unit_path)
        ):
            raise serializers.ValidationError({"health_details": [PRIVATE_REFUSED]})
        if (
            case is not None
            and person is not None
            and person.pk != case.person_id
            and case.health_details
            and not may_view_health(user, person.unit_path)
        ):
            raise serializers.ValidationError({"person": [PRIVATE_REFUSED]})
        return super().validate(attrs)


class WelfareCaseViewSet(GexinViewSet):
    """Welfare cases with the help given; health details are private."""

    queryset = WelfareCase.objects.select_related("person").prefetch_related("helps")
    serializer_class = WelfareCaseSerializer
    filterset_class = WelfareCaseFilterSet
    ordering_fields = ["opened_on", "closed_on", "id"]
    ordering = ["-opened_on", "id"]


class CaseField(serializers.PrimaryKeyRelatedField):
    """A welfare case by id, among those the caller may add help to."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return WelfareCase.objects.none()
        return WelfareCase.objects.where_user_holds(request.user, "people.add_welfarehelp")


class WelfareHelpSerializer(ModelChecked):
    case = CaseField(help_text=_("Id of the welfare case."))

    class Meta:
        model = WelfareHelp
        fields = [
            "id",
            "case",
            "day",
            "kind",
            "amount",
            "given_by",
            "note",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        read_only_fields = ["is_illustrative", "source"]


class WelfareHelpViewSet(GexinViewSet):
    """Help given in welfare cases: visits, money, leave, goods."""

    queryset = WelfareHelp.objects.select_related("case__person")
    serializer_class = WelfareHelpSerializer
    filterset_class = WelfareHelpFilterSet
    ordering_fields = ["day", "id"]
    ordering = ["case", "day", "id"]


# Activities


class ActivitySerializer(ModelChecked):
    unit = ScopedSlugField(
        "people.add_activity",
        "people.change_activity",
        slug_field="code",
        queryset=Unit.objects.all(),
        help_text=_("Code of the unit whose activity it is."),
    )
    organiser = person_field("org.view_person", required=False, allow_null=True)
    attendees = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text=_(
            "Employee numbers of those present (people of the unit's subtree); writing "
            "it takes the attendance, the unit's people being the list."
        ),
    )
    kind_label = serializers.CharField(read_only=True)
    attendance_count = serializers.IntegerField(source="present", read_only=True)
    expected_count = serializers.IntegerField(read_only=True, allow_null=True)
    attendance_rate = serializers.DecimalField(
        max_digits=5, decimal_places=1, read_only=True, allow_null=True
    )

    class Meta:
        model = Activity
        fields = [
            "id",
            "unit",
            "kind",
            "kind_label",
            "held_on",
            "title",
            "place",
            "organiser",
            "notes",
            "attendees",
            "attendance_count",
            "expected_count",
            "attendance_rate",
            "is_illustrative",
            "source",
            "created",
            "last_updated",
        ]
        read_only_fields = ["is_illustrative", "source"]

    def to_representation(self, activity):
        data = super().to_representation(activity)
        data["attendees"] = [row.person.employee_number for row in activity.attendance.all()]
        return data

    def validate(self, attrs):
        numbers = attrs.pop("attendees", None)
        attrs = super().validate(attrs)
        if numbers is not None:
            attrs["attendees"] = numbers
        return attrs

    def offered_and_present(self, activity, numbers):
        user = caller(self)
        offered = list(
            activity.eligible_people(
                Person.objects.where_user_holds(user, "people.change_activity")
            )
        )
        by_number = {person.employee_number: person for person in offered}
        unknown = sorted(set(numbers) - set(by_number))
        if unknown:
            raise serializers.ValidationError(
                {
                    "attendees": [
                        _("Not among the people of the unit: %(numbers)s.")
                        % {"numbers": ", ".join(unknown)}
                    ]
                }
            )
        return offered, [by_number[number] for number in set(numbers)]

    def create(self, validated_data):
        numbers = validated_data.pop("attendees", None)
        activity = super().create(validated_data)
        if numbers is not None:
            activity.take_attendance(*self.offered_and_present(activity, numbers))
        return activity

    def update(self, instance, validated_data):
        numbers = validated_data.pop("attendees", None)
        activity = super().update(instance, validated_data)
        if numbers is not None:
            activity.take_attendance(*self.offered_and_present(activity, numbers))
        return activity


class ActivityViewSet(GexinViewSet):
    """Activities of the groups with who was present."""

    queryset = Activity.objects.select_related("unit", "organiser").prefetch_related(
        "attendance__person"
    )
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilterSet
    ordering_fields = ["held_on", "id"]
    ordering = ["-held_on", "id"]
