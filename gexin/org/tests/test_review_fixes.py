"""Holes found in review: each stays closed."""

import pytest
from django.urls import reverse

from gexin.org.choices import Role
from gexin.org.models import Person, RoleAssignment
from gexin.org.tests.factories import PersonFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

ODD_NUMBER = "%C2%B2"  # "²": str.isdigit() says yes, int() says no


def test_odd_digits_are_not_server_errors(world, client_for, api_for):
    api = api_for("admin_a")
    assert api.get(f"/api/v1/units/{ODD_NUMBER}/").status_code == 404
    for url in (
        f"/api/v1/units/?within={ODD_NUMBER}",
        f"/api/v1/people/?unit={ODD_NUMBER}",
        f"/api/v1/roles/?person={ODD_NUMBER}",
    ):
        response = api.get(url)
        assert response.status_code == 200, url
        assert response.json()["count"] == 0, url
    client = client_for("admin_a")
    for url in (
        f"/people/?within={ODD_NUMBER}",
        f"/people/add/?unit={ODD_NUMBER}",
        f"/roles/?person={ODD_NUMBER}",
    ):
        assert client.get(url).status_code == 200, url


def test_an_unknown_method_is_refused_not_a_server_error(world, api_for):
    response = api_for("admin_a").generic("TRACE", "/api/v1/people/")
    assert response.status_code in (403, 405)


def test_an_id_in_the_add_form_does_not_reveal_another_plants_code(world, client_for):
    other = world.units["plant-b-rolling"]
    for url in (
        f"{reverse('org:person_add')}?unit={other.pk}",
        f"{reverse('org:unit_add')}?parent={other.pk}",
    ):
        assert "plant-b-rolling" not in client_for("manager_a").get(url).content.decode(), url
    own = world.units["plant-a-turning"]
    page = client_for("manager_a").get(f"{reverse('org:person_add')}?unit={own.pk}")
    assert 'value="plant-a-turning"' in page.content.decode()


def test_work_type_counts_hold_only_visible_units(world, client_for):
    body = client_for("worker_b").get(reverse("org:worktype_list")).content.decode()
    machining_row = next(line for line in body.splitlines() if "Machining" in line)
    assert "<td>0</td>" in machining_row


def test_a_person_with_roles_is_not_deleted_with_them(world, client_for, api_for):
    boss = PersonFactory(employee_number="A-900", unit=world.units["plant-a-turning"])
    RoleAssignmentFactory(person=boss, unit=world.units["hubei"], role=Role.ADMINISTRATOR)
    response = client_for("admin_a").post(reverse("org:person_delete", args=[boss.pk]))
    assert response.status_code == 302
    assert Person.objects.filter(pk=boss.pk).exists()
    assert api_for("admin_a").delete(f"/api/v1/people/{boss.pk}/").status_code == 409
    assert RoleAssignment.objects.filter(person=boss).count() == 1


def test_someone_below_cannot_deactivate_a_person_with_higher_roles(world, client_for, api_for):
    admin_a = world.people["admin_a"]
    response = api_for("manager_a").patch(
        f"/api/v1/people/{admin_a.pk}/", {"is_active": False}, format="json"
    )
    assert response.status_code == 400
    assert "is_active" in response.json()
    admin_a.refresh_from_db()
    assert admin_a.is_active
    worker = world.people["turner_a"]
    ok = api_for("manager_a").patch(
        f"/api/v1/people/{worker.pk}/", {"is_active": False}, format="json"
    )
    assert ok.status_code == 200


def test_a_plant_administrator_cannot_reset_a_superusers_password(world, client_for):
    root = UserFactory(username="root")
    root.is_superuser = True
    root.save()
    person = PersonFactory(employee_number="A-901", unit=world.units["plant-a-turning"], user=root)
    assert (
        client_for("admin_a").get(reverse("org:person_account", args=[person.pk])).status_code
        == 403
    )


def test_exported_text_never_runs_as_a_formula(world, client_for):
    person = world.people["turner_a"]
    person.name = '=HYPERLINK("http://x")'
    person.save()
    body = (
        client_for("manager_a")
        .get(reverse("org:person_list"), {"export": "csv"})
        .content.decode("utf-8-sig")
    )
    assert "'=HYPERLINK" in body
    assert ",=HYPERLINK" not in body


def test_a_manager_edits_their_own_plant_in_the_ui_as_in_the_api(world, client_for):
    plant = world.units["plant-a"]
    data = {"parent_unit": "hubei", "code": "plant-a", "name": "Plant A (renamed)", "kind": "plant"}
    response = client_for("manager_a").post(reverse("org:unit_edit", args=[plant.pk]), data)
    assert response.status_code == 302
    plant.refresh_from_db()
    assert plant.name == "Plant A (renamed)"
    moved = dict(data, parent_unit="mmi", kind="plant")
    response = client_for("manager_a").post(reverse("org:unit_edit", args=[plant.pk]), moved)
    assert response.status_code == 400
