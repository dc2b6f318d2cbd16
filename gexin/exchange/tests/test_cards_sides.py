"""Who sees what a side is party to (`models.sides_q`): the people inside a side see it
when the side is a plant (or enterprise) or a unit of one; a side above plant level,
a province or the ministry, is seen only by those whose scope covers it, not by every
worker of every plant under it. The rule is the same for cards, cooperations and their
items, contracts, their items and conferences."""

import pytest

from gexin.exchange.choices import CardKind, ExchangeStatus, Flow
from gexin.exchange.models import (
    AssistanceCard,
    Conference,
    Contract,
    ContractItem,
    Cooperation,
    CooperationItem,
)
from gexin.exchange.tests.factories_cards import (
    MARCH,
    item,
    make_card,
    make_cooperation,
    more_world,
)
from gexin.exchange.tests.factories_contracts import (
    make_conference,
    make_contract,
    make_item,
    person_with_role,
)
from gexin.org.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(world):
    more_world(world)
    # The province's own official: her scope covers what the province is party to.
    person_with_role(world, "official_hubei", world.units["hubei"], Role.MANAGER, "H-001")
    return world.units


def seen_by(world, model, username):
    return set(model.objects.restrict(world.user(username), "view"))


def test_a_provinces_matched_card_is_not_seen_by_every_worker_of_the_province(world, units):
    card = make_card(
        units["hubei"],
        kind=CardKind.OFFER,
        title="The province's roll-change team",
        status=ExchangeStatus.MATCHED,
        counterpart=units["plant-c-rolling"],
        matched_on=MARCH,
    )
    # Inside the province but on neither side's plant: not theirs to see.
    for username in ("worker_a", "leader_a", "manager_a", "worker_b", "manager_b"):
        assert card not in seen_by(world, AssistanceCard, username), username
    # The taker's people, the province's official and the ministry see it.
    for username in ("worker_c", "official_hubei", "admin"):
        assert card in seen_by(world, AssistanceCard, username), username


def test_people_inside_a_posting_workshop_see_its_matched_card(world, units):
    card = make_card(
        units["plant-a-machine"],
        status=ExchangeStatus.MATCHED,
        counterpart=units["plant-c-rolling"],
        matched_on=MARCH,
    )
    # worker_a's group lies inside the posting workshop; worker_c inside the taker.
    for username in ("worker_a", "leader_a", "manager_a", "worker_c", "official_hubei"):
        assert card in seen_by(world, AssistanceCard, username), username
    assert card not in seen_by(world, AssistanceCard, "worker_b")


def test_a_provinces_cooperation_and_its_items_are_seen_by_the_partner_not_the_province(
    world, units
):
    cooperation = make_cooperation(
        units["hubei"], partner=units["plant-b-rolling"], title="Rails for the province"
    )
    rails = item(cooperation, Flow.GIVEN, "Rails", 240, "t")
    for model, obj in ((Cooperation, cooperation), (CooperationItem, rails)):
        for username in ("worker_a", "manager_a", "worker_c"):
            assert obj not in seen_by(world, model, username), (model, username)
        for username in ("worker_b", "manager_b", "official_hubei", "admin"):
            assert obj in seen_by(world, model, username), (model, username)


def test_a_contract_with_a_province_as_party_is_seen_by_the_other_partys_plant_only(world, units):
    contract = make_contract(units["hubei"], [units["hubei"], units["plant-c"]])
    owed = make_item(contract, units["plant-c-rolling"], units["hubei"])
    for model, obj in ((Contract, contract), (ContractItem, owed)):
        # The province is a party (and a path enclosing plant A's people), plant C
        # another: being inside the province must not count for plant C's row.
        for username in ("worker_a", "manager_a", "worker_b"):
            assert obj not in seen_by(world, model, username), (model, username)
        for username in ("worker_c", "official_hubei", "admin"):
            assert obj in seen_by(world, model, username), (model, username)


def test_a_conference_with_the_ministry_among_its_participants(world, units):
    conference = make_conference(units["plant-c"], [units["mmi"], units["plant-c"]])
    for username in ("worker_a", "worker_b", "manager_a"):
        assert conference not in seen_by(world, Conference, username), username
    for username in ("worker_c", "official_hubei", "admin"):
        assert conference in seen_by(world, Conference, username), username


def test_a_plant_partys_people_still_see_its_contract(world, units):
    contract = make_contract(units["plant-a"], [units["plant-a"], units["plant-c"]])
    for username in ("worker_a", "leader_a", "worker_c", "official_hubei"):
        assert contract in seen_by(world, Contract, username), username
    assert contract not in seen_by(world, Contract, "worker_b")


def test_people_inside_a_requesting_workshop_see_its_cooperation(world, units):
    cooperation = make_cooperation(
        units["plant-a-machine"], partner=units["plant-a-transport"], title="A crane"
    )
    crane = item(cooperation, Flow.RECEIVED, "Crane, one shift")
    # worker_a's group lies inside the requesting machine shop.
    for model, obj in ((Cooperation, cooperation), (CooperationItem, crane)):
        for username in ("worker_a", "leader_a", "manager_a"):
            assert obj in seen_by(world, model, username), (model, username)
        assert obj not in seen_by(world, model, "worker_b")
