"""Production meetings with their agenda and minutes, action items, and proposals.

Seed 000: a union group holds a short daily meeting and a weekly one; the agenda is
known a day or two ahead; the minutes are the basis for evaluation and awards; and a
proposal is solved in the group, passed up to the level that can solve it, or
explained back to its authors, never just dropped.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gexin.core.concurrency import lock
from gexin.core.models import GexinModel
from gexin.core.permissions import enclosing_paths, scope_filter, scope_paths
from gexin.core.querysets import RestrictedQuerySet
from gexin.core.urls import object_url
from gexin.meetings import signals
from gexin.meetings.choices import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    AttendanceStatus,
    DispositionKind,
    EntryKind,
    MeetingKind,
    MeetingStatus,
    ProposalKind,
    ProposalStatus,
)
from gexin.org.models import Person, Unit

MONEY = {"max_digits": 14, "decimal_places": 2}
FIGURE = {"max_digits": 18, "decimal_places": 3}


class MeetingQuerySet(RestrictedQuerySet):
    def restrict(self, user, action="view"):
        """As for every model; an exchange conference is also seen by its guest units'
        people (and by those above them)."""
        restricted = super().restrict(user, action)
        if action != "view":
            return restricted
        paths = scope_paths(user, "meetings.view_meeting")
        if not paths:
            return restricted
        from django.db import connections

        # A guest unit takes in everyone within it, and everyone above it sees it too.
        through = Meeting.guest_units.through
        enclosing = enclosing_paths(paths)
        guests = through.objects.filter(
            Q(unit__path__in=enclosing)
            | scope_filter(through, "unit__path", paths, connections[self.db].vendor)
        ).values("meeting_id")
        return self.filter(Q(pk__in=restricted.values("pk")) | Q(pk__in=guests))


class Meeting(GexinModel):
    """A meeting of a unit: its schedule and agenda, then its minutes.

    The agenda is published ahead (the members are notified); after the meeting the
    minutes are taken and signed off by the chair. A change after sign-off needs a
    reason, which the history keeps with who made it.
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.WEEKLY
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("The question the meeting is to settle."),
    )
    scheduled_at = models.DateTimeField(_("scheduled for"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    chair = models.ForeignKey(
        Person,
        verbose_name=_("chair"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chaired_meetings",
    )
    invitees = models.ManyToManyField(
        Person,
        verbose_name=_("invitees"),
        blank=True,
        related_name="meeting_invitations",
        help_text=_("People invited besides the unit's own members."),
    )
    guest_units = models.ManyToManyField(
        Unit,
        verbose_name=_("guest units"),
        blank=True,
        related_name="guest_meetings",
        help_text=_("Other units taking part, e.g. the plants at an exchange conference."),
    )
    status = models.CharField(
        pgettext_lazy("of a meeting", "status"),
        max_length=12,
        choices=MeetingStatus.choices,
        default=MeetingStatus.SCHEDULED,
    )
    agenda_published_at = models.DateTimeField(_("agenda published"), null=True, blank=True)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("The minutes' general account of the meeting.")
    )
    signed_off_at = models.DateTimeField(_("signed off"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    scope_path_lookup = "unit__path"

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-scheduled_at", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["unit", "scheduled_at"], name="meetings_unit_time")]

    def __str__(self):
        day = timezone.localtime(self.scheduled_at).date() if self.scheduled_at else ""
        return f"{self.unit.display_name} · {self.kind_label} · {day}"

    def get_absolute_url(self):
        return object_url("meetings:meeting_detail", self.pk)

    @property
    def kind_label(self):
        return MeetingKind(self.kind).label

    @property
    def status_label(self):
        return MeetingStatus(self.status).label

    @property
    def local_time(self):
        """When the meeting is, in the site's time zone."""
        return timezone.localtime(self.scheduled_at)

    @property
    def day(self):
        return self.local_time.date()

    @property
    def is_signed_off(self):
        return self.status == MeetingStatus.SIGNED_OFF

    @property
    def is_cancelled(self):
        return self.status == MeetingStatus.CANCELLED

    def previous(self):
        """The unit's last meeting of the same kind before this one (not cancelled), or None."""
        return (
            Meeting.objects.filter(
                unit_id=self.unit_id, kind=self.kind, scheduled_at__lt=self.scheduled_at
            )
            .exclude(status=MeetingStatus.CANCELLED)
            .order_by("-scheduled_at")
            .first()
        )

    def carried_action_items(self):
        """The unit's action items still open when this meeting was held.

        An item raised before this meeting and not closed before its day is carried
        forward here, however many meetings ago it was raised.
        """
        before = ActionItem.objects.filter(unit_id=self.unit_id).filter(
            Q(meeting__isnull=True, created__lt=self.scheduled_at)
            | Q(meeting__scheduled_at__lt=self.scheduled_at)
        )
        still_open = Q(status__in=OPEN_ACTION_STATUSES) | Q(closed_on__gte=self.day)
        return before.filter(still_open).select_related("owner", "meeting").order_by("due_on", "pk")

    def members(self):
        """Everyone expected: the active people of the unit's subtree and the invitees."""
        people = Person.objects.filter(unit__in=self.unit.subtree(), is_active=True)
        return (people | Person.objects.filter(pk__in=self.invitees.values("pk"))).distinct()

    # The workflow: each step checks the move, saves and sends `meeting_moved`.

    # Each step locks the meeting's row and reads it again before checking the move, so
    # two steps never both pass and a step never saves back fields changed meanwhile.

    @transaction.atomic
    def publish_agenda(self, by):
        """Publish the agenda: every member and invitee is told what will be settled."""
        lock(self)
        if self.status not in (MeetingStatus.SCHEDULED, MeetingStatus.PUBLISHED):
            raise ValidationError(_("Only a scheduled meeting's agenda can be published."))
        if not self.agenda_items.exists():
            raise ValidationError(_("Add at least one agenda item before publishing."))
        self.status = MeetingStatus.PUBLISHED
        self.agenda_published_at = timezone.now()
        self.save()
        signals.meeting_moved.send(Meeting, meeting=self, step="published", by=by)

    @transaction.atomic
    def mark_held(self, by):
        """The meeting took place: its minutes may now be taken."""
        lock(self)
        if self.status not in (MeetingStatus.SCHEDULED, MeetingStatus.PUBLISHED):
            raise ValidationError(_("Only a scheduled meeting can be marked as held."))
        self.status = MeetingStatus.HELD
        self.save()

    @transaction.atomic
    def sign_off(self, by):
        """The chair signs the minutes; changes afterwards need a reason."""
        lock(self)
        if self.status != MeetingStatus.HELD:
            raise ValidationError(_("Only the minutes of a held meeting can be signed off."))
        if not self.can_sign_off(by):
            raise ValidationError(_("Only the chair of the meeting may sign off its minutes."))
        if not self.attendances.exists():
            raise ValidationError(_("Record the attendance before signing off the minutes."))
        self.status = MeetingStatus.SIGNED_OFF
        self.signed_off_at = timezone.now()
        self.signed_off_by = by
        self.save()
        signals.meeting_moved.send(Meeting, meeting=self, step="signed_off", by=by)

    def can_sign_off(self, user):
        if self.chair_id is None:
            return False
        return user.is_superuser or self.chair.user_id == user.pk

    @transaction.atomic
    def cancel(self, by):
        lock(self)
        if self.status in (MeetingStatus.HELD, MeetingStatus.SIGNED_OFF):
            raise ValidationError(_("A meeting that has been held cannot be cancelled."))
        self.status = MeetingStatus.CANCELLED
        self.save()
        signals.meeting_moved.send(Meeting, meeting=self, step="cancelled", by=by)


class MeetingPart(GexinModel):
    """Base of the parts of a meeting: they live and are seen with their meeting."""

    scope_path_lookup = "meeting__unit__path"

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return self.meeting.get_absolute_url()


class AgendaItem(MeetingPart):
    """A question on the agenda, known ahead; after the meeting, what was said about it."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    title = models.CharField(_("item"), max_length=300)
    notes = models.TextField(
        _("preparation"), blank=True, help_text=_("What people should know or bring beforehand.")
    )
    presenter = models.ForeignKey(
        Person,
        verbose_name=_("presenter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    outcome = models.TextField(_("discussed"), blank=True)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.title


class Attendance(MeetingPart):
    """Whether a person was at the meeting; an absence carries its reason."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField(
        pgettext_lazy("at a meeting", "attendance"),
        max_length=10,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.PRESENT,
    )
    reason = models.CharField(_("reason for absence"), max_length=200, blank=True)

    class Meta:
        ordering = ["meeting", "person__name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="meetings_attend_once")
        ]

    def __str__(self):
        return f"{self.person.display_name} · {AttendanceStatus(self.status).label}"

    def clean(self):
        if self.status == AttendanceStatus.ABSENT and not self.reason.strip():
            raise ValidationError({"reason": _("Give the reason for the absence.")})


class MinuteEntry(MeetingPart):
    """One line of the minutes: a point discussed, a decision, praise or criticism."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="entries"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entries",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    text = models.TextField(_("text"))
    person = models.ForeignKey(
        Person,
        verbose_name=_("about"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who is praised or criticised, or who spoke."),
    )
    is_typical = models.BooleanField(
        _("typical case"), default=False, help_text=_("Put it on the blackboard as a typical case.")
    )

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("minutes entry")
        verbose_name_plural = _("minutes entries")

    def __str__(self):
        return f"{self.kind_label}: {self.text[:60]}"

    @property
    def kind_label(self):
        return EntryKind(self.kind).label


class ActionItem(GexinModel):
    """Something a meeting decided someone must do by a date; open ones carry forward."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="action_items"
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("raised at"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
    )
    text = models.CharField(_("action"), max_length=500)
    owner = models.ForeignKey(
        Person,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        pgettext_lazy("of an action item", "status"),
        max_length=12,
        choices=ActionStatus.choices,
        default=ActionStatus.OPEN,
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    outcome = models.TextField(_("outcome"), blank=True)

    scope_path_lookup = "unit__path"

    class Meta:
        ordering = ["status", "due_on", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [models.Index(fields=["unit", "status"], name="meetings_action_open")]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return object_url("meetings:actionitem_detail", self.pk)

    @property
    def status_label(self):
        return ActionStatus(self.status).label

    @property
    def is_open(self):
        return self.status in OPEN_ACTION_STATUSES

    def is_overdue(self, today=None):
        today = today or datetime.date.today()
        return self.is_open and self.due_on is not None and self.due_on < today

    def save(self, *args, **kwargs):
        if self.is_open:
            self.closed_on = None
        elif self.closed_on is None:
            self.closed_on = datetime.date.today()
        if self.meeting_id and not self.unit_id:
            self.unit_id = self.meeting.unit_id
        super().save(*args, **kwargs)


class ProposalDeadline(GexinModel):
    """How many days a unit has to dispose of a proposal it holds.

    A unit without its own deadline takes its nearest ancestor's, or
    GEXIN_PROPOSAL_DAYS.
    """

    unit = models.OneToOneField(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="proposal_deadline"
    )
    days = models.PositiveSmallIntegerField(
        _("days to dispose"),
        help_text=_("Days from receiving a proposal to its disposition."),
    )

    scope_path_lookup = "unit__path"

    class Meta:
        ordering = ["unit__path"]
        verbose_name = _("proposal deadline")
        verbose_name_plural = _("proposal deadlines")

    def __str__(self):
        return f"{self.unit.display_name} · {self.days}"

    def get_absolute_url(self):
        return object_url("meetings:proposaldeadline_detail", self.pk)

    def clean(self):
        if self.days is not None and not 1 <= self.days <= 365:
            raise ValidationError({"days": _("Between 1 and 365 days.")})

    @classmethod
    def days_for(cls, unit):
        """The unit's own deadline or its nearest ancestor's; the site default otherwise."""
        paths = [*unit.ancestor_paths(), unit.path]
        found = (
            cls.objects.filter(unit__path__in=paths)
            .order_by("-unit__depth")
            .values_list("days", flat=True)
            .first()
        )
        return found or settings.GEXIN_PROPOSAL_DAYS


class ProposalQuerySet(RestrictedQuerySet):
    def awaiting(self):
        return self.filter(status__in=(ProposalStatus.SUBMITTED, ProposalStatus.ESCALATED))

    def overdue(self, today=None):
        """Awaiting a disposition past the deadline of the unit that holds them."""
        return self.awaiting().filter(due_on__lt=today or datetime.date.today())


class Proposal(GexinModel):
    """A rationalisation proposal or an invention, from its submission to its award.

    Each unit that holds a proposal owes it exactly one disposition by its deadline:
    solved here, escalated to a named higher unit (which then owes its own), or not
    adopted with an explanation shown to the authors. An adopted proposal goes on to
    implementation, a measured benefit and an award. Moves happen only through the
    methods below, which check them against TRANSITIONS.
    """

    TRANSITIONS = {
        ProposalStatus.SUBMITTED: {
            ProposalStatus.ESCALATED,
            ProposalStatus.ADOPTED,
            ProposalStatus.NOT_ADOPTED,
        },
        ProposalStatus.ESCALATED: {
            ProposalStatus.ESCALATED,
            ProposalStatus.ADOPTED,
            ProposalStatus.NOT_ADOPTED,
        },
        ProposalStatus.ADOPTED: {ProposalStatus.IMPLEMENTED},
        ProposalStatus.IMPLEMENTED: {ProposalStatus.MEASURED},
        ProposalStatus.MEASURED: {ProposalStatus.AWARDED},
        ProposalStatus.NOT_ADOPTED: set(),
        ProposalStatus.AWARDED: set(),
    }

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="proposals",
        help_text=_("The unit the proposal comes from."),
    )
    holder = models.ForeignKey(
        Unit,
        verbose_name=_("held by"),
        on_delete=models.PROTECT,
        related_name="held_proposals",
        editable=False,
        help_text=_("The unit that owes the disposition or carries the proposal out."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=ProposalKind.choices,
        default=ProposalKind.RATIONALISATION,
    )
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("problem"))
    suggestion = models.TextField(_("what is proposed"))
    expected_benefit = models.CharField(_("expected benefit"), max_length=300, blank=True)
    expected_value = models.DecimalField(_("expected figure"), null=True, blank=True, **FIGURE)
    expected_unit = models.CharField(
        _("of"), max_length=50, blank=True, help_text=_("e.g. hours per job, yuan a year")
    )
    authors = models.ManyToManyField(Person, verbose_name=_("authors"), related_name="proposals")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("raised at"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    submitted_on = models.DateField(_("submitted on"), default=datetime.date.today)
    status = models.CharField(
        pgettext_lazy("of a proposal", "status"),
        max_length=12,
        choices=ProposalStatus.choices,
        default=ProposalStatus.SUBMITTED,
        editable=False,
    )
    due_on = models.DateField(_("disposition due"), null=True, blank=True, editable=False)
    implemented_on = models.DateField(_("implemented on"), null=True, blank=True, editable=False)
    implementation_note = models.TextField(_("how it was implemented"), blank=True, editable=False)
    benefit_before = models.DecimalField(
        _("figure before"), null=True, blank=True, editable=False, **FIGURE
    )
    benefit_after = models.DecimalField(
        _("figure after"), null=True, blank=True, editable=False, **FIGURE
    )
    benefit_unit = models.CharField(_("measured in"), max_length=50, blank=True, editable=False)
    annual_saving = models.DecimalField(
        _("saving a year (yuan)"), null=True, blank=True, editable=False, **MONEY
    )
    measured_on = models.DateField(_("measured on"), null=True, blank=True, editable=False)
    benefit_note = models.TextField(_("how it was measured"), blank=True, editable=False)
    award = models.CharField(_("award"), max_length=300, blank=True, editable=False)
    award_amount = models.DecimalField(
        _("award (yuan)"), null=True, blank=True, editable=False, **MONEY
    )
    awarded_on = models.DateField(_("awarded on"), null=True, blank=True, editable=False)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    scope_path_lookup = "unit__path"

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        permissions = [
            ("dispose_proposal", "Can dispose of a proposal held by the unit"),
            ("award_proposal", "Can award a proposal"),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="meetings_proposal_due"),
            models.Index(fields=["unit", "submitted_on"], name="meetings_proposal_unit"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return object_url("meetings:proposal_detail", self.pk)

    @property
    def kind_label(self):
        return ProposalKind(self.kind).label

    @property
    def status_label(self):
        return ProposalStatus(self.status).label

    @property
    def is_awaiting(self):
        return self.status in (ProposalStatus.SUBMITTED, ProposalStatus.ESCALATED)

    def is_overdue(self, today=None):
        return (
            self.is_awaiting
            and self.due_on is not None
            and self.due_on < (today or datetime.date.today())
        )

    @property
    def benefit_change(self):
        """After minus before, as measured."""
        if self.benefit_before is None or self.benefit_after is None:
            return None
        return self.benefit_after - self.benefit_before

    @property
    def benefit_percent(self):
        if self.benefit_before in (None, 0) or self.benefit_after is None:
            return None
        return (self.benefit_after - self.benefit_before) / self.benefit_before * 100

    def save(self, *args, **kwargs):
        if self.holder_id is None:
            self.holder_id = self.unit_id
        if self.due_on is None and self.is_awaiting:
            self.due_on = self.submitted_on + datetime.timedelta(
                days=ProposalDeadline.days_for(self.holder)
            )
        super().save(*args, **kwargs)

    # The workflow.

    def allows(self, status):
        return status in self.TRANSITIONS[ProposalStatus(self.status)]

    def _move(self, status, refusal):
        if not self.allows(status):
            raise ValidationError(refusal % {"status": self.status_label})

    def dispose(self, kind, note, by, *, to_unit=None, on=None):
        """The holder unit's one disposition: solved, escalated or not adopted, explained."""
        on = on or datetime.date.today()
        kind = DispositionKind(kind)
        target = {
            DispositionKind.SOLVED: ProposalStatus.ADOPTED,
            DispositionKind.ESCALATED: ProposalStatus.ESCALATED,
            DispositionKind.NOT_ADOPTED: ProposalStatus.NOT_ADOPTED,
        }[kind]
        self._move(
            target,
            _("This proposal is %(status)s; it has had its disposition."),
        )
        if not (note or "").strip():
            raise ValidationError(
                {
                    DispositionKind.SOLVED: _("Say what was done to solve it."),
                    DispositionKind.ESCALATED: _("Say why it is passed up."),
                    DispositionKind.NOT_ADOPTED: _("Explain to the authors why it is not adopted."),
                }[kind]
            )
        if on < self.submitted_on:
            raise ValidationError(_("A disposition cannot be dated before the submission."))
        if on > datetime.date.today():
            raise ValidationError(_("A disposition cannot be dated in the future."))
        if kind == DispositionKind.ESCALATED:
            if to_unit is None:
                raise ValidationError(_("Name the higher unit it is passed up to."))
            if to_unit.path not in self.holder.ancestor_paths():
                raise ValidationError(
                    _("A proposal can only be passed up to a unit above %(unit)s.")
                    % {"unit": self.holder}
                )
        with transaction.atomic():
            disposition = Disposition.objects.create(
                proposal=self,
                unit=self.holder,
                kind=kind,
                to_unit=to_unit if kind == DispositionKind.ESCALATED else None,
                note=note.strip(),
                decided_on=on,
                due_on=self.due_on,
                decided_by=by,
            )
            self.status = target
            if kind == DispositionKind.ESCALATED:
                self.holder = to_unit
                self.due_on = on + datetime.timedelta(days=ProposalDeadline.days_for(to_unit))
            self.save()
            signals.proposal_moved.send(Proposal, proposal=self, step=target, by=by)
        return disposition

    def record_implementation(self, on, note, by):
        self._move(
            ProposalStatus.IMPLEMENTED,
            _("Only an adopted proposal can be implemented; this one is %(status)s."),
        )
        if not (note or "").strip():
            raise ValidationError(_("Say how it was implemented."))
        if on > datetime.date.today():
            raise ValidationError(_("The implementation date cannot be in the future."))
        self.status = ProposalStatus.IMPLEMENTED
        self.implemented_on = on
        self.implementation_note = note.strip()
        with transaction.atomic():
            self.save()
            signals.proposal_moved.send(Proposal, proposal=self, step=self.status, by=by)

    def record_benefit(self, before, after, measured_in, by, *, saving=None, note="", on=None):
        """Before and after figures measured on the job, and the saving they make."""
        self._move(
            ProposalStatus.MEASURED,
            _("A benefit is measured after implementation; this proposal is %(status)s."),
        )
        if before is None or after is None:
            raise ValidationError(_("Give both the figure before and the figure after."))
        if before == after:
            raise ValidationError(_("The figures before and after are equal: there is no benefit."))
        if not (measured_in or "").strip():
            raise ValidationError(_("Say what the figures measure, e.g. hours per job."))
        on = on or datetime.date.today()
        if on > datetime.date.today():
            raise ValidationError(_("A benefit cannot be measured in the future."))
        if self.implemented_on and on < self.implemented_on:
            raise ValidationError(_("A benefit cannot be measured before the implementation."))
        self.status = ProposalStatus.MEASURED
        self.benefit_before = before
        self.benefit_after = after
        self.benefit_unit = measured_in.strip()
        self.annual_saving = saving
        self.benefit_note = (note or "").strip()
        self.measured_on = on
        with transaction.atomic():
            self.save()
            signals.proposal_moved.send(Proposal, proposal=self, step=self.status, by=by)

    def record_award(self, award, by, *, amount=None, on=None):
        self._move(
            ProposalStatus.AWARDED,
            _(
                "An award is given once the proposal is implemented and its benefit "
                "measured; this one is %(status)s."
            ),
        )
        if by is not None and self.authors.filter(user_id=by.pk).exists():
            # As with a competition's awards, nobody rewards themselves.
            raise ValidationError(
                _(
                    "An award is not recorded for your own proposal: someone who is not "
                    "one of its authors records it."
                )
            )
        if not (award or "").strip():
            raise ValidationError(_("Say what the award is."))
        if amount is not None and amount < 0:
            raise ValidationError(_("An award cannot be negative."))
        if on is not None and on > datetime.date.today():
            raise ValidationError(_("An award cannot be dated in the future."))
        self.status = ProposalStatus.AWARDED
        self.award = award.strip()
        self.award_amount = amount
        self.awarded_on = on or datetime.date.today()
        with transaction.atomic():
            self.save()
            signals.proposal_moved.send(Proposal, proposal=self, step=self.status, by=by)


class Disposition(GexinModel):
    """One unit's answer to a proposal it held, dated and checked against its deadline."""

    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="dispositions",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("disposition"), max_length=12, choices=DispositionKind.choices)
    to_unit = models.ForeignKey(
        Unit,
        verbose_name=_("passed up to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"))
    decided_on = models.DateField(_("decided on"))
    due_on = models.DateField(_("was due"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    scope_path_lookup = "proposal__unit__path"

    class Meta:
        ordering = ["proposal", "decided_on", "pk"]
        verbose_name = _("disposition")
        verbose_name_plural = _("dispositions")

    def __str__(self):
        return f"{self.unit.display_name} · {self.kind_label}"

    def get_absolute_url(self):
        return self.proposal.get_absolute_url()

    @property
    def kind_label(self):
        return DispositionKind(self.kind).label

    @property
    def is_on_time(self):
        return self.due_on is None or self.decided_on <= self.due_on
