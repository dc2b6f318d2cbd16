"""Forms of the groups area. People are ticked from short lists on a phone: a session's
members present, a problem's solvers, a demonstration's attendees. Every choice is
limited to what the user may see, and people to the group's or the unit's own."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gexin.core.forms import ScopedModelForm
from gexin.core.permissions import under
from gexin.exchange.models import Experience
from gexin.innovation.models import KeyIssue
from gexin.meetings.forms import DATE_INPUT, people_numbers
from gexin.meetings.models import Meeting, Proposal
from gexin.org.backends import own_person
from gexin.org.filtersets import find_unit
from gexin.org.forms import PersonField, UnitField
from gexin.org.models import Person, Unit
from gexin.people import groups as services
from gexin.people.models.groups import (
    Demonstration,
    SolvedProblem,
    StudyGroup,
    StudyGroupMember,
    StudyGroupRole,
    StudySession,
)

# Beyond this many people a tick list is of no use on a phone: employee numbers instead.
TICK_LIMIT = 200
# Proposals, key issues, meetings and experiences offered in a drop-down.
CHOICE_LIMIT = 200


class TickList(forms.CheckboxSelectMultiple):
    """Checkboxes drawn one per line, each big enough for a thumb."""

    tick_list = True


def line_q(lookup, unit):
    """Rows whose unit (`lookup`, a path) is `unit`, above it or below it."""
    return under(lookup, unit.path) | Q(**{f"{lookup}__in": unit.ancestor_paths()})


def limited_choices(queryset, current_pk, order):
    """The newest CHOICE_LIMIT rows of `queryset`, and the current one if it is visible."""
    rows = list(queryset.order_by(*order)[:CHOICE_LIMIT].values_list("pk", flat=True))
    if current_pk and current_pk not in rows and queryset.filter(pk=current_pk).exists():
        rows.append(current_pk)
    return queryset.model.objects.filter(pk__in=rows).order_by(*order)


def keep_hidden_link(form, data, name):
    """A link the user may not see is neither offered nor cleared: left empty on the
    form, it stays as it was."""
    current_pk = getattr(form.instance, f"{name}_id")
    if (
        current_pk
        and data.get(name) is None
        and name not in form.errors
        and not form.fields[name].queryset.filter(pk=current_pk).exists()
    ):
        data[name] = getattr(form.instance, name)


class LabelledChoice(forms.ModelChoiceField):
    def __init__(self, *args, label_of=str, **kwargs):
        self.label_of = label_of
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return self.label_of(obj)


class PersonTicks(forms.ModelMultipleChoiceField):
    widget = TickList

    def label_from_instance(self, person):
        return f"{person.display_name} · {person.employee_number}"


def check_day(form, name):
    day = form.cleaned_data.get(name)
    if day is not None and not 1900 <= day.year <= 2199:
        form.add_error(name, _("Give a date between 1900 and 2199."))


# Groups


class StudyGroupForm(ScopedModelForm):
    unit = UnitField(label=_("Unit"))
    leader = PersonField(label=_("Leader"))
    leader_role = forms.ChoiceField(
        label=_("The leader's role in the group"),
        choices=StudyGroupRole.choices,
        initial=StudyGroupRole.MEMBER,
        help_text=_("The leader becomes the group's first member."),
    )

    class Meta:
        model = StudyGroup
        fields = [
            "unit",
            "kind",
            "name",
            "name_zh",
            "leader",
            "focus",
            "meets",
            "formed_on",
            "dissolved_on",
        ]
        widgets = {
            "focus": forms.Textarea(attrs={"rows": 3}),
            "formed_on": DATE_INPUT,
            "dissolved_on": DATE_INPUT,
        }

    field_order = ["unit", "kind", "name", "name_zh", "leader", "leader_role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = "change" if self.instance.pk else "add"
        self.fields["unit"].queryset = Unit.objects.where_user_holds(
            self.user, f"people.{action}_studygroup"
        )
        self.fields["leader"].queryset = Person.objects.restrict(self.user, "view")
        if self.instance.pk:
            del self.fields["leader_role"]
            self.fields["leader"].help_text = _(
                "A current member of the group: add the new leader as a member first."
            )

    def clean(self):
        data = super().clean()
        check_day(self, "formed_on")
        check_day(self, "dissolved_on")
        return data

    def save(self, commit=True):
        return services.save_group(
            self.instance, self.cleaned_data.get("leader_role") or StudyGroupRole.MEMBER
        )


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return f"{person.display_name} · {person.employee_number}"


class StudyGroupMemberForm(ScopedModelForm):
    """Add a person of the group's unit to it, or change a membership's role and dates."""

    class Meta:
        model = StudyGroupMember
        fields = ["person", "role", "joined_on", "left_on"]
        widgets = {"joined_on": DATE_INPUT, "left_on": DATE_INPUT}

    def __init__(self, *args, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group or self.instance.group
        self.instance.group = self.group
        if self.instance.pk:
            # Shown, not changed: a membership is of one person.
            self.fields["person"] = PersonChoice(
                queryset=Person.objects.filter(pk=self.instance.person_id),
                label=_("Person"),
                disabled=True,
            )
            return
        candidates = (
            Person.objects.restrict(self.user, "view")
            .filter(under("unit_path", self.group.unit.path), is_active=True)
            .exclude(pk__in=self.group.memberships.filter(left_on__isnull=True).values("person_id"))
            .order_by("employee_number")
        )
        if candidates.count() <= TICK_LIMIT:
            self.fields["person"] = PersonChoice(
                queryset=candidates,
                label=_("Person"),
                help_text=_("People of the group's unit who are not members now."),
            )
        else:
            self.fields["person"] = PersonField(queryset=candidates, label=_("Person"))
        self.order_fields(["person", "role", "joined_on", "left_on"])
        today = datetime.date.today()
        if self.group.is_active_on(today):
            self.initial["joined_on"] = self.initial.get("joined_on") or today

    def clean(self):
        data = super().clean()
        check_day(self, "joined_on")
        check_day(self, "left_on")
        return data

    def save(self, commit=True):
        return services.save_member(self.instance)


class EndMembershipForm(forms.Form):
    on = forms.DateField(
        label=_("Left on"),
        widget=DATE_INPUT,
        help_text=_("The first day the person is no longer a member."),
    )


def ever_members(group):
    """The people who have been members of the group, for the tick lists."""
    return services.people_ever_in(group)


class StudySessionForm(ScopedModelForm):
    """A session of the group with the members present ticked off."""

    attendees = PersonTicks(
        queryset=Person.objects.none(),
        required=False,
        label=_("Present"),
        help_text=_("Tick the members present; only members on that day may be ticked."),
    )

    class Meta:
        model = StudySession
        fields = ["held_on", "topic", "notes", "attendees"]
        widgets = {"held_on": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group or self.instance.group
        self.instance.group = self.group
        self.fields["attendees"].queryset = ever_members(self.group)
        if not self.instance.pk:
            today = datetime.date.today()
            if self.group.is_active_on(today):
                # A new instance's empty fields are in `initial` already (as None and []).
                self.initial["held_on"] = self.initial.get("held_on") or today
                self.initial["attendees"] = self.initial.get("attendees") or [
                    m.person_id for m in services.members_on(self.group, today)
                ]

    def clean(self):
        data = super().clean()
        check_day(self, "held_on")
        try:
            services.check_members(
                self.group, data.get("held_on"), data.get("attendees") or [], "attendees"
            )
        except ValidationError as error:
            self.add_error(None, error)
        return data

    def save(self, commit=True):
        return services.save_session(self.instance, list(self.cleaned_data["attendees"]))


def proposal_label(proposal):
    return f"{proposal.title} · {proposal.unit.display_name} · {proposal.submitted_on}"


def key_issue_label(issue):
    return f"{issue.title} · {issue.unit.display_name}"


class SolvedProblemForm(ScopedModelForm):
    """A problem the group solved, its solvers ticked, and the proposal or key issue it
    answers (among those the user may see, of the group's unit, above or below)."""

    proposal = LabelledChoice(
        queryset=Proposal.objects.none(),
        required=False,
        label=_("Proposal"),
        label_of=proposal_label,
        help_text=_("Proposals you may see, of the group's unit, above or below."),
    )
    key_issue = LabelledChoice(
        queryset=KeyIssue.objects.none(),
        required=False,
        label=_("Key issue"),
        label_of=key_issue_label,
        help_text=_("Key issues you may see, of the group's unit, above or below."),
    )
    solved_by = PersonTicks(
        queryset=Person.objects.none(),
        required=False,
        label=_("Solved by"),
        help_text=_("Members of the group on that day."),
    )

    class Meta:
        model = SolvedProblem
        fields = [
            "title",
            "description",
            "solved_on",
            "result",
            "solved_by",
            "proposal",
            "key_issue",
        ]
        widgets = {"solved_on": DATE_INPUT, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group or self.instance.group
        self.instance.group = self.group
        unit = self.group.unit
        self.fields["solved_by"].queryset = ever_members(self.group)
        self.fields["proposal"].queryset = limited_choices(
            Proposal.objects.restrict(self.user, "view")
            .filter(line_q("unit__path", unit))
            .select_related("unit"),
            self.instance.proposal_id,
            ["-submitted_on", "-pk"],
        ).select_related("unit")
        self.fields["key_issue"].queryset = limited_choices(
            KeyIssue.objects.restrict(self.user, "view")
            .filter(line_q("unit__path", unit))
            .select_related("unit"),
            self.instance.key_issue_id,
            ["-ranked_on", "-pk"],
        ).select_related("unit")
        if not self.instance.pk:
            self.initial["solved_on"] = self.initial.get("solved_on") or datetime.date.today()

    def clean(self):
        data = super().clean()
        check_day(self, "solved_on")
        keep_hidden_link(self, data, "proposal")
        keep_hidden_link(self, data, "key_issue")
        try:
            services.check_members(
                self.group, data.get("solved_on"), data.get("solved_by") or [], "solved_by"
            )
        except ValidationError as error:
            self.add_error(None, error)
        return data

    def save(self, commit=True):
        return services.save_solved_problem(self.instance, list(self.cleaned_data["solved_by"]))


def meeting_label(meeting):
    return f"{meeting.day.isoformat()} · {meeting.title or meeting.kind_label}"


def experience_label(experience):
    return f"{experience.title} · {experience.unit.display_name}"


class DemonstrationForm(ScopedModelForm):
    """A demonstration and its attendees, ticked from the people of its unit (or, for a
    large unit, given by employee number)."""

    unit = UnitField(label=_("Unit"))
    demonstrator = PersonField(
        label=_("Demonstrator"),
        help_text=_("The advanced worker who showed the method; may come from another unit."),
    )
    meeting = LabelledChoice(
        queryset=Meeting.objects.none(),
        required=False,
        label=_("At the meeting"),
        label_of=meeting_label,
    )
    experience = LabelledChoice(
        queryset=Experience.objects.none(),
        required=False,
        label=_("Written up as"),
        label_of=experience_label,
        help_text=_("The advanced experience written up from it, if any."),
    )

    class Meta:
        model = Demonstration
        fields = [
            "unit",
            "demonstrator",
            "held_on",
            "topic",
            "method",
            "place",
            "meeting",
            "experience",
        ]
        widgets = {"held_on": DATE_INPUT, "method": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = "change" if self.instance.pk else "add"
        units = Unit.objects.where_user_holds(self.user, f"people.{action}_demonstration")
        self.fields["unit"].queryset = units
        self.fields["demonstrator"].queryset = Person.objects.restrict(self.user, "view")
        self.roster_unit = self.find_roster_unit(units)
        unit = self.roster_unit
        meetings = Meeting.objects.restrict(self.user, "view")
        experiences = Experience.objects.restrict(self.user, "view")
        roster = Person.objects.none()
        if unit is not None:
            meetings = meetings.filter(line_q("unit__path", unit))
            experiences = experiences.filter(line_q("unit__path", unit))
            roster = (
                Person.objects.restrict(self.user, "view")
                .filter(under("unit_path", unit.path))
                .filter(Q(is_active=True) | Q(pk__in=self.current_attendee_ids()))
                .order_by("employee_number")
            )
        self.fields["meeting"].queryset = limited_choices(
            meetings, self.instance.meeting_id, ["-scheduled_at", "-pk"]
        ).select_related("unit")
        self.fields["experience"].queryset = limited_choices(
            experiences, self.instance.experience_id, ["-introduced_on", "-pk"]
        ).select_related("unit")
        self.roster = roster
        if roster.count() <= TICK_LIMIT:
            self.fields["attendees"] = PersonTicks(
                queryset=roster,
                required=False,
                label=_("Attendees"),
                help_text=_(
                    "People of the unit who watched. After changing the unit, save and "
                    "tick the new unit's people."
                ),
            )
            if self.instance.pk:
                self.initial["attendees"] = self.current_attendee_ids()
        else:
            self.fields["attendees"] = forms.CharField(
                label=_("Attendees"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Employee numbers of the people of the unit who watched."),
            )
            if self.instance.pk:
                self.initial["attendees"] = ", ".join(
                    self.instance.attendees.order_by("employee_number").values_list(
                        "employee_number", flat=True
                    )
                )

    def current_attendee_ids(self):
        if not self.instance.pk:
            return []
        return list(self.instance.attendees.values_list("pk", flat=True))

    def find_roster_unit(self, units):
        """The unit whose people are offered: the one posted, the record's, the one asked
        for (?unit=) or the user's own."""
        if self.is_bound:
            posted = find_unit(self.data.get("unit"), units)
            if posted is not None:
                return Unit.objects.get(pk=posted.pk)
        if self.instance.pk:
            return self.instance.unit
        initial = self.initial.get("unit")
        if isinstance(initial, Unit):
            return initial
        return None

    def clean_attendees(self):
        value = self.cleaned_data.get("attendees")
        if isinstance(value, str):
            return people_numbers(value, self.roster)
        return list(value or [])

    def clean(self):
        data = super().clean()
        check_day(self, "held_on")
        keep_hidden_link(self, data, "meeting")
        keep_hidden_link(self, data, "experience")
        unit = data.get("unit")
        if unit is not None and data.get("attendees"):
            try:
                services.check_attendees(unit, data["attendees"])
            except ValidationError as error:
                self.add_error(None, error)
        return data

    def save(self, commit=True):
        return services.save_demonstration(self.instance, self.cleaned_data["attendees"])


def default_unit_for(user, perm, requested=None):
    """The unit a new record starts in: the one asked for, the user's own, or the
    highest unit where the user holds `perm`."""
    units = Unit.objects.where_user_holds(user, perm)
    unit = find_unit(requested, units) if requested else None
    if unit is None:
        person = own_person(user)
        if person is not None and units.filter(pk=person.unit_id).exists():
            unit = person.unit
    if unit is None:
        unit = units.order_by("depth", "path").first()
    return Unit.objects.get(pk=unit.pk) if unit is not None else None
