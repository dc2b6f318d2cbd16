"""The help demo (seed 000 p.10): the Huaxin turning group's young and new workers, one
worker held back by illness, the weekly meetings' reviews of 1953 until some cases are
resolved, and the group leader's people board on 10 October 1953."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from gexin.competitions import demo as competitions_demo
from gexin.competitions import laggards
from gexin.competitions.choices import HelpCause, HelpOutcome, HelpReason
from gexin.competitions.models import HelpCase, HelpReview, Pairing
from gexin.meetings import demo as meetings_demo
from gexin.org import demo as org_demo
from gexin.org.privacy import HIDDEN
from gexin.people import demo as people_demo
from gexin.people import demo_help
from gexin.plans import demo as plans_demo

D = datetime.date
DAY = demo_help.BOARD_DAY
HEALTH_NOTES = ("Stomach ulcer", "diet meals", "less pain")


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo steps the help demo builds on, then the people demo (all its areas)."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        org_demo.load()
        plans_demo.load()
        meetings_demo.load()
        competitions_demo.load()
        assert not demo_help.is_loaded()
        written = people_demo.load()
        yield written
        transaction.set_rollback(True)


@pytest.fixture
def demo_db(loaded, db):
    return loaded


def case_of(number, reason):
    return HelpCase.objects.get(person__employee_number=number, reason=reason)


def board_as(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get(reverse("people:board"), {"as_of": DAY.isoformat()})
    assert response.status_code == 200
    return response


# The rows


def test_it_writes_the_young_new_and_ill_workers_cases_and_their_reviews(demo_db):
    assert demo_db["help cases (young, new, ill)"] == 4
    assert demo_db["help case reviews"] == 12
    assert demo_help.is_loaded()
    assert people_demo.load() == {}  # loading again writes nothing
    for spec in demo_help.CASES:
        case = case_of(spec["person"], spec["reason"])
        assert case.is_illustrative and case.source
        assert case.reviews.count() == len(spec["reviews"])
        case.full_clean()
    for review in HelpReview.objects.select_related("help_case__person__unit", "meeting__unit"):
        review.full_clean()


def test_the_existing_cases_are_those_of_workers_missing_the_quota(demo_db):
    quota = HelpCase.objects.filter(competition__isnull=False)
    assert quota.count() == 6
    assert set(quota.values_list("reason", flat=True)) == {HelpReason.MISSES_QUOTA}


def test_yu_zengxi_is_helped_as_a_young_worker_until_the_meeting_of_3_october(demo_db):
    case = case_of("HX-0007", HelpReason.YOUNG_WORKER)
    assert case.cause == HelpCause.ATTITUDE
    assert "old masters" in case.cause_note
    days = [review.meeting.day for review in case.reviews.order_by("meeting__scheduled_at")]
    assert days == [D(1953, 6, 20), D(1953, 6, 27), D(1953, 7, 4), D(1953, 9, 19), D(1953, 10, 3)]
    assert case.resolved_on == D(1953, 10, 3)
    # The group's own weekly meetings: June and July's from the meetings demo, September
    # and October's added (illustrative) by the competitions demo.
    from gexin.competitions import demo_data

    sources = {review.meeting.day: review.meeting.source for review in case.reviews.all()}
    assert sources[D(1953, 7, 4)] != demo_data.HUAXIN_REVIEW_SOURCE
    assert sources[D(1953, 10, 3)] == demo_data.HUAXIN_REVIEW_SOURCE


def test_the_two_new_apprentices_of_march_1953_one_resolved_one_due_for_review(demo_db):
    resolved = case_of("HX-0021", HelpReason.NEW_WORKER)
    assert resolved.resolved_on == D(1953, 6, 27)
    assert resolved.reviews.get(outcome=HelpOutcome.RESOLVED).meeting.day == D(1953, 6, 27)
    due = case_of("HX-0020", HelpReason.NEW_WORKER)
    assert due.is_open
    state = laggards.review_states([due], as_of=DAY)[due.pk]
    assert state.last_day == D(1953, 9, 19) and state.is_due  # 3 October did not review him
    for case in (resolved, due):
        assert case.person.date_joined == D(1953, 3, 1)


def test_the_illness_case_keeps_its_notes_private(demo_db):
    case = case_of("HX-0017", HelpReason.OTHER)
    assert case.cause == HelpCause.HEALTH and case.is_open
    assert "Stomach ulcer" in case.cause_note


# The people board of 10 October 1953


def test_the_group_leaders_board_shows_who_is_paired_who_misses_the_quota_and_the_help(
    demo_db,
):
    board = board_as("chenxf").context["board"]
    assert board.unit.code == demo_help.UNIT
    pairs = {(p.kind, p.helper.employee_number, p.helped.employee_number) for p in board.pairs}
    one_helps_one = {
        ("pairing", pairing.advanced.person.employee_number, pairing.laggard.person.employee_number)
        for pairing in Pairing.objects.filter(competition__unit__code=demo_help.UNIT)
    }
    assert one_helps_one == {
        ("pairing", "HX-0003", "HX-0007"),
        ("pairing", "HX-0005", "HX-0009"),
        ("pairing", "HX-0004", "HX-0013"),
        ("pairing", "HX-0004", "HX-0012"),
    }
    assert one_helps_one <= pairs
    from gexin.people.models import Apprenticeship

    apprenticeships = {
        ("apprenticeship", row.master.employee_number, row.apprentice.employee_number)
        for row in Apprenticeship.objects.filter(unit__code=demo_help.UNIT, started_on__lte=DAY)
        if row.ended_on is None or row.ended_on > DAY
    }
    assert pairs == one_helps_one | apprenticeships
    misses = {row.person.employee_number: row for row in board.misses}
    assert set(misses) == {"HX-0009", "HX-0016"}
    assert misses["HX-0009"].open_case.cause == HelpCause.SKILL  # feared the quota
    assert misses["HX-0016"].open_case.cause == HelpCause.MACHINE  # lathe 7
    assert misses["HX-0009"].missed_labels == "1953-09, 1953-08, 1953-07"
    under_way = {row.case.person.employee_number: row for row in board.under_way}
    assert set(under_way) == {"HX-0009", "HX-0016", "HX-0020", "HX-0017"}
    assert [number for number, row in under_way.items() if row.state.is_due] == ["HX-0020"]
    young = {row.person.employee_number for row in board.young}
    assert {"HX-0020", "HX-0021"} <= young  # joined in March 1953


def test_the_worker_sees_no_health_note_and_the_group_leader_does(demo_db):
    worker = board_as("worker").content.decode()  # Hu Maokun, no role
    assert not any(note in worker for note in HEALTH_NOTES)
    assert str(HIDDEN) in worker
    leader = board_as("chenxf").content.decode()
    assert "Stomach ulcer" in leader or "diet meals" in leader
    case = case_of("HX-0017", HelpReason.OTHER)
    client = Client()
    client.force_login(get_user_model().objects.get(username="worker"))
    page = client.get(case.get_absolute_url()).content.decode()
    assert not any(note in page for note in HEALTH_NOTES)
    api = client.get(f"/api/v1/help-cases/{case.pk}/").json()
    assert api["cause_note"] == str(HIDDEN) and api["reviews"][0]["note"] == str(HIDDEN)
