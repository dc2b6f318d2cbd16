"""The groups API: the shared contract for each endpoint, then the rules it keeps the
same way the pages do (members of the unit, one mutual-aid group at a time, members on
the day, links on the unit's line) and the end action."""

import datetime

import pytest

from gexin.core.testing import APIContract
from gexin.meetings.tests.factories import make_proposal
from gexin.org.tests.factories import PersonFactory
from gexin.people.models.groups import StudyGroupKind, StudyGroupMember
from gexin.people.tests.factories_groups import examples, make_group

pytestmark = pytest.mark.django_db
D = datetime.date


class TestStudyGroupAPI(APIContract):
    endpoint = "study-groups"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["group"], "out_of_scope": found["b_group"]}

    def valid_patch(self, world, obj):
        return {"focus": "Raise the young workers' skill.", "meets": "after the middle shift"}

    def valid_create(self, world):
        return {
            "unit": "plant-a-turning",
            "kind": "research",
            "name": "Tool research group",
            "leader": "A-002",
            "leader_role": "master",
            "formed_on": "1953-07-01",
        }


class TestStudyGroupMemberAPI(APIContract):
    endpoint = "study-group-members"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["member"], "out_of_scope": found["b_member"]}

    def valid_patch(self, world, obj):
        return {"role": "learner"}

    def valid_create(self, world):
        research = make_group(
            world.units["plant-a-turning"],
            world.people["leader_a"],
            kind=StudyGroupKind.RESEARCH,
            name="Tool research group",
        )
        return {
            "group": research.pk,
            "person": "A-002",
            "role": "member",
            "joined_on": "1953-06-20",
        }


class TestStudySessionAPI(APIContract):
    endpoint = "study-sessions"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["session"], "out_of_scope": found["b_session"]}

    def valid_patch(self, world, obj):
        return {"topic": "Grinding the tool", "attendees": ["A-001", "A-002", "A-003"]}

    def valid_create(self, world):
        return {
            "group": examples(world)["group"].pk,
            "held_on": "1953-06-19",
            "topic": "Coolant",
            "attendees": ["A-001"],
        }


class TestSolvedProblemAPI(APIContract):
    endpoint = "solved-problems"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["problem"], "out_of_scope": found["b_problem"]}

    def valid_patch(self, world, obj):
        return {"result": "100 pipes in 7.5 h instead of 12 h", "solved_by": ["A-001"]}

    def valid_create(self, world):
        return {
            "group": examples(world)["group"].pk,
            "title": "Mud-pump sleeves of uneven length",
            "solved_on": "1953-06-25",
            "solved_by": ["A-001", "A-002"],
        }


class TestDemonstrationAPI(APIContract):
    endpoint = "demonstrations"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["demonstration"], "out_of_scope": found["b_demonstration"]}

    def valid_patch(self, world, obj):
        return {"place": "Lathe 5", "attendees": ["A-002"]}

    def valid_create(self, world):
        return {
            "unit": "plant-a-turning",
            "demonstrator": "A-001",
            "held_on": "1953-06-23",
            "topic": "The new tool angle",
            "attendees": ["A-002", "A-003"],
        }


def test_a_new_groups_leader_is_its_first_member(world, api_for):
    response = api_for("leader_a").post(
        "/api/v1/study-groups/", TestStudyGroupAPI().valid_create(world), format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["member_count"], body["kind_label"]) == (1, "technical research group")
    members = api_for("leader_a").get("/api/v1/study-group-members/", {"group": body["id"]})
    rows = [(row["person"], row["role"]) for row in members.json()["results"]]
    assert rows == [("A-002", "master")]


def test_a_person_is_in_one_mutual_aid_group_of_a_unit_at_a_time(world, api_for):
    found = examples(world)
    second = make_group(
        world.units["plant-a-turning"],
        PersonFactory(employee_number="A-012", unit=world.units["plant-a-turning"]),
        name="Middle shift group",
    )
    api = api_for("leader_a")
    data = {"group": second.pk, "person": "A-002", "joined_on": "1953-06-20"}
    refused = api.post("/api/v1/study-group-members/", data, format="json")
    assert refused.status_code == 400
    assert "one technical mutual-aid group" in str(refused.json()["person"])
    # Once worker_a has left the first group, the second may take them.
    ended = api.post(f"/api/v1/study-group-members/{found['member'].pk}/end/", {"on": "1953-06-20"})
    assert ended.status_code == 200 and ended.json()["left_on"] == "1953-06-20"
    taken = api.post("/api/v1/study-group-members/", data, format="json")
    assert taken.status_code == 201, taken.json()


def test_members_must_be_people_of_the_groups_unit(world, api_for):
    group = examples(world)["group"]
    admin = api_for("admin")  # may see roller_b, who is not of the group's unit
    response = admin.post(
        "/api/v1/study-group-members/",
        {"group": group.pk, "person": "B-002", "joined_on": "1953-06-20"},
        format="json",
    )
    assert response.status_code == 400 and "person" in response.json()
    hidden = api_for("leader_a").post(
        "/api/v1/study-group-members/",
        {"group": group.pk, "person": "B-002", "joined_on": "1953-06-20"},
        format="json",
    )
    assert hidden.status_code == 400  # roller_b does not exist for plant A's leader


def test_a_part_cannot_be_added_to_a_group_beyond_ones_scope(world, api_for):
    b_group = examples(world)["b_group"]
    response = api_for("leader_a").post(
        "/api/v1/study-sessions/",
        {"group": b_group.pk, "held_on": "1953-06-19", "topic": "x"},
        format="json",
    )
    assert response.status_code == 400 and "group" in response.json()


def test_attendance_is_reported_and_checked_against_membership(world, api_for):
    found = examples(world)
    api = api_for("worker_a")
    body = api.get(f"/api/v1/study-sessions/{found['session'].pk}/").json()
    assert body["attendance"] == {"present": 2, "members": 3, "rate": 67}
    assert sorted(body["attendees"]) == ["A-001", "A-003"]
    refused = api_for("leader_a").post(
        "/api/v1/study-sessions/",
        {
            "group": found["group"].pk,
            "held_on": "1953-06-10",  # the day before the group was formed
            "topic": "x",
            "attendees": [],
        },
        format="json",
    )
    assert refused.status_code == 400 and "held_on" in refused.json()


def test_a_solved_problem_links_only_a_proposal_on_the_units_line(world, api_for):
    found = examples(world)
    own = make_proposal(world.units["plant-a-turning"], [world.people["leader_a"]])
    other = make_proposal(world.units["plant-b-shift-1"], [world.people["worker_b"]])
    url = f"/api/v1/solved-problems/{found['problem'].pk}/"
    linked = api_for("leader_a").patch(url, {"proposal": own.pk}, format="json")
    assert linked.status_code == 200 and linked.json()["proposal"] == own.pk
    unseen = api_for("leader_a").patch(url, {"proposal": other.pk}, format="json")
    assert unseen.status_code == 400  # does not exist for plant A's leader
    off_line = api_for("admin").patch(url, {"proposal": other.pk}, format="json")
    assert off_line.status_code == 400 and "proposal" in off_line.json()
    listed = api_for("worker_a").get("/api/v1/solved-problems/", {"proposal": own.pk}).json()
    assert [row["id"] for row in listed["results"]] == [found["problem"].pk]


def test_demonstration_attendees_are_people_of_its_unit(world, api_for):
    found = examples(world)
    response = api_for("admin").patch(
        f"/api/v1/demonstrations/{found['demonstration'].pk}/",
        {"attendees": ["A-002", "B-002"]},
        format="json",
    )
    assert response.status_code == 400 and "attendees" in response.json()
    body = api_for("worker_a").get(f"/api/v1/demonstrations/{found['demonstration'].pk}/").json()
    assert body["attendee_count"] == 2


def test_the_end_action_shows_on_get_and_needs_the_right(world, api_for):
    member = examples(world)["member"]
    url = f"/api/v1/study-group-members/{member.pk}/end/"
    assert api_for("worker_a").get(url).json()["id"] == member.pk
    assert api_for("worker_a").post(url, {"on": "1953-07-01"}).status_code == 403
    assert api_for("worker_b").post(url, {"on": "1953-07-01"}).status_code == 404
    again = api_for("leader_a")
    assert again.post(url, {"on": "1953-07-01"}).status_code == 200
    assert again.post(url, {"on": "1953-07-02"}).status_code == 400
    assert StudyGroupMember.objects.get(pk=member.pk).left_on == D(1953, 7, 1)


def test_filters_by_kind_activity_and_member(world, api_for):
    found = examples(world)
    api = api_for("admin")

    def ids(**query):
        return {row["id"] for row in api.get("/api/v1/study-groups/", query).json()["results"]}

    assert ids(member="A-002") == {found["group"].pk}
    assert ids(kind="study") == set()
    assert ids(active="1", unit="plant-b") == {found["b_group"].pk}
    sessions = api.get("/api/v1/study-sessions/", {"attendee": "A-003"}).json()["results"]
    assert [row["id"] for row in sessions] == [found["session"].pk]


def test_a_group_with_a_record_is_not_deleted(world, api_for):
    group = examples(world)["group"]
    assert api_for("admin").delete(f"/api/v1/study-groups/{group.pk}/").status_code == 409
