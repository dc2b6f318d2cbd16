"""The API of production lines, stations, bottleneck records, experimental fields and their
logs: a contract for every endpoint, the chain in a line's detail, and station changes
leaving the same history as on the pages."""

import datetime

import pytest

from gexin.core.testing import APIContract
from gexin.innovation.models import ExperimentalField, FieldLogEntry, Problem
from gexin.innovation.tests.factories_lines import examples, make_line

pytestmark = pytest.mark.django_db


class TestProductionLineAPI(APIContract):
    endpoint = "production-lines"
    editor = "leader_a"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["line"], "out_of_scope": found["b_line"]}

    def valid_patch(self, world, obj):
        return {"name": "Forging line no. 2"}

    def valid_create(self, world):
        return {"unit": "plant-a-turning", "name": "Turning line", "measured_in": "pieces/day"}


class TestStationAPI(APIContract):
    endpoint = "stations"
    editor = "leader_a"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["station"], "out_of_scope": found["b_station"]}

    def valid_patch(self, world, obj):
        return {"name": "Steam hammer"}

    def valid_create(self, world):
        return {"line": examples(world)["line"].pk, "name": "Cutting", "capacity": "90.0000"}


class TestBottleneckRecordAPI(APIContract):
    """Bottleneck records are written only by station changes: the endpoint is read-only.

    The contract's read tests apply as they are; its write tests are replaced by the
    checks that no method but reading is offered, to anyone (405), while an object out
    of scope still does not exist for a reader (404).
    """

    endpoint = "bottleneck-records"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["record"], "out_of_scope": found["b_record"]}

    def valid_patch(self, world, obj):
        return {"note": "Changed"}

    def test_out_of_scope_is_not_found(self, world, api_for):
        obj = self.objects(world)["out_of_scope"]
        assert api_for(self.editor).get(self.detail_url(obj)).status_code == 404

    def test_change_without_the_right_is_forbidden(self, world, api_for):
        obj = self.objects(world)["in_scope"]
        response = api_for(self.viewer).patch(self.detail_url(obj), {"note": "x"}, format="json")
        assert response.status_code == 405

    def test_change_with_the_right_is_saved(self, world, api_for):
        obj = self.objects(world)["in_scope"]
        for user in (self.editor, "admin"):
            api = api_for(user)
            assert api.patch(self.detail_url(obj), {"note": "x"}, format="json").status_code == 405
            assert (
                api.post(self.list_url(), {"line": obj.line_id}, format="json").status_code == 405
            )
            assert api.delete(self.detail_url(obj)).status_code == 405
        obj.refresh_from_db()
        assert obj.note != "x"

    def test_delete_without_the_right_is_forbidden(self, world, api_for):
        obj = self.objects(world)["in_scope"]
        assert api_for(self.viewer).delete(self.detail_url(obj)).status_code == 405


class TestExperimentalFieldAPI(APIContract):
    endpoint = "experimental-fields"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["field"], "out_of_scope": found["b_field"]}

    def valid_patch(self, world, obj):
        return {"aim": "Stay with the turners for three months"}

    def valid_create(self, world):
        return {
            "leader": world.people["manager_a"].pk,
            "unit": "plant-a-machine",
            "starts_on": "1958-03-01",
        }


class TestFieldLogEntryAPI(APIContract):
    endpoint = "field-log-entries"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["entry"], "out_of_scope": found["b_entry"]}

    def valid_patch(self, world, obj):
        return {"kind": "solved"}

    def valid_create(self, world):
        return {"field": examples(world)["field"].pk, "kind": "note", "text": "Met the group"}


def test_a_lines_detail_gives_its_chain(world, api_for):
    line = examples(world)["line"]
    forging = line.stations.get(name="Forging")
    heating = line.stations.get(name="Heating furnace")
    chain = api_for("worker_a").get(f"/api/v1/production-lines/{line.pk}/").json()["chain"]
    assert chain == {
        "bottleneck": ["Forging"],
        "bottleneck_ids": [forging.pk],
        "output": "100.0000",
        "is_tie": False,
        "gain": "20.0000",
        "gain_alone": "20.0000",
        "next": ["Heating furnace"],
        "next_ids": [heating.pk],
        "next_capacity": "120.0000",
        "unknown": [],
    }


def test_a_tie_in_the_api_says_raising_one_gains_nothing(world, api_for):
    line = make_line(world.units["plant-a-turning"], [("A", 5), ("B", 5), ("C", 7)])
    chain = api_for("worker_a").get(f"/api/v1/production-lines/{line.pk}/").json()["chain"]
    assert chain["bottleneck"] == ["A", "B"]
    assert chain["is_tie"] is True
    assert chain["gain_alone"] == "0.0000"
    assert chain["gain"] == "2.0000"
    assert chain["next"] == ["C"]


def test_a_station_changed_through_the_api_leaves_the_history(world, api_for):
    line = examples(world)["line"]
    forging = line.stations.get(name="Forging")
    response = api_for("leader_a").patch(
        f"/api/v1/stations/{forging.pk}/",
        {"capacity": "150", "note": "Double-groove arc anvils"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    records = api_for("worker_a").get("/api/v1/bottleneck-records/", {"line": line.pk}).json()
    newest = records["results"][0]
    assert (newest["station_names"], newest["throughput"], newest["next_names"]) == (
        "Heating furnace",
        "120.0000",
        "Tongs",
    )
    assert newest["note"] == "Double-groove arc anvils"
    assert records["count"] == 2


def test_a_station_created_through_the_api_goes_last(world, api_for):
    line = examples(world)["line"]
    response = api_for("leader_a").post(
        "/api/v1/stations/", {"line": line.pk, "name": "Cutting", "capacity": "90"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["position"] == 4
    assert line.bottleneck_history.first().station_names == "Cutting"


def test_a_station_cannot_be_put_on_a_line_out_of_scope(world, api_for):
    b_line = examples(world)["b_line"]
    response = api_for("leader_a").post(
        "/api/v1/stations/", {"line": b_line.pk, "name": "X", "capacity": "1"}, format="json"
    )
    assert response.status_code == 400
    assert not b_line.stations.filter(name="X").exists()


def test_a_station_derives_from_a_unit_within_the_line_only(world, api_for):
    line = examples(world)["line"]
    response = api_for("admin").post(
        "/api/v1/stations/",
        {"line": line.pk, "name": "X", "unit": "plant-b-shift-1", "metric": "pieces_produced"},
        format="json",
    )
    assert response.status_code == 400
    assert "unit" in response.json()


def test_deleting_a_station_through_the_api_leaves_the_history(world, api_for):
    line = examples(world)["line"]
    forging = line.stations.get(name="Forging")
    assert api_for("admin").delete(f"/api/v1/stations/{forging.pk}/").status_code == 204
    assert line.bottleneck_history.first().station_names == "Heating furnace"


def test_recalculate_needs_the_right_to_change_stations(world, api_for):
    line = examples(world)["line"]
    url = f"/api/v1/production-lines/{line.pk}/recalculate/"
    assert api_for("worker_a").get(url).status_code == 200
    assert api_for("worker_a").post(url).status_code == 403
    response = api_for("leader_a").post(url)
    assert response.status_code == 200
    assert response.json()["chain"]["bottleneck"] == ["Forging"]


def test_a_log_entry_links_only_a_problem_of_its_field(world, api_for):
    field = examples(world)["field"]
    inside = Problem.objects.create(
        unit=world.units["plant-a-turning"], title="Chuck slips", description="On lathe 4"
    )
    elsewhere = Problem.objects.create(
        unit=world.units["plant-a"], title="Coal short", description="At the boiler house"
    )
    api = api_for("manager_a")
    refused = api.post(
        "/api/v1/field-log-entries/",
        {"field": field.pk, "kind": "found", "text": "x", "problem": elsewhere.pk},
        format="json",
    )
    assert refused.status_code == 400
    assert "problem" in refused.json()
    accepted = api.post(
        "/api/v1/field-log-entries/",
        {"field": field.pk, "kind": "found", "text": "Chuck slips", "problem": inside.pk},
        format="json",
    )
    assert accepted.status_code == 201, accepted.json()
    assert FieldLogEntry.objects.get(pk=accepted.json()["id"]).problem == inside
    tally = api.get(f"/api/v1/experimental-fields/{field.pk}/").json()["tally"]
    assert tally == {"found": 2, "solved": 0, "note": 0}


def test_a_field_cannot_end_before_it_starts(world, api_for):
    response = api_for("manager_a").post(
        "/api/v1/experimental-fields/",
        {
            "leader": world.people["manager_a"].pk,
            "unit": "plant-a-turning",
            "starts_on": "1958-03-01",
            "ends_on": "1958-02-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "ends_on" in response.json()


def test_fields_are_filtered_by_leader_and_state(world, api_for):
    found = examples(world)
    ended = ExperimentalField.objects.create(
        unit=world.units["plant-a-turning"],
        leader=world.people["manager_a"],
        starts_on=datetime.date(1958, 1, 1),
        ends_on=datetime.date(1958, 2, 1),
    )
    api = api_for("admin")
    ids = {
        row["id"]
        for row in api.get(
            "/api/v1/experimental-fields/", {"leader": "A-100", "state": "ended"}
        ).json()["results"]
    }
    assert ids == {ended.pk}
    current = api.get("/api/v1/experimental-fields/", {"state": "current"}).json()["results"]
    assert {row["id"] for row in current} == {found["field"].pk, found["b_field"].pk}
