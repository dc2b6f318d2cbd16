"""On a phone: a member of the evaluation committee computes March from the records, reads
the standings, publishes the month and sees who holds the mobile red banner."""

import pytest
from playwright.sync_api import expect

from gexin.competitions.tests.factories_evaluations import scenario
from gexin.core.testing import build_world
from gexin.org.choices import Role
from gexin.org.tests.factories import PersonFactory, RoleAssignmentFactory, UserFactory
from gexin.plans.catalogue import install
from gexin.plans.models import Metric

from .test_browser import page_width, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_db(transactional_db):
    install(Metric)
    world = build_world()
    user = UserFactory(username="committee_a")
    person = PersonFactory(employee_number="A-200", unit=world.units["plant-a"], user=user)
    RoleAssignmentFactory(person=person, unit=world.units["plant-a"], role=Role.COMMITTEE_MEMBER)
    return world


def no_sideways_scrolling(page):
    assert page_width(page) <= 390


def test_a_committee_member_computes_and_publishes_a_month(page, world_db):
    found = scenario(world_db)
    competition = found["competition"]
    sign_in(page, "committee_a")
    page.goto(f"{page.base_url}/evaluations/?competition={competition.pk}")
    expect(page.locator("#results .empty")).to_be_visible()  # nothing evaluated yet
    page.get_by_role("link", name="Compute a period").click()
    page.get_by_label("A day of the period").fill("1959-03-15")
    page.get_by_role("button", name="Compute").click()

    expect(page.locator(".messages")).to_contain_text("4 participants ranked")
    expect(page.locator("h1")).to_contain_text("1959-03-01 – 1959-03-31")
    first = page.locator("#standings tbody tr").first
    expect(first).to_contain_text("G2")
    expect(first.locator("[data-score]")).to_contain_text("80.000")
    expect(first.locator("[data-eligible]")).to_contain_text("No serious accident: 1")
    expect(page.locator("#banner-winner")).to_contain_text("Turning group A")
    expect(page.locator("#gap-value")).to_contain_text("21.7 points")
    no_sideways_scrolling(page)

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("The banner passes to Turning group A")
    expect(page.locator("#evaluation-status")).to_contain_text("published")
    expect(page.locator("#banner-holder")).to_contain_text("Turning group A")
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)
    expect(page.get_by_role("link", name="Adjust the score of G2")).to_have_count(0)
    no_sideways_scrolling(page)

    page.locator("#banner-holder a").click()
    expect(page.locator("#banner-holdings")).to_contain_text("holds it since 1959-03-31")
    expect(page.locator("#best-lever")).to_contain_text("Coal per tonne of steel")
    no_sideways_scrolling(page)
