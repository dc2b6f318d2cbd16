"""Forms of evaluations: computing a period, the note, and the committee's adjustment."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from gexin.competitions.models import Competition, Evaluation
from gexin.core.forms import ScopedModelForm
from gexin.meetings.forms import DATE_INPUT

NOTE_LENGTH = 2000


class ComputeForm(forms.Form):
    """Which competition and which period (any day inside it) to compute."""

    competition = forms.ModelChoiceField(
        label=_("Competition"), queryset=Competition.objects.none()
    )
    day = forms.DateField(
        label=_("A day of the period"),
        widget=DATE_INPUT,
        help_text=_("The evaluation covers the whole week, month or quarter holding this day."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competition"].queryset = Competition.objects.where_user_holds(
            user, "competitions.add_evaluation"
        ).order_by("-starts_on", "title")


class EvaluationForm(ScopedModelForm):
    """The evaluation's note: what the committee wants read beside the standings."""

    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = Evaluation
        fields = ["note"]


class AdjustForm(forms.Form):
    """The committee's score for one participant, and why; `version` is the score as it
    was when the form was opened (see `adjust_version`)."""

    version = forms.CharField(required=False, widget=forms.HiddenInput)
    value = forms.DecimalField(
        label=_("Adjusted score"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=3,
        help_text=_("0 to 100; leave empty to go back to the computed score."),
    )
    reason = forms.CharField(
        label=_("Reason for the adjustment"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required: kept on the score and in its history with your name."),
        error_messages={"required": _("Give the reason for adjusting the score.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason for adjusting the score."))
        return reason
