from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "gexin.competitions"
    label = "competitions"
    verbose_name = _("Labour competitions")

    def ready(self):
        from gexin.competitions import permissions  # noqa: F401  registers the grants
        from gexin.core import navigation

        menu = [
            # -- competitions, participants, conditions --
            (
                _("Labour competitions"),
                "competitions:competition_list",
                "competitions.view_competition",
                100,
            ),
            # -- evaluations, standings, banner --
            (
                _("Evaluations"),
                "competitions:evaluation_list",
                "competitions.view_evaluation",
                105,
            ),
            # -- awards, laggards, producers, handovers --
            (_("Awards"), "competitions:award_list", "competitions.view_award", 106),
            (
                _("One-helps-one pairings"),
                "competitions:pairing_list",
                "competitions.view_pairing",
                107,
            ),
            (
                _("Missing the quota"),
                "competitions:helpcase_candidates",
                "competitions.view_helpcase",
                108,
            ),
            (
                _("Advanced producers"),
                "competitions:advancedproducer_list",
                "competitions.view_advancedproducer",
                109,
            ),
            (_("Handovers"), "competitions:handover_list", "competitions.view_handover", 110),
        ]
        for label, url_name, perm, order in menu:
            navigation.register(navigation.MenuItem(label, url_name, perm, order))
        # A weekly meeting's page shows the help cases it reviews.
        from gexin.core import meeting_panels

        meeting_panels.register(help_cases_panel, order=50)
        # -- demo --
        from gexin.competitions import demo as competitions_demo
        from gexin.core import demo_steps

        demo_steps.register(
            50, "labour competitions", competitions_demo.is_loaded, competitions_demo.load
        )


def help_cases_panel(meeting):
    """The weekly meeting page's card of the help cases it reviews."""
    from django.urls import reverse

    from gexin.meetings.choices import MeetingKind

    if meeting.kind != MeetingKind.WEEKLY:
        return None
    return reverse("competitions:meeting_help_panel", args=[meeting.pk])
