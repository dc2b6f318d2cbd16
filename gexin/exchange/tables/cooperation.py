"""The table of cooperation requests (and its CSV export)."""

from django.utils.translation import gettext_lazy as _

from gexin.core.tables import Column, Table
from gexin.exchange.workflow import UNDER_WAY


class CooperationTable(Table):
    columns = (
        Column(_("Cooperation"), "title", link="get_absolute_url", sort="title"),
        Column(_("Kind"), "get_kind_display", export="kind", sort="kind"),
        Column(_("Status"), "get_status_display", export="status", sort="status"),
        Column(_("Requesting unit"), "unit.display_name", export="unit.code", sort="unit"),
        Column(_("Partner"), "partner_display", export="partner_display"),
        Column(_("Needed by"), "needed_by", sort="needed_by"),
        Column(_("Posted"), "posted_on", sort="posted"),
    )

    def row_class(self, row):
        return "" if row.status in UNDER_WAY else "muted"
