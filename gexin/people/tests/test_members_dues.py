"""Dues arrears across months: a rate changed mid-year, a transfer out and back, partial
payments in parts, a year boundary; exact to the fen, on SQLite and PostgreSQL alike
(nothing here depends on the database: the sums are made in Python)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gexin.org.tests.factories import PersonFactory
from gexin.people import dues
from gexin.people.models.members import DuesPayment, MembershipKind
from gexin.people.tests.factories_members import event, pay, rate

pytestmark = pytest.mark.django_db

D = datetime.date


def M(year, month):
    return D(year, month, 1)


@pytest.fixture
def turner(world):
    """Joined in November 1952, rate 4000 from December, 5000 from July 1953;
    transferred out on 10 August 1953 and back on 5 October 1953."""
    person = world.people["turner_a"]
    event(person, MembershipKind.JOINED, D(1952, 11, 15))
    event(person, MembershipKind.TRANSFERRED_OUT, D(1953, 8, 10), other_unit_text="Wuhan")
    event(person, MembershipKind.TRANSFERRED_IN, D(1953, 10, 5), other_unit_text="Wuhan")
    rate(person, M(1952, 12), "4000.00")
    rate(person, M(1953, 7), "5000.00")
    pay(person, M(1952, 12), "4000.00")
    pay(person, M(1953, 1), "2500.00")  # January in two parts
    pay(person, M(1953, 1), "1500.00")
    pay(person, M(1953, 2), "1000.00")  # February partly
    for month in (3, 5, 6):  # April not at all
        pay(person, M(1953, month), "4000.00")
    pay(person, M(1953, 7), "5000.00")
    pay(person, M(1953, 10), "5000.00")
    pay(person, M(1953, 11), "2000.00")  # November partly, December not at all
    pay(person, M(1954, 1), "5000.00")
    return person


def figures(person, through, since=None):
    return dues.arrears([person], through, since_month=since)[person.pk]


def test_arrears_follow_the_rates_the_transfer_and_the_partial_payments(turner):
    found = figures(turner, M(1954, 1))
    owed = {row.month: row.owed for row in found.months if row.in_arrears}
    assert owed == {
        M(1953, 2): Decimal("3000.00"),
        M(1953, 4): Decimal("4000.00"),
        M(1953, 8): Decimal("5000.00"),  # a member on 1-9 August: due in full here
        M(1953, 11): Decimal("3000.00"),
        M(1953, 12): Decimal("5000.00"),
    }
    assert found.arrears == Decimal("20000.00")
    assert found.due == Decimal("58000.00")
    assert found.paid == Decimal("38000.00")
    assert found.months_in_arrears == sorted(owed)


def test_a_month_away_on_transfer_is_not_due_and_the_rate_changes_in_july(turner):
    found = figures(turner, M(1953, 12))
    months = [row.month for row in found.months]
    assert M(1953, 9) not in months  # transferred out all September
    assert M(1952, 11) not in months  # a member, but before the first rate
    assert months[0] == M(1952, 12)
    assert found.by_month[M(1953, 6)].due == Decimal("4000.00")
    assert found.by_month[M(1953, 7)].due == Decimal("5000.00")


def test_the_year_boundary_splits_the_figures_exactly(turner):
    through_1953 = figures(turner, M(1953, 12))
    year_1954 = figures(turner, M(1954, 1), since=M(1954, 1))
    year_1953 = figures(turner, M(1953, 12), since=M(1953, 1))
    assert through_1953.arrears == Decimal("20000.00")
    assert len(through_1953.months_in_arrears) == 5
    assert [row.month for row in year_1954.months] == [M(1954, 1)]
    assert year_1954.arrears == Decimal("0.00")
    # December 1952 was paid in full: the 1953 figures hold all of the arrears.
    assert year_1953.arrears == through_1953.arrears
    assert year_1953.due + Decimal("4000.00") == through_1953.due


def test_sums_are_exact_to_the_fen(world):
    person = world.people["turner_a"]
    rate(person, M(1953, 1), "0.10")
    for month in (1, 2, 3):
        pay(person, M(1953, month), "0.10")
    rate(person, M(1953, 4), "1000.10")
    pay(person, M(1953, 4), "333.37")
    pay(person, M(1953, 4), "333.37")
    found = figures(person, M(1953, 4))
    assert found.paid == Decimal("667.04")
    assert found.due == Decimal("1000.40")
    assert found.arrears == Decimal("333.36")
    assert str(found.arrears) == "333.36"


def test_a_payment_for_a_month_before_membership_is_refused(turner):
    with pytest.raises(ValidationError) as refused:
        pay(turner, M(1952, 10), "4000.00")
    assert "was not a union member in 1952-10" in str(refused.value)


def test_a_payment_for_a_month_away_on_transfer_is_refused(turner):
    with pytest.raises(ValidationError) as refused:
        pay(turner, M(1953, 9), "5000.00")
    assert "not a union member in 1953-09" in str(refused.value)


def test_a_payment_for_a_month_without_a_rate_is_refused(turner):
    with pytest.raises(ValidationError) as refused:
        pay(turner, M(1952, 11), "4000.00")
    assert "no dues rate in force in 1952-11" in str(refused.value)


def test_a_payment_beyond_what_is_owed_is_refused_and_does_not_pay_another_month(turner):
    with pytest.raises(ValidationError) as refused:
        pay(turner, M(1953, 2), "3500.00")
    assert "at most 3000.00 more" in str(refused.value)
    assert figures(turner, M(1953, 12)).arrears == Decimal("20000.00")
    pay(turner, M(1953, 2), "3000.00")
    assert figures(turner, M(1953, 12)).arrears == Decimal("17000.00")


def test_an_overpaid_month_stays_overpaid_when_a_rate_is_lowered(turner):
    # Lowering April's and later rates leaves March (already paid 4000) as it was, but
    # June's 4000 now overpays a 3000 rate: the excess shows on June and pays nothing else.
    rate(turner, M(1953, 6), "3000.00")
    found = figures(turner, M(1953, 6))
    assert found.by_month[M(1953, 6)].overpaid == Decimal("1000.00")
    assert found.by_month[M(1953, 6)].owed == Decimal("0.00")
    assert found.by_month[M(1953, 4)].owed == Decimal("4000.00")
    assert found.arrears == Decimal("7000.00")  # February 3000 + April 4000
    assert found.overpaid == Decimal("1000.00")


def test_editing_a_payment_is_checked_without_counting_itself(turner):
    payment = DuesPayment.objects.get(person=turner, month=M(1953, 2))
    payment.amount = Decimal("4000.00")
    dues.record_payment(payment)  # 4000 due, 4000 paid: allowed
    payment.amount = Decimal("4000.01")
    with pytest.raises(ValidationError):
        dues.record_payment(payment)


def test_a_member_with_no_events_owes_from_their_first_rate(world):
    person = world.people["turner_a"]  # a member, no events, no date joined
    rate(person, M(1953, 11), "3000.00")
    found = figures(person, M(1954, 2))
    assert [row.month for row in found.months] == [M(1953, 11), M(1953, 12), M(1954, 1), M(1954, 2)]
    assert found.arrears == Decimal("12000.00")


def test_a_person_who_is_not_a_member_owes_nothing(world):
    person = PersonFactory(unit=world.unit("plant-a-turning"), is_union_member=False)
    rate(person, M(1953, 1), "3000.00")
    assert figures(person, M(1953, 12)).months == []


def test_leaving_ends_the_dues_from_the_month_after(world):
    person = world.people["turner_a"]
    event(person, MembershipKind.JOINED, D(1953, 1, 1))
    event(person, MembershipKind.LEFT, D(1953, 4, 1))  # not a member any day of April
    rate(person, M(1953, 1), "3000.00")
    found = figures(person, M(1953, 12))
    assert [row.month for row in found.months] == [M(1953, 1), M(1953, 2), M(1953, 3)]


def test_many_people_cost_the_same_few_queries(world, django_assert_num_queries):
    unit = world.unit("plant-a-turning")
    people = [PersonFactory(unit=unit) for _ in range(12)]
    for person in people:
        rate(person, M(1953, 1), "1000.00")
        pay(person, M(1953, 1), "1000.00")
    with django_assert_num_queries(3):
        one = dues.arrears(people[:1], M(1953, 12))
    with django_assert_num_queries(3):
        many = dues.arrears(people, M(1953, 12))
    assert len(one) == 1 and len(many) == 12
    assert all(found.arrears == Decimal("11000.00") for found in many.values())


def test_setting_a_rate_for_a_unit_writes_one_row_per_member(world):
    unit = world.unit("plant-a-turning")
    outsider = PersonFactory(unit=unit, is_union_member=False)
    from gexin.org.models import Person

    people = dues.sheet_people(unit, Person.objects.all())
    created, changed = dues.set_unit_rate(people, M(1953, 6), Decimal("4000.00"))
    members = [p for p in people if p.is_union_member]
    assert created == len(members) == 3  # leader_a, worker_a, turner_a
    assert not outsider.dues_rates.exists()
    # Again with another amount: the same rows change, none is added.
    assert dues.set_unit_rate(people, M(1953, 6), Decimal("4500.00")) == (0, 3)
    assert {r.amount for r in world.people["turner_a"].dues_rates.all()} == {Decimal("4500.00")}
