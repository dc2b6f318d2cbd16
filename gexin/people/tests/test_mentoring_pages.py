"""The pages of master and apprentice: the shared contract, the list's filters, goals and
checks kept on the apprenticeship's page, a goal suggested as reached from the recorded
level, and completing or ending it."""

import datetime

import pytest
from django.urls import reverse

from gexin.core.testing import ViewContract
from gexin.meetings.tests.factories import make_meeting
from gexin.people.models.mentoring import (
    Apprenticeship,
    ApprenticeshipGoal,
    ApprenticeshipStatus,
    ProgressCheck,
)
from gexin.people.skills import raise_level
from gexin.people.tests.factories_mentoring import (
    examples,
    make_apprenticeship,
    make_goal,
    make_person,
)

pytestmark = pytest.mark.django_db
D = datetime.date


class TestApprenticeshipPages(ViewContract):
    app = "people"
    model_name = "apprenticeship"
    viewer = "worker_a"
    editor = "manager_a"
    deleter = "admin"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["apprenticeship"], "out_of_scope": found["b_apprenticeship"]}

    def valid_edit(self, world, obj):
        return {
            "unit": "plant-a-turning",
            "master": "A-M01",
            "apprentice": "A-M02",
            "started_on": "1953-07-01",
            "planned_end": "1954-12-31",
            "goal": "Thread cutting and boring",
            "summary": "",
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["planned_end"] = "1953-06-01"
        return data, "planned_end"

    def export_key(self, obj):
        return obj.apprentice.employee_number


def url(name, *args):
    return reverse(f"people:{name}", args=args)


def test_a_group_leader_pairs_a_master_and_an_apprentice(world, client_for):
    found = examples(world)
    newcomer = make_person(found["unit"], "A-M09", 0, "Newcomer")
    response = client_for("leader_a").post(
        url("apprenticeship_add"),
        {
            "unit": "plant-a-turning",
            "master": "A-M01",
            "apprentice": "A-M09",
            "started_on": "1953-08-01",
        },
    )
    assert response.status_code == 302
    created = Apprenticeship.objects.get(apprentice=newcomer)
    assert (created.master, created.status) == (found["master"], ApprenticeshipStatus.ACTIVE)


def test_the_form_refuses_a_master_whose_grade_is_not_above(world, client_for):
    found = examples(world)
    make_person(found["unit"], "A-M10", 0, "Apprentice two")
    response = client_for("leader_a").post(
        url("apprenticeship_add"),
        {
            "unit": "plant-a-turning",
            "master": "A-M02",  # an apprentice (grade 0) cannot be a master
            "apprentice": "A-M10",
            "started_on": "1953-08-01",
        },
    )
    assert response.status_code == 400
    assert "must be above the apprentice's" in response.context["form"].errors["master"][0]


def test_people_outside_the_users_scope_cannot_be_chosen(world, client_for):
    response = client_for("leader_a").post(
        url("apprenticeship_add"),
        {
            "unit": "plant-a-turning",
            "master": "B-M01",
            "apprentice": "A-M02",
            "started_on": "1953-08-01",
        },
    )
    assert response.status_code == 400
    assert "No person with the employee number B-M01" in str(
        response.context["form"].errors["master"]
    )


def test_the_edit_form_does_not_change_the_status(world, client_for):
    apprenticeship = examples(world)["apprenticeship"]
    data = TestApprenticeshipPages().valid_edit(world, apprenticeship)
    data.update(status="completed", ended_on="1953-09-01")
    assert (
        client_for("leader_a").post(url("apprenticeship_edit", apprenticeship.pk), data).status_code
        == 302
    )
    apprenticeship.refresh_from_db()
    assert (apprenticeship.status, apprenticeship.ended_on) == (ApprenticeshipStatus.ACTIVE, None)


def listed(client, **query):
    response = client.get(url("apprenticeship_list"), query)
    assert response.status_code == 200
    return {obj.pk for obj in response.context["page"].object_list}


def test_the_list_filters_by_unit_master_apprentice_status_overdue_and_search(world, client_for):
    found = examples(world)
    other = make_apprenticeship(
        found["unit"],
        make_person(found["unit"], "A-M11", 5, "Second master"),
        make_person(found["unit"], "A-M12", 0, "Second apprentice"),
    )
    make_goal(other, description="Grinds tools", due_on=D(2999, 1, 1))
    client = client_for("admin")
    first = found["apprenticeship"].pk
    assert listed(client, unit="plant-a") == {first, other.pk}
    assert listed(client, unit="plant-b") == {found["b_apprenticeship"].pk}
    assert listed(client, master="A-M01") == {first}
    assert listed(client, apprentice="A-M12") == {other.pk}
    # The first's goal was due 1953-09-30 and is not reached; plant B's too.
    assert listed(client, overdue="1") == {first, found["b_apprenticeship"].pk}
    found["goal"].reached_on = D(1953, 9, 20)
    found["goal"].save()
    assert listed(client, overdue="1", unit="plant-a") == set()
    other.end(on=D(1953, 9, 1), reason="moved")
    assert listed(client, status="ended") == {other.pk}
    assert listed(client, q="Second apprentice") == {other.pk}


def test_the_list_shows_goals_reached_and_overdue(world, client_for):
    found = examples(world)
    make_goal(
        found["apprenticeship"],
        description="Bores",
        due_on=D(1953, 8, 1),
        reached_on=D(1953, 7, 30),
    )
    page = client_for("worker_a").get(url("apprenticeship_list")).content.decode()
    assert 'data-goals="1/2"' in page and 'data-overdue="1"' in page


def test_the_list_takes_the_same_queries_for_more_rows(world, client_for):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    found = examples(world)
    client = client_for("admin")

    def queries():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("apprenticeship_list")).status_code == 200
        return len(captured)

    few = queries()
    for number in range(5):
        apprenticeship = make_apprenticeship(
            found["unit"],
            found["master"],
            make_person(found["unit"], f"A-X{number}", 0, f"Extra {number}"),
        )
        make_goal(apprenticeship)
    assert queries() == few


def goal_data(**fields):
    data = {"description": "Turns spring sleeves", "target_level": "3", "due_on": "1953-10-31"}
    data.update(fields)
    return data


def test_a_keeper_adds_a_goal_and_a_check_on_the_apprenticeships_page(world, client_for):
    found = examples(world)
    apprenticeship = found["apprenticeship"]
    client = client_for("leader_a")
    page = client.get(apprenticeship.get_absolute_url()).content.decode()
    assert 'data-form="goal"' in page and 'data-form="check"' in page
    response = client.post(
        url("apprenticeshipgoal_add") + f"?apprenticeship={apprenticeship.pk}",
        goal_data(skill=found["skill"].pk),
    )
    assert response.status_code == 302 and response["Location"].endswith("#goals")
    assert apprenticeship.goals.filter(description="Turns spring sleeves").exists()
    meeting = make_meeting(world.unit("plant-a-turning"), D(1953, 7, 11))
    response = client.post(
        url("progresscheck_add") + f"?apprenticeship={apprenticeship.pk}",
        {
            "checked_on": "1953-07-11",
            "checked_by": "A-M01",
            "rating": "ahead",
            "note": "Turns sleeves alone.",
            "meeting": meeting.pk,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    check = apprenticeship.checks.get(checked_on=D(1953, 7, 11))
    assert (check.rating, check.meeting) == ("ahead", meeting)
    page = client.get(apprenticeship.get_absolute_url()).content.decode()
    assert f'data-meeting="{meeting.pk}"' in page and "Turns sleeves alone." in page


def test_a_viewer_sees_no_forms_and_may_not_add(world, client_for):
    apprenticeship = examples(world)["apprenticeship"]
    client = client_for("worker_a")
    page = client.get(apprenticeship.get_absolute_url()).content.decode()
    assert 'data-form="goal"' not in page and "Complete" not in page
    add = url("apprenticeshipgoal_add") + f"?apprenticeship={apprenticeship.pk}"
    assert client.post(add, goal_data()).status_code == 403


def test_adding_to_an_apprenticeship_out_of_scope_is_not_found(world, client_for):
    outside = examples(world)["b_apprenticeship"]
    add = url("apprenticeshipgoal_add") + f"?apprenticeship={outside.pk}"
    assert client_for("leader_a").post(add, goal_data()).status_code == 404
    assert client_for("leader_a").get(add).status_code == 404


def test_adding_without_naming_the_apprenticeship_goes_to_the_list(world, client_for):
    response = client_for("leader_a").get(url("progresscheck_add"))
    assert response.status_code == 302 and response["Location"] == url("apprenticeship_list")


def test_a_bad_goal_explains_and_keeps_the_way_back(world, client_for):
    apprenticeship = examples(world)["apprenticeship"]
    response = client_for("leader_a").post(
        url("apprenticeshipgoal_add") + f"?apprenticeship={apprenticeship.pk}",
        goal_data(due_on="1953-06-01"),
    )
    assert response.status_code == 400
    assert "before the apprenticeship starts" in str(response.context["form"].errors["due_on"])
    assert response.context["return_url"] == apprenticeship.get_absolute_url()


def test_a_recorded_level_suggests_the_goal_reached_and_a_keeper_confirms(world, client_for):
    found = examples(world)
    goal = found["goal"]  # thread cutting, to level 3 (works alone), due 1953-09-30
    raise_level(found["apprentice"], found["skill"], 2, D(1953, 8, 10))
    page = client_for("worker_a").get(goal.get_absolute_url()).content.decode()
    assert f'data-goal="{goal.pk}" data-goal-state="due"' not in page  # overdue in 2026
    assert f'data-goal="{goal.pk}" data-goal-state="overdue"' in page
    raise_level(found["apprentice"], found["skill"], 3, D(1953, 9, 12))
    client = client_for("leader_a")
    page = client.get(goal.get_absolute_url()).content.decode()
    assert f'data-goal="{goal.pk}" data-goal-state="suggested"' in page
    assert "Mark reached on 1953-09-12" in page
    goal.refresh_from_db()
    assert goal.reached_on is None  # the level alone does not change the goal
    response = client.post(url("apprenticeshipgoal_reach", goal.pk), {"reached_on": "1953-09-12"})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.reached_on == D(1953, 9, 12)
    page = client.get(goal.get_absolute_url()).content.decode()
    assert f'data-goal="{goal.pk}" data-goal-state="reached"' in page


def test_marking_reached_is_posted_and_kept_to_the_scope(world, client_for):
    found = examples(world)
    reach = url("apprenticeshipgoal_reach", found["goal"].pk)
    get = client_for("worker_a").get(reach)
    assert get.status_code == 302 and get["Location"].endswith("#goals")
    assert client_for("worker_a").post(reach, {"reached_on": "1953-09-12"}).status_code == 403
    outside = url("apprenticeshipgoal_reach", found["b_goal"].pk)
    assert client_for("leader_a").get(outside).status_code == 404
    assert client_for("leader_a").post(outside, {"reached_on": "1953-09-12"}).status_code == 404
    future = client_for("leader_a").post(reach, {"reached_on": "2999-01-01"})
    assert future.status_code == 302
    found["goal"].refresh_from_db()
    assert found["goal"].reached_on is None


def test_a_goal_and_a_check_are_edited_and_deleted(world, client_for):
    found = examples(world)
    client = client_for("leader_a")
    response = client.post(
        url("apprenticeshipgoal_edit", found["goal"].pk),
        goal_data(description="Cuts threads to gauge", skill=found["skill"].pk),
    )
    assert response.status_code == 302
    found["goal"].refresh_from_db()
    assert found["goal"].description == "Cuts threads to gauge"
    assert client.get(url("progresscheck_delete", found["check"].pk)).status_code == 200
    response = client.post(url("progresscheck_delete", found["check"].pk))
    assert response.status_code == 302 and response["Location"].endswith("#checks")
    assert not ProgressCheck.objects.filter(pk=found["check"].pk).exists()
    client.post(url("apprenticeshipgoal_delete", found["goal"].pk))
    assert not ApprenticeshipGoal.objects.filter(pk=found["goal"].pk).exists()


def test_completing_asks_for_a_note_on_goals_not_reached(world, client_for):
    apprenticeship = examples(world)["apprenticeship"]
    client = client_for("leader_a")
    form = client.get(url("apprenticeship_complete", apprenticeship.pk))
    assert form.status_code == 200 and 'data-open-goals="1"' in form.content.decode()
    response = client.post(url("apprenticeship_complete", apprenticeship.pk), {"on": "1953-10-01"})
    assert response.status_code == 400
    assert "Cuts threads alone" in str(response.context["form"].errors["reason"])
    response = client.post(
        url("apprenticeship_complete", apprenticeship.pk),
        {"on": "1953-10-01", "reason": "Threads carried over to the mutual-aid group."},
    )
    assert response.status_code == 302
    apprenticeship.refresh_from_db()
    assert apprenticeship.status == ApprenticeshipStatus.COMPLETED
    page = client.get(apprenticeship.get_absolute_url()).content.decode()
    assert "Threads carried over" in page and 'data-form="goal"' not in page
    again = client.get(url("apprenticeship_complete", apprenticeship.pk))
    assert again.status_code == 302


def test_ending_early_needs_a_reason_and_the_right(world, client_for):
    apprenticeship = examples(world)["apprenticeship"]
    end = url("apprenticeship_end", apprenticeship.pk)
    assert client_for("worker_a").get(end).status_code == 403
    assert client_for("worker_a").post(end, {"on": "1953-08-01", "reason": "x"}).status_code == 403
    response = client_for("leader_a").post(end, {"on": "1953-08-01"})
    assert response.status_code == 400 and response.context["form"].errors["reason"]
    response = client_for("leader_a").post(end, {"on": "1953-08-01", "reason": "Moved away."})
    assert response.status_code == 302
    apprenticeship.refresh_from_db()
    assert (apprenticeship.status, apprenticeship.ended_on) == ("ended", D(1953, 8, 1))


def test_the_page_takes_the_same_queries_for_more_goals_and_checks(world, client_for):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gexin.people.tests.factories_mentoring import make_check

    found = examples(world)
    apprenticeship = found["apprenticeship"]
    client = client_for("leader_a")

    def queries():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(apprenticeship.get_absolute_url()).status_code == 200
        return len(captured)

    few = queries()
    for number in range(4):
        make_goal(apprenticeship, skill=found["skill"], due_on=D(1953, 10, number + 1))
        make_check(apprenticeship, found["master"], checked_on=D(1953, 8, number + 1))
    assert queries() == few


def test_the_person_and_meeting_pages_show_the_apprenticeship_cards(world, client_for):
    from gexin.people.views.mentoring import meeting_panel, person_panel

    found = examples(world)
    apprentice_card = person_panel(found["apprentice"])
    master_card = person_panel(found["master"])
    assert person_panel(world.people["turner_a"]) is None
    client = client_for("worker_a")
    learns = client.get(apprentice_card).content.decode()
    assert f'data-learns="{found["apprenticeship"].pk}"' in learns and "Master A" in learns
    teaches = client.get(master_card).content.decode()
    assert f'data-teaches="{found["apprenticeship"].pk}"' in teaches
    assert "1 overdue" in teaches  # the thread-cutting goal was due 1953-09-30
    card = client.get(meeting_panel(found["meeting"])).content.decode()
    assert f'data-check="{found["check"].pk}"' in card and "Learns fast." in card
    assert client_for("worker_b").get(apprentice_card).status_code == 404
    assert client_for("worker_b").get(meeting_panel(found["meeting"])).status_code == 404
    person_page = client.get(found["apprentice"].get_absolute_url()).content.decode()
    assert apprentice_card in person_page
