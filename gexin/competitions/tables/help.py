"""Tables of the award, pairing, help-case, advanced-producer and handover lists (and the
CSV exports of awards and help cases)."""

from django.utils.translation import gettext_lazy as _

from gexin.core.tables import Column, Table


def competition_column(accessor="competition"):
    return Column(
        _("Competition"),
        f"{accessor}.title",
        link=f"{accessor}.get_absolute_url",
        export=f"{accessor}_id" if "." not in accessor else f"{accessor}.pk",
    )


class AwardTable(Table):
    columns = (
        Column(_("Award"), "title", link="get_absolute_url", sort="title"),
        Column(_("Awarded to"), "participant", export="participant_id"),
        Column(_("Kind"), "kind_label", export="kind"),
        Column(_("Amount (yuan)"), "amount", css="number"),
        Column(_("Status"), "status_label", sort="status", export="status"),
        Column(_("Evaluation"), "evaluation", export="evaluation_id"),
        Column(_("Proposed by"), "proposed_by.username", export="proposed_by.username"),
        Column(_("Decided by"), "decided_by.username", export="decided_by.username"),
        Column(_("Decided"), "decided_at", sort="decided_at"),
    )

    def row_class(self, row):
        return "" if row.counts else "muted"


class PairingTable(Table):
    columns = (
        Column(_("Pairing"), "__str__", link="get_absolute_url", export="id"),
        competition_column(),
        Column(_("Advanced"), "advanced", export="advanced_id"),
        Column(_("Helped"), "laggard", export="laggard_id"),
        Column(_("Paired on"), "since", sort="since"),
        Column(_("Ended on"), "ended_on", sort="ended_on"),
        Column(_("Goal"), "goal"),
    )


class HelpCaseTable(Table):
    """Help cases; rows come from `HelpCase.objects.with_privacy(user)`, so a health
    case's notes read as private to those who may not see them (on screen and in CSV)."""

    columns = (
        Column(_("Worker"), "person.display_name", link="get_absolute_url", sort="person"),
        Column(_("Employee number"), "person.employee_number"),
        Column(_("Unit"), "person.unit.display_name", export="person.unit.code"),
        Column(_("Why helped"), "reason_label", sort="reason", export="reason"),
        Column(_("Periods missed"), "periods_missed", css="number"),
        Column(_("Cause"), "cause_label", sort="cause", export="cause"),
        Column(_("What was found"), "shown_cause_note", visible=False),
        Column(_("Help arranged"), "shown_help_arranged"),
        Column(_("Opened on"), "opened_on", sort="opened_on"),
        Column(_("Resolved on"), "resolved_on", sort="resolved_on"),
    )

    def row_class(self, row):
        return "" if row.is_open else "muted"


class AdvancedProducerTable(Table):
    columns = (
        Column(_("Producer"), "person.display_name", link="get_absolute_url", sort="person"),
        Column(_("Unit"), "person.unit.display_name", export="person.unit.code"),
        Column(_("Status"), "status_label", sort="status", export="status"),
        Column(_("Confirmed at"), "meeting", export="meeting_id"),
        Column(_("Decided on"), "decided_on", sort="decided_on"),
    )


class HandoverTable(Table):
    columns = (
        Column(_("Handover"), "__str__", link="get_absolute_url", export="id"),
        competition_column(),
        Column(_("Hands over"), "giver", export="giver_id"),
        Column(_("Takes over"), "taker", export="taker_id"),
        Column(_("Watched metric"), "metric.display_name", export="metric.code"),
    )
