"""Tables of the contract and conference lists (and the CSV export of contracts)."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gexin.core.tables import Column, Table


def parties_text(contract):
    return ", ".join(str(party) for party in contract.parties.all())


def parties_codes(contract):
    return " ".join(party.code for party in contract.parties.all())


class ContractTable(Table):
    columns = (
        Column(_("Number"), "number", sort="number"),
        Column(_("Contract"), "title", link="get_absolute_url", sort="title"),
        Column(_("Parties"), "pk", html=parties_text, export=False),
        Column(_("Kept by"), "unit.display_name", export="unit.code"),
        Column(_("Signed on"), "signed_on", sort="signed_on"),
        Column(_("Ends on"), "ends_on", sort="ends_on"),
        Column(_("Status"), "get_status_display", sort="status", export="status"),
        Column(_("Id"), "pk", visible=False),
    )

    @classmethod
    def export_headers(cls):
        return [*super().export_headers(), str(_("Parties"))]

    @classmethod
    def export_row(cls, row):
        return [*super().export_row(row), parties_codes(row)]


def contract_link(conference):
    """The contract judged, for those who see it (the list annotates `contract_visible`)."""
    if conference.contract_id is None or not getattr(conference, "contract_visible", False):
        return "—"
    contract = conference.contract
    return format_html('<a href="{}">{}</a>', contract.get_absolute_url(), contract.title)


class ConferenceTable(Table):
    columns = (
        Column(_("No."), "number", sort="number", css="number"),
        Column(_("Conference"), "title", link="get_absolute_url", sort="title"),
        Column(_("Held on"), "held_on", sort="held_on"),
        Column(_("Host"), "unit.display_name", export="unit.code"),
        Column(_("Place"), "place"),
        Column(_("Contract"), "contract.title", html=contract_link, export=False),
        Column(_("Experiences exchanged"), "experience_count", css="number"),
    )
