"""On a phone: the group leader opens an apprenticeship from the menu, sees the apprentice's
output against the group's in a chart, adds a goal, records a progress check, confirms a
goal the recorded level suggests as reached, and completes the apprenticeship."""

import datetime

import pytest
from playwright.sync_api import expect

from gexin.core.testing import build_world
from gexin.people.models.mentoring import Apprenticeship
from gexin.people.skills import raise_level
from gexin.people.tests.factories_mentoring import examples
from gexin.plans.catalogue import install
from gexin.plans.models import Metric
from gexin.plans.tests.factories import put

from .test_browser import page_width, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page):
    assert page_width(page) <= 390


@pytest.fixture
def world_db(transactional_db):
    install(Metric)
    world = build_world()
    found = examples(world)
    raise_level(found["apprentice"], found["skill"], 3, datetime.date(1953, 9, 12))
    put(
        [
            ("plant-a-turning", "1953-07-06", 1, "pieces_started", "A-M02", 120),
            ("plant-a-turning", "1953-07-06", 1, "pieces_qualified", "A-M02", 114),
            ("plant-a-turning", "1953-07-06", 1, "pieces_started", "A-M01", 300),
            ("plant-a-turning", "1953-07-06", 1, "pieces_qualified", "A-M01", 298),
        ]
    )
    return world


def test_a_group_leader_keeps_an_apprenticeship_on_a_phone(page, world_db):
    sign_in(page, "leader_a")
    page.click("#main-menu summary")
    page.locator("#main-menu nav").get_by_role("link", name="Master and apprentice").click()
    fits(page)
    page.get_by_role("link", name="Apprentice A (Apprentice A)").click()
    expect(page.locator("[data-status]")).to_have_text("active")
    expect(page.locator("[data-month='1953-07'] [data-output]")).to_have_text("114")
    expect(page.locator("[data-month='1953-07'] [data-group-output]")).to_have_text("206.0")
    expect(page.locator("[data-chart] canvas").first).to_be_visible()
    fits(page)

    page.locator("#goals summary").click()
    page.locator("#id_description").fill("Turns spring sleeves alone")
    page.locator("#id_due_on").fill("1953-11-30")
    page.get_by_role("button", name="Add the goal").click()
    expect(page.locator("#goals")).to_contain_text("Turns spring sleeves alone")
    fits(page)

    page.locator("#checks summary").click()
    page.locator("#id_checked_on").fill("1953-07-11")
    page.locator("#id_checked_by").fill("A-M01")
    page.locator("#id_rating").select_option("ahead")
    page.locator("#id_note").fill("Threads to gauge on the first try.")
    page.get_by_role("button", name="Record the check").click()
    expect(page.locator("#checks [data-rating='ahead']")).to_contain_text(
        "Threads to gauge on the first try."
    )

    suggested = page.locator("[data-goal-state='suggested']")
    expect(suggested).to_contain_text("Cuts threads alone")
    suggested.get_by_role("button", name="Mark reached on 1953-09-12").click()
    expect(page.locator("[data-goal-state='reached']")).to_contain_text("1953-09-12")
    fits(page)

    page.get_by_role("link", name="Complete").click()
    fits(page)
    expect(page.locator("[data-open-goals]")).to_contain_text("Turns spring sleeves alone")
    page.locator("#id_on").fill("1953-12-31")
    page.get_by_label("Note on goals not reached").fill("Sleeves go on in the mutual-aid group.")
    page.get_by_role("button", name="Complete").click()
    expect(page.locator("[data-status]")).to_have_text("completed")
    expect(page.locator("[data-end-reason]")).to_contain_text("Sleeves go on")
    fits(page)
    apprenticeship = Apprenticeship.objects.get(apprentice__employee_number="A-M02")
    assert apprenticeship.ended_on == datetime.date(1953, 12, 31)
