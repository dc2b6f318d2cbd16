"""The card API: the shared contract, and a card's moves through its actions across two
plants, with wrong-side moves answered 400 and the reason."""

import pytest

from gexin.core.testing import APIContract
from gexin.exchange import workflow
from gexin.exchange.choices import ExchangeStatus
from gexin.exchange.tests.factories_cards import examples, make_card, more_world

pytestmark = pytest.mark.django_db


def card_url(card, move=""):
    return f"/api/v1/assistance-cards/{card.pk}/" + (f"{move}/" if move else "")


class TestAssistanceCardAPI(APIContract):
    endpoint = "assistance-cards"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["card"], "out_of_scope": found["b_card"]}

    def valid_patch(self, world, obj):
        return {"title": "Help wanted: threads of 0.5 mm pitch"}

    def valid_create(self, world):
        return {
            "kind": "offer",
            "unit": "plant-a-machine",
            "title": "Offer: our thread gauge",
            "description": "Drawings of the gauge.",
        }


def test_a_new_card_is_open_with_its_units_work_type(world, api_for):
    more_world(world)
    response = api_for("leader_a").post(
        "/api/v1/assistance-cards/",
        {"kind": "request", "unit": "plant-a-turning", "title": "T", "description": "D"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["work_type"], body["plant"]) == ("open", "machining", "plant-a")
    assert body["posted_by"] == "leader_a"
    assert body["moves"] == ["withdraw"]


def test_status_and_the_move_fields_are_read_only(world, api_for):
    card = examples(world)["card"]
    response = api_for("manager_a").patch(
        card_url(card),
        {"status": "confirmed", "counterpart": "plant-b-rolling", "delivery_note": "x"},
        format="json",
    )
    assert response.status_code == 200
    card.refresh_from_db()
    assert (card.status, card.counterpart, card.delivery_note) == ("open", None, "")


def test_a_card_goes_through_its_actions_across_two_plants(world, api_for):
    card = examples(world)["card"]
    plant_a, plant_b = api_for("manager_a"), api_for("manager_b")

    # Plant C sees it on the board while open.
    assert api_for("worker_c").get(card_url(card)).status_code == 200
    assert plant_b.get(card_url(card, "match")).json()["moves"] == ["match"]

    response = plant_b.post(card_url(card, "match"), {"unit": "plant-b-rolling"}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["counterpart"]) == (
        "matched",
        "plant-b-rolling",
    )
    assert response.json()["matched_by"] == "manager_b"
    assert api_for("worker_c").get(card_url(card)).status_code == 404
    ids = {
        row["id"] for row in api_for("worker_c").get("/api/v1/assistance-cards/").json()["results"]
    }
    assert card.pk not in ids
    assert api_for("worker_b").get(card_url(card)).status_code == 200

    response = plant_a.post(card_url(card, "deliver"), {"note": "Nothing"}, format="json")
    assert response.status_code == 400
    assert "Only the giving side (Rolling workshop B)" in str(response.json())

    response = plant_b.post(card_url(card, "deliver"), {"note": "Two fitters"}, format="json")
    assert response.status_code == 200
    assert response.json()["delivery_note"] == "Two fitters"

    response = plant_b.post(card_url(card, "confirm"), {}, format="json")
    assert response.status_code == 400
    assert "Only the receiving side" in str(response.json())

    response = plant_a.post(card_url(card, "confirm"), {"note": "Even threads"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "confirmed"
    assert response.json()["confirmed_by"] == "manager_a"


def test_taking_up_inside_the_posting_plant_is_refused(world, api_for):
    card = examples(world)["card"]
    response = api_for("admin_a").post(
        card_url(card, "match"), {"unit": "plant-a-turning"}, format="json"
    )
    assert response.status_code == 400
    assert "another plant" in str(response.json())
    response = api_for("manager_b").post(card_url(card, "match"), {}, format="json")
    assert response.status_code == 400
    assert "unit" in response.json()


def test_withdrawing_needs_a_reason_and_the_posting_side(world, api_for):
    card = examples(world)["card"]
    assert (
        api_for("manager_a").post(card_url(card, "withdraw"), {}, format="json").status_code == 400
    )
    response = api_for("manager_b").post(
        card_url(card, "withdraw"), {"reason": "No"}, format="json"
    )
    assert response.status_code == 400
    assert "Only the posting side" in str(response.json())
    response = api_for("manager_a").post(
        card_url(card, "withdraw"), {"reason": "Solved"}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["withdrawn_reason"]) == (
        "withdrawn",
        "Solved",
    )


def test_a_card_taken_up_is_neither_changed_nor_deleted(world, api_for):
    card = examples(world)["card"]
    workflow.match(card, user=world.user("manager_b"), unit=world.units["plant-b-rolling"])
    response = api_for("manager_a").patch(card_url(card), {"title": "New"}, format="json")
    assert response.status_code == 400
    assert "only while it is open" in str(response.json())
    assert api_for("admin").delete(card_url(card)).status_code == 400
    card.refresh_from_db()
    assert card.status == ExchangeStatus.MATCHED


def test_the_list_filters_by_status_work_type_and_ours(world, api_for):
    found = examples(world)
    more_world(world)
    offer = make_card(world.units["plant-c-rolling"], title="Roll change")
    api = api_for("worker_c")

    def ids(**query):
        return {row["id"] for row in api.get("/api/v1/assistance-cards/", query).json()["results"]}

    assert ids(status="open") == {found["card"].pk, offer.pk}
    assert ids(work_type="rolling", status="open") == {offer.pk}
    assert ids(ours="1") == {found["b_card"].pk, offer.pk}


def test_someone_who_answers_for_no_cards_is_refused_any_move(world, api_for):
    card = examples(world)["card"]
    api = api_for("worker_b")
    assert api.get(card_url(card, "match")).json()["moves"] == []
    response = api.post(card_url(card, "match"), {"unit": "plant-b-shift-1"}, format="json")
    assert response.status_code == 403
    assert api.post(card_url(card, "withdraw"), {"reason": "x"}, format="json").status_code == 403
