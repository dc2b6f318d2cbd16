"""Pages of skills, levels, grade changes and assessments: who sees and keeps what, the
person's skills page, the unit page's card and the menu."""

import datetime

import pytest
from django.urls import reverse

from gexin.core.testing import ViewContract
from gexin.org.choices import Role, SkillGrade
from gexin.org.tests.factories import RoleAssignmentFactory
from gexin.people.models import GradeChange, SkillLevel, SkillLevelValue
from gexin.people.tests.factories_skills import examples, make_skill

pytestmark = pytest.mark.django_db


class TestSkillPages(ViewContract):
    app = "people"
    model_name = "skill"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["skill"], "out_of_scope": found["skill_b"]}

    def valid_edit(self, world, obj):
        return {
            "unit": obj.unit.code,
            "code": obj.code,
            "name": "Thread cutting (screws and bolts)",
            "name_zh": "车螺纹",
            "kind": obj.kind,
            "position": "2",
            "description": "",
            "is_active": "on",
        }

    def invalid_edit(self, world, obj):
        return {**self.valid_edit(world, obj), "code": "Thread Cutting"}, "code"

    def export_key(self, obj):
        return obj.code


class TestSkillLevelPages(ViewContract):
    app = "people"
    model_name = "skilllevel"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["level"], "out_of_scope": found["level_b"]}

    def valid_edit(self, world, obj):
        return {
            "person": obj.person.employee_number,
            "skill": obj.skill_id,
            "level": SkillLevelValue.TEACHES,
            "assessed_on": "1953-07-01",
            "assessed_by": "A-001",
            "note": "teaches the apprentices on the large lathe",
        }

    def invalid_edit(self, world, obj):
        return {**self.valid_edit(world, obj), "assessed_on": "July"}, "assessed_on"

    def export_key(self, obj):
        return obj.person.employee_number


class TestGradeChangePages(ViewContract):
    app = "people"
    model_name = "gradechange"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["joined"], "out_of_scope": found["grade_change_b"]}

    def valid_edit(self, world, obj):
        return {
            "person": obj.person.employee_number,
            "grade": obj.grade,
            "effective_on": obj.effective_on.isoformat(),
            "reason": "graded on joining, from the personnel file",
        }

    def invalid_edit(self, world, obj):
        return {**self.valid_edit(world, obj), "effective_on": "soon"}, "effective_on"

    def export_key(self, obj):
        return obj.person.employee_number


class TestAssessmentPages(ViewContract):
    app = "people"
    model_name = "assessment"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["assessment"], "out_of_scope": found["assessment_b"]}

    def valid_edit(self, world, obj):
        return {
            "person": obj.person.employee_number,
            "kind": obj.kind,
            "held_on": obj.held_on.isoformat(),
            "grade_sought": obj.grade_sought,
            "skill": "",
            "level_reached": "",
            "score": "82",
            "result": obj.result,
            "examiners": "grade examination committee",
            "note": "",
        }

    def invalid_edit(self, world, obj):
        return {**self.valid_edit(world, obj), "score": "120"}, "score"

    def export_key(self, obj):
        return obj.person.employee_number


def test_a_group_leader_sets_a_level_from_a_matrix_cell(world, client_for):
    found = examples(world)
    client = client_for("leader_a")
    matrix = reverse("people:skill_matrix") + "?unit=plant-a-turning"
    page = client.get(matrix).content.decode()
    add = f"/skill-levels/add/?person=A-002&amp;skill={found['skill'].pk}"
    assert add in page
    form = client.get(add.replace("&amp;", "&"))
    assert form.context["form"].initial["skill"] == found["skill"].pk
    response = client.post(
        reverse("people:skilllevel_add"),
        {
            "person": "A-002",
            "skill": found["skill"].pk,
            "level": SkillLevelValue.SUPERVISED,
            "assessed_on": "1953-07-01",
            "return_url": matrix,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == matrix
    level = SkillLevel.objects.get(person=world.people["worker_a"], skill=found["skill"])
    assert level.level == SkillLevelValue.SUPERVISED


def test_a_level_outside_the_skill_s_unit_is_refused_on_the_form(world, client_for):
    found = examples(world)
    other = make_skill(world.unit("plant-a-turning"), "boring")
    # The manager of plant A sits in plant A itself, above the turning group's matrix.
    response = client_for("manager_a").post(
        reverse("people:skilllevel_add"),
        {"person": "A-100", "skill": other.pk, "level": 1, "assessed_on": "1953-07-01"},
    )
    assert response.status_code == 400
    assert "is not in Turning group A" in str(response.context["form"].errors["person"])
    assert found


def test_a_second_level_in_the_same_skill_is_refused(world, client_for):
    found = examples(world)
    response = client_for("leader_a").post(
        reverse("people:skilllevel_add"),
        {"person": "A-003", "skill": found["machine"].pk, "level": 4, "assessed_on": "1953-07-01"},
    )
    assert response.status_code == 400
    assert "already has a level" in str(response.context["form"].errors["skill"])


def test_people_of_another_plant_cannot_be_chosen(world, client_for):
    found = examples(world)
    response = client_for("leader_a").post(
        reverse("people:gradechange_add"),
        {"person": "B-002", "grade": SkillGrade.GRADE_5, "effective_on": "1953-07-01"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["person"]
    assert found["grade_change_b"].grade == SkillGrade.GRADE_2


def test_a_passed_exam_recorded_on_the_page_gives_the_grade(world, client_for):
    examples(world)
    worker = world.people["worker_a"]
    client = client_for("leader_a")
    response = client.post(
        reverse("people:assessment_add"),
        {
            "person": "A-002",
            "kind": "grade_exam",
            "held_on": "1953-12-10",
            "grade_sought": SkillGrade.GRADE_5,
            "result": "passed",
            "examiners": "committee",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    worker.refresh_from_db()
    assert worker.skill_grade == SkillGrade.GRADE_5
    change = GradeChange.objects.get(person=worker)
    assert change.assessment is not None and change.effective_on.isoformat() == "1953-12-10"
    page = client.get(reverse("people:person_skills", args=[worker.pk])).content.decode()
    assert 'data-grade="5"' in page and "Passed the grade 5 exam" in page


def test_deleting_the_exam_that_gave_the_current_grade_is_refused_with_a_message(world, client_for):
    exam = examples(world)["assessment"]
    client = client_for("admin")
    warning = client.get(reverse("people:assessment_delete", args=[exam.pk]))
    assert "current grade" in warning.content.decode()
    response = client.post(
        reverse("people:assessment_delete", args=[exam.pk]), {"reason": "x"}, follow=True
    )
    assert "cannot be undone while that grade stands" in response.content.decode()
    assert type(exam).objects.filter(pk=exam.pk).exists()


def test_a_grade_change_given_by_an_exam_is_not_deleted_on_its_own(world, client_for):
    change = examples(world)["grade_change"]
    page = client_for("admin").get(change.get_absolute_url()).content.decode()
    assert reverse("people:gradechange_delete", args=[change.pk]) not in page
    response = client_for("admin").post(
        reverse("people:gradechange_delete", args=[change.pk]), {"reason": "x"}, follow=True
    )
    assert "correct or delete the exam" in response.content.decode()
    assert GradeChange.objects.filter(pk=change.pk).exists()


def test_deleting_the_current_grade_change_asks_for_the_reason(world, client_for):
    person = world.people["worker_a"]
    from gexin.people.tests.factories_skills import grade_change

    grade_change(person, SkillGrade.GRADE_3, on=datetime.date(1950, 1, 1))
    newest = grade_change(person, SkillGrade.GRADE_5, on=datetime.date(1953, 1, 1))
    url = reverse("people:gradechange_delete", args=[newest.pk])
    refused = client_for("leader_a").post(url, {"reason": ""})
    assert refused.status_code == 400
    response = client_for("leader_a").post(url, {"reason": "entered for the wrong person"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.skill_grade == SkillGrade.GRADE_3


def test_the_person_page_links_to_the_skills_page(world, client_for):
    person = examples(world)["person"]
    page = client_for("worker_a").get(person.get_absolute_url()).content.decode()
    assert reverse("people:person_skills", args=[person.pk]) in page


def test_the_skills_page_shows_history_assessments_levels_and_machines(world, client_for):
    found = examples(world)
    page = client_for("worker_a").get(reverse("people:person_skills", args=[found["person"].pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "graded on joining" in body and "Passed the grade 4 exam on 1953-11-20" in body
    assert 'id="may-operate"' in body and "Large lathe" in body
    # A worker reads but keeps nothing: no buttons to record.
    assert "Record a grade change" not in body
    leader = client_for("leader_a").get(reverse("people:person_skills", args=[found["person"].pk]))
    assert "Record a grade change" in leader.content.decode()


def test_the_unit_page_card_links_to_the_matrix(world, client_for):
    examples(world)
    unit = world.unit("plant-a-turning")
    panel = client_for("worker_a").get(reverse("people:unit_skills_panel", args=[unit.pk]))
    body = panel.content.decode()
    assert "/skills/matrix/?unit=plant-a-turning" in body
    assert "1 operation" in body and "1 machine" in body
    assert reverse("people:unit_skills_panel", args=[unit.pk]) in (
        client_for("worker_a").get(unit.get_absolute_url()).content.decode()
    )
    # A unit whose matrix lists nothing has no card.
    from gexin.org.tests.factories import UnitFactory

    plant_c = UnitFactory(code="plant-c", parent=world.unit("hubei"))
    empty = client_for("admin").get(reverse("people:unit_skills_panel", args=[plant_c.pk]))
    assert empty.content == b""


def test_a_technician_keeps_levels_and_a_committee_member_exports(world, client_for):
    found = examples(world)
    from gexin.org.tests.factories import PersonFactory, UserFactory

    tech = PersonFactory(unit=world.unit("plant-a-turning"), user=UserFactory(username="tech"))
    RoleAssignmentFactory(person=tech, unit=world.unit("plant-a-turning"), role=Role.TECHNICIAN)
    committee = PersonFactory(unit=world.unit("plant-a"), user=UserFactory(username="committee"))
    RoleAssignmentFactory(person=committee, unit=world.unit("plant-a"), role=Role.COMMITTEE_MEMBER)
    from django.test import Client

    tech_client, committee_client = Client(), Client()
    tech_client.force_login(tech.user)
    committee_client.force_login(committee.user)
    level_url = reverse("people:skilllevel_edit", args=[found["level"].pk])
    assert tech_client.get(level_url).status_code == 200
    assert tech_client.get(reverse("people:skilllevel_list"), {"export": "csv"}).status_code == 403
    assert committee_client.get(level_url).status_code == 403
    export = committee_client.get(reverse("people:skilllevel_list"), {"export": "csv"})
    assert export.status_code == 200 and "A-003" in export.content.decode("utf-8-sig")


def test_the_menu_offers_the_matrix(world, client_for):
    page = client_for("worker_a").get(reverse("home")).content.decode()
    assert reverse("people:skill_matrix") in page
    assert (
        reverse("people:skill_matrix")
        not in client_for("stranger").get(reverse("home")).content.decode()
    )


@pytest.mark.parametrize(
    "url_name",
    ["skill_list", "skilllevel_list", "gradechange_list", "assessment_list", "person_skills"],
)
def test_list_queries_do_not_grow_with_rows(world, client_for, url_name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gexin.org.tests.factories import PersonFactory
    from gexin.people.tests.factories_skills import grade_change, grade_exam, set_level

    found = examples(world)
    turning = world.unit("plant-a-turning")
    client = client_for("leader_a")
    args = [found["person"].pk] if url_name == "person_skills" else []
    url = reverse(f"people:{url_name}", args=args)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for n in range(6):
        skill = make_skill(turning, f"op-{n}")
        person = PersonFactory(employee_number=f"A-7{n:02d}", unit=turning, skill_grade=3)
        set_level(person, skill, SkillLevelValue.ALONE)
        set_level(found["person"], skill, SkillLevelValue.LEARNING)
        grade_change(person, SkillGrade.GRADE_3, on=datetime.date(1950, 1, 1))
        grade_exam(person, SkillGrade.GRADE_4, on=datetime.date(1953, 11, 28))
    grade_change(found["person"], SkillGrade.GRADE_5, on=datetime.date(1955, 1, 1))
    assert count() == before
