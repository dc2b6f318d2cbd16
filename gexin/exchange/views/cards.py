"""Pages of technical assistance cards (技术互助卡片): the board of open cards, a unit's own
cards, a card with its timeline, posting one, and the moves open → matched → delivered
→ confirmed (or withdrawn), which cooperation requests share (see MoveView)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gexin.core import views as generic
from gexin.core.permissions import is_path_in_scope
from gexin.exchange import workflow
from gexin.exchange.choices import CardKind, ExchangeStatus
from gexin.exchange.filtersets import cards as filtersets
from gexin.exchange.filtersets.cards import with_plants
from gexin.exchange.forms import cards as forms
from gexin.exchange.models import PLANT_KINDS, AssistanceCard, plant_of
from gexin.exchange.tables import cards as tables
from gexin.org.backends import own_person
from gexin.org.models import Unit, WorkType

CARD_QS = AssistanceCard.objects.select_related(
    "unit",
    "counterpart",
    "work_type",
    "experience",
    "posted_by",
    "matched_by",
    "delivered_by",
    "confirmed_by",
)


def work_type_choices():
    return [(work_type.code, work_type.display_name) for work_type in WorkType.objects.all()]


def plant_choices():
    return [
        (plant.code, plant.display_name)
        for plant in Unit.objects.filter(kind__in=PLANT_KINDS).order_by("path")
    ]


class AssistanceCardListView(generic.ObjectListView):
    """The board of open cards (for everyone signed in), or, with ?ours=1, every card
    posted or taken up by the user's units."""

    queryset = CARD_QS
    filterset_class = filtersets.AssistanceCardFilterSet
    table_class = tables.AssistanceCardTable
    template_name = "exchange/cards_assistancecard_list.html"
    select_filters = (
        ("kind", _("Kind"), CardKind.choices),
        ("status", _("Status"), ExchangeStatus.choices),
        ("work_type", _("Work type"), work_type_choices),
        ("plant", _("Plant"), plant_choices),
    )
    carried_params = ("ours",)
    sort_fields = {
        "title": ["title", "pk"],
        "kind": ["kind", "-pk"],
        "status": ["status", "-pk"],
        "unit": ["unit__path", "-pk"],
        "needed_by": ["needed_by", "pk"],
        "posted": ["posted_on", "pk"],
    }
    default_sort = "-posted"

    def is_ours(self):
        return self.request.GET.get("ours", "") in filtersets.TRUE

    def is_board_default(self):
        """The board shows the open cards until another status (or "any") is chosen."""
        return not self.is_ours() and "status" not in self.request.GET

    def get_base_queryset(self):
        queryset = with_plants(self.restricted("view"))
        if self.is_board_default():
            queryset = queryset.filter(status=ExchangeStatus.OPEN)
        return queryset

    def drop_downs(self):
        filters = super().drop_downs()
        if self.is_board_default():
            for found in filters:
                if found["name"] == "status":
                    found["options"] = [
                        (value, label, value == ExchangeStatus.OPEN)
                        for value, label, _selected in found["options"]
                    ]
        return filters

    def extra_context(self):
        return {"ours": self.is_ours()}


class AssistanceCardDetailView(generic.ObjectDetailView):
    """A card: what is asked or offered, both sides, its timeline, and the moves the user
    may make (all decided by the user's scope, so the body is cached per scope)."""

    queryset = CARD_QS
    body_template = "exchange/_cards_assistancecard_body.html"

    def extra_context(self, card):
        user = self.request.user
        return {
            "moves": workflow.allowed_moves(card, user),
            "timeline": workflow.timeline(card),
            "plant": plant_of(card.unit),
            "counterpart_plant": plant_of(card.counterpart),
            "can_change": self.can("change", card) and workflow.is_editable(card),
            "can_delete": self.can("delete", card)
            and card.matched_on is None
            and card.status == ExchangeStatus.OPEN,
            "is_request": card.kind == CardKind.REQUEST,
        }


def find_code(model, value):
    value = (value or "").strip()
    return model.objects.filter(code=value).first() if value else None


class AssistanceCardEditView(generic.ObjectEditView):
    """Post a card for one of the user's units, or change it while it is open.

    The form may be prefilled from the query string (?kind=, ?unit=, ?work_type=,
    ?title=, ?description=), as the same-type comparison does to ask the best for help.
    """

    queryset = CARD_QS
    form_class = forms.AssistanceCardForm

    def get_target(self):
        card = super().get_target()
        if card.pk and not workflow.is_editable(card):
            raise PermissionDenied(str(workflow.EDIT_REFUSED))
        return card

    def initial_for_create(self):
        query = self.request.GET
        user = self.request.user
        initial = {}
        if query.get("kind") in CardKind.values:
            initial["kind"] = query["kind"]
        unit = find_code(Unit, query.get("unit"))
        if unit is None:
            person = own_person(user)
            unit = person.unit if person is not None else None
        if unit is not None and is_path_in_scope(user, AssistanceCard, "add", unit.path):
            initial["unit"] = unit
        work_type = find_code(WorkType, query.get("work_type"))
        if work_type is None and unit is not None and unit.work_type_id:
            work_type = unit.work_type
        if work_type is not None:
            initial["work_type"] = work_type
        for name, limit in (("title", 200), ("description", 4000)):
            if query.get(name):
                initial[name] = query[name][:limit]
        return initial

    def success_message(self, card, created):
        if created:
            return gettext("The card is on the board: every plant can see it and take it up.")
        return super().success_message(card, created)


class AssistanceCardDeleteView(generic.ObjectDeleteView):
    queryset = CARD_QS
    success_url = "exchange:assistancecard_list"

    def get_object(self, action="view"):
        card = super().get_object(action)
        if action == "delete":
            try:
                workflow.check_deletable(card)
            except ValidationError as error:
                raise PermissionDenied(" ".join(error.messages)) from None
        return card


class AssistanceCardHistoryView(generic.ObjectHistoryView):
    queryset = AssistanceCard.objects.all()


# The moves, shared with cooperation requests


class MoveView(generic.ScopedView):
    """One move of a card or a cooperation: GET shows its form (or, when the user may
    not make it now, goes back to the page saying why); POST makes it. The workflow
    decides who may; a refusal is shown with its reason."""

    template_name = "exchange/cards_move.html"
    move = ""
    form_class = None
    title = ""
    explanation = ""
    button = _("Save")
    list_url_name = "exchange:assistancecard_list"
    list_label = _("Assistance cards")

    def make_form(self, obj, data=None):
        return self.form_class(data)

    def run(self, obj, data):
        user = self.request.user
        if self.move == workflow.MATCH:
            return workflow.match(obj, user=user, unit=data.get("unit"))
        if self.move == workflow.DELIVER:
            return workflow.deliver(obj, user=user, note=data["note"])
        if self.move == workflow.CONFIRM:
            return workflow.confirm(obj, user=user, note=data.get("note", ""))
        return workflow.withdraw(obj, user=user, reason=data["reason"])

    def texts(self, obj):
        return self.title, self.explanation, self.button

    def show(self, obj, form, status=200):
        title, explanation, button = self.texts(obj)
        return render(
            self.request,
            self.template_name,
            {
                "object": obj,
                "opts": self.model._meta,
                "form": form,
                "title": title,
                "explanation": explanation,
                "button": button,
                "danger": self.move == workflow.WITHDRAW,
                "list_url": reverse(self.list_url_name),
                "list_label": self.list_label,
            },
            status=status,
        )

    def get(self, request, pk):
        obj = self.get_object("view")
        why = workflow.refusal(obj, self.move, request.user)
        if why is not None:
            messages.error(request, str(why))
            return HttpResponseRedirect(obj.get_absolute_url())
        return self.show(obj, self.make_form(obj))

    def post(self, request, pk):
        obj = self.get_object("view")
        if not workflow.may_move_at_all(request.user, obj):
            raise PermissionDenied
        form = self.make_form(obj, request.POST)
        if form.is_valid():
            try:
                self.run(obj, form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    gettext("%(title)s is now: %(status)s.")
                    % {"title": obj.title, "status": obj.get_status_display()},
                )
                return HttpResponseRedirect(obj.get_absolute_url())
        return self.show(obj, form, status=400)


class CardMatchView(MoveView):
    queryset = CARD_QS
    move = workflow.MATCH
    title = _("Take up the card")
    explanation = _(
        "Your unit takes the card up: the posting unit is told, and from now on only the "
        "two sides see it."
    )
    button = _("Take it up")

    def make_form(self, obj, data=None):
        form = forms.MatchForm(data, user=self.request.user, card=obj)
        if data is None:
            takers = form.fields["unit"].queryset
            person = own_person(self.request.user)
            if person is not None and takers.filter(pk=person.unit_id).exists():
                form.initial["unit"] = person.unit
            elif takers.count() == 1:
                form.initial["unit"] = takers.get()
        return form


class CardDeliverView(MoveView):
    queryset = CARD_QS
    move = workflow.DELIVER
    form_class = forms.DeliverForm
    title = _("Record the delivery")
    explanation = _("Say what was delivered; the receiving side is told and then confirms.")
    button = _("Record the delivery")


class CardConfirmView(MoveView):
    queryset = CARD_QS
    move = workflow.CONFIRM
    form_class = forms.ConfirmForm
    title = _("Confirm receipt")
    explanation = _("Confirm that the help arrived; this closes the card.")
    button = _("Confirm receipt")


class CardWithdrawView(MoveView):
    queryset = CARD_QS
    move = workflow.WITHDRAW
    form_class = forms.WithdrawForm
    title = _("Withdraw the card")
    explanation = _("A withdrawn card stays on record with its reason; the other side is told.")
    button = _("Withdraw")
