"""Forms of members' affairs: membership events, dues rates and payments (one by one, on
the dues sheet, and a rate for a whole unit), welfare cases and their help, activities
and their attendance."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gexin.core.forms import ScopedModelForm
from gexin.meetings.forms import DATE_INPUT
from gexin.org.forms import PersonField, UnitField
from gexin.org.models import Person, Unit
from gexin.org.privacy import health_paths, may_view_health
from gexin.people import dues, membership
from gexin.people.models.members import (
    Activity,
    DuesPayment,
    DuesRate,
    MembershipEvent,
    WelfareCase,
    WelfareHelp,
)

MONEY = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m")


class MonthField(forms.DateField):
    """A month, typed as YYYY-MM (a phone shows its month picker); its first day."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y-%m-%d"]
    default_error_messages = {"invalid": _("Give a month as YYYY-MM, e.g. 1953-10.")}

    def to_python(self, value):
        day = super().to_python(value)
        if day is None:
            return None
        if not 1900 <= day.year <= 2199:
            raise ValidationError(_("Give a month between 1900 and 2199."))
        return dues.month_start(day)


def keepers_people(user, perm):
    """People the user may keep records of with `perm` (active, or any when editing)."""
    return Person.objects.where_user_holds(user, perm).select_related("unit")


def model_errors_to_form(form, error):
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


# Membership


class MembershipEventForm(ScopedModelForm):
    """A joining, transfer or leaving; checked against the person's other events."""

    person = PersonField(label=_("Person"))
    other_unit = UnitField(label=_("Transferred from or to"), required=False)
    recruited_by = PersonField(label=_("Recruited by"), required=False)

    class Meta:
        model = MembershipEvent
        fields = ["person", "kind", "day", "other_unit", "other_unit_text", "recruited_by", "note"]
        widgets = {"day": DATE_INPUT, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = "change" if self.instance.pk else "add"
        self.fields["person"].queryset = keepers_people(
            self.user, f"people.{action}_membershipevent"
        )
        self.fields["other_unit"].queryset = Unit.objects.restrict(self.user, "view")
        self.fields["other_unit"].help_text = _(
            "For a transfer: the unit's code. For an organisation outside, use the next field."
        )
        self.fields["recruited_by"].queryset = Person.objects.restrict(self.user, "view")
        self.fields["recruited_by"].help_text = _(
            "For a joining: the employee number of who recruited the new member."
        )
        if not self.instance.pk:
            self.initial["day"] = self.initial.get("day") or datetime.date.today()

    def save(self, commit=True):
        # Checked in _post_clean(); record() checks again with the person's row locked.
        return membership.record(super().save(commit=False))

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        # The whole sequence of the person's events, as record() will check it.
        event = self.instance
        others = list(MembershipEvent.objects.filter(person=event.person).exclude(pk=event.pk))
        found = membership.check(event.person, others, event)
        for message in found:
            self.add_error("day", message)


# Dues


class DuesRateForm(ScopedModelForm):
    person = PersonField(label=_("Person"))
    from_month = MonthField(label=_("From month"))

    class Meta:
        model = DuesRate
        fields = ["person", "from_month", "amount", "note"]
        widgets = {"amount": MONEY, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = "change" if self.instance.pk else "add"
        self.fields["person"].queryset = keepers_people(self.user, f"people.{action}_duesrate")
        self.fields["from_month"].help_text = _(
            "The rate is due every month from this one until the person's next rate."
        )

    def clean(self):
        data = super().clean()
        person, month = data.get("person"), data.get("from_month")
        if person and month:
            twins = DuesRate.objects.filter(person=person, from_month=month)
            if self.instance.pk:
                twins = twins.exclude(pk=self.instance.pk)
            if twins.exists():
                self.add_error(
                    "from_month", _("This person already has a rate from this month: edit it.")
                )
        return data


class DuesPaymentForm(ScopedModelForm):
    """One payment for one month (partial payments allowed, several a month)."""

    person = PersonField(label=_("Person"))
    month = MonthField(label=_("Month paid for"))
    collected_by = PersonField(label=_("Collected by"), required=False)

    class Meta:
        model = DuesPayment
        fields = ["person", "month", "amount", "paid_on", "collected_by", "note"]
        widgets = {
            "amount": MONEY,
            "paid_on": DATE_INPUT,
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = "change" if self.instance.pk else "add"
        self.fields["person"].queryset = keepers_people(self.user, f"people.{action}_duespayment")
        self.fields["collected_by"].queryset = Person.objects.restrict(self.user, "view")
        self.fields["collected_by"].help_text = _("Employee number of who collected it.")
        if not self.instance.pk:
            self.initial["paid_on"] = self.initial.get("paid_on") or datetime.date.today()
            self.initial["month"] = self.initial.get("month") or dues.this_month()

    def save(self, commit=True):
        payment = super().save(commit=False)
        return dues.record_payment(payment)


class UnitRateForm(forms.Form):
    """One monthly rate for every member of a unit from a month on."""

    unit = UnitField(label=_("Unit"))
    from_month = MonthField(label=_("From month"))
    amount = forms.DecimalField(
        label=_("Monthly dues"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        widget=MONEY,
        help_text=_("In the currency of the time."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = Unit.objects.where_user_holds(user, "people.add_duesrate")
        self.fields["unit"].help_text = _(
            "Every member of this unit and the units under it gets the rate."
        )


class SheetChoiceForm(forms.Form):
    """Which unit's sheet, for which month (GET)."""

    unit = forms.CharField(label=_("Unit"), required=False, help_text=_("Code; empty: yours."))
    month = MonthField(label=_("Month"), required=False)


class SheetForm(forms.Form):
    """The day paid and who collected, for every row of the sheet; the amounts come as
    `paid-<person id>` fields, read by the view."""

    paid_on = forms.DateField(label=_("Paid on"), widget=DATE_INPUT)
    collected_by = PersonField(label=_("Collected by"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collected_by"].queryset = Person.objects.restrict(user, "view")
        self.fields["collected_by"].help_text = _("Employee number of who collected.")

    def clean_paid_on(self):
        day = self.cleaned_data["paid_on"]
        if not 1900 <= day.year <= 2199:
            raise ValidationError(_("Give a date between 1900 and 2199."))
        return day


class ArrearsForm(forms.Form):
    """The unit and the months of the arrears report."""

    unit = forms.CharField(label=_("Unit"), required=False, help_text=_("Code; empty: yours."))
    start = MonthField(label=_("From month"), required=False)
    through = MonthField(label=_("Through month"), required=False)

    def clean(self):
        data = super().clean()
        start, through = data.get("start"), data.get("through")
        if start and through and start > through:
            self.add_error("through", _("The last month comes before the first."))
        # The limit holds once the defaults are filled in: a first month alone runs
        # through this month.
        problem = dues.report_months_problem(start, through)
        if problem and not self.has_error("through"):
            self.add_error(*problem)
        return data


# Welfare

PERSON_KEPT = _(
    "Only the person's group leader and welfare officer may move the case to another "
    "person: its health details are private."
)


class WelfareCaseForm(ScopedModelForm):
    """A welfare case. Its health details are offered only to those who may read them
    (the group leader and the welfare officer), and kept unchanged for everyone else,
    as is the case's person."""

    person = PersonField(label=_("Person"))

    class Meta:
        model = WelfareCase
        fields = [
            "person",
            "kind",
            "opened_on",
            "closed_on",
            "summary",
            "health_details",
            "help_arranged",
        ]
        widgets = {
            "opened_on": DATE_INPUT,
            "closed_on": DATE_INPUT,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "health_details": forms.Textarea(attrs={"rows": 3}),
            "help_arranged": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = "change" if self.instance.pk else "add"
        self.fields["person"].queryset = keepers_people(self.user, f"people.{action}_welfarecase")
        if self.instance.pk:
            reads_health = may_view_health(self.user, self.instance.person.unit_path)
        else:
            reads_health = health_paths(self.user) != []
        if not reads_health:
            del self.fields["health_details"]
            if self.instance.pk:
                # Moving the case to someone whose health details they read would show
                # them what they may not read: the person stays as it is.
                person_field = self.fields["person"]
                person_field.disabled = True
                person_field.queryset = Person.objects.filter(pk=self.instance.person_id)
                person_field.help_text = PERSON_KEPT
                self.initial["person"] = self.instance.person.employee_number

    def clean(self):
        data = super().clean()
        person = data.get("person")
        if (
            "health_details" in self.fields
            and person is not None
            and data.get("health_details")
            and not may_view_health(self.user, person.unit_path)
        ):
            self.add_error(
                "health_details",
                _(
                    "You may not keep this person's health details: only their group leader "
                    "and welfare officer may."
                ),
            )
        if (
            self.instance.pk
            and person is not None
            and person.pk != self.instance.person_id
            and self.instance.health_details
            and not may_view_health(self.user, person.unit_path)
        ):
            self.add_error(
                "person",
                _(
                    "The case holds private health details: it may be moved only to a person "
                    "whose health details you read."
                ),
            )
        return data


class WelfareHelpForm(ScopedModelForm):
    """Help given in a case, on the case's page."""

    class Meta:
        model = WelfareHelp
        fields = ["day", "kind", "amount", "given_by", "note"]
        widgets = {"day": DATE_INPUT, "amount": MONEY, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.instance.case = case
        if not self.instance.pk:
            self.initial["day"] = self.initial.get("day") or datetime.date.today()


# Activities


class ActivityForm(ScopedModelForm):
    unit = UnitField(label=_("Unit"))
    organiser = PersonField(label=_("Organiser"), required=False)

    class Meta:
        model = Activity
        fields = ["unit", "kind", "held_on", "title", "place", "organiser", "notes"]
        widgets = {"held_on": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = "change" if self.instance.pk else "add"
        self.fields["unit"].queryset = Unit.objects.where_user_holds(
            self.user, f"people.{action}_activity"
        )
        self.fields["organiser"].queryset = Person.objects.restrict(self.user, "view")
        self.fields["organiser"].help_text = _("Employee number, e.g. the culture officer's.")
        if not self.instance.pk:
            self.initial["held_on"] = self.initial.get("held_on") or datetime.date.today()
