"""The pages and API of key enterprises: the shared contracts, the rules (a plant or an
enterprise, once per product), the list's filters, and the board's link to them."""

import pytest
from django.urls import reverse

from gexin.core.testing import APIContract, ViewContract
from gexin.national.models import KeyEnterprise
from gexin.national.tests.factories_board import ROUTES, examples, officer_a

pytestmark = pytest.mark.django_db

LIST = "/national/key-enterprises/"


@pytest.fixture(autouse=True)
def _officer(world):
    officer_a(world)


class TestKeyEnterprisePages(ViewContract):
    app = "national"
    model_name = "keyenterprise"
    viewer = "officer_a"
    editor = "manager_a"
    deleter = "admin_a"
    # No role is granted an export of key enterprises.
    has_export = False

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["key_enterprise"], "out_of_scope": found["b_key_enterprise"]}

    def valid_edit(self, world, obj):
        return {
            "unit": "plant-a",
            "metric": "steel_output",
            "since": "1959-02-01",
            "note": "key steel enterprise (重点钢铁企业)",
            "source": "ministry's list of 1 February 1959",
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["unit"] = "plant-a-machine"
        return data, "unit"


def new_mark(**fields):
    data = {"unit": "plant-a", "metric": "pig_iron_output", "since": "1959-01-01"}
    data.update(note="", source="")
    data.update(fields)
    return data


def test_the_route_is_the_one_asked_for():
    assert reverse("national:keyenterprise_list") == LIST
    assert set(ROUTES) >= {"national:keyenterprise_edit", "keyenterprise-detail"}


def test_a_planner_marks_a_key_enterprise(world, client_for):
    response = client_for("manager_a").post(reverse("national:keyenterprise_add"), new_mark())
    assert response.status_code == 302, response.context["form"].errors
    mark = KeyEnterprise.objects.get(unit__code="plant-a", metric__code="pig_iron_output")
    assert response["Location"] == mark.get_absolute_url()
    assert not mark.is_illustrative
    page = client_for("officer_a").get(mark.get_absolute_url())
    assert page.status_code == 200
    assert 'data-product="pig_iron_output"' in page.content.decode()


def test_a_second_mark_for_the_same_unit_and_product_is_explained(world, client_for):
    examples(world)
    response = client_for("manager_a").post(
        reverse("national:keyenterprise_add"), new_mark(metric="steel_output")
    )
    assert response.status_code == 400
    assert "already a key enterprise for" in str(response.context["form"].errors["unit"])
    assert KeyEnterprise.objects.filter(unit__code="plant-a").count() == 1


def test_only_a_plant_or_an_enterprise_is_marked(world, client_for):
    response = client_for("manager_a").post(
        reverse("national:keyenterprise_add"), new_mark(unit="plant-a-machine")
    )
    assert response.status_code == 400
    assert "Only a plant or an enterprise" in str(response.context["form"].errors["unit"])


def test_a_planner_marks_no_unit_outside_their_own(world, client_for):
    response = client_for("manager_a").post(
        reverse("national:keyenterprise_add"), new_mark(unit="plant-b")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["unit"]


def test_only_a_board_product_may_be_chosen(world, client_for):
    response = client_for("manager_a").post(
        reverse("national:keyenterprise_add"), new_mark(metric="heats")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["metric"]


def test_the_list_filters_by_product_unit_and_search(world, client_for):
    found = examples(world)
    admin = client_for("admin")

    def shown(**params):
        response = admin.get(LIST, params)
        assert response.status_code == 200
        return {mark.pk for mark in response.context["page"].object_list}

    a, b = found["key_enterprise"].pk, found["b_key_enterprise"].pk
    assert shown() == {a, b}
    assert shown(product="steel_output") == {a}
    assert shown(product="pig_iron_output") == {b}
    assert shown(unit="plant-b") == {b}
    assert shown(unit="hubei") == {a, b}
    assert shown(q="Plant A") == {a}
    assert shown(unit="no-such-unit") == set()
    page = admin.get(LIST).content.decode()
    assert 'name="product"' in page and 'name="unit"' in page


def test_no_one_exports_key_enterprises_without_the_grant(world, client_for):
    examples(world)
    for user in ("manager_a", "admin"):
        client = client_for(user)
        assert client.get(LIST, {"export": "csv"}).status_code == 403
        assert "export=csv" not in client.get(LIST).content.decode()


def test_delete_goes_back_to_the_list(world, client_for):
    mark = examples(world)["key_enterprise"]
    response = client_for("admin_a").post(reverse("national:keyenterprise_delete", args=[mark.pk]))
    assert response.status_code == 302
    assert response["Location"] == LIST
    assert not KeyEnterprise.objects.filter(pk=mark.pk).exists()


def test_the_board_links_to_the_key_enterprises(world, client_for):
    page = client_for("manager_a").get(reverse("national:board"))
    assert page.status_code == 200
    assert f'href="{LIST}" data-board-key-enterprises' in page.content.decode()


def test_the_menu_lists_key_enterprises():
    from gexin.core import navigation

    items = [item for item in navigation._items if item.url_name == "national:keyenterprise_list"]
    assert [(item.permission, item.order) for item in items] == [
        ("national.view_keyenterprise", 131)
    ]


def test_the_grants_are_view_for_all_and_changes_for_planners(world, client_for):
    mark = examples(world)["key_enterprise"]
    edit = reverse("national:keyenterprise_edit", args=[mark.pk])
    for user in ("officer_a",):
        assert client_for(user).get(mark.get_absolute_url()).status_code == 200
        assert client_for(user).get(edit).status_code == 403
    for user in ("manager_a", "admin_a", "admin"):
        assert client_for(user).get(edit).status_code == 200


class TestKeyEnterpriseAPI(APIContract):
    endpoint = "key-enterprises"
    viewer = "officer_a"
    editor = "manager_a"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["key_enterprise"], "out_of_scope": found["b_key_enterprise"]}

    def valid_patch(self, world, obj):
        return {"note": "key steel enterprise (重点钢铁企业)", "since": "1959-02-01"}

    def valid_create(self, world):
        return {"unit": "plant-a", "metric": "pig_iron_output", "since": "1959-01-01"}


def test_the_api_explains_a_second_mark_and_a_workshop(world, api_for):
    examples(world)
    api = api_for("manager_a")
    twice = api.post(
        "/api/v1/key-enterprises/",
        {"unit": "plant-a", "metric": "steel_output", "since": "1959-01-01"},
        format="json",
    )
    assert twice.status_code == 400
    assert "already a key enterprise for" in str(twice.json()["unit"])
    shop = api.post(
        "/api/v1/key-enterprises/",
        {"unit": "plant-a-machine", "metric": "pig_iron_output", "since": "1959-01-01"},
        format="json",
    )
    assert shop.status_code == 400
    assert "Only a plant or an enterprise" in str(shop.json()["unit"])


def test_the_api_reads_by_code_and_filters(world, api_for):
    found = examples(world)
    api = api_for("admin")
    rows = api.get("/api/v1/key-enterprises/", {"product": "steel_output"}).json()["results"]
    assert [(row["unit"], row["metric"]) for row in rows] == [("plant-a", "steel_output")]
    rows = api.get("/api/v1/key-enterprises/", {"unit": "plant-b"}).json()["results"]
    assert [row["id"] for row in rows] == [found["b_key_enterprise"].pk]
    assert (
        api_for("admin_a")
        .delete(f"/api/v1/key-enterprises/{found['key_enterprise'].pk}/")
        .status_code
        == 204
    )
