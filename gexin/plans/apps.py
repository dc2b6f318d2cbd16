from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "gexin.plans"
    label = "plans"
    verbose_name = _("Plans")

    def ready(self):
        from gexin.core import demo_steps, home_sections, navigation, unit_panels
        from gexin.plans import demo as plans_demo
        from gexin.plans import (
            home,
            permissions,  # noqa: F401  registers the plans grants
        )

        demo_steps.register(20, "plans and records", plans_demo.is_loaded, plans_demo.load)

        navigation.register(
            navigation.MenuItem(_("Plans"), "plans:plan_list", "plans.view_plan", 50)
        )
        navigation.register(
            navigation.MenuItem(_("Records"), "plans:record_list", "plans.view_record", 55)
        )
        navigation.register(navigation.MenuItem(_("Metrics"), "plans:metric_list", "", 60))
        unit_panels.register(fulfilment_panel, order=20)
        home_sections.register(home.production, order=20)


def fulfilment_panel(unit):
    """The unit page's fulfilment card (gexin.plans.fulfilment_views)."""
    from django.urls import reverse

    return reverse("plans:unit_fulfilment_panel", args=[unit.pk])
