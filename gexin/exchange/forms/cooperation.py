"""Forms of cooperation requests and of what was given and received."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gexin.core.forms import ScopedModelForm
from gexin.exchange.forms.cards import check_years
from gexin.exchange.models import Cooperation, CooperationItem
from gexin.meetings.forms import DATE_INPUT
from gexin.org.forms import UnitField
from gexin.org.models import Unit

QUANTITY_INPUT = forms.NumberInput(attrs={"step": "any", "inputmode": "decimal", "min": "0"})


class CooperationForm(ScopedModelForm):
    """A cooperation asked of another department of the plant or of an outside enterprise."""

    unit = UnitField(label=_("Requesting unit"))
    partner = UnitField(
        label=_("Partner unit"),
        required=False,
        help_text=_(
            "Another department of the plant, or a unit elsewhere in gexin: type its code or "
            "part of its name. Leave empty for an outside enterprise."
        ),
    )

    class Meta:
        model = Cooperation
        fields = ["kind", "unit", "partner", "partner_name", "title", "description", "needed_by"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "needed_by": DATE_INPUT}
        help_texts = {
            "title": _("e.g. Rails and trucks for the coal mine, low-sulphur coking coal for us."),
            "needed_by": _("Optional: by when it is needed."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = "change" if self.instance.pk else "add"
        self.fields["unit"].queryset = Unit.objects.where_user_holds(
            self.user, f"exchange.{action}_cooperation"
        )
        self.fields["partner"].queryset = Unit.objects.all()

    def clean(self):
        data = super().clean()
        check_years(self, "needed_by")
        return data

    def save(self, commit=True):
        cooperation = super().save(commit=False)
        if cooperation.pk is None:
            cooperation.posted_by = self.user
        cooperation.save()
        return cooperation


class CooperationItemForm(ScopedModelForm):
    """One thing given or received: what, how much, in which unit of measure."""

    class Meta:
        model = CooperationItem
        fields = ["flow", "description", "quantity", "unit_of_measure"]
        widgets = {"quantity": QUANTITY_INPUT}
        help_texts = {
            "flow": _("Seen from the requesting unit: what it gave, or what it received."),
            "description": _("e.g. rails, trucks, low-sulphur coking coal."),
            "unit_of_measure": _("e.g. t, trucks; items in the same unit are totalled."),
        }

    def __init__(self, *args, cooperation, **kwargs):
        super().__init__(*args, **kwargs)
        self.cooperation = cooperation
        self.instance.cooperation = cooperation

    def clean_quantity(self):
        quantity = self.cleaned_data.get("quantity")
        if quantity is not None and quantity < 0:
            raise forms.ValidationError(_("A quantity is not negative; choose the other flow."))
        return quantity

    def clean(self):
        data = super().clean()
        if data.get("quantity") is not None and not (data.get("unit_of_measure") or "").strip():
            self.add_error("unit_of_measure", _("Give the unit of measure of the quantity."))
        return data

    def save(self, commit=True):
        item = super().save(commit=False)
        item.cooperation = self.cooperation
        item.unit_of_measure = item.unit_of_measure.strip()
        item.save()
        return item
