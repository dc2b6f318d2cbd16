"""The days of contracts, items and conferences: between 1900 and 2199, a contract not
signed after it ends nor ending before it starts; the API holds them as the forms do."""

import pytest
from django.urls import reverse

from gexin.exchange.tests import test_contracts_api as api_tests
from gexin.exchange.tests import test_contracts_pages as page_tests
from gexin.exchange.tests.factories_contracts import examples
from gexin.exchange.tests.test_contracts_visibility import conference_data

pytestmark = pytest.mark.django_db

YEAR_ERROR = "Give a date between 1900 and 2199."


@pytest.mark.parametrize(
    ("field", "day"),
    [("signed_on", "3958-08-20"), ("starts_on", "0958-09-01"), ("ends_on", "2200-01-01")],
)
def test_a_contract_s_day_out_of_range_is_refused(world, client_for, api_for, field, day):
    data = page_tests.TestContractPages().valid_edit(world, None)
    data[field] = day
    response = client_for("manager_a").post(reverse("exchange:contract_add"), data)
    assert response.status_code == 400
    assert YEAR_ERROR in response.context["form"].errors[field]
    data = api_tests.TestContractAPI().valid_create(world)
    data[field] = day
    response = api_for("manager_a").post("/api/v1/assistance-contracts/", data, format="json")
    assert response.status_code == 400
    assert response.json()[field] == [YEAR_ERROR]


def test_a_contract_is_not_signed_after_it_ends_nor_ends_before_it_starts(
    world, client_for, api_for
):
    data = page_tests.TestContractPages().valid_edit(world, None)
    data["signed_on"] = "1959-09-01"
    response = client_for("manager_a").post(reverse("exchange:contract_add"), data)
    assert response.status_code == 400
    assert "signed after the day it ends" in str(response.context["form"].errors["signed_on"])
    api = api_for("manager_a")
    data = api_tests.TestContractAPI().valid_create(world)
    data["signed_on"] = "1959-07-01"
    response = api.post("/api/v1/assistance-contracts/", data, format="json")
    assert response.status_code == 400
    assert "signed after the day it ends" in response.json()["signed_on"][0]
    # A patch is held to the stored days too.
    contract = examples(world)["contract"]
    url = f"/api/v1/assistance-contracts/{contract.pk}/"
    response = api.patch(url, {"signed_on": "1960-01-01"}, format="json")
    assert response.status_code == 400
    assert "signed_on" in response.json()
    response = api.patch(url, {"ends_on": "1958-08-31"}, format="json")
    assert response.status_code == 400
    assert "ends_on" in response.json()
    # Signed a few days after it took effect: allowed, as contracts were.
    response = api.patch(url, {"signed_on": "1958-09-10"}, format="json")
    assert response.status_code == 200, response.json()


def test_a_conference_s_day_out_of_range_is_refused(world, client_for, api_for):
    contract = examples(world)["contract"]
    data = conference_data(contract, held_on="2959-03-01")
    response = client_for("manager_a").post(reverse("exchange:conference_add"), data)
    assert response.status_code == 400
    assert YEAR_ERROR in response.context["form"].errors["held_on"]
    data = {
        "title": "Sixth conference",
        "unit": "plant-a",
        "held_on": "2959-03-01",
        "participants": ["plant-a", "plant-c"],
        "contract": contract.pk,
    }
    response = api_for("manager_a").post("/api/v1/assistance-conferences/", data, format="json")
    assert response.status_code == 400
    assert response.json()["held_on"] == [YEAR_ERROR]


def test_an_item_s_day_out_of_range_is_refused_by_the_api(world, api_for):
    data = api_tests.TestContractItemAPI().valid_create(world)
    data["due_on"] = "2959-01-15"
    response = api_for("manager_a").post("/api/v1/contract-items/", data, format="json")
    assert response.status_code == 400
    assert response.json()["due_on"] == [YEAR_ERROR]
