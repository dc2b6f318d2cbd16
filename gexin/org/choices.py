"""Choices of the org app: kinds of unit, skill grades and roles."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UnitKind(models.TextChoices):
    """The levels of the unit tree, from a ministry to a union group."""

    MINISTRY = "ministry", _("ministry")
    BUREAU = "bureau", _("bureau")
    PROVINCE = "province", _("province")
    ENTERPRISE = "enterprise", _("enterprise")
    PLANT = "plant", _("plant")
    WORKSHOP = "workshop", _("workshop")
    DEPARTMENT = "department", _("department")
    SECTION = "section", _("section")
    SHIFT = "shift", pgettext_lazy("crew working one shift", "shift")
    PRODUCTION_TEAM = "production_team", _("production team")
    UNION_GROUP = "union_group", _("union group")

    @classmethod
    def rank(cls, kind):
        """The level of a kind: 0 for a ministry down to 6 for a union group."""
        return KIND_RANKS[kind]


KIND_RANKS = {
    UnitKind.MINISTRY: 0,
    UnitKind.BUREAU: 1,
    UnitKind.PROVINCE: 1,
    UnitKind.ENTERPRISE: 2,
    UnitKind.PLANT: 2,
    UnitKind.WORKSHOP: 3,
    UnitKind.DEPARTMENT: 3,
    UnitKind.SECTION: 4,
    UnitKind.SHIFT: 5,
    UnitKind.PRODUCTION_TEAM: 5,
    UnitKind.UNION_GROUP: 6,
}


class SkillGrade(models.IntegerChoices):
    """A worker's grade: apprentice, or skilled grade 1 (lowest) to 8 (highest)."""

    APPRENTICE = 0, _("apprentice")
    GRADE_1 = 1, _("grade 1")
    GRADE_2 = 2, _("grade 2")
    GRADE_3 = 3, _("grade 3")
    GRADE_4 = 4, _("grade 4")
    GRADE_5 = 5, _("grade 5")
    GRADE_6 = 6, _("grade 6")
    GRADE_7 = 7, _("grade 7")
    GRADE_8 = 8, _("grade 8")


class Role(models.TextChoices):
    """A role held on a unit; it grants actions on the unit's whole subtree."""

    GROUP_LEADER = "group_leader", _("group leader")
    DEPUTY_LEADER = "deputy_leader", _("deputy leader")
    TEAM_LEADER = "team_leader", _("production team leader")
    PRODUCTION_OFFICER = "production_officer", _("production officer")
    CULTURE_OFFICER = "culture_officer", _("culture & education officer")
    # Cares for members' lives (illness, rest, food, marriage): sees health details.
    WELFARE_OFFICER = "welfare_officer", _("welfare officer")
    TECHNICIAN = "technician", _("technician")
    MANAGER = "manager", _("manager")
    COMMITTEE_MEMBER = "committee_member", _("committee member")
    ADMINISTRATOR = "administrator", _("administrator")


# Not a role one is assigned: every person with an account holds it on their home unit.
MEMBER = "member"
