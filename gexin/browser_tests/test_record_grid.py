"""A group leader on a phone enters a shift's figures and sees the group's fulfilment change."""

import datetime

import pytest
from playwright.sync_api import expect

from gexin.core.testing import build_world
from gexin.plans.catalogue import install
from gexin.plans.models import Metric
from gexin.plans.tests.factories import make_plan

from .test_browser import page_width, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_db(transactional_db):
    install(Metric)
    world = build_world()
    today = datetime.date.today()
    make_plan(
        world.units["plant-a-turning"], "month", today.replace(day=1), {"pieces_produced": 3000}
    )
    return world


def test_leader_enters_a_shift_on_a_phone(page, world_db):
    sign_in(page, "leader_a")
    page.get_by_role("link", name="Enter a shift's figures").first.click()
    expect(page.locator("h1")).to_have_text("Enter a shift's figures")
    produced = page.locator("input[name=m_pieces_produced]")
    expect(produced).to_be_visible()
    # The grid fits a phone: no sideways scrolling.
    assert page_width(page) <= 390
    produced.fill("1234")
    page.get_by_role("button", name="Save the figures").click()
    expect(page.locator(".messages")).to_contain_text("1 new")
    expect(page.locator("input[name=m_pieces_produced]")).to_have_value("1234")
    page.locator("section.card a", has_text="Fulfilment").first.click()
    expect(page.locator("main")).to_contain_text("1,234")
    # A wrong figure is explained and nothing is lost.
    page.go_back()
    page.locator("input[name=m_pieces_produced]").fill("12x")
    page.get_by_role("button", name="Save the figures").click()
    expect(page.locator(".messages")).to_contain_text("at most three decimals")
    expect(page.locator("input[name=m_pieces_produced]")).to_have_value("12x")
