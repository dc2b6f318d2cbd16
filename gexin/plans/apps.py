from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "gexin.plans"
    label = "plans"
    verbose_name = _("Plans")

    def ready(self):
        from gexin.plans import permissions  # noqa: F401  registers the plans grants
