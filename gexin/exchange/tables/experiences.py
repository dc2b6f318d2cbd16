"""Tables of the experience and adoption lists (and their CSV exports)."""

import datetime
from decimal import Decimal

from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gexin.core.tables import Column, Table
from gexin.exchange.choices import AdoptionStatus


def plain_figure(value):
    """A figure with as many decimals as it has (up to four), thousands grouped."""
    if value is None:
        return "—"
    text = f"{Decimal(value):,.4f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def before_text(row):
    return plain_figure(row.before_value)


def after_text(row):
    return plain_figure(row.after_value)


def improvement_text(row):
    value = row.improvement
    if value is None:
        return "—"
    return f"{value:+}%"


def spread_text(experience):
    """e.g. "2 of 3 adopted"; — before it is pushed anywhere."""
    pushed = getattr(experience, "pushed_count", 0)
    if not pushed:
        return "—"
    return gettext("%(adopted)s of %(pushed)s adopted") % {
        "adopted": experience.adopted_count,
        "pushed": pushed,
    }


class ExperienceTable(Table):
    columns = (
        Column(_("Advanced experience"), "title", link="get_absolute_url", sort="title"),
        Column(_("Source unit"), "unit.display_name", export="unit.code", sort="unit"),
        Column(_("Work type"), "work_type.display_name", export="work_type.code"),
        Column(_("Language"), "get_language_display", export="language"),
        Column(_("Figure"), "figure_name"),
        Column(_("Before"), "before_value", html=before_text, css="number"),
        Column(_("After"), "after_value", html=after_text, css="number"),
        Column(_("Improvement"), "improvement", html=improvement_text, css="number"),
        Column(_("Introduced"), "introduced_on", sort="introduced_on"),
        Column(_("Spread"), "pushed_count", html=spread_text, export=False),
        Column(_("Pushed to"), "pushed_count", visible=False),
        Column(_("Adopted by"), "adopted_count", visible=False),
        Column(_("Id"), "pk", visible=False),
    )


def status_cell(adoption):
    today = datetime.date.today()
    label = adoption.get_status_display()
    if adoption.is_overdue(today):
        return format_html(
            '{} <span class="badge behind" data-overdue>{}</span>', label, gettext("check overdue")
        )
    return label


class AdoptionTable(Table):
    columns = (
        Column(
            _("Advanced experience"),
            "experience.title",
            link="get_absolute_url",
            export="experience_id",
        ),
        Column(_("Receiving unit"), "unit.display_name", export="unit.code", sort="unit"),
        Column(_("Status"), "status", html=status_cell, sort="status"),
        Column(_("Pushed on"), "pushed_on", sort="pushed_on"),
        Column(_("Check due"), "check_due", sort="check_due"),
        Column(_("Adopted on"), "adopted_on", sort="adopted_on"),
        Column(_("Own figure before"), "before_value", html=before_text, css="number"),
        Column(_("Own figure after"), "after_value", html=after_text, css="number"),
        Column(_("Improvement"), "improvement", html=improvement_text, css="number"),
        Column(_("Id"), "pk", visible=False),
    )

    def row_class(self, row):
        return "muted" if row.status == AdoptionStatus.DECLINED else ""
