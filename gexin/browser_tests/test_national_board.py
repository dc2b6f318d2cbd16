"""On a phone: the ministry's administrator opens the daily board, sees which province is
below the level the first quarter requires, and goes one level down to its plants."""

import pytest
from playwright.sync_api import expect

from gexin.core.testing import build_world
from gexin.national.tests.factories_board import steel_quarter
from gexin.plans.catalogue import install
from gexin.plans.models import Metric

from .test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.fixture
def world_db(transactional_db):
    install(Metric)
    return steel_quarter(build_world())


def test_the_board_shows_who_is_below_and_leads_one_level_down(page, world_db):
    sign_in(page, "admin")
    page.goto(page.base_url + "/national/board/?quarter=1959Q1&as_of=1959-02-14")
    fits(page)
    expect(page.locator("[data-board-heading]")).to_contain_text("1959 Q1")
    expect(page.locator("[data-board-below]")).to_contain_text("Hubei")
    expect(page.locator("[data-board-below]")).not_to_contain_text("Henan")
    page.locator("tr[data-unit=hubei]").get_by_role("link", name="Hubei").click()
    expect(page.locator("[data-board-heading]")).to_contain_text("Hubei")
    plant_b = page.locator("tr[data-unit=plant-b]")
    expect(plant_b.locator("[data-days-below]")).to_contain_text("7")
    expect(plant_b.locator("[data-flag]")).to_be_visible()
    fits(page)
    page.get_by_label("Days running").fill("8")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("tr[data-unit=plant-b] [data-flag]")).to_have_count(0)
    fits(page)
