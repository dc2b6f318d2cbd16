from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "gexin.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self):
        from gexin.core import demo_steps, home_sections, navigation
        from gexin.org import (
            demo,
            home,
            permissions,  # noqa: F401  registers the org grants
        )

        demo_steps.register(10, "organisation", demo.is_loaded, demo.load)
        home_sections.register(home.own_unit, order=10)
        home_sections.register(home.links, order=90)

        navigation.register(navigation.MenuItem(_("Units"), "org:unit_tree", "org.view_unit", 10))
        navigation.register(
            navigation.MenuItem(_("People"), "org:person_list", "org.view_person", 20)
        )
        navigation.register(
            navigation.MenuItem(
                _("Roles"), "org:roleassignment_list", "org.view_roleassignment", 30
            )
        )
        navigation.register(navigation.MenuItem(_("Work types"), "org:worktype_list", "", 40))
