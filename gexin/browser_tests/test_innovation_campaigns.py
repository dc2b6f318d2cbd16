"""On a phone: a worker posts a problem with a photo to the campaign's wall, and a
manager ranks it into a key issue posted as a technical fortress."""

import datetime

import pytest
from playwright.sync_api import expect

from gexin.core.testing import build_world
from gexin.innovation.models import Campaign, KeyIssue, Problem
from gexin.innovation.tests.factories import png_bytes

from .test_browser import page_width, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_db(transactional_db):
    world = build_world()
    today = datetime.date.today()
    Campaign.objects.create(
        unit=world.units["plant-a"],
        title="Plant A technical revolution",
        starts_on=today - datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(days=20),
    )
    return world


def test_a_worker_posts_a_problem_with_a_photo_and_a_manager_posts_it_as_a_fortress(
    page, world_db, tmp_path
):
    photo = tmp_path / "stand.png"
    photo.write_bytes(png_bytes((40, 30)))
    sign_in(page, "worker_a")
    page.goto(page.base_url + "/problems/add/")
    campaign = Campaign.objects.get()
    page.locator("select[name=campaign]").select_option(str(campaign.pk))
    page.get_by_label("Title").fill("Roll change takes four hours")
    page.get_by_label("Description").fill("The mill stands while the rolls are changed.")
    page.get_by_label("Photo or file").set_input_files(str(photo))
    page.get_by_role("button", name="Create").click()
    expect(page.locator(".messages")).to_contain_text("is posted on the wall")
    expect(page.locator(".gallery img")).to_have_count(1)
    assert page_width(page) <= 390
    problem = Problem.objects.get(title="Roll change takes four hours")
    assert problem.attachments.count() == 1

    page.context.clear_cookies()
    sign_in(page, "manager_a")
    page.goto(page.base_url + problem.get_absolute_url())
    page.get_by_role("link", name="Rank as a key issue").click()
    page.get_by_label("Attack method").select_option("fortress")
    page.get_by_label("Owned by unit").fill("plant-a-turning")
    page.get_by_role("button", name="Create").click()
    expect(page.locator("h1")).to_contain_text("technical fortress")
    assert KeyIssue.objects.get(problems=problem).is_fortress
