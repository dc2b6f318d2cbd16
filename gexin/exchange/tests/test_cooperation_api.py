"""The cooperation API: the shared contract for cooperations and their items, the moves,
the model's rules as 400s, and the totals of what was given and received."""

import pytest

from gexin.core.testing import APIContract
from gexin.exchange.choices import Flow
from gexin.exchange.tests.factories_cards import examples, item

pytestmark = pytest.mark.django_db


class TestCooperationAPI(APIContract):
    endpoint = "cooperations"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["cooperation"], "out_of_scope": found["b_cooperation"]}

    def valid_patch(self, world, obj):
        return {"title": "Two trucks for the shafts"}

    def valid_create(self, world):
        return {
            "kind": "external",
            "unit": "plant-a-machine",
            "partner_name": "Wuhan bearing works",
            "title": "Bearings for lathe 4",
            "description": "We lend a fitter for a week.",
        }


class TestCooperationItemAPI(APIContract):
    endpoint = "cooperation-items"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["item"], "out_of_scope": found["b_item"]}

    def valid_patch(self, world, obj):
        return {"description": "Truck, two days", "quantity": "2.0000"}

    def valid_create(self, world):
        return {
            "cooperation": examples(world)["cooperation"].pk,
            "flow": "given",
            "description": "Turned shafts",
            "quantity": "40",
            "unit_of_measure": "pieces",
        }


def test_the_model_rules_answer_400(world, api_for):
    examples(world)
    api = api_for("manager_a")
    response = api.post(
        "/api/v1/cooperations/",
        {
            "kind": "internal",
            "unit": "plant-a-turning",
            "partner": "plant-b-rolling",
            "title": "T",
            "description": "D",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "same plant" in str(response.json()["partner"])
    response = api.post(
        "/api/v1/cooperations/",
        {"kind": "external", "unit": "plant-a-turning", "title": "T", "description": "D"},
        format="json",
    )
    assert response.status_code == 400
    assert "Name the partner" in str(response.json())


def test_an_outside_cooperation_moves_on_and_shows_its_totals(world, api_for):
    cooperation = examples(world)["b_cooperation"]  # 240 t of rails given
    item(cooperation, Flow.GIVEN, "Trucks", 12, "trucks")
    item(cooperation, Flow.RECEIVED, "Coking coal", 3000, "t")
    api = api_for("manager_b")
    base = f"/api/v1/cooperations/{cooperation.pk}/"
    body = api.get(base).json()
    assert body["totals"] == {
        "given": [
            {"unit_of_measure": "t", "quantity": "240.0000"},
            {"unit_of_measure": "trucks", "quantity": "12.0000"},
        ],
        "received": [{"unit_of_measure": "t", "quantity": "3000.0000"}],
    }
    assert len(body["items"]) == 3
    assert body["moves"] == ["match", "withdraw"]
    response = api_for("admin_a").post(base + "match/", {}, format="json")
    assert response.status_code == 404
    assert api.post(base + "match/", {}, format="json").json()["status"] == "matched"
    response = api.post(base + "deliver/", {"note": "Rails and trucks"}, format="json")
    assert response.json()["status"] == "delivered"
    assert api.post(base + "confirm/", {}, format="json").json()["status"] == "confirmed"
    response = api.post(
        "/api/v1/cooperation-items/",
        {"cooperation": cooperation.pk, "flow": "given", "description": "More"},
        format="json",
    )
    assert response.status_code == 400
    assert "fixed once the cooperation is confirmed" in str(response.json())


def test_items_need_a_unit_of_measure_with_a_quantity(world, api_for):
    cooperation = examples(world)["cooperation"]
    response = api_for("leader_a").post(
        "/api/v1/cooperation-items/",
        {"cooperation": cooperation.pk, "flow": "given", "description": "Shafts", "quantity": "40"},
        format="json",
    )
    assert response.status_code == 400
    assert "unit_of_measure" in response.json()


def test_an_item_stays_with_its_cooperation(world, api_for):
    found = examples(world)
    other = item(found["cooperation"], Flow.GIVEN, "Shafts", 4, "pieces")
    from gexin.exchange.tests.factories_cards import make_cooperation

    second = make_cooperation(
        world.units["plant-a-turning"], partner=world.units["plant-a-transport"], title="Second"
    )
    response = api_for("manager_a").patch(
        f"/api/v1/cooperation-items/{other.pk}/", {"cooperation": second.pk}, format="json"
    )
    assert response.status_code == 400
    assert "stays with its cooperation" in str(response.json())
