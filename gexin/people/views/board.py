"""The people board page (`/people/board/?unit=<code>&as_of=<day>`) and the unit page's
card that leads to it."""

import datetime
from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views import View

from gexin.core.permissions import has_action_anywhere
from gexin.core.replicas import ReplicaReadMixin
from gexin.org.models import Person, Unit
from gexin.org.privacy import HIDDEN
from gexin.people import board
from gexin.people.forms.board import BoardForm


def url_or_none(name, query=None):
    """The URL of a route, with its query string, or None while the route does not exist."""
    try:
        url = reverse(name)
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode(query)}" if query else url


def asked(user, params):
    """(form, board or None) for the query string: the unit and day asked for, or the
    user's own unit and today. PermissionDenied for a user who may view no people."""
    if not has_action_anywhere(user, Person, "view"):
        raise PermissionDenied
    form = BoardForm(params or None, user=user)
    if params and not form.is_valid():
        return form, None
    data = form.cleaned_data if params else {}
    unit = data.get("unit")
    as_of = data.get("as_of") or datetime.date.today()
    try:
        unit = board.choose_unit(user, unit.code if unit is not None else None)
    except board.BoardError:
        if unit is not None:
            raise Http404 from None
        return form, None  # no unit of their own: they choose one
    return form, board.build(user, unit, as_of)


def section_links(result):
    """Links from the board's sections to the lists they come from."""
    code, day = result.unit.code, result.as_of.isoformat()
    return {
        "apprenticeships": url_or_none("people:apprenticeship_list", {"unit": code}),
        "pairings": url_or_none("competitions:pairing_list", {"unit": code, "is_open": "true"}),
        "help_cases": url_or_none("competitions:helpcase_list", {"unit": code, "is_open": "true"}),
        "add_case": url_or_none("competitions:helpcase_add"),
        "quota": url_or_none("competitions:helpcase_candidates", {"unit": code, "as_of": day}),
        "groups": url_or_none("people:studygroup_list", {"unit": code, "kind": "mutual_aid"}),
        "dues": url_or_none(
            "people:dues_arrears",
            {"unit": code, "through": result.arrears.through_month.strftime("%Y-%m")}
            if result.arrears is not None
            else {"unit": code},
        ),
        "welfare": url_or_none("people:welfarecase_list", {"within": code, "is_open": "true"}),
    }


class BoardView(ReplicaReadMixin, LoginRequiredMixin, View):
    """One page, phone first: who is paired with whom, the young and new workers, who
    misses the quota and why, what help is under way, and the group's other work."""

    template_name = "people/board.html"

    def get(self, request):
        form, result = asked(request.user, request.GET)
        context = {"form": form, "board": result, "hidden_text": HIDDEN}
        if result is not None:
            context["form"] = BoardForm(
                initial={"unit": result.unit.code, "as_of": result.as_of}, user=request.user
            )
            context["links"] = section_links(result)
            context["parent"] = (
                result.unit.parent
                if result.unit.parent_id and board.may_view_board(request.user, result.unit.parent)
                else None
            )
        return render(request, self.template_name, context)


class UnitBoardPanelView(ReplicaReadMixin, LoginRequiredMixin, View):
    """The unit page's card: how many are paired and helped today, how many cases are
    due for review, with the link to the board (counts only: the page stays light)."""

    template_name = "people/board_unit_panel.html"

    def get(self, request, pk):
        unit = Unit.objects.restrict(request.user, "view").filter(pk=pk).first()
        if unit is None:
            raise Http404
        if not board.may_view_board(request.user, unit):
            raise PermissionDenied
        return render(
            request,
            self.template_name,
            {
                "unit": unit,
                "counts": board.counts(request.user, unit, datetime.date.today()),
                "board_url": url_or_none("people:board", {"unit": unit.code}),
            },
        )


def unit_panel(unit):
    """The unit page's people board card (gexin.core.unit_panels)."""
    return reverse("people:unit_board_panel", args=[unit.pk])
