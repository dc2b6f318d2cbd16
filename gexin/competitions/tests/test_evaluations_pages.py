"""The evaluation pages: the contract, computing, adjusting and publishing as the committee,
the refusals, and the participant's page with its standing, lever and banners."""

import datetime

import pytest
from django.urls import reverse

from gexin.competitions import scoring
from gexin.competitions.models import Evaluation, Score
from gexin.competitions.tests.factories_evaluations import APRIL, MARCH, examples, scenario
from gexin.core.testing import ViewContract

pytestmark = pytest.mark.django_db


class TestEvaluationPages(ViewContract):
    app = "competitions"
    model_name = "evaluation"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["evaluation"], "out_of_scope": found["b_evaluation"]}

    def valid_edit(self, world, obj):
        return {"note": "Read out at the committee meeting of 3 March"}

    def invalid_edit(self, world, obj):
        return {"note": "x" * 2001}, "note"

    def export_key(self, obj):
        return obj.competition.title


def detail(client, evaluation):
    return client.get(reverse("competitions:evaluation_detail", args=[evaluation.pk]))


def test_a_committee_member_computes_a_month_from_the_page(world, client_for):
    found = scenario(world)
    client = client_for("manager_a")
    form = client.get(
        reverse("competitions:evaluation_add"), {"competition": found["competition"].pk}
    )
    assert form.status_code == 200
    assert form.context["form"].initial["competition"] == found["competition"]
    response = client.post(
        reverse("competitions:evaluation_add"),
        {"competition": found["competition"].pk, "day": "1959-03-15"},
    )
    evaluation = Evaluation.objects.get(competition=found["competition"])
    assert response.status_code == 302
    assert response["Location"] == evaluation.get_absolute_url()
    assert (evaluation.period_start, evaluation.period_end) == (MARCH, datetime.date(1959, 3, 31))
    page = detail(client, evaluation)
    body = page.content.decode()
    assert page.status_code == 200
    # Group 2 first (80.000), not eligible, with the reason; group 1 would get the banner.
    assert "80.000" in body
    assert "No serious accident: 1 (must be at most 0)" in body
    assert page.context["winner"] == found["p1"]
    assert "21.7 points between the top quarter" in body


def test_computing_is_refused_without_the_right_and_outside_the_period(world, client_for):
    found = scenario(world)
    url = reverse("competitions:evaluation_add")
    assert client_for("leader_a").get(url).status_code == 403
    assert (
        client_for("leader_a")
        .post(url, {"competition": found["competition"].pk, "day": "1959-03-15"})
        .status_code
        == 403
    )
    response = client_for("manager_a").post(
        url, {"competition": found["competition"].pk, "day": "1959-08-01"}
    )
    assert response.status_code == 400
    assert "outside the competition" in str(response.context["form"].non_field_errors())
    assert not Evaluation.objects.filter(competition=found["competition"]).exists()


def test_an_adjustment_needs_a_reason_and_shows_in_the_history(world, client_for):
    found = scenario(world)
    evaluation = scoring.evaluate(found["competition"], MARCH)
    score = evaluation.scores.get(participant=found["p3"])
    url = reverse("competitions:score_adjust", args=[score.pk])
    assert client_for("leader_a").get(url).status_code == 403
    client = client_for("manager_a")
    refused = client.post(url, {"value": "90", "reason": "   "})
    assert refused.status_code == 400
    assert "Give the reason for adjusting the score." in str(refused.context["form"].errors)
    assert Score.objects.get(pk=score.pk).adjusted_total is None
    reason = "Coal of the 10th was booked to the wrong group"
    response = client.post(url, {"value": "90", "reason": reason})
    assert response.status_code == 302
    score.refresh_from_db()
    assert (str(score.adjusted_total), score.rank) == ("90.000", 1)
    body = detail(client, evaluation).content.decode()
    assert reason in body
    history = client.get(reverse("competitions:score_history", args=[score.pk]))
    assert reason in history.content.decode()


def test_publishing_passes_the_banner_and_locks_the_evaluation(world, client_for):
    found = scenario(world)
    competition = found["competition"]
    march = scoring.evaluate(competition, MARCH)
    publish = reverse("competitions:evaluation_publish", args=[march.pk])
    assert client_for("leader_a").post(publish).status_code == 403
    client = client_for("manager_a")
    response = client.post(publish, follow=True)
    assert "The banner passes to" in response.content.decode()
    march.refresh_from_db()
    assert march.is_published
    assert march.banner_holding.participant == found["p1"]
    # Locked: computing again, adjusting and deleting are refused with a message.
    again = client.post(reverse("competitions:evaluation_recompute", args=[march.pk]), follow=True)
    assert "published and locked" in again.content.decode()
    score = march.scores.get(participant=found["p1"])
    adjust = client.post(
        reverse("competitions:score_adjust", args=[score.pk]),
        {"value": "99", "reason": "late"},
        follow=True,
    )
    assert "published and locked" in adjust.content.decode()
    deleted = client_for("admin").post(
        reverse("competitions:evaluation_delete", args=[march.pk]), follow=True
    )
    assert "cannot be deleted" in deleted.content.decode()
    assert Evaluation.objects.filter(pk=march.pk).exists()
    body = deleted.content.decode()
    assert reverse("competitions:score_adjust", args=[score.pk]) not in body
    assert reverse("competitions:evaluation_publish", args=[march.pk]) not in body
    # April: the banner moves to group 3, and the gap is flagged as widening.
    april = scoring.evaluate(competition, APRIL)
    client.post(reverse("competitions:evaluation_publish", args=[april.pk]))
    page = detail(client, april)
    body = page.content.decode()
    assert page.context["holding"].participant == found["p3"]
    assert 'id="gap-widening"' in body
    assert "▲ 3" in body and "▼ 3" in body


def test_the_participant_page_shows_its_standing_lever_and_banners(world, client_for):
    found = scenario(world)
    competition = found["competition"]
    scoring.publish(scoring.evaluate(competition, MARCH))
    url = reverse("competitions:participant_detail", args=[found["p1"].pk])
    response = client_for("worker_a").get(url)
    assert response.status_code == 200
    context = response.context
    assert context["object"] == found["p1"]
    assert context["latest"].rank == 2
    assert context["lever"]["criterion"] == found["coal"].pk
    assert context["lever"]["lift"] == 16.667
    body = response.content.decode()
    assert "Place 2 of 4 with 65.000 points" in body
    assert "Coal per tonne of steel" in body
    assert "holds it since 1959-03-31" in body
    assert [h.participant for h in context["holdings"]] == [found["p1"]]


def test_a_participant_of_another_plant_sees_the_standings_it_is_in(world, client_for):
    found = scenario(world)
    evaluation = scoring.evaluate(found["competition"], MARCH)
    # worker_b (plant B) takes no part: the evaluation does not exist for them.
    assert detail(client_for("worker_b"), evaluation).status_code == 404
    # worker_a's group takes part: they see it, though the competition is plant A's.
    assert detail(client_for("worker_a"), evaluation).status_code == 200


def test_the_list_of_a_competition_offers_computing_to_the_committee(world, client_for):
    found = scenario(world)
    scoring.evaluate(found["competition"], MARCH)
    url = reverse("competitions:evaluation_list")
    params = {"competition": found["competition"].pk}
    response = client_for("manager_a").get(url, params)
    assert response.status_code == 200
    assert response.context["can_compute"] is True
    assert [e.period_start for e in response.context["page"].object_list] == [MARCH]
    assert client_for("worker_a").get(url, params).context["can_compute"] is False
