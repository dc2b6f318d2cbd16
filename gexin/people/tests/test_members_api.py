"""The API of members' affairs: the shared contract for each endpoint, the arrears, the
dues sheet and the unit rate, membership rules and attendance."""

import datetime
from decimal import Decimal

import pytest

from gexin.core.testing import APIContract
from gexin.org.tests.factories import PersonFactory
from gexin.people.models.members import DuesPayment, DuesRate, MembershipEvent
from gexin.people.tests.factories_members import examples, pay, rate

pytestmark = pytest.mark.django_db

D = datetime.date


class MembersAPIContract(APIContract):
    key = ""

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found[self.key], "out_of_scope": found[self.key + "_b"]}


class TestMembershipEventAPI(MembersAPIContract):
    endpoint = "membership-events"
    key = "event"
    editor = "leader_a"

    def valid_patch(self, world, obj):
        return {"note": "recruited at the spring meeting"}

    def valid_create(self, world):
        examples(world)
        return {
            "person": "A-003",
            "kind": "transferred_out",
            "day": "1953-08-10",
            "other_unit_text": "Wuhan Heavy Machinery Plant",
        }


class TestDuesRateAPI(MembersAPIContract):
    endpoint = "dues-rates"
    key = "rate"
    viewer = "manager_a"
    editor = "leader_a"

    def valid_patch(self, world, obj):
        return {"amount": "5500.00"}

    def valid_create(self, world):
        examples(world)
        return {"person": "A-003", "from_month": "1953-09", "amount": "6000.00"}


class TestDuesPaymentAPI(MembersAPIContract):
    endpoint = "dues-payments"
    key = "payment"
    viewer = "manager_a"
    editor = "leader_a"

    def valid_patch(self, world, obj):
        return {"amount": "4000.00", "month": "1953-06"}

    def valid_create(self, world):
        examples(world)
        return {"person": "A-003", "month": "1953-07", "amount": "2000.00", "paid_on": "1953-07-20"}


class TestWelfareCaseAPI(MembersAPIContract):
    endpoint = "welfare-cases"
    key = "case"
    viewer = "manager_a"
    editor = "leader_a"

    def valid_patch(self, world, obj):
        return {"help_arranged": "visits; a grant of 50000 from the mutual fund"}

    def valid_create(self, world):
        examples(world)
        return {
            "person": "A-003",
            "kind": "marriage",
            "opened_on": "1953-11-02",
            "summary": "Married on Sunday",
        }


class TestWelfareHelpAPI(MembersAPIContract):
    endpoint = "welfare-help"
    key = "help"
    viewer = "manager_a"
    editor = "leader_a"

    def valid_patch(self, world, obj):
        return {"given_by": "the plant's union committee"}

    def valid_create(self, world):
        case = examples(world)["case"]
        return {"case": case.pk, "day": "1953-09-12", "kind": "money", "amount": "50000.00"}


class TestActivityAPI(MembersAPIContract):
    endpoint = "activities"
    key = "activity"

    def valid_patch(self, world, obj):
        return {"title": "Reading the People's Daily", "attendees": ["A-002", "A-003"]}

    def valid_create(self, world):
        examples(world)
        return {
            "unit": "plant-a-turning",
            "kind": "sport",
            "held_on": "1953-11-15",
            "title": "Basketball with the kiln group",
            "attendees": ["A-001", "A-002"],
        }


def test_the_arrears_endpoint_gives_each_persons_months(world, api_for):
    examples(world)  # turner_a: 5000 a month from June 1953, June paid
    worker = world.people["worker_a"]
    rate(worker, D(1953, 6, 1), "3000.00")
    pay(worker, D(1953, 7, 1), "1000.00")
    response = api_for("manager_a").get(
        "/api/v1/dues-arrears/", {"unit": "plant-a-turning", "through": "1953-08"}
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["arrears"] == "18000.00"  # turner 10000; worker 3000 + 2000 + 3000
    people = {row["employee_number"]: row for row in data["results"]}
    assert people["A-002"]["months_in_arrears"] == ["1953-06", "1953-07", "1953-08"]
    assert people["A-002"]["months"][1] == {
        "month": "1953-07",
        "is_due": True,
        "due": "3000.00",
        "paid": "1000.00",
        "owed": "2000.00",
        "overpaid": "0.00",
    }
    assert people["A-003"]["arrears"] == "10000.00"


def test_the_arrears_endpoint_refuses_strangers_and_other_plants(world, api_for):
    examples(world)
    assert api_for("worker_a").get("/api/v1/dues-arrears/").status_code == 403
    other = api_for("manager_a").get("/api/v1/dues-arrears/", {"unit": "plant-b"})
    assert other.status_code == 400
    bad = api_for("manager_a").get("/api/v1/dues-arrears/", {"through": "August"})
    assert bad.status_code == 400


def test_the_sheet_endpoint_saves_all_or_nothing_and_not_twice(world, api_for):
    examples(world)
    rate(world.people["worker_a"], D(1953, 6, 1), "3000.00")
    api = api_for("leader_a")
    sheet = {
        "unit": "plant-a-turning",
        "month": "1953-06",
        "paid_on": "1953-06-25",
        "rows": [{"person": "A-002", "amount": "3000.00"}, {"person": "A-003", "amount": "1.00"}],
    }
    refused = api.post("/api/v1/dues-payments/sheet/", sheet, format="json")
    assert refused.status_code == 400  # A-003 has paid June in full already
    assert refused.json()["errors"][0]["person"] == "A-003"
    assert not DuesPayment.objects.filter(is_from_sheet=True).exists()
    sheet["rows"] = sheet["rows"][:1]
    assert api.post("/api/v1/dues-payments/sheet/", sheet, format="json").json()["created"] == 1
    again = api.post("/api/v1/dues-payments/sheet/", sheet, format="json").json()
    assert (again["created"], again["unchanged"]) == (0, 1)
    assert DuesPayment.objects.filter(is_from_sheet=True).count() == 1


def test_the_unit_rate_endpoint_sets_every_members_rate(world, api_for):
    response = api_for("leader_a").post(
        "/api/v1/dues-rates/set-for-unit/",
        {"unit": "plant-a-turning", "from_month": "1953-06", "amount": "4000.00"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json() == {"created": 3, "changed": 0}
    assert DuesRate.objects.filter(amount=Decimal("4000.00")).count() == 3
    outsider = api_for("manager_a").post(
        "/api/v1/dues-rates/set-for-unit/",
        {"unit": "plant-a-turning", "from_month": "1953-06", "amount": "1.00"},
        format="json",
    )
    assert outsider.status_code == 403


def test_the_api_refuses_a_double_joining_and_an_overpayment(world, api_for):
    examples(world)
    api = api_for("leader_a")
    joined = api.post(
        "/api/v1/membership-events/",
        {"person": "A-003", "kind": "joined", "day": "1953-01-01"},
        format="json",
    )
    assert joined.status_code == 400
    assert "cannot be joined again" in str(joined.json()["day"])
    overpaid = api.post(
        "/api/v1/dues-payments/",
        {"person": "A-003", "month": "1953-06", "amount": "1.00", "paid_on": "1953-06-30"},
        format="json",
    )
    assert overpaid.status_code == 400
    assert "at most 0.00 more" in str(overpaid.json()["amount"])


def test_deleting_an_event_others_rest_on_answers_409(world, api_for):
    newcomer = PersonFactory(unit=world.unit("plant-a-turning"), is_union_member=False)
    from gexin.people.models.members import MembershipKind
    from gexin.people.tests.factories_members import event

    joined = event(newcomer, MembershipKind.JOINED, D(1953, 1, 5))
    event(newcomer, MembershipKind.LEFT, D(1953, 6, 1))
    response = api_for("admin").delete(f"/api/v1/membership-events/{joined.pk}/")
    assert response.status_code == 409
    assert MembershipEvent.objects.filter(pk=joined.pk).exists()


def test_attendees_outside_the_unit_are_refused(world, api_for):
    activity = examples(world)["activity"]
    response = api_for("manager_a").patch(
        f"/api/v1/activities/{activity.pk}/", {"attendees": ["B-002"]}, format="json"
    )
    assert response.status_code == 400
    patched = api_for("manager_a").patch(
        f"/api/v1/activities/{activity.pk}/", {"attendees": ["A-002"]}, format="json"
    )
    data = patched.json()
    assert (data["attendance_count"], data["expected_count"], data["attendance_rate"]) == (
        1,
        3,
        "33.3",
    )
