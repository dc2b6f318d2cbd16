"""Models of national planning: transfers (调运计划) of qualified pig iron.

Seed 004: the Ministry asks the provinces to ship their surplus qualified pig iron to
the key steelworks and foundries "with the whole country as one chessboard". A
transfer plan holds the supplies (a province's or enterprise's surplus), the demands
(an enterprise's need, key enterprises first) and the routes between them with a cost
per tonne; solving it (gexin.national.transfers, on gexin.national.transfer) writes the
least-cost flows. Shipments are recorded against the routes, and fulfilment compares
them with the flows.

A plan is seen within its unit's scope and by the people of every supplying and
receiving unit; it is changed by the planners of its unit. Shipments are also recorded
by the keepers of the supplying unit.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import connections, models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gexin.core.models import GexinModel
from gexin.core.permissions import enclosing_paths, permission_name, scope_paths, scope_q
from gexin.core.querysets import RestrictedQuerySet
from gexin.core.urls import object_url
from gexin.org.choices import KIND_RANKS, UnitKind
from gexin.org.models import Unit

__all__ = [
    "TransferPlanStatus",
    "TransferResult",
    "TransferPlan",
    "TransferSupply",
    "TransferDemand",
    "TransferRoute",
    "TransferFlow",
    "Shipment",
]

TONNES = {"max_digits": 14, "decimal_places": 2}
MONEY = {"max_digits": 18, "decimal_places": 2}
POSITIVE = [MinValueValidator(Decimal("0.01"))]


class TransferPlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SOLVED = "solved", _("solved")
    ADOPTED = "adopted", _("adopted")


class TransferResult(models.TextChoices):
    OPTIMAL = "optimal", _("every demand met at least cost")
    INFEASIBLE = "infeasible", _("some demand cannot be met")


def sides_q(queryset, user, perm, lookups):
    """A Q for rows one of whose sides (`lookups`, unit paths) lies in the user's scope
    for `perm`, or encloses it at plant level or below: a workshop's people see the plans
    their plant supplies or receives in. A side above plant level (a province) is seen
    only by those whose scope covers it. None: nothing; an empty Q: everything."""
    paths = scope_paths(user, perm)
    if paths is None:
        return Q()
    if not paths:
        return None
    enclosing = enclosing_paths(paths)
    plant_rank = KIND_RANKS[UnitKind.PLANT]
    near_kinds = [kind for kind, rank in KIND_RANKS.items() if rank >= plant_rank]
    vendor = connections[queryset.db].vendor
    query = Q()
    for lookup in lookups:
        side = lookup.rpartition("__")[0]
        inside = Q(**{f"{lookup}__in": enclosing, f"{side}__kind__in": near_kinds})
        query |= inside | scope_q(lookup, paths, vendor)
    return query


class TransferQuerySet(RestrictedQuerySet):
    """Viewed within the plan unit's scope and by the people of its sides
    (`side_lookups`: the supplying and receiving units)."""

    def restrict(self, user, action="view"):
        restricted = super().restrict(user, action)
        if action != "view":
            return restricted
        sides = sides_q(self, user, permission_name(self.model, action), self.model.side_lookups)
        if sides is None:
            return restricted
        if not sides:
            return self
        sided = self.filter(sides).values("pk")
        return self.filter(Q(pk__in=restricted.values("pk")) | Q(pk__in=sided))


class ShipmentQuerySet(TransferQuerySet):
    """Shipments are also recorded and corrected by the keepers of the supplying unit."""

    def restrict(self, user, action="view"):
        restricted = super().restrict(user, action)
        if action == "view":
            return restricted
        paths = scope_paths(user, permission_name(self.model, action))
        if paths is None:
            return restricted
        if not paths:
            return self.none()
        supplier = self.filter(
            scope_q("route__supply__unit__path", paths, connections[self.db].vendor)
        )
        return self.filter(Q(pk__in=restricted.values("pk")) | Q(pk__in=supplier.values("pk")))


PLAN_SIDES = ("supplies__unit__path", "demands__unit__path")


class TransferPlan(GexinModel):
    """A plan to move a product (qualified pig iron) from surpluses to needs in a period."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("planning unit"),
        on_delete=models.PROTECT,
        related_name="transfer_plans",
        help_text=_("The unit that draws up the plan, e.g. the ministry or a province."),
    )
    title = models.CharField(_("title"), max_length=200)
    product = models.ForeignKey(
        "plans.Metric",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("What is moved, in tonnes; qualified pig iron by default."),
    )
    starts_on = models.DateField(_("period starts"))
    ends_on = models.DateField(_("period ends"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TransferPlanStatus.choices,
        default=TransferPlanStatus.DRAFT,
    )
    solved_at = models.DateTimeField(_("solved at"), null=True, blank=True)
    result = models.CharField(
        _("result"), max_length=12, choices=TransferResult.choices, blank=True
    )
    total_cost = models.DecimalField(_("total cost (yuan)"), null=True, blank=True, **MONEY)
    greedy_cost = models.DecimalField(
        _("cost of the greedy allocation (yuan)"), null=True, blank=True, **MONEY
    )
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)
    explanation_text = models.TextField(_("explanation (English)"), blank=True)
    note = models.TextField(_("note"), blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    side_lookups = PLAN_SIDES
    objects = TransferQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("transfer plan")
        verbose_name_plural = _("transfer plans")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return object_url("national:transferplan_detail", self.pk)

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A plan's period cannot end before it starts.")})

    @property
    def is_locked(self):
        """An adopted plan's supplies, demands and routes can no longer change."""
        return self.status == TransferPlanStatus.ADOPTED

    @property
    def has_shipments(self):
        """Once shipments are recorded, the supplies, demands and routes stay as solved."""
        return self.pk is not None and self.shipments.exists()

    @property
    def is_solved(self):
        return self.status in (TransferPlanStatus.SOLVED, TransferPlanStatus.ADOPTED)

    @property
    def saving(self):
        """What the least-cost plan saves against the greedy allocation, in per cent."""
        if self.total_cost is None or not self.greedy_cost:
            return None
        return ((self.greedy_cost - self.total_cost) / self.greedy_cost * 100).quantize(
            Decimal("0.1")
        )


SHIPPED_INPUTS = _("Shipments are recorded against this plan: its inputs stay as solved.")
LOCKED_PLAN_FIELDS = _("An adopted plan keeps its product, period and unit.")


class PlanInput(GexinModel):
    """A row of a plan's inputs: refused once the plan is adopted."""

    scope_path_lookup = "plan__unit__path"
    side_lookups = tuple(f"plan__{lookup}" for lookup in PLAN_SIDES)
    objects = TransferQuerySet.as_manager()

    class Meta:
        abstract = True

    def check_open(self):
        plan = getattr(self, "plan", None) if self.plan_id else None
        if plan is not None and plan.is_locked:
            raise ValidationError(
                _("The plan is adopted: its supplies, demands and routes are locked.")
            )
        if plan is not None and plan.has_shipments:
            raise ValidationError(SHIPPED_INPUTS)

    def clean(self):
        self.check_open()


def check_unique(obj, **lookup):
    """True when another row of the same plan has the same `lookup` (a duplicate)."""
    return type(obj).objects.filter(plan_id=obj.plan_id, **lookup).exclude(pk=obj.pk).exists()


class TransferSupply(PlanInput):
    """Tonnes of surplus a province or enterprise has for the plan."""

    plan = models.ForeignKey(
        TransferPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="supplies"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("supplying unit"), on_delete=models.PROTECT, related_name="+"
    )
    tonnes = models.DecimalField(_("surplus (t)"), validators=POSITIVE, **TONNES)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["plan", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit"], name="transfer_supply_once")
        ]
        verbose_name = _("transfer supply")
        verbose_name_plural = _("transfer supplies")

    def __str__(self):
        return f"{self.unit} · {self.tonnes} t"

    def get_absolute_url(self):
        return self.plan.get_absolute_url() + "#supplies"

    def clean(self):
        super().clean()
        if self.unit_id and check_unique(self, unit_id=self.unit_id):
            raise ValidationError({"unit": _("This unit already supplies the plan.")})


class TransferDemand(PlanInput):
    """Tonnes a key steelworks or a foundry needs; a higher priority is served first."""

    plan = models.ForeignKey(
        TransferPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="demands"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("receiving unit"), on_delete=models.PROTECT, related_name="+"
    )
    tonnes = models.DecimalField(_("needed (t)"), validators=POSITIVE, **TONNES)
    priority = models.PositiveSmallIntegerField(
        _("priority"),
        default=0,
        help_text=_("Higher is served first: give the key enterprises 1 or more."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["plan", "-priority", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit"], name="transfer_demand_once")
        ]
        verbose_name = _("transfer demand")
        verbose_name_plural = _("transfer demands")

    def __str__(self):
        return f"{self.unit} · {self.tonnes} t"

    def get_absolute_url(self):
        return self.plan.get_absolute_url() + "#demands"

    def clean(self):
        super().clean()
        if self.unit_id and check_unique(self, unit_id=self.unit_id):
            raise ValidationError({"unit": _("This unit already has a demand in the plan.")})


class TransferRoute(PlanInput):
    """A transport route from a supply to a demand of the same plan."""

    plan = models.ForeignKey(
        TransferPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="routes"
    )
    supply = models.ForeignKey(
        TransferSupply, verbose_name=_("from"), on_delete=models.CASCADE, related_name="routes"
    )
    demand = models.ForeignKey(
        TransferDemand, verbose_name=_("to"), on_delete=models.CASCADE, related_name="routes"
    )
    cost_per_tonne = models.DecimalField(
        _("cost per tonne (yuan)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    distance_km = models.PositiveIntegerField(_("distance (km)"), null=True, blank=True)
    capacity = models.DecimalField(
        _("capacity (t)"),
        null=True,
        blank=True,
        validators=POSITIVE,
        help_text=_("Most that can be carried in the period; empty for no limit."),
        **TONNES,
    )

    class Meta:
        ordering = ["plan", "supply__unit__path", "demand__unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "supply", "demand"], name="transfer_route_once")
        ]
        verbose_name = _("transfer route")
        verbose_name_plural = _("transfer routes")

    def __str__(self):
        return f"{self.supply.unit} → {self.demand.unit}"

    def get_absolute_url(self):
        return self.plan.get_absolute_url() + "#routes"

    def clean(self):
        super().clean()
        errors = {}
        if self.supply_id and self.supply.plan_id != self.plan_id:
            errors["supply"] = _("The route must start at a supply of the same plan.")
        if self.demand_id and self.demand.plan_id != self.plan_id:
            errors["demand"] = _("The route must end at a demand of the same plan.")
        if (
            not errors
            and self.supply_id
            and self.demand_id
            and check_unique(self, supply_id=self.supply_id, demand_id=self.demand_id)
        ):
            errors["demand"] = _("The plan already has a route from this supply to this demand.")
        if errors:
            raise ValidationError(errors)


class TransferFlow(GexinModel):
    """Tonnes the solved plan moves over a route; written by solving, replaced each time."""

    plan = models.ForeignKey(
        TransferPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="flows"
    )
    route = models.OneToOneField(
        TransferRoute, verbose_name=_("route"), on_delete=models.CASCADE, related_name="flow"
    )
    tonnes = models.DecimalField(_("planned (t)"), **TONNES)

    scope_path_lookup = "plan__unit__path"
    side_lookups = PlanInput.side_lookups
    objects = TransferQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "route"]
        verbose_name = _("transfer flow")
        verbose_name_plural = _("transfer flows")

    def __str__(self):
        return f"{self.route} · {self.tonnes} t"

    def get_absolute_url(self):
        return self.plan.get_absolute_url() + "#flows"


class Shipment(GexinModel):
    """Tonnes actually shipped over a route of a solved or adopted plan on a day."""

    plan = models.ForeignKey(
        TransferPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="shipments"
    )
    route = models.ForeignKey(
        TransferRoute, verbose_name=_("route"), on_delete=models.PROTECT, related_name="shipments"
    )
    shipped_on = models.DateField(_("shipped on"))
    tonnes = models.DecimalField(_("shipped (t)"), validators=POSITIVE, **TONNES)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)

    scope_path_lookup = "plan__unit__path"
    side_lookups = PlanInput.side_lookups
    objects = ShipmentQuerySet.as_manager()

    class Meta:
        ordering = ["-shipped_on", "-pk"]
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")

    def __str__(self):
        return f"{self.route} · {self.shipped_on:%Y-%m-%d} · {self.tonnes} t"

    def get_absolute_url(self):
        return object_url("national:shipment_detail", self.pk)

    def clean(self):
        errors = {}
        if self.route_id:
            if self.plan_id is None:
                self.plan_id = self.route.plan_id
            if self.route.plan_id != self.plan_id:
                errors["route"] = _("The route belongs to another plan.")
            elif not self.route.plan.is_solved:
                errors["route"] = _("Shipments are recorded only against a solved or adopted plan.")
            elif self.shipped_on and self.shipped_on < self.route.plan.starts_on:
                errors["shipped_on"] = _(
                    "A shipment cannot be made before the plan's period starts."
                )
        if errors:
            raise ValidationError(errors)
