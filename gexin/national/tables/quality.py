"""Tables of standards and inspections (and their CSV export)."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gexin.core.tables import Column, Table
from gexin.national.models import QualityResult


def result_cell(row):
    css = {
        QualityResult.QUALIFIED: "ahead",
        QualityResult.NOT_QUALIFIED: "behind",
        QualityResult.NOT_JUDGED: "muted",
    }[row.result]
    return format_html('<span class="{}">{}</span>', css, row.get_result_display())


class ProductStandardTable(Table):
    columns = (
        Column(_("Standard"), "display_name", link="get_absolute_url", sort="name", export="name"),
        Column(_("Code"), "code", sort="code"),
        Column(_("Product"), "get_product_display", export="product", sort="product"),
        Column(_("Grade"), "grade"),
        Column(_("Issued by"), "issued_by"),
    )


class InspectionTable(Table):
    columns = (
        Column(_("Lot or heat"), "lot_number", link="get_absolute_url", sort="lot"),
        Column(_("Date"), "inspected_on", sort="date"),
        Column(_("Unit"), "unit.display_name", export="unit.code", sort="unit"),
        Column(_("Standard"), "standard.code", sort="standard"),
        Column(_("Tonnes"), "tonnes"),
        Column(_("Result"), "get_result_display", html=result_cell, export="result", sort="result"),
        Column(_("Inspector"), "inspector", visible=False),
    )
