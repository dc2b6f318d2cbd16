"""On a phone: plant A's manager records a heat's inspection, measurements and all, on one
form, and sees it judged against the standard; then the qualified rate counts it."""

import pytest
from playwright.sync_api import expect

from gexin.core.testing import build_world
from gexin.national.tests.factories_quality import inspect, standard
from gexin.plans.catalogue import install
from gexin.plans.models import Metric

from .test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.fixture
def world_db(transactional_db):
    install(Metric)
    world = build_world()
    standard()
    inspect(world.units["plant-a-machine"], "0202-01", {"sulphur": "0.030", "phosphorus": "0.05"})
    return world


def test_a_heat_is_recorded_on_a_phone_and_judged(page, world_db):
    sign_in(page, "manager_a")
    page.goto(page.base_url + "/quality/inspections/")
    fits(page)
    page.get_by_role("link", name="Record an inspection").click()
    page.get_by_label("Unit").fill("plant-a-machine")
    page.get_by_label("Product standard").select_option(label="Test ingot")
    page.get_by_label("Lot or heat number").fill("0202-02")
    page.get_by_label("Date").fill("1959-02-02")
    page.get_by_label("Tonnes").fill("4.2")
    page.get_by_label("Sulphur (%)").fill("0.062")
    page.get_by_label("Phosphorus (%)").fill("0.05")
    fits(page)
    page.get_by_role("button", name="Create").click()
    expect(page.locator("[data-result]")).to_have_text("not qualified")
    expect(page.get_by_text("Failing limits:")).to_contain_text("sulphur")
    fits(page)

    page.goto(page.base_url + "/quality/rates/?unit=plant-a&start=1959-02-01&end=1959-02-28&by=day")
    expect(page.locator("#quality-rate")).to_contain_text("50.0%")
    fits(page)
