"""On a phone: a group leader opens the list of workers who keep missing their quota
and records the cause found and the help arranged for one of them."""

import datetime

import pytest
from playwright.sync_api import expect

from gexin.competitions.models import HelpCase
from gexin.competitions.tests.factories_help import pledge, record
from gexin.core.testing import build_world
from gexin.plans.catalogue import install
from gexin.plans.models import Metric

from .test_browser import page_width, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_db(transactional_db):
    install(Metric)
    world = build_world()
    unit = world.units["plant-a-turning"]
    turner = world.people["turner_a"]
    for month, produced in ((1, 70), (2, 85), (3, 120)):
        start = datetime.date(1959, month, 1)
        pledge(turner, unit, start, {"pieces_produced": 100})
        record(turner, unit, start, "pieces_produced", produced)
    return world


def test_a_group_leader_records_the_help_for_a_worker_missing_the_quota(page, world_db):
    sign_in(page, "leader_a")
    page.click("#main-menu summary")
    page.locator("#main-menu nav").get_by_role("link", name="Missing the quota").click()
    turner = page.locator("[data-person='A-003']")
    expect(turner).to_contain_text("Missed 2 of the last 3 periods")
    expect(turner).to_contain_text("1959-02, 1959-01")
    assert page_width(page) <= 390

    turner.get_by_role("link", name="Record the help").click()
    expect(page.get_by_label("Worker")).to_have_value("A-003")
    expect(page.get_by_label("Periods missed")).to_have_value("2")
    page.get_by_label("Cause").select_option("machine")
    page.get_by_label("What was found").fill(
        "Lathe 4 shakes at speed; the threads come out uneven."
    )
    page.get_by_label("Help arranged").fill(
        "Lathe 4 repaired; Zhang Sen checks the settings daily."
    )
    assert page_width(page) <= 390
    page.get_by_role("button", name="Create").click()

    expect(page.locator("[data-help-arranged]")).to_contain_text("Lathe 4 repaired")
    case = HelpCase.objects.get(person=world_db.people["turner_a"])
    assert case.cause == "machine"
    assert case.periods_missed == 2

    page.goto(page.base_url + "/help-cases/missing-quota/")
    expect(page.locator("[data-person='A-003'] [data-open-case]")).to_be_visible()
