"""Choices of the exchange app: technical assistance between plants."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Language(models.TextChoices):
    """The language an experience or a bulletin is written in."""

    CHINESE = "zh-hans", _("Chinese")
    ENGLISH = "en", _("English")


class AdoptionStatus(models.TextChoices):
    """pushed → adopted (with its measured result) or declined (with the reason)."""

    PUSHED = "pushed", _("pushed, awaiting adoption")
    ADOPTED = "adopted", pgettext_lazy("of an experience", "adopted")
    DECLINED = "declined", _("not adopted")


class ContractStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("of a contract", "draft")
    IN_FORCE = "in_force", _("in force")
    CLOSED = "closed", pgettext_lazy("of a contract", "closed")


class ItemKind(models.TextChoices):
    """What one item of a technical assistance contract obliges a workshop to do."""

    TEACH = "teach", _("teach a method")
    EXPERTS = "experts", _("send experts")
    VISIT = "visit", _("receive a visit")
    DRAWINGS = "drawings", _("supply drawings")
    MATERIAL = "material", _("supply material")


class ItemStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("of a contract item", "planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", pgettext_lazy("of a contract item", "done")
    CANCELLED = "cancelled", pgettext_lazy("of a contract item", "cancelled")


class Verdict(models.TextChoices):
    """How the conference judged one contract item."""

    FULFILLED = "fulfilled", _("fulfilled")
    PARTLY = "partly", _("partly fulfilled")
    NOT_FULFILLED = "not_fulfilled", _("not fulfilled")
    POSTPONED = "postponed", _("postponed by agreement")


# Points of each verdict when a contract's fulfilment is summed up item by item.
VERDICT_POINTS = {
    Verdict.FULFILLED: 1,
    Verdict.PARTLY: 0.5,
    Verdict.NOT_FULFILLED: 0,
}


class CardKind(models.TextChoices):
    REQUEST = "request", _("request for help")
    OFFER = "offer", _("offer of help")


class ExchangeStatus(models.TextChoices):
    """A card or a cooperation: open → matched → delivered → confirmed, or withdrawn.

    `gexin.exchange.workflow` says who may make each move.
    """

    OPEN = "open", pgettext_lazy("of a card", "open")
    MATCHED = "matched", _("matched")
    DELIVERED = "delivered", _("delivered")
    CONFIRMED = "confirmed", _("confirmed")
    WITHDRAWN = "withdrawn", _("withdrawn")


class CooperationKind(models.TextChoices):
    INTERNAL = "internal", _("between departments of the plant")
    EXTERNAL = "external", _("with an outside enterprise")


class Flow(models.TextChoices):
    """Which way a thing went in a cooperation, seen from the requesting unit."""

    GIVEN = "given", _("given")
    RECEIVED = "received", _("received")


class DocumentKind(models.TextChoices):
    """What a search result is."""

    EXPERIENCE = "experience", _("advanced experience")
    PROBLEM = "problem", _("problem")
    KEY_ISSUE = "key_issue", _("key issue")
