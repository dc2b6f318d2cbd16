"""Tables of study groups, solved problems and demonstrations (and their CSV export)."""

from django.utils.translation import gettext_lazy as _

from gexin.core.tables import Column, Table


class StudyGroupTable(Table):
    columns = (
        Column(_("Group"), "display_name", link="get_absolute_url", sort="name", export="name"),
        Column(_("Chinese name"), "name_zh", visible=False),
        Column(_("Kind"), "kind_label", export="kind", sort="kind"),
        Column(_("Unit"), "unit.display_name", export="unit.code", sort="unit"),
        Column(_("Leader"), "leader.display_name", export="leader.employee_number"),
        Column(_("Members"), "member_count", css="number", sort="members"),
        Column(_("Formed on"), "formed_on", sort="formed"),
        Column(_("Dissolved on"), "dissolved_on", sort="dissolved"),
        Column(_("What it works on"), "focus", visible=False),
        Column(_("Shift and meeting time"), "meets", visible=False),
        Column(_("Illustrative"), "is_illustrative", visible=False),
        Column("id", "pk", visible=False),
    )

    def row_class(self, row):
        return "" if row.is_active else "inactive"


class SolvedProblemTable(Table):
    columns = (
        Column(_("Problem"), "title", link="get_absolute_url", sort="title"),
        Column(_("Group"), "group.display_name", export="group.name", sort="group"),
        Column(_("Solved on"), "solved_on", sort="solved"),
        Column(_("Result"), "result"),
        Column(_("Proposal"), "proposal_id", visible=False),
        Column(_("Key issue"), "key_issue_id", visible=False),
        Column(_("Unit"), "group.unit.code", visible=False),
        Column(_("Illustrative"), "is_illustrative", visible=False),
        Column("id", "pk", visible=False),
    )


class DemonstrationTable(Table):
    columns = (
        Column(_("Topic"), "topic", link="get_absolute_url", sort="topic"),
        Column(
            _("Demonstrator"),
            "demonstrator.display_name",
            export="demonstrator.employee_number",
            sort="demonstrator",
        ),
        Column(_("Unit"), "unit.display_name", export="unit.code", sort="unit"),
        Column(_("Held on"), "held_on", sort="held"),
        Column(_("Place"), "place"),
        Column(_("Attendees"), "attendee_count", css="number", sort="attendees"),
        Column(_("Illustrative"), "is_illustrative", visible=False),
        Column("id", "pk", visible=False),
    )
