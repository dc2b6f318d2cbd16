"""The skills matrix of a unit: which skills and people it lists, its links, its exports,
and that its queries do not grow with its size."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gexin.org.tests.factories import PersonFactory, UnitFactory
from gexin.people import skills
from gexin.people.models import SkillKind, SkillLevelValue
from gexin.people.tests.factories_skills import examples, make_skill, set_level

pytestmark = pytest.mark.django_db

MATRIX = "/skills/matrix/"


def test_a_unit_s_matrix_lists_its_own_its_ancestors_and_its_sub_units_skills(world):
    found = examples(world)
    shop = world.unit("plant-a-machine")
    milling = UnitFactory(code="plant-a-milling", parent=shop, kind="union_group")
    gears = make_skill(milling, "gear-cutting")
    miller = PersonFactory(employee_number="A-900", unit=milling)
    plant = make_skill(world.unit("plant-a"), "safety-rules")
    turning = skills.skill_matrix(world.unit("plant-a-turning"))
    assert {s.code for s in turning.skills} == {"thread-cutting", "lathe-large", "safety-rules"}
    workshop = skills.skill_matrix(shop)
    assert {s.code for s in workshop.skills} == {
        "thread-cutting",
        "lathe-large",
        "gear-cutting",
        "safety-rules",
    }
    # The turning group's machine does not apply to the miller, nor the gears to turners.
    row = next(r for r in workshop.rows if r.person == miller)
    applies = {cell.skill.code: cell.applies for cell in row.cells}
    assert applies["lathe-large"] is False and applies["gear-cutting"] is True
    assert applies["thread-cutting"] is True and applies["safety-rules"] is True
    assert gears and plant and found


def test_operations_come_before_machines_in_their_place(world):
    turning = world.unit("plant-a-turning")
    make_skill(turning, "z-lathe", SkillKind.MACHINE, position=1)
    make_skill(turning, "b-op", position=2)
    make_skill(turning, "a-op", position=3)
    make_skill(turning, "c-op", position=1)
    codes = [s.code for s in skills.skill_matrix(turning).skills]
    assert codes == ["c-op", "b-op", "a-op", "z-lathe"]


def test_the_matrix_leaves_out_inactive_people_and_skills(world):
    found = examples(world)
    turning = world.unit("plant-a-turning")
    make_skill(turning, "old-op", is_active=False)
    gone = PersonFactory(employee_number="A-901", unit=turning, is_active=False)
    matrix = skills.skill_matrix(turning)
    assert "old-op" not in {s.code for s in matrix.skills}
    assert gone not in [row.person for row in matrix.rows]
    turner = next(row for row in matrix.rows if row.person == found["person"])
    levels = {cell.skill.code: cell.level for cell in turner.cells}
    assert levels["lathe-large"].level == SkillLevelValue.ALONE
    assert levels["thread-cutting"] is None
    assert matrix.alone_counts == [0, 1]


def test_the_matrix_query_count_does_not_grow_with_people_or_skills(world):
    turning = world.unit("plant-a-turning")
    examples(world)

    def count():
        with CaptureQueriesContext(connection) as queries:
            matrix = skills.skill_matrix(turning, world.user("leader_a"))
            [cell.level for row in matrix.rows for cell in row.cells]
            [row.person.unit.code for row in matrix.rows]
        return len(queries)

    before = count()
    for n in range(15):
        person = PersonFactory(employee_number=f"A-5{n:02d}", unit=turning)
        skill = make_skill(turning, f"op-{n}")
        set_level(person, skill, SkillLevelValue.LEARNING)
    assert count() == before


def test_the_matrix_page_query_count_does_not_grow(world, client_for):
    turning = world.unit("plant-a-turning")
    examples(world)
    client = client_for("leader_a")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(MATRIX, {"unit": "plant-a-turning"}).status_code == 200
        return len(queries)

    before = count()
    for n in range(10):
        person = PersonFactory(employee_number=f"A-6{n:02d}", unit=turning)
        set_level(person, make_skill(turning, f"op-{n}"), SkillLevelValue.ALONE)
    assert count() == before


def test_a_worker_reads_the_matrix_and_its_skills_but_gets_no_links(world, client_for):
    found = examples(world)
    client = client_for("worker_a")
    page = client.get(MATRIX).content.decode()
    assert "Thread cutting" in page and "Large lathe" in page
    assert "/skill-levels/add/" not in page and "/edit/" not in page
    # The workshop's skill shows in the group's list and on its own page.
    assert client.get(found["skill"].get_absolute_url()).status_code == 200
    assert client_for("worker_b").get(found["skill"].get_absolute_url()).status_code == 404


def test_the_matrix_of_an_unknown_or_unseen_unit_is_not_found(world, client_for):
    examples(world)
    client = client_for("worker_a")
    assert client.get(MATRIX, {"unit": "nowhere"}).status_code == 404
    assert client.get(MATRIX, {"unit": "plant-b-rolling"}).status_code == 404
    assert client_for("stranger").get(MATRIX).status_code == 403


def test_a_manager_exports_the_matrix_as_csv_and_xlsx(world, client_for):
    from openpyxl import load_workbook

    found = examples(world)
    client = client_for("manager_a")
    csv = client.get(MATRIX, {"unit": "plant-a-turning", "export": "csv"})
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Employee number,Name,Unit,Skill grade,thread-cutting")
    assert any(line.startswith("A-003,") and line.endswith(",,3") for line in lines)
    xlsx = client.get(MATRIX, {"unit": "plant-a-turning", "export": "xlsx"})
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    turner = next(row for row in rows if row[0] == "A-003")
    assert turner[-1] == 3  # a number the spreadsheet can count
    assert [row[1] for row in book.worksheets[1].iter_rows(values_only=True)][2] == "works alone"
    # A group leader keeps the matrix but does not export it.
    leader = client_for("leader_a")
    assert leader.get(MATRIX, {"unit": "plant-a-turning", "export": "csv"}).status_code == 403
    assert "export=xlsx" not in leader.get(MATRIX).content.decode()
    assert found


def test_a_very_large_unit_asks_for_a_smaller_one(world, client_for, monkeypatch):
    from gexin.people.views import skills as views

    examples(world)
    monkeypatch.setattr(views, "MATRIX_MAX_PEOPLE", 2)
    page = client_for("admin").get(MATRIX, {"unit": "plant-a"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "More than 2 people" in body and 'id="skill-matrix"' not in body
    assert "?unit=plant-a-machine" in body


def test_the_matrix_shows_in_chinese(world, client_for):
    found = examples(world)
    found["skill"].name_zh = "车螺纹"
    found["skill"].save()
    client = client_for("leader_a")
    client.cookies["django_language"] = "zh-hans"
    page = client.get(MATRIX, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "车螺纹" in page
