"""On a phone: a roller of plant B searches in Chinese for a faster roll change and opens
the experience found first; a worker of plant A, posting a problem, is offered that
experience while typing its title."""

import pytest
from playwright.sync_api import expect

from gexin.core.testing import build_world
from gexin.exchange.search import reindex_all
from gexin.exchange.tests.factories_search import corpus

from .test_browser import page_width, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_db(transactional_db):
    world = build_world()
    world.library = corpus(world)
    reindex_all()
    return world


def test_a_roller_searches_in_chinese_and_opens_the_first_result(page, world_db):
    sign_in(page, "worker_b")
    page.click("#main-menu summary")
    page.locator("#main-menu nav").get_by_role("link", name="Search experiences").click()
    expect(page.locator("[data-search-empty]")).to_be_visible()

    page.get_by_placeholder("e.g. 换辊 or roll change").fill("换辊时间")
    page.keyboard.press("Enter")
    first = page.locator(".search-results > li").first
    expect(first).to_contain_text("快速换辊")
    expect(first.locator("mark").filter(has_text="换辊时间").first).to_be_visible()
    expect(first).to_contain_text("Plant B")
    assert page_width(page) <= 390

    page.locator("details.search-filters summary").click()
    page.get_by_label("Kind").select_option("problem")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".search-results > li").first).to_contain_text("换辊停车时间长")
    assert page_width(page) <= 390
    page.get_by_label("Kind").select_option("")
    page.get_by_role("button", name="Search").click()

    page.locator(".search-results > li").first.get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text("快速换辊")
    assert page.url.endswith(world_db.library["roll_change"].get_absolute_url())


def test_similar_experiences_are_offered_while_a_problem_is_typed(page, world_db):
    sign_in(page, "worker_a")
    page.goto(page.base_url + "/problems/add/")
    page.get_by_label("Title").fill("换辊时间太长")
    suggestions = page.locator("#id_title-similar [data-similar-experiences]")
    expect(suggestions).to_contain_text("Similar experiences from every plant")
    expect(suggestions.locator("li").first).to_contain_text("快速换辊")
    assert page_width(page) <= 390
