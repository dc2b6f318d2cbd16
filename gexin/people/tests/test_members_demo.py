"""The demo of members' affairs: the Huaxin turning group's membership, dues in arrears
through December 1953, the welfare officer and the private health details, activities."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from gexin.org.models import Person, Unit
from gexin.org.privacy import HIDDEN
from gexin.people import demo_members, dues, membership
from gexin.people.models.members import (
    Activity,
    ActivityKind,
    MembershipEvent,
    WelfareCase,
)

D = datetime.date


@pytest.fixture
def demo(db):
    """The demo organisation and the members' demo loaded."""
    from gexin.org import demo as org_demo

    org_demo.load()
    written = demo_members.load()
    return written


def turning():
    return Unit.objects.get(code=demo_members.UNIT)


def test_the_arrears_through_december_1953_are_the_ones_the_demo_claims(demo):
    people = dues.sheet_people(turning(), Person.objects.all())
    found = dues.arrears(people, D(1953, 12, 1))
    in_arrears = {
        figures.person.employee_number: figures.arrears
        for figures in found.values()
        if figures.arrears
    }
    assert in_arrears == demo_members.ARREARS_1953
    assert sum(in_arrears.values()) == demo_members.ARREARS_1953_TOTAL == Decimal("7000.00")
    shi = next(f for f in found.values() if f.person.employee_number == "HX-0012")
    assert shi.months_in_arrears == [D(1953, 11, 1), D(1953, 12, 1)]
    # Chen Taorong paid October in two parts: in full.
    chen = next(f for f in found.values() if f.person.employee_number == "HX-0009")
    assert chen.by_month[D(1953, 10, 1)].paid == Decimal("5000.00")
    assert len(chen.by_month[D(1953, 10, 1)].payments) == 2


def test_the_december_sheet_shows_twenty_one_members_and_the_arrears(demo):
    sheet = dues.sheet(turning(), D(1953, 12, 1), Person.objects.all())
    assert len(sheet.rows) == 21
    assert sheet.arrears == Decimal("7000.00")
    assert sheet.owed == Decimal("5000.00")  # December: 2000 + 1000 + 2000
    # The rates are in old renminbi by grade: a grade 6 master owes 8000 a month.
    assert sheet.row_for(Person.objects.get(employee_number="HX-0002").pk).due == Decimal("8000.00")


def test_the_deputy_leader_recruited_the_two_new_apprentices_in_october(demo):
    for number in demo_members.NEWCOMERS:
        person = Person.objects.get(employee_number=number)
        assert person.is_union_member
        joined = MembershipEvent.objects.get(person=person)
        assert joined.recruited_by.employee_number == demo_members.DEPUTY
        assert joined.day == D(1953, 10, 1)
        assert not membership.member_on(person, [joined], D(1953, 9, 30))
    # Every other member's joining is recorded on their date joined.
    hx1 = Person.objects.get(employee_number="HX-0001")
    assert MembershipEvent.objects.get(person=hx1).day == hx1.date_joined


def test_the_welfare_officer_signs_in_and_reads_the_health_details_a_manager_may_not(
    demo, client, rf
):
    from django.contrib.auth import authenticate

    from gexin.org import demo as org_demo

    def sign_in(username):
        request = rf.post("/accounts/login/")
        user = authenticate(request=request, username=username, password=org_demo.DEMO_PASSWORD)
        assert user is not None, username
        client.force_login(user)

    illness = WelfareCase.objects.get(kind="illness")
    url = reverse("people:welfarecase_detail", args=[illness.pk])
    sign_in(demo_members.WELFARE_LOGIN[0])
    assert "Gastric ulcer" in client.get(url).content.decode()
    client.logout()
    sign_in("huaxin-manager")
    page = client.get(url).content.decode()
    assert "Gastric ulcer" not in page and str(HIDDEN) in page
    assert WelfareCase.objects.count() == 3


def test_the_activities_have_attendance_and_the_study_came_before_the_recruiting(demo):
    readings = Activity.objects.filter(kind=ActivityKind.NEWSPAPER_READING)
    assert readings.count() == 8
    study = Activity.objects.get(kind=ActivityKind.UNION_STUDY)
    assert (study.present, study.expected_count) == (20, 21)
    assert study.attendance.filter(person__employee_number="HX-0020").exists()
    assert study.held_on < demo_members.RECRUITED_ON
    sport = Activity.objects.get(kind=ActivityKind.SPORT)
    assert sport.attendance_rate == Decimal("66.7")  # 14 of 21


def test_the_demo_is_marked_loaded_and_illustrative(demo):
    assert demo_members.is_loaded()
    assert demo["dues rates"] == 21
    assert not WelfareCase.objects.filter(is_illustrative=False).exists()
