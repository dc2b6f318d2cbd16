"""Which roles may read and keep the people's records (see gexin.org.permissions).

Health details (of welfare cases, and of help cases whose cause is health) are private:
only the group leader and the welfare officer hold `people.view_health`, on the subtree
of the unit they hold the role on.
"""

from gexin.org.choices import Role
from gexin.org.permissions import grant

APP = "people"
MANAGERS = (Role.MANAGER, Role.ADMINISTRATOR)
# Health details: the group leader and the welfare officer, nobody else (not managers,
# not administrators).
HEALTH_READERS = (Role.GROUP_LEADER, Role.WELFARE_OFFICER)
VIEW_HEALTH = "people.view_health"


def perms(actions, models):
    return {f"{APP}.{action}_{model}" for action in actions for model in models}


CHANGE = ("add", "change", "delete")

grant(HEALTH_READERS, {VIEW_HEALTH})

# -- skills --
from gexin.org.permissions import EVERY_ROLE, LEADERS  # noqa: E402

SKILL_MODELS = ("skill", "skilllevel", "gradechange", "assessment")
# Those who keep the skills matrix, the levels, the exams and the grade history: the
# group's leaders, technicians, production officers, managers and administrators.
SKILL_KEEPERS = (*LEADERS, Role.TECHNICIAN, Role.PRODUCTION_OFFICER, *MANAGERS)
# The matrix and the lists are exported by management, the committee and administrators.
SKILL_EXPORTERS = (Role.MANAGER, Role.COMMITTEE_MEMBER, Role.ADMINISTRATOR)
grant(EVERY_ROLE, perms(("view",), SKILL_MODELS))
grant(SKILL_KEEPERS, perms(CHANGE, SKILL_MODELS))
grant(SKILL_EXPORTERS, perms(("export",), SKILL_MODELS))

# -- mentoring --
from gexin.org.permissions import EVERY_ROLE, LEADERS  # noqa: E402

MENTORING_MODELS = ("apprenticeship", "apprenticeshipgoal", "progresscheck")
# Everyone in scope sees who learns from whom and how it goes; the group's leaders, the
# team leader, the production officer, managers and administrators keep the pairings,
# their goals and checks (completing and ending them is a change of the apprenticeship).
MENTORING_KEEPERS = (*LEADERS, Role.PRODUCTION_OFFICER, *MANAGERS)
grant(EVERY_ROLE, perms(("view",), MENTORING_MODELS))
grant(MENTORING_KEEPERS, perms(CHANGE, MENTORING_MODELS) | perms(("export",), ("apprenticeship",)))

# -- groups --
from gexin.org.permissions import EVERY_ROLE as GROUP_VIEWERS  # noqa: E402

GROUP_MODELS = (
    "studygroup",
    "studygroupmember",
    "studysession",
    "solvedproblem",
    "demonstration",
)
# The group's officers, technicians and the unit's managers keep the groups, their
# sessions, solved problems and demonstrations; everyone in scope sees them.
GROUP_KEEPERS = (
    Role.GROUP_LEADER,
    Role.DEPUTY_LEADER,
    Role.TEAM_LEADER,
    Role.PRODUCTION_OFFICER,
    Role.CULTURE_OFFICER,
    Role.TECHNICIAN,
    *MANAGERS,
)
grant(GROUP_VIEWERS, perms(("view",), GROUP_MODELS))
grant(GROUP_KEEPERS, perms(CHANGE, GROUP_MODELS))
grant(
    (Role.MANAGER, Role.COMMITTEE_MEMBER, Role.ADMINISTRATOR),
    perms(("export",), ("studygroup", "solvedproblem", "demonstration")),
)

# -- members --
from gexin.org.permissions import EVERY_ROLE as MEMBER_VIEWERS  # noqa: E402
from gexin.org.permissions import LEADERS as MEMBER_LEADERS  # noqa: E402

# Union affairs are kept by the union's officers: the group leader, the deputy leader
# (who recruits members and collects dues, seed 000) and administrators; managers (the
# administration) and committee members read them.
UNION_KEEPERS = (Role.GROUP_LEADER, Role.DEPUTY_LEADER, Role.ADMINISTRATOR)
UNION_READERS = (*MEMBER_LEADERS, Role.WELFARE_OFFICER, Role.MANAGER, Role.COMMITTEE_MEMBER)
# Everyone in scope sees who is a member; the keepers record joinings and transfers.
grant(MEMBER_VIEWERS, perms(("view",), ("membershipevent",)))
grant(UNION_KEEPERS, perms(CHANGE, ("membershipevent",)))
grant(
    (*UNION_KEEPERS, Role.MANAGER, Role.COMMITTEE_MEMBER), perms(("export",), ("membershipevent",))
)
# Dues (which tell a member's wage): the group's leaders, its officers who care for
# members, managers and committee members read them; the keepers set rates and record
# payments.
DUES_MODELS = ("duesrate", "duespayment")
grant((*UNION_KEEPERS, *UNION_READERS), perms(("view",), DUES_MODELS))
grant(UNION_KEEPERS, perms(CHANGE, DUES_MODELS))
# Exported by the union's people (keepers and committee members), not the administration.
grant((*UNION_KEEPERS, Role.COMMITTEE_MEMBER), perms(("export",), DUES_MODELS))
# Welfare cases: not plain members. Their health details need `people.view_health`
# besides (granted above to the group leader and the welfare officer only).
WELFARE_MODELS = ("welfarecase", "welfarehelp")
WELFARE_KEEPERS = (Role.GROUP_LEADER, Role.DEPUTY_LEADER, Role.WELFARE_OFFICER, Role.ADMINISTRATOR)
grant((*WELFARE_KEEPERS, *UNION_READERS), perms(("view",), WELFARE_MODELS))
grant(WELFARE_KEEPERS, perms(CHANGE, WELFARE_MODELS))
grant((*WELFARE_KEEPERS, Role.COMMITTEE_MEMBER), perms(("export",), ("welfarecase",)))
# Activities: everyone in scope sees them; the leaders, the culture and the welfare
# officers, managers and administrators organise them and take attendance.
ACTIVITY_MODELS = ("activity", "activityattendance")
ACTIVITY_KEEPERS = (
    *MEMBER_LEADERS,
    Role.CULTURE_OFFICER,
    Role.WELFARE_OFFICER,
    *MANAGERS,
)
grant(MEMBER_VIEWERS, perms(("view",), ACTIVITY_MODELS))
grant(ACTIVITY_KEEPERS, perms(CHANGE, ACTIVITY_MODELS))
grant((*ACTIVITY_KEEPERS, Role.COMMITTEE_MEMBER), perms(("export",), ("activity",)))
