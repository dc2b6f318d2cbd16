"""Authentication backend that turns a person's roles into scoped permissions."""

from collections import defaultdict

from django.contrib.auth.backends import ModelBackend
from django.db import connection

from gexin.core.permissions import collapse_paths
from gexin.org.choices import MEMBER
from gexin.org.permissions import permissions_of


def own_person(user):
    """The active person linked to the account, with their home unit; read once per request."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_gexin_person"):
        load_person_and_roles(user)
    return user._gexin_person


CACHED_ATTRIBUTES = ("_gexin_person", "_gexin_roles", "_gexin_scopes", "_gexin_scope_cache")


def forget(user):
    """Drop what was read about the user's person and roles (a new request does this)."""
    for name in CACHED_ATTRIBUTES:
        if hasattr(user, name):
            delattr(user, name)


def load_person_and_roles(user):
    """Read the user's person, home unit and roles in one query; keep them on the user.

    Every signed-in request needs these, so this is one plain SQL query instead of
    two ORM queries (about a millisecond less per page).
    """
    from gexin.org.models import Person, RoleAssignment, Unit

    quote = connection.ops.quote_name
    people, units, roles_table = (
        quote(model._meta.db_table) for model in (Person, Unit, RoleAssignment)
    )
    person_fields = Person._meta.concrete_fields
    unit_fields = Unit._meta.concrete_fields
    columns = [f"p.{quote(f.column)}" for f in person_fields]
    columns += [f"u.{quote(f.column)}" for f in unit_fields]
    sql = (
        f"SELECT {', '.join(columns)}, r.{quote('role')}, ru.{quote('path')} "
        f"FROM {people} p "
        f"JOIN {units} u ON u.{quote('id')} = p.{quote('unit_id')} "
        f"LEFT JOIN {roles_table} r ON r.{quote('person_id')} = p.{quote('id')} "
        f"LEFT JOIN {units} ru ON ru.{quote('id')} = r.{quote('unit_id')} "
        f"WHERE p.{quote('user_id')} = %s AND p.{quote('is_active')} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, True])
        rows = cursor.fetchall()
    person = None
    roles = []
    if rows:
        first = rows[0]
        split = len(person_fields)
        person = Person.from_db(connection.alias, [f.attname for f in person_fields], first[:split])
        unit_values = first[split : split + len(unit_fields)]
        person.unit = Unit.from_db(connection.alias, [f.attname for f in unit_fields], unit_values)
        roles = [(row[-2], row[-1]) for row in rows if row[-2] is not None]
    user._gexin_person = person
    user._gexin_roles = roles


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
        scopes = defaultdict(set)
        person = own_person(user)
        if person is not None:
            for perm in permissions_of(MEMBER):
                scopes[perm].add(person.unit.path)
            for role, path in user._gexin_roles:
                for perm in permissions_of(role):
                    scopes[perm].add(path)
        user._gexin_scopes = {perm: collapse_paths(paths) for perm, paths in scopes.items()}
        return user._gexin_scopes

    def get_scope_signature(self, user):
        """Every permission with its paths, as one text (for cache keys)."""
        scopes = self._scopes(user)
        return ";".join(f"{perm}={','.join(scopes[perm])}" for perm in sorted(scopes))

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
