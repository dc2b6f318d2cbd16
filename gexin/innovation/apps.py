from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationConfig(AppConfig):
    name = "gexin.innovation"
    label = "innovation"
    verbose_name = _("Technical innovation")

    def ready(self):
        from gexin.core import navigation
        from gexin.innovation import permissions  # noqa: F401  registers the grants

        menu = [
            # -- campaigns, problems, key issues, fortresses, teams --
            (_("Campaigns"), "innovation:campaign_list", "innovation.view_campaign", 84),
            (_("Problems"), "innovation:problem_list", "innovation.view_problem", 85),
            (_("Key issues"), "innovation:keyissue_list", "innovation.view_keyissue", 86),
            (
                _("Technical fortresses"),
                "innovation:fortress_board",
                "innovation.view_keyissue",
                87,
            ),
            (
                _("Research teams"),
                "innovation:researchteam_list",
                "innovation.view_researchteam",
                88,
            ),
            # -- trials and regulations --
            (_("Trials"), "innovation:trial_list", "innovation.view_trial", 90),
            (_("Regulations"), "innovation:regulation_list", "innovation.view_regulation", 91),
            # -- production lines and experimental fields --
            (
                _("Production lines"),
                "innovation:productionline_list",
                "innovation.view_productionline",
                96,
            ),
            (
                _("Experimental fields"),
                "innovation:experimentalfield_list",
                "innovation.view_experimentalfield",
                97,
            ),
        ]
        for label, url_name, perm, order in menu:
            navigation.register(navigation.MenuItem(label, url_name, perm, order))

        from gexin.core import demo_steps
        from gexin.innovation import demo as innovation_demo

        demo_steps.register(
            40, "technical innovation", innovation_demo.is_loaded, innovation_demo.load
        )
