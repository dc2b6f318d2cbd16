"""What a published evaluation locks, and who may decide an award."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gexin.competitions.models import Award, Evaluation, Participant, Score
from gexin.competitions.tests.factories_help import evaluate, make_competition, take_part
from gexin.competitions.tests.factories_help import examples as help_examples

pytestmark = pytest.mark.django_db

MARCH = datetime.date(1959, 3, 1)
MARCH_END = datetime.date(1959, 3, 31)


def test_a_published_evaluation_keeps_even_its_note(world, client_for):
    evaluation = help_examples(world)["evaluation"]
    evaluation.note = "changed afterwards"
    with pytest.raises(ValidationError, match="published and locked"):
        evaluation.save()
    response = client_for("manager_a").get(
        reverse("competitions:evaluation_edit", args=[evaluation.pk])
    )
    assert response.status_code == 403
    assert Evaluation.objects.get(pk=evaluation.pk).note == ""


def test_a_participant_or_competition_with_published_scores_is_not_deleted(
    world, client_for, api_for
):
    found = help_examples(world)
    participant, competition = found["behind"], found["competition"]
    response = client_for("admin").post(
        reverse("competitions:participant_delete", args=[participant.pk])
    )
    assert response.status_code == 302
    assert Participant.objects.filter(pk=participant.pk).exists()
    assert Score.objects.filter(participant=participant).exists()
    assert api_for("admin").delete(f"/api/v1/participants/{participant.pk}/").status_code == 409
    response = client_for("admin").post(
        reverse("competitions:competition_delete", args=[competition.pk])
    )
    assert Evaluation.objects.filter(competition=competition).count() == 1


def test_a_participant_with_scores_stays_who_it_is(world, api_for):
    participant = help_examples(world)["behind"]
    response = api_for("admin").patch(
        f"/api/v1/participants/{participant.pk}/",
        {"person": world.people["leader_a"].pk},
        format="json",
    )
    assert response.status_code == 400
    participant.refresh_from_db()
    assert participant.person == world.people["turner_a"]


def test_the_evaluated_periods_stay_fixed(world, api_for):
    competition = help_examples(world)["competition"]
    response = api_for("admin").patch(
        f"/api/v1/competitions/{competition.pk}/", {"frequency": "weekly"}, format="json"
    )
    assert response.status_code == 400
    assert "frequency" in response.json()


def test_whoever_changed_an_award_last_cannot_approve_it(world):
    award = help_examples(world)["award"]  # proposed by manager_a
    award.title = "Model turner of March"
    award.proposed_by = world.users["admin_a"]  # what the form and the API record
    award.save()
    with pytest.raises(ValidationError, match="second person"):
        award.approve(world.user("admin_a"))
    award.approve(world.user("manager_a"))
    assert Award.objects.get(pk=award.pk).counts


def test_nobody_decides_an_award_made_out_to_themselves(world):
    competition = make_competition(world.units["plant-a"])
    (me,) = take_part(competition, world.people["manager_a"])
    evaluation = evaluate(competition, MARCH, MARCH_END, {me: ("90", 1)})
    award = Award.objects.create(
        evaluation=evaluation, participant=me, title="Advanced producer", proposed_by=None
    )
    with pytest.raises(ValidationError, match="themselves"):
        award.approve(world.user("manager_a"))
    assert not award.may_decide(world.user("manager_a"))


def test_an_award_waits_for_its_evaluation_to_be_published(world):
    competition = make_competition(world.units["plant-a-turning"])
    (ahead,) = take_part(competition, world.people["worker_a"])
    evaluation = evaluate(competition, MARCH, MARCH_END, {ahead: ("90", 1)}, published=False)
    award = Award.objects.create(
        evaluation=evaluation,
        participant=ahead,
        title="Advanced turner",
        proposed_by=world.users["admin_a"],
    )
    with pytest.raises(ValidationError, match="published"):
        award.approve(world.user("manager_a"))
