"""Which roles may read and run labour competitions (see gexin.org.permissions)."""

from gexin.org.choices import Role
from gexin.org.permissions import EVERY_ROLE, LEADERS, grant

APP = "competitions"
EVERY_MODEL = (
    "competition",
    "participant",
    "criterion",
    "eligibilitygate",
    "evaluation",
    "score",
    "bannerholding",
    "award",
    "pairing",
    "helpcase",
    "helpreview",
    "advancedproducer",
    "handover",
)
# The evaluation committee: the unit's management and its committee members.
COMMITTEE = (Role.MANAGER, Role.COMMITTEE_MEMBER, Role.ADMINISTRATOR)


def perms(actions, models):
    return {f"{APP}.{action}_{model}" for action in actions for model in models}


# Everyone sees the competitions they take part in and where they stand.
grant(EVERY_ROLE, perms(("view",), EVERY_MODEL))
# Group leaders and officers arrange the help: pairings, help cases and their reviews at
# the weekly meeting, suggested producers.
grant(
    (*LEADERS, Role.PRODUCTION_OFFICER, *COMMITTEE),
    perms(("add", "change", "delete"), ("pairing", "helpcase", "helpreview", "advancedproducer")),
)
# The welfare officer looks after those held back by illness: help cases and reviews.
grant((Role.WELFARE_OFFICER,), perms(("add", "change"), ("helpcase", "helpreview")))
# The committee sets up competitions, computes, adjusts and publishes evaluations, and
# proposes and approves awards (a second person approves what one proposed).
grant(
    COMMITTEE,
    perms(
        ("add", "change", "delete"),
        ("competition", "participant", "criterion", "eligibilitygate", "handover", "award"),
    )
    | perms(("add", "change", "delete", "adjust", "publish"), ("evaluation",))
    | perms(("approve",), ("award",))
    | perms(("export",), ("competition", "evaluation", "award", "helpcase")),
)
