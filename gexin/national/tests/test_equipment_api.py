"""The equipment API: the shared contract, the status action, the read-only history
and the utilisation list."""

import datetime

import pytest

from gexin.core.testing import APIContract
from gexin.national.tests.factories_equipment import examples

pytestmark = pytest.mark.django_db


class TestEquipmentAPI(APIContract):
    endpoint = "equipment"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["furnace"], "out_of_scope": found["b_furnace"]}

    def valid_patch(self, world, obj):
        return {"name": "No. 1 Blast Furnace (rebuilt)"}

    def valid_create(self, world):
        return {
            "unit": "plant-a-machine",
            "kind": "small_blast_furnace",
            "name": "Small blast furnace 3",
            "useful_volume": "13.0",
            "planned_start": "1959-02-01",
        }


class TestStatusChangeAPI:
    def test_the_history_is_read_only_and_scoped(self, world, api_for):
        found = examples(world)
        api = api_for("worker_a")
        ids = {row["id"] for row in api.get("/api/v1/equipment-status-changes/").json()["results"]}
        assert found["change"].pk in ids
        url = f"/api/v1/equipment-status-changes/{found['change'].pk}/"
        assert api_for("admin").patch(url, {"reason": "x"}, format="json").status_code == 405
        assert api_for("worker_b").get(url).status_code == 404


def status_url(obj):
    return f"/api/v1/equipment/{obj.pk}/status/"


def test_the_status_action_moves_and_records(world, api_for):
    furnace = examples(world)["furnace"]
    response = api_for("manager_a").post(
        status_url(furnace),
        {"status": "producing", "on": "1959-01-14", "reason": "blown in"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["actual_start"]) == ("producing", "1959-01-14")
    assert body["utilisation"]["producing_days"] >= 1
    history = (
        api_for("worker_a")
        .get("/api/v1/equipment-status-changes/", {"equipment": furnace.pk})
        .json()["results"]
    )
    assert [(row["from_status"], row["to_status"]) for row in history] == [
        ("building", "ready"),
        ("ready", "producing"),
    ]


def test_a_refused_move_answers_400_and_status_is_read_only(world, api_for):
    furnace = examples(world)["furnace"]
    api = api_for("manager_a")
    response = api.post(status_url(furnace), {"status": "down", "on": "1959-01-14"}, format="json")
    assert response.status_code == 400
    assert "status" in response.json()
    api.patch(f"/api/v1/equipment/{furnace.pk}/", {"status": "producing"}, format="json")
    furnace.refresh_from_db()
    assert furnace.status == "ready"


def test_the_status_action_needs_the_right_and_the_scope(world, api_for):
    found = examples(world)
    data = {"status": "producing", "on": "1959-01-14"}
    assert (
        api_for("worker_a").post(status_url(found["furnace"]), data, format="json").status_code
        == 403
    )
    assert (
        api_for("manager_a").post(status_url(found["b_furnace"]), data, format="json").status_code
        == 404
    )


def test_the_utilisation_list_is_the_hand_computation(world, api_for):
    from gexin.national.models.equipment import EquipmentStatus
    from gexin.plans.tests.factories import put

    furnace = examples(world)["furnace"]
    furnace.set_status(EquipmentStatus.PRODUCING, on=datetime.date(1959, 1, 11))
    put(
        [
            ("plant-a-turning", f"1959-01-{day:02d}", 0, "pig_iron_output", "", 130)
            for day in range(11, 21)
        ]
    )
    response = api_for("worker_a").get(
        "/api/v1/equipment/utilisation/",
        {"unit": "plant-a-turning", "start": "1959-01-01", "end": "1959-01-20"},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["pig_iron_output"], body["volume_days"], body["coefficient"]) == (
        "1300",
        "1000.0",
        "1.300",
    )
    assert body["furnaces"][0]["producing_days"] == 10
    outside = api_for("worker_b").get("/api/v1/equipment/utilisation/", {"unit": "plant-a"})
    assert outside.status_code == 404
    own = api_for("worker_b").get("/api/v1/equipment/utilisation/")
    assert own.json()["unit"] == "plant-b-shift-1" and own.json()["furnaces"][0]["name"] == (
        "Small blast furnace B"
    )
    assert api_for(None).get("/api/v1/equipment/utilisation/").status_code == 401
