"""Forms of transfer plans: the plan, its supplies, demands and routes, and shipments."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gexin.core.forms import ScopedModelForm
from gexin.meetings.forms import DATE_INPUT
from gexin.national.models import (
    Shipment,
    TransferDemand,
    TransferPlan,
    TransferRoute,
    TransferSupply,
)
from gexin.national.models.transfers import LOCKED_PLAN_FIELDS
from gexin.org.forms import UnitField
from gexin.org.models import Unit
from gexin.plans.models import Metric

DEFAULT_PRODUCT = "pig_iron_output"


class TransferPlanForm(ScopedModelForm):
    """A plan drawn up by a unit where the user plans."""

    unit_ref = UnitField(
        label=_("Planning unit"),
        help_text=_("The unit that draws up the plan, e.g. the ministry or a province."),
    )

    class Meta:
        model = TransferPlan
        fields = ["title", "product", "starts_on", "ends_on", "note"]
        widgets = {
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    field_order = ["title", "unit_ref", "product", "starts_on", "ends_on", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = "change" if self.instance.pk else "add"
        self.fields["unit_ref"].queryset = Unit.objects.where_user_holds(
            self.user, f"national.{action}_transferplan"
        )
        self.fields["product"].queryset = Metric.objects.all()
        if self.instance.pk:
            self.initial.setdefault("unit_ref", self.instance.unit.code)
        else:
            default = Metric.objects.filter(code=DEFAULT_PRODUCT).first()
            if default is not None:
                self.initial.setdefault("product", default.pk)

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.instance.is_locked:
            stored = {
                "product": self.instance.product,
                "starts_on": self.instance.starts_on,
                "ends_on": self.instance.ends_on,
                "unit_ref": self.instance.unit,
            }
            for name, value in stored.items():
                if name in data and data[name] != value:
                    self.add_error(name, LOCKED_PLAN_FIELDS)
        if data.get("unit_ref") is not None:
            self.instance.unit = data["unit_ref"]
        return data

    def save(self, commit=True):
        self.instance.unit = self.cleaned_data["unit_ref"]
        return super().save(commit)


class PlanInputForm(forms.ModelForm):
    """A row of a plan's inputs; the plan is fixed by the page it is entered on."""

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan or self.instance.plan
        self.instance.plan = self.plan

    def clean(self):
        data = super().clean()
        if self.plan.is_locked:
            raise ValidationError(
                _("The plan is adopted: its supplies, demands and routes are locked.")
            )
        return data


class UnitInputForm(PlanInputForm):
    """A supply or demand: its unit entered by code."""

    unit = UnitField(label=_("Unit"), queryset=Unit.objects.all())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.all()


class TransferSupplyForm(UnitInputForm):
    prefix = "supply"  # the plan's page holds several forms

    class Meta:
        model = TransferSupply
        fields = ["unit", "tonnes", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].label = _("Supplying unit")
        self.fields["unit"].help_text = _("The province or enterprise with the surplus.")


class TransferDemandForm(UnitInputForm):
    prefix = "demand"

    class Meta:
        model = TransferDemand
        fields = ["unit", "tonnes", "priority", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].label = _("Receiving unit")
        self.fields["unit"].help_text = _("The key steelworks or foundry that needs it.")


class TransferRouteForm(PlanInputForm):
    prefix = "route"

    class Meta:
        model = TransferRoute
        fields = ["supply", "demand", "cost_per_tonne", "distance_km", "capacity"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supply"].queryset = self.plan.supplies.select_related("unit")
        self.fields["demand"].queryset = self.plan.demands.select_related("unit")
        self.fields["supply"].label_from_instance = lambda row: str(row.unit)
        self.fields["demand"].label_from_instance = lambda row: str(row.unit)


class ShipmentForm(ScopedModelForm):
    """Tonnes shipped over a route of a solved or adopted plan."""

    prefix = "shipment"

    class Meta:
        model = Shipment
        fields = ["route", "shipped_on", "tonnes", "note"]
        widgets = {"shipped_on": DATE_INPUT}

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan or (self.instance.plan if self.instance.plan_id else None)
        routes = TransferRoute.objects.none()
        if self.plan is not None:
            routes = self.plan.routes.select_related("supply__unit", "demand__unit")
            self.instance.plan = self.plan
        self.fields["route"].queryset = routes

    def save(self, commit=True):
        if self.instance.recorded_by_id is None:
            self.instance.recorded_by = self.user
        return super().save(commit)
