"""Lists of cards and cooperations cost the same number of queries whatever their
length: whether the caller may take up each open card is read once for the page
(`workflow.takeable`), and it answers exactly as `workflow.takers` does card by card."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gexin.exchange import workflow
from gexin.exchange.models import AssistanceCard
from gexin.exchange.tests.factories_cards import make_card, make_cooperation, more_world
from gexin.exchange.tests.factories_contracts import person_with_role
from gexin.org.choices import Role, UnitKind
from gexin.org.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world):
    more_world(world)
    person_with_role(world, "official_hubei", world.units["hubei"], Role.MANAGER, "H-001")
    # A province of one plant: its official has nowhere outside that plant to take a
    # card of it up for.
    shanxi = UnitFactory(code="shanxi", parent=world.units["mmi"], kind=UnitKind.PROVINCE)
    plant_d = UnitFactory(code="plant-d", parent=shanxi, kind=UnitKind.PLANT)
    world.units.update(
        shanxi=shanxi,
        **{
            "plant-d": plant_d,
            "plant-d-rolling": UnitFactory(
                code="plant-d-rolling", parent=plant_d, kind=UnitKind.WORKSHOP
            ),
        },
    )
    person_with_role(world, "official_shanxi", shanxi, Role.MANAGER, "S-001")
    return world


def add_plants_with_cards(world, count):
    """`count` more plants under Hubei, each with a workshop that posts an open card and
    asks for a cooperation of its plant's transport."""
    hubei = world.units["hubei"]
    for _index in range(count):
        number = AssistanceCard.objects.count()
        plant = UnitFactory(code=f"more-plant-{number}", parent=hubei, kind=UnitKind.PLANT)
        workshop = UnitFactory(code=f"more-plant-{number}-w", parent=plant, kind=UnitKind.WORKSHOP)
        transport = UnitFactory(
            code=f"more-plant-{number}-t", parent=plant, kind=UnitKind.DEPARTMENT
        )
        make_card(workshop, title=f"Help wanted {number}")
        make_cooperation(workshop, partner=transport, title=f"A truck {number}")
        hubei.refresh_from_db()


def queries_for(api, url):
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url)
    assert response.status_code == 200, url
    return len(captured), response.json()


@pytest.mark.parametrize("username", ["manager_b", "official_hubei", "admin", "worker_a"])
@pytest.mark.parametrize("endpoint", ["assistance-cards", "cooperations"])
def test_ten_rows_cost_no_more_queries_than_two(
    people, api_for, django_assert_max_num_queries, username, endpoint
):
    url = f"/api/v1/{endpoint}/"
    add_plants_with_cards(people, 2)
    before, _body = queries_for(api_for(username), url)
    add_plants_with_cards(people, 8)
    api = api_for(username)
    with django_assert_max_num_queries(before):
        response = api.get(url)
    assert response.status_code == 200
    if endpoint == "assistance-cards":
        rows = response.json()["results"]
        assert len(rows) >= 10
        # Every card is of another plant than plant B's: its manager may take each up;
        # the province's official and the ministry may also withdraw them.
        expected = {
            "manager_b": ("match",),
            "official_hubei": ("match", "withdraw"),
            "admin": ("match", "withdraw"),
            "worker_a": (),
        }[username]
        assert {tuple(row["moves"]) for row in rows} == {expected}


def test_takeable_answers_as_takers_does_card_by_card(people):
    units = people.units
    cards = [
        make_card(units[code], title=code)
        for code in (
            "plant-a-machine",
            "plant-a",
            "plant-b-shift-1",
            "plant-c-rolling",
            "hubei",
            "mmi",
            "plant-d-rolling",
            "shanxi",
        )
    ]
    usernames = [
        "leader_a",
        "worker_a",
        "manager_a",
        "manager_b",
        "worker_c",
        "official_hubei",
        "official_shanxi",
        "admin",
        "stranger",
    ]
    for username in usernames:
        user = people.user(username)
        found = workflow.takeable(user, cards)
        expected = {card.pk: workflow.takers(user, card).exists() for card in cards}
        assert found == expected, username
    # The official of a one-plant province takes up none of its cards, but Hubei's.
    official = people.user("official_shanxi")
    found = workflow.takeable(official, cards)
    assert [card.title for card in cards if found[card.pk]] == [
        "plant-a-machine",
        "plant-a",
        "plant-b-shift-1",
        "plant-c-rolling",
        "hubei",
    ]


def test_takeable_reads_many_cards_in_a_few_queries(people, django_assert_max_num_queries):
    add_plants_with_cards(people, 10)
    cards = list(AssistanceCard.objects.select_related("unit"))
    admin = people.user("admin")
    workflow.taker_scopes(admin)  # the scope, read once per request anyway
    with django_assert_max_num_queries(3):
        found = workflow.takeable(admin, cards)
    assert all(found.values())


@pytest.mark.parametrize("url", ["/cards/", "/cards/?ours=1", "/cooperation/"])
def test_the_pages_lists_cost_no_more_queries_with_more_rows(
    people, client_for, django_assert_max_num_queries, url
):
    add_plants_with_cards(people, 2)
    client = client_for("official_hubei")
    with CaptureQueriesContext(connection) as two:
        assert client.get(url).status_code == 200
    add_plants_with_cards(people, 8)
    with django_assert_max_num_queries(len(two)):
        response = client.get(url)
    assert "Help wanted 9" in response.content.decode() or "A truck 9" in response.content.decode()
