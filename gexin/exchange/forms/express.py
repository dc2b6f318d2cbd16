"""Forms for express reports and the subscriptions to a plant's reports."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gexin.core.forms import ScopedModelForm
from gexin.exchange.models import PLANT_KINDS, Experience, ExpressReport, Subscription, plant_of
from gexin.org.forms import UnitField
from gexin.org.models import Unit


class ExpressReportForm(ScopedModelForm):
    """A short bulletin of a new innovation; its plant follows from the reporting unit."""

    unit_ref = UnitField(
        label=_("From unit"), help_text=_("The workshop, group or office that reports.")
    )

    class Meta:
        model = ExpressReport
        fields = ["title", "body", "language", "experience"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "body": _(
                "What is new, who found it, what it gains; a few lines that others can act on."
            ),
            "experience": _("The advanced experience written up from it, if there is one."),
        }

    field_order = ["unit_ref", "title", "body", "language", "experience"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = "change" if self.instance.pk else "add"
        self.fields["unit_ref"].queryset = Unit.objects.where_user_holds(
            self.user, f"exchange.{action}_expressreport"
        )
        self.fields["experience"].queryset = Experience.objects.restrict(self.user, "view")
        if self.instance.pk:
            self.initial.setdefault("unit_ref", self.instance.unit.code)
            if self.instance.is_published:
                # The plant's subscribers have received it from this unit.
                self.fields["unit_ref"].disabled = True

    def clean(self):
        data = super().clean()
        if data.get("unit_ref") is not None:
            self.instance.unit = data["unit_ref"]
        return data

    def save(self, commit=True):
        report = self.instance
        report.unit = self.cleaned_data["unit_ref"]
        if report.author_id is None:
            report.author = self.user
        report.save()
        return report


class SubscriptionForm(ScopedModelForm):
    """A unit subscribes to the express reports of another plant."""

    unit_ref = UnitField(
        label=_("Subscribing unit"), help_text=_("The unit whose people receive the reports.")
    )
    plant_ref = UnitField(
        label=_("Reports of"), help_text=_("The code of the plant whose reports are wanted.")
    )

    class Meta:
        model = Subscription
        fields = ["by_email"]
        help_texts = {
            "by_email": _(
                "The people holding a role on the unit also get each report by email; "
                "otherwise only in the app."
            )
        }

    field_order = ["unit_ref", "plant_ref", "by_email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_ref"].queryset = Unit.objects.where_user_holds(
            self.user, "exchange.add_subscription"
        )
        self.fields["plant_ref"].queryset = Unit.objects.filter(kind__in=PLANT_KINDS)

    def clean(self):
        data = super().clean()
        unit, plant = data.get("unit_ref"), data.get("plant_ref")
        if unit is None or plant is None:
            return data
        if unit == plant or plant_of(unit) == plant:
            self.add_error(
                "plant_ref",
                _("%(unit)s belongs to %(plant)s: subscribe to the reports of another plant.")
                % {"unit": unit.display_name, "plant": plant.display_name},
            )
        elif Subscription.objects.filter(unit=unit, plant=plant).exists():
            self.add_error(
                "plant_ref",
                _("%(unit)s already subscribes to the reports of %(plant)s.")
                % {"unit": unit.display_name, "plant": plant.display_name},
            )
        self.instance.unit, self.instance.plant = unit, plant
        return data

    def save(self, commit=True):
        subscription = self.instance
        subscription.unit = self.cleaned_data["unit_ref"]
        subscription.plant = self.cleaned_data["plant_ref"]
        subscription.save()
        return subscription
