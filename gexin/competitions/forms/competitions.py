"""Forms for competitions, their participants, conditions and eligibility gates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gexin.competitions.choices import ParticipantKind, Scoring
from gexin.competitions.models import Competition, Criterion, EligibilityGate, Participant
from gexin.core.forms import ScopedModelForm
from gexin.meetings.forms import DATE_INPUT
from gexin.org.choices import UnitKind
from gexin.org.forms import PersonField, UnitField
from gexin.org.models import Person, Unit
from gexin.plans.models import Metric

# The kinds of unit each kind of participant may be.
UNIT_KINDS = {
    ParticipantKind.GROUP: (UnitKind.UNION_GROUP,),
    ParticipantKind.SHIFT: (UnitKind.SHIFT, UnitKind.PRODUCTION_TEAM),
    ParticipantKind.WORKSHOP: (UnitKind.WORKSHOP, UnitKind.DEPARTMENT),
}


class CompetitionForm(ScopedModelForm):
    unit_ref = UnitField(label=_("Organised by"))

    class Meta:
        model = Competition
        fields = [
            "title",
            "description",
            "starts_on",
            "ends_on",
            "frequency",
            "participant_kind",
            "work_type",
            "banner_name",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
        }

    field_order = ["unit_ref", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = (
            "competitions.change_competition"
            if self.instance.pk
            else "competitions.add_competition"
        )
        self.fields["unit_ref"].queryset = Unit.objects.where_user_holds(self.user, action)
        if self.instance.pk:
            self.initial.setdefault("unit_ref", self.instance.unit)
            if self.instance.participants.exists():
                # Participants were chosen for this kind; it stays.
                self.fields["participant_kind"].disabled = True
            if self.instance.has_evaluations:
                # Evaluated periods follow from these; they stay once one is evaluated.
                for name in ("frequency", "starts_on", "ends_on"):
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _(
                        "Fixed once the competition has been evaluated."
                    )

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("A competition cannot end before it starts."))
        if data.get("participant_kind") == ParticipantKind.WORKSHOP and not data.get("work_type"):
            self.add_error("work_type", _("Same-type workshops share a work type: name it."))
        return data

    def save(self, commit=True):
        self.instance.unit = self.cleaned_data["unit_ref"]
        return super().save(commit)


class ParticipantForm(ScopedModelForm):
    """A participant of the competition's kind, within the organising unit."""

    unit_ref = UnitField(label=_("Unit"), required=False)
    person_ref = PersonField(label=_("Person"), required=False)

    class Meta:
        model = Participant
        fields = ["joined_on", "is_active"]
        widgets = {"joined_on": DATE_INPUT}

    field_order = ["unit_ref", "person_ref", "joined_on", "is_active"]

    def __init__(self, *args, competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.competition = competition
        within = competition.unit.path
        # A participant with scores stays who it is: its scores and banners are its own.
        self.locked = self.instance.has_scores
        if competition.participant_kind == ParticipantKind.PERSON:
            del self.fields["unit_ref"]
            self.fields["person_ref"].required = True
            self.fields["person_ref"].queryset = Person.objects.restrict(self.user, "view").filter(
                unit_path__startswith=within
            )
            if self.instance.pk:
                self.initial.setdefault("person_ref", self.instance.person)
                self.fields["person_ref"].disabled = self.locked
        else:
            del self.fields["person_ref"]
            self.fields["unit_ref"].required = True
            units = Unit.objects.restrict(self.user, "view").filter(
                path__startswith=within,
                kind__in=UNIT_KINDS[ParticipantKind(competition.participant_kind)],
            )
            if competition.work_type_id:
                units = units.filter(work_type_id=competition.work_type_id)
            self.fields["unit_ref"].queryset = units
            self.fields["unit_ref"].help_text = _(
                "A unit of the competition's kind within %(unit)s."
            ) % {"unit": competition.unit}
            if self.instance.pk:
                self.initial.setdefault("unit_ref", self.instance.unit)
                self.fields["unit_ref"].disabled = self.locked

    def clean(self):
        data = super().clean()
        unit, person = data.get("unit_ref"), data.get("person_ref")
        existing = Participant.objects.filter(competition=self.competition)
        if self.instance.pk:
            existing = existing.exclude(pk=self.instance.pk)
        if unit is not None and existing.filter(unit=unit).exists():
            self.add_error("unit_ref", _("This unit already takes part."))
        if person is not None and existing.filter(person=person).exists():
            self.add_error("person_ref", _("This person already takes part."))
        # Set before the model's own checks run (a participant is a person or a unit).
        self.instance.competition = self.competition
        self.instance.unit = unit
        self.instance.person = person
        return data

    def save(self, commit=True):
        self.instance.save()
        return self.instance


class CriterionForm(ScopedModelForm):
    class Meta:
        model = Criterion
        fields = [
            "metric",
            "weight",
            "scoring",
            "baseline_start",
            "baseline_end",
            "position",
            "note",
        ]
        widgets = {
            "baseline_start": DATE_INPUT,
            "baseline_end": DATE_INPUT,
            "weight": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal", "min": "0"}),
        }

    def __init__(self, *args, competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.competition = competition
        self.fields["metric"].queryset = Metric.objects.order_by("code")
        self.fields["position"].required = False

    def clean(self):
        data = super().clean()
        if data.get("weight") is not None and data["weight"] <= 0:
            self.add_error("weight", _("A weight is greater than zero."))
        start, end = data.get("baseline_start"), data.get("baseline_end")
        if data.get("scoring") == Scoring.IMPROVEMENT and not (start and end):
            self.add_error(
                "baseline_start", _("Improvement is measured against a baseline period.")
            )
        if start and end and end < start:
            self.add_error("baseline_end", _("The baseline cannot end before it starts."))
        metric = data.get("metric")
        clash = Criterion.objects.filter(competition=self.competition, metric=metric)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if metric is not None and clash.exists():
            self.add_error("metric", _("The competition already has a condition on this metric."))
        return data

    def save(self, commit=True):
        criterion = self.instance
        criterion.competition = self.competition
        if criterion.position is None:
            criterion.position = self.competition.criteria.count() + 1
        criterion.save()
        return criterion


class EligibilityGateForm(ScopedModelForm):
    class Meta:
        model = EligibilityGate
        fields = ["label", "metric", "operator", "threshold"]
        widgets = {"threshold": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"})}

    def __init__(self, *args, competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.competition = competition
        self.fields["metric"].queryset = Metric.objects.order_by("code")

    def save(self, commit=True):
        gate = self.instance
        gate.competition = self.competition
        gate.save()
        return gate
