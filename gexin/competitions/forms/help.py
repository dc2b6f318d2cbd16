"""Forms for awards, one-helps-one pairings, help cases, advanced producers and handovers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gexin.competitions.choices import (
    AwardKind,
    HelpCause,
    HelpOutcome,
    HelpReason,
    ProducerStatus,
)
from gexin.competitions.laggards import MISSED_AT_LEAST, OF_LAST
from gexin.competitions.models import (
    PERSON_KEPT,
    PERSON_NOT_READ,
    RESOLVE_REFUSED,
    AdvancedProducer,
    Award,
    Competition,
    Evaluation,
    Handover,
    HelpCase,
    Pairing,
    Participant,
)
from gexin.core.forms import ScopedModelForm
from gexin.core.permissions import PATH_STEP
from gexin.meetings.choices import MeetingStatus
from gexin.meetings.forms import DATE_INPUT
from gexin.meetings.models import Meeting
from gexin.org.forms import PersonField, UnitField
from gexin.org.models import Person, Unit
from gexin.org.privacy import may_view_health
from gexin.plans.models import Metric

FIRST_YEAR, LAST_YEAR = 1900, 2199
MONEY_INPUT = forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal", "min": "0"})


def check_years(form, *names):
    for name in names:
        day = form.cleaned_data.get(name)
        if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
            form.add_error(name, _("Give a date between 1900 and 2199."))


def participant_choices(field, competition):
    field.queryset = (
        Participant.objects.filter(competition=competition, is_active=True)
        .select_related("person", "unit")
        .order_by("unit_path", "pk")
    )


class ParticipantChoiceField(forms.ModelChoiceField):
    """A participant, named with its competition when several competitions are offered."""

    def label_from_instance(self, participant):
        return f"{participant} · {participant.competition}"


class AwardForm(ScopedModelForm):
    """An award proposed for a participant of an evaluated competition."""

    class Meta:
        model = Award
        fields = ["evaluation", "participant", "kind", "title", "amount", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2}), "amount": MONEY_INPUT}
        help_texts = {
            "amount": _("For a material award: its value in yuan. An honour title has none."),
            "title": _("e.g. advanced group of the month, or a bonus for the winning shift."),
        }

    def __init__(self, *args, evaluation=None, **kwargs):
        super().__init__(*args, **kwargs)
        evaluations = Evaluation.objects.where_user_holds(
            self.user, "competitions.change_award" if self.instance.pk else "competitions.add_award"
        ).select_related("competition")
        self.fields["evaluation"].queryset = evaluations
        if evaluation is not None:
            # Proposed from the evaluation's page, or an existing award: it stays there.
            self.initial["evaluation"] = evaluation.pk
            self.fields["evaluation"].disabled = True
            participant_choices(self.fields["participant"], evaluation.competition)
        else:
            self.fields["participant"] = ParticipantChoiceField(
                label=self.fields["participant"].label,
                queryset=Participant.objects.filter(
                    competition__in=evaluations.values("competition_id"), is_active=True
                )
                .select_related("person", "unit", "competition")
                .order_by("competition_id", "unit_path", "pk"),
            )

    def clean(self):
        data = super().clean()
        if data.get("kind") == AwardKind.HONOUR and data.get("amount") is not None:
            self.add_error(
                "amount", _("An honour title carries no amount; make it a material award.")
            )
        return data

    def save(self, commit=True):
        award = self.instance
        # Whoever last proposed or changed an award cannot be the second person deciding it.
        award.proposed_by = self.user
        award.save()
        return award


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args, required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = required
        if not required:
            self.fields["note"].label = _("Note (optional)")


class PairingForm(ScopedModelForm):
    """An advanced participant paired with a laggard of the same competition."""

    class Meta:
        model = Pairing
        fields = ["advanced", "laggard", "since", "ended_on", "goal"]
        widgets = {
            "since": DATE_INPUT,
            "ended_on": DATE_INPUT,
            "goal": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "goal": _("What the pair work towards, e.g. qualified rate up to 98% by June."),
            "ended_on": _("Leave empty while the pair still works together."),
        }

    def __init__(self, *args, competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.competition = competition
        participant_choices(self.fields["advanced"], competition)
        participant_choices(self.fields["laggard"], competition)

    def clean(self):
        data = super().clean()
        check_years(self, "since", "ended_on")
        self.instance.competition = self.competition
        return data

    def save(self, commit=True):
        self.instance.competition = self.competition
        self.instance.save()
        return self.instance


class HelpCaseForm(ScopedModelForm):
    """Why the worker is helped, the cause found and the help arranged.

    The notes of a case whose cause is health are private: a user who may not read them
    edits the case without them, and may not change its cause (that would show them).
    """

    person_ref = PersonField(label=_("Worker"))
    # The model's `reason`, under another name: the edit page's `reason` is the reason
    # for the change kept in the history.
    help_reason = forms.ChoiceField(
        label=_("Why helped"),
        choices=HelpReason.choices,
        initial=HelpReason.MISSES_QUOTA,
        help_text=_(
            "Seed 000 names two kinds of people to help: young and new workers, and "
            "those who often miss their task or quota."
        ),
    )

    class Meta:
        model = HelpCase
        fields = [
            "competition",
            "periods_missed",
            "cause",
            "cause_note",
            "help_arranged",
            "opened_on",
            "resolved_on",
        ]
        widgets = {
            "cause_note": forms.Textarea(attrs={"rows": 3}),
            "help_arranged": forms.Textarea(attrs={"rows": 3}),
            "opened_on": DATE_INPUT,
            "resolved_on": DATE_INPUT,
        }
        help_texts = {
            "periods_missed": _("For a worker who misses the quota: the periods missed."),
            "cause_note": _(
                "What the talk with the worker and the group found. When the cause is "
                "health it is private: only the group leader and the welfare officer read it."
            ),
            "help_arranged": _(
                "e.g. the lathe repaired, a master worker teaches the apprentice for a month."
            ),
            "resolved_on": _(
                "Set once the worker fulfils the quota again; a weekly meeting's review "
                "can resolve it too."
            ),
        }

    field_order = [
        "person_ref",
        "help_reason",
        "competition",
        "periods_missed",
        "cause",
        "cause_note",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = "change" if self.instance.pk else "add"
        self.fields["person_ref"].queryset = Person.objects.where_user_holds(
            self.user, f"competitions.{action}_helpcase"
        )
        self.fields["competition"].queryset = Competition.objects.restrict(self.user, "view")
        self.fields["competition"].required = False
        self.keeps_private = False
        if self.instance.pk:
            self.initial.setdefault("person_ref", self.instance.person)
            self.initial.setdefault("help_reason", self.instance.reason)
            if not self.instance.may_read_notes(self.user):
                # Kept as they are, unseen; the cause stays health, and the case stays
                # with its worker (moved to one whose notes the user reads, it would show
                # them).
                self.keeps_private = True
                for name in HelpCase.private_fields:
                    del self.fields[name]
                self.fields["cause"].disabled = True
                self.fields["cause"].help_text = _(
                    "The notes of this case are private: only the group leader and the "
                    "welfare officer read and change them."
                )
                person = self.fields["person_ref"]
                person.disabled = True
                person.queryset = Person.objects.filter(pk=self.instance.person_id)
                # A disabled field reads its initial value as if typed: the employee number.
                self.initial["person_ref"] = self.instance.person.employee_number
                person.help_text = PERSON_KEPT

    def clean(self):
        data = super().clean()
        check_years(self, "opened_on", "resolved_on")
        person = data.get("person_ref")
        if self.instance.pk and person is not None and person.pk != self.instance.person_id:
            case = self.instance
            cause = data.get("cause") or case.cause
            if not case.may_read_notes(self.user):
                self.add_error("person_ref", PERSON_KEPT)
            elif cause == HelpCause.HEALTH and not may_view_health(self.user, person.unit_path):
                self.add_error("person_ref", PERSON_NOT_READ)
        resolved_on = data.get("resolved_on")
        if self.keeps_private and resolved_on and resolved_on != self.instance.resolved_on:
            # Whether the help arranged is written, which resolving needs, is private too.
            self.add_error("resolved_on", RESOLVE_REFUSED)
        if data.get("person_ref") is not None:
            self.instance.person = data["person_ref"]
        if data.get("help_reason"):
            self.instance.reason = data["help_reason"]
        return data

    def save(self, commit=True):
        self.instance.person = self.cleaned_data["person_ref"]
        self.instance.reason = self.cleaned_data["help_reason"]
        self.instance.save()
        return self.instance


def reviewing_meetings(user, case):
    """The meetings the user may see that may review the case next."""
    visible = Meeting.objects.restrict(user, "view").values("pk")
    return case.reviewing_meetings().filter(pk__in=visible)


class MeetingDayField(forms.ModelChoiceField):
    """A meeting named by its day first, so that a phone's narrow select shows it."""

    def label_from_instance(self, meeting):
        return f"{meeting.day.isoformat()} · {meeting.unit.display_name}"


class HelpReviewForm(forms.Form):
    """The weekly meeting's review of a help case: the progress, and what it decided."""

    meeting = MeetingDayField(label=_("Reviewed at the meeting"), queryset=Meeting.objects.none())
    note = forms.CharField(
        label=_("Progress"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("What the meeting found: how the help is going."),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=HelpOutcome.choices, initial=HelpOutcome.CONTINUE
    )

    def __init__(self, *args, user, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.user = user
        meetings = reviewing_meetings(user, case)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].help_text = _(
            "A held weekly production meeting of %(unit)s or of a unit above it, since the "
            "case was opened."
        ) % {"unit": case.person.unit.display_name}
        if case.cause == HelpCause.HEALTH:
            self.fields["note"].help_text = _(
                "Private, as the cause is health: only the group leader and the welfare "
                "officer read it."
            )
        if "meeting" not in self.initial:
            latest = meetings.first()
            if latest is not None:
                self.initial["meeting"] = latest.pk

    def save(self):
        """Record the review through the case's workflow (resolving it if so decided)."""
        data = self.cleaned_data
        return self.case.review(data["meeting"], data["note"], data["outcome"], user=self.user)


class QuotaSearchForm(forms.Form):
    """Whose quota-missing to look at: a competition of people, or a unit's people."""

    competition = forms.ModelChoiceField(
        label=_("Competition"), queryset=Competition.objects.none(), required=False
    )
    unit = UnitField(label=_("Or a unit"), required=False)
    at_least = forms.IntegerField(
        label=_("Missed at least"), min_value=1, max_value=24, initial=MISSED_AT_LEAST
    )
    of_last = forms.IntegerField(
        label=_("of their last periods"), min_value=1, max_value=24, initial=OF_LAST
    )
    as_of = forms.DateField(label=_("Periods ended by"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competition"].queryset = Competition.objects.restrict(user, "view")
        self.fields["unit"].queryset = Unit.objects.restrict(user, "view")

    def clean(self):
        data = super().clean()
        if data.get("at_least") and data.get("of_last") and data["at_least"] > data["of_last"]:
            self.add_error("at_least", _("A worker cannot miss more periods than are looked at."))
        as_of = data.get("as_of")
        if as_of is not None and not FIRST_YEAR <= as_of.year <= LAST_YEAR:
            self.add_error("as_of", _("Give a date between 1900 and 2199."))
        return data


class AdvancedProducerForm(ScopedModelForm):
    """A producer put forward by hand, or the evidence and method of one suggested."""

    person_ref = PersonField(label=_("Person"))

    class Meta:
        model = AdvancedProducer
        fields = ["competition", "evidence", "method"]
        widgets = {
            "evidence": forms.Textarea(attrs={"rows": 4}),
            "method": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "method": _(
                "How the producer works, summed up so others can learn it; an experience "
                "to spread is made from it."
            ),
        }

    field_order = ["person_ref", "competition", "evidence", "method"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = "change" if self.instance.pk else "add"
        self.fields["person_ref"].queryset = Person.objects.where_user_holds(
            self.user, f"competitions.{action}_advancedproducer"
        )
        self.fields["competition"].queryset = Competition.objects.restrict(self.user, "view")
        self.fields["competition"].required = False
        if self.instance.pk:
            self.initial.setdefault("person_ref", self.instance.person)
            if self.instance.status != ProducerStatus.SUGGESTED:
                # The meeting decided on this person: it stays.
                self.fields["person_ref"].disabled = True

    def clean(self):
        data = super().clean()
        if not (data.get("evidence") or "").strip():
            self.add_error("evidence", _("Say what shows the person is an advanced producer."))
        return data

    def save(self, commit=True):
        self.instance.person = self.cleaned_data["person_ref"]
        self.instance.save()
        return self.instance


def deciding_meetings(user, person):
    """Meetings the user may see, of the person's unit or a unit above it, that were held."""
    path = person.unit_path
    enclosing = [path[:end] for end in range(PATH_STEP, len(path) + 1, PATH_STEP)]
    return (
        Meeting.objects.restrict(user, "view")
        .filter(
            unit__path__in=enclosing,
            status__in=(MeetingStatus.HELD, MeetingStatus.SIGNED_OFF),
        )
        .select_related("unit")
        .order_by("-scheduled_at")
    )


class ProducerDecisionForm(forms.Form):
    """The meeting's decision on a suggested producer: confirmed, with the method, or not."""

    meeting = forms.ModelChoiceField(
        label=_("Decided at the meeting"), queryset=Meeting.objects.none()
    )
    method = forms.CharField(
        label=_("The method, summed up"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("What others can learn from the producer; an experience is made from it."),
    )
    note = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, user, producer, confirming, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = deciding_meetings(user, producer.person)
        self.fields["meeting"].help_text = _(
            "A held meeting of %(unit)s or of a unit above it."
        ) % {"unit": producer.person.unit.display_name}
        if confirming:
            self.fields["method"].required = True
            self.fields["method"].initial = producer.method
            self.fields["note"].label = _("Note (optional)")
        else:
            del self.fields["method"]
            self.fields["note"].required = True
            self.fields["note"].label = _("Why the meeting did not confirm it")


class HandoverForm(ScopedModelForm):
    """Two participants of the competition that hand over to each other, on a metric."""

    class Meta:
        model = Handover
        fields = ["giver", "taker", "metric"]
        help_texts = {
            "giver": _("The one that works first and hands over, e.g. the morning shift."),
            "taker": _("The one that takes over next, e.g. the afternoon shift."),
            "metric": _(
                "The figure one side could improve at the other's cost, e.g. coal per tonne."
            ),
        }

    def __init__(self, *args, competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.competition = competition
        participant_choices(self.fields["giver"], competition)
        participant_choices(self.fields["taker"], competition)
        self.fields["metric"].queryset = Metric.objects.order_by("code")

    def clean(self):
        data = super().clean()
        self.instance.competition = self.competition
        return data

    def save(self, commit=True):
        self.instance.competition = self.competition
        self.instance.save()
        return self.instance
