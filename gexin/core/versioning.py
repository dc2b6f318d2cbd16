"""One number that changes whenever data changes, so rendered parts of pages can be cached.

Every audited save or deletion (and every bulk operation of the services) adds one
to the number inside its own transaction. A cached fragment's key holds the number
it was drawn at, so a change anywhere makes every older fragment unreachable: no
fragment is ever served from data older than the last committed change. Caches are
per process (no cache server is needed); each process warms its own.
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.db import connections

TABLE = "core_dataversion"
FRAGMENT_SECONDS = 600


def bump(using="default"):
    """Record that data changed (call inside the transaction that changes it)."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET value = value + 1 WHERE id = 1")
        if cursor.rowcount == 0:
            # The row is made by a migration; a database emptied since (a flush)
            # gets it back here.
            cursor.execute(f"INSERT INTO {TABLE} (id, value) VALUES (1, 1)")


def current(using="default"):
    """The number now (one indexed read)."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT value FROM {TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


def fragment_key(request, name, *parts):
    """A cache key for a fragment drawn for this user's scope, language and data."""
    from gexin.core.permissions import scope_signature

    version = getattr(request, "_gexin_data_version", None)
    if version is None:
        version = request._gexin_data_version = current()
    raw = repr(
        (name, version, getattr(request, "LANGUAGE_CODE", ""), scope_signature(request.user), parts)
    )
    return "gexin:fragment:" + hashlib.sha256(raw.encode()).hexdigest()


# A form's CSRF token belongs to one browser; a fragment is shared by everyone with
# the same scope, so its tokens are kept as a placeholder and filled in per request.
CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_PLACEHOLDER = r"\1__gexin_csrf__\2"


def cached_fragment(request, name, parts, draw):
    """The fragment from the cache, or `draw()`n and kept for next time."""
    if not settings.GEXIN_FRAGMENT_CACHE:
        return draw()
    key = fragment_key(request, name, *parts)
    html = cache.get(key)
    if html is None:
        html = CSRF_INPUT.sub(CSRF_PLACEHOLDER, draw())
        cache.set(key, html, FRAGMENT_SECONDS)
    if "__gexin_csrf__" in html:
        from django.middleware.csrf import get_token

        html = html.replace("__gexin_csrf__", get_token(request))
    return html
