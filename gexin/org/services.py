"""Work on the unit tree that spans several rows: creating, moving and bulk loading."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gexin.core import versioning
from gexin.core.permissions import under
from gexin.org.choices import UnitKind
from gexin.org.models import Unit


def check_placement(kind, parent, unit=None):
    """Refuse a unit whose kind does not sit below its parent's, or a move into itself."""
    if parent is None:
        return
    if unit is not None and unit.pk and parent.path.startswith(unit.path):
        raise ValidationError(
            {"parent": _("A unit cannot be moved under itself or its own sub-units.")}
        )
    if UnitKind.rank(kind) <= parent.rank:
        raise ValidationError(
            {
                "kind": _("A %(kind)s cannot be placed under a %(parent_kind)s.")
                % {"kind": UnitKind(kind).label, "parent_kind": parent.get_kind_display()}
            }
        )
    if unit is not None and unit.pk:
        lowest_child = Unit.objects.filter(parent=unit).values_list("kind", flat=True).distinct()
        if any(UnitKind.rank(child) <= UnitKind.rank(kind) for child in lowest_child):
            raise ValidationError(
                {"kind": _("This unit has sub-units that would no longer sit below it.")}
            )


@transaction.atomic
def create_unit(parent=None, **fields):
    """Create a unit under `parent` (a root when None) and return it."""
    unit = Unit(parent=parent, **fields)
    check_placement(unit.kind, parent)
    unit.full_clean(exclude=["path", "depth", "numchild", "parent"])
    if parent is None:
        return Unit.objects.add_root(instance=unit)
    return Unit.objects.add_child(parent, instance=unit)


@transaction.atomic
def save_unit(unit, new_parent):
    """Save changes to a unit, moving it (with its subtree) under `new_parent` if that changed."""
    check_placement(unit.kind, new_parent, unit)
    moved = new_parent is not None and new_parent.pk != unit.parent_id
    if moved:
        stored = Unit.objects.get(pk=unit.pk)
        Unit.objects.move(stored, Unit.objects.get(pk=new_parent.pk), "last-child")
        stored.refresh_from_db(fields=["path", "depth", "numchild"])
        unit.path, unit.depth, unit.numchild = stored.path, stored.depth, stored.numchild
        unit.parent = new_parent
    unit.save()
    if moved:
        refresh_unit_paths(unit)
    return unit


def refresh_unit_paths(unit):
    """Copy the new tree paths of `unit`'s subtree onto the people who live in it."""
    from django.db.models import OuterRef, Subquery

    from gexin.org.models import Person

    subtree = Unit.objects.filter(under("path", unit.path))
    Person.objects.filter(unit__in=subtree.values("pk")).update(
        unit_path=Subquery(Unit.objects.filter(pk=OuterRef("unit_id")).values("path")[:1])
    )


def bulk_load_tree(nodes):
    """Insert many units at once; `nodes` is a list of (parent_index or None, Unit) in tree order.

    Paths are computed here instead of one add_child() per row, so loading thousands
    of units takes seconds. Not audited: it serves bulk set-up such as benchmarks.
    """
    children_count = {}
    created = []
    roots = Unit.objects.filter(depth=1).count()
    for parent_index, unit in nodes:
        if parent_index is None:
            roots += 1
            unit.path = Unit._get_path(None, 1, roots)
            unit.depth = 1
            unit.parent = None
        else:
            parent = created[parent_index]
            position = children_count.get(parent_index, parent.numchild) + 1
            children_count[parent_index] = position
            unit.path = Unit._get_path(parent.path, parent.depth + 1, position)
            unit.depth = parent.depth + 1
            unit.parent = parent
        unit.numchild = 0
        created.append(unit)
    for index, count in children_count.items():
        created[index].numchild = count
    with transaction.atomic():
        # Parents first: a parent needs its primary key before its children are inserted.
        for depth in sorted({unit.depth for unit in created}):
            level = [unit for unit in created if unit.depth == depth]
            for unit in level:
                if unit.parent is not None:
                    unit.parent_id = unit.parent.pk
            Unit.objects.bulk_create(level, batch_size=500)
        versioning.bump()
    return created


def may_manage_account(user, person):
    """True when `user` may create or reset `person`'s sign-in account.

    It takes the administrator's right over the person's home unit and over every
    unit the person holds a role on: otherwise a plant's administrator could take over
    the account of someone who holds a role above the plant.
    """
    from gexin.org.models import Person

    account = person.user
    if account is not None and (account.is_superuser or account.is_staff) and not user.is_superuser:
        return False
    if (
        not Person.objects.where_user_holds(user, "org.add_roleassignment")
        .filter(pk=person.pk)
        .exists()
    ):
        return False
    return not holds_roles_beyond(user, person)


def holds_roles_beyond(user, person):
    """True when `person` holds a role on a unit where `user` may not assign roles.

    Such a person's account and active state are for someone above them to change.
    """
    from gexin.org.models import RoleAssignment, Unit

    if user.is_superuser:
        return False
    role_units = RoleAssignment.objects.filter(person=person).values("unit")
    assignable = Unit.objects.where_user_holds(user, "org.add_roleassignment").values("pk")
    return Unit.objects.filter(pk__in=role_units).exclude(pk__in=assignable).exists()


@transaction.atomic
def set_account(person, password, username=None):
    """Create the person's account (with `username`) or set a new password on it."""
    from django.contrib.auth import get_user_model

    if person.user_id is None:
        person.user = get_user_model().objects.create_user(
            username, password=password, first_name=person.name_latin or person.name
        )
        person.save()
    else:
        from gexin.core import security

        # A new password gives access again: old API tokens stop working (sessions
        # already do, as they hold a hash of the old password), and a disabled
        # account is enabled when its person is on the staff.
        person.user.set_password(password)
        person.user.is_active = person.is_active
        person.user.save(update_fields=["password", "is_active"])
        security.revoke_tokens(person.user, reason="password set by an administrator")
    return person.user
