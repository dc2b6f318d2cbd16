"""Technical assistance between plants: advanced experiences and their spread, contracts
and conferences, express reports, assistance cards and cooperation.

Seed 002: the four north-east steel plants ran inter-plant technical assistance under
contracts; at their fifth conference they exchanged 56 advanced experiences, moved
contract management down from the plants to the workshops, and set up express reports
and assistance cards, so that an innovation outside the contract reaches the other
plants at once.

What is meant to travel between plants (experiences, their adoptions, published
express reports, open cards) is seen by everyone signed in; contracts and conferences
by the people of their parties; a matched card or a cooperation by its two sides.
Changes always need the action held on the unit that owns the thing.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gexin.core.models import GexinModel
from gexin.core.permissions import enclosing_paths, scope_paths, scope_q
from gexin.core.querysets import RestrictedQuerySet
from gexin.core.urls import object_url
from gexin.exchange.choices import (
    AdoptionStatus,
    CardKind,
    ContractStatus,
    CooperationKind,
    DocumentKind,
    ExchangeStatus,
    Flow,
    ItemKind,
    ItemStatus,
    Language,
    Verdict,
)
from gexin.org.choices import UnitKind
from gexin.org.models import Person, Unit, WorkType
from gexin.plans.choices import Direction

FIGURE = {"max_digits": 18, "decimal_places": 4}
PLANT_KINDS = (UnitKind.PLANT, UnitKind.ENTERPRISE)


def plant_of(unit):
    """The plant (or enterprise) a unit belongs to: itself or its nearest such ancestor.

    A unit above every plant (a province, the ministry) is its own "plant"."""
    if unit is None:
        return None
    if unit.kind in PLANT_KINDS:
        return unit
    for ancestor in reversed(unit.lineage()):
        if ancestor.kind in PLANT_KINDS:
            return ancestor
    return unit


def _vendor(queryset):
    from django.db import connections

    return connections[queryset.db].vendor


def sides_q(queryset, user, perm, lookups):
    """A Q for objects one of whose sides (`lookups`, unit paths such as "parties__path")
    lies in the user's scope for `perm`, or encloses it at plant level or below: a
    workshop's people see what their plant is party to.

    Being inside a side above plant level (a ministry, bureau or province) is not enough:
    such a side is seen only by those whose scope covers it, else every worker of every
    plant in a province would see what the province is party to."""
    from gexin.org.choices import KIND_RANKS

    paths = scope_paths(user, perm)
    if paths is None:
        return Q()
    if not paths:
        return None
    enclosing = enclosing_paths(paths)
    plant_rank = KIND_RANKS[UnitKind.PLANT]
    near_kinds = [kind for kind, rank in KIND_RANKS.items() if rank >= plant_rank]
    vendor = _vendor(queryset)
    query = Q()
    for lookup in lookups:
        side = lookup.rpartition("__")[0]
        # One Q, so that both conditions hold for the same side (a many-to-many's row).
        inside = Q(**{f"{lookup}__in": enclosing, f"{side}__kind__in": near_kinds})
        query |= inside | scope_q(lookup, paths, vendor)
    return query


class SharedQuerySet(RestrictedQuerySet):
    """Seen by everyone signed in (they are meant to travel between plants); changed
    only within the scope of the unit that owns them. A model may narrow what is shared
    with `shared_q` (e.g. only published reports) and add its sides with `side_lookups`."""

    def restrict(self, user, action="view"):
        restricted = super().restrict(user, action)
        if action != "view":
            return restricted
        perm = f"{self.model._meta.app_label}.view_{self.model._meta.model_name}"
        if scope_paths(user, perm) == []:
            # Anonymous, disabled, or holding no role anywhere.
            return self.none()
        shared = getattr(self.model, "shared_q", None)
        if shared is None:
            return self
        query = shared() | Q(pk__in=restricted.values("pk"))
        lookups = getattr(self.model, "side_lookups", ())
        if lookups:
            sides = sides_q(self, user, perm, lookups)
            if sides is not None:
                query |= Q(pk__in=self.filter(sides).values("pk"))
        return self.filter(query)


class SidesQuerySet(RestrictedQuerySet):
    """Seen within the scope of the owning unit and by the people of every side
    (`side_lookups`: paths of the parties, the partner, the counterpart…)."""

    def restrict(self, user, action="view"):
        restricted = super().restrict(user, action)
        if action != "view":
            return restricted
        perm = f"{self.model._meta.app_label}.view_{self.model._meta.model_name}"
        sides = sides_q(self, user, perm, self.model.side_lookups)
        if sides is None:
            return restricted
        if not sides:  # everywhere
            return self
        sided = self.filter(sides).values("pk")
        return self.filter(Q(pk__in=restricted.values("pk")) | Q(pk__in=sided))


def improvement(before, after, direction):
    """The change from `before` to `after` in per cent, positive when it is better."""
    if before is None or after is None or before == 0:
        return None
    change = (Decimal(after) - Decimal(before)) / abs(Decimal(before)) * 100
    if direction == Direction.LOWER:
        change = -change
    return change.quantize(Decimal("0.1"))


# --- Advanced experiences, their pictures, their spread and adoption ---


class Experience(GexinModel):
    """An advanced experience (先进经验): the problem it solves, the method, and figures
    before and after, as its source unit measured them."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("source unit"),
        on_delete=models.PROTECT,
        related_name="experiences",
    )
    title = models.CharField(_("title"), max_length=200)
    people = models.ManyToManyField(
        Person, verbose_name=_("people"), blank=True, related_name="experiences"
    )
    problem = models.TextField(_("problem it solves"))
    method = models.TextField(_("method"))
    work_type = models.ForeignKey(
        WorkType,
        verbose_name=_("work type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="experiences",
    )
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.CHINESE
    )
    metric = models.ForeignKey(
        "plans.Metric",
        verbose_name=_("metric"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("What the figures measure, when it is a metric of the catalogue."),
    )
    figure_label = models.CharField(
        _("figure"),
        max_length=100,
        blank=True,
        help_text=_("What the figures measure, e.g. roll-change time (min per change)."),
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    before_value = models.DecimalField(_("before"), null=True, blank=True, **FIGURE)
    after_value = models.DecimalField(_("after"), null=True, blank=True, **FIGURE)
    introduced_on = models.DateField(_("introduced on"), default=datetime.date.today)
    # Where it came from, when it grew out of earlier work.
    key_issue = models.ForeignKey(
        "innovation.KeyIssue",
        verbose_name=_("from key issue"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="experiences",
    )
    proposal = models.ForeignKey(
        "meetings.Proposal",
        verbose_name=_("from proposal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="experiences",
    )
    producer = models.ForeignKey(
        "competitions.AdvancedProducer",
        verbose_name=_("from advanced producer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="experiences",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    objects = SharedQuerySet.as_manager()

    class Meta:
        ordering = ["-introduced_on", "-pk"]
        verbose_name = _("advanced experience")
        verbose_name_plural = _("advanced experiences")
        permissions = [("push_experience", "Can push an experience to other units")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return object_url("exchange:experience_detail", self.pk)

    def clean(self):
        if self.metric_id and not self.figure_label:
            self.figure_label = ""
        origins = [o for o in (self.key_issue_id, self.proposal_id, self.producer_id) if o]
        if len(origins) > 1:
            raise ValidationError(
                _("An experience grows out of at most one key issue, proposal or producer.")
            )

    @property
    def improvement(self):
        return improvement(self.before_value, self.after_value, self.direction)

    @property
    def figure_name(self):
        if self.metric_id:
            return f"{self.metric.display_name} ({self.metric.display_unit})"
        return self.figure_label


class ExperienceAttachment(GexinModel):
    """A picture or file of an experience, stored under a generated name."""

    experience = models.ForeignKey(
        Experience,
        verbose_name=_("advanced experience"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to="exchange/%Y/%m/", max_length=200)
    original_name = models.CharField(_("file name"), max_length=200, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0, editable=False)
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    scope_path_lookup = "experience__unit__path"
    objects = SharedQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.caption or self.original_name

    def get_absolute_url(self):
        return object_url("exchange:experienceattachment_download", self.pk)

    @property
    def is_image(self):
        return self.content_type.startswith("image/")


class Adoption(GexinModel):
    """An experience pushed to a unit, and what that unit did with it (推广 / 贯彻).

    The receiving unit records the adoption (date, how, its own before and after
    figures) or why it did not adopt. One not recorded by `check_due` is overdue.
    """

    experience = models.ForeignKey(
        Experience,
        verbose_name=_("advanced experience"),
        on_delete=models.CASCADE,
        related_name="adoptions",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("receiving unit"),
        on_delete=models.PROTECT,
        related_name="adoptions",
    )
    pushed_on = models.DateField(_("pushed on"), default=datetime.date.today)
    pushed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pushed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    check_due = models.DateField(
        _("check due"), help_text=_("By when the receiving unit reports its adoption.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AdoptionStatus.choices, default=AdoptionStatus.PUSHED
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    how = models.TextField(_("how it was adopted"), blank=True)
    before_value = models.DecimalField(_("own figure before"), null=True, blank=True, **FIGURE)
    after_value = models.DecimalField(_("own figure after"), null=True, blank=True, **FIGURE)
    result = models.TextField(_("result"), blank=True)
    declined_reason = models.TextField(_("why not adopted"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    objects = SharedQuerySet.as_manager()

    class Meta:
        ordering = ["experience", "unit__path"]
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        constraints = [
            models.UniqueConstraint(
                fields=["experience", "unit"], name="exchange_adoption_once_per_unit"
            )
        ]

    def __str__(self):
        return f"{self.experience} → {self.unit}"

    def get_absolute_url(self):
        return object_url("exchange:adoption_detail", self.pk)

    @property
    def improvement(self):
        return improvement(self.before_value, self.after_value, self.experience.direction)

    def is_overdue(self, today=None):
        today = today or datetime.date.today()
        return self.status == AdoptionStatus.PUSHED and self.check_due < today


# --- Contracts, their items, conferences and their evaluations ---


class Contract(GexinModel):
    """A technical assistance contract (技术互助合同) between plants."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("kept by"),
        on_delete=models.PROTECT,
        related_name="assistance_contracts",
        help_text=_("The unit that keeps the contract: one of the parties or a unit above them."),
    )
    number = models.CharField(_("number"), max_length=50, blank=True)
    title = models.CharField(_("title"), max_length=200)
    parties = models.ManyToManyField(
        Unit, verbose_name=_("parties"), related_name="contracts_party_to"
    )
    signed_on = models.DateField(_("signed on"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"), max_length=10, choices=ContractStatus.choices, default=ContractStatus.DRAFT
    )
    description = models.TextField(_("description"), blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    side_lookups = ("parties__path",)
    objects = SidesQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on", "-pk"]
        verbose_name = _("technical assistance contract")
        verbose_name_plural = _("technical assistance contracts")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return object_url("exchange:contract_detail", self.pk)

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A contract cannot end before it starts.")})


class ContractItem(GexinModel):
    """One obligation of a contract, owned by a workshop of the obliged plant."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="items"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    description = models.TextField(_("description"))
    obliged_unit = models.ForeignKey(
        Unit,
        verbose_name=_("owned by"),
        on_delete=models.PROTECT,
        related_name="contract_items_owed",
        help_text=_("The workshop of the obliged plant that carries the item out."),
    )
    beneficiary = models.ForeignKey(
        Unit,
        verbose_name=_("for"),
        on_delete=models.PROTECT,
        related_name="contract_items_received",
        help_text=_("The plant, or a unit of it, that receives the help."),
    )
    experience = models.ForeignKey(
        Experience,
        verbose_name=_("advanced experience"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contract_items",
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.PLANNED
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)

    scope_path_lookup = "obliged_unit__path"
    side_lookups = ("contract__parties__path", "beneficiary__path")
    objects = SidesQuerySet.as_manager()

    class Meta:
        ordering = ["contract", "due_on", "pk"]
        verbose_name = _("contract item")
        verbose_name_plural = _("contract items")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description[:60]}"

    def get_absolute_url(self):
        return object_url("exchange:contractitem_detail", self.pk)

    def is_overdue(self, today=None):
        today = today or datetime.date.today()
        return self.status in (ItemStatus.PLANNED, ItemStatus.IN_PROGRESS) and self.due_on < today


class Conference(GexinModel):
    """An inter-plant technical assistance conference (厂际技术互助会议), where the
    plants exchange experiences and evaluate their contract item by item."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("host"),
        on_delete=models.PROTECT,
        related_name="assistance_conferences",
    )
    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conferences",
    )
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    participants = models.ManyToManyField(
        Unit, verbose_name=_("participating units"), related_name="conferences_attended"
    )
    experiences = models.ManyToManyField(
        Experience,
        verbose_name=_("experiences exchanged"),
        blank=True,
        related_name="conferences",
    )
    decisions = models.TextField(_("decisions"), blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    side_lookups = ("participants__path",)
    objects = SidesQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("assistance conference")
        verbose_name_plural = _("assistance conferences")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return object_url("exchange:conference_detail", self.pk)


class ItemEvaluation(GexinModel):
    """The conference's verdict on one contract item."""

    conference = models.ForeignKey(
        Conference,
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    item = models.ForeignKey(
        ContractItem,
        verbose_name=_("contract item"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    verdict = models.CharField(_("verdict"), max_length=15, choices=Verdict.choices)
    note = models.TextField(_("note"), blank=True)

    scope_path_lookup = "conference__unit__path"
    side_lookups = ("item__contract__parties__path",)
    objects = SidesQuerySet.as_manager()

    class Meta:
        ordering = ["conference", "item__due_on", "item"]
        verbose_name = _("item evaluation")
        verbose_name_plural = _("item evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "item"], name="exchange_itemevaluation_once"
            )
        ]

    def __str__(self):
        return f"{self.item} · {self.get_verdict_display()}"

    def get_absolute_url(self):
        return object_url("exchange:conference_detail", self.conference_id)


# --- Express reports and who subscribes to them ---


class ExpressReport(GexinModel):
    """A technical innovation express report (技术革新快报): a short bulletin of a new
    innovation, sent to the units subscribing to its plant once published."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("from unit"),
        on_delete=models.PROTECT,
        related_name="express_reports",
    )
    plant = models.ForeignKey(
        Unit,
        verbose_name=_("plant"),
        on_delete=models.PROTECT,
        related_name="plant_express_reports",
        editable=False,
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("report"))
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.CHINESE
    )
    experience = models.ForeignKey(
        Experience,
        verbose_name=_("advanced experience"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="express_reports",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    objects = SharedQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("express report")
        verbose_name_plural = _("express reports")
        permissions = [("publish_expressreport", "Can publish an express report")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return object_url("exchange:expressreport_detail", self.pk)

    @staticmethod
    def shared_q():
        return Q(published_at__isnull=False)

    @property
    def is_published(self):
        return self.published_at is not None

    def save(self, *args, **kwargs):
        if self.unit_id:
            self.plant = plant_of(self.unit)
        super().save(*args, **kwargs)


class Subscription(GexinModel):
    """A unit's subscription to the express reports of a plant."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("subscribing unit"),
        on_delete=models.CASCADE,
        related_name="report_subscriptions",
    )
    plant = models.ForeignKey(
        Unit,
        verbose_name=_("reports of"),
        on_delete=models.CASCADE,
        related_name="report_subscribers",
    )
    by_email = models.BooleanField(_("also by email"), default=True)

    class Meta:
        ordering = ["unit__path", "plant__path"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["unit", "plant"], name="exchange_subscription_once")
        ]

    def __str__(self):
        return f"{self.unit} ← {self.plant}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("exchange:subscription_list") + f"?unit={self.unit_id}"

    def clean(self):
        if self.plant_id and self.plant.kind not in PLANT_KINDS:
            raise ValidationError({"plant": _("Reports are subscribed to by plant.")})


# --- Assistance cards and cooperation: open → matched → delivered → confirmed ---


class Exchangeable(GexinModel):
    """What cards and cooperation share: two sides and the steps between them."""

    status = models.CharField(
        _("status"), max_length=10, choices=ExchangeStatus.choices, default=ExchangeStatus.OPEN
    )
    posted_on = models.DateField(_("posted on"), default=datetime.date.today, editable=False)
    matched_on = models.DateField(_("matched on"), null=True, blank=True, editable=False)
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("matched by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True, editable=False)
    delivery_note = models.TextField(_("what was delivered"), blank=True, editable=False)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delivered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True, editable=False)
    confirmation_note = models.TextField(_("confirmation"), blank=True, editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True, editable=False)
    withdrawn_reason = models.TextField(_("why withdrawn"), blank=True, editable=False)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        abstract = True


class AssistanceCard(Exchangeable):
    """A technical assistance card (技术互助卡片): a request or an offer outside any
    contract. The posting unit is one side; the unit that takes it up, the other."""

    kind = models.CharField(_("kind"), max_length=10, choices=CardKind.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("posted by unit"),
        on_delete=models.PROTECT,
        related_name="assistance_cards",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    work_type = models.ForeignKey(
        WorkType,
        verbose_name=_("work type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    needed_by = models.DateField(_("needed by"), null=True, blank=True)
    experience = models.ForeignKey(
        Experience,
        verbose_name=_("advanced experience"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cards",
    )
    counterpart = models.ForeignKey(
        Unit,
        verbose_name=_("taken up by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="cards_taken_up",
    )

    side_lookups = ("unit__path", "counterpart__path")
    objects = SharedQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_on", "-pk"]
        verbose_name = _("assistance card")
        verbose_name_plural = _("assistance cards")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return object_url("exchange:assistancecard_detail", self.pk)

    @staticmethod
    def shared_q():
        """An open card is on the board for everyone; after that, only its sides see it."""
        return Q(status=ExchangeStatus.OPEN)

    @property
    def giver(self):
        """The side that gives the help: the poster of an offer, the taker of a request."""
        return self.unit if self.kind == CardKind.OFFER else self.counterpart

    @property
    def receiver(self):
        return self.counterpart if self.kind == CardKind.OFFER else self.unit


class Cooperation(Exchangeable):
    """A cooperation request (协作) between departments of one plant or with an outside
    enterprise, with what was given and received."""

    kind = models.CharField(_("kind"), max_length=10, choices=CooperationKind.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("requesting unit"),
        on_delete=models.PROTECT,
        related_name="cooperations",
    )
    partner = models.ForeignKey(
        Unit,
        verbose_name=_("partner unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cooperations_as_partner",
        help_text=_("Another department of the plant (or a unit elsewhere in gexin)."),
    )
    partner_name = models.CharField(
        _("outside enterprise"),
        max_length=200,
        blank=True,
        help_text=_("The outside enterprise, when it does not use gexin."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what is needed and why"))
    needed_by = models.DateField(_("needed by"), null=True, blank=True)

    side_lookups = ("unit__path", "partner__path")
    objects = SidesQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_on", "-pk"]
        verbose_name = _("cooperation")
        verbose_name_plural = _("cooperations")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return object_url("exchange:cooperation_detail", self.pk)

    @property
    def partner_display(self):
        return str(self.partner) if self.partner_id else self.partner_name

    def clean(self):
        if not self.partner_id and not self.partner_name.strip():
            raise ValidationError(
                {"partner": _("Name the partner unit or the outside enterprise.")}
            )
        if self.partner_id and self.partner_name.strip():
            raise ValidationError(
                {"partner_name": _("Give either a partner unit or an outside enterprise.")}
            )
        if self.kind == CooperationKind.INTERNAL:
            if not self.partner_id:
                raise ValidationError(
                    {"partner": _("A cooperation inside the plant needs its partner unit.")}
                )
            if self.unit_id and plant_of(self.partner) != plant_of(self.unit):
                raise ValidationError(
                    {"partner": _("The partner of an internal cooperation is in the same plant.")}
                )
        if self.partner_id and self.partner_id == self.unit_id:
            raise ValidationError({"partner": _("A unit does not cooperate with itself.")})


class CooperationItem(GexinModel):
    """One thing given or received in a cooperation: 240 t of rails, a dozen trucks…"""

    cooperation = models.ForeignKey(
        Cooperation,
        verbose_name=_("cooperation"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    flow = models.CharField(_("given or received"), max_length=10, choices=Flow.choices)
    description = models.CharField(_("what"), max_length=200)
    quantity = models.DecimalField(_("quantity"), null=True, blank=True, **FIGURE)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=30, blank=True)

    scope_path_lookup = "cooperation__unit__path"
    side_lookups = ("cooperation__unit__path", "cooperation__partner__path")
    objects = SidesQuerySet.as_manager()

    class Meta:
        ordering = ["cooperation", "flow", "pk"]
        verbose_name = _("cooperation item")
        verbose_name_plural = _("cooperation items")

    def __str__(self):
        return self.description

    def get_absolute_url(self):
        return object_url("exchange:cooperation_detail", self.cooperation_id)


# --- Search: one index for experiences, problems and key issues ---


class SearchDocument(models.Model):
    """One searchable object, with what the filters need; its terms are below."""

    kind = models.CharField(max_length=12, choices=DocumentKind.choices)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=200)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    plant = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    work_type = models.ForeignKey(
        WorkType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dated = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=10, blank=True)
    length = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="exchange_searchdoc_once")
        ]

    def __str__(self):
        return f"{self.kind}:{self.object_id}"


class SearchTerm(models.Model):
    """A term of a document with its weight (title words count more than the body's)."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=64)
    weight = models.FloatField()

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")
        indexes = [models.Index(fields=["term", "document"], name="exchange_term_idx")]

    def __str__(self):
        return self.term
