"""The same-type comparison page: one metric for every unit of a work type across all
plants, best first, with a bar chart and, below the best, a button that asks the best
for help (an assistance card prefilled with the figures)."""

from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views import View

from gexin.core.permissions import has_action_anywhere, is_path_in_scope
from gexin.core.replicas import ReplicaReadMixin
from gexin.exchange import comparison
from gexin.exchange.choices import CardKind
from gexin.exchange.forms.comparison import ComparisonForm
from gexin.exchange.models import AssistanceCard, Experience
from gexin.org.choices import UnitKind
from gexin.plans import formatting

ECHARTS_JS = "gexin/vendor/echarts/echarts.min.js"
CHART_JS = "gexin/js/comparison_chart.js"


def may_compare(user):
    """Anyone signed in who holds a role or a membership somewhere."""
    return has_action_anywhere(user, Experience, "view")


def asked(request):
    """(form, what was asked): a form with errors asks nothing."""
    if not request.GET:
        return ComparisonForm(), {}
    form = ComparisonForm(request.GET)
    if not form.is_valid():
        return form, None
    return form, {name: value for name, value in form.cleaned_data.items() if value}


def period_text(choice):
    return f"{choice.start.isoformat()} – {choice.end.isoformat()}"


def value_text(value, metric):
    if value is None:
        return gettext("no records")
    return f"{formatting.number(value, metric.decimals)} {metric.display_unit}"


def help_url(row, best, choice):
    """The card form, prefilled: a request to the best unit, naming both figures."""
    metric = choice.metric
    params = {
        "metric": metric.display_name,
        "best": best.unit.display_name,
        "best_plant": best.plant.display_name,
        "best_value": value_text(best.value, metric),
        "unit": row.unit.display_name,
        "plant": row.plant.display_name,
        "value": value_text(row.value, metric),
        "gap": formatting.number(row.gap, 1) if row.gap is not None else "—",
        "period": period_text(choice),
        "work_type": choice.work_type.display_name,
    }
    title = gettext("Help asked: %(metric)s — learn from %(best)s") % params
    if row.value is None:
        description = (
            gettext(
                "%(best)s (%(best_plant)s) is the best of the %(work_type)s units on "
                "%(metric)s over %(period)s, with %(best_value)s. %(unit)s (%(plant)s) "
                "has no records of it yet. We ask %(best)s to show us how they work."
            )
            % params
        )
    else:
        description = (
            gettext(
                "%(best)s (%(best_plant)s) is the best of the %(work_type)s units on "
                "%(metric)s over %(period)s, with %(best_value)s; %(unit)s (%(plant)s) "
                "reached %(value)s, %(gap)s%% behind. We ask %(best)s to show us how "
                "they do it."
            )
            % params
        )
    query = {
        "kind": CardKind.REQUEST,
        "work_type": choice.work_type.code,
        "unit": row.unit.code,
        "title": title[:200],
        "description": description,
    }
    return reverse("exchange:assistancecard_add") + "?" + urlencode(query)


def chart_data(rows, choice):
    """What the bar chart draws (see gexin/static/gexin/js/comparison_chart.js)."""
    metric = choice.metric
    return {
        "locale": "ZH" if translation.get_language().startswith("zh") else "EN",
        "unit": metric.display_unit,
        "decimals": metric.decimals,
        "no_records": gettext("no records"),
        "best_name": gettext("best"),
        "rows": [
            {
                # The plant first: same-type units are often named alike.
                "name": f"{row.plant.display_name} · {row.unit.display_name}",
                "value": None if row.value is None else float(round(row.value, 4)),
                "best": row.is_best,
            }
            for row in rows
        ],
    }


class ComparisonView(ReplicaReadMixin, LoginRequiredMixin, View):
    """Choose a work type, a metric and a period (all defaulted); every unit of that work
    type and kind across the plants is lined up, best first."""

    template_name = "exchange/comparison.html"

    def get(self, request):
        user = request.user
        if not may_compare(user):
            raise PermissionDenied
        form, wanted = asked(request)
        choice = rows = None
        if wanted is not None:
            choice = comparison.choose(**wanted, user=user)
            rows = comparison.rows_for(choice)
            form = ComparisonForm(
                initial={
                    "work_type": choice.work_type.code if choice.work_type else None,
                    "metric": choice.metric.code if choice.metric else None,
                    "start": choice.start,
                    "end": choice.end,
                    "kind": choice.kind,
                }
            )
        context = {"form": form, "choice": choice, "rows": rows}
        if rows:
            may_ask = has_action_anywhere(user, AssistanceCard, "add")
            best = rows[0] if rows[0].is_best else None
            for row in rows:
                row.value_text = value_text(row.value, choice.metric)
                row.help_url = None
                if best is not None and may_ask and not row.is_best:
                    row.help_url = help_url(row, best, choice)
                row.is_own = is_path_in_scope(user, AssistanceCard, "add", row.unit.path)
            context.update(
                {
                    "best": best,
                    "chart": chart_data(rows, choice),
                    "chart_id": "comparison-chart",
                    "chart_height": 60 + 36 * len(rows),
                    "chart_script_urls": [static(ECHARTS_JS), static(CHART_JS)],
                    "with_records": [row for row in rows if row.has_records],
                }
            )
        if choice is not None:
            context["kind_label"] = UnitKind(choice.kind).label
            context["period"] = period_text(choice)
            if choice.work_type is not None:
                found = comparison.metrics_with_records(choice.work_type, choice.kind)
                context["recorded_metrics"] = found
        return render(request, self.template_name, context)
