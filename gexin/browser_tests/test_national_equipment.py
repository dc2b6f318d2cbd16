"""On a phone: plant A's manager finds a small blast furnace on the restart page, records
that it started producing, and sees it leave the list with its actual start set."""

import datetime

import pytest
from playwright.sync_api import expect

from gexin.core.testing import build_world
from gexin.national.models.equipment import EquipmentKind, EquipmentStatus
from gexin.national.tests.factories_equipment import make_equipment
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
    furnace = make_equipment(
        world.units["plant-a"],
        kind=EquipmentKind.SMALL_BLAST_FURNACE,
        name="Small blast furnace No. 1",
        useful_volume=13,
        planned_start=datetime.date(1959, 1, 15),
    )
    furnace.set_status(EquipmentStatus.READY, on=datetime.date(1959, 1, 10))
    return world


def test_a_small_blast_furnace_is_recorded_as_producing(page, world_db):
    sign_in(page, "manager_a")
    page.goto(page.base_url + "/equipment/restarts/?on=1959-01-20")
    fits(page)
    row = page.locator("#restarts tr", has_text="Small blast furnace No. 1")
    expect(row.locator("[data-days-late]")).to_have_text("5")
    row.get_by_role("link", name="Small blast furnace No. 1").click()
    expect(page.locator("[data-status]")).to_have_text("ready to start")
    page.get_by_role("link", name="Change status").click()
    fits(page)
    page.get_by_label("New status").select_option("producing")
    page.locator("#id_on").fill("1959-01-18")
    page.get_by_label("Reason").fill("Blown in after the coke arrived.")
    page.get_by_role("button", name="Record the change").click()
    expect(page.locator("[data-status]")).to_have_text("producing")
    expect(page.locator("[data-actual-start]")).to_have_text("1959-01-18")
    expect(page.locator("#status-history")).to_contain_text("Blown in after the coke arrived.")
    expect(page.locator("[data-days-late]")).to_contain_text("3 days behind plan")
    fits(page)
    page.goto(page.base_url + "/equipment/restarts/?on=1959-01-20")
    expect(page.locator("#restarts tr", has_text="Small blast furnace No. 1")).to_contain_text(
        "producing"
    )
