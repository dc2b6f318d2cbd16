"""On a phone: the ministry's administrator solves the pig-iron transfer plan and
records a shipment; the fulfilment shows it."""

import pytest
from playwright.sync_api import expect

from gexin.core.testing import build_world
from gexin.national.tests.factories_transfers import hand_plan

from .test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.fixture
def plan_db(transactional_db):
    world = build_world()
    plan, *_ = hand_plan(world)
    return plan


def test_a_plan_is_solved_and_a_shipment_recorded_on_a_phone(page, plan_db):
    sign_in(page, "admin")
    page.goto(page.base_url + plan_db.get_absolute_url())
    fits(page)
    page.get_by_role("button", name="Solve").click()
    expect(page.locator("[data-total-cost]")).to_have_text("2100.00")
    expect(page.locator('[data-route="hebei>anshan"] [data-planned]')).to_have_text("250.00")
    fits(page)
    page.get_by_text("Record a shipment").click()
    form = page.locator('[data-form="shipment"]')
    form.get_by_label("Route").select_option(label="Hebei → Anshan")
    form.get_by_label("Shipped on").fill("1959-01-20")
    form.get_by_label("Shipped (t)").fill("100")
    form.get_by_role("button", name="Record the shipment").click()
    row = page.locator('[data-fulfilment-route="hebei>anshan"]')
    expect(row.locator("[data-shipped]")).to_have_text("100.00")
    expect(row.locator("[data-percent]")).to_have_text("40.0")
    fits(page)
