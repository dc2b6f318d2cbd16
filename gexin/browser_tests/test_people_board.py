"""On a phone: the group leader opens the people board from the menu, sees who is paired
with whom, who misses the quota and why and the help under way, opens a case due for
review and records the weekly meeting's review; a worker without a role sees the board
with the health notes kept private."""

import datetime

import pytest
from playwright.sync_api import expect

from gexin.competitions.tests.factories_help import held_meeting
from gexin.core.testing import build_world
from gexin.org.privacy import HIDDEN
from gexin.people.tests.factories_board import board_world
from gexin.plans.catalogue import install
from gexin.plans.models import Metric

from .test_browser import page_width, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BOARD = "/people/board/?as_of=1959-04-11"


@pytest.fixture
def world_db(transactional_db):
    install(Metric)
    world = build_world()
    found = board_world(world)
    # The weekly meeting of 11 April has not reviewed the cases yet: they are due.
    found["next_meeting"] = held_meeting(world.units["plant-a-turning"], datetime.date(1959, 4, 11))
    return world, found


def test_the_group_leader_reviews_a_case_due_from_the_board(page, world_db):
    world, found = world_db
    sign_in(page, "leader_a")
    page.click("#main-menu summary")
    page.locator("#main-menu nav").get_by_role("link", name="People board").click()
    expect(page.locator("[data-board-heading]")).to_contain_text("Turning group A")
    page.goto(page.base_url + BOARD)
    assert page_width(page) <= 390
    pairs = page.locator("[data-board-section=pairs]")
    expect(pairs).to_contain_text("Master 0")
    expect(pairs).to_contain_text("Young 1")
    expect(page.locator("[data-board-section=misses] [data-miss='A-Y01']")).to_contain_text(
        "1959-03, 1959-01"
    )
    expect(page.locator("[data-miss='A-Y01'] [data-cause-note]")).to_contain_text(
        "Reads no drawings"
    )
    expect(page.locator("[data-due-count]")).to_contain_text("2 cases are due for review")
    case = page.locator("[data-under-way='A-Y01']")
    expect(case.locator("[data-due]")).to_be_visible()

    case.get_by_role("link", name="Young 1").click()
    expect(page.locator("[data-due-for-review]")).to_be_visible()
    form = page.locator("[data-review-form]")
    form.get_by_label("Progress").fill("Reads the simple drawings on his own now")
    form.get_by_label("Outcome").select_option("continue")
    assert page_width(page) <= 390
    form.get_by_role("button", name="Record the review").click()
    expect(page.locator("[data-reviews]")).to_contain_text("Reads the simple drawings")
    expect(page.locator("[data-due-for-review]")).to_have_count(0)

    page.goto(page.base_url + BOARD)
    expect(page.locator("[data-under-way='A-Y01'] [data-last-review]")).to_contain_text(
        "1959-04-11"
    )
    expect(page.locator("[data-due-count]")).to_contain_text("1 case is due for review")
    assert page_width(page) <= 390


def test_a_worker_without_a_role_sees_the_board_but_not_the_health_notes(page, world_db):
    sign_in(page, "worker_a")
    page.goto(page.base_url + BOARD)
    expect(page.locator("[data-board-heading]")).to_contain_text("Turning group A")
    under_way = page.locator("[data-board-section=under-way]")
    expect(under_way).to_contain_text("Master teaches drawings")
    expect(under_way).not_to_contain_text("Works away from the grinder")
    expect(page.locator("[data-under-way='A-Y00'] [data-help-arranged]")).to_contain_text(
        str(HIDDEN)
    )
    expect(page.locator("[data-board-section=welfare]")).to_have_count(0)
    assert page_width(page) <= 390
