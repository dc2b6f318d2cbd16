"""Health details are private: only the group leader and the welfare officer read them.

Pages, tables, exports and the API all ask `may_view_health(user, path)` for the path
of the person concerned (their home unit's path) before showing a health field, and
show `HIDDEN` instead. Querysets that filter on health details (none should) would
leak them through counts, so no filter or ordering uses a health field either.

The helpers live in `gexin.org.privacy`, where the competitions app (help cases whose
cause is health) reads them too without importing this app; they are the same here.
"""

from gexin.org.privacy import HIDDEN, health_paths, health_q, may_view_health
from gexin.people.permissions import VIEW_HEALTH

__all__ = ["HIDDEN", "VIEW_HEALTH", "health_paths", "health_q", "may_view_health"]
