"""On a phone: plant B's manager finds plant A's request on the board of cards, takes it
up and records the delivery; plant A's manager confirms receipt. Then plant B's manager
opens the same-type comparison and asks the best workshop for help."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from gexin.core.testing import build_world
from gexin.exchange.models import AssistanceCard
from gexin.exchange.tests.factories_cards import examples, record
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
    examples(world)
    march = datetime.date(1959, 3, 1)
    for code, steel, coal in (("plant-b-rolling", 400, 180_000), ("plant-c-rolling", 500, 200_000)):
        record(world.units[code], march, "steel_output", steel)
        record(world.units[code], march, "coal_used", coal)
    return world


def test_a_card_is_taken_up_delivered_and_confirmed_across_two_plants(page, world_db):
    sign_in(page, "manager_b")
    page.goto(page.base_url + "/cards/")
    fits(page)
    page.get_by_role("link", name="Help wanted: fine threads on the lathes").click()
    expect(page.locator("[data-status]")).to_have_text("open")
    page.get_by_role("link", name="Take it up").click()
    expect(page.get_by_label("Taken up by")).to_have_value("plant-b")
    page.get_by_label("Taken up by").fill("plant-b-rolling")
    fits(page)
    page.get_by_role("button", name="Take it up").click()
    expect(page.locator("[data-status]")).to_have_text("matched")
    expect(page.locator("[data-counterpart]")).to_contain_text("Rolling workshop B")

    page.get_by_role("link", name="Record the delivery").click()
    page.get_by_label("What was delivered").fill("Two fitters spent three days on lathe 4.")
    page.get_by_role("button", name="Record the delivery").click()
    expect(page.locator("[data-status]")).to_have_text("delivered")
    expect(page.locator("[data-moves]")).not_to_contain_text("Confirm receipt")
    card_url = page.url

    page.context.clear_cookies()
    sign_in(page, "manager_a")
    page.goto(card_url)
    expect(page.locator("#timeline")).to_contain_text("Two fitters spent three days")
    page.get_by_role("link", name="Confirm receipt").click()
    page.get_by_label("Note (optional)").fill("The fine threads come out even now.")
    fits(page)
    page.get_by_role("button", name="Confirm receipt").click()
    expect(page.locator("[data-status]")).to_have_text("confirmed")
    expect(page.locator("#timeline")).to_contain_text("The fine threads come out even now.")
    fits(page)
    card = AssistanceCard.objects.get(title="Help wanted: fine threads on the lathes")
    assert (card.status, card.counterpart.code) == ("confirmed", "plant-b-rolling")


def test_the_comparison_asks_the_best_for_help(page, world_db):
    sign_in(page, "manager_b")
    page.goto(page.base_url + "/comparison/")
    table = page.locator("[data-comparison-table]")
    expect(table.locator("tbody tr").first).to_contain_text("Rolling workshop C")
    best = page.locator("[data-best]")
    expect(best).to_contain_text("400.0 kg/t")
    expect(best).to_have_class(re.compile(r"\bgood\b"))  # highlighted
    expect(best.locator(".badge")).to_have_text("best")
    expect(page.locator("[data-comparison-chart]")).to_be_visible()
    expect(page.locator("[data-comparison-chart] canvas")).to_have_count(1)
    fits(page)
    behind = page.locator("[data-unit='plant-b-rolling']")
    expect(behind.locator("[data-gap]")).to_contain_text("12.5% behind the best")
    behind.get_by_role("link", name="Ask the best for help").click()
    expect(page.get_by_label("Title")).to_have_value(
        "Help asked: Coal per tonne of steel — learn from Rolling workshop C"
    )
    expect(page.get_by_label("Description")).to_contain_text("12.5% behind")
    expect(page.get_by_label("Posted by unit")).to_have_value("plant-b-rolling")
    fits(page)
    page.get_by_role("button", name="Create").click()
    expect(page.locator("[data-kind]")).to_have_text("request for help")
    assert AssistanceCard.objects.filter(
        unit__code="plant-b-rolling", work_type__code="rolling", kind="request"
    ).exists()
