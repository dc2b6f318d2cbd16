"""The weekly meeting reviews each help case until it is resolved, read top to bottom:
what a review needs, how a review resolves the case, when a case is due for review, and
the review from the case page, the meeting page and the API."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gexin.competitions import laggards
from gexin.competitions.choices import HelpCause, HelpOutcome, HelpReason
from gexin.competitions.models import HelpCase, HelpReview
from gexin.competitions.tests.factories_help import OPENED, REVIEWED, examples, held_meeting
from gexin.meetings.choices import MeetingKind
from gexin.meetings.tests.factories import make_meeting

pytestmark = pytest.mark.django_db

D = datetime.date


def young_case(world, **fields):
    fields.setdefault("help_arranged", "Ruan teaches him the spring sleeves one-helps-one")
    return HelpCase.objects.create(
        person=world.people["worker_a"],
        reason=HelpReason.YOUNG_WORKER,
        cause=HelpCause.ATTITUDE,
        cause_note="Looks down on the old masters",
        opened_on=D(1959, 4, 6),
        **fields,
    )


# What a review needs


def test_a_review_resolving_the_case_resolves_it_on_the_meetings_day(world):
    case = young_case(world)
    meeting = held_meeting(world.units["plant-a-turning"], D(1959, 4, 11))
    review = case.review(meeting, "Asks Ruan before new work; no rework", HelpOutcome.RESOLVED)
    case.refresh_from_db()
    assert case.resolved_on == D(1959, 4, 11)
    assert review.is_resolving
    assert list(case.reviews.all()) == [review]


def test_the_meeting_cannot_resolve_a_case_without_the_help_arranged(world):
    case = young_case(world, help_arranged="")
    meeting = held_meeting(world.units["plant-a-turning"], D(1959, 4, 11))
    with pytest.raises(ValidationError, match="what help was arranged"):
        case.review(meeting, "Better this week", HelpOutcome.RESOLVED)
    case.refresh_from_db()
    assert case.is_open
    # The review and the resolution are one step: neither was saved.
    assert not HelpReview.objects.filter(help_case=case).exists()


def test_a_resolved_case_takes_no_more_reviews(world):
    case = young_case(world)
    unit = world.units["plant-a-turning"]
    case.review(held_meeting(unit, D(1959, 4, 11)), "Done", HelpOutcome.RESOLVED)
    with pytest.raises(ValidationError, match="takes no more reviews"):
        case.review(held_meeting(unit, D(1959, 4, 18)), "Again", HelpOutcome.CONTINUE)
    assert case.reviews.count() == 1


def test_only_a_held_weekly_meeting_of_the_unit_or_above_since_the_case_opened_reviews_it(world):
    case = young_case(world)
    turning = world.units["plant-a-turning"]
    refused = {
        "weekly production meeting": make_meeting(
            turning, D(1959, 4, 8), kind=MeetingKind.DAILY, status="held"
        ),
        "has been held": make_meeting(turning, D(1959, 4, 11)),
        "before the case was opened": held_meeting(turning, D(1959, 4, 4)),
        "of a unit it belongs to": held_meeting(world.units["plant-b-shift-1"], D(1959, 4, 11)),
    }
    for message, meeting in refused.items():
        with pytest.raises(ValidationError, match=message):
            case.review(meeting, "Progress", HelpOutcome.CONTINUE)
    # The machine shop's weekly meeting is above the group: it may review the case.
    shop = held_meeting(world.units["plant-a-machine"], D(1959, 4, 9))
    assert case.review(shop, "The shop checked him too", HelpOutcome.CONTINUE).pk


def test_a_meeting_reviews_a_case_once_and_after_its_last_review(world):
    case = young_case(world)
    unit = world.units["plant-a-turning"]
    first, second = held_meeting(unit, D(1959, 4, 11)), held_meeting(unit, D(1959, 4, 18))
    case.review(second, "Second week", HelpOutcome.CONTINUE)
    with pytest.raises(ValidationError, match="already reviewed"):
        case.review(second, "Twice", HelpOutcome.CONTINUE)
    with pytest.raises(ValidationError, match="last reviewed at the meeting of 1959-04-18"):
        case.review(first, "Too late", HelpOutcome.CONTINUE)


def test_a_review_says_what_was_found(world):
    case = young_case(world)
    meeting = held_meeting(world.units["plant-a-turning"], D(1959, 4, 11))
    with pytest.raises(ValidationError, match="Say what the meeting found"):
        case.review(meeting, "  ", HelpOutcome.CONTINUE)


# Due for review


def test_a_case_is_due_when_a_weekly_meeting_since_its_last_review_did_not_review_it(world):
    case = young_case(world)
    unit = world.units["plant-a-turning"]

    def due(day):
        return laggards.review_states([case], as_of=day)[case.pk].is_due

    assert not due(D(1959, 4, 10))  # no meeting since it opened
    first = held_meeting(unit, D(1959, 4, 11))
    assert not due(D(1959, 4, 10))
    assert due(D(1959, 4, 11))  # the meeting of the 11th has not reviewed it
    case.review(first, "First week with Ruan", HelpOutcome.CONTINUE)
    assert not due(D(1959, 4, 17))
    assert laggards.review_states([case], as_of=D(1959, 4, 17))[case.pk].last_day == D(1959, 4, 11)
    held_meeting(unit, D(1959, 4, 18))
    assert due(D(1959, 4, 18))
    # A meeting of another kind, or one not yet held, does not make it due.
    make_meeting(unit, D(1959, 4, 25), kind=MeetingKind.DAILY, status="held")
    make_meeting(unit, D(1959, 4, 25))
    case.review(held_meeting(unit, D(1959, 4, 24)), "Going well", HelpOutcome.CONTINUE)
    assert not due(D(1959, 4, 30))


def test_a_case_opened_on_a_meeting_day_is_due_only_after_the_next_meeting(world):
    unit = world.units["plant-a-turning"]
    held_meeting(unit, D(1959, 4, 11))
    case = young_case(world)
    HelpCase.objects.filter(pk=case.pk).update(opened_on=D(1959, 4, 11))
    case.refresh_from_db()
    assert not laggards.review_states([case], as_of=D(1959, 4, 12))[case.pk].is_due


# On the pages


def test_a_group_leader_records_the_review_on_the_case_page(world, client_for):
    case = examples(world)["helpcase"]
    case.help_arranged = "Lathe 4 repaired"
    case.save()
    meeting = held_meeting(world.units["plant-a-turning"], D(1959, 4, 11))
    client = client_for("leader_a")
    page = client.get(case.get_absolute_url())
    body = page.content.decode()
    assert "data-review-form" in body
    assert "data-due-for-review" in body  # the meeting of the 11th has not reviewed it
    assert "Lathe 4 is waiting for its bearing" in body  # the review of 4 April
    response = client.post(
        reverse("competitions:helpcase_review", args=[case.pk]),
        {"meeting": meeting.pk, "note": "Lathe 4 runs true again", "outcome": "resolved"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.resolved_on == D(1959, 4, 11)
    again = client.get(case.get_absolute_url()).content.decode()
    assert "data-review-form" not in again
    assert "data-due-for-review" not in again


def test_the_review_form_offers_only_the_meetings_that_may_review_next(world, client_for):
    case = examples(world)["helpcase"]  # reviewed on 4 April
    unit = world.units["plant-a-turning"]
    later = held_meeting(unit, D(1959, 4, 11))
    held_meeting(world.units["plant-b-shift-1"], D(1959, 4, 11))
    make_meeting(unit, D(1959, 4, 18))  # not held yet
    url = reverse("competitions:helpcase_review", args=[case.pk])
    form = client_for("leader_a").get(url, {"meeting": later.pk}).context["form"]
    assert list(form.fields["meeting"].queryset) == [later]
    refused = client_for("leader_a").post(
        url, {"meeting": examples(world)["meeting"].pk, "note": "x", "outcome": "continue"}
    )
    assert refused.status_code == 400
    assert refused.context["form"].errors["meeting"]


def test_a_worker_without_a_role_cannot_review_and_an_outsider_finds_nothing(world, client_for):
    case = examples(world)["helpcase"]
    url = reverse("competitions:helpcase_review", args=[case.pk])
    assert client_for("worker_a").get(url).status_code == 403
    assert client_for("worker_a").post(url, {}).status_code == 403
    assert client_for("worker_b").post(url, {}).status_code == 404


def test_the_weekly_meeting_page_lists_the_open_cases_of_its_unit(world, client_for):
    found = examples(world)
    meeting = found["meeting"]  # reviewed the turner's case
    other = young_case(world)
    HelpCase.objects.filter(pk=other.pk).update(opened_on=OPENED)
    page = client_for("leader_a").get(meeting.get_absolute_url()).content.decode()
    panel_url = reverse("competitions:meeting_help_panel", args=[meeting.pk])
    assert panel_url in page
    panel = client_for("leader_a").get(panel_url)
    assert {case.pk for case in panel.context["cases"]} == {found["helpcase"].pk, other.pk}
    body = panel.content.decode()
    assert "data-reviewed-here" in body
    assert (
        f"{reverse('competitions:helpcase_review', args=[other.pk])}?meeting={meeting.pk}" in body
    )
    assert client_for("worker_b").get(panel_url).status_code == 404


def test_a_daily_meeting_page_has_no_help_panel(world, client_for):
    daily = make_meeting(world.units["plant-a-turning"], REVIEWED, kind=MeetingKind.DAILY)
    page = client_for("leader_a").get(daily.get_absolute_url()).content.decode()
    assert reverse("competitions:meeting_help_panel", args=[daily.pk]) not in page


# Through the API


def test_a_review_posted_through_the_api_resolves_the_case(world, api_for):
    case = young_case(world)
    meeting = held_meeting(world.units["plant-a-turning"], D(1959, 4, 11))
    api = api_for("leader_a")
    response = api.post(
        "/api/v1/help-reviews/",
        {
            "help_case": case.pk,
            "meeting": meeting.pk,
            "note": "Respects the masters now",
            "outcome": "resolved",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["case_resolved_on"] == "1959-04-11"
    case.refresh_from_db()
    assert case.resolved_on == D(1959, 4, 11)
    detail = api.get(f"/api/v1/help-cases/{case.pk}/").json()
    assert detail["reviews"][0]["note"] == "Respects the masters now"
    assert detail["reason"] == "young_worker"


def test_the_api_refuses_a_review_the_rules_refuse(world, api_for):
    case = young_case(world, help_arranged="")
    meeting = held_meeting(world.units["plant-a-turning"], D(1959, 4, 11))
    response = api_for("leader_a").post(
        "/api/v1/help-reviews/",
        {"help_case": case.pk, "meeting": meeting.pk, "note": "Fine", "outcome": "resolved"},
        format="json",
    )
    assert response.status_code == 400
    assert "what help was arranged" in str(response.json())
    assert not HelpReview.objects.filter(help_case=case).exists()


def test_a_review_is_not_changed_afterwards_and_only_those_arranging_help_write_one(world, api_for):
    review = examples(world)["helpreview"]
    url = f"/api/v1/help-reviews/{review.pk}/"
    assert api_for("leader_a").get(url).json()["note"] == "Lathe 4 is waiting for its bearing"
    assert api_for("leader_a").patch(url, {"note": "x"}, format="json").status_code == 405
    assert api_for("leader_a").delete(url).status_code == 405
    case = young_case(world)
    meeting = held_meeting(world.units["plant-a-turning"], D(1959, 4, 11))
    data = {"help_case": case.pk, "meeting": meeting.pk, "note": "x", "outcome": "continue"}
    assert api_for("worker_a").post("/api/v1/help-reviews/", data, format="json").status_code == 403
    outsider = api_for("worker_b").post("/api/v1/help-reviews/", data, format="json")
    assert outsider.status_code in (400, 403)
    assert not case.reviews.exists()


def test_the_review_list_holds_only_what_is_in_scope(world, api_for):
    found = examples(world)
    b_case = found["b_helpcase"]
    b_meeting = held_meeting(world.units["plant-b-shift-1"], D(1959, 4, 11))
    HelpCase.objects.filter(pk=b_case.pk).update(opened_on=OPENED)
    b_case.refresh_from_db()
    b_review = b_case.review(b_meeting, "Rolling better", HelpOutcome.CONTINUE)
    ids = {row["id"] for row in api_for("worker_a").get("/api/v1/help-reviews/").json()["results"]}
    assert found["helpreview"].pk in ids and b_review.pk not in ids
    assert api_for("worker_a").get(f"/api/v1/help-reviews/{b_review.pk}/").status_code == 404


def test_a_review_posted_without_an_outcome_continues_the_help(world, api_for):
    case = young_case(world)
    meeting = held_meeting(world.units["plant-a-turning"], D(1959, 4, 11))
    response = api_for("leader_a").post(
        "/api/v1/help-reviews/",
        {"help_case": case.pk, "meeting": meeting.pk, "note": "Better this week"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["outcome"] == HelpOutcome.CONTINUE
    case.refresh_from_db()
    assert case.is_open


# A health case's private notes


def test_who_may_not_read_a_health_case_cannot_tell_from_a_review_whether_help_is_arranged(
    world, client_for, api_for
):
    from gexin.competitions.tests.factories_help import health_case

    case = health_case(world)
    meeting = held_meeting(world.units["plant-a-turning"], D(1959, 4, 11))
    data = {"help_case": case.pk, "meeting": meeting.pk, "note": "Fine", "outcome": "resolved"}
    page = reverse("competitions:helpcase_review", args=[case.pk])
    answers = []
    for help_arranged in ("Light work for a month", ""):
        HelpCase.objects.filter(pk=case.pk).update(help_arranged=help_arranged)
        response = api_for("manager_a").post("/api/v1/help-reviews/", data, format="json")
        assert response.status_code == 400
        form = client_for("manager_a").post(page, data).context["form"]
        answers.append((response.json(), form.errors))
    assert answers[0] == answers[1]
    assert "what help was arranged" not in str(answers)
    case.refresh_from_db()
    assert case.is_open and case.reviews.count() == 1
    # The group leader, who reads the notes, is told what is missing.
    leader = api_for("leader_a").post("/api/v1/help-reviews/", data, format="json")
    assert leader.status_code == 400 and "what help was arranged" in str(leader.json())
