"""Pages of technical assistance contracts, their items, the conferences of the plants
and the conference's evaluation sheet."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gexin.core import views as generic
from gexin.exchange import contracts
from gexin.exchange.choices import ContractStatus, ItemStatus
from gexin.exchange.filtersets import contracts as filtersets
from gexin.exchange.forms import contracts as forms
from gexin.exchange.models import Conference, Contract, ContractItem, ItemEvaluation
from gexin.exchange.tables import contracts as tables
from gexin.org.filtersets import is_number

CONTRACT_QS = Contract.objects.select_related("unit").prefetch_related("parties")
ITEM_QS = ContractItem.objects.select_related(
    "contract__unit", "obliged_unit", "beneficiary", "experience"
)
CONFERENCE_QS = Conference.objects.select_related("unit", "contract")


def grouped_items(contract, parties, today=None):
    """The contract's items grouped by obliged plant: [(plant, [item, …]), …]."""
    groups = {}
    for item in contract.items.select_related("obliged_unit", "beneficiary", "experience"):
        plant = contracts.party_of(item.obliged_unit, parties)
        key = plant.pk if plant is not None else None
        groups.setdefault(key, (plant, []))[1].append(item)
        item.overdue = item.is_overdue(today)
    return sorted(groups.values(), key=lambda group: group[0].path if group[0] else "~")


# Contracts


class ContractListView(generic.ObjectListView):
    queryset = CONTRACT_QS
    filterset_class = filtersets.ContractFilterSet
    table_class = tables.ContractTable
    template_name = "exchange/contracts_contract_list.html"
    select_filters = (("status", _("Status"), ContractStatus.choices),)
    carried_params = ("party", "unit")
    sort_fields = {
        "number": ["number", "pk"],
        "title": ["title", "pk"],
        "signed_on": ["signed_on", "pk"],
        "ends_on": ["ends_on", "pk"],
        "status": ["status", "pk"],
    }
    default_sort = "-signed_on"


class ContractDetailView(generic.ObjectDetailView):
    """The contract, its items by obliged plant, and its fulfilment."""

    queryset = CONTRACT_QS
    body_template = "exchange/_contracts_contract_body.html"

    def extra_context(self, contract):
        parties = list(contract.parties.all())
        user = self.request.user
        return {
            "parties": parties,
            "groups": grouped_items(contract, parties),
            "fulfilment": contracts.fulfilment(contract),
            "conferences": Conference.objects.restrict(user, "view")
            .filter(contract=contract)
            .order_by("held_on", "pk"),
            "can_add_item": contracts.contracts_open_to_items(user).filter(pk=contract.pk).exists(),
        }


class ContractEditView(generic.ObjectEditView):
    queryset = CONTRACT_QS
    form_class = forms.ContractForm


class ContractDeleteView(generic.ObjectDeleteView):
    queryset = CONTRACT_QS
    success_url = "exchange:contract_list"


class ContractHistoryView(generic.ObjectHistoryView):
    queryset = Contract.objects.all()


# Items


class ItemScopeMixin:
    """Adding, changing (the terms) and deleting an item is also open to the management
    keeping the contract."""

    def restricted(self, action):
        if action in ("add", "change", "delete"):
            return contracts.items_for(self.request.user, action).select_related(
                "contract__unit", "obliged_unit", "beneficiary"
            )
        return super().restricted(action)

    def can(self, action, obj=None):
        if obj is not None and action in ("change", "delete"):
            return self.restricted(action).filter(pk=obj.pk).exists()
        return super().can(action, obj)


class ContractItemDetailView(ItemScopeMixin, generic.ObjectDetailView):
    queryset = ITEM_QS
    body_template = "exchange/_contracts_item_body.html"

    def extra_context(self, item):
        user = self.request.user
        evaluations = list(
            ItemEvaluation.objects.restrict(user, "view")
            .filter(item=item)
            .select_related("conference")
            .order_by("conference__held_on")
        )
        # A party that did not take part sees the verdict, not the conference's page.
        seen = set(
            Conference.objects.restrict(user, "view")
            .filter(pk__in=[e.conference_id for e in evaluations])
            .values_list("pk", flat=True)
        )
        for evaluation in evaluations:
            evaluation.conference_visible = evaluation.conference_id in seen
        return {
            "overdue": item.is_overdue(),
            "evaluations": evaluations,
            "can_delete": self.restricted("delete").filter(pk=item.pk).exists(),
            "can_move": contracts.may_move_item(user, item),
        }


class ContractItemEditView(ItemScopeMixin, generic.ObjectEditView):
    """Add an item to a contract (?contract=), or change one: its owning workshop moves
    its status; its terms are management's."""

    queryset = ITEM_QS
    form_class = forms.ContractItemForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "pk" in self.kwargs:
            return kwargs
        value = self.request.GET.get("contract") or self.request.POST.get("contract") or ""
        if value:
            if not is_number(str(value)):
                raise Http404
            contract = Contract.objects.restrict(self.request.user, "view").filter(pk=value).first()
            if contract is None:
                raise Http404
            if not contracts.contracts_open_to_items(self.request.user).filter(pk=value).exists():
                raise PermissionDenied
            kwargs["contract"] = contract
        return kwargs

    def initial_for_create(self):
        return {"status": ItemStatus.PLANNED}

    def success_message(self, item, created):
        if not created and item.status == ItemStatus.DONE:
            return gettext("Saved %(object)s. The receiving plant is told it is done.") % {
                "object": item
            }
        return super().success_message(item, created)


class ContractItemDeleteView(ItemScopeMixin, generic.ObjectDeleteView):
    queryset = ITEM_QS

    def delete_object(self, item):
        self.back_to = item.contract.get_absolute_url()
        item.delete()

    def get_success_url(self):
        return self.back_to


class ContractItemHistoryView(generic.ObjectHistoryView):
    queryset = ContractItem.objects.all()


# Conferences


def visible_contract(user):
    """An annotation: True where the conference's contract is one the user sees."""
    return Exists(Contract.objects.restrict(user, "view").filter(pk=OuterRef("contract_id")))


class ConferenceListView(generic.ObjectListView):
    queryset = CONFERENCE_QS
    filterset_class = filtersets.ConferenceFilterSet
    table_class = tables.ConferenceTable
    template_name = "exchange/contracts_conference_list.html"
    carried_params = ("contract", "participant", "unit")
    sort_fields = {
        "number": ["number", "pk"],
        "title": ["title", "pk"],
        "held_on": ["held_on", "pk"],
    }
    default_sort = "-held_on"
    # Exports of conferences are granted to no role.
    exportable = False

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .annotate(
                experience_count=Count("experiences", distinct=True),
                contract_visible=visible_contract(self.request.user),
            )
        )


class ConferenceDetailView(generic.ObjectDetailView):
    """The conference: who took part, the experiences exchanged, and its evaluation of
    the contract with the fulfilment per plant."""

    queryset = CONFERENCE_QS
    body_template = "exchange/_contracts_conference_body.html"

    def extra_context(self, conference):
        user = self.request.user
        experiences = list(conference.experiences.select_related("unit").order_by("title", "pk"))
        # The contract, its fulfilment and the verdicts are shown only to those who see
        # the contract (its parties' people), not to every participant.
        visible = conference.contract_visible = contracts.contract_visible(user, conference)
        context = {
            "participants": list(conference.participants.all()),
            "experiences": experiences,
            "can_evaluate": visible and contracts.may_evaluate(user, conference),
            "contract_visible": visible,
        }
        if visible:
            result = contracts.fulfilment(conference.contract, conference=conference)
            context["result"] = result.conferences[0] if result.conferences else None
            context["evaluations"] = conference.evaluations.select_related(
                "item__obliged_unit", "item__beneficiary"
            ).order_by("item__due_on", "item_id")
        return context


class ConferenceEditView(generic.ObjectEditView):
    queryset = CONFERENCE_QS
    form_class = forms.ConferenceForm


class ConferenceDeleteView(generic.ObjectDeleteView):
    queryset = CONFERENCE_QS
    success_url = "exchange:conference_list"


class ConferenceHistoryView(generic.ObjectHistoryView):
    queryset = Conference.objects.all()


class ConferenceEvaluateView(generic.ScopedView):
    """The evaluation sheet: one verdict and note per item of the conference's contract,
    saved together."""

    queryset = CONFERENCE_QS
    template_name = "exchange/contracts_conference_evaluate.html"

    def get_conference(self):
        conference = self.get_object("view")
        if not contracts.may_evaluate(self.request.user, conference):
            raise PermissionDenied
        return conference

    def sheet(self, conference, data=None):
        """The row forms, and the version of the verdicts they were filled from."""
        if conference.contract_id is None:
            return [], ""
        parties = list(conference.contract.parties.all())
        items = list(
            conference.contract.items.select_related("obliged_unit", "beneficiary").order_by(
                "obliged_unit__path", "due_on", "pk"
            )
        )
        stored = list(conference.evaluations.all())
        evaluations = {e.item_id: e for e in stored}
        rows = forms.sheet_forms(items, evaluations, data)
        for row in rows:
            row.plant = contracts.party_of(row.item.obliged_unit, parties)
        return rows, contracts.sheet_version(stored)

    def show(self, conference, rows, version, status=200, errors=()):
        return render(
            self.request,
            self.template_name,
            {
                "conference": conference,
                "rows": rows,
                "version": version,
                "errors": errors,
                "opts": Conference._meta,
            },
            status=status,
        )

    def get(self, request, pk):
        conference = self.get_conference()
        return self.show(conference, *self.sheet(conference))

    def post(self, request, pk):
        conference = self.get_conference()
        rows, version = self.sheet(conference, request.POST)
        # The version the sheet was opened on (a sheet posted without one is not checked).
        opened_on = request.POST.get("version", "")
        if not all(row.is_valid() for row in rows):
            return self.show(conference, rows, opened_on or version, status=400)
        try:
            kept = contracts.evaluate(
                conference,
                [(row.item, row.cleaned_data["verdict"], row.cleaned_data["note"]) for row in rows],
                version=opened_on,
            )
        except contracts.SheetChanged as error:
            # Show the verdicts as they now are, to be checked and entered again.
            return self.show(conference, *self.sheet(conference), status=409, errors=error.messages)
        except ValidationError as error:
            return self.show(
                conference, rows, opened_on or version, status=400, errors=error.messages
            )
        messages.success(
            request,
            gettext("The conference's verdicts on %(count)s item(s) are saved.")
            % {"count": len(kept)},
        )
        return HttpResponseRedirect(
            reverse("exchange:conference_detail", args=[conference.pk]) + "#fulfilment"
        )
