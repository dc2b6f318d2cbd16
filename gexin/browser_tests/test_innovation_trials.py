"""On a phone: a technician enters a week's measurements of 12 against 13 passes and
reads the verdict."""

import pytest
from playwright.sync_api import expect

from gexin.core.testing import build_world
from gexin.innovation.choices import Direction
from gexin.innovation.tests.factories_trials import make_trial, make_variable
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
    unit = world.units["plant-a-turning"]
    user = UserFactory(username="technician_a")
    person = PersonFactory(employee_number="A-010", unit=unit, user=user, name="技术员")
    RoleAssignmentFactory(person=person, unit=unit, role=Role.TECHNICIAN)
    trial = make_trial(unit, title="Thirteen passes on mill 2")
    make_variable(trial, name="output per shift", measured_in="t", direction=Direction.HIGHER)
    world.trial = trial
    return world


def test_a_technician_enters_observations_and_sees_the_verdict(page, world_db):
    sign_in(page, "technician_a")
    page.click("#main-menu summary")
    page.locator("#main-menu nav").get_by_role("link", name="Trials").click()
    page.get_by_role("link", name="Thirteen passes on mill 2").click()
    expect(page.locator(".verdict")).to_contain_text("Too few observations to conclude")
    page.get_by_role("link", name="Enter observations").click()
    page.get_by_label("12 passes").fill("30.1 29.8 30.5\n30.0 29.6 30.3")
    page.get_by_label("13 passes").fill("32.4, 32.9, 32.1, 33.0, 32.6, 32.2")
    assert page_width(page) <= 390
    page.get_by_role("button", name="Save and show the analysis").click()
    expect(page.locator(".messages")).to_contain_text("Added 12 observations")
    verdict = page.locator(".verdict")
    expect(verdict).to_contain_text("13 passes is higher than 12 passes by 2.48 t")
    expect(verdict).to_contain_text("The change is an improvement.")
    expect(page.locator("table.analysis")).to_contain_text("32.53")
    # The chart is drawn by the site's own ECharts.
    page.wait_for_function(
        "() => window.echarts"
        " && echarts.getInstanceByDom(document.querySelector('[data-trial-chart]'))"
    )
    assert page_width(page) <= 390
