"""On a phone: a group leader raises the bottleneck station of Taiyuan Steel's forging line
and sees the next station named as the limit, and the line's history grow."""

import pytest
from playwright.sync_api import expect

from gexin.core.testing import build_world
from gexin.innovation.tests.factories_lines import TAIYUAN, make_line
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


def test_raising_the_bottleneck_names_the_next_limit_on_a_phone(page, world_db):
    line = make_line(world_db.units["plant-a-turning"], TAIYUAN)
    sign_in(page, "leader_a")
    page.goto(page.base_url + "/production-lines/")
    page.get_by_role("link", name="Forging line").click()
    expect(page.locator("#bottleneck")).to_contain_text("Forging limits the line to 100 t/day.")
    expect(page.locator("#gain")).to_contain_text("then Heating furnace limits it")
    # The stations are drawn as bars by the bundled chart library.
    expect(page.locator("[data-bar-chart] canvas")).to_have_count(1)
    history = page.locator("#bottleneck-history li")
    expect(history).to_have_count(1)
    no_sideways_scrolling(page)

    page.get_by_role("link", name="Edit Forging").click()
    page.get_by_label("Capacity (t/day)").fill("150")
    page.get_by_label("What was done").fill("Double-groove arc anvils")
    page.get_by_role("button", name="Save").click()

    expect(page.locator(".messages")).to_contain_text("The bottleneck is now Heating furnace")
    expect(page.locator("#bottleneck")).to_contain_text(
        "Heating furnace limits the line to 120 t/day."
    )
    expect(page.locator("#next-limit")).to_contain_text("Tongs")
    expect(history).to_have_count(2)
    expect(history.first).to_contain_text("Double-groove arc anvils")
    no_sideways_scrolling(page)
    assert line.bottleneck_history.first().station_names == "Heating furnace"
