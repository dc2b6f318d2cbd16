"""Tables of transfer plans and shipments (and their CSV export)."""

from django.utils.translation import gettext_lazy as _

from gexin.core.tables import Column, Table


class TransferPlanTable(Table):
    columns = (
        Column(_("Plan"), "title", link="get_absolute_url", sort="title"),
        Column(_("Planning unit"), "unit.display_name", export="unit.code"),
        Column(_("Period starts"), "starts_on", sort="starts_on"),
        Column(_("Period ends"), "ends_on", sort="ends_on"),
        Column(_("Status"), "get_status_display", sort="status", export="status"),
        Column(_("Result"), "get_result_display", export="result"),
        Column(_("Total cost (yuan)"), "total_cost", css="number"),
        Column(_("Id"), "pk", visible=False),
    )


class ShipmentTable(Table):
    columns = (
        Column(_("Shipped on"), "shipped_on", link="get_absolute_url", sort="shipped_on"),
        Column(_("Plan"), "plan.title"),
        Column(_("Route"), "route"),
        Column(_("Shipped (t)"), "tonnes", css="number", sort="tonnes"),
        Column(_("Id"), "pk", visible=False),
    )
