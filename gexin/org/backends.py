"""Authentication backend that turns a person's roles into scoped permissions."""

from collections import defaultdict

from django.contrib.auth.backends import ModelBackend

from gexin.core.permissions import collapse_paths, scope_paths
from gexin.org.choices import MEMBER
from gexin.org.permissions import permissions_of


def own_person(user):
    """The active person linked to the account, with their home unit; read once per request."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_gexin_person"):
        from gexin.org.models import Person

        user._gexin_person = (
            Person.objects.filter(user=user, is_active=True).select_related("unit").first()
        )
    return user._gexin_person


class ScopedRoleBackend(ModelBackend):
    """Signs users in with their password and answers which subtrees they may act on.

    A role held on a unit grants its permissions on the unit's path, hence on every
    unit below it. The answer is computed once per request and kept on the user.
    """

    def get_scope_paths(self, user, perm):
        return self._scopes(user).get(perm, ())

    def _scopes(self, user):
        cached = getattr(user, "_gexin_scopes", None)
        if cached is not None:
            return cached
        from gexin.org.models import RoleAssignment

        scopes = defaultdict(set)
        person = own_person(user)
        if person is not None:
            for perm in permissions_of(MEMBER):
                scopes[perm].add(person.unit.path)
            assignments = RoleAssignment.objects.filter(person=person).values_list(
                "role", "unit__path"
            )
            for role, path in assignments:
                for perm in permissions_of(role):
                    scopes[perm].add(path)
        user._gexin_scopes = {perm: collapse_paths(paths) for perm, paths in scopes.items()}
        return user._gexin_scopes

    def has_perm(self, user_obj, perm, obj=None):
        """True when the user holds `perm` somewhere (or, given `obj`, over it)."""
        if not user_obj.is_active:
            return False
        if user_obj.is_superuser:
            return True
        paths = self.get_scope_paths(user_obj, perm)
        if obj is None:
            return bool(paths)
        if getattr(obj, "scope_path_lookup", "") is None:
            return bool(paths)
        return any(obj.scope_path().startswith(path) for path in paths)

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active:
            return set()
        return {perm for perm, paths in self._scopes(user_obj).items() if paths}

    def has_module_perms(self, user_obj, app_label):
        return any(perm.startswith(f"{app_label}.") for perm in self.get_all_permissions(user_obj))


__all__ = ["ScopedRoleBackend", "scope_paths"]
