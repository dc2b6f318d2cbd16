"""On a phone: plant A's group leader opens the turning group's mutual-aid group, ticks
the members present at a session, ends a membership, records a solved problem, then
records a demonstration with its attendees, and reads the group page in Chinese; no
page is wider than the phone."""

import pytest
from playwright.sync_api import expect

from gexin.core.testing import build_world
from gexin.people.tests.factories_groups import examples
from gexin.plans.catalogue import install
from gexin.plans.models import Metric

from .test_browser import page_width, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page):
    assert page_width(page) <= 390


@pytest.fixture
def world_db(transactional_db):
    install(Metric)
    world = build_world()
    group = examples(world)["group"]
    group.name = "Long-day and early shift group"
    group.name_zh = "长白班、早班技术互助组"
    group.save()
    return world


def test_a_session_is_ticked_off_and_a_problem_recorded_on_a_phone(page, world_db):
    sign_in(page, "leader_a")
    page.goto(page.base_url + "/study-groups/")
    fits(page)
    page.get_by_role("link", name="Long-day and early shift group").click()
    expect(page.locator("[data-member-count]")).to_have_text("3")
    fits(page)

    page.get_by_role("link", name="Record a session").click()
    fits(page)
    page.locator("#id_held_on").fill("1953-06-19")
    page.locator("#id_topic").fill("Fine-thread screws without scrap")
    ticks = page.locator("[data-ticks=attendees]")
    expect(ticks.locator("input[type=checkbox]:checked")).to_have_count(3)
    ticks.get_by_label("Worker A (worker_a的名字) · A-002").uncheck()
    page.get_by_role("button", name="Create").click()
    session = page.locator('[data-session="1953-06-19"]')
    expect(session.locator("[data-attendance]")).to_contain_text("2 of 3 present")
    expect(session).to_contain_text("absent: Worker A")
    fits(page)

    member = page.locator('[data-member="A-002"]')
    member.locator("summary").click()
    member.get_by_label("Left on").fill("1953-07-01")
    member.get_by_role("button", name="End the membership").click()
    expect(page.locator('[data-former="A-002"]')).to_have_count(1)
    expect(page.locator("[data-member-count]")).to_have_text("2")
    fits(page)

    page.get_by_role("link", name="Record a solved problem").click()
    fits(page)
    page.locator("#id_title").fill("Mud-pump sleeves of uneven length")
    page.locator("#id_solved_on").fill("1953-06-25")
    page.locator("#id_result").fill("Every sleeve measured against the drawing")
    page.locator("[data-ticks=solved_by]").get_by_label("Leader A", exact=False).check()
    page.get_by_role("button", name="Create").click()
    problems = page.locator("#solved-problems")
    expect(problems).to_contain_text("Mud-pump sleeves of uneven length")
    expect(problems).to_contain_text("Solved by: Leader A")
    fits(page)


def test_a_demonstration_is_recorded_with_its_attendance_and_read_in_chinese(page, world_db):
    sign_in(page, "leader_a")
    page.goto(page.base_url + "/demonstrations/")
    fits(page)
    page.get_by_role("link", name="Record a demonstration").click()
    fits(page)
    page.locator("#id_demonstrator").fill("A-001")
    page.locator("#id_held_on").fill("1953-06-23")
    page.locator("#id_topic").fill("The new tool angle and coolant")
    page.locator("#id_method").fill("Grind the tool to the new angle; flood the cut.")
    ticks = page.locator("[data-ticks=attendees]")
    ticks.get_by_label("Worker A", exact=False).check()
    ticks.locator("input[type=checkbox]").nth(2).check()
    page.get_by_role("button", name="Create").click()
    expect(page.locator("[data-attendee-count]")).to_have_attribute("data-attendee-count", "2")
    expect(page.locator("[data-demonstrator]")).to_contain_text("Leader A")
    fits(page)

    page.select_option("#language-select", "zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.goto(page.base_url + "/study-groups/")
    page.get_by_role("link", name="长白班、早班技术互助组").click()
    expect(page.locator("h1")).to_contain_text("长白班、早班技术互助组")
    fits(page)
