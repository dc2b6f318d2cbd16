"""Choices of the meetings app: kinds of meeting, minutes entries and the proposal workflow."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MeetingKind(models.TextChoices):
    """The meetings of seed 000, and the exchange conference held across plants."""

    DAILY = "daily", _("daily production meeting")
    WEEKLY = "weekly", _("weekly production meeting")
    CORE_GROUP = "core_group", _("core-group meeting")
    ACTIVISTS = "activists", _("activists' meeting")
    SYMPOSIUM = "symposium", _("symposium")
    EXCHANGE_CONFERENCE = "exchange_conference", _("experience exchange conference")


class MeetingStatus(models.TextChoices):
    """Scheduled → agenda published → held (minutes being taken) → signed off; or cancelled."""

    SCHEDULED = "scheduled", _("scheduled")
    PUBLISHED = "published", _("agenda published")
    HELD = "held", _("held")
    SIGNED_OFF = "signed_off", _("signed off")
    CANCELLED = "cancelled", _("cancelled")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("present")
    ABSENT = "absent", _("absent")


class EntryKind(models.TextChoices):
    """What a line of the minutes records."""

    DISCUSSION = "discussion", _("discussion")
    DECISION = "decision", _("decision")
    PRAISE = "praise", _("praise")
    CRITICISM = "criticism", _("criticism")
    SELF_CRITICISM = "self_criticism", _("self-criticism")
    EXPERIENCE = "experience", _("advanced experience")


# Entries that appear on the blackboard.
BLACKBOARD_KINDS = (EntryKind.PRAISE, EntryKind.CRITICISM, EntryKind.SELF_CRITICISM)


class ActionStatus(models.TextChoices):
    """An action item is open until it is done or dropped; open ones carry forward."""

    OPEN = "open", pgettext_lazy("action item", "open")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ProposalKind(models.TextChoices):
    RATIONALISATION = "rationalisation", _("rationalisation proposal")
    INVENTION = "invention", _("invention")


class ProposalStatus(models.TextChoices):
    """The life of a proposal; `Proposal.TRANSITIONS` says which moves are allowed."""

    SUBMITTED = "submitted", _("awaiting disposition")
    ESCALATED = "escalated", _("escalated")
    ADOPTED = "adopted", pgettext_lazy("of a proposal", "adopted")
    NOT_ADOPTED = "not_adopted", _("not adopted, explained")
    IMPLEMENTED = "implemented", _("implemented")
    MEASURED = "measured", _("benefit measured")
    AWARDED = "awarded", _("awarded")


# A proposal in these states is owed a disposition by its holder unit.
AWAITING_STATUSES = (ProposalStatus.SUBMITTED, ProposalStatus.ESCALATED)


class DispositionKind(models.TextChoices):
    """The three answers seed 000 allows: solve it, pass it up, or explain why not."""

    SOLVED = "solved", _("solved here")
    ESCALATED = "escalated", _("escalated")
    NOT_ADOPTED = "not_adopted", _("not adopted, explained")
