"""On a phone: the group leader opens the dues sheet from the menu, records a month's dues
of several members at once (a bad row saves nothing and says which), sends the sheet
again without paying twice, and sees the arrears; takes attendance of a newspaper
reading; a manager sees a welfare case with its health details kept private, in Chinese
too."""

import datetime

import pytest
from playwright.sync_api import expect

from gexin.core.testing import build_world
from gexin.org.privacy import HIDDEN
from gexin.people.models.members import DuesPayment
from gexin.people.tests.factories_members import examples, rate

from .test_browser import page_width, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHEET = "/dues/?unit=plant-a-turning&month=1953-07"


@pytest.fixture
def world_db(transactional_db):
    world = build_world()
    found = examples(world)  # turner_a: 5000 a month from June 1953, June paid
    for key in ("leader_a", "worker_a"):
        rate(world.people[key], datetime.date(1953, 6, 1), "3000.00")
    return world, found


def fits(page):
    assert page_width(page) <= 390


def test_the_group_leader_records_a_months_dues_on_the_sheet(page, world_db):
    world, _found = world_db
    sign_in(page, "leader_a")
    page.click("#main-menu summary")
    page.locator("#main-menu nav").get_by_role("link", name="Dues sheet").click()
    fits(page)
    page.goto(page.base_url + SHEET)
    expect(page.locator("[data-sheet-owed]")).to_have_text("11000.00")  # 3000 + 3000 + 5000
    fits(page)
    worker, turner = world.people["worker_a"], world.people["turner_a"]
    page.fill(f"input[name=paid-{worker.pk}]", "3000")
    page.fill(f"input[name=paid-{turner.pk}]", "5500")  # 5000 is due
    page.fill("input[name=paid_on]", "1953-07-25")
    page.get_by_role("button", name="Save the sheet").click()
    errors = page.locator("[data-sheet-errors]")
    expect(errors).to_contain_text("Nothing was saved")
    expect(errors).to_contain_text("Row 3")
    expect(errors).to_contain_text("at most 5000.00 on the sheet")
    assert not DuesPayment.objects.filter(is_from_sheet=True).exists()
    fits(page)
    page.fill(f"input[name=paid-{turner.pk}]", "5000")
    page.get_by_role("button", name="Save the sheet").click()
    expect(page.locator(".messages")).to_contain_text("2 new")
    expect(page.locator("[data-sheet-owed]")).to_have_text("3000.00")  # leader_a's July
    # Sent again as it stands: nothing is paid twice.
    page.fill("input[name=paid_on]", "1953-07-26")
    page.get_by_role("button", name="Save the sheet").click()
    expect(page.locator(".messages")).to_contain_text("2 unchanged")
    assert DuesPayment.objects.filter(is_from_sheet=True).count() == 2
    row = page.locator(f'[data-person="{world.people["leader_a"].employee_number}"]')
    expect(row).to_contain_text("in arrears 6000.00 (2 months)")
    fits(page)


def test_attendance_of_a_reading_is_ticked_on_a_phone(page, world_db):
    world, found = world_db
    sign_in(page, "leader_a")
    page.goto(page.base_url + found["activity"].get_absolute_url())
    page.get_by_role("link", name="Take attendance").click()
    fits(page)
    page.get_by_label(world.people["worker_a"].display_name).check()
    page.get_by_label(world.people["turner_a"].display_name).check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator("[data-attendance]")).to_contain_text("2 of 3 · 66.7%")
    fits(page)


def test_a_manager_sees_the_case_but_not_its_health_details_in_both_languages(page, world_db):
    _world, found = world_db
    sign_in(page, "manager_a")
    page.goto(page.base_url + found["case"].get_absolute_url())
    expect(page.locator("[data-health-details]")).to_have_text(str(HIDDEN))
    fits(page)
    page.select_option("#language-select", "zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.goto(page.base_url + found["case"].get_absolute_url())
    expect(page.locator("body")).not_to_contain_text("Pleurisy")
    fits(page)
    for path in (SHEET, "/dues/arrears/?unit=plant-a-turning&through=1953-08", "/activities/"):
        page.goto(page.base_url + path)
        fits(page)
