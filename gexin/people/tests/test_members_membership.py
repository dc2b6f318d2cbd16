"""Membership events make sense in date order, and keep `is_union_member` in step."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gexin.org.tests.factories import PersonFactory
from gexin.people import membership
from gexin.people.models.members import MembershipEvent, MembershipKind
from gexin.people.tests.factories_members import event

pytestmark = pytest.mark.django_db

D = datetime.date
JOINED, LEFT = MembershipKind.JOINED, MembershipKind.LEFT
OUT, IN = MembershipKind.TRANSFERRED_OUT, MembershipKind.TRANSFERRED_IN


@pytest.fixture
def newcomer(world):
    return PersonFactory(unit=world.unit("plant-a-turning"), is_union_member=False)


def refused(person, kind, day, **extra):
    with pytest.raises(ValidationError) as error:
        event(person, kind, day, **extra)
    return " ".join(error.value.messages)


def test_joining_makes_a_member_and_leaving_unmakes_one(newcomer, world):
    recruiter = world.people["leader_a"]
    event(newcomer, JOINED, D(1953, 10, 1), recruited_by=recruiter)
    newcomer.refresh_from_db()
    assert newcomer.is_union_member
    event(newcomer, LEFT, D(1954, 6, 1))
    newcomer.refresh_from_db()
    assert not newcomer.is_union_member


def test_a_double_joining_is_refused(newcomer):
    event(newcomer, JOINED, D(1953, 10, 1))
    assert "already a member: they cannot be joined again" in refused(
        newcomer, JOINED, D(1953, 11, 1)
    )


def test_leaving_when_not_a_member_is_refused(newcomer):
    assert "is not a union member: there is nothing to be left" in refused(
        newcomer, LEFT, D(1953, 11, 1)
    )


def test_an_event_dated_before_the_joining_is_checked_in_date_order(newcomer):
    event(newcomer, JOINED, D(1953, 10, 1))
    # Leaving in September, before the October joining: not a member then.
    assert "On 1953-09-01" in refused(newcomer, LEFT, D(1953, 9, 1))
    assert "not a member yet" in refused(newcomer, OUT, D(1953, 9, 2), other_unit_text="Wuhan")


def test_a_transfer_out_and_back_in_keeps_the_flag_in_step(world):
    person = world.people["turner_a"]  # a member with no events
    event(person, OUT, D(1953, 8, 10), other_unit=world.unit("plant-b"))
    person.refresh_from_db()
    assert not person.is_union_member
    assert "already a member" not in " ".join(
        membership.problems(person, list(person.membership_events.all()))
    )
    event(person, IN, D(1953, 10, 5), other_unit=world.unit("plant-b"))
    person.refresh_from_db()
    assert person.is_union_member
    periods = membership.periods(person, list(person.membership_events.all()))
    assert periods == [
        membership.Period(None, D(1953, 8, 10)),
        membership.Period(D(1953, 10, 5), None),
    ]


def test_a_member_without_events_counts_from_the_date_joined(world):
    person = PersonFactory(unit=world.unit("plant-a-turning"), date_joined=D(1951, 3, 1))
    assert membership.periods(person, []) == [membership.Period(D(1951, 3, 1), None)]
    assert not membership.member_on(person, [], D(1951, 2, 28))
    assert membership.member_on(person, [], D(1951, 3, 1))


def test_leaving_before_the_date_joined_is_refused(world):
    person = PersonFactory(unit=world.unit("plant-a-turning"), date_joined=D(1951, 3, 1))
    assert "joined on 1951-03-01, after the" in refused(person, LEFT, D(1950, 1, 1))


def test_two_events_on_one_day_are_refused(newcomer):
    event(newcomer, JOINED, D(1953, 10, 1))
    assert "already has a membership event on 1953-10-01" in refused(newcomer, LEFT, D(1953, 10, 1))


def test_only_a_transfer_names_the_other_unit_and_only_a_joining_a_recruiter(newcomer, world):
    assert "Only a transfer" in refused(newcomer, JOINED, D(1953, 10, 1), other_unit_text="Wuhan")
    assert "Only a joining has a recruiter" in refused(
        world.people["turner_a"], LEFT, D(1953, 10, 1), recruited_by=world.people["leader_a"]
    )


def test_an_event_ahead_of_its_day_is_refused(newcomer):
    assert "ahead of its day" in refused(
        newcomer, JOINED, datetime.date.today() + datetime.timedelta(days=1)
    )


def test_removing_an_event_that_others_rest_on_is_refused(newcomer):
    joined = event(newcomer, JOINED, D(1953, 10, 1))
    event(newcomer, LEFT, D(1954, 1, 1))
    event(newcomer, JOINED, D(1954, 6, 1))
    # Without the leaving, two joinings would follow each other.
    left = MembershipEvent.objects.get(person=newcomer, kind=LEFT)
    with pytest.raises(ValidationError) as error:
        membership.remove(left)
    assert "already a member" in " ".join(error.value.messages)
    assert MembershipEvent.objects.filter(pk=left.pk).exists()
    membership.remove(MembershipEvent.objects.get(person=newcomer, day=D(1954, 6, 1)))
    # Without the first joining, the leaving would end a membership never begun.
    with pytest.raises(ValidationError) as error:
        membership.remove(joined)
    assert "without having been a member" in " ".join(error.value.messages)
    membership.remove(left)
    membership.remove(joined)
    newcomer.refresh_from_db()
    assert not newcomer.is_union_member  # as before the removed joining
