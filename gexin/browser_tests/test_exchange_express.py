"""On a phone: a group leader of plant A writes an express report and publishes it; the
manager of plant B, which subscribes to plant A's reports, finds it among the
notifications and in plant A's list of reports, with its Atom feed."""

import pytest
from playwright.sync_api import expect

from gexin.core.testing import build_world
from gexin.exchange.tests.factories_contracts import manager_b
from gexin.exchange.tests.factories_express import examples
from gexin.plans.catalogue import install
from gexin.plans.models import Metric

from .test_browser import page_width, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_db(transactional_db):
    install(Metric)
    world = build_world()
    examples(world)  # plant B subscribes to plant A's reports
    manager_b(world)
    return world


def fits(page):
    assert page_width(page) <= 390


def test_an_express_report_reaches_the_subscribing_plant(page, world_db):
    sign_in(page, "leader_a")
    page.click("#main-menu summary")
    page.locator("#main-menu nav").get_by_role("link", name="Express reports").click()
    fits(page)
    page.get_by_role("link", name="Write an express report").click()
    expect(page.get_by_label("From unit")).to_have_value("plant-a-turning")
    page.get_by_label("Title").fill("Thread gauge checks in a second")
    page.get_by_label("Report").fill(
        "Turner Wang made a go/no-go gauge for the fine threads: rework fell to nothing."
    )
    page.locator("#id_language").select_option("en")
    fits(page)
    page.get_by_role("button", name="Create").click()
    expect(page.locator("[data-status]")).to_have_text("draft")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("[data-status]")).to_have_text("published")
    expect(page.locator(".messages")).to_contain_text("1 unit(s) subscribed to Plant A")
    fits(page)

    page.locator("#main-menu summary").click()
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "manager_b")
    expect(page.locator("[data-unread]")).to_have_text("1")
    page.locator("a.bell").click()
    notice = page.get_by_text("Express report from Plant A: Thread gauge checks in a second")
    expect(notice).to_be_visible()
    fits(page)
    notice.click()
    expect(page.locator("[data-body]")).to_contain_text("go/no-go gauge")
    fits(page)

    page.get_by_role("link", name="Plant A").first.click()
    expect(page.locator("h1")).to_contain_text("Express reports of Plant A")
    expect(page.locator("#results")).to_contain_text("Thread gauge checks in a second")
    expect(page.locator("link[rel=alternate][type='application/atom+xml']")).to_have_count(1)
    fits(page)
