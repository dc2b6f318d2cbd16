"""The table of apprenticeships (and its CSV export)."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gexin.core.tables import Column, Table
from gexin.people.models.mentoring import ApprenticeshipStatus


def goals_cell(row):
    reached = getattr(row, "reached_count", 0)
    total = getattr(row, "goal_count", 0)
    overdue = getattr(row, "overdue_count", 0)
    text = format_html('<span data-goals="{}/{}">{} / {}</span>', reached, total, reached, total)
    if overdue:
        text += format_html(
            ' <span class="badge bad" data-overdue="{}">{}</span>',
            overdue,
            _("%(count)s overdue") % {"count": overdue},
        )
    return text


class ApprenticeshipTable(Table):
    columns = (
        Column(
            _("Apprentice"),
            "apprentice.display_name",
            link="get_absolute_url",
            sort="apprentice",
            export="apprentice.employee_number",
        ),
        Column(_("Master"), "master.display_name", sort="master", export="master.employee_number"),
        Column(_("Group"), "unit.display_name", sort="unit", export="unit.code"),
        Column(_("Started on"), "started_on", sort="started"),
        Column(_("Planned end"), "planned_end", sort="planned_end"),
        Column(_("Status"), "status_label", sort="status", export="status"),
        Column(_("Goals reached"), "goal_count", html=goals_cell, export=False),
        Column(_("Goals"), "goal_count", visible=False),
        Column(_("Goals reached"), "reached_count", visible=False),
        Column(_("Goals overdue"), "overdue_count", visible=False),
        Column(_("Ended on"), "ended_on", visible=False),
        Column(_("Aim"), "goal", visible=False),
        Column("id", "pk", visible=False),
    )

    def row_class(self, row):
        return "" if row.status == ApprenticeshipStatus.ACTIVE else "muted"
