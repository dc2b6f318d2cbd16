"""Work on study groups that spans several rows: forming a group with its leader as a
member, adding and ending memberships, recording a session's attendance, a solved
problem's solvers and a demonstration's attendees, and the figures the pages show.

Every change runs in a transaction that first locks the group's row, so two people
adding the same worker to the two mutual-aid groups at once cannot both succeed.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from gexin.org.models import Person
from gexin.people.models.groups import (
    StudyGroup,
    StudyGroupMember,
    StudyGroupRole,
    within,
)


def lock(group):
    """The group's row, locked until the transaction ends."""
    return StudyGroup.objects.select_for_update().get(pk=group.pk)


@transaction.atomic
def save_group(group, leader_role=StudyGroupRole.MEMBER):
    """Save a group. A new group's leader becomes its first member (from the day it was
    formed); dissolving a group ends the memberships still open on that day."""
    is_new = group.pk is None
    if not is_new:
        lock(group)
    group.full_clean()
    group.save()
    if is_new:
        member = StudyGroupMember(
            group=group, person=group.leader, role=leader_role, joined_on=group.formed_on
        )
        member.full_clean()
        member.save()
    elif group.dissolved_on:
        still_open = Q(left_on__isnull=True) | Q(left_on__gt=group.dissolved_on)
        for member in group.memberships.filter(still_open):
            member.left_on = group.dissolved_on
            member.save()
    return group


@transaction.atomic
def save_member(member):
    """Add or change a membership under the group's lock (see StudyGroupMember.clean)."""
    lock(member.group)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def end_membership(member, on):
    """End an open membership on `on` (the first day the person is no longer a member)."""
    lock(member.group)
    member = StudyGroupMember.objects.select_for_update().get(pk=member.pk)
    if member.left_on is not None:
        raise ValidationError(_("This membership has already ended."))
    member.left_on = on
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def delete_member(member):
    """Remove a membership entered by mistake; a membership with a record stays (end it)."""
    group = lock(member.group)
    if group.leader_id == member.person_id:
        raise ValidationError(_("The leader's membership stays: choose another leader first."))
    days = [
        day
        for day in group.sessions.filter(attendees=member.person_id).values_list(
            "held_on", flat=True
        )
        if member.is_member_on(day)
    ] + [
        day
        for day in group.solved_problems.filter(solved_by=member.person_id).values_list(
            "solved_on", flat=True
        )
        if member.is_member_on(day)
    ]
    if days:
        raise ValidationError(
            _("%(name)s took part in the group's work; end the membership instead.")
            % {"name": member.person.display_name}
        )
    member.delete()


def members_on(group, day, memberships=None):
    """The group's memberships current on `day` (from `memberships` if given, e.g. a
    prefetched list)."""
    rows = memberships if memberships is not None else group.memberships.select_related("person")
    return [m for m in rows if m.is_member_on(day)]


def check_members(group, day, people, field):
    """Raise unless every one of `people` is a member of the group on `day`."""
    if day is None:
        return
    current = {m.person_id for m in members_on(group, day)}
    strangers = [p.display_name for p in people if p.pk not in current]
    if strangers:
        raise ValidationError(
            {
                field: _("Not members of the group on %(day)s: %(names)s.")
                % {"day": day.isoformat(), "names": ", ".join(strangers)}
            }
        )


@transaction.atomic
def save_session(session, attendees):
    """Save a session and the members present at it."""
    lock(session.group)
    session.full_clean()
    check_members(session.group, session.held_on, attendees, "attendees")
    session.save()
    session.attendees.set(attendees)
    return session


@transaction.atomic
def save_solved_problem(problem, solvers):
    """Save a solved problem and the members who solved it."""
    lock(problem.group)
    problem.full_clean()
    check_members(problem.group, problem.solved_on, solvers, "solved_by")
    problem.save()
    problem.solved_by.set(solvers)
    return problem


def check_attendees(unit, people):
    """Raise unless every attendee is a person of the unit's subtree."""
    outside = [p.display_name for p in people if not within(unit, p)]
    if outside:
        raise ValidationError(
            {
                "attendees": _("Not people of %(unit)s: %(names)s.")
                % {"unit": unit.display_name, "names": ", ".join(outside)}
            }
        )


@transaction.atomic
def save_demonstration(demonstration, attendees):
    """Save a demonstration and who watched it."""
    demonstration.full_clean()
    check_attendees(demonstration.unit, attendees)
    demonstration.save()
    demonstration.attendees.set(attendees)
    return demonstration


def attendance(session, memberships):
    """(present, expected, rate in whole per cent or None) of a session, from the
    group's memberships and the session's attendees (both prefetched)."""
    expected = {m.person_id for m in members_on(session.group, session.held_on, memberships)}
    present = {p.pk for p in session.attendees.all()}
    rate = round(100 * len(present & expected) / len(expected)) if expected else None
    return len(present), len(expected), rate


def people_ever_in(group):
    """Everyone who has been a member of the group, current members first."""
    ids = group.memberships.values("person_id")
    return Person.objects.filter(pk__in=ids).select_related("unit").order_by("employee_number")
