"""The ministry's daily board page (`/national/board/`): one product, one quarter, the
units one level below the chosen one against the level their quarter plan requires;
and the pages of the key enterprises it lists (`/national/key-enterprises/`)."""

from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from gexin.core import views as generic
from gexin.core.permissions import has_action_anywhere
from gexin.core.replicas import ReplicaReadMixin
from gexin.national import board
from gexin.national.filtersets import board as filtersets
from gexin.national.forms import board as forms
from gexin.national.forms.board import BoardForm
from gexin.national.models import KeyEnterprise
from gexin.national.tables import board as tables
from gexin.org.models import Unit
from gexin.plans import formatting
from gexin.plans.models import Plan


def may_read_board(user):
    """Anyone who may view some unit's plans."""
    return has_action_anywhere(user, Plan, "view")


def asked(user, params):
    """(form, board or None): the board asked for in the query string, defaults filled.

    Raises PermissionDenied for a user who may view no plans and Http404 for a unit
    whose plans, and the plans of every unit inside it, are out of their scope.
    """
    if not may_read_board(user):
        raise PermissionDenied
    form = BoardForm(params or None)
    if params and not form.is_valid():
        return form, None
    wanted = form.wanted() if params else {}
    try:
        unit, metric, start, end, as_of, days_running = board.choose(user, **wanted)
    except board.BoardError as error:
        raise Http404 from error
    return form, board.build(user, unit, metric, start, end, as_of, days_running)


def query(result, unit):
    """The query string of the same board for another unit."""
    return urlencode(
        {
            "metric": result.metric.code,
            "unit": unit.code,
            "quarter": board.quarter_code(result.quarter_start),
            "as_of": result.as_of.isoformat(),
            "days_running": result.days_running,
        }
    )


def dress(row, result):
    """Texts of a row for the template."""
    decimals = result.metric.decimals
    row.texts = {
        "target": formatting.number(row.target, decimals),
        "actual": formatting.number(row.actual, decimals),
        "levels": [formatting.number(row.levels[span], decimals) for span in board.LEVEL_DAYS],
        "required": formatting.number(row.required, decimals),
        "gap": formatting.signed(row.gap, decimals),
        "gap_percent": formatting.signed(row.gap_percent, 1),
        "year_ago": formatting.number(row.year_ago, decimals),
        "year_change": formatting.signed(row.year_change, 1),
    }
    row.down_url = "?" + query(result, row.unit) if row.unit.numchild else None
    return row


class BoardView(ReplicaReadMixin, LoginRequiredMixin, View):
    """Choose a product, a unit, a quarter, an as-of day and N (all defaulted)."""

    template_name = "national/board.html"

    def get(self, request):
        form, result = asked(request.user, request.GET)
        context = {"form": form, "board": result}
        if has_action_anywhere(request.user, KeyEnterprise, "view"):
            context["key_enterprises_url"] = reverse("national:keyenterprise_list")
        if result is not None:
            for row in [*result.rows, *result.key_rows]:
                dress(row, result)
            if result.total is not None:
                dress(result.total, result)
            form = BoardForm(
                initial={
                    "metric": result.metric.code,
                    "unit": result.unit.code,
                    "quarter": board.quarter_code(result.quarter_start),
                    "as_of": result.as_of,
                    "days_running": result.days_running,
                }
            )
            parent = result.unit.parent
            context.update(
                {
                    "form": form,
                    "up_url": "?" + query(result, parent)
                    if parent is not None and board.may_open(board.plan_scope(request.user), parent)
                    else None,
                    "level_days": board.LEVEL_DAYS,
                    "below": result.below,
                }
            )
        return render(request, self.template_name, context)


# Key enterprises

KEY_ENTERPRISE_QS = KeyEnterprise.objects.select_related("unit", "metric")
# The units a list of key enterprises may be narrowed to: those above a plant, and plants.
WITHIN_KINDS = ("ministry", "bureau", "province", *forms.KEY_KINDS)


def product_choices():
    return [(metric.code, metric.display_name) for metric in forms.products()]


class KeyEnterpriseListView(generic.ObjectListView):
    """The key enterprises the user may see, by product and unit."""

    queryset = KEY_ENTERPRISE_QS
    filterset_class = filtersets.KeyEnterpriseFilterSet
    table_class = tables.KeyEnterpriseTable
    template_name = "national/board_keyenterprise_list.html"
    sort_fields = {
        "unit": ["unit__path", "metric__code", "pk"],
        "product": ["metric__code", "unit__path", "pk"],
        "since": ["since", "unit__path", "pk"],
    }
    default_sort = "unit"

    @property
    def select_filters(self):
        return (
            ("product", _("Product"), product_choices),
            ("unit", _("Within"), self.unit_choices),
        )

    def unit_choices(self):
        units = Unit.objects.where_user_holds(
            self.request.user, "national.view_keyenterprise"
        ).filter(kind__in=WITHIN_KINDS)
        return [(unit.code, unit.display_name) for unit in units.order_by("path")]


class KeyEnterpriseDetailView(generic.ObjectDetailView):
    queryset = KEY_ENTERPRISE_QS
    body_template = "national/board_keyenterprise_body.html"

    def extra_context(self, mark):
        return {"board_query": urlencode({"metric": mark.metric.code})}


class KeyEnterpriseEditView(generic.ObjectEditView):
    queryset = KEY_ENTERPRISE_QS
    form_class = forms.KeyEnterpriseForm


class KeyEnterpriseDeleteView(generic.ObjectDeleteView):
    queryset = KEY_ENTERPRISE_QS
    success_url = "national:keyenterprise_list"


class KeyEnterpriseHistoryView(generic.ObjectHistoryView):
    queryset = KeyEnterprise.objects.all()
