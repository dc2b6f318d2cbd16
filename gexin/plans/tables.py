"""Tables of the plans lists (and their CSV exports)."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gexin.core.tables import Column, Table


def code_cell(obj):
    return format_html("<code>{}</code>", obj.code)


class MetricTable(Table):
    columns = (
        Column(_("Name"), "display_name", link="get_absolute_url", sort="name", export="name"),
        Column(_("Chinese name"), "name_zh", visible=False),
        Column(_("Code"), "code", html=code_cell, sort="code"),
        Column(_("Unit of measure"), "display_unit", export="unit_of_measure"),
        Column(_("Kind"), "kind_label", sort="kind", export="kind"),
        Column(_("Direction"), "direction_label", export="direction"),
        Column(_("Numerator"), "numerator.code", visible=False),
        Column(_("Denominator"), "denominator.code", visible=False),
    )


class PlanTable(Table):
    columns = (
        Column(
            _("Unit"),
            "unit.display_name",
            link="unit.get_absolute_url",
            sort="unit",
            export="unit.code",
        ),
        Column(_("Period"), "period_label", link="get_absolute_url", sort="start"),
        Column(_("Kind of period"), "period_kind_label", export="period_kind"),
        Column(_("First day"), "start", visible=False),
        Column(_("Last day"), "end", visible=False),
        Column(_("Title"), "title"),
        Column(_("Status"), "status_label", sort="status", export="status"),
        Column(_("Targets"), "target_count", export=False),
    )


class RecordTable(Table):
    columns = (
        Column(_("Day"), "day", sort="day"),
        Column(_("Shift"), "shift_label", export="shift", sort="shift"),
        Column(
            _("Unit"),
            "unit.display_name",
            link="unit.get_absolute_url",
            sort="unit",
            export="unit.code",
        ),
        Column(_("Metric"), "metric.display_name", export="metric.code", sort="metric"),
        Column(
            pgettext_lazy("a person a figure belongs to", "Person"),
            "person.display_name",
            export="person.employee_number",
        ),
        Column(_("Value"), "value", css="number"),
        Column(_("Unit of measure"), "metric.display_unit", export=False),
        Column(_("Batch"), "batch_id", export=False, visible=False),
    )


class ImportBatchTable(Table):
    columns = (
        Column(_("Batch"), "pk", link="get_absolute_url"),
        Column(_("When"), "created", sort="created"),
        Column(_("User"), "user.username", export="user.username"),
        Column(_("Source"), "get_source_display", export="source"),
        Column(_("File name"), "file_name"),
        Column(_("Rows"), "rows", css="number"),
        Column(_("New"), "created_count", css="number"),
        Column(_("Changed"), "updated_count", css="number"),
        Column(_("Unchanged"), "unchanged_count", css="number"),
        Column(_("Deleted"), "deleted_count", css="number"),
    )


class PledgeTable(Table):
    columns = (
        Column(
            pgettext_lazy("a person a figure belongs to", "Person"),
            "person.display_name",
            link="get_absolute_url",
            sort="person",
            export="person.employee_number",
        ),
        Column(_("Unit"), "plan.unit.display_name", export="plan.unit.code"),
        Column(_("Period"), "plan.period_label", link="plan.get_absolute_url", sort="plan"),
        Column(_("Made on"), "made_on"),
        Column(_("Targets"), "target_count", export=False),
    )
