"""Pages of transfer plans: inputs entered on the plan's page, Solve, Adopt, the flows
and their cost beside the greedy allocation's, the explanation of a plan that cannot
meet every demand, shipments and fulfilment."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gexin.core import views as generic
from gexin.national import transfers
from gexin.national.filtersets import transfers as filtersets
from gexin.national.forms import transfers as forms
from gexin.national.models import (
    Shipment,
    TransferDemand,
    TransferPlan,
    TransferPlanStatus,
    TransferRoute,
    TransferSupply,
)
from gexin.national.models.transfers import SHIPPED_INPUTS
from gexin.national.tables import transfers as tables
from gexin.national.transfer import Reason, tonnes
from gexin.org.filtersets import is_number

PLAN_QS = TransferPlan.objects.select_related("unit", "product")
SHIPMENT_QS = Shipment.objects.select_related(
    "plan__unit", "route__supply__unit", "route__demand__unit", "recorded_by"
)

# The solver's reason codes, said in the reader's language.
REASONS = {
    Reason.NO_LINK: gettext_lazy("no route reaches it from any supply"),
    Reason.LINKED_SUPPLY_SHORT: gettext_lazy("the supplies its routes come from are used up"),
    Reason.LINK_CAPACITY: gettext_lazy("the routes from supplies with iron left are full"),
    Reason.TOTAL_SUPPLY_SHORT: gettext_lazy("the whole plan's supply is below its demand"),
    Reason.REALLOCATION: gettext_lazy("another allocation would serve more of it"),
}


def explained(plan):
    """The stored explanation as sentences in the active language, or None."""
    data = plan.explanation or {}
    if not data.get("shortfalls"):
        return None
    demands = {d.pk: d for d in plan.demands.select_related("unit")}
    supplies = {s.pk: s for s in plan.supplies.select_related("unit")}
    totals = _("Total supply %(supply)s, total demand %(demand)s; %(short)s short.") % {
        "supply": tonnes(data["total_supply"]),
        "demand": tonnes(data["total_demand"]),
        "short": tonnes(data["total_shortfall"]),
    }
    if data["total_supply"] < data["total_demand"]:
        totals += " " + _(
            "Key enterprises are served first: the shortage falls on the lowest priority."
        )
    rows = []
    for item in data["shortfalls"]:
        demand = demands.get(item["demand"])
        reasons = "; ".join(str(REASONS.get(code, code)) for code in item["reasons"])
        text = _(
            "%(unit)s (priority %(priority)s) receives %(received)s of %(needed)s, "
            "%(short)s short: %(reasons)s."
        ) % {
            "unit": demand.unit.display_name if demand else item["demand"],
            "priority": item["priority"],
            "received": tonnes(item["received"]),
            "needed": tonnes(item["quantity"]),
            "short": tonnes(item["shortfall"]),
            "reasons": reasons,
        }
        if item["reasons"] != [Reason.NO_LINK]:
            sources = [
                supplies[key].unit.display_name for key in item["group_sources"] if key in supplies
            ]
            text += " " + _(
                "Together with %(others)s other demand(s) it needs %(group)s; its supplies "
                "(%(sources)s) have %(supply)s and full routes bring %(capacity)s more."
            ) % {
                "others": len(item["group_demands"]) - 1,
                "group": tonnes(item["group_quantity"]),
                "sources": ", ".join(sources) or "—",
                "supply": tonnes(item["group_supply"]),
                "capacity": tonnes(item["group_capacity"]),
            }
        rows.append({"demand": demand, "short": item["shortfall"], "text": text})
    return {"totals": totals, "rows": rows}


# Plans


class TransferPlanListView(generic.ObjectListView):
    queryset = PLAN_QS
    filterset_class = filtersets.TransferPlanFilterSet
    table_class = tables.TransferPlanTable
    template_name = "national/transfers_plan_list.html"
    select_filters = (("status", gettext_lazy("Status"), TransferPlanStatus.choices),)
    sort_fields = {
        "title": ["title", "pk"],
        "starts_on": ["starts_on", "pk"],
        "ends_on": ["ends_on", "pk"],
        "status": ["status", "pk"],
    }
    default_sort = "-starts_on"


class TransferPlanDetailView(generic.ObjectDetailView):
    """The plan's inputs with their forms, the solved flows, the explanation, shipments
    and fulfilment."""

    queryset = PLAN_QS
    body_template = "national/_transfers_plan_body.html"

    def extra_context(self, plan):
        user = self.request.user
        can_change = self.can("change", plan)
        open_inputs = can_change and not plan.is_locked and not plan.has_shipments
        flows = {f.route_id: f.tonnes for f in plan.flows.all()}
        routes = list(plan.routes.select_related("supply__unit", "demand__unit"))
        for route in routes:
            route.planned = flows.get(route.pk)
        may_ship = plan.is_solved and may_record_shipments(user, plan)
        return {
            "supplies": list(plan.supplies.select_related("unit")),
            "demands": list(plan.demands.select_related("unit")),
            "routes": routes,
            "open_inputs": open_inputs,
            "can_solve": can_change and not plan.is_locked,
            "can_adopt": can_change and plan.status == TransferPlanStatus.SOLVED,
            "supply_form": forms.TransferSupplyForm(plan=plan) if open_inputs else None,
            "demand_form": forms.TransferDemandForm(plan=plan) if open_inputs else None,
            "route_form": forms.TransferRouteForm(plan=plan) if open_inputs else None,
            "explained": explained(plan),
            "fulfilment": transfers.fulfilment(plan) if plan.is_solved else None,
            "shipments": list(
                Shipment.objects.restrict(user, "view")
                .filter(plan=plan)
                .select_related("route__supply__unit", "route__demand__unit")[:50]
            ),
            "can_ship": may_ship,
            "shipment_form": forms.ShipmentForm(plan=plan, user=user) if may_ship else None,
        }


def may_record_shipments(user, plan):
    """True when the user may record shipments on some route of the plan: a planner of
    the plan's unit or a keeper of a supplying unit."""
    from gexin.core.permissions import is_path_in_scope

    if is_path_in_scope(user, Shipment, "add", plan.unit.path):
        return True
    return any(
        is_path_in_scope(user, Shipment, "add", supply.unit.path)
        for supply in plan.supplies.select_related("unit")
    )


class TransferPlanEditView(generic.ObjectEditView):
    queryset = PLAN_QS
    form_class = forms.TransferPlanForm


class TransferPlanDeleteView(generic.ObjectDeleteView):
    queryset = PLAN_QS
    success_url = "national:transferplan_list"


class TransferPlanHistoryView(generic.ObjectHistoryView):
    queryset = TransferPlan.objects.all()


class TransferPlanMoveView(generic.ScopedView):
    """POST only: solve or adopt the plan (the planners of its unit)."""

    queryset = PLAN_QS
    move = None

    def get(self, request, *args, **kwargs):
        """Moves are made by POST; a GET goes back to the plan (if one may see it)."""
        return HttpResponseRedirect(self.get_object("view").get_absolute_url())

    def post(self, request, *args, **kwargs):
        plan = self.get_object("change")
        try:
            if self.move == "solve":
                plan = transfers.solve(plan)
                if plan.result == "optimal":
                    messages.success(request, _("Solved: every demand is met at least cost."))
                else:
                    messages.warning(
                        request, _("Solved, but some demand cannot be met: see the explanation.")
                    )
            else:
                transfers.adopt(plan)
                messages.success(request, _("Adopted: the plan's inputs are locked."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return HttpResponseRedirect(plan.get_absolute_url())


# Supplies, demands and routes: added and changed from the plan's page.


class ChoosePlanFirst(Exception):
    """A row of a plan was asked for without naming the plan (?plan=)."""


class ChoosePlanFirstMixin:
    """Without ?plan=, go to the list of plans to choose one, with a word on why."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ChoosePlanFirst:
            messages.info(request, _("Choose the transfer plan first, then add to it there."))
            return HttpResponseRedirect(reverse("national:transferplan_list"))


class InputsShipped(Exception):
    """A row of a plan with shipments was asked to change or go: its inputs stay."""

    def __init__(self, plan):
        super().__init__(plan)
        self.plan = plan


class PlanRowMixin(ChoosePlanFirstMixin):
    """A row of a plan's inputs: added with ?plan= (or the form's `plan`), refused once
    the plan is adopted or has shipments; a change to a solved plan's inputs makes it a
    draft again."""

    back_to = None

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except InputsShipped as refused:
            messages.error(request, SHIPPED_INPUTS)
            return HttpResponseRedirect(refused.plan.get_absolute_url())

    def plan_from_request(self):
        value = self.request.GET.get("plan") or self.request.POST.get("plan") or ""
        if not is_number(str(value)):
            raise ChoosePlanFirst
        plan = TransferPlan.objects.restrict(self.request.user, "view").filter(pk=value).first()
        if plan is None:
            raise Http404
        if (
            not TransferPlan.objects.restrict(self.request.user, "change")
            .filter(pk=plan.pk)
            .exists()
        ):
            raise PermissionDenied
        return plan

    def get_object(self, action="view"):
        obj = super().get_object(action)
        if action in ("change", "delete") and obj.plan.is_locked:
            raise PermissionDenied
        if action in ("change", "delete") and obj.plan.has_shipments:
            raise InputsShipped(obj.plan)
        return obj

    def get_form_kwargs(self):
        kwargs = {}
        if "pk" not in self.kwargs:
            kwargs["plan"] = self.plan_from_request()
        return kwargs

    def save_form(self, form):
        row = form.save()
        transfers.reopen(row.plan)
        return row

    def delete_object(self, row):
        self.back_to = row.plan.get_absolute_url()
        plan = row.plan
        row.delete()
        transfers.reopen(plan)

    def get_success_url(self):
        return self.back_to


class TransferSupplyEditView(PlanRowMixin, generic.ObjectEditView):
    queryset = TransferSupply.objects.select_related("plan__unit", "unit")
    form_class = forms.TransferSupplyForm


class TransferSupplyDeleteView(PlanRowMixin, generic.ObjectDeleteView):
    queryset = TransferSupply.objects.select_related("plan__unit", "unit")


class TransferDemandEditView(PlanRowMixin, generic.ObjectEditView):
    queryset = TransferDemand.objects.select_related("plan__unit", "unit")
    form_class = forms.TransferDemandForm


class TransferDemandDeleteView(PlanRowMixin, generic.ObjectDeleteView):
    queryset = TransferDemand.objects.select_related("plan__unit", "unit")


class TransferRouteEditView(PlanRowMixin, generic.ObjectEditView):
    queryset = TransferRoute.objects.select_related("plan__unit", "supply__unit", "demand__unit")
    form_class = forms.TransferRouteForm


class TransferRouteDeleteView(PlanRowMixin, generic.ObjectDeleteView):
    queryset = TransferRoute.objects.select_related("plan__unit", "supply__unit", "demand__unit")


# Shipments


class ShipmentListView(generic.ObjectListView):
    queryset = SHIPMENT_QS
    filterset_class = filtersets.ShipmentFilterSet
    table_class = tables.ShipmentTable
    template_name = "national/transfers_shipment_list.html"
    carried_params = ("plan", "route")
    sort_fields = {"shipped_on": ["shipped_on", "pk"], "tonnes": ["tonnes", "pk"]}
    default_sort = "-shipped_on"
    exportable = False


class ShipmentDetailView(generic.ObjectDetailView):
    queryset = SHIPMENT_QS
    body_template = "national/_transfers_shipment_body.html"


class ShipmentEditView(ChoosePlanFirstMixin, generic.ObjectEditView):
    """Record a shipment on a route of a plan (?plan=), or correct one."""

    queryset = SHIPMENT_QS
    form_class = forms.ShipmentForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "pk" in self.kwargs:
            return kwargs
        value = self.request.GET.get("plan") or self.request.POST.get("plan") or ""
        if not is_number(str(value)):
            raise ChoosePlanFirst
        plan = TransferPlan.objects.restrict(self.request.user, "view").filter(pk=value).first()
        if plan is None:
            raise Http404
        if not may_record_shipments(self.request.user, plan):
            raise PermissionDenied
        kwargs["plan"] = plan
        return kwargs

    def success_message(self, obj, created):
        if created:
            return _("Recorded %(object)s.") % {"object": obj}
        return super().success_message(obj, created)


class ShipmentDeleteView(generic.ObjectDeleteView):
    queryset = SHIPMENT_QS

    def delete_object(self, shipment):
        self.back_to = shipment.plan.get_absolute_url()
        shipment.delete()

    def get_success_url(self):
        return self.back_to


class ShipmentHistoryView(generic.ObjectHistoryView):
    queryset = Shipment.objects.all()
