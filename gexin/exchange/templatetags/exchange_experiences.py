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
