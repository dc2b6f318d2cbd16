"""Completing and ending an apprenticeship: moves on the model, with a day and a reason,
never by assigning the status."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gexin.core.audit import audit_reason
from gexin.core.models import ChangeRecord
from gexin.people.models.mentoring import Apprenticeship, ApprenticeshipStatus
from gexin.people.tests.factories_mentoring import examples, make_goal

pytestmark = pytest.mark.django_db
D = datetime.date


def refusal(move, **kwargs):
    with pytest.raises(ValidationError) as caught:
        move(**kwargs)
    return caught.value.message_dict


def test_it_completes_once_every_goal_is_reached(world):
    found = examples(world)
    apprenticeship = found["apprenticeship"]
    found["goal"].reached_on = D(1953, 9, 20)
    found["goal"].save()
    apprenticeship.complete(on=D(1953, 9, 30))
    stored = Apprenticeship.objects.get(pk=apprenticeship.pk)
    assert (stored.status, stored.ended_on, stored.end_reason) == (
        ApprenticeshipStatus.COMPLETED,
        D(1953, 9, 30),
        "",
    )
    assert not Apprenticeship.objects.active().filter(pk=apprenticeship.pk).exists()


def test_completing_with_a_goal_not_reached_needs_a_note_naming_it(world):
    found = examples(world)
    apprenticeship = found["apprenticeship"]
    make_goal(apprenticeship, description="Bores to 0.02 mm", due_on=D(1953, 12, 31))
    message = refusal(apprenticeship.complete, on=D(1953, 9, 30))["reason"][0]
    assert "Cuts threads alone" in message and "Bores to 0.02 mm" in message
    assert Apprenticeship.objects.get(pk=apprenticeship.pk).status == ApprenticeshipStatus.ACTIVE
    with audit_reason("boring moved to the next term"):
        apprenticeship.complete(on=D(1953, 9, 30), reason="boring moved to the next term")
    stored = Apprenticeship.objects.get(pk=apprenticeship.pk)
    assert stored.end_reason == "boring moved to the next term"
    record = ChangeRecord.for_object(stored).first()
    assert record.changes["status"] == ["active", "completed"]
    assert record.reason == "boring moved to the next term"


def test_ending_early_needs_a_reason(world):
    apprenticeship = examples(world)["apprenticeship"]
    assert "reason" in refusal(apprenticeship.end, on=D(1953, 8, 1), reason="  ")
    apprenticeship.end(on=D(1953, 8, 1), reason="the master fell ill")
    stored = Apprenticeship.objects.get(pk=apprenticeship.pk)
    assert (stored.status, stored.end_reason) == (ApprenticeshipStatus.ENDED, "the master fell ill")


def test_a_closed_apprenticeship_does_not_move_again(world):
    apprenticeship = examples(world)["apprenticeship"]
    apprenticeship.end(on=D(1953, 8, 1), reason="moved away")
    message = refusal(apprenticeship.complete, on=D(1953, 8, 2), reason="x")["on"][0]
    assert "already ended early" in message
    again = Apprenticeship.objects.get(pk=apprenticeship.pk)  # a stale copy is refused too
    again.status = ApprenticeshipStatus.ACTIVE
    assert "already" in refusal(again.end, on=D(1953, 8, 2), reason="x")["on"][0]


def test_the_day_is_neither_in_the_future_nor_before_the_start(world):
    apprenticeship = examples(world)["apprenticeship"]
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    assert "future" in refusal(apprenticeship.end, on=tomorrow, reason="x")["on"][0]
    assert "1953-07-01" in refusal(apprenticeship.end, on=D(1953, 6, 30), reason="x")["on"][0]


def test_active_lists_only_those_under_way(world):
    found = examples(world)
    found["b_apprenticeship"].end(on=D(1953, 8, 1), reason="moved away")
    assert set(Apprenticeship.objects.active()) == {found["apprenticeship"]}
