"""Administrators create sign-in accounts for people and set new passwords."""

import pytest
from django.urls import reverse

from gexin.org.choices import Role
from gexin.org.tests.factories import RoleAssignmentFactory

pytestmark = pytest.mark.django_db

PASSWORD = "turning-lathe-1953"


def test_a_plant_administrator_creates_an_account(world, client_for, client):
    turner = world.people["turner_a"]
    url = reverse("org:person_account", args=[turner.pk])
    response = client_for("admin_a").post(
        url, {"username": "turner", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    turner.refresh_from_db()
    assert turner.user.username == "turner"
    assert (
        client.post(reverse("login"), {"username": "turner", "password": PASSWORD}).status_code
        == 302
    )


def test_weak_or_mismatched_passwords_are_explained(world, client_for):
    url = reverse("org:person_account", args=[world.people["turner_a"].pk])
    weak = client_for("admin_a").post(
        url, {"username": "turner", "password1": "1234", "password2": "1234"}
    )
    assert weak.status_code == 400
    assert weak.context["form"].errors["password1"]
    differ = client_for("admin_a").post(
        url, {"username": "turner", "password1": PASSWORD, "password2": PASSWORD + "x"}
    )
    assert differ.context["form"].errors["password2"]
    taken = client_for("admin_a").post(
        url, {"username": "Manager_A", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert taken.context["form"].errors["username"]


def test_managers_and_leaders_may_not_manage_accounts(world, client_for):
    url = reverse("org:person_account", args=[world.people["turner_a"].pk])
    assert client_for("manager_a").get(url).status_code == 403
    assert client_for("leader_a").get(url).status_code == 403
    assert client_for("worker_b").get(url).status_code == 404


def test_no_one_takes_over_the_account_of_someone_with_a_role_above_them(world, client_for):
    # The ministry administrator moves home to plant A; the role stays on the ministry.
    boss = world.people["admin"]
    boss.unit = world.units["plant-a"]
    boss.save()
    url = reverse("org:person_account", args=[boss.pk])
    assert client_for("admin_a").get(url).status_code == 403
    RoleAssignmentFactory(
        person=world.people["worker_a"], unit=world.units["plant-a-turning"], role=Role.TECHNICIAN
    )
    assert (
        client_for("admin_a")
        .get(reverse("org:person_account", args=[world.people["worker_a"].pk]))
        .status_code
        == 200
    )
