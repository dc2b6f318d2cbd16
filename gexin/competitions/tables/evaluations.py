"""The table of the evaluations list."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gexin.core.tables import Column, Table


def banner_holder(evaluation):
    """The participant the evaluation passed the banner to, or None."""
    try:
        return evaluation.banner_holding.participant
    except ObjectDoesNotExist:
        return None


def banner_cell(evaluation):
    holder = banner_holder(evaluation)
    return "—" if holder is None else str(holder)


class EvaluationTable(Table):
    columns = (
        Column(
            _("Period"),
            "period_label",
            link="get_absolute_url",
            sort="period",
            export="period_start",
        ),
        Column(_("Until"), "period_end", visible=False),
        Column(
            _("Competition"),
            "competition.title",
            link="competition.get_absolute_url",
            sort="competition",
        ),
        Column(pgettext_lazy("of an evaluation", "Status"), "status_label", sort="status"),
        Column(_("Scores"), "score_count", css="number"),
        Column(_("Banner to"), "pk", html=banner_cell, export=False),
        Column(_("Computed"), "computed_at", visible=False),
        Column(_("Published"), "published_at", sort="published"),
    )
