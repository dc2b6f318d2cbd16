"""The people board page: what the group leader sees on one page, what each user may
see of it, and that its cost does not grow with the group."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gexin.competitions.models import HelpCase
from gexin.competitions.tests.factories_help import held_meeting
from gexin.org.privacy import HIDDEN
from gexin.people.tests.factories_board import AS_OF, board_world

pytestmark = pytest.mark.django_db

D = datetime.date
URL = reverse("people:board")
HEALTH_NOTES = ("Weak lungs", "Works away from the grinder")


def board_of(client, **params):
    params.setdefault("as_of", AS_OF.isoformat())
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def test_the_group_leader_sees_who_is_paired_who_misses_the_quota_and_the_help(world, client_for):
    board_world(world)
    response = board_of(client_for("leader_a"))  # the leader's own group by default
    board = response.context["board"]
    assert board.unit == world.units["plant-a-turning"]
    assert {(p.kind, p.helper.employee_number, p.helped.employee_number) for p in board.pairs} == {
        ("apprenticeship", "A-M00", "A-Y00"),
        ("pairing", "A-M01", "A-Y01"),
    }
    young = {row.person.employee_number: row for row in board.young}
    assert set(young) == {"A-Y00", "A-Y01"}  # joined in September 1958
    assert young["A-Y00"].is_apprentice and not young["A-Y01"].is_apprentice
    assert [pair.helper.employee_number for pair in young["A-Y01"].helpers] == ["A-M01"]
    misses = {row.person.employee_number: row for row in board.misses}
    assert set(misses) == {"A-Y00", "A-Y01"}
    assert misses["A-Y01"].missed_labels == "1959-03, 1959-01"
    assert misses["A-Y01"].open_case.cause == "skill"
    under_way = {row.case.person.employee_number: row for row in board.under_way}
    assert set(under_way) == {"A-Y00", "A-Y01"}
    assert all(
        row.state.last_day == D(1959, 4, 4) and not row.state.is_due for row in under_way.values()
    )
    body = response.content.decode()
    for section in ("pairs", "young", "misses", "under-way"):
        assert f'data-board-section="{section}"' in body
    assert "Reads no drawings" in body and "Master teaches drawings" in body
    assert all(note in body for note in HEALTH_NOTES)  # the group leader reads health notes


@pytest.mark.parametrize("username", ["worker_a", "manager_a", "admin"])
def test_no_one_else_reads_the_health_notes_on_the_board(world, client_for, username):
    board_world(world)
    response = board_of(client_for(username), unit="plant-a-turning")
    body = response.content.decode()
    assert not any(note in body for note in HEALTH_NOTES)
    assert str(HIDDEN) in body
    # The rest of the board is theirs to read.
    assert "Reads no drawings" in body
    assert len(response.context["board"].under_way) == 2


def test_a_case_is_flagged_due_once_a_weekly_meeting_has_not_reviewed_it(world, client_for):
    board_world(world)
    held_meeting(world.units["plant-a-turning"], D(1959, 4, 11))
    client = client_for("leader_a")
    before = board_of(client, as_of="1959-04-10").context["board"]
    assert before.due_count == 0
    after = board_of(client, as_of="1959-04-11")
    assert after.context["board"].due_count == 2
    assert "data-due-count" in after.content.decode()


def test_the_board_of_a_day_shows_what_was_under_way_then(world, client_for):
    found = board_world(world)
    board = board_of(client_for("leader_a"), as_of="1959-01-15").context["board"]
    # The pairing began in February; the help cases opened in April.
    assert [pair.kind for pair in board.pairs] == ["apprenticeship"]
    assert board.under_way == [] and board.misses == []
    case = found["cases"][1]
    case.resolved_on = D(1959, 4, 20)
    case.save()
    later = board_of(client_for("leader_a"), as_of="1959-04-25").context["board"]
    assert [row.case.pk for row in later.under_way] == [found["cases"][0].pk]


def test_a_unit_above_the_group_shows_everyone_in_its_subtree(world, client_for):
    board_world(world)
    board = board_of(client_for("manager_a"), unit="plant-a").context["board"]
    assert board.unit.code == "plant-a"
    assert len(board.pairs) == 2 and len(board.under_way) == 2


def test_the_board_is_seen_by_whoever_may_view_the_units_people(world, client_for):
    board_world(world)
    assert client_for("worker_b").get(URL, {"unit": "plant-a-turning"}).status_code in (200, 404)
    outsider = client_for("worker_b").get(URL, {"unit": "plant-a-turning"})
    assert outsider.context is None or outsider.context.get("board") is None
    assert client_for("stranger").get(URL).status_code == 403
    anonymous = client_for(None).get(URL)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    # worker_b's own group shows none of plant A's people.
    own = board_of(client_for("worker_b")).context["board"]
    assert own.unit.code == "plant-b-shift-1"
    assert own.pairs == [] and own.under_way == []


def test_sections_the_user_may_not_see_are_left_out(world, client_for):
    board_world(world)
    worker = board_of(client_for("worker_a")).context["board"]
    assert worker.arrears is None and worker.welfare_open is None
    leader = board_of(client_for("leader_a"))
    assert leader.context["board"].welfare_open == 0
    assert leader.context["board"].arrears is not None
    assert 'data-board-section="welfare"' in leader.content.decode()
    assert (
        'data-board-section="welfare"'
        not in client_for("worker_a").get(URL, {"as_of": AS_OF.isoformat()}).content.decode()
    )


def test_a_bad_day_or_an_unknown_unit_is_explained(world, client_for):
    client = client_for("leader_a")
    response = client.get(URL, {"as_of": "1800-01-01"})
    assert response.status_code == 200
    assert response.context["board"] is None
    assert response.context["form"].errors["as_of"]
    unknown = client.get(URL, {"unit": "no-such-unit"})
    assert unknown.context["board"] is None and unknown.context["form"].errors["unit"]


def test_the_unit_page_leads_to_the_board_and_the_menu_offers_it(world, client_for):
    board_world(world)
    unit = world.units["plant-a-turning"]
    client = client_for("worker_a")
    page = client.get(unit.get_absolute_url()).content.decode()
    panel_url = reverse("people:unit_board_panel", args=[unit.pk])
    assert panel_url in page
    panel = client.get(panel_url)
    assert panel.status_code == 200
    assert panel.context["counts"]["open_cases"] == 2
    assert f"{URL}?unit=plant-a-turning" in panel.content.decode()
    assert client_for("worker_b").get(panel_url).status_code == 404
    assert URL in client.get(reverse("home")).content.decode()


def test_the_board_costs_the_same_queries_for_a_bigger_group(
    world, client_for, django_assert_max_num_queries
):
    board_world(world, size=2)
    client = client_for("leader_a")
    board_of(client)  # the session and the user's scopes are read once
    with CaptureQueriesContext(connection) as small:
        board_of(client)
    two = len(small)  # counted now: the next request empties the log
    board_world(world, size=8, start=2)
    assert len(board_of(client).context["board"].under_way) == 10
    with django_assert_max_num_queries(two):
        board_of(client)


def test_who_may_not_read_the_health_notes_cannot_tell_whether_they_are_empty(world, client_for):
    found = board_world(world)
    health = found["cases"][0]  # A-Y00's
    HelpCase.objects.filter(pk=health.pk).update(cause_note="", help_arranged="")
    response = board_of(client_for("worker_a"))
    board = response.context["board"]
    # Sorted as any case with hidden notes, not by what the hidden note holds.
    assert {row.case.pk for row in board.under_way} == {case.pk for case in found["cases"]}
    assert board.awaiting_help == []
    body = response.content.decode()
    miss = body.split('data-miss="A-Y00"')[1].split("</li>")[0]
    assert "data-cause-note" in miss and str(HIDDEN) in miss
    # The group leader reads that nothing is arranged yet.
    leader = board_of(client_for("leader_a")).context["board"]
    assert [case.pk for case in leader.awaiting_help] == [health.pk]
    assert health.pk not in {row.case.pk for row in leader.under_way}
