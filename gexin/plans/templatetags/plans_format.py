"""Template filters for figures: `{{ value|figure:metric }}`, `{{ value|percent }}`."""

from django import template

from gexin.plans import formatting

register = template.Library()


def _decimals(arg):
    if arg is None or arg == "":
        return 1
    return getattr(arg, "decimals", arg)


@register.filter
def figure(value, metric_or_decimals=None):
    """The value with the metric's decimals and grouped thousands; — when missing."""
    return formatting.number(value, _decimals(metric_or_decimals))


@register.filter
def signed_figure(value, metric_or_decimals=None):
    return formatting.signed(value, _decimals(metric_or_decimals))


@register.filter
def percent(value, decimals=1):
    if value is None:
        return "—"
    return formatting.number(value, decimals) + "%"
