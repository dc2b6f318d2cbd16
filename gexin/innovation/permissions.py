"""Which roles may read and run the innovation work (see gexin.org.permissions)."""

from gexin.org.choices import Role
from gexin.org.permissions import EVERY_ROLE, LEADERS, grant

APP = "innovation"
EVERY_MODEL = (
    "campaign",
    "problem",
    "problemcomment",
    "problemmerge",
    "researchteam",
    "keyissue",
    "attachment",
    "proposedsolution",
    "trial",
    "trialvariable",
    "observation",
    "regulation",
    "regulationversion",
    "clause",
    "productionline",
    "station",
    "bottleneckrecord",
    "experimentalfield",
    "fieldlogentry",
)
# What the people who organise the work keep: teams, key issues, trials, regulations
# drafts, lines and experimental fields.
ORGANISED = (
    "researchteam",
    "keyissue",
    "trial",
    "trialvariable",
    "observation",
    "regulation",
    "regulationversion",
    "clause",
    "productionline",
    "station",
    "bottleneckrecord",
    "experimentalfield",
    "fieldlogentry",
)
ORGANISERS = (
    *LEADERS,
    Role.PRODUCTION_OFFICER,
    Role.TECHNICIAN,
    Role.MANAGER,
    Role.COMMITTEE_MEMBER,
    Role.ADMINISTRATOR,
)
DECIDERS = (Role.MANAGER, Role.COMMITTEE_MEMBER, Role.ADMINISTRATOR)


def perms(actions, models):
    return {f"{APP}.{action}_{model}" for action in actions for model in models}


# Everyone sees the work of their unit and posts problems, comments, support, pictures
# and solutions to the fortresses, as on a wall of posters.
grant(
    EVERY_ROLE,
    perms(("view",), EVERY_MODEL)
    | perms(("add",), ("problem", "problemcomment", "attachment", "proposedsolution")),
)
grant(
    ORGANISERS,
    perms(("add", "change", "delete"), ORGANISED)
    | perms(("change",), ("problem", "problemcomment", "proposedsolution"))
    | perms(("add",), ("problemmerge",)),
)
# Campaigns, approvals of revised regulations and deletions of what people posted are
# for the unit's management and its technical committee.
grant(
    DECIDERS,
    perms(("add", "change", "delete"), ("campaign",))
    | perms(("delete",), ("problem", "problemcomment", "attachment", "proposedsolution"))
    | perms(("approve",), ("regulationversion",))
    | perms(("export",), ("problem", "keyissue", "campaign", "researchteam")),
)
