"""Tables of the production lines and experimental fields lists."""

import datetime

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gexin.core.tables import Column, Table
from gexin.innovation.lines import figure


def output_cell(line):
    if line.last_output is None:
        return "—"
    return f"{figure(line.last_output)} {line.measured_in}"


def field_state(field):
    today = datetime.date.today()
    if field.is_current(today):
        return pgettext_lazy("of an experimental field", "current")
    if field.has_ended(today):
        return pgettext_lazy("of an experimental field", "ended")
    return pgettext_lazy("of an experimental field", "not yet started")


class ProductionLineTable(Table):
    columns = (
        Column(pgettext_lazy("of a production line", "Name"), "name", link="get_absolute_url"),
        Column(
            _("Unit"),
            "unit.display_name",
            link="unit.get_absolute_url",
            sort="unit",
            export="unit.code",
        ),
        Column(_("Stations"), "station_count", sort="stations", css="number"),
        Column(_("Bottleneck now"), "last_bottleneck"),
        Column(_("Line output"), "last_output", html=output_cell, css="number"),
    )


class ExperimentalFieldTable(Table):
    columns = (
        Column(
            _("Leader"),
            "leader.display_name",
            link="get_absolute_url",
            sort="leader",
            export="leader.employee_number",
        ),
        Column(
            _("Field"),
            "unit.display_name",
            link="unit.get_absolute_url",
            sort="unit",
            export="unit.code",
        ),
        Column(_("From"), "starts_on", sort="starts_on"),
        Column(_("To"), "ends_on", sort="ends_on"),
        Column(_("State"), "starts_on", html=field_state, export=False),
        Column(_("Campaign"), "campaign", link="campaign.get_absolute_url", export="campaign_id"),
        Column(_("Problems found"), "found_count", css="number"),
        Column(_("Solved"), "solved_count", css="number"),
    )
