from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "gexin.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from gexin.core import demo_steps, home_sections, navigation, unit_panels
        from gexin.meetings import demo as meetings_demo
        from gexin.meetings import (
            home,
            permissions,  # noqa: F401  registers the meetings grants
            receivers,  # noqa: F401  connects the notifications
        )

        demo_steps.register(
            30, "meetings and proposals", meetings_demo.is_loaded, meetings_demo.load
        )
        navigation.register(
            navigation.MenuItem(_("Meetings"), "meetings:meeting_list", "meetings.view_meeting", 70)
        )
        navigation.register(
            navigation.MenuItem(
                _("Proposals"), "meetings:proposal_list", "meetings.view_proposal", 75
            )
        )
        navigation.register(
            navigation.MenuItem(
                _("Action items"), "meetings:actionitem_list", "meetings.view_actionitem", 80
            )
        )
        unit_panels.register(meetings_panel, order=30)
        home_sections.register(home.meetings, order=30)


def meetings_panel(unit):
    """The unit page's card of meetings, open action items and overdue proposals."""
    from django.urls import reverse

    return reverse("meetings:unit_panel", args=[unit.pk])
