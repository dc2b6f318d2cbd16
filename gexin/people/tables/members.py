"""Tables of members' affairs (and their CSV export). A welfare case's health details
are exported only as the reader may see them: HIDDEN for everyone else."""

from django.utils.translation import gettext_lazy as _

from gexin.core.tables import Column, Table


class MembershipEventTable(Table):
    columns = (
        Column(
            _("Person"),
            "person.display_name",
            link="get_absolute_url",
            sort="person",
            export="person.name",
        ),
        Column(_("Employee number"), "person.employee_number", sort="number"),
        Column(_("Event"), "kind_label", export="kind", sort="kind"),
        Column(_("Day"), "day", sort="day"),
        Column(_("Transferred from or to"), "other_side"),
        Column(
            _("Recruited by"), "recruited_by.display_name", export="recruited_by.employee_number"
        ),
        Column(_("Unit"), "person.unit.display_name", export="person.unit.code", visible=False),
        Column(_("Note"), "note", visible=False),
    )


class DuesRateTable(Table):
    columns = (
        Column(
            _("Person"),
            "person.display_name",
            link="get_absolute_url",
            sort="person",
            export="person.name",
        ),
        Column(_("Employee number"), "person.employee_number", sort="number"),
        Column(_("From month"), "from_month_label", sort="from_month"),
        Column(_("Monthly dues"), "amount", css="number", sort="amount"),
        Column(_("Note"), "note"),
    )


class DuesPaymentTable(Table):
    columns = (
        Column(
            _("Person"),
            "person.display_name",
            link="get_absolute_url",
            sort="person",
            export="person.name",
        ),
        Column(_("Employee number"), "person.employee_number", sort="number"),
        Column(_("Month"), "month_label", sort="month"),
        Column(_("Amount"), "amount", css="number", sort="amount"),
        Column(_("Paid on"), "paid_on", sort="paid_on"),
        Column(
            _("Collected by"), "collected_by.display_name", export="collected_by.employee_number"
        ),
        Column(_("On the sheet"), "is_from_sheet"),
        Column(_("Note"), "note", visible=False),
    )


class WelfareCaseTable(Table):
    columns = (
        Column(
            _("Person"),
            "person.display_name",
            link="get_absolute_url",
            sort="person",
            export="person.name",
        ),
        Column(_("Kind"), "kind_label", export="kind", sort="kind"),
        Column(_("Opened on"), "opened_on", sort="opened_on"),
        Column(_("Closed on"), "closed_on", sort="closed_on"),
        Column(_("Summary"), "summary_short", export="summary"),
        Column(_("Employee number"), "person.employee_number", visible=False),
        Column(_("Health details"), "shown_health_details", visible=False),
        Column(_("Help arranged"), "help_arranged", visible=False),
    )


class ActivityTable(Table):
    columns = (
        Column(_("Title"), "title", link="get_absolute_url", sort="title"),
        Column(_("Kind"), "kind_label", export="kind", sort="kind"),
        Column(_("Held on"), "held_on", sort="held_on"),
        Column(_("Unit"), "unit.display_name", export="unit.code", sort="unit"),
        Column(_("Present"), "attendance_text", export="present"),
        Column(_("Place"), "place", visible=False),
        Column(_("People of the unit"), "expected_count", visible=False),
        Column(_("Attendance rate (%)"), "attendance_rate", visible=False),
    )
