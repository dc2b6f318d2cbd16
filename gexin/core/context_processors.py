"""Template context shared by every page."""

from django.conf import settings

from gexin.core import navigation as nav


def navigation(request):
    """The navigation menu and the languages, for base.html."""
    return {
        "nav_menu": nav.menu_for(request),
        "languages": settings.LANGUAGES,
    }
