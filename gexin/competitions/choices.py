"""Choices of the competitions app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Frequency(models.TextChoices):
    """How often a competition is evaluated."""

    WEEKLY = "weekly", _("weekly")
    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")


class ParticipantKind(models.TextChoices):
    """A competition's participants are all of one kind."""

    PERSON = "person", _("people")
    GROUP = "group", _("union groups")
    SHIFT = "shift", pgettext_lazy("crews working one shift", "shifts")
    WORKSHOP = "workshop", _("same-type workshops")


class Scoring(models.TextChoices):
    """How a criterion turns a participant's figure into points (0–100)."""

    FULFILMENT = "fulfilment", _("plan fulfilment")
    IMPROVEMENT = "improvement", _("improvement over its own baseline")
    RANK = "rank", _("rank among the participants")


class GateOperator(models.TextChoices):
    AT_LEAST = "at_least", _("at least")
    AT_MOST = "at_most", _("at most")


class EvaluationStatus(models.TextChoices):
    """Computed from the records, adjusted by the committee, then published and locked."""

    COMPUTED = "computed", _("computed")
    PUBLISHED = "published", pgettext_lazy("of an evaluation", "published")


class AwardKind(models.TextChoices):
    HONOUR = "honour", _("honour title")
    MATERIAL = "material", _("material award")


class AwardStatus(models.TextChoices):
    PROPOSED = "proposed", _("awaiting approval")
    APPROVED = "approved", pgettext_lazy("of an award", "approved")
    REJECTED = "rejected", pgettext_lazy("of an award", "rejected")


class HelpCause(models.TextChoices):
    """Why a worker misses the quota (seed 000: find the cause, work out a remedy)."""

    MACHINE = "machine", _("machine")
    SKILL = "skill", _("skill")
    HEALTH = "health", _("health")
    MATERIALS = "materials", _("materials")
    ORGANISATION = "organisation", _("organisation of work")
    ATTITUDE = "attitude", _("attitude")
    OTHER = "other", _("other")


class HelpReason(models.TextChoices):
    """Why the group helps the worker: seed 000 names two kinds of people to help, the
    young and new workers, and those who often cannot fulfil their task or quota."""

    MISSES_QUOTA = "misses_quota", _("often misses the quota")
    YOUNG_WORKER = "young_worker", _("young worker")
    NEW_WORKER = "new_worker", _("new worker")
    OTHER = "other", pgettext_lazy("reason for help", "other")


class HelpOutcome(models.TextChoices):
    """What a weekly meeting decided on a help case it reviewed."""

    CONTINUE = "continue", _("help continues")
    RESOLVED = "resolved", pgettext_lazy("of a help case", "resolved")


class ProducerStatus(models.TextChoices):
    SUGGESTED = "suggested", _("suggested from the records")
    CONFIRMED = "confirmed", _("confirmed by a meeting")
    DECLINED = "declined", _("not confirmed")
