"""The API of skills, levels, grade changes, assessments and the skills matrix."""

import pytest

from gexin.core.testing import APIContract
from gexin.org.choices import SkillGrade
from gexin.people.models import GradeChange, SkillLevel, SkillLevelValue
from gexin.people.tests.factories_skills import examples, grade_exam

pytestmark = pytest.mark.django_db


class TestSkillAPI(APIContract):
    endpoint = "skills"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["skill"], "out_of_scope": found["skill_b"]}

    def valid_patch(self, world, obj):
        return {"name_zh": "车螺纹", "position": 2}

    def valid_create(self, world):
        examples(world)
        return {
            "unit": "plant-a-turning",
            "code": "fine-thread",
            "name": "Fine thread screws",
            "kind": "operation",
        }


class TestSkillLevelAPI(APIContract):
    endpoint = "skill-levels"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["level"], "out_of_scope": found["level_b"]}

    def valid_patch(self, world, obj):
        return {"level": SkillLevelValue.TEACHES, "assessed_by": "A-001"}

    def valid_create(self, world):
        found = examples(world)
        return {
            "person": "A-002",
            "skill": found["skill"].pk,
            "level": SkillLevelValue.LEARNING,
            "assessed_on": "1953-07-01",
        }


class TestGradeChangeAPI(APIContract):
    endpoint = "grade-changes"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["joined"], "out_of_scope": found["grade_change_b"]}

    def valid_patch(self, world, obj):
        return {"reason": "graded on joining, from the personnel file"}

    def valid_create(self, world):
        examples(world)
        return {"person": "A-002", "grade": SkillGrade.GRADE_5, "effective_on": "1953-07-01"}


class TestAssessmentAPI(APIContract):
    endpoint = "assessments"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["assessment"], "out_of_scope": found["assessment_b"]}

    def valid_patch(self, world, obj):
        return {"score": 82, "examiners": "grade examination committee"}

    def valid_create(self, world):
        found = examples(world)
        return {
            "person": "A-002",
            "kind": "skill_assessment",
            "held_on": "1953-09-01",
            "skill": found["skill"].pk,
            "level_reached": SkillLevelValue.ALONE,
            "result": "passed",
        }


def test_a_passed_exam_posted_gives_its_grade_change(world, api_for):
    examples(world)
    response = api_for("leader_a").post(
        "/api/v1/assessments/",
        {
            "person": "A-002",
            "kind": "grade_exam",
            "held_on": "1953-12-10",
            "grade_sought": SkillGrade.GRADE_5,
            "result": "passed",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    change = GradeChange.objects.get(pk=response.json()["grade_change"])
    assert change.grade == SkillGrade.GRADE_5
    person = api_for("leader_a").get(f"/api/v1/people/{world.people['worker_a'].pk}/").json()
    assert person["skill_grade"] == SkillGrade.GRADE_5


def test_turning_the_current_exam_to_failed_answers_400_and_deleting_it_409(world, api_for):
    exam = examples(world)["assessment"]
    api = api_for("leader_a")
    patched = api.patch(f"/api/v1/assessments/{exam.pk}/", {"result": "failed"}, format="json")
    assert patched.status_code == 400
    assert "current grade" in str(patched.json()["result"])
    deleted = api.delete(f"/api/v1/assessments/{exam.pk}/")
    assert deleted.status_code == 409
    assert "cannot be undone" in deleted.json()["detail"]
    linked = api.delete(f"/api/v1/grade-changes/{exam.grade_change.pk}/")
    assert linked.status_code == 409


def test_a_superseded_exam_turned_to_failed_loses_its_grade_change(world, api_for):
    found = examples(world)
    exam = found["assessment"]
    grade_exam(found["person"], SkillGrade.GRADE_5, on=exam.held_on.replace(year=1955))
    response = api_for("leader_a").patch(
        f"/api/v1/assessments/{exam.pk}/", {"result": "failed"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["grade_change"] is None
    assert not GradeChange.objects.filter(assessment=exam).exists()


def test_a_grade_going_down_without_a_reason_is_refused(world, api_for):
    examples(world)
    response = api_for("leader_a").post(
        "/api/v1/grade-changes/",
        {"person": "A-003", "grade": SkillGrade.GRADE_2, "effective_on": "1954-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "reason" in response.json()


def test_the_person_and_skill_of_a_level_are_fixed(world, api_for):
    found = examples(world)
    response = api_for("leader_a").patch(
        f"/api/v1/skill-levels/{found['level'].pk}/", {"person": "A-002"}, format="json"
    )
    assert response.status_code == 400
    assert SkillLevel.objects.get(pk=found["level"].pk).person == found["person"]


def test_a_level_cannot_name_a_skill_of_another_plant(world, api_for):
    found = examples(world)
    response = api_for("leader_a").post(
        "/api/v1/skill-levels/",
        {
            "person": "A-002",
            "skill": found["skill_b"].pk,
            "level": 1,
            "assessed_on": "1953-07-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "skill" in response.json()


def test_the_lists_filter_by_unit_person_skill_kind_result_and_dates(world, api_for):
    found = examples(world)
    api = api_for("admin")

    def ids(endpoint, **query):
        rows = api.get(f"/api/v1/{endpoint}/", query).json()["results"]
        return {row["id"] for row in rows}

    assert ids("skills", unit="plant-a-turning") == {found["skill"].pk, found["machine"].pk}
    assert ids("skills", within="plant-b") == {found["skill_b"].pk}
    assert ids("skills", kind="machine") == {found["machine"].pk}
    assert ids("skill-levels", person="A-003") == {found["level"].pk}
    assert ids("skill-levels", skill="roll-setting") == {found["level_b"].pk}
    assert ids("skill-levels", within="plant-a", min_level=3) == {found["level"].pk}
    assert ids("assessments", kind="grade_exam") == {found["assessment"].pk}
    assert ids("assessments", result="passed", within="plant-b") == {found["assessment_b"].pk}
    assert ids("assessments", start="1953-11-01", end="1953-11-30") == {found["assessment"].pk}
    assert ids("grade-changes", person="A-003", by_exam="true") == {found["grade_change"].pk}
    assert ids("grade-changes", end="1952-01-01") == {found["joined"].pk}


def test_the_matrix_endpoint_lists_people_skills_and_levels(world, api_for):
    found = examples(world)
    response = api_for("worker_a").get("/api/v1/skill-matrix/", {"unit": "plant-a-turning"})
    assert response.status_code == 200
    data = response.json()
    assert data["unit"] == "plant-a-turning"
    assert [s["code"] for s in data["skills"]] == ["thread-cutting", "lathe-large"]
    turner = next(row for row in data["people"] if row["employee_number"] == "A-003")
    assert turner["levels"] == {str(found["machine"].pk): 3}
    assert turner["may_operate"] == [found["machine"].pk]
    assert turner["skill_grade"] == SkillGrade.GRADE_4
    assert api_for("worker_a").get("/api/v1/skill-matrix/", {"unit": "plant-b"}).status_code == 404
    assert api_for("stranger").get("/api/v1/skill-matrix/").status_code == 403
    assert api_for(None).get("/api/v1/skill-matrix/").status_code == 401
