"""Fulfilment charts on a phone: drawn on the full page and in the unit page's panel."""

import datetime
import os

import pytest
from playwright.sync_api import expect

from gexin.core.testing import build_world
from gexin.plans import catalogue
from gexin.plans.models import Metric
from gexin.plans.tests.factories import make_plan, put

from .test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def turning(transactional_db):
    # A transactional test empties the tables after each test, the metrics included.
    catalogue.install(Metric)
    world = build_world()
    unit = world.units["plant-a-turning"]
    make_plan(unit, "month", datetime.date(1959, 3, 1), {"pieces_produced": 3100})
    put(
        [
            ("plant-a-turning", f"1959-03-{day:02d}", "", "pieces_produced", "", "90")
            for day in range(1, 11)
        ]
    )
    return unit


def screenshot(page, name):
    folder = os.environ.get("GEXIN_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, name), full_page=True)


def test_the_fulfilment_page_draws_its_chart(page, turning):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, "leader_a")
    page.goto(f"{page.base_url}/units/{turning.pk}/fulfilment/")
    expect(page.locator("h1")).to_contain_text("Plan fulfilment")
    expect(page.locator(".fulfilment-table")).to_contain_text("100 pieces behind")
    expect(page.locator("[data-chart] canvas")).to_have_count(1)
    # The chart fits the phone's width.
    box = page.locator("[data-chart]").bounding_box()
    assert 0 < box["width"] <= 390
    screenshot(page, "fulfilment-page.png")
    assert not errors


def test_the_unit_page_panel_loads_the_chart_library_when_needed(page, turning):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, "leader_a")
    page.goto(f"{page.base_url}/units/{turning.pk}/")
    panel = page.locator("section.fulfilment-panel")
    expect(panel).to_contain_text("29.0%")
    expect(panel.locator("[data-chart] canvas")).to_have_count(1)
    expect(page.locator(".unit-panel")).to_have_count(0)
    screenshot(page, "unit-panel.png")
    assert not errors


def test_the_chart_speaks_chinese(page, turning):
    sign_in(page, "leader_a")
    page.select_option("#language-select", "zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.goto(f"{page.base_url}/units/{turning.pk}/fulfilment/")
    expect(page.locator("[data-chart] canvas")).to_have_count(1)
    locale = page.evaluate(
        "() => echarts.getInstanceByDom(document.querySelector('[data-chart]'))"
        ".getModel().getLocaleModel().get('time').month[0]"
    )
    assert locale == "一月"
    screenshot(page, "fulfilment-page-zh.png")
