"""Forms for trials, their variables and observations, and for regulations and versions."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from gexin.core.forms import ScopedModelForm
from gexin.innovation import trials as trial_data
from gexin.innovation.choices import TrialArm
from gexin.innovation.models import (
    Campaign,
    Clause,
    KeyIssue,
    Regulation,
    RegulationVersion,
    Trial,
    TrialVariable,
)
from gexin.org.forms import UnitField
from gexin.org.models import Unit
from gexin.plans.models import Metric

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FIRST_YEAR, LAST_YEAR = 1900, 2199


def check_year(form, name):
    day = form.cleaned_data.get(name)
    if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
        form.add_error(name, _("Give a date between 1900 and 2199."))


class TrialForm(ScopedModelForm):
    """A trial: what it compares, where, and, once measured, the conclusion people draw."""

    unit_ref = UnitField(label=_("Unit"))

    class Meta:
        model = Trial
        fields = [
            "title",
            "question",
            "design",
            "baseline_label",
            "changed_label",
            "started_on",
            "ended_on",
            "campaign",
            "key_issue",
            "conclusion",
            "is_illustrative",
            "source",
        ]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 2}),
            "conclusion": forms.Textarea(attrs={"rows": 3}),
            "started_on": DATE_INPUT,
            "ended_on": DATE_INPUT,
        }
        help_texts = {
            "conclusion": _(
                "What the people who ran the trial conclude. The figures beside it are "
                "computed from the observations."
            ),
        }

    field_order = ["unit_ref", "title", "question", "design", "baseline_label", "changed_label"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = "innovation.change_trial" if self.instance.pk else "innovation.add_trial"
        self.fields["unit_ref"].queryset = Unit.objects.where_user_holds(self.user, action)
        self.fields["campaign"].queryset = Campaign.objects.restrict(self.user, "view")
        self.fields["key_issue"].queryset = KeyIssue.objects.restrict(self.user, "view")
        if self.instance.pk:
            self.initial.setdefault("unit_ref", self.instance.unit)

    def clean(self):
        data = super().clean()
        check_year(self, "started_on")
        check_year(self, "ended_on")
        start, end = data.get("started_on"), data.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", _("A trial cannot end before it starts."))
        return data

    def save(self, commit=True):
        self.instance.unit = self.cleaned_data["unit_ref"]
        self.instance.save()
        return self.instance


class TrialVariableForm(ScopedModelForm):
    class Meta:
        model = TrialVariable
        fields = ["name", "measured_in", "direction", "limit", "metric"]

    def __init__(self, *args, trial, **kwargs):
        super().__init__(*args, **kwargs)
        self.trial = trial
        self.fields["metric"].queryset = Metric.objects.order_by("code")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = TrialVariable.objects.filter(trial=self.trial, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("The trial already measures a variable of this name."))
        return name

    def save(self, commit=True):
        self.instance.trial = self.trial
        self.instance.save()
        return self.instance


class ObservationEntryForm(forms.Form):
    """Many values of one variable at once: one box per side, numbers separated freely."""

    baseline = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "inputmode": "decimal", "autocomplete": "off"}),
    )
    changed = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "inputmode": "decimal", "autocomplete": "off"}),
    )
    observed_on = forms.DateField(label=_("Observed on"), required=False, widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), required=False, max_length=trial_data.NOTE_LENGTH)

    HELP = _("Numbers separated by spaces, commas or new lines, e.g. 38.5 39 40.2")

    def __init__(self, *args, trial, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["baseline"].label = trial.side_label(TrialArm.BASELINE)
        self.fields["changed"].label = trial.side_label(TrialArm.CHANGED)
        self.fields["baseline"].help_text = self.HELP
        self.fields["changed"].help_text = self.HELP
        self.fields["observed_on"].help_text = _("The day of these measurements, if one day.")

    def clean_side(self, name):
        values, bad = trial_data.parse_values(self.cleaned_data.get(name, ""))
        if bad:
            raise forms.ValidationError(
                _("Not a number with at most four decimals: %(values)s")
                % {"values": ", ".join(f"{token} (#{position})" for position, token in bad)}
            )
        return values

    def clean_baseline(self):
        return self.clean_side("baseline")

    def clean_changed(self):
        return self.clean_side("changed")

    def clean(self):
        data = super().clean()
        check_year(self, "observed_on")
        if not self.errors and not data.get("baseline") and not data.get("changed"):
            raise forms.ValidationError(_("Enter at least one value on either side."))
        return data


class ObservationImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))


class RecordsForm(forms.Form):
    """Two date ranges of a unit's records, taken as the two sides of a variable."""

    unit_ref = UnitField(label=_("Unit whose records are read"))
    baseline_start = forms.DateField(label=_("Baseline from"), widget=DATE_INPUT)
    baseline_end = forms.DateField(label=_("Baseline to"), widget=DATE_INPUT)
    changed_start = forms.DateField(label=_("Changed from"), widget=DATE_INPUT)
    changed_end = forms.DateField(label=_("Changed to"), widget=DATE_INPUT)

    MAX_DAYS = 366

    def __init__(self, *args, user, trial, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_ref"].queryset = Unit.objects.where_user_holds(user, "plans.view_record")
        self.fields["unit_ref"].help_text = _(
            "The daily totals of this unit and all units under it become the observations."
        )
        self.fields["baseline_start"].label = _("%(side)s from") % {
            "side": trial.side_label(TrialArm.BASELINE)
        }
        self.fields["baseline_end"].label = _("%(side)s to") % {
            "side": trial.side_label(TrialArm.BASELINE)
        }
        self.fields["changed_start"].label = _("%(side)s from") % {
            "side": trial.side_label(TrialArm.CHANGED)
        }
        self.fields["changed_end"].label = _("%(side)s to") % {
            "side": trial.side_label(TrialArm.CHANGED)
        }

    def clean(self):
        data = super().clean()
        for name in ("baseline_start", "baseline_end", "changed_start", "changed_end"):
            check_year(self, name)
        for side in ("baseline", "changed"):
            start, end = data.get(f"{side}_start"), data.get(f"{side}_end")
            if start and end and end < start:
                self.add_error(f"{side}_end", _("The last day comes before the first."))
            elif start and end and (end - start).days >= self.MAX_DAYS:
                self.add_error(f"{side}_end", _("Take at most a year of days per side."))
        return data

    def ranges(self):
        data = self.cleaned_data
        return (
            (data["baseline_start"], data["baseline_end"]),
            (data["changed_start"], data["changed_end"]),
        )


# "1. text", "3.2 text", "第3条 text", "4、text": a clause number, then its text.
CLAUSE_LINE = re.compile(
    r"^\s*(第\s*[0-9]+(?:\.[0-9]+)*\s*条|[0-9]+(?:\.[0-9]+)*)(?:[.、．:：)]\s*|\s+|(?<=条))(.*)$"
)


def parse_clauses(text):
    """[(number, text)] from lines such as "1. Run 12 passes" or "第3条 …"; a line
    without a number is numbered by its position."""
    clauses = []
    pattern = CLAUSE_LINE
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        match = pattern.match(line)
        if match and match.group(2).strip():
            clauses.append((match.group(1).replace(" ", ""), match.group(2).strip()))
        else:
            clauses.append((str(len(clauses) + 1), line))
    return clauses


class RegulationForm(ScopedModelForm):
    """A regulation; a new one is given its clauses as its first version, a draft."""

    unit_ref = UnitField(label=_("Unit"))
    clauses = forms.CharField(
        label=_("Clauses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One clause per line, each starting with its number, e.g. “1. Roll in 12 passes.” "
            "They become version 1, a draft to submit for approval."
        ),
    )

    class Meta:
        model = Regulation
        fields = ["code", "title", "kind", "is_illustrative", "source"]

    field_order = ["unit_ref", "code", "title", "kind", "clauses"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = "innovation.change_regulation" if self.instance.pk else "innovation.add_regulation"
        self.fields["unit_ref"].queryset = Unit.objects.where_user_holds(self.user, action)
        if self.instance.pk:
            self.initial.setdefault("unit_ref", self.instance.unit)
            del self.fields["clauses"]

    def clean_clauses(self):
        clauses = parse_clauses(self.cleaned_data["clauses"])
        numbers = [number for number, _text in clauses]
        twice = sorted({number for number in numbers if numbers.count(number) > 1})
        if twice:
            raise forms.ValidationError(
                _("Each clause number is used once; used twice: %(numbers)s")
                % {"numbers": ", ".join(twice)}
            )
        return clauses

    def save(self, commit=True):
        regulation = self.instance
        is_new = regulation.pk is None
        regulation.unit = self.cleaned_data["unit_ref"]
        regulation.save()
        if is_new:
            version = RegulationVersion.objects.create(
                regulation=regulation, number=1, drafted_by=self.user
            )
            for number, text in self.cleaned_data.get("clauses") or []:
                Clause.objects.create(version=version, number=number, text=text)
        return regulation


class RegulationVersionForm(ScopedModelForm):
    """A revision's reason and evidence; a new one starts from the version in force."""

    regulation = forms.ModelChoiceField(queryset=Regulation.objects.none(), label=_("Regulation"))

    class Meta:
        model = RegulationVersion
        fields = ["reason", "trial", "evidence_note", "key_issue", "campaign"]
        widgets = {
            "reason": forms.Textarea(attrs={"rows": 3}),
            "evidence_note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "trial": _("The trial whose measurements support the change."),
            "evidence_note": _("Other evidence, in writing, when there is no trial."),
            "campaign": _("The campaign this revision counts for."),
        }

    field_order = ["regulation", "reason", "trial", "evidence_note"]

    def __init__(self, *args, regulation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trial"].queryset = Trial.objects.restrict(self.user, "view")
        self.fields["key_issue"].queryset = KeyIssue.objects.restrict(self.user, "view")
        self.fields["campaign"].queryset = Campaign.objects.restrict(self.user, "view")
        if self.instance.pk:
            del self.fields["regulation"]
        else:
            self.fields["regulation"].queryset = Regulation.objects.restrict(
                self.user, "view"
            ).where_user_holds(self.user, "innovation.add_regulationversion")
            if regulation is not None:
                self.initial.setdefault("regulation", regulation)
            self.fields["regulation"].help_text = _(
                "The new version starts as a copy of the clauses in force."
            )

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            try:
                self.instance.check_editable()
            except forms.ValidationError as error:
                raise forms.ValidationError(error.messages) from None
        elif data.get("regulation") is not None:
            draft = data["regulation"].open_draft()
            if draft is not None:
                self.add_error(
                    "regulation",
                    _(
                        "Version %(number)s is still a draft or awaits its decision: "
                        "finish it first."
                    )
                    % {"number": draft.number},
                )
        return data

    def save(self, commit=True):
        if self.instance.pk:
            self.instance.save()
            return self.instance
        fields = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        fields["reason"] = fields["reason"] or ""
        fields["evidence_note"] = fields["evidence_note"] or ""
        return self.cleaned_data["regulation"].start_revision(self.user, **fields)


class ClauseForm(ScopedModelForm):
    class Meta:
        model = Clause
        fields = ["number", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        clash = Clause.objects.filter(version=self.version, number=number)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("This version already has a clause with this number."))
        return number

    def clean(self):
        data = super().clean()
        try:
            self.version.check_editable()
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages) from None
        return data

    def save(self, commit=True):
        self.instance.version = self.version
        self.instance.save()
        return self.instance


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Decision note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = required
        self.fields["note"].help_text = (
            _("Say why the revision is rejected; the drafters read it.")
            if required
            else _("Optional: what the approval rests on, or conditions attached.")
        )
