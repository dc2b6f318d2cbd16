"""Fulfilment pages: a unit's plan against its actuals, with a chart and its children ranked.

The full page takes `start`, `end`, `as_of` (dates as YYYY-MM-DD) and `metric` (a
metric code, for the chart and the ranking). Without dates it shows the period of
the unit's latest plan that has records, else the month of the latest record in the
unit's subtree, else the current month. The compact panel on the unit's page shows
that same default period.

Both need the unit in the user's view scope (404 otherwise) and the plans and records
of its subtree in their view scope. The figures, chart data and ranking are drawn once
per unit, dates, metric, scope, language and data version (gexin.core.versioning).
"""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from gexin.core import versioning
from gexin.core import views as generic
from gexin.core.permissions import is_path_in_scope
from gexin.core.replicas import ReplicaReadMixin
from gexin.org.models import Unit
from gexin.plans import fulfilment, periods
from gexin.plans.choices import PERIOD_ORDER, MetricKind, Shift
from gexin.plans.formatting import number, signed
from gexin.plans.models import Metric, Plan, Record

ECHARTS_JS = "gexin/vendor/echarts/echarts.min.js"
CHARTS_JS = "gexin/js/charts.js"
# A longer range is refused: ten years of figures is already more than a page can show.
MAX_DAYS = 3660
# Dates outside these years are refused (the page also reads the year before).
FIRST_YEAR, LAST_YEAR = 1900, 2199
# Plans looked at when choosing the default period.
PLANS_TRIED = 40
PANEL_LINES = 5
EARLIEST = datetime.date(1, 1, 1)
LATEST = datetime.date(9999, 12, 31)
DATE_INPUT = {"type": "date"}


def chart_scripts():
    """The scripts a chart needs, in loading order (served by the site itself)."""
    return [static(ECHARTS_JS), static(CHARTS_JS)]


def url_or_none(name, *args, query=None):
    """The URL of a route, or None while the route does not exist."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode(query)}" if query else url


def iso(day):
    return day.isoformat() if day else ""


# Choosing the period


def latest_record_day(unit):
    """The last day with records anywhere in the unit's subtree, or None."""
    return fulfilment.last_day_with_data(unit.path, EARLIEST, LATEST)


def default_period(unit, today, latest):
    """(start, end, plan or None) shown when the request names no dates.

    `latest` is the last day with records in the unit's subtree (None: no records).
    """
    if latest is None:
        start = today.replace(day=1)
        return start, periods.month_end(start), None
    plan = latest_plan_with_records(unit, latest)
    if plan is not None:
        return plan.start, plan.end, plan
    start = latest.replace(day=1)
    return start, periods.month_end(start), None


def latest_plan_with_records(unit, latest):
    """The unit's plan with the latest start (the shortest on a tie) that has records."""
    plans = list(Plan.objects.filter(unit=unit, start__lte=latest).order_by("-start")[:PLANS_TRIED])
    plans.sort(key=lambda plan: (-plan.start.toordinal(), -PERIOD_ORDER.index(plan.period_kind)))
    for plan in plans:
        if plan.end >= latest or fulfilment.last_day_with_data(unit.path, plan.start, plan.end):
            return plan
    return None


def matching_period_kind(start, end):
    """The kind of plan period [start, end] is exactly (a month, a ten days…), or None."""
    for kind in PERIOD_ORDER:
        if periods.is_aligned(kind, start) and periods.period_end(kind, start) == end:
            return kind
    return None


def neighbours(start, end):
    """(previous range, next range): the period before and after, of the same kind."""
    kind = matching_period_kind(start, end)
    one_day = datetime.timedelta(days=1)
    if kind is not None:
        before = periods.period_start(kind, start - one_day)
        after = end + one_day
        return (before, start - one_day), (after, periods.period_end(kind, after))
    if periods.whole_months(start, end):
        span = (end.year * 12 + end.month) - (start.year * 12 + start.month) + 1
        return periods.shifted(start, end, -span), periods.shifted(start, end, span)
    length = end - start + one_day
    return (start - length, end - length), (start + length, end + length)


def range_label(start, end):
    kind = matching_period_kind(start, end)
    if kind is not None:
        return periods.period_label(kind, start)
    return f"{iso(start)} – {iso(end)}"


class RangeForm(forms.Form):
    """The dates of the fulfilment page; empty dates mean the default period."""

    start = forms.DateField(
        label=gettext_lazy("First day"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Enter the first day as YYYY-MM-DD.")},
    )
    end = forms.DateField(
        label=gettext_lazy("Last day"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Enter the last day as YYYY-MM-DD.")},
    )
    as_of = forms.DateField(
        label=gettext_lazy("As of"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Enter the as-of day as YYYY-MM-DD.")},
        help_text=gettext_lazy("Empty: the last day with records."),
    )
    metric = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_metric(self):
        code = self.cleaned_data["metric"].strip()
        if code and not Metric.objects.filter(code=code).exists():
            raise forms.ValidationError(
                _("There is no metric with the code “%(code)s”.") % {"code": code}
            )
        return code

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        for name in ("start", "end", "as_of"):
            day = data.get(name)
            if day and not FIRST_YEAR <= day.year <= LAST_YEAR:
                self.add_error(
                    name,
                    _("Choose a day between the years %(first)s and %(last)s.")
                    % {"first": FIRST_YEAR, "last": LAST_YEAR},
                )
        if self.errors:
            return data
        if bool(start) != bool(end):
            raise forms.ValidationError(
                _("Give both the first and the last day, or neither for the plan's period.")
            )
        if start and end < start:
            self.add_error("end", _("The last day is before the first day."))
        elif start and periods.days_between(start, end) > MAX_DAYS:
            self.add_error("end", _("Choose at most ten years."))
        return data


# Formatting


def percent_text(value):
    return "—" if value is None else f"{number(value, 1)}%"


def change_text(line, value):
    """A change on an earlier period: in percent, or in points (metric units) for a ratio."""
    if value is None:
        return "—"
    metric = line.metric
    if line.change_in_points:
        suffix = _("pts") if metric.unit_of_measure == "%" else metric.display_unit
        return f"{signed(value, metric.decimals)} {suffix}"
    return f"{signed(value, 1)}%"


def change_class(line, value):
    """good / bad: whether the change went the metric's better way."""
    if value is None or not value:
        return ""
    better = value < 0 if line.metric.lower_is_better else value > 0
    return "good" if better else "bad"


def ahead_behind(line):
    """(css class, text) of how far ahead of or behind the plan the line is."""
    if line.ahead_behind is None:
        return "", "—"
    decimals = line.metric.decimals
    amount = round(line.ahead_behind, decimals)
    text = number(abs(amount), decimals)
    text = f"{text} {line.metric.display_unit}"
    if amount > 0:
        return "ahead", _("%(amount)s ahead") % {"amount": text}
    if amount < 0:
        return "behind", _("%(amount)s behind") % {"amount": text}
    return "on-plan", _("on plan")


def row_for(line):
    metric = line.metric
    decimals = metric.decimals
    state, state_text = ahead_behind(line)
    return {
        "metric": metric,
        "name": metric.display_name,
        "unit": metric.display_unit,
        "is_ratio": metric.is_ratio,
        "lower_is_better": metric.lower_is_better,
        "target": number(line.target, decimals),
        "actual": number(line.actual, decimals),
        "percent": percent_text(line.percent),
        "percent_class": "good" if line.percent is not None and line.percent >= 100 else "",
        "expected": number(line.expected_to_date, decimals),
        "state": state,
        "state_text": state_text,
        "required": number(line.required_daily_level, decimals),
        "forecast": number(line.forecast, decimals),
        "previous": number(line.previous, decimals),
        "change": change_text(line, line.change),
        "change_class": change_class(line, line.change),
        "year_ago": number(line.year_ago, decimals),
        "year_change": change_text(line, line.year_change),
        "year_change_class": change_class(line, line.year_change),
        "has_target": line.target is not None,
        "has_actual": line.actual is not None,
    }


# Chart data


def chart_metric(lines, code):
    """The metric the chart and the ranking are for: the asked one, else the first
    quantity with a target, else the first quantity with figures, else the first line."""
    if code:
        for line in lines:
            if line.metric.code == code:
                return line.metric
        return Metric.objects.filter(code=code).first()
    quantities = [line for line in lines if line.metric.kind == MetricKind.QUANTITY]
    for candidates in (
        [line for line in quantities if line.target is not None],
        quantities,
        lines,
    ):
        if candidates:
            return candidates[0].metric
    return None


def as_number(value):
    return None if value is None else float(round(Decimal(value), 3))


def chart_data(fulfil, metric, line):
    """What charts.js draws: the cumulative actual against the plan at an even pace,
    or for a ratio, the ratio to date against its target. None when nothing to draw."""
    unit, start, end = fulfil.unit, fulfil.start, fulfil.end
    until = min(end, fulfil.as_of)
    target = line.target if line is not None else None
    one_day = datetime.timedelta(days=1)
    series = []
    if metric.is_ratio:
        ids = [metric.numerator_id, metric.denominator_id]
        points = []
        if until >= start:
            sums, by_month = fulfilment.cumulative(unit, start, until, ids)
            running = {}
            steps = sorted(
                (day, metric_id, value) for metric_id, rows in sums.items() for day, value in rows
            )
            for day, metric_id, value in steps:
                running[metric_id] = value
                numerator = running.get(metric.numerator_id)
                denominator = running.get(metric.denominator_id)
                if numerator is not None and denominator:
                    point_day = min(periods.month_end(day), end) if by_month else day
                    ratio = numerator / denominator * metric.factor
                    if points and points[-1][0] == iso(point_day):
                        points.pop()
                    points.append([iso(point_day), as_number(ratio)])
        if points:
            series.append({"name": _("Actual to date"), "style": "actual", "points": points})
        if target is not None:
            series.append(
                {
                    "name": _("Target"),
                    "style": "plan",
                    "points": [[iso(start), as_number(target)], [iso(end), as_number(target)]],
                }
            )
    else:
        points = []
        if until >= start:
            sums, by_month = fulfilment.cumulative(unit, start, until, [metric.pk])
            for day, value in sums.get(metric.pk, []):
                point_day = min(periods.month_end(day), end) if by_month else day
                points.append([iso(point_day), as_number(value)])
        if points:
            series.append({"name": _("Actual, cumulative"), "style": "actual", "points": points})
        if target is not None:
            days = periods.days_between(start, end)
            series.append(
                {
                    "name": _("Plan at an even pace"),
                    "style": "plan",
                    "points": [
                        [iso(start), as_number(target / days)],
                        [iso(end), as_number(target)],
                    ],
                }
            )
    if not series:
        return None
    return {
        "locale": "ZH" if (get_language() or "").startswith("zh") else "EN",
        "kind": metric.kind,
        "start": iso(start),
        "end": iso(end + one_day if start == end else end),
        "as_of": iso(fulfil.as_of) if start <= fulfil.as_of <= end else None,
        "as_of_name": _("As of"),
        "decimals": metric.decimals,
        "unit": metric.display_unit,
        "series": series,
    }


# Views


class FulfilmentMixin:
    """The unit of the URL, checked, and what is drawn for it."""

    queryset = Unit.objects.all()

    def may_read_plans(self, unit):
        user = self.request.user
        return is_path_in_scope(user, Plan, "view", unit.path) and is_path_in_scope(
            user, Record, "view", unit.path
        )

    def today(self):
        return timezone.localdate()

    def links(self, unit, start, end):
        """Links to the plans and records of the unit (only to pages that exist)."""
        user = self.request.user
        links = {
            "plans": url_or_none("plans:plan_list", query={"unit": unit.code}),
            "records": url_or_none(
                "plans:record_list",
                query={"within": unit.code, "start": iso(start), "end": iso(end)},
            ),
            "grid": None,
        }
        if is_path_in_scope(user, Record, "add", unit.path):
            links["grid"] = url_or_none(
                "plans:record_grid",
                query={"unit": unit.code, "day": iso(self.today()), "shift": Shift.FIRST.value},
            )
        return links

    def page_url(self, unit, start=None, end=None, **extra):
        query = {}
        if start and end:
            query.update({"start": iso(start), "end": iso(end)})
        query.update({key: value for key, value in extra.items() if value})
        url = reverse("plans:unit_fulfilment", args=[unit.pk])
        return f"{url}?{urlencode(query)}" if query else url

    def draw(self, template, chart_id, unit, start, end, as_of, metric_code, extra):
        """The figures, chart and ranking for the range, rendered.

        `extra(fulfil, metric, lines)` gives what the template needs besides.
        """
        fulfil = fulfilment.compute(unit, start, end, as_of=as_of, today=self.today())
        lines = fulfil.lines
        metric = chart_metric(lines, metric_code)
        line = next((item for item in lines if metric and item.metric.pk == metric.pk), None)
        chart = chart_data(fulfil, metric, line) if metric is not None else None
        context = {
            "unit": unit,
            "fulfilment": fulfil,
            # The planned metrics first, then those only recorded (each by code).
            "rows": [row_for(item) for item in sorted(lines, key=lambda i: i.target is None)],
            "has_target": any(item.target is not None for item in lines),
            "has_actual": any(item.actual is not None for item in lines),
            "metric": metric,
            "chart": chart,
            "chart_id": chart_id,
            "chart_scripts": " ".join(chart_scripts()),
            "chart_script_urls": chart_scripts(),
            "required_from": fulfil.as_of + datetime.timedelta(days=1),
            "previous_range": fulfil.previous_range,
            "year_ago_range": fulfil.year_ago_range,
            "links": self.links(unit, start, end),
        }
        context.update(extra(fulfil, metric, lines))
        return render_to_string(template, context, self.request)


class UnitFulfilmentView(ReplicaReadMixin, FulfilmentMixin, generic.ScopedView):
    """The fulfilment of a unit's plan over any dates, with a chart and its children."""

    template_name = "plans/unit_fulfilment.html"

    def get(self, request, pk):
        unit = self.get_object("view")
        if not self.may_read_plans(unit):
            raise PermissionDenied
        form = RangeForm(request.GET or None)
        today = self.today()
        default_start, default_end, default_plan = default_period(
            unit, today, latest_record_day(unit)
        )
        context = {
            "object": unit,
            "unit": unit,
            "form": form,
            "default_plan": default_plan,
            "default_url": self.page_url(unit),
            "default_label": range_label(default_start, default_end),
        }
        if form.is_bound and not form.is_valid():
            return render(request, self.template_name, context, status=400)
        data = form.cleaned_data if form.is_bound else {}
        start = data.get("start") or default_start
        end = data.get("end") or default_end
        as_of = data.get("as_of")
        metric_code = data.get("metric", "")
        # The form shows the dates in force, also when they were the default ones.
        context["form"] = RangeForm(
            initial={"start": start, "end": end, "as_of": as_of, "metric": metric_code}
        )
        before, after = neighbours(start, end)
        keep = {"as_of": None, "metric": metric_code}
        context.update(
            {
                "start": start,
                "end": end,
                "range_label": range_label(start, end),
                "previous_url": self.page_url(unit, *before, **keep),
                "previous_label": range_label(*before),
                "next_url": self.page_url(unit, *after, **keep),
                "next_label": range_label(*after),
                "plans": list(
                    Plan.objects.filter(unit=unit, start=start, end=end).order_by("period_kind")
                ),
            }
        )
        body = versioning.cached_fragment(
            request,
            "plans:fulfilment",
            (unit.pk, start, end, as_of, metric_code, today),
            lambda: self.draw(
                "plans/_fulfilment_body.html",
                f"fulfilment-chart-{unit.pk}",
                unit,
                start,
                end,
                as_of,
                metric_code,
                lambda fulfil, metric, lines: self.page_extra(unit, fulfil, metric, lines, as_of),
            ),
        )
        context["body"] = mark_safe(body)
        return render(request, self.template_name, context)

    def page_extra(self, unit, fulfil, metric, lines, as_of):
        start, end = fulfil.start, fulfil.end
        ranking = []
        if metric is not None:
            decimals = metric.decimals
            for row in fulfilment.ranked_children(
                unit, start, end, metric=metric, as_of=fulfil.as_of
            ):
                ranking.append(
                    {
                        "unit": row["unit"],
                        "url": self.page_url(
                            row["unit"], start, end, as_of=iso(as_of), metric=metric.code
                        ),
                        "actual": number(row["actual"], decimals),
                        "target": number(row["target"], decimals),
                        "percent": percent_text(row["percent"]),
                    }
                )
        return {
            "ranking": ranking,
            "has_children": unit.numchild > 0,
            "metric_choices": [
                (item.metric.code, item.metric.display_name, item.metric == metric)
                for item in lines
            ],
            "as_of_value": iso(as_of),
        }


class UnitFulfilmentPanelView(ReplicaReadMixin, FulfilmentMixin, generic.ScopedView):
    """The compact fulfilment card of the unit's page (loaded by HTMX).

    Empty when the user may not read the unit's plans and records, or when the unit
    has no plan of its own and its subtree no records: the card then takes no room.
    """

    def get(self, request, pk):
        unit = self.get_object("view")
        if not self.may_read_plans(unit):
            return HttpResponse("")
        today = self.today()
        html = versioning.cached_fragment(
            request, "plans:fulfilment-panel", (unit.pk, today), lambda: self.draw_panel(unit)
        )
        return HttpResponse(html)

    def draw_panel(self, unit):
        today = self.today()
        latest = latest_record_day(unit)
        if latest is None and not Plan.objects.filter(unit=unit).exists():
            return ""
        start, end, plan = default_period(unit, today, latest)
        return self.draw(
            "plans/_fulfilment_panel.html",
            f"fulfilment-panel-chart-{unit.pk}",
            unit,
            start,
            end,
            None,
            "",
            lambda fulfil, metric, lines: self.panel_extra(unit, plan, fulfil, lines),
        )

    def panel_extra(self, unit, plan, fulfil, lines):
        with_target = [line for line in lines if line.target is not None]
        key_lines = (with_target or [line for line in lines if line.actual is not None])[
            :PANEL_LINES
        ]
        return {
            "plan": plan,
            "range_label": range_label(fulfil.start, fulfil.end),
            "page_url": self.page_url(unit),
            "key_rows": [row_for(line) for line in key_lines],
            "more_lines": len(lines) - len(key_lines),
        }
