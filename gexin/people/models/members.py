"""Models of members' affairs (seed 000 p.10: "care for the masses' lives: illness, rest,
food, marriage … organise newspaper reading, discussions, visits, outings, culture and
sport … teach members their rights and duties, recruit new workers into the union, collect
dues on time"; the deputy leader "recruits members, collects dues, leads study").

- Membership: a person's joining, transfers in and out and leaving, one event a day.
  Events are recorded through `gexin.people.membership`, which checks that they make
  sense in date order and keeps `Person.is_union_member` in step.
- Dues: a monthly rate per person from a month on, and the payments, several a month
  allowed; what is due, paid and owed is computed by `gexin.people.dues`.
- Welfare: a case of illness, hardship, a marriage … with the help given. Its health
  details are private (`gexin.people.privacy`).
- Activities of the group (reading the paper, visits, sport, study of members' rights
  and duties) with the people present.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gexin.core.models import GexinModel
from gexin.core.querysets import RestrictedQuerySet
from gexin.core.urls import object_url
from gexin.org.models import Person, Unit
from gexin.org.privacy import HIDDEN, health_paths, may_view_health

__all__ = [
    "Activity",
    "ActivityAttendance",
    "ActivityKind",
    "DuesPayment",
    "DuesRate",
    "MembershipEvent",
    "MembershipKind",
    "WelfareCase",
    "WelfareCaseQuerySet",
    "WelfareHelp",
    "WelfareHelpKind",
    "WelfareKind",
]

FIRST_YEAR, LAST_YEAR = 1900, 2199


def check_year(errors, name, day):
    if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
        errors[name] = _("Give a date between 1900 and 2199.")


def money_field(verbose_name, **kwargs):
    """An amount of money: exact to the fen, in the currency of its time."""
    return models.DecimalField(
        verbose_name, max_digits=14, decimal_places=2, validators=[MinValueValidator(0)], **kwargs
    )


# Membership


class MembershipKind(models.TextChoices):
    JOINED = "joined", pgettext_lazy("membership", "joined")
    TRANSFERRED_IN = "transferred_in", pgettext_lazy("membership", "transferred in")
    TRANSFERRED_OUT = "transferred_out", pgettext_lazy("membership", "transferred out")
    LEFT = "left", pgettext_lazy("membership", "left")


# Events that begin a membership here, and those that end it.
ENTRIES = (MembershipKind.JOINED, MembershipKind.TRANSFERRED_IN)
EXITS = (MembershipKind.TRANSFERRED_OUT, MembershipKind.LEFT)
TRANSFERS = (MembershipKind.TRANSFERRED_IN, MembershipKind.TRANSFERRED_OUT)


class MembershipEvent(GexinModel):
    """A person joined the union, transferred their membership in or out, or left.

    A member transferred out keeps their membership elsewhere: here they are no longer
    a member (their dues are paid where they went) until they transfer back.
    """

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="membership_events",
    )
    kind = models.CharField(
        pgettext_lazy("of a membership event", "event"),
        max_length=20,
        choices=MembershipKind.choices,
    )
    day = models.DateField(_("day"))
    other_unit = models.ForeignKey(
        Unit,
        verbose_name=_("transferred from or to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="membership_transfers",
        help_text=_("For a transfer: the unit the membership came from or went to."),
    )
    other_unit_text = models.CharField(
        _("other organisation"),
        max_length=200,
        blank=True,
        help_text=_("For a transfer to or from an organisation not in the tree."),
    )
    recruited_by = models.ForeignKey(
        Person,
        verbose_name=_("recruited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members_recruited",
        help_text=_("For a joining: who brought the new member in."),
    )
    note = models.TextField(_("note"), blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    scope_path_lookup = "person__unit_path"

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "person__name", "pk"]
        verbose_name = _("membership event")
        verbose_name_plural = _("membership events")
        constraints = [
            # One event a day: the order of a person's events is their dates' order.
            models.UniqueConstraint(fields=["person", "day"], name="people_membership_one_a_day")
        ]
        indexes = [models.Index(fields=["person", "day"])]

    def __str__(self):
        return f"{self.person} · {self.kind_label} · {self.day.isoformat()}"

    def get_absolute_url(self):
        return object_url("people:membershipevent_detail", self.pk)

    @property
    def kind_label(self):
        return MembershipKind(self.kind).label

    @property
    def is_entry(self):
        return self.kind in ENTRIES

    @property
    def other_side(self):
        """The unit or organisation of a transfer, as text."""
        if self.other_unit_id:
            return self.other_unit.display_name
        return self.other_unit_text

    def clean(self):
        errors = {}
        check_year(errors, "day", self.day)
        if self.day and self.day > datetime.date.today():
            errors["day"] = _("A membership event cannot be recorded ahead of its day.")
        is_transfer = self.kind in TRANSFERS
        if not is_transfer and (self.other_unit_id or self.other_unit_text.strip()):
            errors["other_unit"] = _("Only a transfer has a unit it came from or went to.")
        if self.other_unit_id and self.other_unit_text.strip():
            errors["other_unit_text"] = _("Give the unit or the organisation's name, not both.")
        if self.recruited_by_id and self.kind != MembershipKind.JOINED:
            errors["recruited_by"] = _("Only a joining has a recruiter.")
        if self.recruited_by_id and self.recruited_by_id == self.person_id:
            errors["recruited_by"] = _("A person does not recruit themselves.")
        if errors:
            raise ValidationError(errors)


# Dues


class DuesRate(GexinModel):
    """What a member owes each month from a month on, until their next rate.

    Amounts are in the currency of their time: before the currency reform of March
    1955 that is the old renminbi (10,000 old yuan = 1 new yuan).
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="dues_rates"
    )
    from_month = models.DateField(
        _("from month"), help_text=_("The first day of the month the rate applies from.")
    )
    amount = money_field(_("monthly dues"), help_text=_("In the currency of the time."))
    note = models.TextField(_("note"), blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    scope_path_lookup = "person__unit_path"

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["person__unit_path", "person__name", "-from_month", "pk"]
        verbose_name = _("dues rate")
        verbose_name_plural = _("dues rates")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "from_month"], name="people_dues_rate_one_a_month"
            )
        ]

    def __str__(self):
        return f"{self.person} · {self.from_month:%Y-%m} · {self.amount}"

    def get_absolute_url(self):
        return object_url("people:duesrate_detail", self.pk)

    @property
    def from_month_label(self):
        return self.from_month.strftime("%Y-%m")

    def clean(self):
        errors = {}
        check_year(errors, "from_month", self.from_month)
        if self.from_month and self.from_month.day != 1:
            errors["from_month"] = _("A rate applies from the first day of a month.")
        if errors:
            raise ValidationError(errors)


class DuesPayment(GexinModel):
    """Dues a member paid for one month; a month may be paid in several parts.

    A payment is for a month the person was a member and had a rate in force, and never
    more than is still owed for that month (checked by `gexin.people.dues`): paying too
    much for one month does not silently pay another.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="dues_payments"
    )
    month = models.DateField(
        pgettext_lazy("dues paid for", "month"),
        help_text=_("The month paid for (its first day)."),
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("In the currency of the time."),
    )
    paid_on = models.DateField(_("paid on"))
    collected_by = models.ForeignKey(
        Person,
        verbose_name=_("collected by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dues_collected",
    )
    note = models.TextField(_("note"), blank=True)
    is_from_sheet = models.BooleanField(
        _("recorded on the dues sheet"),
        default=False,
        editable=False,
        help_text=_(
            "The dues sheet keeps one payment of its own per person and month, which it "
            "replaces when the sheet is sent again."
        ),
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    scope_path_lookup = "person__unit_path"

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "person__unit_path", "person__name", "pk"]
        verbose_name = _("dues payment")
        verbose_name_plural = _("dues payments")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "month"],
                condition=Q(is_from_sheet=True),
                name="people_dues_one_sheet_payment_a_month",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="people_dues_payment_positive"),
        ]
        indexes = [models.Index(fields=["person", "month"])]

    def __str__(self):
        return f"{self.person} · {self.month:%Y-%m} · {self.amount}"

    def get_absolute_url(self):
        return object_url("people:duespayment_detail", self.pk)

    @property
    def month_label(self):
        return self.month.strftime("%Y-%m")

    def clean(self):
        from gexin.people import dues

        errors = {}
        check_year(errors, "month", self.month)
        check_year(errors, "paid_on", self.paid_on)
        if self.month and self.month.day != 1:
            errors["month"] = _("Give the month paid for by its first day.")
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = _("A payment is more than nothing.")
        if not errors and self.person_id and self.month and self.amount:
            problem = dues.payment_problem(self)
            if problem:
                field, message = problem
                errors[field] = message
        if errors:
            raise ValidationError(errors)


# Welfare


class WelfareKind(models.TextChoices):
    ILLNESS = "illness", _("illness")
    INJURY = "injury", _("injury")
    HARDSHIP = "hardship", _("hardship")
    MARRIAGE = "marriage", _("marriage")
    BEREAVEMENT = "bereavement", _("bereavement")
    BIRTH = "birth", _("birth")
    OTHER = "other", pgettext_lazy("kind of welfare case", "other")


class WelfareHelpKind(models.TextChoices):
    VISIT = "visit", pgettext_lazy("welfare help", "visit")
    MONEY = "money", _("money")
    LEAVE = "leave", _("leave")
    GOODS = "goods", _("goods")
    OTHER = "other", pgettext_lazy("kind of welfare help", "other")


class WelfareCaseQuerySet(RestrictedQuerySet):
    """Welfare cases; their health details are read only by the group leader and the
    welfare officer (`people.view_health`) on their subtree."""

    def health_q(self, user, lookup="person__unit_path"):
        """A Q of the rows whose health details the user reads, or None for all."""
        from django.db import connections

        from gexin.core.permissions import scope_q

        paths = health_paths(user)
        if paths is None:
            return None
        if not paths:
            return Q(pk__in=[])
        return scope_q(lookup, paths, connections[self.db].vendor)

    def with_privacy(self, user):
        """Annotate `health_shown`: True where the user may read the health details."""
        from django.db.models import BooleanField, Case, Value, When

        visible = self.health_q(user)
        if visible is None:
            return self.annotate(health_shown=Value(True, output_field=BooleanField()))
        return self.annotate(
            health_shown=Case(
                When(visible, then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )

    def search(self, user, text):
        """Cases whose person, summary or help arranged holds the text, and whose health
        details hold it only where the user may read them: no search matches inside a
        hidden field."""
        text = text.strip()
        if not text:
            return self
        found = (
            Q(person__name__icontains=text)
            | Q(person__name_latin__icontains=text)
            | Q(person__employee_number__iexact=text)
            | Q(summary__icontains=text)
            | Q(help_arranged__icontains=text)
        )
        visible = self.health_q(user)
        in_health = Q(health_details__icontains=text)
        if visible is not None:
            in_health &= visible
        return self.filter(found | in_health)

    def open_on(self, day):
        """The cases open on `day`: opened by then and not closed before it."""
        return self.filter(opened_on__lte=day).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gte=day)
        )


class WelfareCase(GexinModel):
    """A member's illness, injury, hardship, marriage, bereavement or new child, and the
    help the group arranged (seed 000: "care for the masses' lives … help solve their
    difficulties and remove what hinders production").

    `summary` is what the group may know; `health_details` (diagnosis, treatment, sick
    leave) are private: only the group leader and the welfare officer read them.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="welfare_cases"
    )
    kind = models.CharField(
        pgettext_lazy("of a welfare case", "kind"), max_length=20, choices=WelfareKind.choices
    )
    opened_on = models.DateField(_("opened on"), default=datetime.date.today)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    summary = models.TextField(
        _("summary"), help_text=_("What the group may know, e.g. ill at home since Monday.")
    )
    health_details = models.TextField(
        _("health details"),
        blank=True,
        help_text=_(
            "Private: diagnosis, treatment, sick leave. Only the group leader and the "
            "welfare officer read it."
        ),
    )
    help_arranged = models.TextField(_("help arranged"), blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    scope_path_lookup = "person__unit_path"
    # The fields only those with `people.view_health` read.
    private_fields = ("health_details",)

    objects = WelfareCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "pk"]
        verbose_name = _("welfare case")
        verbose_name_plural = _("welfare cases")

    def __str__(self):
        return f"{self.person} · {self.kind_label} · {self.opened_on.isoformat()}"

    def get_absolute_url(self):
        return object_url("people:welfarecase_detail", self.pk)

    @property
    def kind_label(self):
        return WelfareKind(self.kind).label

    @property
    def is_open(self):
        return self.closed_on is None

    @property
    def summary_short(self):
        """The summary's first 60 characters, for lists."""
        text = " ".join(self.summary.split())
        return text if len(text) <= 60 else text[:59].rstrip() + "…"

    def may_read_health(self, user):
        return may_view_health(user, self.person.unit_path)

    def reveal_for(self, user):
        """Mark the case as read by `user`: `shown_health_details` then hides what they
        may not read."""
        self.health_shown = self.may_read_health(user)
        return self

    @property
    def shown_health_details(self):
        # Without `with_privacy()` or `reveal_for()` the health details stay hidden.
        if not getattr(self, "health_shown", False):
            return HIDDEN if self.health_details else ""
        return self.health_details

    def clean(self):
        errors = {}
        check_year(errors, "opened_on", self.opened_on)
        check_year(errors, "closed_on", self.closed_on)
        if self.opened_on and self.closed_on and self.closed_on < self.opened_on:
            errors["closed_on"] = _("A case cannot be closed before it is opened.")
        if errors:
            raise ValidationError(errors)


class WelfareHelp(GexinModel):
    """Help given in a welfare case: a visit, money, leave arranged, goods …"""

    case = models.ForeignKey(
        WelfareCase, verbose_name=_("welfare case"), on_delete=models.CASCADE, related_name="helps"
    )
    day = models.DateField(_("day"))
    kind = models.CharField(
        pgettext_lazy("of welfare help", "kind"), max_length=20, choices=WelfareHelpKind.choices
    )
    amount = money_field(
        _("amount"),
        null=True,
        blank=True,
        help_text=_("For money or goods: the sum or value, in the currency of the time."),
    )
    given_by = models.CharField(
        _("given by"),
        max_length=200,
        blank=True,
        help_text=_("e.g. the union group, the plant's union committee, the administration."),
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("Not for health details: they belong in the case's private field."),
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    scope_path_lookup = "case__person__unit_path"

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["case", "day", "pk"]
        verbose_name = _("welfare help")
        verbose_name_plural = _("welfare help")

    def __str__(self):
        return f"{self.kind_label} · {self.day.isoformat()}"

    def get_absolute_url(self):
        return self.case.get_absolute_url()

    @property
    def kind_label(self):
        return WelfareHelpKind(self.kind).label

    def clean(self):
        errors = {}
        check_year(errors, "day", self.day)
        if self.case_id and self.day and self.day < self.case.opened_on:
            errors["day"] = _("Help is given on or after the day the case was opened.")
        if errors:
            raise ValidationError(errors)


# Activities


class ActivityKind(models.TextChoices):
    NEWSPAPER_READING = "newspaper_reading", _("newspaper reading")
    DISCUSSION = "discussion", _("discussion")
    VISIT = "visit", pgettext_lazy("activity", "visit")
    OUTING = "outing", _("outing")
    CULTURE = "culture", _("culture")
    SPORT = "sport", _("sport")
    UNION_STUDY = "union_study", _("study of members' rights and duties")


class Activity(GexinModel):
    """A cultural or study activity of a group: reading the paper, a discussion of the
    affairs of the state, a visit, an outing, culture and sport, the study of members'
    rights and duties; with the people present (`attendance`)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.CharField(
        pgettext_lazy("of an activity", "kind"), max_length=20, choices=ActivityKind.choices
    )
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    organiser = models.ForeignKey(
        Person,
        verbose_name=_("organiser"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities_organised",
    )
    notes = models.TextField(_("notes"), blank=True)
    expected_count = models.PositiveIntegerField(
        _("people of the unit"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("How many people the attendance list offered when it was taken."),
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    scope_path_lookup = "unit__path"

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "unit__path", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["unit", "held_on"])]

    def __str__(self):
        return f"{self.title} · {self.held_on.isoformat()}"

    def get_absolute_url(self):
        return object_url("people:activity_detail", self.pk)

    @property
    def kind_label(self):
        return ActivityKind(self.kind).label

    @property
    def present(self):
        """How many were present (from the list's annotation when there is one)."""
        count = getattr(self, "present_count", None)
        return self.attendance.count() if count is None else count

    @property
    def attendance_rate(self):
        """Present ÷ the people the attendance list offered, in per cent (one decimal),
        or None before attendance is taken."""
        from decimal import ROUND_HALF_UP, Decimal

        if not self.expected_count:
            return None
        rate = Decimal(self.present * 100) / Decimal(self.expected_count)
        return rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def attendance_text(self):
        rate = self.attendance_rate
        if rate is None:
            return ""
        return f"{self.present}/{self.expected_count} · {rate}%"

    def clean(self):
        errors = {}
        check_year(errors, "held_on", self.held_on)
        if errors:
            raise ValidationError(errors)

    def eligible_people(self, people):
        """Of `people` (a queryset), those who may be marked present: of the unit's
        subtree, active and joined by the day (or already marked present)."""
        from gexin.core.permissions import under

        present = self.attendance.values("person_id")
        return (
            people.filter(under("unit_path", self.unit.path))
            .filter(
                Q(is_active=True, date_joined__isnull=True)
                | Q(is_active=True, date_joined__lte=self.held_on)
                | Q(pk__in=present)
            )
            .order_by("unit_path", "employee_number", "pk")
        )

    def take_attendance(self, offered, present):
        """Record who was present: `present` (people) out of `offered` (the people the
        list showed, all of the unit). Those of `offered` not present lose their mark;
        the rate is then present ÷ offered. One transaction, the activity locked."""
        from django.db import transaction

        offered_ids = {person.pk for person in offered}
        present_ids = {person.pk for person in present}
        if not present_ids <= offered_ids:
            raise ValidationError(_("Only the people of the list may be marked present."))
        with transaction.atomic():
            activity = Activity.objects.select_for_update().get(pk=self.pk)
            marked = {row.person_id: row for row in activity.attendance.all()}
            for person_id, row in marked.items():
                if person_id in offered_ids and person_id not in present_ids:
                    row.delete()
            for person_id in sorted(present_ids - set(marked)):
                ActivityAttendance.objects.create(activity=activity, person_id=person_id)
            activity.expected_count = len(offered_ids)
            activity.save()
        self.expected_count = activity.expected_count
        self.last_updated = activity.last_updated
        return len(present_ids)


class ActivityAttendance(GexinModel):
    """One person present at an activity (recorded on its attendance page)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="activity_attendance",
    )

    scope_path_lookup = "activity__unit__path"

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "person__name"]
        verbose_name = _("activity attendance")
        verbose_name_plural = _("activity attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "person"], name="people_activity_present_once"
            )
        ]

    def __str__(self):
        return f"{self.person} · {self.activity}"

    def get_absolute_url(self):
        return self.activity.get_absolute_url()
