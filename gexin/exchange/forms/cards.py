"""Forms of assistance cards: posting one, and the moves (take up, deliver, confirm,
withdraw), which cooperation requests share."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gexin.core.forms import ScopedModelForm
from gexin.exchange import workflow
from gexin.exchange.models import AssistanceCard, Experience, plant_of
from gexin.meetings.forms import DATE_INPUT
from gexin.org.forms import UnitField
from gexin.org.models import Unit, WorkType

FIRST_YEAR, LAST_YEAR = 1900, 2199


def check_years(form, *names):
    for name in names:
        day = form.cleaned_data.get(name)
        if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
            form.add_error(name, _("Give a date between 1900 and 2199."))


class ExperienceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, experience):
        return f"{experience.title} · {experience.unit.display_name}"


class AssistanceCardForm(ScopedModelForm):
    """A request for help or an offer of it, posted for one of the user's units."""

    unit = UnitField(label=_("Posted by unit"))
    experience = ExperienceChoiceField(
        label=_("Advanced experience"),
        queryset=Experience.objects.none(),
        required=False,
        help_text=_("The experience asked for or offered, when there is one."),
    )

    class Meta:
        model = AssistanceCard
        fields = ["kind", "unit", "title", "description", "work_type", "needed_by", "experience"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "needed_by": DATE_INPUT}
        help_texts = {
            "title": _("e.g. Help wanted: roll change on the medium mill takes 40 minutes."),
            "description": _("What is needed (or offered), for whom, and what has been tried."),
            "needed_by": _("Optional: by when the help is needed."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = "change" if self.instance.pk else "add"
        self.fields["unit"].queryset = Unit.objects.where_user_holds(
            self.user, f"exchange.{action}_assistancecard"
        )
        self.fields["work_type"].queryset = WorkType.objects.order_by("name")
        self.fields["work_type"].required = False
        self.fields["work_type"].help_text = _("Leave empty for the posting unit's work type.")
        self.fields["experience"].queryset = (
            Experience.objects.restrict(self.user, "view")
            .select_related("unit")
            .order_by("-introduced_on", "-pk")
        )

    def clean(self):
        data = super().clean()
        check_years(self, "needed_by")
        unit = data.get("unit")
        if unit is not None and data.get("work_type") is None and unit.work_type_id:
            data["work_type"] = unit.work_type
            self.instance.work_type = unit.work_type
        return data

    def save(self, commit=True):
        card = super().save(commit=False)
        if card.work_type_id is None and card.unit.work_type_id:
            card.work_type_id = card.unit.work_type_id
        if card.pk is None:
            card.posted_by = self.user
        card.save()
        return card


class MatchForm(forms.Form):
    """The unit (of another plant) that takes up a card."""

    unit = UnitField(label=_("Taken up by"))

    def __init__(self, *args, user, card, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = workflow.takers(user, card)
        self.fields["unit"].help_text = _(
            "One of your units outside %(plant)s: type its code or part of its name."
        ) % {"plant": plant_of(card.unit)}


class DeliverForm(forms.Form):
    note = forms.CharField(
        label=_("What was delivered"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "e.g. Two fitters spent three days on the mill; drawings of the lifting table."
        ),
    )


class ConfirmForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. what the help achieved: roll change down from 40 to 20 minutes."),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is withdrawn"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
