"""Tables of the meetings lists (and their CSV exports)."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gexin.core.tables import Column, Table


def overdue_badge(obj):
    label = obj.status_label
    if obj.is_overdue():
        return format_html('{} <span class="badge behind">{}</span>', label, _("overdue"))
    return label


class MeetingTable(Table):
    columns = (
        Column(
            _("When"),
            "local_time",
            link="get_absolute_url",
            sort="scheduled_at",
            export="scheduled_at",
        ),
        Column(
            _("Unit"),
            "unit.display_name",
            link="unit.get_absolute_url",
            sort="unit",
            export="unit.code",
        ),
        Column(_("Kind"), "kind_label", sort="kind", export="kind"),
        Column(_("Title"), "title"),
        Column(_("Place"), "place", visible=False),
        Column(_("Chair"), "chair.display_name"),
        Column(_("Status"), "status_label", sort="status", export="status"),
    )


class ActionItemTable(Table):
    columns = (
        Column(_("Action"), "text", link="get_absolute_url"),
        Column(
            _("Unit"),
            "unit.display_name",
            link="unit.get_absolute_url",
            sort="unit",
            export="unit.code",
        ),
        Column(_("Owner"), "owner.display_name"),
        Column(_("Due"), "due_on", sort="due_on"),
        Column(_("Status"), "status_label", html=overdue_badge, sort="status", export="status"),
        Column(_("Raised at"), "meeting", link="meeting.get_absolute_url", export="meeting_id"),
    )


class ProposalTable(Table):
    columns = (
        Column(_("Title"), "title", link="get_absolute_url"),
        Column(
            _("Unit"),
            "unit.display_name",
            link="unit.get_absolute_url",
            sort="unit",
            export="unit.code",
        ),
        Column(_("Submitted"), "submitted_on", sort="submitted_on"),
        Column(_("Held by"), "holder.display_name", export="holder.code"),
        Column(_("Disposition due"), "due_on", sort="due_on"),
        Column(_("Status"), "status_label", html=overdue_badge, sort="status", export="status"),
        Column(_("Kind"), "kind_label", visible=False, export="kind"),
        Column(_("Saving a year (yuan)"), "annual_saving", visible=False),
    )


class ProposalDeadlineTable(Table):
    columns = (
        Column(
            _("Unit"),
            "unit.display_name",
            link="get_absolute_url",
            sort="unit",
            export="unit.code",
        ),
        Column(_("Days to dispose"), "days", sort="days"),
    )
