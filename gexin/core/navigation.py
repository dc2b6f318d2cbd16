"""The navigation menu. Apps register their entries in AppConfig.ready().

Each entry names a URL and the permission needed to see it, so the menu only
offers what the user may open.
"""

import functools
from dataclasses import dataclass

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import SimpleLazyObject

from gexin.core.permissions import scope_paths

_items = []


@dataclass(frozen=True)
class MenuItem:
    """One link in the main menu."""

    label: str
    url_name: str
    permission: str = ""
    order: int = 100

    @property
    def url(self):
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        return _reversed(self.url_name, urlconf, get_script_prefix())


@functools.lru_cache(maxsize=1024)
def _reversed(url_name, urlconf, prefix):
    """A menu link: the same for every request under one URL configuration and prefix.

    Every page draws the whole menu, some fifty links; they are reversed once per process.
    """
    return reverse(url_name, urlconf=urlconf)


def register(item):
    """Add an item to the main menu."""
    if item not in _items:
        _items.append(item)
        _items.sort(key=lambda entry: entry.order)


def menu_for(request):
    """The items the request's user may open, computed only if the page uses them."""

    def build():
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return []
        # Scope paths are computed once per request; user.has_perm would ask every
        # authentication backend again for each item.
        return [
            item
            for item in _items
            if not item.permission or scope_paths(user, item.permission) != []
        ]

    return SimpleLazyObject(build)
