"""Which roles may read and run national planning (see gexin.org.permissions)."""

from gexin.org.choices import Role
from gexin.org.permissions import EVERY_ROLE, LEADERS, grant  # noqa: F401

APP = "national"
# The people who plan: the unit's management, its committee and administrators.
PLANNERS = (Role.MANAGER, Role.COMMITTEE_MEMBER, Role.ADMINISTRATOR)
# Those who keep a unit's equipment and inspections: technicians and production officers
# besides the planners.
KEEPERS = (*PLANNERS, Role.TECHNICIAN, Role.PRODUCTION_OFFICER)


def perms(actions, models):
    return {f"{APP}.{action}_{model}" for action in actions for model in models}


# -- board --
# Everyone may see which enterprises are key; the planners mark them.
grant(EVERY_ROLE, perms(("view",), ("keyenterprise",)))
grant(PLANNERS, perms(("add", "change", "delete"), ("keyenterprise",)))

# -- equipment --
EQUIPMENT_MODELS = ("equipment", "statuschange")
# Everyone in scope sees the furnaces and their history; the keepers add, change and
# delete them and record their status changes.
grant(EVERY_ROLE, perms(("view",), EQUIPMENT_MODELS))
grant(KEEPERS, perms(("add", "change", "delete", "status", "export"), ("equipment",)))

# -- quality --
# Everyone in scope reads standards and inspections; the keepers record inspections;
# product standards are a catalogue, changed only by an administrator at the root.
QUALITY_MODELS = ("productstandard", "standardlimit", "inspection", "measurement")
grant(EVERY_ROLE, perms(("view",), QUALITY_MODELS))
grant(KEEPERS, perms(("add", "change", "delete"), ("inspection", "measurement")))
grant(KEEPERS, perms(("export",), ("inspection",)))
grant(
    (Role.ADMINISTRATOR,),
    perms(("add", "change", "delete"), ("productstandard", "standardlimit")),
)

# -- transfers --
TRANSFER_MODELS = (
    "transferplan",
    "transfersupply",
    "transferdemand",
    "transferroute",
    "transferflow",
    "shipment",
)
# Everyone in a plan's scope (and the people of its sides) sees it; the planners of its
# unit draw it up, solve and adopt it; keepers (and planners) record shipments.
grant(EVERY_ROLE, perms(("view",), TRANSFER_MODELS))
grant(
    PLANNERS,
    perms(
        ("add", "change", "delete"),
        ("transferplan", "transfersupply", "transferdemand", "transferroute"),
    )
    | perms(("export",), ("transferplan",)),
)
grant(KEEPERS, perms(("add", "change", "delete"), ("shipment",)))
