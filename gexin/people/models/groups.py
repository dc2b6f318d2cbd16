"""Models of the groups area: technical mutual-aid, study and research groups, their
members, sessions and solved problems, and demonstrations by advanced workers.

Seed 000: "组织互助、研究等性质小组，组织先进工作者表演介绍经验". The Huaxin turning group
split its sixteen lathes into two technical mutual-aid groups so that masters had a
clear duty to teach and apprentices someone to rely on; the groups solved the problems
that came up in production, and what they found was spread at the weekend meeting.

Rules (checked in `clean()`, and by the services in `gexin.people.groups`):
- a group's leader and members are people of the group's unit subtree, and the leader
  is a current member;
- a membership runs from `joined_on` up to (not including) `left_on`; a person is in at
  most one technical mutual-aid group of a unit at a time (study and research groups
  are not limited);
- a session's attendance and a solved problem's solvers are members on that day;
- a solved problem's proposal or key issue, and a demonstration's meeting or written-up
  experience, belong to the unit's line: the unit itself, a unit above it or one below.

The people app owns every link to meetings, innovation and exchange: those apps do not
know about groups.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gexin.core.models import GexinModel
from gexin.core.querysets import RestrictedQuerySet
from gexin.core.urls import object_url
from gexin.org.models import BilingualName, Person, Unit

__all__ = [
    "Demonstration",
    "SolvedProblem",
    "StudyGroup",
    "StudyGroupKind",
    "StudyGroupMember",
    "StudyGroupRole",
    "StudySession",
]


class StudyGroupKind(models.TextChoices):
    MUTUAL_AID = "mutual_aid", _("technical mutual-aid group")
    STUDY = "study", _("study group")
    RESEARCH = "research", _("technical research group")


class StudyGroupRole(models.TextChoices):
    MASTER = "master", _("master")
    LEARNER = "learner", _("learner")
    MEMBER = "member", pgettext_lazy("role in a group", "member")


def on_line(path, other_path):
    """True when `other_path` is the unit at `path`, above it or below it."""
    return other_path.startswith(path) or path.startswith(other_path)


def within(unit, person):
    """True when the person's home unit lies in the unit's subtree."""
    return (person.unit_path or person.unit.path).startswith(unit.path)


def check_year(errors, name, day):
    if day is not None and not 1900 <= day.year <= 2199:
        errors[name] = _("Give a date between 1900 and 2199.")


class StudyGroupQuerySet(RestrictedQuerySet):
    def active(self, on=None):
        """Groups formed by `on` (default today) and not dissolved by then."""
        on = on or datetime.date.today()
        return self.filter(formed_on__lte=on).filter(
            Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on)
        )


class StudyGroup(BilingualName, GexinModel):
    """A technical mutual-aid group (技术互助组), study group (学习小组) or technical
    research group (技术研究小组) of a unit: its leader, what it works on and when it
    meets, from its forming to its dissolution."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="study_groups"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=StudyGroupKind.choices, default=StudyGroupKind.MUTUAL_AID
    )
    leader = models.ForeignKey(
        Person,
        verbose_name=_("leader"),
        on_delete=models.PROTECT,
        related_name="led_study_groups",
        help_text=_("A person of the unit; a member of the group while leading it."),
    )
    focus = models.TextField(
        _("what it works on"),
        blank=True,
        help_text=_(
            "e.g. solve the problems arising in production; raise the young workers' skill."
        ),
    )
    meets = models.CharField(
        _("shift and meeting time"),
        max_length=200,
        blank=True,
        help_text=_("e.g. long-day and early shift; after the shift on Tuesdays."),
    )
    formed_on = models.DateField(_("formed on"))
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    objects = StudyGroupQuerySet.as_manager()

    class Meta:
        ordering = ["unit__path", "kind", "name", "pk"]
        verbose_name = _("mutual-aid or study group")
        verbose_name_plural = _("mutual-aid and study groups")
        indexes = [models.Index(fields=["unit", "kind"], name="people_studygroup_unit_kind")]

    def get_absolute_url(self):
        return object_url("people:studygroup_detail", self.pk)

    @property
    def kind_label(self):
        return StudyGroupKind(self.kind).label

    def is_active_on(self, day):
        return self.formed_on <= day and (self.dissolved_on is None or day < self.dissolved_on)

    @property
    def is_active(self):
        return self.is_active_on(datetime.date.today())

    def clean(self):
        errors = {}
        check_year(errors, "formed_on", self.formed_on)
        check_year(errors, "dissolved_on", self.dissolved_on)
        if self.formed_on and self.dissolved_on and self.dissolved_on < self.formed_on:
            errors["dissolved_on"] = _("A group cannot be dissolved before it is formed.")
        if self.unit_id and self.leader_id and not within(self.unit, self.leader):
            errors["leader"] = _("The leader must be a person of the group's unit or below it.")
        if errors:
            raise ValidationError(errors)
        if self.pk:
            self.clean_against_members()
        elif self.leader_id and self.formed_on:
            # A new group's leader becomes its first member from the day it is formed.
            first = StudyGroupMember(group=self, person=self.leader, joined_on=self.formed_on)
            clash = first.mutual_aid_clash(kind=self.kind, unit=self.unit)
            if clash is not None:
                raise ValidationError(
                    {
                        "leader": _(
                            "%(name)s is at the same time in the mutual-aid group "
                            "%(group)s of this unit."
                        )
                        % {"name": self.leader.display_name, "group": clash.group}
                    }
                )

    def clean_against_members(self):
        """A changed unit, kind or lifetime must still hold the members it has."""
        memberships = list(self.memberships.select_related("person__unit"))
        outside = [m.person.display_name for m in memberships if not within(self.unit, m.person)]
        if outside:
            raise ValidationError(
                {
                    "unit": _("These members are not people of this unit: %(names)s.")
                    % {"names": ", ".join(outside)}
                }
            )
        if any(m.joined_on < self.formed_on for m in memberships):
            raise ValidationError(
                {"formed_on": _("Some members joined before this date; change their dates first.")}
            )
        if self.dissolved_on and any(m.joined_on >= self.dissolved_on for m in memberships):
            raise ValidationError({"dissolved_on": _("Some members joined on or after this date.")})
        held = list(self.sessions.values_list("held_on", flat=True))
        if any(day < self.formed_on for day in held):
            raise ValidationError({"formed_on": _("The group held sessions before this date.")})
        if self.dissolved_on and any(day >= self.dissolved_on for day in held):
            raise ValidationError(
                {"dissolved_on": _("The group held sessions on or after this date.")}
            )
        leader_stays = any(
            m.person_id == self.leader_id
            and (m.left_on is None or (self.dissolved_on and m.left_on >= self.dissolved_on))
            for m in memberships
        )
        if not leader_stays:
            raise ValidationError(
                {
                    "leader": _("Make %(name)s a member of the group first, then its leader.")
                    % {"name": self.leader.display_name}
                }
            )
        if self.kind == StudyGroupKind.MUTUAL_AID:
            for membership in memberships:
                clash = membership.mutual_aid_clash(kind=self.kind, unit=self.unit)
                if clash is not None:
                    raise ValidationError(
                        {
                            "kind": _(
                                "%(name)s is at the same time in the mutual-aid group "
                                "%(group)s of this unit."
                            )
                            % {"name": membership.person.display_name, "group": clash.group}
                        }
                    )


class StudyGroupMember(GexinModel):
    """A person's membership of a group, as master, learner or member, from the day
    they joined up to the day they left (open while `left_on` is empty)."""

    group = models.ForeignKey(
        StudyGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="study_group_memberships",
    )
    role = models.CharField(
        _("role in the group"),
        max_length=10,
        choices=StudyGroupRole.choices,
        default=StudyGroupRole.MEMBER,
        help_text=_("Masters teach; learners have a master to rely on."),
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(
        _("left on"), null=True, blank=True, help_text=_("Empty while the person is a member.")
    )

    scope_path_lookup = "group__unit__path"

    class Meta:
        ordering = ["group", "left_on", "role", "person__name", "pk"]
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        indexes = [models.Index(fields=["person", "left_on"], name="people_groupmember_person")]

    def __str__(self):
        return f"{self.person.display_name} · {self.group}"

    def get_absolute_url(self):
        return self.group.get_absolute_url() + "#members"

    @property
    def role_label(self):
        return StudyGroupRole(self.role).label

    def is_member_on(self, day):
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)

    @property
    def is_current(self):
        return self.left_on is None

    def overlapping(self, queryset):
        """The memberships of `queryset` whose period overlaps this one's."""
        found = queryset.filter(person_id=self.person_id).exclude(pk=self.pk)
        if self.left_on is not None:
            found = found.filter(joined_on__lt=self.left_on)
        return found.filter(Q(left_on__isnull=True) | Q(left_on__gt=self.joined_on))

    def mutual_aid_clash(self, kind=None, unit=None):
        """Another mutual-aid group of the same unit the person is in at the same time."""
        kind = kind or self.group.kind
        unit = unit or self.group.unit
        if kind != StudyGroupKind.MUTUAL_AID:
            return None
        others = StudyGroupMember.objects.filter(
            group__unit=unit, group__kind=StudyGroupKind.MUTUAL_AID
        ).exclude(group_id=self.group_id)
        return self.overlapping(others).select_related("group").first()

    def clean(self):
        errors = {}
        check_year(errors, "joined_on", self.joined_on)
        check_year(errors, "left_on", self.left_on)
        if errors:
            raise ValidationError(errors)
        if not (self.group_id and self.person_id and self.joined_on):
            return
        group = self.group
        if not within(group.unit, self.person):
            errors["person"] = _("Members must be people of the group's unit or below it.")
        if self.joined_on < group.formed_on:
            errors["joined_on"] = _("The group was formed on %(day)s; nobody joined before.") % {
                "day": group.formed_on.isoformat()
            }
        if group.dissolved_on and self.joined_on >= group.dissolved_on:
            errors["joined_on"] = _("The group was dissolved on %(day)s.") % {
                "day": group.dissolved_on.isoformat()
            }
        if self.left_on is not None and self.left_on < self.joined_on:
            errors["left_on"] = _("One cannot leave a group before joining it.")
        if group.dissolved_on and (self.left_on is None or self.left_on > group.dissolved_on):
            errors["left_on"] = _(
                "The group was dissolved on %(day)s; give that day or earlier."
            ) % {"day": group.dissolved_on.isoformat()}
        if errors:
            raise ValidationError(errors)
        if self.overlapping(StudyGroupMember.objects.filter(group_id=self.group_id)).exists():
            raise ValidationError(
                {"person": _("This person is already a member of the group at that time.")}
            )
        clash = self.mutual_aid_clash()
        if clash is not None:
            raise ValidationError(
                {
                    "person": _(
                        "A person is in one technical mutual-aid group of a unit at a time: "
                        "%(name)s is in %(group)s then."
                    )
                    % {"name": self.person.display_name, "group": clash.group}
                }
            )
        if (
            self.pk
            and group.leader_id == self.person_id
            and self.left_on is not None
            and not group.dissolved_on
        ):
            raise ValidationError(
                {"left_on": _("The leader stays a member: choose another leader first.")}
            )


class GroupPart(GexinModel):
    """Something of a group, seen and kept within the group's unit's scope."""

    scope_path_lookup = "group__unit__path"

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return self.group.get_absolute_url()


class StudySession(GroupPart):
    """A session the group held (学习、互助活动): the topic, notes, and the members
    present."""

    group = models.ForeignKey(
        StudyGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="sessions"
    )
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    attendees = models.ManyToManyField(
        Person, verbose_name=_("present"), blank=True, related_name="study_sessions"
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("group session")
        verbose_name_plural = _("group sessions")

    def __str__(self):
        return f"{self.held_on.isoformat()} · {self.topic}"

    def get_absolute_url(self):
        return self.group.get_absolute_url() + f"#session-{self.pk}"

    def clean(self):
        errors = {}
        check_year(errors, "held_on", self.held_on)
        if errors:
            raise ValidationError(errors)
        if self.group_id and self.held_on and not self.group.is_active_on(self.held_on):
            raise ValidationError(
                {"held_on": _("The group did not exist on that day (formed, or dissolved).")}
            )


class SolvedProblem(GroupPart):
    """A technical problem the group solved, with what it came to, who solved it, and
    the proposal or key issue it answers."""

    group = models.ForeignKey(
        StudyGroup,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="solved_problems",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    solved_on = models.DateField(_("solved on"))
    result = models.CharField(
        _("result"),
        max_length=300,
        blank=True,
        help_text=_("e.g. 100 pipes in 7.5 h instead of 12 h."),
    )
    proposal = models.ForeignKey(
        "meetings.Proposal",
        verbose_name=_("proposal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="solved_problems",
        help_text=_("The proposal it answers or grew into: of the group's unit, above or below."),
    )
    key_issue = models.ForeignKey(
        "innovation.KeyIssue",
        verbose_name=_("key issue"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="solved_problems",
        help_text=_("The key issue it attacks: of the group's unit, above or below."),
    )
    solved_by = models.ManyToManyField(
        Person, verbose_name=_("solved by"), blank=True, related_name="solved_problems"
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["-solved_on", "-pk"]
        verbose_name = _("solved problem")
        verbose_name_plural = _("solved problems")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return object_url("people:solvedproblem_detail", self.pk)

    def clean(self):
        errors = {}
        check_year(errors, "solved_on", self.solved_on)
        if errors:
            raise ValidationError(errors)
        if not self.group_id:
            return
        group = self.group
        if self.solved_on and self.solved_on < group.formed_on:
            errors["solved_on"] = _("The group was formed on %(day)s.") % {
                "day": group.formed_on.isoformat()
            }
        path = group.unit.path
        if self.proposal_id and not on_line(path, self.proposal.unit.path):
            errors["proposal"] = _(
                "Link a proposal of the group's unit, of a unit above it or of one below it."
            )
        if self.key_issue_id and not on_line(path, self.key_issue.unit.path):
            errors["key_issue"] = _(
                "Link a key issue of the group's unit, of a unit above it or of one below it."
            )
        if errors:
            raise ValidationError(errors)


class Demonstration(GexinModel):
    """A demonstration by an advanced worker (先进工作者表演介绍经验): who showed which
    method, when and where, who watched, and the experience written up from it.

    The attendees are people of the unit's subtree; the demonstrator may come from
    elsewhere (an advanced worker invited from another group or plant)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="demonstrations"
    )
    demonstrator = models.ForeignKey(
        Person,
        verbose_name=_("demonstrator"),
        on_delete=models.PROTECT,
        related_name="demonstrations_given",
    )
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=200)
    method = models.TextField(_("method shown"), blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("at the meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="demonstrations",
        help_text=_("The meeting it was given at, e.g. the weekend meeting."),
    )
    experience = models.ForeignKey(
        "exchange.Experience",
        verbose_name=_("written up as"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="demonstrations",
        help_text=_("The advanced experience written up from it, if any."),
    )
    attendees = models.ManyToManyField(
        Person, verbose_name=_("attendees"), blank=True, related_name="demonstrations_attended"
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("demonstration")
        verbose_name_plural = _("demonstrations")
        indexes = [models.Index(fields=["unit", "held_on"], name="people_demonstration_day")]

    def __str__(self):
        return f"{self.topic} · {self.demonstrator.display_name}"

    def get_absolute_url(self):
        return object_url("people:demonstration_detail", self.pk)

    def clean(self):
        errors = {}
        check_year(errors, "held_on", self.held_on)
        if errors:
            raise ValidationError(errors)
        if not self.unit_id:
            return
        path = self.unit.path
        if self.meeting_id:
            meeting = self.meeting
            if not on_line(path, meeting.unit.path):
                errors["meeting"] = _(
                    "Choose a meeting of the unit, of a unit above it or of one below it."
                )
            elif self.held_on and meeting.day != self.held_on:
                errors["meeting"] = _("That meeting was held on %(day)s.") % {
                    "day": meeting.day.isoformat()
                }
        if self.experience_id and not on_line(path, self.experience.unit.path):
            errors["experience"] = _(
                "Choose an experience of the unit, of a unit above it or of one below it."
            )
        if errors:
            raise ValidationError(errors)
