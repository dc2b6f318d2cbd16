"""Figures a user must not set are refused on the server, through the pages and the API.

A worker does not score themselves and a group leader does not score their own group:
scores are computed from the records and only the evaluation committee adjusts them.
An award counts once someone other than its proposer (and its recipient) approves it;
a proposal's award is recorded by those holding the award right, never by an author.
A published evaluation is locked: nothing about it or its scores changes any more.
Each test checks the stored values afterwards.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from gexin.competitions.choices import AwardKind, AwardStatus, EvaluationStatus
from gexin.competitions.models import Award, Evaluation, Participant, Score
from gexin.competitions.tests import factories_evaluations, factories_help

pytestmark = pytest.mark.django_db

APRIL = datetime.date(1959, 4, 1)


def stored(obj, *fields):
    """The stored values of `fields`, read afresh."""
    return type(obj)._base_manager.filter(pk=obj.pk).values(*fields, "last_updated").get()


@pytest.fixture
def contest(world):
    """The turning group's person competition: worker_a, turner_a and leader_a take part.

    March is published (and locked), with an award to worker_a proposed by manager_a;
    April is computed and still open.
    """
    found = factories_help.examples(world)
    april = factories_help.evaluate(
        found["competition"],
        APRIL,
        datetime.date(1959, 4, 30),
        {found["ahead"]: ("70", 2), found["third"]: ("75", 1), found["behind"]: ("50", 3)},
        published=False,
    )
    found["april"] = april
    found["own_score"] = april.scores.get(participant=found["ahead"])
    found["leader_score"] = april.scores.get(participant=found["third"])
    return found


def adjust_url(score):
    return reverse("competitions:score_adjust", args=[score.pk])


def test_a_worker_may_not_set_their_own_score(contest, client_for, api_for):
    score = contest["own_score"]
    assert score.participant.person.user.username == "worker_a"
    before = stored(score, "total", "adjusted_total", "adjustment_reason", "rank")
    client = client_for("worker_a")
    assert client.get(adjust_url(score)).status_code == 403
    posted = client.post(adjust_url(score), {"value": "99", "reason": "I worked hard"})
    assert posted.status_code == 403
    api = api_for("worker_a")
    url = f"/api/v1/scores/{score.pk}/"
    assert api.post(url + "adjust/", {"value": "99", "reason": "mine"}).status_code == 403
    for method in ("put", "patch"):
        answer = getattr(api, method)(url, {"total": "99", "adjusted_total": "99"}, format="json")
        assert answer.status_code in (403, 405)
    assert api.post("/api/v1/scores/", {"participant": score.participant_id}).status_code in (
        403,
        405,
    )
    assert stored(score, "total", "adjusted_total", "adjustment_reason", "rank") == before


def test_a_group_leader_may_not_score_their_own_group(world, client_for, api_for):
    """The evaluation committee scores: a leader whose group takes part may not."""
    found = factories_evaluations.examples(world)
    score = found["score"]
    assert score.participant.unit == world.units["plant-a-turning"]
    before = stored(score, "total", "adjusted_total", "adjustment_reason", "rank")
    evaluation_before = stored(score.evaluation, "status", "note")
    client = client_for("leader_a")
    assert client.post(adjust_url(score), {"value": "99", "reason": "ours"}).status_code == 403
    recompute = reverse("competitions:evaluation_recompute", args=[score.evaluation_id])
    assert client.post(recompute).status_code == 403
    edit = reverse("competitions:evaluation_edit", args=[score.evaluation_id])
    assert client.post(edit, {"note": "ours won"}).status_code == 403
    api = api_for("leader_a")
    assert (
        api.post(f"/api/v1/scores/{score.pk}/adjust/", {"value": "99", "reason": "ours"})
    ).status_code == 403
    evaluation_url = f"/api/v1/evaluations/{score.evaluation_id}/"
    assert api.post(evaluation_url + "compute/").status_code == 403
    assert api.post(evaluation_url + "publish/").status_code == 403
    assert api.patch(evaluation_url, {"note": "ours won"}, format="json").status_code == 403
    assert stored(score, "total", "adjusted_total", "adjustment_reason", "rank") == before
    assert stored(score.evaluation, "status", "note") == evaluation_before


def test_the_committee_adjusts_a_score_with_its_reason(contest, client_for):
    score = contest["own_score"]
    response = client_for("manager_a").post(
        adjust_url(score), {"value": "88", "reason": "a record was entered twice"}
    )
    assert response.status_code == 302
    assert stored(score, "adjusted_total")["adjusted_total"] == Decimal("88")


def test_computed_figures_of_a_score_are_read_only_for_the_committee_too(contest, api_for):
    score = contest["own_score"]
    before = stored(score, "total", "adjusted_total", "criteria", "rank", "is_eligible")
    api = api_for("manager_a")
    url = f"/api/v1/scores/{score.pk}/"
    for method in ("put", "patch"):
        answer = getattr(api, method)(
            url, {"total": "100", "rank": 1, "is_eligible": False}, format="json"
        )
        assert answer.status_code == 405
    assert stored(score, "total", "adjusted_total", "criteria", "rank", "is_eligible") == before


def test_an_award_is_proposed_unapproved_whatever_the_request_says(contest, api_for):
    api = api_for("manager_a")
    created = api.post(
        "/api/v1/awards/",
        {
            "evaluation": contest["evaluation"].pk,
            "participant": contest["third"].pk,
            "kind": AwardKind.HONOUR,
            "title": "Advanced turner",
            "status": AwardStatus.APPROVED,
            "decided_by": "admin",
            "decided_at": "1959-04-02T10:00:00Z",
            "decision_note": "approved in advance",
            "proposed_by": "admin",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    award = Award.objects.get(pk=created.json()["id"])
    assert award.status == AwardStatus.PROPOSED
    assert award.decided_by is None and award.decided_at is None
    assert award.decision_note == ""
    assert award.proposed_by.username == "manager_a"
    patched = api.patch(
        f"/api/v1/awards/{award.pk}/",
        {"status": AwardStatus.APPROVED, "decided_by": "manager_a", "title": "Best turner"},
        format="json",
    )
    assert patched.status_code == 200
    award.refresh_from_db()
    assert (award.status, award.decided_by, award.title) == (
        AwardStatus.PROPOSED,
        None,
        "Best turner",
    )


def test_the_proposer_may_not_approve_their_own_award(contest, client_for, api_for):
    award = contest["award"]
    assert award.proposed_by.username == "manager_a"
    api = api_for("manager_a")
    refused = api.post(f"/api/v1/awards/{award.pk}/approve/", {"note": "fine"}, format="json")
    assert refused.status_code == 400
    assert "You proposed this award" in str(refused.json())
    page = client_for("manager_a").post(
        reverse("competitions:award_approve", args=[award.pk]), {"note": "fine"}
    )
    assert page.status_code == 400
    assert "You proposed this award" in page.content.decode()
    assert stored(award, "status", "decided_by")["status"] == AwardStatus.PROPOSED
    assert stored(award, "decided_by")["decided_by"] is None
    # Nor may its recipient, nor anyone without the approval right.
    assert api_for("worker_a").post(f"/api/v1/awards/{award.pk}/approve/").status_code == 403
    assert api_for("leader_a").post(f"/api/v1/awards/{award.pk}/approve/").status_code == 403
    # A second member of the committee approves it.
    approved = api_for("admin_a").post(f"/api/v1/awards/{award.pk}/approve/", {}, format="json")
    assert approved.status_code == 200, approved.json()
    assert stored(award, "status")["status"] == AwardStatus.APPROVED


def test_nobody_decides_on_an_award_made_out_to_themselves(contest, world, api_for):
    recipient = Participant.objects.create(
        competition=contest["competition"], person=world.people["admin_a"]
    )
    award = Award.objects.create(
        evaluation=contest["evaluation"],
        participant=recipient,
        kind=AwardKind.HONOUR,
        title="Best administrator",
        proposed_by=world.users["manager_a"],
    )
    refused = api_for("admin_a").post(f"/api/v1/awards/{award.pk}/approve/", {}, format="json")
    assert refused.status_code == 400
    assert "made out to themselves" in str(refused.json())
    assert stored(award, "status")["status"] == AwardStatus.PROPOSED


# Proposals' awards


@pytest.fixture
def measured(world):
    """A proposal by worker_a and manager_a, implemented and measured: ready for its award."""
    from gexin.meetings.tests.factories import make_proposal

    proposal = make_proposal(
        world.units["plant-a-turning"], [world.people["worker_a"], world.people["manager_a"]]
    )
    admin = world.users["admin"]
    today = datetime.date.today()
    proposal.dispose("solved", "Adopted in the group", admin, on=today)
    proposal.record_implementation(today, "Fitted to lathe 4", admin)
    proposal.record_benefit(Decimal("10"), Decimal("7"), "hours per job", admin, on=today)
    return proposal


AWARD_FIELDS = ("status", "award", "award_amount", "awarded_on")


def test_an_author_may_not_award_their_own_proposal(measured, client_for, api_for):
    before = stored(measured, *AWARD_FIELDS)
    award = {"award": "Bonus", "amount": "50", "awarded_on": datetime.date.today().isoformat()}
    url = reverse("meetings:proposal_award", args=[measured.pk])
    # worker_a holds no award right at all.
    assert client_for("worker_a").post(url, award).status_code == 403
    api_url = f"/api/v1/proposals/{measured.pk}/award/"
    assert api_for("worker_a").post(api_url, award, format="json").status_code == 403
    # manager_a holds it, but is an author of this proposal.
    page = client_for("manager_a").post(url, award)
    assert page.status_code == 400
    assert "your own proposal" in page.content.decode()
    answer = api_for("manager_a").post(api_url, award, format="json")
    assert answer.status_code == 400
    assert "your own proposal" in str(answer.json())
    assert stored(measured, *AWARD_FIELDS) == before
    # admin_a, who did not write it, records the award.
    assert api_for("admin_a").post(api_url, award, format="json").status_code == 200
    assert stored(measured, "award")["award"] == "Bonus"


def test_a_proposals_award_and_status_are_read_only_in_its_record(measured, api_for):
    before = stored(measured, *AWARD_FIELDS)
    answer = api_for("admin_a").patch(
        f"/api/v1/proposals/{measured.pk}/",
        {"status": "awarded", "award": "Bonus", "award_amount": "500", "awarded_on": "1959-04-01"},
        format="json",
    )
    assert answer.status_code in (200, 400, 403)
    after = stored(measured, *AWARD_FIELDS)
    assert {key: after[key] for key in AWARD_FIELDS} == {key: before[key] for key in AWARD_FIELDS}


# A published evaluation


@pytest.fixture
def published(world):
    found = factories_evaluations.examples(world)
    evaluation = Evaluation.objects.get(pk=found["published"].pk)
    assert evaluation.status == EvaluationStatus.PUBLISHED
    return evaluation


def snapshot(evaluation):
    """Everything of a published evaluation that must stay as it is."""
    scores = list(
        Score.objects.filter(evaluation=evaluation)
        .order_by("pk")
        .values("pk", "total", "adjusted_total", "adjustment_reason", "rank", "last_updated")
    )
    return stored(evaluation, "status", "note", "published_at", "findings"), scores


def test_a_published_evaluation_refuses_every_change_through_the_api(published, api_for):
    before = snapshot(published)
    api = api_for("manager_a")
    url = f"/api/v1/evaluations/{published.pk}/"
    score = published.scores.first()
    answers = {
        "patch": api.patch(url, {"note": "changed afterwards"}, format="json"),
        "put": api.put(
            url,
            {"competition": published.competition_id, "day": "1959-01-15", "note": "again"},
            format="json",
        ),
        "compute": api.post(url + "compute/"),
        "publish": api.post(url + "publish/"),
        "adjust": api.post(
            f"/api/v1/scores/{score.pk}/adjust/", {"value": "1", "reason": "late"}, format="json"
        ),
        "delete": api.delete(url),
    }
    for step, answer in answers.items():
        assert answer.status_code in (400, 409), (step, answer.status_code)
        assert "published and locked" in str(answer.json()), step
    assert snapshot(published) == before


def test_a_published_evaluation_refuses_every_change_through_the_pages(published, client_for):
    before = snapshot(published)
    client = client_for("manager_a")
    score = published.scores.first()
    edit = client.post(
        reverse("competitions:evaluation_edit", args=[published.pk]), {"note": "afterwards"}
    )
    assert edit.status_code == 403
    assert "published and locked" in edit.content.decode()
    for url, data in (
        (reverse("competitions:evaluation_recompute", args=[published.pk]), {}),
        (adjust_url(score), {"value": "1", "reason": "late"}),
        (reverse("competitions:evaluation_delete", args=[published.pk]), {}),
    ):
        answer = client.post(url, data, follow=True)
        assert "published and locked" in answer.content.decode(), url
    assert Evaluation.objects.filter(pk=published.pk).exists()
    assert snapshot(published) == before
