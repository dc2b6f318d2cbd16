"""On a phone: the technician of plant A's machine shop, which owns an item of the
contract of plants A and C, records it done; plant A's manager then fills in the fifth
conference's evaluation sheet and finds the fulfilment per plant on the conference's and
the contract's pages."""

import datetime

import pytest
from playwright.sync_api import expect

from gexin.core.testing import build_world
from gexin.exchange.models import ContractItem
from gexin.exchange.tests.factories_contracts import examples
from gexin.plans.catalogue import install
from gexin.plans.models import Metric

from .test_browser import page_width, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_db(transactional_db):
    install(Metric)
    world = build_world()
    world.found = examples(world)  # also makes plant C and the machine shop's technician
    return world


def fits(page):
    assert page_width(page) <= 390


def test_an_item_is_done_and_the_conference_judges_the_contract(page, world_db):
    found = world_db.found
    item, owed_by_c = found["item"], found["owed_by_c"]
    today = datetime.date.today().isoformat()

    sign_in(page, "tech_a")
    page.click("#main-menu summary")
    page.locator("#main-menu nav").get_by_role("link", name="Assistance contracts").click()
    fits(page)
    page.get_by_role("link", name="Contract of plants A and C").click()
    expect(page.locator("[data-done]")).to_contain_text("0 of 2 items done")
    fits(page)
    page.locator(f'tr[data-item="{item.pk}"] a').click()
    page.get_by_role("link", name="Record progress").click()
    # The terms are management's: the technician sees them, records how the item goes.
    expect(page.get_by_label("Description")).to_be_disabled()
    page.get_by_label("Status").select_option("done")
    page.get_by_label("Done on").fill(today)
    page.get_by_label("Note").fill("Both rolling crews change rolls the fast way.")
    fits(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("The receiving plant is told it is done")
    expect(page.locator("h1 [data-status]")).to_have_text("done")
    fits(page)

    page.context.clear_cookies()
    sign_in(page, "manager_a")
    page.goto(page.base_url + found["conference"].get_absolute_url())
    page.get_by_role("link", name="Evaluate the contract").click()
    fits(page)
    page.locator(f"#id_item-{item.pk}-verdict").select_option("fulfilled")
    page.locator(f"#id_item-{item.pk}-note").fill("Done and taught.")
    page.locator(f"#id_item-{owed_by_c.pk}-verdict").select_option("not_fulfilled")
    page.locator(f"#id_item-{owed_by_c.pk}-note").fill("The fitters did not come.")
    fits(page)
    page.get_by_role("button", name="Save the verdicts").click()
    expect(page.locator(".messages")).to_contain_text("verdicts on 2 item(s) are saved")
    fulfilment = page.locator("#fulfilment")
    expect(fulfilment.locator('tr[data-plant="plant-a"] [data-score]')).to_have_text("100.0 %")
    expect(fulfilment.locator('tr[data-plant="plant-c"] [data-score]')).to_have_text("0.0 %")
    expect(fulfilment.locator("tr[data-total] [data-score]")).to_have_text("50.0 %")
    fits(page)

    page.locator("[data-contract] a").click()
    expect(page.locator("[data-done]")).to_contain_text("1 of 2 items done")
    expect(page.locator("#fulfilment tr[data-total] [data-score]")).to_have_text("50.0 %")
    fits(page)
    stored = ContractItem.objects.get(pk=item.pk)
    assert (stored.status, stored.done_on.isoformat()) == ("done", today)
