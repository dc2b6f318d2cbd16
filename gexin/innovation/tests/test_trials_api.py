"""The trials and regulations API: a contract for every endpoint, the analysis in a
trial's detail, observations in bulk, and the revision workflow's actions and refusals."""

from decimal import Decimal

import pytest
from scipy import stats

from gexin.core.testing import APIContract
from gexin.innovation.choices import VersionStatus
from gexin.innovation.models import Observation, RegulationVersion
from gexin.innovation.tests.factories_trials import (
    CLAUSES,
    PASSES_12,
    PASSES_13,
    examples,
    make_regulation,
)

pytestmark = pytest.mark.django_db


class TestTrialAPI(APIContract):
    endpoint = "trials"
    editor = "leader_a"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["trial"], "out_of_scope": found["b_trial"]}

    def valid_patch(self, world, obj):
        return {"conclusion": "13 passes are safe."}

    def valid_create(self, world):
        return {
            "unit": "plant-a-turning",
            "title": "Coolant on the cooling-machine pipes",
            "baseline_label": "dry",
            "changed_label": "coolant",
        }


class TestTrialVariableAPI(APIContract):
    endpoint = "trial-variables"
    editor = "leader_a"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["variable"], "out_of_scope": found["b_variable"]}

    def valid_patch(self, world, obj):
        return {"limit": "40.0000"}

    def valid_create(self, world):
        return {
            "trial": examples(world)["trial"].pk,
            "name": "output per shift",
            "measured_in": "t",
            "direction": "higher",
            "metric": "steel_products_output",
        }


class TestObservationAPI(APIContract):
    endpoint = "observations"
    editor = "leader_a"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["observation"], "out_of_scope": found["b_observation"]}

    def valid_patch(self, world, obj):
        return {"note": "re-read on the gauge"}

    def valid_create(self, world):
        return {"variable": examples(world)["variable"].pk, "arm": "b", "value": "40.9"}


class TestRegulationAPI(APIContract):
    endpoint = "regulations"
    editor = "leader_a"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["regulation"], "out_of_scope": found["b_regulation"]}

    def valid_patch(self, world, obj):
        return {"title": "Operating regulation of mill 2"}

    def valid_create(self, world):
        return {
            "unit": "plant-a-turning",
            "code": "R-12",
            "title": "Lathe safety",
            "kind": "rule",
            "clauses": [{"number": "1", "text": "Wear goggles."}],
        }


class TestRegulationVersionAPI(APIContract):
    endpoint = "regulation-versions"
    editor = "leader_a"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["version"], "out_of_scope": found["b_version"]}

    def valid_patch(self, world, obj):
        return {"evidence_note": "Measured on mill 2, 3–9 March."}

    def valid_create(self, world):
        regulation = make_regulation(
            world.units["plant-a-turning"], world.users["admin"], CLAUSES, code="R-13"
        )
        return {"regulation": regulation.pk, "reason": "Safe at 13 passes", "evidence_note": "x"}


class TestClauseAPI(APIContract):
    endpoint = "clauses"
    editor = "leader_a"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["clause"], "out_of_scope": found["b_clause"]}

    def valid_patch(self, world, obj):
        return {"text": "The motor current must not exceed 45 A."}

    def valid_create(self, world):
        return {"version": examples(world)["version"].pk, "number": "4", "text": "Log each pass."}


def test_a_trial_detail_carries_the_analysis_as_scipy_computes_it(world, api_for):
    trial = examples(world)["trial"]
    data = api_for("worker_a").get(f"/api/v1/trials/{trial.pk}/").json()
    (analysis,) = data["analysis"]
    expected = stats.ttest_ind(
        [float(v) for v in PASSES_13], [float(v) for v in PASSES_12], equal_var=False
    )
    assert analysis["name"] == "motor current"
    assert analysis["t"] == pytest.approx(expected.statistic)
    assert analysis["p_value"] == pytest.approx(expected.pvalue)
    assert analysis["ci_low"] == pytest.approx(expected.confidence_interval().low)
    assert analysis["baseline"]["n"] == 6
    assert analysis["limit_outcome"] == "within"
    assert "13 passes is higher than 12 passes" in analysis["verdict"]
    action = api_for("worker_a").get(f"/api/v1/trials/{trial.pk}/analysis/").json()
    assert action["variables"][0]["t"] == analysis["t"]
    assert "analysis" not in api_for("worker_a").get("/api/v1/trials/").json()["results"][0]


def test_observations_are_created_in_bulk_all_or_none(world, api_for):
    variable = examples(world)["variable"]
    api = api_for("leader_a")
    before = Observation.objects.count()
    rows = [{"variable": variable.pk, "arm": "a", "value": str(v)} for v in ("38.1", "38.4")]
    response = api.post("/api/v1/observations/", rows, format="json")
    assert response.status_code == 201, response.json()
    assert len(response.json()) == 2
    assert Observation.objects.count() == before + 2
    bad = [*rows, {"variable": variable.pk, "arm": "z", "value": "1"}]
    refused = api.post("/api/v1/observations/", bad, format="json")
    assert refused.status_code == 400
    assert "arm" in refused.json()["2"]
    assert Observation.objects.count() == before + 2
    outside = [{"variable": examples(world)["b_variable"].pk, "arm": "a", "value": "1"}]
    assert api.post("/api/v1/observations/", outside, format="json").status_code == 400
    viewer = api_for("worker_a").post("/api/v1/observations/", rows, format="json")
    assert viewer.status_code == 403


def post(api, version, step, **data):
    return api.post(f"/api/v1/regulation-versions/{version.pk}/{step}/", data, format="json")


def test_the_revision_workflow_through_the_api(world, api_for):
    regulation = make_regulation(
        world.units["plant-a-turning"], world.users["admin"], CLAUSES, code="R-20"
    )
    leader, manager = api_for("leader_a"), api_for("manager_a")
    created = leader.post(
        "/api/v1/regulation-versions/", {"regulation": regulation.pk}, format="json"
    )
    assert created.status_code == 201, created.json()
    draft = RegulationVersion.objects.get(pk=created.json()["id"])
    assert [c["number"] for c in created.json()["clauses"]] == ["1", "2", "3"]

    refused = post(leader, draft, "submit")
    assert refused.status_code == 400
    assert "A revision must give its reason." in str(refused.json())

    clause = draft.clauses.get(number="2")
    assert (
        leader.patch(
            f"/api/v1/clauses/{clause.pk}/", {"text": "Stop at 45 A."}, format="json"
        ).status_code
        == 200
    )
    leader.patch(
        f"/api/v1/regulation-versions/{draft.pk}/",
        {"reason": "13 passes proved safe", "trial": examples(world)["trial"].pk},
        format="json",
    )
    assert post(leader, draft, "submit").json()["stage"] == "awaiting approval"
    assert post(leader, draft, "approve").status_code == 403
    assert post(manager, draft, "reject").status_code == 400  # a rejection says why
    approved = post(manager, draft, "approve", note="On the trial's evidence.")
    assert approved.status_code == 200, approved.json()
    assert approved.json()["status"] == VersionStatus.APPROVED
    assert approved.json()["approved_by"] == "manager_a"
    assert regulation.versions.get(number=1).status == VersionStatus.SUPERSEDED

    frozen = leader.patch(f"/api/v1/clauses/{clause.pk}/", {"text": "Stop at 50 A."}, format="json")
    assert frozen.status_code == 400
    assert "cannot be changed" in str(frozen.json())
    assert post(manager, draft, "approve").status_code == 400
    again = leader.patch(
        f"/api/v1/regulation-versions/{draft.pk}/", {"reason": "changed"}, format="json"
    )
    assert again.status_code == 400
    assert api_for("admin").delete(f"/api/v1/regulation-versions/{draft.pk}/").status_code == 400

    comparison = api_for("worker_a").get(f"/api/v1/regulation-versions/{draft.pk}/comparison/")
    changes = {row["number"]: row["change"] for row in comparison.json()["clauses"]}
    assert changes == {"1": "same", "2": "changed", "3": "same"}


def test_a_second_open_draft_is_refused(world, api_for):
    version = examples(world)["version"]
    response = api_for("leader_a").post(
        "/api/v1/regulation-versions/", {"regulation": version.regulation_id}, format="json"
    )
    assert response.status_code == 400
    assert "still a draft" in str(response.json())


def test_a_variable_limit_is_a_decimal(world, api_for):
    variable = examples(world)["variable"]
    data = api_for("worker_a").get(f"/api/v1/trial-variables/{variable.pk}/").json()
    assert Decimal(data["limit"]) == Decimal(45)
    assert data["analysis"]["outcome"] == "different"
