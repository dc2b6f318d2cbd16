"""Tables of the trial and regulation lists (and their CSV exports)."""

from django.utils.translation import gettext_lazy as _

from gexin.core.tables import Column, Table


class TrialTable(Table):
    columns = (
        Column(_("Trial"), "title", link="get_absolute_url", sort="title"),
        Column(
            _("Unit"),
            "unit.display_name",
            link="unit.get_absolute_url",
            sort="unit",
            export="unit.code",
        ),
        Column(_("Comparing"), "comparing"),
        Column(_("Measured variables"), "variable_count", css="number"),
        Column(_("Started"), "started_on", sort="started_on"),
        Column(_("Campaign"), "campaign", link="campaign.get_absolute_url", export="campaign_id"),
        Column(
            _("Key issue"), "key_issue", link="key_issue.get_absolute_url", export="key_issue_id"
        ),
    )


class RegulationTable(Table):
    columns = (
        Column(_("Code"), "code", link="get_absolute_url", sort="code"),
        Column(_("Title"), "title", link="get_absolute_url", sort="title"),
        Column(
            _("Unit"),
            "unit.display_name",
            link="unit.get_absolute_url",
            sort="unit",
            export="unit.code",
        ),
        Column(_("Kind"), "get_kind_display", export="kind"),
        Column(_("Version in force"), "in_force", css="number"),
        Column(_("Versions"), "version_count", css="number"),
    )


class RegulationVersionTable(Table):
    columns = (
        Column(_("Version"), "__str__", link="get_absolute_url", export="number"),
        Column(_("Unit"), "regulation.unit.display_name", export="regulation.unit.code"),
        Column(_("Stage"), "stage_label", sort="status", export="status"),
        Column(_("Reason for the revision"), "short_reason", export="reason"),
        Column(_("Evidence (trial)"), "trial", link="trial.get_absolute_url", export="trial_id"),
        Column(_("Submitted"), "submitted_at", sort="submitted_at"),
        Column(_("Decided on"), "approved_on", sort="approved_on"),
    )
