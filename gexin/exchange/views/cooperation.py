"""Pages of cooperation requests (协作) between departments of a plant and with outside
enterprises: the list, a cooperation with what was given and received (two columns with
totals per unit of measure), and the same moves as assistance cards."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gexin.core import views as generic
from gexin.exchange import workflow
from gexin.exchange.choices import CooperationKind, ExchangeStatus
from gexin.exchange.filtersets import cooperation as filtersets
from gexin.exchange.forms import cards as move_forms
from gexin.exchange.forms import cooperation as forms
from gexin.exchange.models import Cooperation, CooperationItem, plant_of
from gexin.exchange.tables import cooperation as tables
from gexin.exchange.views.cards import MoveView
from gexin.org.backends import own_person
from gexin.org.filtersets import is_number

COOPERATION_QS = Cooperation.objects.select_related(
    "unit", "partner", "posted_by", "matched_by", "delivered_by", "confirmed_by"
)
ITEM_QS = CooperationItem.objects.select_related("cooperation__unit", "cooperation__partner")


class CooperationListView(generic.ObjectListView):
    queryset = COOPERATION_QS
    filterset_class = filtersets.CooperationFilterSet
    table_class = tables.CooperationTable
    template_name = "exchange/cooperation_cooperation_list.html"
    select_filters = (
        ("kind", _("Kind"), CooperationKind.choices),
        ("status", _("Status"), ExchangeStatus.choices),
    )
    carried_params = ("unit", "partner")
    sort_fields = {
        "title": ["title", "pk"],
        "kind": ["kind", "-pk"],
        "status": ["status", "-pk"],
        "unit": ["unit__path", "-pk"],
        "needed_by": ["needed_by", "pk"],
        "posted": ["posted_on", "pk"],
    }
    default_sort = "-posted"


class CooperationDetailView(generic.ObjectDetailView):
    """A cooperation: both sides, its timeline, what was given and received, and the moves
    the user may make (decided by the user's scope, so the body is cached per scope)."""

    queryset = COOPERATION_QS
    body_template = "exchange/_cooperation_cooperation_body.html"

    def extra_context(self, cooperation):
        user = self.request.user
        given, received = workflow.given_and_received(cooperation)
        return {
            "moves": workflow.allowed_moves(cooperation, user),
            "timeline": workflow.timeline(cooperation),
            "is_outside": workflow.is_outside(cooperation),
            "plant": plant_of(cooperation.unit),
            "partner_plant": plant_of(cooperation.partner),
            "flows": [given, received],
            "can_add_item": workflow.item_refusal(cooperation, user, "add") is None,
            "can_change_item": workflow.item_refusal(cooperation, user, "change") is None,
            "can_delete_item": workflow.item_refusal(cooperation, user, "delete") is None,
            "can_change": self.can("change", cooperation) and workflow.is_editable(cooperation),
            "can_delete": self.can("delete", cooperation)
            and cooperation.status == ExchangeStatus.OPEN
            and cooperation.matched_on is None,
        }


class CooperationEditView(generic.ObjectEditView):
    """Ask for a cooperation, or change one while it is open."""

    queryset = COOPERATION_QS
    form_class = forms.CooperationForm

    def get_target(self):
        cooperation = super().get_target()
        if cooperation.pk and not workflow.is_editable(cooperation):
            raise PermissionDenied(str(workflow.EDIT_REFUSED))
        return cooperation

    def initial_for_create(self):
        initial = {"kind": CooperationKind.INTERNAL}
        person = own_person(self.request.user)
        if person is not None and self.can("add", Cooperation(unit=person.unit)):
            initial["unit"] = person.unit
        return initial


class CooperationDeleteView(generic.ObjectDeleteView):
    queryset = COOPERATION_QS
    success_url = "exchange:cooperation_list"

    def get_object(self, action="view"):
        cooperation = super().get_object(action)
        if action == "delete":
            try:
                workflow.check_deletable(cooperation)
            except ValidationError as error:
                raise PermissionDenied(" ".join(error.messages)) from None
        return cooperation


class CooperationHistoryView(generic.ObjectHistoryView):
    queryset = Cooperation.objects.all()


# The moves


class CooperationMoveView(MoveView):
    queryset = COOPERATION_QS
    template_name = "exchange/cooperation_move.html"
    list_url_name = "exchange:cooperation_list"
    list_label = _("Cooperation")


class CooperationMatchView(CooperationMoveView):
    move = workflow.MATCH
    button = _("Accept")

    def make_form(self, obj, data=None):
        from django import forms as django_forms

        return django_forms.Form(data)

    def texts(self, cooperation):
        if workflow.is_outside(cooperation):
            return (
                _("Record the agreement"),
                _(
                    "%(partner)s has agreed to the cooperation: record it for the requesting "
                    "unit, which then records the delivery too."
                )
                % {"partner": cooperation.partner_name},
                _("Record the agreement"),
            )
        return (
            _("Accept the cooperation"),
            _(
                "%(partner)s accepts what %(unit)s asks; the requesting unit is told, and "
                "the partner records the delivery."
            )
            % {"partner": cooperation.partner, "unit": cooperation.unit},
            self.button,
        )


class CooperationDeliverView(CooperationMoveView):
    move = workflow.DELIVER
    form_class = move_forms.DeliverForm
    title = _("Record the delivery")
    explanation = _(
        "Say what was delivered, and list it below as given or received; the requesting "
        "unit then confirms."
    )
    button = _("Record the delivery")


class CooperationConfirmView(CooperationMoveView):
    move = workflow.CONFIRM
    form_class = move_forms.ConfirmForm
    title = _("Confirm receipt")
    explanation = _(
        "Confirm that what was agreed arrived; this closes the cooperation and fixes what "
        "was given and received."
    )
    button = _("Confirm receipt")


class CooperationWithdrawView(CooperationMoveView):
    move = workflow.WITHDRAW
    form_class = move_forms.WithdrawForm
    title = _("Withdraw the cooperation")
    explanation = _("A withdrawn cooperation stays on record with its reason; the partner is told.")
    button = _("Withdraw")


# What was given and received: recorded by either side until the receipt is confirmed


class ItemMixin:
    """Items are reached through their cooperation: seen by whoever sees it, changed by
    either side (see workflow.item_refusal)."""

    queryset = ITEM_QS

    def restricted(self, action):
        if action == "view":
            return self.queryset.restrict(self.request.user, "view")
        return self.queryset.filter(pk__in=workflow.items_for(self.request.user, action))

    def check_item_right(self, cooperation, action):
        why = workflow.item_refusal(cooperation, self.request.user, action)
        if why is not None:
            raise PermissionDenied(str(why))


class CooperationItemEditView(ItemMixin, generic.ObjectEditView):
    """Add an item to a cooperation (?cooperation=id) or change one."""

    form_class = forms.CooperationItemForm

    def cooperation(self):
        if "pk" in self.kwargs:
            return self.get_object("view").cooperation
        value = self.request.GET.get("cooperation") or self.request.POST.get("cooperation")
        if not value or not is_number(str(value)):
            raise Http404
        found = Cooperation.objects.restrict(self.request.user, "view").filter(pk=value)
        cooperation = found.select_related("unit", "partner").first()
        if cooperation is None:
            raise Http404
        return cooperation

    def get(self, request, *args, **kwargs):
        if "pk" not in self.kwargs and not request.GET.get("cooperation"):
            # Items are added from their cooperation's page.
            self.require_anywhere("add")
            return HttpResponseRedirect(reverse("exchange:cooperation_list"))
        return super().get(request, *args, **kwargs)

    def get_target(self):
        if "pk" not in self.kwargs:
            self.require_anywhere("add")
        cooperation = self.cooperation()
        if "pk" in self.kwargs:
            item = self.get_object("view")
            self.check_item_right(cooperation, "change")
            return item
        self.check_item_right(cooperation, "add")
        return CooperationItem(cooperation=cooperation)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["cooperation"] = self.cooperation()
        return kwargs

    def return_url(self, default):
        return super().return_url(default or self.cooperation().get_absolute_url())


class CooperationItemDeleteView(ItemMixin, generic.ObjectDeleteView):
    def get_object(self, action="view"):
        item = super().get_object("view")
        if action == "delete":
            self.check_item_right(item.cooperation, "delete")
        return item

    def delete_object(self, item):
        self.back_to = item.cooperation.get_absolute_url()
        with transaction.atomic():
            item.delete()

    def get_success_url(self):
        return self.back_to
