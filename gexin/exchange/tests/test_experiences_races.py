"""Answers, withdrawals and pushes that meet: each move re-reads its row under a lock, so
the second of two ends in a clear refusal and never overwrites the first.

The first tests hand a move a copy read before another move was saved (what a double
submit or a slow page amounts to). The threaded tests run two moves at once on
PostgreSQL, the first held open inside its transaction while the second starts.
"""

import contextlib
import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from gexin.core.models import Notification
from gexin.exchange import spread
from gexin.exchange.choices import AdoptionStatus
from gexin.exchange.models import Adoption
from gexin.exchange.tests.factories_experiences import examples, make_adoption, workshops

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
ADOPTION = {
    "adopted_on": TODAY,
    "how": "Two fitters learned it at plant A",
    "before_value": None,
    "after_value": None,
    "result": "",
}


def pushed_to_mill(world):
    experience = examples(world)["experience"]
    mill = workshops(world)[0]
    return make_adoption(experience, mill, world.users["manager_a"])


def copy_of(adoption):
    return Adoption.objects.select_related("experience__unit", "unit").get(pk=adoption.pk)


def told(subject_start):
    """How often the pusher was told of an answer."""
    return Notification.objects.filter(
        recipient__username="manager_a", subject__startswith=subject_start
    ).count()


def test_a_decline_read_before_the_adoption_was_saved_is_refused(world):
    adoption = pushed_to_mill(world)
    stale = copy_of(adoption)  # the refusal form opened while the unit still awaited
    spread.record_adoption(copy_of(adoption), **ADOPTION, user=world.user("tech_1_b"))
    with pytest.raises(ValidationError, match="has already answered: adopted"):
        spread.record_decline(stale, reason="No crane", user=world.user("tech_1_b"))
    adoption.refresh_from_db()
    assert adoption.status == AdoptionStatus.ADOPTED
    assert adoption.how == ADOPTION["how"] and adoption.declined_reason == ""
    assert told("Adopted") == 1 and told("Not adopted") == 0


def test_an_adoption_submitted_twice_is_recorded_and_told_once(world):
    adoption = pushed_to_mill(world)
    first, second = copy_of(adoption), copy_of(adoption)
    spread.record_adoption(first, **ADOPTION, user=world.user("tech_1_b"))
    with pytest.raises(ValidationError, match="already recorded its adoption"):
        spread.record_adoption(
            second, **{**ADOPTION, "how": "Said again"}, user=world.user("tech_1_b")
        )
    adoption.refresh_from_db()
    assert adoption.how == ADOPTION["how"]
    assert told("Adopted") == 1


def test_a_refusal_submitted_twice_is_recorded_and_told_once(world):
    adoption = pushed_to_mill(world)
    first, second = copy_of(adoption), copy_of(adoption)
    spread.record_decline(first, reason="No crane", user=world.user("tech_1_b"))
    with pytest.raises(ValidationError, match="has already answered: not adopted"):
        spread.record_decline(second, reason="No room", user=world.user("tech_1_b"))
    adoption.refresh_from_db()
    assert adoption.declined_reason == "No crane"
    assert told("Not adopted") == 1


def test_an_answer_keeps_a_check_date_moved_meanwhile(world):
    adoption = pushed_to_mill(world)
    stale = copy_of(adoption)
    moved = TODAY + datetime.timedelta(days=90)
    Adoption.objects.filter(pk=adoption.pk).update(check_due=moved)  # by the pusher, meanwhile
    answered = spread.record_adoption(stale, **ADOPTION, user=world.user("tech_1_b"))
    adoption.refresh_from_db()
    assert adoption.status == AdoptionStatus.ADOPTED
    assert adoption.check_due == moved  # not put back by the answer's older copy
    assert answered is stale and stale.check_due == moved and stale.status == "adopted"


def test_a_withdrawal_or_a_check_date_read_before_the_answer_is_refused(world):
    adoption = pushed_to_mill(world)
    stale_withdrawal, stale_move = copy_of(adoption), copy_of(adoption)
    spread.record_adoption(copy_of(adoption), **ADOPTION, user=world.user("tech_1_b"))
    with pytest.raises(ValidationError, match="stays on record"):
        spread.withdraw(stale_withdrawal, user=world.user("manager_a"))
    with pytest.raises(ValidationError, match="has already answered"):
        spread.move_check_due(stale_move, check_due=TODAY, user=world.user("manager_a"))
    assert Adoption.objects.get(pk=adoption.pk).check_due == adoption.check_due


def test_an_answer_to_a_push_withdrawn_meanwhile_is_refused_clearly(world):
    adoption = pushed_to_mill(world)
    stale = copy_of(adoption)
    spread.withdraw(copy_of(adoption), user=world.user("manager_a"))
    with pytest.raises(ValidationError, match="withdrawn meanwhile"):
        spread.record_adoption(stale, **ADOPTION, user=world.user("tech_1_b"))


def test_a_patch_that_met_an_answer_does_not_write_the_older_copy_back(world, api_for, monkeypatch):
    from gexin.exchange.api.experiences import AdoptionSerializer

    adoption = examples(world)["adoption"]  # plant A's push to its turning group
    checked = AdoptionSerializer.validate

    def answered_meanwhile(serializer, attrs):
        attrs = checked(serializer, attrs)
        spread.record_adoption(copy_of(adoption), **ADOPTION, user=world.user("leader_a"))
        return attrs

    monkeypatch.setattr(AdoptionSerializer, "validate", answered_meanwhile)
    later = (TODAY + datetime.timedelta(days=60)).isoformat()
    response = api_for("manager_a").patch(
        f"/api/v1/adoptions/{adoption.pk}/", {"check_due": later}, format="json"
    )
    assert response.status_code == 409
    assert "changed meanwhile" in str(response.json())
    kept = Adoption.objects.get(pk=adoption.pk)
    assert kept.status == AdoptionStatus.ADOPTED and kept.how == ADOPTION["how"]
    assert kept.check_due == adoption.check_due


class RacingTransaction:
    """Stands in for `transaction` in the spread module: just as the push opens its
    transaction, another push of the same unit is saved and committed."""

    def __init__(self, other_push):
        self.other_push = other_push

    @contextlib.contextmanager
    def atomic(self, *args, **kwargs):
        other, self.other_push = self.other_push, None
        if other is not None:
            other()
        with transaction.atomic(*args, **kwargs):
            yield


def test_a_push_meeting_another_push_of_the_same_unit_names_the_unit(world, api_for, monkeypatch):
    experience = examples(world)["experience"]
    mill_1, mill_2 = workshops(world)[:2]
    monkeypatch.setattr(
        spread,
        "transaction",
        RacingTransaction(lambda: make_adoption(experience, mill_1, world.users["admin"])),
    )
    response = api_for("manager_a").post(
        f"/api/v1/experiences/{experience.pk}/push/",
        {"units": ["plant-b-mill-1", "plant-b-mill-2"]},
        format="json",
    )
    assert response.status_code == 400
    answer = str(response.json())
    assert "Rolling mill 1 B already holds this experience (pushed, awaiting adoption)" in answer
    assert Adoption.objects.filter(experience=experience, unit=mill_1).count() == 1
    assert not Adoption.objects.filter(experience=experience, unit=mill_2).exists()


# --- Two moves at once (PostgreSQL: SQLite runs one writing transaction at a time) ---

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are taken on PostgreSQL"
)


class Held:
    """Makes `owner.name` (a function), when run in the thread named `thread`, stop after
    it ran, inside the caller's transaction, until `release` is set."""

    def __init__(self, monkeypatch, owner, name, thread):
        self.reached, self.release = threading.Event(), threading.Event()
        real = getattr(owner, name)

        def held(*args, **kwargs):
            result = real(*args, **kwargs)
            if threading.current_thread().name == thread:
                self.reached.set()
                self.release.wait(10)
            return result

        monkeypatch.setattr(owner, name, held)


def in_thread(name, outcome, run):
    def target():
        try:
            outcome[name] = run()
        except Exception as error:  # noqa: BLE001 - the outcome is what the test looks at
            outcome[name] = error
        finally:
            connection.close()

    thread = threading.Thread(target=target, name=name, daemon=True)
    thread.start()
    return thread


def race(held, first, second):
    """Run `first` until it is held inside its transaction, start `second`, give it time
    to get as far as it can, then let `first` commit. Returns both outcomes."""
    outcome = {}
    one = in_thread("first", outcome, first)
    assert held.reached.wait(10), outcome
    two = in_thread("second", outcome, second)
    two.join(0.5)  # locked out: still waiting for the first to commit
    held.release.set()
    one.join(10)
    two.join(10)
    assert not one.is_alive() and not two.is_alive()
    return outcome["first"], outcome["second"]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_an_adoption_and_a_refusal_at_once_the_second_waits_and_is_refused(world, monkeypatch):
    adoption = pushed_to_mill(world)
    held = Held(monkeypatch, spread, "_tell_the_source", "first")
    stale = copy_of(adoption)
    first, second = race(
        held,
        lambda: spread.record_adoption(copy_of(adoption), **ADOPTION, user=world.user("tech_1_b")),
        lambda: spread.record_decline(stale, reason="No crane", user=world.user("tech_1_b")),
    )
    assert not isinstance(first, Exception), first
    assert isinstance(second, ValidationError), second
    adoption.refresh_from_db()
    assert adoption.status == AdoptionStatus.ADOPTED
    assert told("Adopted") == 1 and told("Not adopted") == 0


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_meeting_an_adoption_leaves_the_answer_on_record(world, api_for, monkeypatch):
    adoption = pushed_to_mill(world)
    held = Held(monkeypatch, spread, "_tell_the_source", "first")
    api = api_for("manager_a")
    first, second = race(
        held,
        lambda: spread.record_adoption(copy_of(adoption), **ADOPTION, user=world.user("tech_1_b")),
        lambda: api.delete(f"/api/v1/adoptions/{adoption.pk}/"),
    )
    assert not isinstance(first, Exception), first
    assert second.status_code == 400, second
    assert "stays on record" in str(second.json())
    assert Adoption.objects.get(pk=adoption.pk).status == AdoptionStatus.ADOPTED


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_patch_meeting_an_adoption_leaves_the_answer_on_record(world, api_for, monkeypatch):
    adoption = pushed_to_mill(world)
    held = Held(monkeypatch, spread, "_tell_the_source", "first")
    api = api_for("admin")  # may both change the adoption and push there
    later = (TODAY + datetime.timedelta(days=60)).isoformat()
    first, second = race(
        held,
        lambda: spread.record_adoption(copy_of(adoption), **ADOPTION, user=world.user("tech_1_b")),
        lambda: api.patch(f"/api/v1/adoptions/{adoption.pk}/", {"check_due": later}, format="json"),
    )
    assert not isinstance(first, Exception), first
    assert second.status_code == 409, second
    kept = Adoption.objects.get(pk=adoption.pk)
    assert kept.status == AdoptionStatus.ADOPTED and kept.how == ADOPTION["how"]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_pushes_of_one_unit_at_once_the_second_names_the_unit(world, monkeypatch):
    experience = examples(world)["experience"]
    mill = workshops(world)[0]
    held = Held(monkeypatch, Adoption.objects, "create", "first")

    def push():
        return spread.push(experience, [mill], check_due=None, user=world.user("manager_a"))

    first, second = race(held, push, push)
    assert not isinstance(first, Exception), first
    assert isinstance(second, ValidationError), second
    assert "already holds this experience" in " ".join(second.messages)
    assert Adoption.objects.filter(experience=experience, unit=mill).count() == 1
