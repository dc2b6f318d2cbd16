"""A card's moves: open → matched → delivered → confirmed across two plants, who may make
each move, what each side sees, who is told, and what the history keeps."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gexin.core.models import ChangeRecord, Notification
from gexin.exchange import workflow
from gexin.exchange.choices import CardKind, ExchangeStatus
from gexin.exchange.models import AssistanceCard
from gexin.exchange.tests.factories_cards import make_card, more_world

pytestmark = pytest.mark.django_db

DAY = datetime.date(1959, 4, 2)


@pytest.fixture
def card(world):
    more_world(world)
    return make_card(
        world.units["plant-a-machine"],
        title="Help wanted: fine threads",
        posted_by=world.users["manager_a"],
    )


def visible(world, username):
    return set(AssistanceCard.objects.restrict(world.user(username), "view"))


def test_a_card_goes_open_matched_delivered_confirmed_across_two_plants(world, card):
    # Open: on the board for every plant, plant C included.
    assert card in visible(world, "worker_c")
    assert card in visible(world, "worker_b")

    workflow.match(
        card, user=world.user("manager_b"), unit=world.units["plant-b-rolling"], today=DAY
    )
    assert card.status == ExchangeStatus.MATCHED
    assert card.counterpart == world.units["plant-b-rolling"]
    assert (card.matched_on, card.matched_by) == (DAY, world.users["manager_b"])
    # Matched: only the two sides see it.
    assert card not in visible(world, "worker_c")
    assert card in visible(world, "worker_b")
    assert card in visible(world, "manager_a")

    # A request: plant B gives, plant A receives.
    workflow.deliver(card, user=world.user("manager_b"), note="Two fitters, three days", today=DAY)
    assert card.status == ExchangeStatus.DELIVERED
    assert card.delivery_note == "Two fitters, three days"

    workflow.confirm(card, user=world.user("manager_a"), note="Threads even now", today=DAY)
    assert card.status == ExchangeStatus.CONFIRMED
    assert (card.confirmed_on, card.confirmed_by) == (DAY, world.users["manager_a"])
    assert card.confirmation_note == "Threads even now"
    assert card not in visible(world, "worker_c")


def test_the_history_keeps_each_move_with_who_made_it(world, card):
    workflow.match(card, user=world.user("manager_b"), unit=world.units["plant-b-rolling"])
    workflow.deliver(card, user=world.user("manager_b"), note="Drawings")
    workflow.confirm(card, user=world.user("manager_a"))
    records = list(ChangeRecord.for_object(card).order_by("pk"))
    steps = [record.changes.get("status") for record in records[1:]]
    assert steps == [["open", "matched"], ["matched", "delivered"], ["delivered", "confirmed"]]
    assert [record.actor.username for record in records[1:]] == [
        "manager_b",
        "manager_b",
        "manager_a",
    ]
    assert records[2].reason == "Delivered: Drawings"


def test_each_move_tells_the_other_sides_organisers(world, card):
    workflow.match(card, user=world.user("manager_b"), unit=world.units["plant-b-rolling"])
    told = Notification.objects.filter(subject__startswith="Card taken up")
    assert {n.recipient.username for n in told} == {"manager_a", "admin_a"}
    assert "Rolling workshop B took up your card" in told.first().body

    workflow.deliver(card, user=world.user("manager_b"), note="Two fitters")
    told = Notification.objects.filter(subject__startswith="Card delivered")
    assert {n.recipient.username for n in told} == {"manager_a", "admin_a"}

    workflow.confirm(card, user=world.user("manager_a"))
    told = Notification.objects.filter(subject__startswith="Card confirmed")
    assert {n.recipient.username for n in told} == {"manager_b"}


def test_a_unit_of_the_posting_plant_cannot_take_the_card_up(world, card):
    with pytest.raises(ValidationError, match="another plant"):
        workflow.match(card, user=world.user("manager_a"), unit=world.units["plant-a-turning"])
    with pytest.raises(ValidationError, match="another plant"):
        workflow.match(card, user=world.user("admin"), unit=world.units["hubei"])
    card.refresh_from_db()
    assert card.status == ExchangeStatus.OPEN


def test_taking_up_needs_the_right_on_the_unit_named(world, card):
    # worker_b belongs to plant B but answers for none of its cards.
    with pytest.raises(ValidationError, match="only for a unit whose cards you answer for"):
        workflow.match(card, user=world.user("worker_b"), unit=world.units["plant-b-shift-1"])
    # manager_b answers for plant B, not for plant C.
    with pytest.raises(ValidationError, match="only for a unit whose cards you answer for"):
        workflow.match(card, user=world.user("manager_b"), unit=world.units["plant-c-rolling"])
    with pytest.raises(ValidationError, match="Name the unit"):
        workflow.match(card, user=world.user("manager_b"))


def test_wrong_side_moves_are_refused_with_the_reason(world, card):
    workflow.match(card, user=world.user("manager_b"), unit=world.units["plant-b-rolling"])
    # A request is given by the taker: plant A cannot record the delivery.
    with pytest.raises(ValidationError, match=r"Only the giving side \(Rolling workshop B\)"):
        workflow.deliver(card, user=world.user("manager_a"), note="Nothing")
    with pytest.raises(ValidationError, match="Only a delivered one can be confirmed"):
        workflow.confirm(card, user=world.user("manager_a"))
    workflow.deliver(card, user=world.user("manager_b"), note="Two fitters")
    with pytest.raises(ValidationError, match=r"Only the receiving side \(Machine shop A\)"):
        workflow.confirm(card, user=world.user("manager_b"))
    with pytest.raises(ValidationError, match="Only an open one can be taken up"):
        workflow.match(card, user=world.user("manager_b"), unit=world.units["plant-b-rolling"])
    card.refresh_from_db()
    assert card.status == ExchangeStatus.DELIVERED


def test_an_offer_is_given_by_its_poster(world):
    more_world(world)
    offer = make_card(world.units["plant-b-rolling"], kind=CardKind.OFFER, title="Fast roll change")
    workflow.match(offer, user=world.user("manager_a"), unit=world.units["plant-a-machine"])
    assert (offer.giver, offer.receiver) == (
        world.units["plant-b-rolling"],
        world.units["plant-a-machine"],
    )
    with pytest.raises(ValidationError, match="Only the giving side"):
        workflow.deliver(offer, user=world.user("manager_a"), note="-")
    workflow.deliver(offer, user=world.user("manager_b"), note="Film of the roll change")
    workflow.confirm(offer, user=world.user("manager_a"), note="Cut to 20 minutes")
    assert offer.status == ExchangeStatus.CONFIRMED


def test_delivery_needs_a_note(world, card):
    workflow.match(card, user=world.user("manager_b"), unit=world.units["plant-b-rolling"])
    with pytest.raises(ValidationError, match="Say what was delivered"):
        workflow.deliver(card, user=world.user("manager_b"), note="  ")


def test_the_poster_withdraws_an_open_or_matched_card_with_a_reason(world, card):
    with pytest.raises(ValidationError, match="Give the reason"):
        workflow.withdraw(card, user=world.user("manager_a"), reason="")
    workflow.match(card, user=world.user("manager_b"), unit=world.units["plant-b-rolling"])
    with pytest.raises(ValidationError, match=r"Only the posting side \(Machine shop A\)"):
        workflow.withdraw(card, user=world.user("manager_b"), reason="Busy")
    workflow.withdraw(card, user=world.user("manager_a"), reason="Solved it ourselves", today=DAY)
    assert card.status == ExchangeStatus.WITHDRAWN
    assert (card.withdrawn_on, card.withdrawn_reason) == (DAY, "Solved it ourselves")
    told = Notification.objects.get(subject__startswith="Card withdrawn")
    assert told.recipient == world.users["manager_b"]
    assert "Solved it ourselves" in told.body


def test_a_delivered_or_closed_card_cannot_be_withdrawn(world, card):
    workflow.match(card, user=world.user("manager_b"), unit=world.units["plant-b-rolling"])
    workflow.deliver(card, user=world.user("manager_b"), note="Two fitters")
    with pytest.raises(ValidationError, match="Only an open or matched one can be withdrawn"):
        workflow.withdraw(card, user=world.user("manager_a"), reason="Late")
    workflow.confirm(card, user=world.user("manager_a"))
    with pytest.raises(ValidationError, match="this one is confirmed"):
        workflow.withdraw(card, user=world.user("manager_a"), reason="Late")


def test_a_withdrawn_open_card_leaves_the_board(world, card):
    workflow.withdraw(card, user=world.user("manager_a"), reason="Solved")
    assert card not in visible(world, "worker_b")
    assert card in visible(world, "manager_a")
    assert not Notification.objects.filter(subject__startswith="Card withdrawn").exists()


def test_the_moves_offered_follow_the_state_and_the_side(world, card):
    assert workflow.allowed_moves(card, world.user("manager_b")) == {"match"}
    assert workflow.allowed_moves(card, world.user("manager_a")) == {"withdraw"}
    assert workflow.allowed_moves(card, world.user("worker_b")) == set()
    workflow.match(card, user=world.user("manager_b"), unit=world.units["plant-b-rolling"])
    assert workflow.allowed_moves(card, world.user("manager_b")) == {"deliver"}
    assert workflow.allowed_moves(card, world.user("manager_a")) == {"withdraw"}


def test_the_units_offered_for_taking_up_lie_outside_the_posting_plant(world, card):
    offered = set(workflow.takers(world.user("admin"), card).values_list("code", flat=True))
    assert "plant-b-rolling" in offered and "plant-c" in offered
    assert not offered & {"mmi", "hubei", "plant-a", "plant-a-machine", "plant-a-turning"}
    assert set(workflow.takers(world.user("manager_b"), card)) == set(
        world.units["plant-b"].subtree()
    )
