"""Health details are private: only the group leader and the welfare officer read them.

Pages, tables, exports and the API all ask `may_view_health(user, path)` for the path
of the person concerned (their home unit's path) before showing a health field, and
show `HIDDEN` instead. Querysets that filter on health details (none should) would
leak them through counts, so no filter or ordering uses a health field either.

It lives in `org`, below every app that keeps health details: the people's welfare
cases (`gexin.people`, which grants the permission) and the help cases of workers
whose cause is health (`gexin.competitions`, which the people app reads for its board).
"""

from django.utils.translation import gettext_lazy as _

from gexin.core.permissions import scope_paths, scope_q

# Granted to the group leader and the welfare officer in gexin.people.permissions.
VIEW_HEALTH = "people.view_health"
HIDDEN = _("(private: seen by the group leader and the welfare officer)")


def health_paths(user):
    """The tree paths on which the user reads health details; None means everywhere."""
    return scope_paths(user, VIEW_HEALTH)


def may_view_health(user, path):
    """True when the user may read the health details of a person at `path`."""
    paths = health_paths(user)
    if paths is None:
        return True
    return any(path.startswith(scope) for scope in paths)


def health_q(user, lookup, vendor="postgresql"):
    """A Q keeping the rows (e.g. welfare cases) whose health details the user reads,
    by the tree path at `lookup`; everything for a superuser.

    Note that the Q of a superuser is empty: combine it with `&`, never with `|` (an
    empty Q drops out of an OR and leaves the other side alone).
    """
    from django.db.models import Q

    paths = health_paths(user)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    return scope_q(lookup, paths, vendor)
