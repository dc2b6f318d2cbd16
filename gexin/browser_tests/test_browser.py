"""A group leader on a phone: signs in, switches to Chinese, browses the tree, edits a person."""

import re

import pytest
from playwright.sync_api import expect

from gexin.core.testing import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_db(transactional_db):
    return build_world()


def page_width(page):
    """The full width of the page in the tab, once it has loaded.

    Asked right after a click that navigates, the old document may be going away; the
    question is asked again on the page that replaced it.
    """
    from playwright.sync_api import Error

    for attempt in range(5):
        page.wait_for_load_state("load")
        try:
            return page.evaluate("document.documentElement.scrollWidth")
        except Error:
            if attempt == 4:
                raise
            page.wait_for_timeout(200)


def sign_in(page, username):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.edit-form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Welcome")


def test_sign_in_shows_my_unit_first(page, world_db):
    sign_in(page, "leader_a")
    own = page.locator("section.card.own")
    expect(own).to_contain_text("Turning group A")
    page.click("#main-menu summary")
    first_link = page.locator("#main-menu nav a").first
    expect(first_link).to_contain_text("My unit")


def test_wrong_password_is_explained(page, world_db):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", "leader_a")
    page.fill("input[name=password]", "not-my-password")
    page.click("form.edit-form button[type=submit]")
    expect(page.locator(".form-errors")).to_contain_text("do not match an active account")


def test_switching_to_chinese_translates_the_pages(page, world_db):
    sign_in(page, "manager_a")
    page.select_option("#language-select", "zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("h1")).to_contain_text("欢迎")
    page.goto(page.base_url + "/units/")
    expect(page.locator("h1")).to_have_text("单位")
    # Unit names follow the language too.
    expect(page.locator("ul.tree.root")).to_contain_text("甲厂")
    # The choice is kept on the account: a new sign-in comes back in Chinese.
    page.context.clear_cookies()
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", "manager_a")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.edit-form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("欢迎")


def test_browsing_the_tree_opens_units_level_by_level(page, world_db):
    sign_in(page, "manager_a")
    page.goto(page.base_url + "/units/")
    expect(page.locator("ul.tree.root")).to_contain_text("Machine shop A")
    page.locator("summary", has_text="Machine shop A").click()
    group = page.get_by_role("link", name="Turning group A")
    expect(group).to_be_visible()
    group.click()
    expect(page.locator("h1")).to_contain_text("Turning group A")
    expect(page.locator("nav.breadcrumb")).to_contain_text("Plant A")


def test_a_group_leader_edits_a_person(page, world_db):
    sign_in(page, "leader_a")
    page.goto(page.base_url + "/people/")
    page.fill("input[name=q]", "A-003")
    row_link = page.locator("#results a", has_text=re.compile("Worker"))
    expect(row_link).to_have_count(1)
    row_link.click()
    page.get_by_role("link", name="Edit").click()
    page.fill("input[name=name_latin]", "Zhang Sen")
    page.select_option("select[name=skill_grade]", "6")
    page.fill("textarea[name=reason]", "passed the grade 6 exam")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".message")).to_contain_text("Saved")
    expect(page.locator("h1")).to_contain_text("Zhang Sen")
    # The history section loads when it is scrolled into view.
    page.get_by_role("heading", name="History").scroll_into_view_if_needed()
    expect(page.locator("table.history")).to_contain_text("passed the grade 6 exam")


def test_a_bad_unit_code_is_explained_on_the_form(page, world_db):
    sign_in(page, "leader_a")
    page.goto(page.base_url + "/people/")
    page.locator("#results a", has_text="Leader A").click()
    page.get_by_role("link", name="Edit").click()
    page.fill("input[name=unit]", "plant-b-shift-1")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".field.has-error")).to_contain_text(
        "No unit with the code plant-b-shift-1"
    )
