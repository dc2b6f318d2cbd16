"""Querysets that every model reachable by a user is read through."""

from django.db import connections, models

from gexin.core.permissions import is_root_path, permission_name, scope_filter, scope_paths


class RestrictedQuerySet(models.QuerySet):
    """A queryset that can be narrowed to what a user may see or do."""

    def scope_filter(self, paths):
        vendor = connections[self.db].vendor
        return scope_filter(self.model, self.model.scope_path_lookup, paths, vendor)

    def where_user_holds(self, user, perm):
        """Objects whose scope path lies where `user` holds `perm` (any model's permission).

        Used to offer, say, the units a person may be placed in: units where the user
        holds `org.add_person`, not merely `org.view_unit`.
        """
        paths = scope_paths(user, perm)
        if paths is None:
            return self
        if not paths:
            return self.none()
        return self.filter(self.scope_filter(paths))

    def restrict(self, user, action="view"):
        """Return only the objects on which `user` holds `action`.

        The model's `scope_path_lookup` leads to the tree path of the unit that
        owns each object; a role on a unit covers that unit's whole subtree.
        """
        paths = scope_paths(user, permission_name(self.model, action))
        if paths is None:
            return self
        if self.model.scope_path_lookup is None:
            # A shared catalogue: everyone signed in reads it; changing it needs the
            # action held on a root of the tree (e.g. the ministry's administrator).
            if action == "view" and user.is_authenticated and user.is_active:
                return self
            return self if any(is_root_path(path) for path in paths) else self.none()
        if not paths:
            return self.none()
        return self.filter(self.scope_filter(paths))
