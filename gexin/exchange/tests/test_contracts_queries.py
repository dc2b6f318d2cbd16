"""Lists of contracts and conferences cost the same number of queries whatever their
length: the fulfilment (several queries a contract) is given on one contract's or one
conference's page, not in lists, and whether the caller sees a conference's contract
is read in the list's own query."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gexin.exchange.choices import Verdict
from gexin.exchange.models import ItemEvaluation
from gexin.exchange.tests.factories_contracts import (
    examples,
    make_conference,
    make_contract,
    make_item,
)

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "assistance-contracts": "contract",
    "assistance-conferences": "conference",
}


def add_contracts(world, count):
    """`count` more contracts of plants A and C, each with two items, a conference and
    its verdicts."""
    a, c = world.units["plant-a"], world.units["plant-c"]
    for number in range(count):
        contract = make_contract(a, [a, c], title=f"Contract {number}", number=f"X-{number}")
        items = [
            make_item(contract, world.units["plant-a-machine"], c),
            make_item(contract, world.units["plant-c-rolling"], a),
        ]
        conference = make_conference(
            a, [a, c], contract, title=f"Conference {number}", held_on=datetime.date(1959, 1, 1)
        )
        for item in items:
            ItemEvaluation.objects.create(
                conference=conference, item=item, verdict=Verdict.FULFILLED
            )


def queries_for(api, url):
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url)
    assert response.status_code == 200, url
    return len(captured), response.json()


@pytest.mark.parametrize("username", ["worker_a", "manager_c", "admin"])
@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_ten_rows_cost_no_more_queries_than_two(
    world, api_for, settings, django_assert_max_num_queries, username, endpoint
):
    settings.GEXIN_FRAGMENT_CACHE = False
    examples(world)
    url = f"/api/v1/{endpoint}/"
    api = api_for(username)
    add_contracts(world, 1)
    before, body = queries_for(api, url)
    assert len(body["results"]) >= 2
    add_contracts(world, 8)
    with django_assert_max_num_queries(before):
        response = api.get(url)
    rows = response.json()["results"]
    assert len(rows) >= 10
    assert all("fulfilment" not in row for row in rows)


def test_one_contract_and_one_conference_still_carry_their_fulfilment(world, api_for):
    found = examples(world)
    api = api_for("worker_a")
    data = api.get(f"/api/v1/assistance-contracts/{found['contract'].pk}/").json()
    assert data["fulfilment"]["total"] == 2
    data = api.get(f"/api/v1/assistance-conferences/{found['conference'].pk}/").json()
    assert data["fulfilment"]["partly"] == 1
