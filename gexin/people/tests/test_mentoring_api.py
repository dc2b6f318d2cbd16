"""The API of master and apprentice: the shared contract for apprenticeships, goals and
checks, the complete and end actions, and the goals' suggested reached day."""

import datetime

import pytest

from gexin.core.testing import APIContract
from gexin.people.models.mentoring import ApprenticeshipStatus
from gexin.people.skills import raise_level
from gexin.people.tests.factories_mentoring import examples, make_person

pytestmark = pytest.mark.django_db
D = datetime.date


class TestApprenticeshipAPI(APIContract):
    endpoint = "apprenticeships"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["apprenticeship"], "out_of_scope": found["b_apprenticeship"]}

    def valid_patch(self, world, obj):
        return {"goal": "Thread cutting and boring", "planned_end": "1954-12-31"}

    def valid_create(self, world):
        unit = examples(world)["unit"]
        make_person(unit, "A-M20", 0, "New apprentice")
        return {
            "unit": "plant-a-turning",
            "master": "A-M01",
            "apprentice": "A-M20",
            "started_on": "1953-08-01",
        }


class TestApprenticeshipGoalAPI(APIContract):
    endpoint = "apprenticeship-goals"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["goal"], "out_of_scope": found["b_goal"]}

    def valid_patch(self, world, obj):
        return {"description": "Cuts threads to gauge", "due_on": "1953-10-31"}

    def valid_create(self, world):
        found = examples(world)
        return {
            "apprenticeship": found["apprenticeship"].pk,
            "skill": found["skill"].pk,
            "description": "Turns spring sleeves",
            "target_level": 3,
            "due_on": "1953-11-30",
        }


class TestProgressCheckAPI(APIContract):
    endpoint = "progress-checks"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["check"], "out_of_scope": found["b_check"]}

    def valid_patch(self, world, obj):
        return {"rating": "ahead", "note": "Works alone on sleeves."}

    def valid_create(self, world):
        return {
            "apprenticeship": examples(world)["apprenticeship"].pk,
            "checked_on": "1953-07-18",
            "checked_by": "A-M01",
            "rating": "behind",
        }


def test_the_detail_nests_the_goals_and_checks(world, api_for):
    found = examples(world)
    body = api_for("worker_a").get(f"/api/v1/apprenticeships/{found['apprenticeship'].pk}/").json()
    assert (body["master"], body["apprentice"], body["status"]) == ("A-M01", "A-M02", "active")
    assert [goal["id"] for goal in body["goals"]] == [found["goal"].pk]
    assert [check["checked_by"] for check in body["checks"]] == ["A-M01"]


def test_the_rules_answer_400_with_the_reason(world, api_for):
    found = examples(world)
    make_person(found["unit"], "A-M21", 6, "Grade six")
    response = api_for("leader_a").post(
        "/api/v1/apprenticeships/",
        {
            "unit": "plant-a-turning",
            "master": "A-M21",
            "apprentice": "A-M02",
            "started_on": "1953-08-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "already learns from" in response.json()["apprentice"][0], response.json()
    outsider = api_for("leader_a").post(
        "/api/v1/apprenticeships/",
        {
            "unit": "plant-a-turning",
            "master": "B-M01",
            "apprentice": "A-M21",
            "started_on": "1953-08-01",
        },
        format="json",
    )
    assert outsider.status_code == 400 and "master" in outsider.json()


def test_the_status_is_read_only_and_moves_by_its_actions(world, api_for):
    apprenticeship = examples(world)["apprenticeship"]
    api = api_for("leader_a")
    base = f"/api/v1/apprenticeships/{apprenticeship.pk}/"
    api.patch(base, {"status": "completed", "ended_on": "1953-09-01"}, format="json")
    apprenticeship.refresh_from_db()
    assert apprenticeship.status == ApprenticeshipStatus.ACTIVE
    assert api.get(base + "complete/").json()["status"] == "active"
    refused = api.post(base + "complete/", {"on": "1953-10-01"}, format="json")
    assert refused.status_code == 400 and "Cuts threads alone" in refused.json()["reason"][0]
    done = api.post(
        base + "complete/", {"on": "1953-10-01", "reason": "Threads carried over."}, format="json"
    )
    assert done.status_code == 200, done.json()
    assert (done.json()["status"], done.json()["ended_on"]) == ("completed", "1953-10-01")
    again = api.post(base + "end/", {"on": "1953-10-02", "reason": "x"}, format="json")
    assert again.status_code == 400


def test_the_actions_need_the_right_and_the_scope(world, api_for):
    found = examples(world)
    data = {"on": "1953-08-01", "reason": "Moved away."}
    url = f"/api/v1/apprenticeships/{found['apprenticeship'].pk}/end/"
    assert api_for("worker_a").post(url, data, format="json").status_code == 403
    outside = f"/api/v1/apprenticeships/{found['b_apprenticeship'].pk}/end/"
    assert api_for("leader_a").post(outside, data, format="json").status_code == 404
    assert api_for("leader_a").post(url, {"on": "1953-08-01"}, format="json").status_code == 400
    assert api_for("leader_a").post(url, data, format="json").status_code == 200


def test_a_goal_shows_the_day_its_level_was_reached_until_marked(world, api_for):
    found = examples(world)
    raise_level(found["apprentice"], found["skill"], 3, D(1953, 9, 12))
    api = api_for("worker_a")
    rows = api.get("/api/v1/apprenticeship-goals/", {"apprentice": "A-M02"}).json()["results"]
    assert [(row["id"], row["suggested_reached_on"]) for row in rows] == [
        (found["goal"].pk, "1953-09-12")
    ]
    api_for("leader_a").patch(
        f"/api/v1/apprenticeship-goals/{found['goal'].pk}/",
        {"reached_on": "1953-09-12"},
        format="json",
    )
    row = api.get(f"/api/v1/apprenticeship-goals/{found['goal'].pk}/").json()
    assert (row["reached_on"], row["suggested_reached_on"]) == ("1953-09-12", None)


def test_the_goal_filters(world, api_for):
    found = examples(world)
    api = api_for("admin")
    overdue = api.get("/api/v1/apprenticeship-goals/", {"overdue": "1"}).json()["results"]
    assert {row["id"] for row in overdue} == {found["goal"].pk, found["b_goal"].pk}
    reached = api.get("/api/v1/apprenticeship-goals/", {"reached": "true"}).json()["results"]
    assert reached == []
    in_a = api.get("/api/v1/apprenticeship-goals/", {"unit": "plant-a"}).json()["results"]
    assert [row["id"] for row in in_a] == [found["goal"].pk]


def test_a_goal_or_check_stays_with_its_apprenticeship_and_its_scope(world, api_for):
    found = examples(world)
    api = api_for("admin")
    moved = api.patch(
        f"/api/v1/apprenticeship-goals/{found['goal'].pk}/",
        {"apprenticeship": found["b_apprenticeship"].pk},
        format="json",
    )
    assert moved.status_code == 400
    response = api_for("leader_a").post(
        "/api/v1/progress-checks/",
        {
            "apprenticeship": found["b_apprenticeship"].pk,
            "checked_on": "1953-07-18",
            "checked_by": "A-M01",
        },
        format="json",
    )
    assert response.status_code == 400 and "apprenticeship" in response.json()


def test_the_list_filters_overdue_and_by_person(world, api_for):
    found = examples(world)
    api = api_for("admin")
    rows = api.get("/api/v1/apprenticeships/", {"person": "A-M01"}).json()["results"]
    assert [row["id"] for row in rows] == [found["apprenticeship"].pk]
    rows = api.get("/api/v1/apprenticeships/", {"overdue": "1", "unit": "plant-b"}).json()[
        "results"
    ]
    assert [row["id"] for row in rows] == [found["b_apprenticeship"].pk]
