"""The API of evaluations, scores and banner holdings: a contract for every endpoint, and
computing, adjusting and publishing through it."""

import pytest

from gexin.competitions.models import Evaluation
from gexin.competitions.tests.factories_evaluations import MARCH, examples, scenario
from gexin.core.models import ChangeRecord
from gexin.core.testing import APIContract

pytestmark = pytest.mark.django_db


class TestEvaluationAPI(APIContract):
    endpoint = "evaluations"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["evaluation"], "out_of_scope": found["b_evaluation"]}

    def valid_patch(self, world, obj):
        return {"note": "Read out at the committee meeting"}

    def valid_create(self, world):
        return {"competition": examples(world)["competition"].pk, "day": "1959-03-15"}


class ReadOnlyContract(APIContract):
    """Written by the workflows only: the contract's read tests apply as they are; its
    write tests become the checks that no method but reading is offered, to anyone
    (405), while an object out of scope still does not exist for a reader (404)."""

    def valid_patch(self, world, obj):
        return {"rank": 99}

    def test_out_of_scope_is_not_found(self, world, api_for):
        obj = self.objects(world)["out_of_scope"]
        assert api_for(self.editor).get(self.detail_url(obj)).status_code == 404

    def test_change_without_the_right_is_forbidden(self, world, api_for):
        obj = self.objects(world)["in_scope"]
        response = api_for(self.viewer).patch(self.detail_url(obj), {"rank": 99}, format="json")
        assert response.status_code == 405

    def test_change_with_the_right_is_saved(self, world, api_for):
        obj = self.objects(world)["in_scope"]
        for user in (self.editor, "admin"):
            api = api_for(user)
            assert api.patch(self.detail_url(obj), {"rank": 99}, format="json").status_code == 405
            assert api.post(self.list_url(), {}, format="json").status_code == 405
            assert api.delete(self.detail_url(obj)).status_code == 405

    def test_delete_without_the_right_is_forbidden(self, world, api_for):
        obj = self.objects(world)["in_scope"]
        assert api_for(self.viewer).delete(self.detail_url(obj)).status_code == 405


class TestScoreAPI(ReadOnlyContract):
    endpoint = "scores"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["score"], "out_of_scope": found["b_score"]}


class TestBannerHoldingAPI(ReadOnlyContract):
    endpoint = "banner-holdings"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["holding"], "out_of_scope": found["b_holding"]}


def test_an_evaluation_computed_through_the_api_ranks_its_scores(world, api_for):
    found = scenario(world)
    api = api_for("manager_a")
    response = api.post(
        "/api/v1/evaluations/",
        {"competition": found["competition"].pk, "day": "1959-03-20"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["period_start"], data["period_end"]) == ("1959-03-01", "1959-03-31")
    assert [(row["participant"], row["rank"], row["final"]) for row in data["scores"]] == [
        (found["p2"].pk, 1, "80.000"),
        (found["p1"].pk, 2, "65.000"),
        (found["p4"].pk, 3, "61.667"),
        (found["p3"].pk, 4, "58.333"),
    ]
    assert data["scores"][0]["is_eligible"] is False
    assert data["findings"]["gap"] == 21.667


def test_adjusting_through_the_api_needs_the_right_and_a_reason(world, api_for):
    found = scenario(world)
    api_for("manager_a").post(
        "/api/v1/evaluations/", {"competition": found["competition"].pk, "day": "1959-03-20"}
    )
    score = Evaluation.objects.get().scores.get(participant=found["p3"])
    url = f"/api/v1/scores/{score.pk}/adjust/"
    assert api_for("leader_a").post(url, {"value": "90", "reason": "x"}).status_code == 403
    api = api_for("manager_a")
    refused = api.post(url, {"value": "90", "reason": " "}, format="json")
    assert refused.status_code == 400
    assert "reason" in refused.json()
    reason = "Coal booked to the wrong group"
    response = api.post(url, {"value": "90", "reason": reason}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["final"], response.json()["rank"]) == ("90.000", 1)
    assert response.json()["adjustment_reason"] == reason
    record = next(r for r in ChangeRecord.for_object(score) if "adjusted_total" in r.changes)
    assert (record.reason, record.actor) == (reason, world.users["manager_a"])


def test_publishing_through_the_api_passes_the_banner_and_locks(world, api_for):
    found = scenario(world)
    api = api_for("manager_a")
    created = api.post(
        "/api/v1/evaluations/", {"competition": found["competition"].pk, "day": "1959-03-20"}
    ).json()
    url = f"/api/v1/evaluations/{created['id']}/"
    assert api_for("leader_a").post(url + "publish/").status_code == 403
    published = api.post(url + "publish/")
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    assert published.json()["banner_holder"] == found["p1"].pk
    holdings = api_for("worker_a").get(
        "/api/v1/banner-holdings/", {"competition": found["competition"].pk}
    )
    assert [(h["participant"], h["since"], h["until"]) for h in holdings.json()["results"]] == [
        (found["p1"].pk, "1959-03-31", None)
    ]
    refused = api.post(url + "compute/")
    assert refused.status_code == 400
    assert "published and locked" in str(refused.json())
    score = created["scores"][0]["id"]
    locked = api.post(f"/api/v1/scores/{score}/adjust/", {"value": "1", "reason": "late"})
    assert locked.status_code == 400
    assert api.delete(url).status_code == 409
    assert api.post(url + "publish/").status_code == 400


def test_a_score_in_detail_names_its_best_lever(world, api_for):
    found = scenario(world)
    api_for("manager_a").post(
        "/api/v1/evaluations/", {"competition": found["competition"].pk, "day": MARCH.isoformat()}
    )
    score = Evaluation.objects.get().scores.get(participant=found["p1"])
    lever = api_for("worker_a").get(f"/api/v1/scores/{score.pk}/").json()["best_lever"]
    assert lever == {
        "criterion": found["coal"].pk,
        "metric": "coal_per_tonne_steel",
        "points": 33.333,
        "best": 100.0,
        "lift": 16.667,
    }
