from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NationalConfig(AppConfig):
    name = "gexin.national"
    label = "national"
    verbose_name = _("National planning")

    def ready(self):
        from gexin.core import navigation
        from gexin.national import permissions  # noqa: F401  registers the grants

        menu = []
        # -- board --
        menu += [
            (_("Daily production board"), "national:board", "plans.view_plan", 130),
            (
                _("Key enterprises"),
                "national:keyenterprise_list",
                "national.view_keyenterprise",
                131,
            ),
        ]
        # -- equipment --
        view_equipment = "national.view_equipment"
        menu += [
            (_("Furnaces and converters"), "national:equipment_list", view_equipment, 134),
            (_("Furnace restarts"), "national:equipment_restarts", view_equipment, 135),
        ]
        # -- quality --
        menu += [
            (
                _("Product standards"),
                "national:productstandard_list",
                "national.view_productstandard",
                141,
            ),
            (_("Inspections"), "national:inspection_list", "national.view_inspection", 142),
            (_("Qualified rates"), "national:quality_rates", "national.view_inspection", 143),
        ]
        # -- transfers --
        menu += [
            (_("Transfer plans"), "national:transferplan_list", "national.view_transferplan", 145),
        ]
        for label, url_name, perm, order in menu:
            navigation.register(navigation.MenuItem(label, url_name, perm, order))
        # -- demo --
        from gexin.core import demo_steps
        from gexin.national import demo as national_demo

        demo_steps.register(70, "national planning", national_demo.is_loaded, national_demo.load)
