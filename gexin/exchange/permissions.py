"""Which roles may read and run technical assistance (see gexin.org.permissions)."""

from gexin.org.choices import Role
from gexin.org.permissions import EVERY_ROLE, LEADERS, grant

APP = "exchange"
EVERY_MODEL = (
    "experience",
    "experienceattachment",
    "adoption",
    "contract",
    "contractitem",
    "conference",
    "itemevaluation",
    "expressreport",
    "subscription",
    "assistancecard",
    "cooperation",
    "cooperationitem",
)
# The people who sum up and pass on experience: group and team leaders, production
# officers, technicians, and the unit's management.
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


# Everyone sees what travels between plants and what their own plant is party to.
grant(EVERY_ROLE, perms(("view",), EVERY_MODEL))
# Organisers write up experiences, record their unit's adoptions, carry out the contract
# items their workshop owns (contract management lies with the workshops), write and
# send express reports, and post and answer cards and cooperation requests.
grant(
    ORGANISERS,
    perms(
        ("add", "change", "delete"),
        (
            "experience",
            "experienceattachment",
            "expressreport",
            "assistancecard",
            "cooperation",
            "cooperationitem",
        ),
    )
    | perms(("change",), ("adoption", "contractitem"))
    | perms(("publish",), ("expressreport",)),
)
# Management pushes experiences to units, signs contracts and their items, holds the
# conferences that evaluate them, and decides what the unit subscribes to.
grant(
    DECIDERS,
    perms(
        ("add", "change", "delete"),
        ("adoption", "contract", "contractitem", "conference", "itemevaluation", "subscription"),
    )
    | perms(("push",), ("experience",))
    | perms(("export",), ("experience", "adoption", "contract", "assistancecard", "cooperation")),
)
