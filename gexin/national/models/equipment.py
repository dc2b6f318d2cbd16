"""Models of national planning: equipment.

Furnaces and converters (炉子) of a unit, with their status (building, ready,
producing, down) and the history of its changes. The status changes only through
`Equipment.set_status`, which checks the move, records it as a `StatusChange` and sets
the actual start date the first time the furnace goes into production; forms and the
API never write the field directly. The history is what the utilisation coefficient
counts producing days from (see `gexin.national.equipment`).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from gexin.core.models import GexinModel
from gexin.org.models import Unit

__all__ = [
    "BLAST_FURNACE_KINDS",
    "MOVES",
    "Equipment",
    "EquipmentKind",
    "EquipmentStatus",
    "StatusChange",
]


class EquipmentKind(models.TextChoices):
    BLAST_FURNACE = "blast_furnace", _("blast furnace")
    SMALL_BLAST_FURNACE = "small_blast_furnace", _("small blast furnace")
    OPEN_HEARTH = "open_hearth", _("open-hearth furnace")
    CONVERTER = "converter", _("converter")
    ELECTRIC_FURNACE = "electric_furnace", _("electric furnace")
    CUPOLA = "cupola", _("cupola")


# Furnaces whose useful volume is required and whose utilisation coefficient is computed.
BLAST_FURNACE_KINDS = (EquipmentKind.BLAST_FURNACE, EquipmentKind.SMALL_BLAST_FURNACE)


class EquipmentStatus(models.TextChoices):
    BUILDING = "building", _("being built")
    READY = "ready", _("ready to start")
    PRODUCING = "producing", _("producing")
    DOWN = "down", _("down")


# The moves a status may make. A furnace is built, made ready and blown in; once
# producing it can only go down, and from down it is restarted, made ready again or
# rebuilt.
MOVES = {
    EquipmentStatus.BUILDING: (EquipmentStatus.READY, EquipmentStatus.PRODUCING),
    EquipmentStatus.READY: (EquipmentStatus.PRODUCING, EquipmentStatus.BUILDING),
    EquipmentStatus.PRODUCING: (EquipmentStatus.DOWN,),
    EquipmentStatus.DOWN: (
        EquipmentStatus.PRODUCING,
        EquipmentStatus.READY,
        EquipmentStatus.BUILDING,
    ),
}


class Equipment(GexinModel):
    """A furnace or converter (高炉、小高炉、平炉、转炉、电炉、化铁炉) of a unit.

    `records_unit` is the unit whose production records are this furnace's output
    (e.g. the section "No. 1 blast furnace"); without it the furnace has no output
    of its own and no utilisation coefficient.
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="equipment"
    )
    records_unit = models.ForeignKey(
        Unit,
        verbose_name=_("records unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recorded_equipment",
        help_text=_(
            "The unit whose production records are this furnace's output, e.g. the section "
            "“No. 1 blast furnace”; the unit itself or one below it."
        ),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=EquipmentKind.choices)
    name = models.CharField(_("name"), max_length=100)
    number = models.CharField(_("number"), max_length=20, blank=True)
    useful_volume = models.DecimalField(
        _("useful volume (m³)"),
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Required for blast furnaces."),
    )
    capacity = models.DecimalField(
        _("capacity (t per heat)"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("For converters and open-hearth furnaces."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EquipmentStatus.choices,
        default=EquipmentStatus.BUILDING,
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    actual_start = models.DateField(
        _("actual start"),
        null=True,
        blank=True,
        help_text=_("Set when the furnace first goes into production."),
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["unit__path", "kind", "number", "name", "pk"]
        verbose_name = _("furnace or converter")
        verbose_name_plural = _("furnaces and converters")
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("national:equipment_detail", args=[self.pk])

    @property
    def is_blast_furnace(self):
        return self.kind in BLAST_FURNACE_KINDS

    def clean(self):
        errors = {}
        if self.is_blast_furnace and not self.useful_volume:
            errors["useful_volume"] = _("A blast furnace needs its useful volume.")
        for name in ("useful_volume", "capacity"):
            value = getattr(self, name)
            if value is not None and value <= 0:
                errors[name] = _("Give a positive number.")
        if self.records_unit_id and self.unit_id:
            unit, records_unit = self.unit, self.records_unit
            if not records_unit.path.startswith(unit.path):
                errors["records_unit"] = _(
                    "The records unit must be the furnace's unit or one below it."
                )
            elif self.is_blast_furnace:
                # The output of a records unit is its whole subtree: a blast furnace on
                # the same unit, one above or one below would be credited the same output.
                paths = [*records_unit.ancestor_paths(), records_unit.path]
                other = (
                    Equipment.objects.filter(kind__in=BLAST_FURNACE_KINDS)
                    .filter(
                        models.Q(records_unit__path__in=paths)
                        | models.Q(records_unit__path__startswith=records_unit.path)
                    )
                    .exclude(pk=self.pk)
                    .select_related("records_unit")
                    .first()
                )
                if other is not None:
                    errors["records_unit"] = _(
                        "The blast furnace “%(furnace)s” already takes its output from "
                        "%(unit)s, the same unit as this one or one above or below it."
                    ) % {"furnace": other.name, "unit": other.records_unit}
            elif (
                Equipment.objects.filter(records_unit_id=self.records_unit_id, kind=self.kind)
                .exclude(pk=self.pk)
                .exists()
            ):
                # Two furnaces on one records unit would each be credited the same output.
                errors["records_unit"] = _(
                    "Another furnace of this kind already takes its output from this unit."
                )
        if errors:
            raise ValidationError(errors)

    # Start against plan

    def days_late(self, as_of):
        """Days the start is behind plan: to the actual start, or to `as_of` while not
        started; 0 when on time, None without a planned start."""
        if self.planned_start is None:
            return None
        started = self.actual_start or as_of
        return max((started - self.planned_start).days, 0)

    def is_late(self, as_of):
        return bool(self.days_late(as_of))

    # The status workflow

    def next_statuses(self):
        return MOVES.get(self.status, ())

    @transaction.atomic
    def set_status(self, status, *, on, reason="", user=None, today=None):
        """Move to `status` on the day `on`, recording the change; raises ValidationError
        for a move the workflow does not allow or a date out of order."""
        today = today or datetime.date.today()
        locked = Equipment._base_manager.select_for_update().get(pk=self.pk)
        if status not in MOVES.get(locked.status, ()):
            raise ValidationError(
                _("A furnace %(from)s cannot become %(to)s.")
                % {
                    "from": EquipmentStatus(locked.status).label,
                    "to": EquipmentStatus(status).label
                    if status in EquipmentStatus.values
                    else status,
                },
                code="move",
            )
        if on > today:
            raise ValidationError(_("A change cannot be dated in the future."), code="future")
        last = locked.status_changes.order_by("-on", "-pk").first()
        if last is not None and on < last.on:
            raise ValidationError(
                _("The last change was on %(day)s; a new one cannot be dated before it.")
                % {"day": last.on.isoformat()},
                code="order",
            )
        change = StatusChange.objects.create(
            equipment=locked,
            on=on,
            from_status=locked.status,
            to_status=status,
            reason=reason,
            changed_by=user if user is not None and user.is_authenticated else None,
        )
        locked.status = status
        if status == EquipmentStatus.PRODUCING and locked.actual_start is None:
            locked.actual_start = on
        locked.save()
        self.status, self.actual_start = locked.status, locked.actual_start
        self.last_updated = locked.last_updated
        return change

    def status_on(self, day, changes=None):
        """The status on `day`, read from the history (the status before the first
        change is that change's `from`; with no history, the present status)."""
        changes = list(self.status_changes.all()) if changes is None else changes
        status = changes[0].from_status if changes else self.status
        for change in changes:
            if change.on > day:
                break
            status = change.to_status
        return status

    def producing_days(self, start, end, changes=None):
        """How many days of [start, end] the furnace was producing, from its history.

        The day of a change counts with the new status; no day before the actual start
        counts, nor any for a furnace never started. Without any history a furnace now
        producing counts every day from its actual start.
        """
        # Never a day before the actual start, and none for a furnace never started
        # (a furnace added producing has no change for its start).
        if self.actual_start is None:
            return 0
        start = max(start, self.actual_start)
        if end < start:
            return 0
        changes = list(self.status_changes.all()) if changes is None else changes
        if not changes:
            if self.status != EquipmentStatus.PRODUCING:
                return 0
            return (end - start).days + 1
        days = 0
        status = changes[0].from_status
        since = start
        for change in changes:
            if change.on > end:
                break
            if change.on > since:
                if status == EquipmentStatus.PRODUCING:
                    days += (change.on - since).days
                since = change.on
            status = change.to_status
        if status == EquipmentStatus.PRODUCING:
            days += (end - since).days + 1
        return days


class StatusChange(GexinModel):
    """One change of a furnace's status: on which day, from what, to what, and why."""

    equipment = models.ForeignKey(
        Equipment,
        verbose_name=_("furnace or converter"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    on = models.DateField(_("on"))
    from_status = models.CharField(
        _("from"), max_length=20, choices=EquipmentStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=EquipmentStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    scope_path_lookup = "equipment__unit__path"

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.equipment} {self.on}: {self.get_to_status_display()}"

    def get_absolute_url(self):
        return self.equipment.get_absolute_url()
