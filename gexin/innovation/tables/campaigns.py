"""Tables of the campaign, problem, key-issue and team lists (and their CSV exports)."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gexin.core.tables import Column, Table


def key_issue_status(obj):
    label = obj.status_label
    if obj.is_overdue():
        return format_html('{} <span class="badge behind">{}</span>', label, _("overdue"))
    return label


def unit_column(path="unit"):
    return Column(
        _("Unit"),
        f"{path}.display_name",
        link=f"{path}.get_absolute_url",
        sort="unit",
        export=f"{path}.code",
    )


class CampaignTable(Table):
    columns = (
        Column(_("Title"), "title", link="get_absolute_url"),
        unit_column(),
        Column(_("Starts"), "starts_on", sort="starts_on"),
        Column(_("Ends"), "ends_on", sort="ends_on"),
    )


class ProblemTable(Table):
    columns = (
        Column(_("No."), "pk", sort="id", export="pk"),
        Column(_("Title"), "title", link="get_absolute_url"),
        unit_column(),
        Column(_("Category"), "category_label", export="category"),
        Column(_("Posted"), "posted_on", sort="posted_on"),
        Column(_("Supporters"), "support_count", sort="support_count"),
        Column(_("Status"), "status_label", sort="status", export="status"),
    )


class KeyIssueTable(Table):
    columns = (
        Column(_("Priority"), "priority", sort="priority"),
        Column(_("Title"), "title", link="get_absolute_url"),
        unit_column(),
        Column(_("Method"), "method_label", export="method"),
        Column(_("Owner"), "owner_label"),
        Column(_("Due"), "due_on", sort="due_on"),
        Column(_("Status"), "status_label", html=key_issue_status, sort="status", export="status"),
    )


class ResearchTeamTable(Table):
    columns = (
        Column(_("Name"), "name", link="get_absolute_url", sort="name"),
        unit_column(),
        Column(_("Kind"), "kind_label", export="kind"),
        Column(_("Key issues taken"), "taken", sort="taken"),
        Column(_("Solved"), "solved", sort="solved"),
    )
