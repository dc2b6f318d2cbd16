"""Test helpers shared by every app: a fixed small world and its users.

The world has two plants under one province of one ministry:

    mmi (ministry) → hubei (province) → plant-a → plant-a-machine → plant-a-turning
                                      → plant-b → plant-b-rolling → plant-b-shift-1

and these users, the same in every test:

    leader_a     group leader of plant-a-turning (may edit its people)
    worker_a     member of plant-a-turning, no role (may view it)
    manager_a    manager of plant-a (adds and edits units and people in plant A)
    admin_a      administrator of plant-a (also assigns roles and deletes in plant A)
    worker_b     member of plant-b-shift-1 (sees plant B only)
    admin        administrator of the ministry (everything in the tree)
    stranger     signed in, but linked to no person and holding no role
"""

from dataclasses import dataclass, field

from django.urls import reverse

PASSWORD = "secret-pass-123"


@dataclass
class World:
    units: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    work_types: dict = field(default_factory=dict)

    def unit(self, code):
        return self.units[code]

    def user(self, name):
        """A fresh copy of the user, so no permission cache carries over between requests."""
        from django.contrib.auth import get_user_model

        return get_user_model().objects.get(pk=self.users[name].pk)


def build_world():
    """Create the fixed world described in this module's docstring."""
    from gexin.org.choices import Role, UnitKind
    from gexin.org.tests.factories import (
        PersonFactory,
        RoleAssignmentFactory,
        UnitFactory,
        UserFactory,
        WorkTypeFactory,
    )

    world = World()
    world.work_types["machining"] = WorkTypeFactory(
        code="machining", name="Machining", name_zh="机械加工"
    )
    world.work_types["rolling"] = WorkTypeFactory(code="rolling", name="Rolling", name_zh="轧钢")
    tree = [
        ("mmi", None, UnitKind.MINISTRY, None, "Ministry", "部"),
        ("hubei", "mmi", UnitKind.PROVINCE, None, "Hubei", "湖北"),
        ("plant-a", "hubei", UnitKind.PLANT, None, "Plant A", "甲厂"),
        (
            "plant-a-machine",
            "plant-a",
            UnitKind.WORKSHOP,
            "machining",
            "Machine shop A",
            "甲厂机务车间",
        ),
        (
            "plant-a-turning",
            "plant-a-machine",
            UnitKind.UNION_GROUP,
            "machining",
            "Turning group A",
            "甲厂车工组",
        ),
        ("plant-b", "hubei", UnitKind.PLANT, None, "Plant B", "乙厂"),
        (
            "plant-b-rolling",
            "plant-b",
            UnitKind.WORKSHOP,
            "rolling",
            "Rolling workshop B",
            "乙厂轧钢车间",
        ),
        ("plant-b-shift-1", "plant-b-rolling", UnitKind.SHIFT, "rolling", "Shift 1 B", "乙厂一班"),
    ]
    for code, parent, kind, work_type, name, name_zh in tree:
        world.units[code] = UnitFactory(
            code=code,
            parent=world.units.get(parent),
            kind=kind,
            work_type=world.work_types.get(work_type),
            name=name,
            name_zh=name_zh,
        )
    people = [
        ("leader_a", "A-001", "plant-a-turning", Role.GROUP_LEADER, "plant-a-turning"),
        ("worker_a", "A-002", "plant-a-turning", None, None),
        ("manager_a", "A-100", "plant-a", Role.MANAGER, "plant-a"),
        ("admin_a", "A-101", "plant-a", Role.ADMINISTRATOR, "plant-a"),
        ("worker_b", "B-001", "plant-b-shift-1", None, None),
        ("admin", "M-001", "mmi", Role.ADMINISTRATOR, "mmi"),
    ]
    for username, number, unit, role, role_unit in people:
        user = UserFactory(username=username)
        person = PersonFactory(
            employee_number=number,
            unit=world.units[unit],
            user=user,
            name=f"{username}的名字",
            name_latin=username.replace("_", " ").title(),
        )
        world.users[username] = user
        world.people[username] = person
        if role:
            RoleAssignmentFactory(person=person, unit=world.units[role_unit], role=role)
    world.users["stranger"] = UserFactory(username="stranger")
    # People with no account: one in each plant's group.
    world.people["turner_a"] = PersonFactory(
        employee_number="A-003", unit=world.units["plant-a-turning"]
    )
    world.people["roller_b"] = PersonFactory(
        employee_number="B-002", unit=world.units["plant-b-shift-1"]
    )
    world.roles = {
        "leader_a": world.people["leader_a"].roles.get(),
        "deputy_b": RoleAssignmentFactory(
            person=world.people["roller_b"],
            unit=world.units["plant-b-shift-1"],
            role=Role.DEPUTY_LEADER,
        ),
    }
    return world


class ViewContract:
    """The behaviour every model's pages must show; a model's test class inherits it.

    Set on the subclass:
        app, model_name      URL names are `app:<model_name>_<action>`
        in_scope, out_of_scope   keys into a dict from `objects(world)`: an object in plant
                             A's subtree and one in plant B's
        viewer               a user who may view `in_scope` but not change it
        editor               a user who may change and create (and export) in plant A
        deleter              a user who may delete `in_scope`
        valid_edit(world, obj) → POST data that changes the object
        invalid_edit(world, obj) → POST data with an error, and the field that must report it
        has_create, has_delete, has_export
    """

    app = ""
    model_name = ""
    viewer = "worker_a"
    editor = "manager_a"
    deleter = "admin"
    has_create = True
    has_delete = True
    has_export = True

    def objects(self, world):
        raise NotImplementedError

    def valid_edit(self, world, obj):
        raise NotImplementedError

    def invalid_edit(self, world, obj):
        raise NotImplementedError

    def url(self, action, obj=None):
        name = f"{self.app}:{self.model_name}_{action}"
        return reverse(name, args=[obj.pk] if obj is not None else [])

    def test_anonymous_is_sent_to_sign_in(self, world, client_for):
        obj = self.objects(world)["in_scope"]
        for url in [
            self.url("list"),
            self.url("detail", obj),
            self.url("edit", obj),
            self.url("history", obj),
        ]:
            response = client_for(None).get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("login")), url

    def test_list_shows_only_what_is_in_scope(self, world, client_for):
        objs = self.objects(world)
        response = client_for(self.viewer).get(self.url("list"), {"per_page": 500})
        assert response.status_code == 200
        shown = {o.pk for o in response.context["page"].object_list}
        assert objs["in_scope"].pk in shown
        assert objs["out_of_scope"].pk not in shown

    def test_list_is_refused_to_a_user_without_any_scope(self, world, client_for):
        assert client_for("stranger").get(self.url("list")).status_code == 403

    def test_detail_in_scope_shows_the_object(self, world, client_for):
        obj = self.objects(world)["in_scope"]
        response = client_for(self.viewer).get(self.url("detail", obj))
        assert response.status_code == 200
        assert response.context["object"] == obj

    def test_detail_out_of_scope_is_not_found(self, world, client_for):
        obj = self.objects(world)["out_of_scope"]
        assert client_for(self.editor).get(self.url("detail", obj)).status_code == 404
        assert client_for(self.editor).get(self.url("history", obj)).status_code == 404
        assert client_for(self.editor).post(self.url("edit", obj), {}).status_code == 404

    def test_edit_without_the_right_is_forbidden(self, world, client_for):
        obj = self.objects(world)["in_scope"]
        assert client_for(self.viewer).get(self.url("edit", obj)).status_code == 403
        response = client_for(self.viewer).post(self.url("edit", obj), self.valid_edit(world, obj))
        assert response.status_code == 403

    def test_edit_saves_and_records_history(self, world, client_for):
        from gexin.core.models import ChangeRecord

        obj = self.objects(world)["in_scope"]
        client = client_for(self.editor)
        form_page = client.get(self.url("edit", obj))
        assert form_page.status_code == 200
        data = self.valid_edit(world, obj)
        data["version"] = form_page.context["meta_form"]["version"].value()
        data["reason"] = "checked against the roster"
        response = client.post(self.url("edit", obj), data)
        assert response.status_code == 302, (
            getattr(response, "context", None) and response.context["form"].errors
        )
        record = ChangeRecord.for_object(obj).first()
        assert record.actor == world.users[self.editor]
        assert record.reason == "checked against the roster"
        assert record.changes

    def test_edit_with_bad_input_explains_and_keeps_the_record(self, world, client_for):
        obj = self.objects(world)["in_scope"]
        before = type(obj).objects.get(pk=obj.pk).last_updated
        data, field = self.invalid_edit(world, obj)
        response = client_for(self.editor).post(self.url("edit", obj), data)
        assert response.status_code == 400
        assert response.context["form"].errors[field]
        assert type(obj).objects.get(pk=obj.pk).last_updated == before

    def test_edit_of_a_record_changed_meanwhile_is_refused(self, world, client_for):
        obj = self.objects(world)["in_scope"]
        client = client_for(self.editor)
        version = client.get(self.url("edit", obj)).context["meta_form"]["version"].value()
        type(obj).objects.get(pk=obj.pk).save()  # someone else saves in between
        data = self.valid_edit(world, obj)
        data["version"] = version
        response = client.post(self.url("edit", obj), data)
        assert response.status_code == 400
        assert "Someone else changed this record" in str(
            response.context["form"].non_field_errors()
        )

    def test_create_is_forbidden_without_the_right(self, world, client_for):
        if not self.has_create:
            return
        assert client_for(self.viewer).get(self.url("add")).status_code == 403
        assert client_for("stranger").get(self.url("add")).status_code == 403

    def test_create_form_opens_for_an_editor(self, world, client_for):
        if not self.has_create:
            return
        assert client_for(self.editor).get(self.url("add")).status_code == 200

    def test_delete_needs_the_right(self, world, client_for):
        if not self.has_delete:
            return
        obj = self.objects(world)["in_scope"]
        assert client_for(self.viewer).post(self.url("delete", obj)).status_code == 403
        assert client_for(self.deleter).get(self.url("delete", obj)).status_code == 200

    def test_export_holds_only_what_is_in_scope(self, world, client_for):
        if not self.has_export:
            return
        objs = self.objects(world)
        assert client_for(self.viewer).get(self.url("list"), {"export": "csv"}).status_code == 403
        response = client_for(self.editor).get(self.url("list"), {"export": "csv"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        body = response.content.decode("utf-8-sig")
        assert self.export_key(objs["in_scope"]) in body
        assert self.export_key(objs["out_of_scope"]) not in body

    def export_key(self, obj):
        return str(obj.pk)


class APIContract:
    """The behaviour every API endpoint must show; a model's API test class inherits it.

    Set `endpoint` (e.g. "people"), `viewer`, `editor`, `objects(world)` as in
    ViewContract, `valid_patch(world, obj)` and `valid_create(world)` (None: no create test).
    """

    endpoint = ""
    viewer = "worker_a"
    editor = "manager_a"

    def objects(self, world):
        raise NotImplementedError

    def valid_patch(self, world, obj):
        raise NotImplementedError

    def valid_create(self, world):
        return None

    def list_url(self):
        return f"/api/v1/{self.endpoint}/"

    def detail_url(self, obj):
        return f"/api/v1/{self.endpoint}/{obj.pk}/"

    def test_anonymous_gets_401(self, world, api_for):
        obj = self.objects(world)["in_scope"]
        assert api_for(None).get(self.list_url()).status_code == 401
        assert api_for(None).get(self.detail_url(obj)).status_code == 401

    def test_list_holds_only_what_is_in_scope(self, world, api_for):
        objs = self.objects(world)
        response = api_for(self.viewer).get(self.list_url(), {"page_size": 1000})
        assert response.status_code == 200
        ids = {row["id"] for row in response.json()["results"]}
        assert objs["in_scope"].pk in ids
        assert objs["out_of_scope"].pk not in ids

    def test_out_of_scope_is_not_found(self, world, api_for):
        obj = self.objects(world)["out_of_scope"]
        api = api_for(self.editor)
        assert api.get(self.detail_url(obj)).status_code == 404
        assert (
            api.patch(self.detail_url(obj), self.valid_patch(world, obj), format="json").status_code
            == 404
        )
        assert api.delete(self.detail_url(obj)).status_code == 404

    def test_change_without_the_right_is_forbidden(self, world, api_for):
        obj = self.objects(world)["in_scope"]
        response = api_for(self.viewer).patch(
            self.detail_url(obj), self.valid_patch(world, obj), format="json"
        )
        assert response.status_code == 403

    def test_change_with_the_right_is_saved(self, world, api_for):
        obj = self.objects(world)["in_scope"]
        patch = self.valid_patch(world, obj)
        response = api_for(self.editor).patch(self.detail_url(obj), patch, format="json")
        assert response.status_code == 200, response.json()
        for key, value in patch.items():
            assert response.json()[key] == value

    def test_create_needs_the_right(self, world, api_for):
        data = self.valid_create(world)
        if data is None:
            return
        assert api_for(self.viewer).post(self.list_url(), data, format="json").status_code == 403
        response = api_for(self.editor).post(self.list_url(), data, format="json")
        assert response.status_code == 201, response.json()

    def test_delete_without_the_right_is_forbidden(self, world, api_for):
        obj = self.objects(world)["in_scope"]
        assert api_for(self.viewer).delete(self.detail_url(obj)).status_code == 403


class CatalogueViewContract:
    """The pages of a shared catalogue (a model without a scope path, e.g. work types).

    Everyone signed in reads it; only an administrator at the top of the tree
    (`admin`) changes it. Set `app`, `model_name`, `example(world)` and `valid_edit`.
    """

    app = ""
    model_name = ""

    def example(self, world):
        raise NotImplementedError

    def valid_edit(self, world, obj):
        raise NotImplementedError

    def url(self, action, obj=None):
        name = f"{self.app}:{self.model_name}_{action}"
        return reverse(name, args=[obj.pk] if obj is not None else [])

    def test_anonymous_is_sent_to_sign_in(self, world, client_for):
        obj = self.example(world)
        for url in [self.url("list"), self.url("detail", obj)]:
            assert client_for(None).get(url).status_code == 302

    def test_everyone_signed_in_reads_it(self, world, client_for):
        obj = self.example(world)
        for user in ("worker_b", "stranger", "leader_a"):
            assert client_for(user).get(self.url("list")).status_code == 200
            assert client_for(user).get(self.url("detail", obj)).status_code == 200

    def test_only_the_top_administrator_changes_it(self, world, client_for):
        obj = self.example(world)
        for user in ("admin_a", "manager_a", "worker_b"):
            assert client_for(user).get(self.url("edit", obj)).status_code == 403
            assert client_for(user).get(self.url("add")).status_code == 403
            assert client_for(user).post(self.url("delete", obj)).status_code == 403
        response = client_for("admin").post(self.url("edit", obj), self.valid_edit(world, obj))
        assert response.status_code == 302
