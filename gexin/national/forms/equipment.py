"""Forms of furnaces and converters: adding or editing one, and changing its status."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from gexin.core.forms import ScopedModelForm
from gexin.meetings.forms import DATE_INPUT
from gexin.national.models.equipment import Equipment, EquipmentStatus
from gexin.org.forms import UnitField
from gexin.org.models import Unit


class EquipmentForm(ScopedModelForm):
    """A furnace or converter of one of the user's units. Its status is chosen only when
    it is added; afterwards it changes through "Change status", which keeps the history."""

    unit = UnitField(label=_("Unit"))
    records_unit = UnitField(label=_("Records unit"), required=False)

    class Meta:
        model = Equipment
        fields = [
            "unit",
            "kind",
            "name",
            "number",
            "useful_volume",
            "capacity",
            "records_unit",
            "planned_start",
            "status",
            "actual_start",
            "source",
        ]
        widgets = {"planned_start": DATE_INPUT, "actual_start": DATE_INPUT}
        help_texts = {
            "name": _("e.g. No. 1 Blast Furnace"),
            "status": _("The status it is in now; later changes go through “Change status”."),
            "actual_start": _("When it is added as producing: the day it first went into blast."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = "change" if self.instance.pk else "add"
        self.fields["unit"].queryset = Unit.objects.where_user_holds(
            self.user, f"national.{action}_equipment"
        )
        self.fields["records_unit"].queryset = Unit.objects.where_user_holds(
            self.user, f"national.{action}_equipment"
        )
        self.fields["records_unit"].help_text = Equipment._meta.get_field("records_unit").help_text
        if self.instance.pk:
            del self.fields["status"]
            del self.fields["actual_start"]

    def clean(self):
        data = super().clean()
        if "status" in self.fields:
            status, started = data.get("status"), data.get("actual_start")
            if status in (EquipmentStatus.PRODUCING, EquipmentStatus.DOWN) and started is None:
                self.add_error("actual_start", _("Give the day it first went into production."))
            if status in (EquipmentStatus.BUILDING, EquipmentStatus.READY) and started:
                self.add_error(
                    "actual_start", _("A furnace not started yet has no actual start date.")
                )
        return data


class StatusForm(forms.Form):
    """A status change: the new status, the day and the reason."""

    status = forms.ChoiceField(label=_("New status"))
    on = forms.DateField(label=_("On"), widget=DATE_INPUT)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. blown in after the coke arrived; banked for want of ore."),
    )

    def __init__(self, *args, equipment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (status, EquipmentStatus(status).label) for status in equipment.next_statuses()
        ]
        self.fields["on"].initial = datetime.date.today()
