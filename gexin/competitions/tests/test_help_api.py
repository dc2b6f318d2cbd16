"""The API of awards, pairings, help cases, advanced producers and handovers: the shared
contract for each endpoint, and the workflow actions with their refusals."""

import datetime

import pytest

from gexin.competitions.choices import AwardStatus, ProducerStatus
from gexin.competitions.models import Award
from gexin.competitions.tests.factories_help import examples, pledge, record
from gexin.core.testing import APIContract
from gexin.meetings.choices import MeetingStatus
from gexin.meetings.tests.factories import make_meeting

pytestmark = pytest.mark.django_db


class TestAwardAPI(APIContract):
    endpoint = "awards"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["award"], "out_of_scope": found["b_award"]}

    def valid_patch(self, world, obj):
        return {"title": "Advanced turner of the first quarter"}

    def valid_create(self, world):
        found = examples(world)
        return {
            "evaluation": found["evaluation"].pk,
            "participant": found["third"].pk,
            "kind": "material",
            "title": "Bonus for the most improved",
            "amount": "15.00",
        }


class TestPairingAPI(APIContract):
    endpoint = "pairings"
    editor = "leader_a"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["pairing"], "out_of_scope": found["b_pairing"]}

    def valid_patch(self, world, obj):
        return {"goal": "Qualified rate up to 98% by June"}

    def valid_create(self, world):
        found = examples(world)
        return {
            "competition": found["competition"].pk,
            "advanced": found["ahead"].pk,
            "laggard": found["third"].pk,
            "since": "1959-04-01",
        }


class TestHelpCaseAPI(APIContract):
    endpoint = "help-cases"
    editor = "leader_a"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["helpcase"], "out_of_scope": found["b_helpcase"]}

    def valid_patch(self, world, obj):
        return {"help_arranged": "Lathe 4 repaired"}

    def valid_create(self, world):
        return {
            "person": world.people["worker_a"].pk,
            "periods_missed": 2,
            "cause": "skill",
            "help_arranged": "A master worker teaches her the fine threads",
        }


class TestAdvancedProducerAPI(APIContract):
    endpoint = "advanced-producers"
    editor = "leader_a"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["producer"], "out_of_scope": found["b_producer"]}

    def valid_patch(self, world, obj):
        return {"method": "Grinds the tool to a new angle"}

    def valid_create(self, world):
        return {"person": world.people["turner_a"].pk, "evidence": "Three months over the pledge"}


class TestHandoverAPI(APIContract):
    endpoint = "handovers"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["handover"], "out_of_scope": found["b_handover"]}

    def valid_patch(self, world, obj):
        return {"metric": "pieces_qualified"}

    def valid_create(self, world):
        found = examples(world)
        return {
            "competition": found["competition"].pk,
            "giver": found["behind"].pk,
            "taker": found["third"].pk,
            "metric": "pieces_produced",
        }


def test_the_proposer_cannot_approve_through_the_api(world, api_for):
    award = examples(world)["award"]  # proposed by manager_a
    url = f"/api/v1/awards/{award.pk}/approve/"
    refused = api_for("manager_a").post(url, {}, format="json")
    assert refused.status_code == 400
    assert "You proposed this award" in str(refused.json())
    assert api_for("leader_a").post(url, {}, format="json").status_code == 403
    approved = api_for("admin_a").post(url, {"note": "ok"}, format="json")
    assert approved.status_code == 200
    assert approved.json()["status"] == AwardStatus.APPROVED
    assert approved.json()["counts"] is True
    assert approved.json()["decided_by"] == "admin_a"


def test_an_award_created_through_the_api_is_proposed_by_the_caller(world, api_for):
    data = TestAwardAPI().valid_create(world)
    response = api_for("manager_a").post("/api/v1/awards/", data, format="json")
    assert response.status_code == 201
    assert response.json()["proposed_by"] == "manager_a"
    assert response.json()["status"] == AwardStatus.PROPOSED


def test_a_decided_award_is_not_patched_or_deleted(world, api_for):
    award = examples(world)["award"]
    award.approve(world.users["admin_a"])
    api = api_for("admin")
    response = api.patch(f"/api/v1/awards/{award.pk}/", {"title": "x"}, format="json")
    assert response.status_code == 400
    assert api.delete(f"/api/v1/awards/{award.pk}/").status_code == 400
    assert Award.objects.get(pk=award.pk).title == "Advanced turner of March"


def test_a_material_award_without_amount_is_refused(world, api_for):
    data = {**TestAwardAPI().valid_create(world), "amount": None}
    response = api_for("manager_a").post("/api/v1/awards/", data, format="json")
    assert response.status_code == 400
    assert "amount" in response.json()


def test_a_pairings_detail_carries_the_progress(world, api_for):
    pairing = examples(world)["pairing"]
    body = api_for("worker_a").get(f"/api/v1/pairings/{pairing.pk}/").json()
    assert body["progress"]["baseline"]["score"] == 61.25
    assert body["progress"]["baseline"]["rank"] == 3
    assert body["progress"]["since"] == []
    assert body["progress"]["message"].startswith("No evaluation since the pairing yet")


def test_a_pairing_across_competitions_is_refused(world, api_for):
    found = examples(world)
    data = {
        "competition": found["competition"].pk,
        "advanced": found["ahead"].pk,
        "laggard": found["b_pairing"].laggard_id,
    }
    response = api_for("admin").post("/api/v1/pairings/", data, format="json")
    assert response.status_code == 400
    assert "laggard" in response.json()


def test_the_missing_quota_endpoint_lists_the_workers(world, api_for):
    case = examples(world)["helpcase"]  # turner_a's open case
    unit = world.units["plant-a-turning"]
    turner = world.people["turner_a"]
    for number in (1, 2):
        pledge(turner, unit, datetime.date(1959, number, 1), {"pieces_produced": 100})
        record(turner, unit, datetime.date(1959, number, 1), "pieces_produced", 50)
    response = api_for("leader_a").get(
        "/api/v1/help-cases/missing-quota/", {"unit": "plant-a-turning", "of_last": 2}
    )
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["employee_number"] == "A-003"
    assert row["missed_count"] == 2
    assert [period["label"] for period in row["missed"]] == ["1959-02", "1959-01"]
    assert row["missed"][0]["lines"][0]["percent"] == 50.0
    assert row["open_case"] == case.pk
    outsider = api_for("worker_b").get(
        "/api/v1/help-cases/missing-quota/", {"unit": "plant-a-turning"}
    )
    assert outsider.json()["results"] == []


def test_producer_candidates_and_confirmation_through_the_api(world, api_for):
    unit = world.units["plant-a-turning"]
    turner = world.people["turner_a"]
    for number in (1, 2, 3):
        pledge(turner, unit, datetime.date(1959, number, 1), {"pieces_produced": 100})
        record(turner, unit, datetime.date(1959, number, 1), "pieces_produced", 130)
    api = api_for("leader_a")
    (row,) = api.get("/api/v1/advanced-producers/candidates/").json()["results"]
    assert row["employee_number"] == "A-003"
    assert len(row["run"]) == 3
    created = api.post(
        "/api/v1/advanced-producers/",
        {"person": turner.pk, "evidence": row["evidence"]},
        format="json",
    ).json()
    meeting = make_meeting(unit, datetime.date(1959, 4, 6), status=MeetingStatus.HELD)
    url = f"/api/v1/advanced-producers/{created['id']}/confirm/"
    refused = api.post(url, {"meeting": meeting.pk}, format="json")
    assert refused.status_code == 400
    assert "method" in refused.json()
    done = api.post(url, {"meeting": meeting.pk, "method": "Cools the cut"}, format="json")
    assert done.status_code == 200
    assert done.json()["status"] == ProducerStatus.CONFIRMED
    assert done.json()["decided_on"] == "1959-04-06"
    assert api_for("worker_a").post(url, {"meeting": meeting.pk}, format="json").status_code == 403


def test_a_handovers_comparison_covers_the_competitions_periods(world, api_for):
    handover = examples(world)["handover"]
    body = api_for("worker_a").get(f"/api/v1/handovers/{handover.pk}/comparison/").json()
    (row,) = body["results"]
    assert (row["start"], row["end"]) == ("1959-03-01", "1959-03-31")
    assert row["flagged"] is False
