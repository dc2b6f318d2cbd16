"""Pages of members' affairs: who sees and changes what (the shared contract), the
person's membership and dues page, the rate for a whole unit, the arrears report and
its exports, and activities' attendance on a phone."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from gexin.core.testing import ViewContract
from gexin.org.choices import Role
from gexin.org.tests.factories import PersonFactory, RoleAssignmentFactory
from gexin.people import dues
from gexin.people.models.members import (
    ActivityAttendance,
    DuesRate,
    MembershipEvent,
    MembershipKind,
)
from gexin.people.tests.factories_members import event, examples, pay, rate

pytestmark = pytest.mark.django_db

D = datetime.date


class MembersContract(ViewContract):
    app = "people"
    key = ""

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found[self.key], "out_of_scope": found[self.key + "_b"]}

    def export_key(self, obj):
        person = getattr(obj, "person", None) or obj.case.person
        return person.employee_number


class TestMembershipEventPages(MembersContract):
    model_name = "membershipevent"
    key = "event"
    editor = "leader_a"

    def data(self, obj, **changes):
        data = {
            "person": obj.person.employee_number,
            "kind": obj.kind,
            "day": obj.day.isoformat(),
            "other_unit": "",
            "other_unit_text": "",
            "recruited_by": "",
            "note": "",
        }
        data.update(changes)
        return data

    def valid_edit(self, world, obj):
        return self.data(obj, note="joined at the spring meeting", recruited_by="A-001")

    def invalid_edit(self, world, obj):
        return self.data(obj, day="1 March"), "day"


class TestDuesRatePages(MembersContract):
    model_name = "duesrate"
    key = "rate"
    viewer = "manager_a"
    editor = "leader_a"

    def data(self, obj, **changes):
        data = {
            "person": obj.person.employee_number,
            "from_month": obj.from_month.strftime("%Y-%m"),
            "amount": str(obj.amount),
            "note": "",
        }
        data.update(changes)
        return data

    def valid_edit(self, world, obj):
        return self.data(obj, amount="5500.00")

    def invalid_edit(self, world, obj):
        return self.data(obj, from_month="June"), "from_month"


class TestDuesPaymentPages(MembersContract):
    model_name = "duespayment"
    key = "payment"
    viewer = "manager_a"
    editor = "leader_a"

    def data(self, obj, **changes):
        data = {
            "person": obj.person.employee_number,
            "month": obj.month.strftime("%Y-%m"),
            "amount": str(obj.amount),
            "paid_on": obj.paid_on.isoformat(),
            "collected_by": "",
            "note": "",
        }
        data.update(changes)
        return data

    def valid_edit(self, world, obj):
        return self.data(obj, amount="3000.00", collected_by="A-001")

    def invalid_edit(self, world, obj):
        # 5000.00 is due for June: 5000.01 would overpay it.
        return self.data(obj, amount="5000.01"), "amount"


class TestWelfareCasePages(MembersContract):
    model_name = "welfarecase"
    key = "case"
    viewer = "manager_a"
    editor = "leader_a"

    def data(self, obj, **changes):
        data = {
            "person": obj.person.employee_number,
            "kind": obj.kind,
            "opened_on": obj.opened_on.isoformat(),
            "closed_on": "",
            "summary": obj.summary,
            "health_details": obj.health_details,
            "help_arranged": "",
        }
        data.update(changes)
        return data

    def valid_edit(self, world, obj):
        return self.data(obj, help_arranged="visited at home; a grant from the mutual fund")

    def invalid_edit(self, world, obj):
        return self.data(obj, closed_on="1953-09-01"), "closed_on"


class TestActivityPages(MembersContract):
    model_name = "activity"
    key = "activity"

    def export_key(self, obj):
        return obj.unit.code

    def data(self, obj, **changes):
        data = {
            "unit": obj.unit.code,
            "kind": obj.kind,
            "held_on": obj.held_on.isoformat(),
            "title": obj.title,
            "place": "",
            "organiser": "",
            "notes": "",
        }
        data.update(changes)
        return data

    def valid_edit(self, world, obj):
        return self.data(obj, place="the canteen", organiser="A-002")

    def invalid_edit(self, world, obj):
        return self.data(obj, held_on="Tuesday"), "held_on"


# Behaviour


def test_a_plain_member_sees_membership_and_activities_but_not_dues_or_welfare(world, client_for):
    examples(world)
    client = client_for("worker_a")
    assert client.get(reverse("people:membershipevent_list")).status_code == 200
    assert client.get(reverse("people:activity_list")).status_code == 200
    for name in ("duesrate_list", "duespayment_list", "dues_sheet", "dues_arrears"):
        assert client.get(reverse(f"people:{name}")).status_code == 403, name
    assert client.get(reverse("people:welfarecase_list")).status_code == 403


def test_a_membership_event_recorded_on_the_page_makes_the_newcomer_a_member(world, client_for):
    newcomer = PersonFactory(
        unit=world.unit("plant-a-turning"), employee_number="A-020", is_union_member=False
    )
    response = client_for("leader_a").post(
        reverse("people:membershipevent_add"),
        {"person": "A-020", "kind": "joined", "day": "1953-10-01", "recruited_by": "A-001"},
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.is_union_member
    again = client_for("leader_a").post(
        reverse("people:membershipevent_add"),
        {"person": "A-020", "kind": "joined", "day": "1953-11-01"},
    )
    assert again.status_code == 400
    assert "cannot be joined again" in str(again.context["form"].errors["day"])


def test_deleting_an_event_others_rest_on_is_refused_with_a_message(world, client_for):
    newcomer = PersonFactory(unit=world.unit("plant-a-turning"), is_union_member=False)
    joined = event(newcomer, MembershipKind.JOINED, D(1953, 1, 5))
    event(newcomer, MembershipKind.LEFT, D(1953, 6, 1))
    response = client_for("admin").post(
        reverse("people:membershipevent_delete", args=[joined.pk]), follow=True
    )
    assert MembershipEvent.objects.filter(pk=joined.pk).exists()
    assert "without having been a member" in response.content.decode()


def test_the_person_page_shows_membership_dues_by_year_and_the_card_links_it(world, client_for):
    found = examples(world)
    turner = found["person"]
    rate(turner, D(1953, 9, 1), "6000.00")
    pay(turner, D(1953, 9, 1), "2000.00")
    client = client_for("leader_a")
    page = client.get(reverse("people:person_membership", args=[turner.pk]), {"year": 1953})
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-event="joined"' in body
    year = page.context["year_dues"]
    # June paid; July and August 5000 owed; September 4000 owed; then 6000 a month owed
    # through December: 5000 + 5000 + 4000 + 3 × 6000.
    assert year.arrears == Decimal("32000.00")
    assert page.context["through"] == D(1953, 12, 1)
    # The card, like the total, reckons through this month: 6000 a month from 1954 on.
    now = dues.this_month()
    later = dues.month_count(D(1954, 1, 1), now)
    owed = Decimal("32000.00") + 6000 * later
    panel = client.get(reverse("people:person_membership_panel", args=[turner.pk]))
    assert (
        f"In arrears {owed:.2f} through {now:%Y-%m} ({6 + later} months)." in panel.content.decode()
    )
    person_page = client.get(reverse("org:person_detail", args=[turner.pk])).content.decode()
    assert reverse("people:person_membership_panel", args=[turner.pk]) in person_page


def test_the_total_and_the_card_reckon_through_this_month_whatever_the_year_shown(
    world, client_for
):
    # turner_a: 5000 a month from June 1953, June paid; the rate stays in force.
    turner = examples(world)["person"]
    now = dues.this_month()
    owed = Decimal("5000.00") * dues.month_count(D(1953, 7, 1), now)
    client = client_for("leader_a")
    for query in ({}, {"year": 1953}):
        page = client.get(reverse("people:person_membership", args=[turner.pk]), query)
        assert page.context["total_dues"].arrears == owed, query
        assert page.context["total_through"] == now
        assert f"owed in all through {now:%Y-%m}" in page.content.decode()
    # The year's table keeps to the year.
    assert page.context["year_dues"].arrears == Decimal("30000.00")
    panel = client.get(reverse("people:person_membership_panel", args=[turner.pk]))
    assert panel.context["arrears"].arrears == owed
    assert f"In arrears {owed} through {now:%Y-%m}" in panel.content.decode()


def test_the_arrears_report_keeps_to_ten_years_once_the_defaults_are_filled_in(
    world, client_for, api_for
):
    arrears_world(world)
    url = reverse("people:dues_arrears")
    client = client_for("manager_a")
    alone = client.get(url, {"unit": "plant-a-turning", "start": "1900-01"})
    assert alone.status_code == 400
    assert "without a last month" in str(alone.context["form"].errors["start"])
    both = client.get(url, {"unit": "plant-a-turning", "start": "1900-01", "through": "2199-12"})
    assert both.status_code == 400 and both.context["form"].errors["through"]
    recent = f"{dues.this_month().year - 1}-01"
    assert client.get(url, {"unit": "plant-a-turning", "start": recent}).status_code == 200
    api = api_for("manager_a")
    refused = api.get("/api/v1/dues-arrears/", {"unit": "plant-a-turning", "start": "1900-01"})
    assert refused.status_code == 400
    assert "without a last month" in refused.json()["start"][0]
    refused = api.get(
        "/api/v1/dues-arrears/",
        {"unit": "plant-a-turning", "start": "1900-01", "through": "2199-12"},
    )
    assert refused.status_code == 400 and refused.json()["through"]
    kept = api.get("/api/v1/dues-arrears/", {"unit": "plant-a-turning", "start": recent})
    assert kept.status_code == 200
    # Without a first month the report starts at each person's first rate; a last month
    # far in the future is refused all the same.
    far = api.get("/api/v1/dues-arrears/", {"unit": "plant-a-turning", "through": "2199-12"})
    assert far.status_code == 400 and far.json()["through"]
    assert client.get(url, {"unit": "plant-a-turning", "through": "2199-12"}).status_code == 400


def test_a_member_without_dues_rights_sees_membership_but_no_dues_on_the_person_page(
    world, client_for
):
    found = examples(world)
    page = client_for("worker_a").get(
        reverse("people:person_membership", args=[found["person"].pk])
    )
    assert page.status_code == 200
    assert "shows_dues" not in page.context
    assert "shows_welfare" not in page.context
    panel = client_for("worker_a").get(
        reverse("people:person_membership_panel", args=[found["person"].pk])
    )
    assert "arrears" not in panel.context


def test_a_rate_for_the_whole_unit_gives_each_member_one(world, client_for):
    response = client_for("leader_a").post(
        reverse("people:duesrate_set_for_unit"),
        {"unit": "plant-a-turning", "from_month": "1953-07", "amount": "4500.00"},
    )
    assert response.status_code == 302
    rates = DuesRate.objects.filter(from_month=D(1953, 7, 1))
    assert {r.person.employee_number for r in rates} == {"A-001", "A-002", "A-003"}
    assert {r.amount for r in rates} == {Decimal("4500.00")}


def test_a_rate_for_a_unit_outside_ones_own_is_refused(world, client_for):
    response = client_for("leader_a").post(
        reverse("people:duesrate_set_for_unit"),
        {"unit": "plant-b-shift-1", "from_month": "1953-07", "amount": "4500.00"},
    )
    assert response.status_code == 400
    assert not DuesRate.objects.filter(from_month=D(1953, 7, 1)).exists()


def arrears_world(world):
    found = examples(world)  # turner_a: 5000 from June 1953, June paid
    worker = world.people["worker_a"]
    rate(worker, D(1953, 6, 1), "3000.00")
    pay(worker, D(1953, 6, 1), "3000.00")
    pay(worker, D(1953, 7, 1), "1000.00")
    return found


def test_the_arrears_report_lists_each_person_month_by_month(world, client_for):
    arrears_world(world)
    page = client_for("manager_a").get(
        reverse("people:dues_arrears"),
        {"unit": "plant-a-turning", "start": "1953-06", "through": "1953-08"},
    )
    assert page.status_code == 200
    # turner: July and August 5000 each; worker: July 2000, August 3000.
    assert page.context["total"] == Decimal("15000.00")
    assert page.context["in_arrears"] == 2
    assert 'data-person="A-003" data-arrears="10000.00"' in page.content.decode()


def test_the_arrears_report_exports_csv_and_xlsx_for_those_who_may_export(world, client_for):
    from openpyxl import load_workbook

    arrears_world(world)
    query = {"unit": "plant-a-turning", "start": "1953-06", "through": "1953-08"}
    url = reverse("people:dues_arrears")
    assert client_for("manager_a").get(url, {**query, "export": "csv"}).status_code == 403
    csv_response = client_for("leader_a").get(url, {**query, "export": "csv"})
    assert csv_response.status_code == 200
    lines = csv_response.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(",")[2:5] == ["1953-06", "1953-07", "1953-08"]
    turner_line = next(line for line in lines if line.startswith("A-003"))
    assert turner_line.split(",")[2:] == [
        "0.00",
        "5000.00",
        "5000.00",
        "15000.00",
        "5000.00",
        "10000.00",
        "2",
    ]
    xlsx = client_for("leader_a").get(url, {**query, "export": "xlsx"})
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    assert rows["A-002"][2:] == (0, 2000, 3000, 9000, 4000, 5000, 2)
    assert client_for("worker_b").get(url, {**query, "export": "csv"}).status_code == 403


def test_the_arrears_report_of_a_unit_out_of_scope_is_refused(world, client_for):
    arrears_world(world)
    response = client_for("manager_a").get(reverse("people:dues_arrears"), {"unit": "plant-b"})
    assert response.status_code == 400


def test_attendance_on_a_phone_marks_who_was_present_and_gives_the_rate(world, client_for):
    activity = examples(world)["activity"]
    unit = world.unit("plant-a-turning")
    extra = PersonFactory(unit=unit)
    client = client_for("manager_a")
    form = client.get(reverse("people:activity_attendance", args=[activity.pk]))
    offered = [person.pk for person, _present in form.context["people"]]
    assert set(offered) == {
        world.people["leader_a"].pk,
        world.people["worker_a"].pk,
        world.people["turner_a"].pk,
        extra.pk,
    }
    response = client.post(
        reverse("people:activity_attendance", args=[activity.pk]),
        {"present": [world.people["worker_a"].pk, world.people["turner_a"].pk, extra.pk]},
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.expected_count == 4
    assert activity.present == 3
    assert activity.attendance_rate == Decimal("75.0")
    # Taking it again with one fewer unmarks them.
    client.post(
        reverse("people:activity_attendance", args=[activity.pk]),
        {"present": [world.people["worker_a"].pk]},
    )
    assert list(
        ActivityAttendance.objects.filter(activity=activity).values_list(
            "person__employee_number", flat=True
        )
    ) == ["A-002"]


def test_attendance_refuses_someone_outside_the_unit(world, client_for):
    found = examples(world)
    response = client_for("manager_a").post(
        reverse("people:activity_attendance", args=[found["activity"].pk]),
        {"present": [world.people["roller_b"].pk]},
    )
    assert response.status_code == 400
    assert not ActivityAttendance.objects.exists()


def test_a_culture_officer_keeps_activities_and_a_plain_member_does_not(world, client_for):
    found = examples(world)
    officer = PersonFactory(unit=world.unit("plant-a-turning"), user=None)
    from gexin.org.tests.factories import UserFactory

    officer.user = world.users["culture_a"] = UserFactory(username="culture_a")
    officer.save()
    RoleAssignmentFactory(
        person=officer, unit=world.unit("plant-a-turning"), role=Role.CULTURE_OFFICER
    )
    url = reverse("people:activity_attendance", args=[found["activity"].pk])
    assert client_for("culture_a").get(url).status_code == 200
    assert client_for("worker_a").get(url).status_code == 403


def test_the_activity_list_filters_by_kind_and_dates_and_counts_attendance(world, client_for):
    found = examples(world)
    from gexin.people.tests.factories_members import activity

    unit = world.unit("plant-a-turning")
    visit = activity(unit, kind="visit", held_on=D(1953, 11, 8), title="Visit to the steel works")
    client = client_for("worker_a")
    only_visits = client.get(reverse("people:activity_list"), {"kind": "visit"})
    assert [a.pk for a in only_visits.context["page"].object_list] == [visit.pk]
    october = client.get(
        reverse("people:activity_list"), {"start": "1953-10-01", "end": "1953-10-31"}
    )
    assert [a.pk for a in october.context["page"].object_list] == [found["activity"].pk]


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_lists_and_the_sheet_cost_the_same_queries_for_more_rows(world, client_for):
    from gexin.people.tests.factories_members import activity, case

    unit = world.unit("plant-a-turning")
    urls = [
        reverse("people:membershipevent_list"),
        reverse("people:duespayment_list"),
        reverse("people:welfarecase_list"),
        reverse("people:activity_list"),
        reverse("people:dues_sheet") + "?unit=plant-a-turning&month=1953-06",
        reverse("people:dues_arrears") + "?unit=plant-a-turning&start=1953-06&through=1953-12",
    ]

    def add_people(n):
        for _ in range(n):
            person = PersonFactory(unit=unit)
            event(person, MembershipKind.JOINED, D(1952, 1, 2))
            rate(person, D(1953, 6, 1), "2000.00")
            pay(person, D(1953, 6, 1), "2000.00")
            case(person)
            activity(unit, held_on=D(1953, 10, 1) + datetime.timedelta(days=len(urls)))

    add_people(2)
    client = client_for("leader_a")
    few = [count_queries(client, url) for url in urls]
    add_people(8)
    many = [count_queries(client, url) for url in urls]
    assert few == many
