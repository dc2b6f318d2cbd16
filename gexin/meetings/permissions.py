"""Which roles may read and run meetings and proposals (see gexin.org.permissions)."""

from gexin.org.choices import Role
from gexin.org.permissions import EVERY_ROLE, LEADERS, grant

MEETING_MODELS = ("meeting", "agendaitem", "attendance", "minuteentry", "actionitem")
DISPOSING_ROLES = (*LEADERS, Role.MANAGER, Role.COMMITTEE_MEMBER, Role.ADMINISTRATOR)


def perms(actions, models):
    return {f"meetings.{action}_{model}" for action in actions for model in models}


# Everyone sees their unit's meetings and proposals, and anyone may submit a proposal.
grant(
    EVERY_ROLE,
    perms(("view",), (*MEETING_MODELS, "proposal", "disposition", "proposaldeadline"))
    | perms(("add",), ("proposal",)),
)
# Leaders, officers and managers run meetings and take the minutes.
grant(
    (*LEADERS, Role.PRODUCTION_OFFICER, Role.CULTURE_OFFICER, Role.MANAGER, Role.ADMINISTRATOR),
    perms(("add", "change", "delete"), MEETING_MODELS) | perms(("change",), ("proposal",)),
)
# Those who answer for a unit dispose of the proposals it holds and record their results.
grant(DISPOSING_ROLES, perms(("dispose",), ("proposal",)))
# Awards and deadlines are the administration's.
grant(
    (Role.MANAGER, Role.COMMITTEE_MEMBER, Role.ADMINISTRATOR),
    perms(("award", "export"), ("proposal",))
    | perms(("export",), ("meeting", "actionitem"))
    | perms(("add", "change", "delete"), ("proposaldeadline",)),
)
grant((Role.MANAGER, Role.ADMINISTRATOR), perms(("delete",), ("proposal",)))
