"""The table of the card board (and its CSV export)."""

from django.utils.translation import gettext_lazy as _

from gexin.core.tables import Column, Table
from gexin.exchange.workflow import UNDER_WAY
from gexin.org.models import prefers_chinese


def plant_name(row, prefix="plant"):
    """The plant's name annotated on the row (see views.cards.with_plants)."""
    name = getattr(row, f"{prefix}_name", None) or ""
    name_zh = getattr(row, f"{prefix}_name_zh", None) or ""
    if prefers_chinese() and name_zh:
        return name_zh
    return name or "—"


class AssistanceCardTable(Table):
    columns = (
        Column(_("Card"), "title", link="get_absolute_url", sort="title"),
        Column(_("Kind"), "get_kind_display", export="kind", sort="kind"),
        Column(_("Status"), "get_status_display", export="status", sort="status"),
        Column(_("Posted by"), "unit.display_name", export="unit.code", sort="unit"),
        Column(_("Plant"), "plant_name", html=plant_name, export="plant_name"),
        Column(_("Work type"), "work_type.display_name", export="work_type.code"),
        Column(_("Needed by"), "needed_by", sort="needed_by"),
        Column(_("Taken up by"), "counterpart.display_name", export="counterpart.code"),
        Column(_("Posted"), "posted_on", sort="posted"),
    )

    def row_class(self, row):
        return "" if row.status in UNDER_WAY else "muted"
