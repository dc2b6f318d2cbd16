"""The people board's question: which unit, on which day (both may be left out)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gexin.meetings.forms import DATE_INPUT
from gexin.org.forms import UnitField
from gexin.org.models import Unit

FIRST_YEAR, LAST_YEAR = 1900, 2199


class BoardForm(forms.Form):
    """The unit (by default the user's own) and the day (by default today)."""

    unit = UnitField(
        label=_("Unit"),
        required=False,
        help_text=_("A union group, or any unit: then everyone in it. By default your own."),
    )
    as_of = forms.DateField(label=_("As of"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.restrict(user, "view")

    def clean_as_of(self):
        day = self.cleaned_data.get("as_of")
        if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise forms.ValidationError(_("Give a date between 1900 and 2199."))
        return day
