"""The dues sheet of a unit for a month: every member with due, paid, owed and arrears;
the payments of many people saved at once, all or none; sent again, nothing is paid twice."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from gexin.org.tests.factories import PersonFactory
from gexin.people import dues
from gexin.people.models.members import DuesPayment, MembershipKind
from gexin.people.tests.factories_members import event, pay, rate

pytestmark = pytest.mark.django_db

D = datetime.date
JUNE, JULY = D(1953, 6, 1), D(1953, 7, 1)


@pytest.fixture
def group(world):
    """leader_a, worker_a and turner_a at 4000 a month from June 1953; a newcomer who
    is not a member; turner_a paid June in full, worker_a 1000 of it one by one."""
    people = world.people
    for key in ("leader_a", "worker_a", "turner_a"):
        rate(people[key], JUNE, "4000.00")
    pay(people["turner_a"], JUNE, "4000.00")
    pay(people["worker_a"], JUNE, "1000.00")
    newcomer = PersonFactory(
        unit=world.unit("plant-a-turning"), employee_number="A-020", is_union_member=False
    )
    return {**people, "newcomer": newcomer}


def sheet_url(month="1953-06", unit="plant-a-turning"):
    return reverse("people:dues_sheet") + f"?unit={unit}&month={month}"


def post(client, amounts, month="1953-06", **extra):
    data = {f"paid-{person.pk}": value for person, value in amounts.items()}
    data.update({"paid_on": "1953-06-25", "collected_by": "A-001", **extra})
    return client.post(sheet_url(month), data)


def test_the_sheet_lists_each_member_with_due_paid_owed_and_arrears(group, client_for):
    page = client_for("manager_a").get(sheet_url())
    assert page.status_code == 200
    rows = {row.person.employee_number: row for row in page.context["sheet"].rows}
    assert set(rows) == {"A-001", "A-002", "A-003"}  # the newcomer is not a member
    assert (rows["A-002"].due, rows["A-002"].paid, rows["A-002"].owed) == (
        Decimal("4000.00"),
        Decimal("1000.00"),
        Decimal("3000.00"),
    )
    assert rows["A-003"].owed == Decimal("0.00")
    assert page.context["sheet"].owed == Decimal("7000.00")
    # A manager sees the sheet but records nothing on it.
    assert not page.context["can_record"]
    assert 'name="paid-' not in page.content.decode()


def test_the_sheet_carries_the_arrears_of_earlier_months(group, client_for):
    page = client_for("leader_a").get(sheet_url("1953-07"))
    rows = {row.person.employee_number: row for row in page.context["sheet"].rows}
    assert rows["A-002"].arrears == Decimal("7000.00")  # 3000 of June and 4000 of July
    assert rows["A-003"].arrears == Decimal("4000.00")


def test_saving_the_sheet_records_many_payments_at_once(group, client_for):
    response = post(
        client_for("leader_a"),
        {group["leader_a"]: "4000.00", group["worker_a"]: "3000", group["turner_a"]: ""},
    )
    assert response.status_code == 302
    found = dues.arrears([group["leader_a"], group["worker_a"]], JUNE)
    assert all(figures.arrears == Decimal("0.00") for figures in found.values())
    sheet_payments = DuesPayment.objects.filter(is_from_sheet=True, month=JUNE)
    assert sheet_payments.count() == 2
    assert {p.collected_by.employee_number for p in sheet_payments} == {"A-001"}


def test_sending_the_same_sheet_again_pays_nothing_twice(group, client_for):
    client = client_for("leader_a")
    amounts = {group["leader_a"]: "2500.00", group["worker_a"]: "3000.00"}
    assert post(client, amounts).status_code == 302
    assert post(client, amounts).status_code == 302  # e.g. the phone sent it twice
    assert DuesPayment.objects.filter(is_from_sheet=True).count() == 2
    leader = dues.arrears([group["leader_a"]], JUNE)[group["leader_a"].pk]
    assert leader.paid == Decimal("2500.00")
    # The sheet shows what it holds, so opening and saving it again changes nothing.
    page = client.get(sheet_url())
    values = {item["row"].person.employee_number: item["value"] for item in page.context["rows"]}
    assert values["A-001"] == "2500.00"


def test_a_corrected_sheet_replaces_its_own_payment_and_an_empty_amount_removes_it(
    group, client_for
):
    client = client_for("leader_a")
    post(client, {group["leader_a"]: "2500.00", group["worker_a"]: "3000.00"})
    post(client, {group["leader_a"]: "4000.00", group["worker_a"]: ""})
    leader_payment = DuesPayment.objects.get(person=group["leader_a"], is_from_sheet=True)
    assert leader_payment.amount == Decimal("4000.00")
    assert not DuesPayment.objects.filter(person=group["worker_a"], is_from_sheet=True).exists()
    # worker_a's payment recorded one by one is untouched.
    assert DuesPayment.objects.get(person=group["worker_a"]).amount == Decimal("1000.00")


def test_one_bad_row_names_the_row_and_saves_nothing(group, client_for):
    response = post(
        client_for("leader_a"),
        {group["leader_a"]: "4000.00", group["worker_a"]: "3500.00"},  # 3000 is owed
    )
    assert response.status_code == 400
    errors = response.context["errors"]
    assert len(errors) == 1
    assert errors[0]["row"] == 2 and errors[0]["person"] == group["worker_a"]
    assert "at most 3000.00 on the sheet" in errors[0]["reason"]
    assert not DuesPayment.objects.filter(is_from_sheet=True).exists()
    # The amounts typed are kept for correcting.
    values = {
        item["row"].person.employee_number: item["value"] for item in response.context["rows"]
    }
    assert values["A-002"] == "3500.00"


def test_an_amount_that_is_not_a_number_saves_nothing(group, client_for):
    response = post(client_for("leader_a"), {group["leader_a"]: "4000", group["worker_a"]: "4k"})
    assert response.status_code == 400
    assert "is not an amount" in response.context["errors"][0]["reason"]
    assert not DuesPayment.objects.filter(is_from_sheet=True).exists()


def test_an_amount_beyond_the_fields_digits_names_its_row_and_saves_nothing(group, client_for):
    response = post(client_for("leader_a"), {group["leader_a"]: "1e30", group["worker_a"]: "1"})
    assert response.status_code == 400
    errors = response.context["errors"]
    assert len(errors) == 1
    assert errors[0]["row"] == 1 and errors[0]["person"] == group["leader_a"]
    assert "At most 12 digits before the decimal point." in errors[0]["reason"]
    assert not DuesPayment.objects.filter(is_from_sheet=True).exists()


def test_an_id_beyond_the_databases_integers_is_no_one_on_the_sheet(group, client_for):
    response = client_for("leader_a").post(
        sheet_url(),
        {
            f"paid-{group['leader_a'].pk}": "4000",
            "paid-99999999999999999999": "1",
            "paid_on": "1953-06-25",
            "collected_by": "A-001",
        },
    )
    assert response.status_code == 400
    assert "not on the sheet" in response.context["errors"][0]["reason"]
    assert not DuesPayment.objects.filter(is_from_sheet=True).exists()


def test_someone_not_on_the_sheet_cannot_be_paid_for(group, client_for):
    response = post(client_for("leader_a"), {group["leader_a"]: "4000", group["newcomer"]: "1000"})
    assert response.status_code == 400
    assert "not on the sheet" in response.context["errors"][0]["reason"]
    assert not DuesPayment.objects.filter(is_from_sheet=True).exists()


def test_a_member_transferred_out_is_not_on_that_months_sheet(group, client_for):
    event(group["turner_a"], MembershipKind.TRANSFERRED_OUT, D(1953, 6, 20), other_unit_text="X")
    july = client_for("leader_a").get(sheet_url("1953-07")).context["sheet"]
    assert "A-003" not in {row.person.employee_number for row in july.rows}


def test_a_viewer_cannot_post_a_sheet_and_an_outsider_does_not_see_it(group, client_for):
    assert post(client_for("manager_a"), {group["leader_a"]: "4000"}).status_code == 403
    assert client_for("worker_b").get(sheet_url()).status_code == 403
    outsider_unit = client_for("leader_a").get(sheet_url(unit="plant-b-shift-1"))
    assert outsider_unit.status_code == 400
    assert not DuesPayment.objects.filter(is_from_sheet=True).exists()


def test_the_sheet_of_a_bad_month_explains(group, client_for):
    response = client_for("leader_a").get(sheet_url("June"))
    assert response.status_code == 400
    assert "YYYY-MM" in response.content.decode()
