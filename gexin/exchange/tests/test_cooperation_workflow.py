"""Cooperation requests: inside the plant the partner accepts and delivers; with an outside
enterprise the requesting unit records every step; what was given and received, with
totals per unit of measure; who sees a cooperation."""

import pytest
from django.core.exceptions import ValidationError

from gexin.core.models import Notification
from gexin.exchange import workflow
from gexin.exchange.choices import CooperationKind, ExchangeStatus, Flow
from gexin.exchange.models import Cooperation
from gexin.exchange.tests.factories_cards import item, make_cooperation, more_world
from gexin.org.tests.factories import PersonFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def internal(world):
    more_world(world)
    return make_cooperation(
        world.units["plant-a-turning"],
        partner=world.units["plant-a-transport"],
        title="A truck for the shafts",
    )


@pytest.fixture
def transport_head(world):
    """The head of plant A's transport department: answers for it, not for the turners."""
    more_world(world)
    user = UserFactory(username="transport_a")
    person = PersonFactory(
        employee_number="A-200", unit=world.units["plant-a-transport"], user=user
    )
    RoleAssignmentFactory(person=person, unit=world.units["plant-a-transport"], role="manager")
    world.users["transport_a"] = user
    return user


def check(cooperation):
    cooperation.full_clean()


def test_an_internal_cooperation_needs_a_partner_unit_of_the_same_plant(world):
    more_world(world)
    turning = world.units["plant-a-turning"]
    with pytest.raises(ValidationError, match="needs its partner unit"):
        check(
            Cooperation(
                kind=CooperationKind.INTERNAL,
                unit=turning,
                partner_name="Mine",
                title="T",
                description="D",
            )
        )
    with pytest.raises(ValidationError, match="in the same plant"):
        check(
            Cooperation(
                kind=CooperationKind.INTERNAL,
                unit=turning,
                partner=world.units["plant-b-rolling"],
                title="T",
                description="D",
            )
        )
    with pytest.raises(ValidationError, match="does not cooperate with itself"):
        check(
            Cooperation(
                kind=CooperationKind.INTERNAL,
                unit=turning,
                partner=turning,
                title="T",
                description="D",
            )
        )
    with pytest.raises(ValidationError, match="Name the partner"):
        check(Cooperation(kind=CooperationKind.EXTERNAL, unit=turning, title="T", description="D"))
    with pytest.raises(ValidationError, match="either a partner unit or an outside"):
        check(
            Cooperation(
                kind=CooperationKind.EXTERNAL,
                unit=turning,
                partner_name="Mine",
                partner=world.units["plant-b-rolling"],
                title="T",
                description="D",
            )
        )
    check(
        Cooperation(
            kind=CooperationKind.EXTERNAL,
            unit=turning,
            partner_name="Xishan coal mine",
            title="T",
            description="D",
        )
    )


def test_inside_the_plant_the_partner_accepts_and_delivers(world, internal, transport_head):
    leader = world.user("leader_a")  # answers for the turning group, not for transport
    with pytest.raises(ValidationError, match=r"Only the partner \(Transport department A\)"):
        workflow.match(internal, user=leader)
    workflow.match(internal, user=world.user("transport_a"))
    assert internal.status == ExchangeStatus.MATCHED
    assert internal.matched_by == transport_head
    told = Notification.objects.get(subject__startswith="Cooperation accepted")
    assert told.recipient == world.users["leader_a"]

    with pytest.raises(ValidationError, match="Only the partner"):
        workflow.deliver(internal, user=leader, note="-")
    workflow.deliver(internal, user=world.user("transport_a"), note="One truck, one day")
    with pytest.raises(ValidationError, match="Only the requesting unit"):
        workflow.confirm(internal, user=world.user("transport_a"))
    workflow.confirm(internal, user=leader, note="Shafts delivered to the assembly")
    assert internal.status == ExchangeStatus.CONFIRMED
    told = Notification.objects.get(subject__startswith="Cooperation confirmed")
    assert told.recipient == transport_head


def test_with_an_outside_enterprise_the_requesting_unit_records_each_step(world):
    more_world(world)
    mine = make_cooperation(world.units["plant-b-rolling"], partner_name="Xishan coal mine")
    with pytest.raises(ValidationError, match="Only the requesting unit"):
        workflow.match(mine, user=world.user("manager_a"))
    manager = world.user("manager_b")
    workflow.match(mine, user=manager)
    workflow.deliver(mine, user=manager, note="Rails and trucks handed over")
    workflow.confirm(mine, user=manager, note="Coking coal arriving")
    assert mine.status == ExchangeStatus.CONFIRMED
    # There is nobody in gexin on the other side to tell.
    assert not Notification.objects.filter(subject__contains="Rails for coal").exists()


def test_the_requesting_unit_withdraws_with_a_reason(world, internal, transport_head):
    with pytest.raises(ValidationError, match="Only the requesting unit"):
        workflow.withdraw(internal, user=world.user("transport_a"), reason="Busy")
    workflow.match(internal, user=world.user("transport_a"))
    workflow.withdraw(internal, user=world.user("leader_a"), reason="Our own truck is back")
    assert internal.status == ExchangeStatus.WITHDRAWN
    told = Notification.objects.get(subject__startswith="Cooperation withdrawn")
    assert told.recipient == transport_head
    with pytest.raises(ValidationError, match="Only an open or matched one"):
        workflow.withdraw(internal, user=world.user("leader_a"), reason="Again")


def test_what_was_given_and_received_is_totalled_per_unit_of_measure(world):
    more_world(world)
    cooperation = make_cooperation(world.units["plant-b-rolling"], partner_name="Coal mine")
    item(cooperation, Flow.GIVEN, "Rails, first lot", 160, "t")
    item(cooperation, Flow.GIVEN, "Rails, second lot", "80.5", "t")
    item(cooperation, Flow.GIVEN, "Trucks", 12, "trucks")
    item(cooperation, Flow.GIVEN, "Two fitters for a week")
    item(cooperation, Flow.RECEIVED, "Low-sulphur coking coal", 3000, "t")
    given, received = workflow.given_and_received(cooperation)
    assert len(given.items) == 4
    assert [(measure, str(total)) for measure, total in given.totals] == [
        ("t", "240.5"),
        ("trucks", "12"),
    ]
    assert [(measure, str(total)) for measure, total in received.totals] == [("t", "3000")]


def test_either_side_records_items_until_confirmed(world, internal, transport_head):
    assert workflow.item_refusal(internal, world.user("transport_a"), "add") is None
    assert workflow.item_refusal(internal, world.user("leader_a"), "add") is None
    assert "Only the two sides" in str(
        workflow.item_refusal(internal, world.user("manager_b"), "add")
    )
    assert "Only the two sides" in str(
        workflow.item_refusal(internal, world.user("worker_a"), "add")
    )
    workflow.match(internal, user=world.user("transport_a"))
    workflow.deliver(internal, user=world.user("transport_a"), note="Truck")
    assert workflow.item_refusal(internal, world.user("transport_a"), "add") is None
    workflow.confirm(internal, user=world.user("leader_a"))
    assert "fixed once the cooperation is confirmed" in str(
        workflow.item_refusal(internal, world.user("leader_a"), "add")
    )


def test_a_cooperation_is_seen_by_its_two_sides(world, internal):
    mine = make_cooperation(world.units["plant-b-rolling"], partner_name="Coal mine")

    def seen(username):
        return set(Cooperation.objects.restrict(world.user(username), "view"))

    assert internal in seen("leader_a") and internal in seen("worker_a")
    assert internal in seen("manager_a")
    assert internal not in seen("worker_b") and internal not in seen("worker_c")
    assert mine in seen("manager_b") and mine not in seen("manager_a")
