"""On a phone: plant A's manager pushes an advanced experience to a workshop of plant B
and moves its check date, then the workshop's technician records how it was adopted and
what it achieved."""

import datetime

import pytest
from playwright.sync_api import expect

from gexin.core.models import Notification
from gexin.core.testing import build_world
from gexin.exchange.choices import AdoptionStatus
from gexin.exchange.models import Adoption
from gexin.exchange.tests.factories_experiences import examples, workshops
from gexin.plans.catalogue import install
from gexin.plans.models import Metric

from .test_browser import page_width, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_db(transactional_db):
    install(Metric)
    world = build_world()
    examples(world)
    workshops(world, codes=("plant-b-mill-1",))
    return world


def fits_the_phone(page):
    assert page_width(page) <= 390


def test_an_experience_is_pushed_and_the_receiving_workshop_records_its_adoption(
    page, browser, world_db
):
    experience = examples(world_db)["experience"]
    sign_in(page, "manager_a")
    page.click("#main-menu summary")
    page.locator("#main-menu nav").get_by_role("link", name="Advanced experiences").click()
    page.get_by_role("link", name="Fast roll change").click()
    expect(page.locator("[data-improvement]")).to_have_text("−50.0%")
    fits_the_phone(page)

    page.locator("#spread summary").click()
    page.get_by_label("Push to units").fill("plant-b-mill-1")
    page.locator("#spread").get_by_role("button", name="Push").click()
    expect(page.locator(".message")).to_contain_text("Pushed to Rolling mill 1 B")
    mill = page.locator("[data-adoption='plant-b-mill-1']")
    expect(mill).to_contain_text("pushed, awaiting adoption")
    expect(page.locator("[data-count='pushed']")).to_have_text("2")
    fits_the_phone(page)
    assert Notification.objects.filter(recipient__username="tech_1_b").exists()

    # The pusher gives plant B's mill longer to report.
    later = datetime.date.today() + datetime.timedelta(days=45)
    mill.get_by_role("link", name="Rolling mill 1 B").click()
    page.get_by_role("link", name="Move the check date").click()
    page.get_by_label("Check due").fill(later.isoformat())
    fits_the_phone(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".message")).to_contain_text(f"The check is now due on {later}.")
    fits_the_phone(page)
    page.goto(page.base_url + experience.get_absolute_url())

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    context.set_default_timeout(10_000)
    tech = context.new_page()
    tech.base_url = page.base_url
    sign_in(tech, "tech_1_b")
    tech.goto(page.base_url + experience.get_absolute_url())
    tech.locator("[data-adoption='plant-b-mill-1']").get_by_role(
        "link", name="Record the adoption"
    ).click()
    tech.get_by_label("How it was adopted").fill(
        "Two fitters learned it at plant A and taught each shift."
    )
    tech.get_by_label("Own figure before").fill("90")
    tech.get_by_label("Own figure after").fill("45")
    tech.get_by_label("Result").fill("The mill stands still half as long.")
    fits_the_phone(tech)
    tech.get_by_role("button", name="Save").click()
    expect(tech.locator("[data-status]")).to_contain_text("adopted")
    expect(tech.locator("[data-result]")).to_contain_text("90 → 45")
    expect(tech.locator("[data-result]")).to_contain_text("−50.0%")
    fits_the_phone(tech)
    context.close()

    adoption = Adoption.objects.get(experience=experience, unit__code="plant-b-mill-1")
    assert adoption.status == AdoptionStatus.ADOPTED
    assert adoption.check_due == later
    page.reload()
    expect(page.locator("[data-count='adopted']")).to_have_text("1")
