"""On a phone: a group leader schedules a weekly meeting and takes its minutes; a member
submits a proposal in under a minute."""

import datetime

import pytest
from playwright.sync_api import expect

from gexin.core.models import Notification
from gexin.core.testing import build_world
from gexin.meetings.models import ActionItem, Attendance, Meeting, Proposal
from gexin.plans.catalogue import install
from gexin.plans.models import Metric

from .test_browser import page_width, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_db(transactional_db):
    install(Metric)
    return build_world()


def no_sideways_scrolling(page):
    assert page_width(page) <= 390


def test_leader_schedules_a_meeting_and_takes_the_minutes_on_a_phone(page, world_db):
    sign_in(page, "leader_a")
    page.get_by_role("link", name="Schedule a meeting").first.click()
    page.get_by_label("Title").fill("The quality quota")
    page.get_by_label("Agenda").fill("Review the week's plan\nForm the mutual-aid groups")
    page.get_by_role("button", name="Create").click()
    expect(page.locator("h1")).to_contain_text("Weekly production meeting")
    expect(page.locator("#agenda")).to_contain_text("Form the mutual-aid groups")
    no_sideways_scrolling(page)
    page.get_by_role("button", name="Publish the agenda").click()
    expect(page.locator(".messages")).to_contain_text("the members have been told")
    meeting = Meeting.objects.get(title="The quality quota")
    assert Notification.objects.filter(recipient__username="worker_a").exists()

    page.get_by_role("button", name="Mark as held").click()
    page.get_by_role("link", name="Take the minutes").first.click()
    no_sideways_scrolling(page)
    turner = page.locator(".attendance-row", has_text=str(world_db.people["turner_a"].name_latin))
    turner.get_by_label("absent").check()
    page.get_by_role("button", name="Save and close").click()
    # The absence needs its reason; nothing is lost meanwhile.
    expect(page.locator("main")).to_contain_text("Give the reason for the absence.")
    turner = page.locator(".attendance-row", has_text=str(world_db.people["turner_a"].name_latin))
    turner.locator("input[type=text]").fill("on sick leave")
    page.get_by_label("New entry").fill("Agreed to split the lathes into two mutual-aid groups")
    page.locator("select[name=entry-kind]").select_option("decision")
    page.get_by_label("New action item").fill("Repair lathe 4")
    page.get_by_role("button", name="Save and close").click()
    expect(page.locator("#minutes")).to_contain_text("two mutual-aid groups")
    assert Attendance.objects.get(meeting=meeting, status="absent").reason == "on sick leave"
    assert ActionItem.objects.get(meeting=meeting).text == "Repair lathe 4"
    page.get_by_role("button", name="Sign off the minutes").click()
    expect(page.locator("h1")).to_contain_text("signed off")


def test_a_member_submits_a_proposal_from_a_phone(page, world_db):
    sign_in(page, "worker_a")
    page.get_by_role("link", name="Submit a proposal").first.click()
    no_sideways_scrolling(page)
    page.get_by_label("Title").fill("Coolant for the cooling-machine pipes")
    page.get_by_label("Problem").fill("100 pipes take 12 hours")
    page.get_by_label("What is proposed").fill("Grind the tool to a new angle and use coolant")
    turner = world_db.people["turner_a"]
    page.get_by_role("checkbox", name=f"{turner.name_latin} ({turner.name})", exact=True).check()
    page.get_by_role("button", name="Create").click()
    expect(page.locator(".messages")).to_contain_text("owes its disposition by")
    proposal = Proposal.objects.get()
    assert proposal.authors.count() == 2
    assert proposal.due_on == datetime.date.today() + datetime.timedelta(days=7)
