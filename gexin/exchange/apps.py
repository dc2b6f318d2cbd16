from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "gexin.exchange"
    label = "exchange"
    verbose_name = _("Technical assistance")

    def ready(self):
        from gexin.core import navigation
        from gexin.exchange import permissions  # noqa: F401  registers the grants

        menu = [
            # -- experiences, attachments, spread and adoption --
            (
                _("Advanced experiences"),
                "exchange:experience_list",
                "exchange.view_experience",
                120,
            ),
            (_("Adoptions"), "exchange:adoption_list", "exchange.view_adoption", 121),
            # -- search --
            (_("Search experiences"), "exchange:search", "exchange.view_experience", 122),
            # -- contracts, items, conferences, evaluations --
            (
                _("Assistance contracts"),
                "exchange:contract_list",
                "exchange.view_contract",
                123,
            ),
            (_("Conferences"), "exchange:conference_list", "exchange.view_conference", 124),
            # -- express reports, subscriptions, feeds --
            (
                _("Express reports"),
                "exchange:expressreport_list",
                "exchange.view_expressreport",
                125,
            ),
            # -- cards, cooperation, same-type comparison --
            (
                _("Assistance cards"),
                "exchange:assistancecard_list",
                "exchange.view_assistancecard",
                126,
            ),
            (_("Cooperation"), "exchange:cooperation_list", "exchange.view_cooperation", 127),
            (_("Same-type comparison"), "exchange:comparison", "exchange.view_experience", 128),
        ]
        for label, url_name, perm, order in menu:
            navigation.register(navigation.MenuItem(label, url_name, perm, order))
        # -- search index upkeep --
        from gexin.exchange import signals  # noqa: F401, I001

        # -- demo --
        from gexin.core import demo_steps
        from gexin.exchange import demo as exchange_demo

        demo_steps.register(60, "technical assistance", exchange_demo.is_loaded, exchange_demo.load)
        demo_steps.register_login(
            "dalian-rolling-manager",
            "Song Wencai",
            "manager of dalian-steel-medium-rolling, dalian-steel-small-rolling",
        )
