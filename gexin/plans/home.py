"""The plans app's section of the start page: today's figures and the unit's plan."""

import datetime

from django.urls import reverse

from gexin.core.permissions import has_action_anywhere
from gexin.org.backends import own_person
from gexin.plans.models import Plan, Record


def production(request):
    user = request.user
    if not has_action_anywhere(user, Plan, "view"):
        return None
    person = own_person(user)
    unit = person.unit if person is not None else None
    today = datetime.date.today()
    current = None
    if unit is not None:
        current = (
            Plan.objects.filter(unit=unit, start__lte=today, end__gte=today)
            .order_by("-start")
            .first()
        )
    can_enter = has_action_anywhere(user, Record, "add")
    return {
        "template": "plans/_home_production.html",
        "unit": unit,
        "current_plan": current,
        "can_enter": can_enter,
        "grid_url": reverse("plans:record_grid")
        + (f"?unit={unit.code}&day={today.isoformat()}&shift=1" if unit and can_enter else ""),
        "fulfilment_url": reverse("plans:unit_fulfilment", args=[unit.pk]) if unit else None,
    }
