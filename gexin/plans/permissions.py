"""Which roles may read and write plans, pledges and records (see gexin.org.permissions)."""

from gexin.org.choices import Role
from gexin.org.permissions import EVERY_ROLE, LEADERS, grant

PLAN_MODELS = ("plan", "plantarget", "pledge", "pledgetarget", "condition")


def perms(actions, models):
    return {f"plans.{action}_{model}" for action in actions for model in models}


grant(EVERY_ROLE, perms(("view",), (*PLAN_MODELS, "record", "importbatch")))
# Group and team leaders and production officers keep their unit's plan, collect
# the members' pledges and enter each shift's figures.
grant(
    (*LEADERS, Role.PRODUCTION_OFFICER),
    perms(("add", "change"), (*PLAN_MODELS, "record")) | perms(("delete",), ("record",)),
)
grant(
    (Role.MANAGER, Role.ADMINISTRATOR),
    perms(("add", "change", "delete"), (*PLAN_MODELS, "record")),
)
grant(
    (Role.MANAGER, Role.COMMITTEE_MEMBER, Role.ADMINISTRATOR),
    perms(("export",), ("plan", "record")),
)
# Metrics are a catalogue: changing it needs the right on a root of the tree.
grant((Role.ADMINISTRATOR,), perms(("add", "change", "delete"), ("metric",)))
