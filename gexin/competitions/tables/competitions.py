"""The table of the competitions list (and its CSV export)."""

from django.utils.translation import gettext_lazy as _

from gexin.core.tables import Column, Table


class CompetitionTable(Table):
    columns = (
        Column(_("Title"), "title", link="get_absolute_url"),
        Column(
            _("Organised by"),
            "unit.display_name",
            link="unit.get_absolute_url",
            sort="unit",
            export="unit.code",
        ),
        Column(_("Participants"), "participant_kind_label", export="participant_kind"),
        Column(_("Evaluated"), "frequency_label", export="frequency"),
        Column(_("Starts"), "starts_on", sort="starts_on"),
        Column(_("Ends"), "ends_on", sort="ends_on"),
    )
