"""The org pages follow the shared view contract, plus what is particular to each."""

import pytest
from django.urls import reverse

from gexin.core.testing import ViewContract
from gexin.org.models import Person, RoleAssignment, Unit

pytestmark = pytest.mark.django_db


class TestPersonPages(ViewContract):
    app, model_name = "org", "person"
    viewer, editor, deleter = "worker_a", "manager_a", "admin"

    def objects(self, world):
        return {"in_scope": world.people["turner_a"], "out_of_scope": world.people["roller_b"]}

    def valid_edit(self, world, obj):
        return {
            "employee_number": obj.employee_number,
            "name": "张森",
            "name_latin": "Zhang Sen",
            "unit": "plant-a-turning",
            "skill_grade": "6",
            "date_joined": "1951-03-01",
            "is_union_member": "on",
            "is_active": "on",
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["unit"] = "plant-b-shift-1"
        return data, "unit"

    def export_key(self, obj):
        return obj.employee_number

    def test_a_group_leader_edits_people_of_the_group(self, world, client_for):
        person = world.people["turner_a"]
        response = client_for("leader_a").post(
            reverse("org:person_edit", args=[person.pk]), self.valid_edit(world, person)
        )
        assert response.status_code == 302
        assert Person.objects.get(pk=person.pk).name == "张森"

    def test_a_group_leader_cannot_move_a_person_to_another_plant(self, world, client_for):
        person = world.people["turner_a"]
        data = self.valid_edit(world, person)
        data["unit"] = "plant-b-shift-1"
        response = client_for("leader_a").post(reverse("org:person_edit", args=[person.pk]), data)
        assert response.status_code == 400
        assert "No unit with the code plant-b-shift-1" in response.content.decode()
        assert Person.objects.get(pk=person.pk).unit.code == "plant-a-turning"

    def test_creating_a_person_needs_a_unique_employee_number(self, world, client_for):
        data = self.valid_edit(world, world.people["turner_a"])
        response = client_for("manager_a").post(reverse("org:person_add"), data)
        assert response.status_code == 400
        assert response.context["form"].errors["employee_number"]
        data["employee_number"] = "A-900"
        response = client_for("manager_a").post(reverse("org:person_add"), data)
        assert response.status_code == 302
        assert Person.objects.get(employee_number="A-900").unit.code == "plant-a-turning"

    def test_search_finds_by_name_and_employee_number(self, world, client_for):
        client = client_for("manager_a")
        by_number = client.get(reverse("org:person_list"), {"q": "A-003"})
        assert [p.employee_number for p in by_number.context["page"].object_list] == ["A-003"]
        by_name = client.get(reverse("org:person_list"), {"q": "Manager A"})
        assert [p.employee_number for p in by_name.context["page"].object_list] == ["A-100"]

    def test_htmx_search_returns_only_the_results(self, world, client_for):
        response = client_for("manager_a").get(
            reverse("org:person_list"), {"q": "A-003"}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 200
        assert b"<html" not in response.content
        assert b"A-003" in response.content

    def test_list_paginates(self, world, client_for):
        response = client_for("admin").get(reverse("org:person_list"), {"per_page": 2})
        assert response.context["page"].paginator.num_pages == 4
        assert len(response.context["page"].object_list) == 2


class TestUnitPages(ViewContract):
    app, model_name = "org", "unit"
    viewer, editor, deleter = "worker_a", "manager_a", "admin"

    def objects(self, world):
        return {
            "in_scope": world.units["plant-a-turning"],
            "out_of_scope": world.units["plant-b-rolling"],
        }

    def valid_edit(self, world, obj):
        return {
            "parent_unit": "plant-a-machine",
            "code": obj.code,
            "name": "Turning union group",
            "name_zh": "车工组工会小组",
            "kind": "union_group",
            "work_type": world.work_types["machining"].pk,
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["kind"] = "plant"
        return data, "kind"

    def export_key(self, obj):
        return obj.code

    def test_a_manager_adds_a_unit_inside_the_plant(self, world, client_for):
        data = {
            "parent_unit": "plant-a-machine",
            "code": "plant-a-milling",
            "name": "Milling group",
            "kind": "union_group",
        }
        response = client_for("manager_a").post(reverse("org:unit_add"), data)
        assert response.status_code == 302
        unit = Unit.objects.get(code="plant-a-milling")
        assert unit.parent == world.units["plant-a-machine"]
        assert unit.path.startswith(world.units["plant-a"].path)

    def test_a_manager_cannot_add_a_unit_in_another_plant(self, world, client_for):
        data = {
            "parent_unit": "plant-b-rolling",
            "code": "plant-b-new",
            "name": "New",
            "kind": "union_group",
        }
        response = client_for("manager_a").post(reverse("org:unit_add"), data)
        assert response.status_code == 400
        assert response.context["form"].errors["parent_unit"]
        assert not Unit.objects.filter(code="plant-b-new").exists()

    def test_codes_must_be_slugs(self, world, client_for):
        data = {
            "parent_unit": "plant-a-machine",
            "code": "Bad Code",
            "name": "X",
            "kind": "union_group",
        }
        response = client_for("manager_a").post(reverse("org:unit_add"), data)
        assert response.status_code == 400
        assert response.context["form"].errors["code"]

    def test_moving_a_unit_takes_its_people_along(self, world, client_for):
        turning = world.units["plant-a-turning"]
        data = self.valid_edit(world, turning)
        data["parent_unit"] = "plant-a"
        response = client_for("admin").post(reverse("org:unit_edit", args=[turning.pk]), data)
        assert response.status_code == 302
        turning.refresh_from_db()
        assert turning.parent.code == "plant-a"
        assert turning.depth == 4
        assert Person.objects.filter(unit__path__startswith=turning.path).count() == 3
        # Scoped lists read the copy of the path kept on each person: it moved too.
        for person in Person.objects.filter(unit__path__startswith=turning.path).select_related(
            "unit"
        ):
            assert person.unit_path == person.unit.path
        assert Person.objects.restrict(world.user("manager_a")).filter(unit=turning).count() == 3

    def test_a_unit_cannot_move_under_itself(self, world, client_for):
        machine = world.units["plant-a-machine"]
        data = {
            "parent_unit": "plant-a-turning",
            "code": machine.code,
            "name": machine.name,
            "kind": "section",
        }
        response = client_for("admin").post(reverse("org:unit_edit", args=[machine.pk]), data)
        assert response.status_code == 400
        assert "under itself" in str(response.context["form"].errors)

    def test_a_unit_with_people_cannot_be_deleted(self, world, client_for):
        turning = world.units["plant-a-turning"]
        response = client_for("admin").post(reverse("org:unit_delete", args=[turning.pk]))
        assert response.status_code == 302
        assert Unit.objects.filter(pk=turning.pk).exists()

    def test_an_empty_unit_is_deleted_and_its_deletion_recorded(self, world, client_for):
        from gexin.core.models import ChangeRecord

        shift = world.units["plant-b-shift-1"]
        RoleAssignment.objects.filter(unit=shift).delete()
        Person.objects.filter(unit=shift).delete()
        response = client_for("admin").post(
            reverse("org:unit_delete", args=[shift.pk]), {"reason": "merged"}
        )
        assert response.status_code == 302
        assert not Unit.objects.filter(pk=shift.pk).exists()
        record = ChangeRecord.objects.filter(
            content_type__model="unit", object_id=str(shift.pk), kind="delete"
        ).get()
        assert record.reason == "merged"
        assert Unit.objects.get(code="plant-b-rolling").numchild == 0

    def test_tree_starts_at_the_top_of_the_users_scope(self, world, client_for):
        body = client_for("manager_a").get(reverse("org:unit_tree")).content.decode()
        assert "Plant A" in body and "Machine shop A" in body
        assert "Hubei" not in body and "Plant B" not in body
        assert "Turning group A" not in body  # two levels down: loaded when opened
        children = client_for("manager_a").get(
            reverse("org:unit_children", args=[world.units["plant-a-machine"].pk])
        )
        assert b"Turning group A" in children.content

    def test_unit_lookup_suggests_only_units_in_scope(self, world, client_for):
        response = client_for("manager_a").get(reverse("org:unit_lookup"), {"q": "plant"})
        body = response.content.decode()
        assert "plant-a-turning" in body
        assert "plant-b" not in body

    def test_unit_by_code_redirects_or_hides(self, world, client_for):
        ok = client_for("manager_a").get(reverse("org:unit_by_code", args=["plant-a-turning"]))
        assert ok.status_code == 302
        assert (
            client_for("manager_a").get(reverse("org:unit_by_code", args=["plant-b"])).status_code
            == 404
        )


class TestRolePages(ViewContract):
    app, model_name = "org", "roleassignment"
    viewer, editor, deleter = "worker_a", "admin_a", "admin_a"

    def objects(self, world):
        return {"in_scope": world.roles["leader_a"], "out_of_scope": world.roles["deputy_b"]}

    def valid_edit(self, world, obj):
        return {
            "person": obj.person.employee_number,
            "unit": obj.unit.code,
            "role": "deputy_leader",
            "since": "1953-10-05",
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["person"] = "B-002"
        return data, "person"

    def export_key(self, obj):
        return obj.unit.code

    def test_export_holds_only_what_is_in_scope(self, world, client_for):
        # The manager may not export roles; the plant administrator may.
        objs = self.objects(world)
        response = client_for("admin_a").get(self.url("list"), {"export": "csv"})
        body = response.content.decode("utf-8-sig")
        assert "plant-a-turning" in body and "plant-b-shift-1" not in body
        assert client_for("worker_a").get(self.url("list"), {"export": "csv"}).status_code == 403
        assert objs

    def test_a_new_role_takes_effect_on_the_next_request(self, world, client_for):
        worker = world.people["worker_a"]
        client = client_for("worker_a")
        assert client.get(reverse("org:person_add")).status_code == 403
        response = client_for("admin_a").post(
            reverse("org:roleassignment_add"),
            {"person": worker.employee_number, "unit": "plant-a-turning", "role": "manager"},
        )
        assert response.status_code == 302
        assert client.get(reverse("org:person_add")).status_code == 200

    def test_the_same_role_twice_is_refused(self, world, client_for):
        leader = world.people["leader_a"]
        response = client_for("admin_a").post(
            reverse("org:roleassignment_add"),
            {"person": leader.employee_number, "unit": "plant-a-turning", "role": "group_leader"},
        )
        assert response.status_code == 400
