"""The table of key enterprises (and its CSV export)."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gexin.core.tables import Column, Table


def illustrative_cell(row):
    if not row.is_illustrative:
        return ""
    return format_html('<span class="badge illustrative">{}</span>', _("illustrative"))


class KeyEnterpriseTable(Table):
    columns = (
        Column(
            _("Enterprise"),
            "unit.display_name",
            link="get_absolute_url",
            sort="unit",
            export="unit.code",
        ),
        Column(_("Product"), "metric.display_name", sort="product", export="metric.code"),
        Column(_("Key since"), "since", sort="since"),
        Column(_("Note"), "note"),
        Column(_("Illustrative"), "is_illustrative", html=illustrative_cell),
        Column(_("Source"), "source", visible=False),
        Column(_("Id"), "pk", visible=False),
    )
