"""On a phone: the group leader reads the skills matrix (it scrolls inside its box, not the
page), sets a level from a cell, records a passed grade exam and sees the new grade on
the person's skills page; the matrix follows the language."""

import pytest
from playwright.sync_api import expect

from gexin.core.testing import build_world
from gexin.people.models import SkillKind, SkillLevelValue
from gexin.people.tests.factories_skills import make_skill, set_level
from gexin.plans.catalogue import install
from gexin.plans.models import Metric

from .test_browser import page_width, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OPERATIONS = [
    ("outer-turning", "Outer turning", "车外圆"),
    ("thread-cutting", "Thread cutting", "车螺纹"),
    ("fine-thread", "Fine-thread screws", "车细牙螺丝"),
    ("boring", "Boring", "镗孔"),
    ("tool-grinding", "Tool grinding", "磨车刀"),
    ("cooler-pipes", "Cooler pipes", "车冷却机管子"),
    ("spring-sleeves", "Cooler spring sleeves", "车弹簧套筒"),
]
MACHINES = [
    ("lathe-large", "Large lathe", "大车床"),
    ("lathe-small", "Small lathe", "小车床"),
    ("lathe-turret", "Turret lathe", "六角车床"),
]


@pytest.fixture
def world_db(transactional_db):
    install(Metric)
    world = build_world()
    turning = world.units["plant-a-turning"]
    made = {}
    for position, (code, name, name_zh) in enumerate(OPERATIONS, start=1):
        made[code] = make_skill(turning, code, name=name, name_zh=name_zh, position=position)
    for position, (code, name, name_zh) in enumerate(MACHINES, start=1):
        made[code] = make_skill(
            turning, code, SkillKind.MACHINE, name=name, name_zh=name_zh, position=position
        )
    set_level(world.people["turner_a"], made["lathe-large"], SkillLevelValue.TEACHES)
    return world


def fits(page):
    assert page_width(page) <= 390


def test_the_leader_keeps_the_matrix_on_a_phone(page, world_db):
    sign_in(page, "leader_a")
    page.goto(page.base_url + "/skills/matrix/?unit=plant-a-turning")
    matrix = page.locator("#skill-matrix")
    expect(matrix).to_contain_text("Fine-thread screws")
    expect(page.locator("#skill-legend")).to_contain_text("can teach others")
    fits(page)
    # The wide table scrolls inside its box.
    wrap = page.locator(".skill-matrix-wrap")
    assert wrap.evaluate("box => box.scrollWidth > box.clientWidth")

    # Worker A has no level in thread cutting yet: the cell offers to set one.
    row = matrix.locator("tbody tr", has_text="Worker A")
    row.locator("td.cell").nth(1).locator("a").click()
    expect(page.get_by_label("Person")).to_have_value("A-002")
    page.get_by_label("Level").select_option(str(SkillLevelValue.SUPERVISED.value))
    fits(page)
    page.get_by_role("button", name="Create").click()
    # Back on the matrix, the cell shows the new mark.
    expect(page.locator("h1")).to_contain_text("Skills matrix")
    cell = page.locator("#skill-matrix tbody tr", has_text="Worker A").locator("td.cell").nth(1)
    expect(cell).to_contain_text("◑ 2")

    # The person's page: record a passed grade 5 exam.
    page.locator("#skill-matrix tbody tr", has_text="Worker A").locator("th a").click()
    expect(page.locator("h1")).to_contain_text("Skills of Worker A")
    fits(page)
    page.get_by_role("link", name="Record an exam or assessment").click()
    page.get_by_label("Grade sought").select_option(label="grade 5")
    page.get_by_label("Held on").fill("1953-11-28")
    page.get_by_label("Result").select_option("passed")
    page.get_by_label("Examiners").fill("Plant grade examination committee")
    fits(page)
    page.get_by_role("button", name="Create").click()
    expect(page.locator(".message")).to_contain_text("holds grade 5 from 1953-11-28")
    page.get_by_role("link", name="Skills of Worker A").click()
    expect(page.locator("[data-grade]")).to_have_text("grade 5")
    expect(page.locator("#grade-history")).to_contain_text("Passed the grade 5 exam")
    fits(page)


def test_the_matrix_follows_the_language_and_names_who_may_operate(page, world_db):
    sign_in(page, "worker_a")
    page.select_option("#language-select", "zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.goto(page.base_url + "/skills/matrix/")
    matrix = page.locator("#skill-matrix")
    expect(matrix).to_contain_text("车细牙螺丝")
    expect(matrix).to_contain_text("六角车床")
    # A worker reads the matrix but has no cells to set.
    expect(matrix.locator("td.cell a")).to_have_count(0)
    fits(page)
    turner = world_db.people["turner_a"]
    page.goto(page.base_url + f"/people/{turner.pk}/skills/")
    expect(page.locator("#may-operate")).to_contain_text("大车床")
    fits(page)
