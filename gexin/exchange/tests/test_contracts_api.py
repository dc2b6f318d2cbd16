"""The API of contracts, items, conferences and item evaluations: the shared contract for
each endpoint, the nested read of a contract, status moves and the evaluate action."""

import datetime

import pytest

from gexin.core.testing import APIContract
from gexin.exchange.choices import ItemStatus, Verdict
from gexin.exchange.tests.factories_contracts import examples, technician_a

pytestmark = pytest.mark.django_db


class TestContractAPI(APIContract):
    endpoint = "assistance-contracts"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["contract"], "out_of_scope": found["b_contract"]}

    def valid_patch(self, world, obj):
        return {"title": "Contract of plants A and C, 1958–1959"}

    def valid_create(self, world):
        examples(world)
        return {
            "number": "1958-9",
            "title": "Contract of plants A and C on drawings",
            "unit": "plant-a",
            "parties": ["plant-a", "plant-c"],
            "signed_on": "1958-09-01",
            "starts_on": "1958-09-01",
            "ends_on": "1959-06-30",
        }


class TestContractItemAPI(APIContract):
    endpoint = "contract-items"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["item"], "out_of_scope": found["b_item"]}

    def valid_patch(self, world, obj):
        return {"status": "in_progress"}

    def valid_create(self, world):
        found = examples(world)
        return {
            "contract": found["contract"].pk,
            "kind": "drawings",
            "description": "Drawings of the lifting table",
            "obliged_unit": "plant-a-machine",
            "beneficiary": "plant-c",
            "due_on": "1959-01-15",
        }


class TestConferenceAPI(APIContract):
    endpoint = "assistance-conferences"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["conference"], "out_of_scope": found["b_conference"]}

    def valid_patch(self, world, obj):
        return {"place": "Dalian"}

    def valid_create(self, world):
        found = examples(world)
        return {
            "number": 6,
            "title": "Sixth conference",
            "unit": "plant-a",
            "held_on": "1959-03-01",
            "participants": ["plant-a", "plant-c"],
            "contract": found["contract"].pk,
        }


class TestItemEvaluationAPI(APIContract):
    endpoint = "item-evaluations"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["evaluation"], "out_of_scope": found["b_evaluation"]}

    def valid_patch(self, world, obj):
        return {"verdict": "fulfilled"}

    def valid_create(self, world):
        found = examples(world)
        return {
            "conference": found["conference"].pk,
            "item": found["item"].pk,
            "verdict": "postponed",
            "note": "Moved to the spring by agreement",
        }


def test_a_contract_is_read_with_its_items_and_fulfilment(world, api_for):
    found = examples(world)
    data = api_for("worker_a").get(f"/api/v1/assistance-contracts/{found['contract'].pk}/").json()
    assert data["parties"] == ["plant-a", "plant-c"]
    assert {item["id"] for item in data["items"]} == {found["item"].pk, found["owed_by_c"].pk}
    owed = next(item for item in data["items"] if item["id"] == found["owed_by_c"].pk)
    assert owed["obliged_unit"] == "plant-c-rolling"
    assert owed["is_overdue"] is True
    fulfilment = data["fulfilment"]
    assert (fulfilment["total"], fulfilment["done"]) == (2, 0)
    [conference] = fulfilment["conferences"]
    assert conference["conference"] == found["conference"].pk
    assert (conference["partly"], conference["score"]) == (1, "50.0")
    assert {row["plant"]: row["score"] for row in conference["plants"]} == {
        "plant-a": None,
        "plant-c": "50.0",
    }


def test_a_third_plant_does_not_see_the_contract(world, api_for):
    found = examples(world)
    assert (
        api_for("worker_b").get(f"/api/v1/assistance-contracts/{found['contract'].pk}/").status_code
        == 404
    )
    assert (
        api_for("manager_c")
        .get(f"/api/v1/assistance-contracts/{found['contract'].pk}/")
        .status_code
        == 200
    )


def test_a_contract_with_one_party_is_refused(world, api_for):
    data = TestContractAPI().valid_create(world)
    data["parties"] = ["plant-a"]
    response = api_for("manager_a").post("/api/v1/assistance-contracts/", data, format="json")
    assert response.status_code == 400
    assert "at least two plants" in str(response.json()["parties"])


def test_an_item_moves_by_its_owning_workshop_and_done_needs_a_date(world, api_for):
    found = examples(world)
    technician_a(world)
    url = f"/api/v1/contract-items/{found['item'].pk}/"
    api = api_for("tech_a")
    refused = api.patch(url, {"status": "done"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["done_on"] == ["Give the day the item was done."]
    today = datetime.date.today().isoformat()
    done = api.patch(url, {"status": "done", "done_on": today}, format="json")
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == ItemStatus.DONE
    assert (
        api_for("manager_c").patch(url, {"status": "in_progress"}, format="json").status_code == 403
    )
    back = api.patch(url, {"status": "planned", "done_on": None}, format="json")
    assert back.status_code == 400
    assert "status" in back.json()


def test_the_owning_workshop_may_not_change_an_item_s_terms(world, api_for):
    found = examples(world)
    technician_a(world)
    url = f"/api/v1/contract-items/{found['item'].pk}/"
    response = api_for("tech_a").patch(url, {"due_on": "1959-06-01"}, format="json")
    assert response.status_code == 403
    assert "set by the management" in response.json()["detail"]
    assert (
        api_for("manager_a").patch(url, {"due_on": "1959-06-01"}, format="json").status_code == 200
    )


def test_an_item_for_its_own_plant_is_refused(world, api_for):
    data = TestContractItemAPI().valid_create(world)
    data["beneficiary"] = "plant-a"
    response = api_for("manager_a").post("/api/v1/contract-items/", data, format="json")
    assert response.status_code == 400
    assert "beneficiary" in response.json()


def test_the_evaluate_action_saves_the_verdicts_together(world, api_for):
    found = examples(world)
    conference = found["conference"]
    url = f"/api/v1/assistance-conferences/{conference.pk}/evaluate/"
    rows = [
        {"item": found["item"].pk, "verdict": "fulfilled", "note": "Trained both crews"},
        {"item": found["owed_by_c"].pk, "verdict": "postponed"},
    ]
    assert api_for("worker_a").post(url, rows, format="json").status_code == 403
    response = api_for("manager_a").post(url, rows, format="json")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert {(e["item"], e["verdict"]) for e in data["evaluations"]} == {
        (found["item"].pk, Verdict.FULFILLED),
        (found["owed_by_c"].pk, Verdict.POSTPONED),
    }
    assert (data["fulfilment"]["fulfilled"], data["fulfilment"]["score"]) == (1, "100.0")
    # An item of another contract: nothing of the list is saved.
    bad = [
        {"item": found["item"].pk, "verdict": "not_fulfilled"},
        {"item": found["b_item"].pk, "verdict": "fulfilled"},
    ]
    response = api_for("manager_a").post(url, bad, format="json")
    assert response.status_code == 400
    assert conference.evaluations.get(item=found["item"]).verdict == Verdict.FULFILLED
    # An empty verdict removes one.
    response = api_for("manager_a").post(
        url, [{"item": found["owed_by_c"].pk, "verdict": ""}], format="json"
    )
    assert response.status_code == 200
    assert not conference.evaluations.filter(item=found["owed_by_c"]).exists()


def test_an_item_is_judged_once_per_conference(world, api_for):
    found = examples(world)
    data = {
        "conference": found["conference"].pk,
        "item": found["owed_by_c"].pk,
        "verdict": "fulfilled",
    }
    response = api_for("manager_a").post("/api/v1/item-evaluations/", data, format="json")
    assert response.status_code == 400
    assert "already judged this item" in str(response.json()["item"])
