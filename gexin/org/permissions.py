"""Which actions each role grants, on the subtree of the unit it is held on.

Apps add their own grants with `grant()` in their permissions module, imported
from their AppConfig.ready(). A person with an account is a *member* of their home
unit and may view it; roles add to that.
"""

from collections import defaultdict

from gexin.org.choices import MEMBER, Role

ROLE_PERMISSIONS = defaultdict(set)

EVERY_ROLE = (MEMBER, *Role.values)
LEADERS = (Role.GROUP_LEADER, Role.DEPUTY_LEADER, Role.TEAM_LEADER)


def grant(roles, permissions):
    """Let each of `roles` hold each of `permissions` on its unit's subtree."""
    for role in roles:
        ROLE_PERMISSIONS[str(role)].update(permissions)


def permissions_of(role):
    """The permissions a role grants."""
    return ROLE_PERMISSIONS.get(str(role), set())


grant(EVERY_ROLE, {"org.view_unit", "org.view_person", "org.view_roleassignment"})
grant(LEADERS, {"org.change_person"})
grant(
    (Role.MANAGER, Role.COMMITTEE_MEMBER, Role.ADMINISTRATOR),
    {"org.export_unit", "org.export_person", "org.export_roleassignment"},
)
grant(
    (Role.MANAGER, Role.ADMINISTRATOR),
    {"org.add_unit", "org.change_unit", "org.add_person", "org.change_person"},
)
grant(
    (Role.ADMINISTRATOR,),
    {
        "org.delete_unit",
        "org.delete_person",
        "org.add_roleassignment",
        "org.change_roleassignment",
        "org.delete_roleassignment",
        # Work types are a catalogue: only an administrator at the top of the tree
        # may change it (see gexin.core.permissions.has_action_anywhere).
        "org.add_worktype",
        "org.change_worktype",
        "org.delete_worktype",
    },
)
