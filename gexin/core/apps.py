from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gexin.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from gexin.core import security, uploads, versioning

        security.connect()
        uploads.connect()
        versioning.connect()
