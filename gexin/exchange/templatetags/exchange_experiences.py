"""Template helpers of advanced experiences: figures as people read them, and the link
that writes up earlier work (a key issue, a proposal, an advanced producer) as one."""

from django import template
from django.urls import reverse

from gexin.exchange.forms.experiences import may_write_up, origin_kind
from gexin.exchange.tables.experiences import plain_figure

register = template.Library()


@register.filter
def figure4(value):
    """A figure with as many decimals as it has (up to four), thousands grouped."""
    return plain_figure(value)


@register.inclusion_tag("exchange/_experiences_write_up_link.html", takes_context=True)
def write_up_link(context, obj):
    """ "Write up as an advanced experience", shown only when the work is ready for it and
    the user may add an experience of its unit."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not may_write_up(user, obj):
        return {"url": None}
    return {"url": reverse("exchange:experience_add") + f"?{origin_kind(obj)}={obj.pk}"}


@register.simple_tag
def change_badge(before, after, direction):
    """The change from `before` to `after` as people say it ("−50.0%"), marked good or bad
    by the figure's direction (a shorter roll change is good)."""
    from decimal import Decimal

    from django.utils.html import format_html

    from gexin.exchange.models import improvement

    better = improvement(before, after, direction)
    if better is None:
        return ""
    change = ((Decimal(after) - Decimal(before)) / abs(Decimal(before)) * 100).quantize(
        Decimal("0.1")
    )
    sign = "+" if change > 0 else ("−" if change < 0 else "")
    css = "good" if better > 0 else ("bad" if better < 0 else "")
    return format_html(
        '<strong class="{}" data-improvement="{}">{}{}%</strong>', css, better, sign, abs(change)
    )
