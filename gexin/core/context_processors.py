"""Template context shared by every page."""

import functools

from django.conf import settings
from django.templatetags.static import static

from gexin.core import navigation as nav

ASSETS = {
    "css": "gexin/gexin.css",
    "js": "gexin/gexin.js",
    "icon": "gexin/favicon.svg",
    "htmx": "django_htmx/htmx-2.min.js",
}


@functools.cache
def asset_urls():
    """The URLs of the assets every page loads, worked out once per process."""
    return {name: static(path) for name, path in ASSETS.items()}


def navigation(request):
    """The navigation menu, the languages and the asset URLs, for base.html."""
    from django.utils.functional import SimpleLazyObject

    from gexin.core.notification_views import unread_count

    user = getattr(request, "user", None)
    return {
        "unread_notifications": SimpleLazyObject(lambda: unread_count(user) if user else 0),
        "nav_menu": nav.menu_for(request),
        "languages": settings.LANGUAGES,
        "assets": asset_urls(),
    }
