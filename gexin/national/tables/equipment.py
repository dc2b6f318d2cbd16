"""The table of furnaces and converters (and its CSV export)."""

from django.utils.translation import gettext_lazy as _

from gexin.core.tables import Column, Table


class EquipmentTable(Table):
    columns = (
        Column(_("Furnace or converter"), "name", link="get_absolute_url", sort="name"),
        Column(_("Kind"), "get_kind_display", export="kind", sort="kind"),
        Column(_("Unit"), "unit.display_name", export="unit.code", sort="unit"),
        Column(_("Useful volume (m³)"), "useful_volume", sort="volume"),
        Column(_("Capacity (t per heat)"), "capacity"),
        Column(_("Status"), "get_status_display", export="status", sort="status"),
        Column(_("Planned start"), "planned_start", sort="planned"),
        Column(_("Actual start"), "actual_start", sort="started"),
        Column(_("Records unit"), "records_unit.code", visible=False),
        Column(_("Illustrative"), "is_illustrative", visible=False),
        Column("id", "pk", visible=False),
    )

    def row_class(self, row):
        return "" if row.status == "producing" else "muted"
