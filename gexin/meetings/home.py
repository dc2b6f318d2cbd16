"""The meetings app's section of the start page: what the user is expected at or owes."""

import datetime

from django.utils import timezone

from gexin.core.permissions import has_action_anywhere, scope_paths, scope_q
from gexin.meetings.choices import OPEN_ACTION_STATUSES, MeetingStatus
from gexin.meetings.models import ActionItem, Meeting, Proposal
from gexin.org.backends import own_person


def meetings(request):
    user = request.user
    if not has_action_anywhere(user, Meeting, "view"):
        return None
    person = own_person(user)
    upcoming = []
    my_actions = []
    if person is not None:
        upcoming = list(
            Meeting.objects.restrict(user, "view")
            .filter(unit=person.unit, scheduled_at__gte=timezone.now())
            .exclude(status=MeetingStatus.CANCELLED)
            .select_related("unit")
            .order_by("scheduled_at")[:3]
        )
        my_actions = list(
            ActionItem.objects.filter(owner=person, status__in=OPEN_ACTION_STATUSES)
            .select_related("unit")
            .order_by("due_on", "pk")[:5]
        )
    to_dispose = []
    paths = scope_paths(user, "meetings.dispose_proposal")
    if paths != []:
        from django.db import connection

        awaiting = Proposal.objects.restrict(user, "view").awaiting()
        if paths is not None:
            awaiting = awaiting.filter(scope_q("holder__path", paths, connection.vendor))
        to_dispose = list(awaiting.select_related("holder").order_by("due_on", "pk")[:5])
    return {
        "template": "meetings/_home_meetings.html",
        "upcoming": upcoming,
        "my_actions": my_actions,
        "to_dispose": to_dispose,
        "today": datetime.date.today(),
        "can_propose": has_action_anywhere(user, Proposal, "add"),
        "can_schedule": has_action_anywhere(user, Meeting, "add"),
    }
