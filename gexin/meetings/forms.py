"""Forms for meetings, their agenda and minutes, action items and proposals."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gexin.core.forms import ScopedModelForm
from gexin.meetings.choices import AttendanceStatus, DispositionKind, EntryKind
from gexin.meetings.models import (
    FIGURE,
    MONEY,
    ActionItem,
    AgendaItem,
    Meeting,
    MinuteEntry,
    Proposal,
    ProposalDeadline,
)
from gexin.org.forms import PersonField, UnitField
from gexin.org.models import Person, Unit

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

REASON_REQUIRED = _(
    "These minutes are signed off: give the reason for the change. It is kept in the "
    "history with your name."
)


def people_numbers(text, queryset):
    """People named by employee numbers separated by commas, spaces or new lines."""
    numbers = [part for part in text.replace(",", " ").replace("，", " ").split() if part]
    found = {p.employee_number: p for p in queryset.filter(employee_number__in=numbers)}
    missing = [number for number in numbers if number not in found]
    if missing:
        raise forms.ValidationError(
            _("No person with the employee number(s) %(numbers)s among the people you may see."),
            params={"numbers": ", ".join(missing)},
        )
    return [found[number] for number in dict.fromkeys(numbers)]


class MeetingForm(ScopedModelForm):
    """Schedule a meeting; a new one may list its agenda, one item per line."""

    unit_ref = UnitField(label=_("Unit"))
    chair_ref = PersonField(label=_("Chair"), required=False)
    invitee_numbers = forms.CharField(
        label=_("Invitees"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Employee numbers of people invited from outside the unit, separated by commas."
        ),
    )
    guest_codes = forms.CharField(
        label=_("Guest units"),
        required=False,
        help_text=_(
            "Codes of other units taking part (an exchange conference), separated by commas."
        ),
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One question per line; you can change the agenda later."),
    )

    class Meta:
        model = Meeting
        fields = ["kind", "title", "scheduled_at", "place", "summary"]
        widgets = {"scheduled_at": DATETIME_INPUT, "summary": forms.Textarea(attrs={"rows": 3})}

    field_order = ["unit_ref", "kind", "title", "scheduled_at", "place", "chair_ref", "agenda"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = "meetings.change_meeting" if self.instance.pk else "meetings.add_meeting"
        self.fields["unit_ref"].queryset = Unit.objects.where_user_holds(self.user, action)
        self.fields["chair_ref"].queryset = Person.objects.restrict(self.user, "view")
        self.fields["scheduled_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if self.instance.pk:
            del self.fields["agenda"]
            self.initial.setdefault("unit_ref", self.instance.unit)
            self.initial.setdefault("chair_ref", self.instance.chair)
            self.initial.setdefault(
                "invitee_numbers",
                ", ".join(self.instance.invitees.values_list("employee_number", flat=True)),
            )
            self.initial.setdefault(
                "guest_codes", ", ".join(self.instance.guest_units.values_list("code", flat=True))
            )
        else:
            del self.fields["summary"]

    def clean_invitee_numbers(self):
        return people_numbers(
            self.cleaned_data["invitee_numbers"], Person.objects.restrict(self.user, "view")
        )

    def clean_guest_codes(self):
        codes = [
            part for part in self.cleaned_data["guest_codes"].replace(",", " ").split() if part
        ]
        found = {unit.code: unit for unit in Unit.objects.filter(code__in=codes)}
        missing = [code for code in codes if code not in found]
        if missing:
            raise forms.ValidationError(
                _("No unit with the code(s) %(codes)s."), params={"codes": ", ".join(missing)}
            )
        return list(found.values())

    def clean(self):
        data = super().clean()
        when = data.get("scheduled_at")
        if when is not None and not 1900 <= when.year <= 2199:
            self.add_error("scheduled_at", _("Give a date between 1900 and 2199."))
        return data

    def save(self, commit=True):
        meeting = self.instance
        meeting.unit = self.cleaned_data["unit_ref"]
        meeting.chair = self.cleaned_data.get("chair_ref")
        meeting.save()
        meeting.invitees.set(self.cleaned_data.get("invitee_numbers") or [])
        meeting.guest_units.set(self.cleaned_data.get("guest_codes") or [])
        lines = [line.strip() for line in self.cleaned_data.get("agenda", "").splitlines()]
        for position, title in enumerate([line for line in lines if line], 1):
            AgendaItem.objects.create(meeting=meeting, position=position, title=title[:300])
        return meeting


class AgendaItemForm(ScopedModelForm):
    presenter_ref = PersonField(label=_("Presenter"), required=False)

    class Meta:
        model = AgendaItem
        fields = ["position", "title", "notes", "outcome"]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    field_order = ["position", "title", "notes", "presenter_ref", "outcome"]

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["presenter_ref"].queryset = Person.objects.restrict(self.user, "view")
        if self.instance.pk:
            self.initial.setdefault("presenter_ref", self.instance.presenter)
        else:
            self.initial.setdefault("position", meeting.agenda_items.count() + 1)

    def save(self, commit=True):
        self.instance.meeting = self.meeting
        self.instance.presenter = self.cleaned_data.get("presenter_ref")
        self.instance.save()
        return self.instance


class MinuteEntryForm(ScopedModelForm):
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label=_("About")
    )

    class Meta:
        model = MinuteEntry
        fields = ["kind", "agenda_item", "text", "person", "is_typical"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()
        self.fields["person"].queryset = meeting.members()
        self.fields["person"].help_text = MinuteEntry._meta.get_field("person").help_text

    def save(self, commit=True):
        self.instance.meeting = self.meeting
        self.instance.save()
        return self.instance


class ActionItemForm(ScopedModelForm):
    unit_ref = UnitField(label=_("Unit"))
    owner_ref = PersonField(label=_("Owner"), required=False)

    class Meta:
        model = ActionItem
        fields = ["text", "due_on", "status", "outcome"]
        widgets = {"due_on": DATE_INPUT, "outcome": forms.Textarea(attrs={"rows": 2})}

    field_order = ["unit_ref", "text", "owner_ref", "due_on", "status", "outcome"]

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting or self.instance.meeting
        action = "meetings.change_actionitem" if self.instance.pk else "meetings.add_actionitem"
        self.fields["unit_ref"].queryset = Unit.objects.where_user_holds(self.user, action)
        self.fields["owner_ref"].queryset = Person.objects.restrict(self.user, "view")
        if self.instance.pk:
            self.initial.setdefault("unit_ref", self.instance.unit)
            self.initial.setdefault("owner_ref", self.instance.owner)
        elif self.meeting is not None:
            self.initial.setdefault("unit_ref", self.meeting.unit)
        if self.meeting is not None:
            # An action decided at a meeting belongs to the meeting's unit.
            del self.fields["unit_ref"]

    def save(self, commit=True):
        item = self.instance
        if self.meeting is not None:
            item.meeting = self.meeting
            item.unit = self.meeting.unit
        else:
            item.unit = self.cleaned_data["unit_ref"]
        item.owner = self.cleaned_data.get("owner_ref")
        item.save()
        return item


class QuickActionForm(forms.Form):
    """An action item added from the minutes page: what, who, by when."""

    text = forms.CharField(label=_("New action item"), max_length=500, required=False)
    owner = forms.ModelChoiceField(queryset=Person.objects.none(), required=False, label=_("Owner"))
    due_on = forms.DateField(label=_("Due"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = meeting.members()


class QuickEntryForm(forms.Form):
    """A line of the minutes added from the minutes page."""

    kind = forms.ChoiceField(label=_("Kind"), choices=EntryKind.choices, initial=EntryKind.DECISION)
    text = forms.CharField(
        label=_("New entry"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label=_("About")
    )
    is_typical = forms.BooleanField(label=_("Typical case for the blackboard"), required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = meeting.members()


class AttendanceRowForm(forms.Form):
    person_id = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        choices=AttendanceStatus.choices,
        widget=forms.RadioSelect,
        initial=AttendanceStatus.PRESENT,
        label="",
    )
    reason = forms.CharField(max_length=200, required=False, label=_("Reason for absence"))

    def clean(self):
        data = super().clean()
        if data.get("status") == AttendanceStatus.ABSENT and not data.get("reason", "").strip():
            self.add_error("reason", _("Give the reason for the absence."))
        return data


AttendanceFormSet = forms.formset_factory(AttendanceRowForm, extra=0)


class ReasonForm(forms.Form):
    """The reason for a change, required once the minutes are signed off."""

    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_required = required
        if required:
            self.fields["reason"].help_text = REASON_REQUIRED

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if self.is_required and not reason:
            raise forms.ValidationError(REASON_REQUIRED)
        return reason


class ProposalForm(ScopedModelForm):
    """Submitted from a phone in under a minute: what is wrong, what to do, what it gains."""

    unit_ref = UnitField(label=_("Unit"))
    coauthors = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label=_("Co-authors"),
        widget=forms.CheckboxSelectMultiple,
    )
    author_numbers = forms.CharField(
        label=_("Authors"),
        required=False,
        help_text=_("Employee numbers of the authors, separated by commas."),
    )

    class Meta:
        model = Proposal
        fields = [
            "kind",
            "title",
            "problem",
            "suggestion",
            "expected_benefit",
            "expected_value",
            "expected_unit",
            "submitted_on",
        ]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 3}),
            "suggestion": forms.Textarea(attrs={"rows": 3}),
            "submitted_on": DATE_INPUT,
            "expected_value": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        }

    field_order = ["unit_ref", "title", "problem", "suggestion", "expected_benefit"]

    def __init__(self, *args, person=None, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.meeting = meeting
        action = "meetings.change_proposal" if self.instance.pk else "meetings.add_proposal"
        self.fields["unit_ref"].queryset = Unit.objects.where_user_holds(self.user, action)
        visible = Person.objects.restrict(self.user, "view").filter(is_active=True)
        home = meeting.unit if meeting else (person.unit if person else None)
        if self.instance.pk:
            # The unit set the deadline when the proposal came in; it stays.
            del self.fields["unit_ref"]
            self.initial.setdefault(
                "author_numbers",
                ", ".join(self.instance.authors.values_list("employee_number", flat=True)),
            )
            del self.fields["coauthors"]
        elif person is not None and meeting is None:
            # Someone proposing for themselves: their own unit, and they are the author.
            self.initial.setdefault("unit_ref", person.unit)
            self.fields["coauthors"].queryset = visible.filter(unit=person.unit).exclude(
                pk=person.pk
            )
            del self.fields["author_numbers"]
        else:
            # Raised at a meeting or entered for others: name the authors.
            if home is not None:
                self.initial.setdefault("unit_ref", home)
            self.fields["author_numbers"].required = True
            del self.fields["coauthors"]
        self.visible_people = visible
        for name in ("kind", "submitted_on", "expected_value", "expected_unit"):
            self.fields[name].required = False
        if "submitted_on" in self.fields and not self.instance.pk:
            self.initial.setdefault("submitted_on", datetime.date.today())

    def clean_author_numbers(self):
        if "author_numbers" not in self.fields:
            return []
        return people_numbers(self.cleaned_data["author_numbers"], self.visible_people)

    def clean_submitted_on(self):
        day = self.cleaned_data.get("submitted_on") or datetime.date.today()
        if day > timezone.localdate():
            raise forms.ValidationError(_("A proposal cannot be submitted in the future."))
        if day.year < 1900:
            raise forms.ValidationError(_("Give a date between 1900 and 2199."))
        return day

    def clean(self):
        data = super().clean()
        if "author_numbers" in self.fields and not data.get("author_numbers") and not self.errors:
            self.add_error("author_numbers", _("Name at least one author."))
        if data.get("expected_value") is not None and not data.get("expected_unit"):
            self.add_error("expected_unit", _("Say what the figure measures."))
        return data

    def authors(self):
        if "coauthors" in self.fields:
            return [self.person, *self.cleaned_data.get("coauthors", [])]
        return self.cleaned_data["author_numbers"]

    def save(self, commit=True):
        proposal = self.instance
        if "unit_ref" in self.cleaned_data:
            proposal.unit = self.cleaned_data["unit_ref"]
        proposal.kind = self.cleaned_data.get("kind") or proposal.kind
        if not proposal.pk:
            proposal.submitted_by = self.user
            proposal.meeting = self.meeting
        proposal.save()
        proposal.authors.set(self.authors())
        return proposal


class DisposeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Disposition"), choices=DispositionKind.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("What was done, why it is passed up, or the explanation for the authors"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    to_unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(), required=False, label=_("Pass up to")
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE_INPUT)

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = Unit.objects.filter(
            path__in=proposal.holder.ancestor_paths()
        ).order_by("-depth")
        self.initial.setdefault("decided_on", datetime.date.today())


class ImplementForm(forms.Form):
    implemented_on = forms.DateField(label=_("Implemented on"), widget=DATE_INPUT)
    note = forms.CharField(
        label=_("How it was implemented"), widget=forms.Textarea(attrs={"rows": 3})
    )


class MeasureForm(forms.Form):
    before = forms.DecimalField(label=_("Figure before"), **FIGURE)
    after = forms.DecimalField(label=_("Figure after"), **FIGURE)
    measured_in = forms.CharField(
        label=_("Measured in"), max_length=50, help_text=_("e.g. hours per 100 pipes")
    )
    saving = forms.DecimalField(
        label=_("Saving a year (yuan)"), required=False, min_value=0, **MONEY
    )
    measured_on = forms.DateField(label=_("Measured on"), widget=DATE_INPUT)
    note = forms.CharField(
        label=_("How it was measured"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AwardForm(forms.Form):
    award = forms.CharField(
        label=_("Award"), max_length=300, help_text=_("e.g. certificate of merit and 20 yuan")
    )
    amount = forms.DecimalField(label=_("Amount (yuan)"), required=False, min_value=0, **MONEY)
    awarded_on = forms.DateField(label=_("Awarded on"), widget=DATE_INPUT)


class ProposalDeadlineForm(ScopedModelForm):
    unit_ref = UnitField(label=_("Unit"))

    class Meta:
        model = ProposalDeadline
        fields = ["days"]

    field_order = ["unit_ref", "days"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = (
            "meetings.change_proposaldeadline"
            if self.instance.pk
            else "meetings.add_proposaldeadline"
        )
        self.fields["unit_ref"].queryset = Unit.objects.where_user_holds(self.user, action)
        if self.instance.pk:
            self.initial.setdefault("unit_ref", self.instance.unit)

    def clean(self):
        data = super().clean()
        unit = data.get("unit_ref")
        if unit is not None:
            clash = ProposalDeadline.objects.filter(unit=unit).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("unit_ref", _("This unit already has a deadline; edit that one."))
        return data

    def save(self, commit=True):
        self.instance.unit = self.cleaned_data["unit_ref"]
        self.instance.save()
        return self.instance
