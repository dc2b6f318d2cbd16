"""The org API follows the shared API contract, plus lookups by code and tree rules."""

import pytest
from django.db.models import F

from gexin.core.testing import APIContract
from gexin.org.models import Unit

pytestmark = pytest.mark.django_db


class TestPeopleAPI(APIContract):
    endpoint = "people"
    viewer, editor = "worker_a", "manager_a"

    def objects(self, world):
        return {"in_scope": world.people["turner_a"], "out_of_scope": world.people["roller_b"]}

    def valid_patch(self, world, obj):
        return {"skill_grade": 7, "name_latin": "Zhang Sen"}

    def valid_create(self, world):
        return {
            "employee_number": "A-777",
            "name": "王五",
            "unit": "plant-a-turning",
            "skill_grade": 0,
        }

    def test_a_person_cannot_be_moved_out_of_scope(self, world, api_for):
        person = world.people["turner_a"]
        response = api_for("manager_a").patch(
            f"/api/v1/people/{person.pk}/", {"unit": "plant-b-shift-1"}, format="json"
        )
        assert response.status_code == 400
        assert "unit" in response.json()
        person.refresh_from_db()
        assert person.unit.code == "plant-a-turning"

    def test_filter_within_a_unit_by_code(self, world, api_for):
        response = api_for("admin").get("/api/v1/people/", {"within": "plant-a-machine"})
        numbers = sorted(row["employee_number"] for row in response.json()["results"])
        assert numbers == ["A-001", "A-002", "A-003"]

    def test_bad_skill_grade_is_explained(self, world, api_for):
        person = world.people["turner_a"]
        response = api_for("manager_a").patch(
            f"/api/v1/people/{person.pk}/", {"skill_grade": 9}, format="json"
        )
        assert response.status_code == 400
        assert "skill_grade" in response.json()


class TestUnitsAPI(APIContract):
    endpoint = "units"
    viewer, editor = "worker_a", "manager_a"

    def objects(self, world):
        return {
            "in_scope": world.units["plant-a-turning"],
            "out_of_scope": world.units["plant-b-rolling"],
        }

    def valid_patch(self, world, obj):
        return {"name": "Turning union group"}

    def valid_create(self, world):
        return {
            "code": "plant-a-milling",
            "name": "Milling group",
            "kind": "union_group",
            "parent": "plant-a-machine",
            "work_type": "machining",
        }

    def test_a_unit_is_found_by_code(self, world, api_for):
        response = api_for("worker_a").get("/api/v1/units/plant-a-turning/")
        assert response.status_code == 200
        assert response.json()["parent"] == "plant-a-machine"

    def test_another_plants_unit_is_not_found_by_id_or_code(self, world, api_for):
        other = world.units["plant-b"]
        assert api_for("manager_a").get(f"/api/v1/units/{other.pk}/").status_code == 404
        assert api_for("manager_a").get("/api/v1/units/plant-b/").status_code == 404

    def test_kind_must_sit_below_the_parent(self, world, api_for):
        data = {"code": "bad", "name": "Bad", "kind": "plant", "parent": "plant-a-machine"}
        response = api_for("manager_a").post("/api/v1/units/", data, format="json")
        assert response.status_code == 400
        assert "kind" in response.json()

    def test_only_a_superuser_creates_a_root(self, world, api_for):
        data = {"code": "another-ministry", "name": "Another", "kind": "ministry", "parent": None}
        response = api_for("admin").post("/api/v1/units/", data, format="json")
        assert response.status_code == 400

    def test_moving_a_unit_moves_its_subtree(self, world, api_for):
        response = api_for("admin").patch(
            "/api/v1/units/plant-a-machine/", {"parent": "plant-b"}, format="json"
        )
        assert response.status_code == 200
        turning = Unit.objects.get(code="plant-a-turning")
        assert turning.path.startswith(Unit.objects.get(code="plant-b").path)

    def test_a_unit_with_sub_units_cannot_be_deleted(self, world, api_for):
        response = api_for("admin").delete("/api/v1/units/plant-a-machine/")
        assert response.status_code == 409

    def test_list_is_paginated_and_filtered_by_kind(self, world, api_for):
        response = api_for("admin").get("/api/v1/units/", {"kind": "workshop", "page_size": 1})
        body = response.json()
        assert body["count"] == 2
        assert len(body["results"]) == 1
        assert body["next"]


class TestRolesAPI(APIContract):
    endpoint = "roles"
    viewer, editor = "worker_a", "admin_a"

    def objects(self, world):
        return {"in_scope": world.roles["leader_a"], "out_of_scope": world.roles["deputy_b"]}

    def valid_patch(self, world, obj):
        return {"role": "deputy_leader"}

    def valid_create(self, world):
        return {"person": "A-002", "unit": "plant-a-turning", "role": "production_officer"}

    def test_a_role_cannot_be_given_on_another_plant(self, world, api_for):
        data = {"person": "A-002", "unit": "plant-b-shift-1", "role": "manager"}
        response = api_for("admin_a").post("/api/v1/roles/", data, format="json")
        assert response.status_code == 400


def test_token_from_credentials_lists_units(world, client):
    response = client.post(
        "/api/v1/auth/token/",
        {"username": "manager_a", "password": "secret-pass-123"},
        content_type="application/json",
    )
    assert response.status_code == 200
    token = response.json()["token"]
    listing = client.get("/api/v1/units/", HTTP_AUTHORIZATION=f"Token {token}")
    assert listing.status_code == 200
    assert {row["code"] for row in listing.json()["results"]} == {
        "plant-a",
        "plant-a-machine",
        "plant-a-turning",
    }


def test_work_types_are_read_by_all_and_changed_by_the_top_administrator(world, api_for):
    assert api_for("worker_b").get("/api/v1/work-types/").json()["count"] == 2
    wt = world.work_types["rolling"]
    assert (
        api_for("admin_a")
        .patch(f"/api/v1/work-types/{wt.pk}/", {"name_zh": "轧"}, format="json")
        .status_code
        == 403
    )
    assert (
        api_for("admin")
        .patch(f"/api/v1/work-types/{wt.pk}/", {"name_zh": "轧"}, format="json")
        .status_code
        == 200
    )


def test_the_fast_unit_representation_equals_drfs_own(world, rf):
    from rest_framework import serializers
    from rest_framework.request import Request

    from gexin.org.api import UnitSerializer

    request = Request(rf.get("/api/v1/units/"))
    for unit in Unit.objects.all():
        serializer = UnitSerializer(context={"request": request})
        drf = serializers.ModelSerializer.to_representation(serializer, unit)
        assert serializer.to_representation(unit) == dict(drf), unit.code
        annotated = Unit.objects.annotate(
            parent_code=F("parent__code"), work_type_code=F("work_type__code")
        ).get(pk=unit.pk)
        assert serializer.to_representation(annotated) == dict(drf), unit.code
