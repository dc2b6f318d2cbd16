"""On a phone: plant B's manager asks an outside coal mine for a cooperation for the
rolling workshop, lists what was given (rails, trucks) and received (coking coal) with
their totals, and records the mine's agreement, the delivery and the receipt."""

import re

import pytest
from playwright.sync_api import expect

from gexin.core.testing import build_world
from gexin.exchange.models import Cooperation
from gexin.exchange.tests.factories_cards import more_world

from .test_browser import page_width, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Rails and trucks for the Xishan coal mine"


def fits(page):
    assert page_width(page) <= 390


@pytest.fixture
def world_db(transactional_db):
    world = build_world()
    more_world(world)
    return world


def add_item(page, flow, what, quantity, measure):
    page.get_by_role("link", name="Add an item").click()
    page.get_by_label("Given or received").select_option(flow)
    page.get_by_label("What").fill(what)
    page.get_by_label("Quantity").fill(quantity)
    page.get_by_label("Unit of measure").fill(measure)
    fits(page)
    page.get_by_role("button", name="Create").click()
    expect(page.locator("h1")).to_contain_text(TITLE)


def test_a_cooperation_with_an_outside_enterprise_from_request_to_receipt(page, world_db):
    sign_in(page, "manager_b")
    page.goto(page.base_url + "/cooperation/")
    fits(page)
    page.get_by_role("link", name="Ask for a cooperation").click()
    page.get_by_label("Kind").select_option("external")
    page.get_by_label("Requesting unit").fill("plant-b-rolling")
    page.get_by_label("Outside enterprise").fill("Xishan coal mine")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("What is needed and why").fill(
        "The mine needs rails and trucks; it sends low-sulphur coking coal in return."
    )
    fits(page)
    page.get_by_role("button", name="Create").click()
    expect(page.locator("[data-status]")).to_have_text("open")
    expect(page.locator("[data-partner]")).to_contain_text("Xishan coal mine")
    expect(page.locator("[data-partner]")).to_contain_text("outside enterprise")

    add_item(page, "given", "Rails", "240", "t")
    add_item(page, "given", "Rails, second lot", "60", "t")
    add_item(page, "given", "Trucks", "12", "trucks")
    add_item(page, "received", "Low-sulphur coking coal", "500", "t")
    given, received = page.locator("[data-flow=given]"), page.locator("[data-flow=received]")
    expect(given.locator("li")).to_have_count(3)
    expect(given.locator("[data-totals]")).to_have_text(re.compile(r"300 t.*12 trucks"))
    expect(received.locator("[data-totals]")).to_contain_text("500 t")
    fits(page)

    # The mine does not use gexin: the requesting unit records each of its steps.
    page.get_by_role("link", name="Record the agreement").click()
    page.get_by_role("button", name="Record the agreement").click()
    expect(page.locator("[data-status]")).to_have_text("matched")

    page.get_by_role("link", name="Record the delivery").click()
    page.get_by_label("What was delivered").fill("300 t of rails and 12 trucks sent to the mine.")
    fits(page)
    page.get_by_role("button", name="Record the delivery").click()
    expect(page.locator("[data-status]")).to_have_text("delivered")

    page.get_by_role("link", name="Confirm receipt").click()
    page.get_by_label("Note (optional)").fill("500 t of coking coal arrived.")
    page.get_by_role("button", name="Confirm receipt").click()
    expect(page.locator("[data-status]")).to_have_text("confirmed")
    expect(page.locator("#timeline")).to_contain_text("300 t of rails and 12 trucks")
    expect(page.locator("#timeline")).to_contain_text("500 t of coking coal arrived.")
    # What was given and received is fixed now.
    expect(page.get_by_role("link", name="Add an item")).to_have_count(0)
    fits(page)

    cooperation = Cooperation.objects.get(title=TITLE)
    assert (cooperation.status, cooperation.unit.code, cooperation.partner_id) == (
        "confirmed",
        "plant-b-rolling",
        None,
    )
    assert cooperation.items.count() == 4
