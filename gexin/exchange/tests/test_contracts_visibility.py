"""Who sees a conference's contract, its verdicts and its fulfilment: the people of the
contract's parties, not every plant that took part in the conference; and who may take
part in (or host) a conference that judges a contract."""

import pytest
from django.urls import reverse

from gexin.exchange.models import Conference, ItemEvaluation
from gexin.exchange.tests.factories_contracts import examples, make_conference, manager_b

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_plant_b(world):
    """Plant A's conference, as stored before the rule on participants: plant B (no
    party of plant A's contract with plant C) took part in it."""
    found = examples(world)
    found["conference"].participants.add(world.units["plant-b"])
    return found


def test_a_participant_that_is_no_party_sees_the_conference_but_not_the_contract(
    world, client_for, with_plant_b
):
    conference, contract = with_plant_b["conference"], with_plant_b["contract"]
    page = client_for("worker_b").get(conference.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert conference.title in html
    assert contract.title not in html
    assert 'id="fulfilment"' not in html
    assert "data-evaluation" not in html
    assert with_plant_b["owed_by_c"].get_kind_display() not in html
    # The conference list does not name the contract either.
    listed = client_for("worker_b").get(reverse("exchange:conference_list"))
    assert conference in listed.context["page"].object_list
    assert contract.title not in listed.content.decode()
    # A party sees it all.
    html = client_for("worker_a").get(conference.get_absolute_url()).content.decode()
    assert contract.title in html
    assert f'data-evaluation="{with_plant_b["owed_by_c"].pk}"' in html
    listed = client_for("worker_a").get(reverse("exchange:conference_list"))
    assert contract.title in listed.content.decode()


def test_the_api_gives_a_non_party_no_verdicts_and_no_fulfilment(world, api_for, with_plant_b):
    conference = with_plant_b["conference"]
    url = f"/api/v1/assistance-conferences/{conference.pk}/"
    data = api_for("worker_b").get(url).json()
    assert data["title"] == conference.title
    assert data["evaluations"] == []
    assert data["fulfilment"] is None
    assert data["sheet_version"] is None
    listed = api_for("worker_b").get("/api/v1/assistance-conferences/").json()["results"]
    row = next(row for row in listed if row["id"] == conference.pk)
    assert row["evaluations"] == []
    # A party sees them.
    data = api_for("worker_a").get(url).json()
    assert [e["item"] for e in data["evaluations"]] == [with_plant_b["owed_by_c"].pk]
    assert data["fulfilment"]["partly"] == 1


def test_verdicts_are_seen_by_the_contract_s_parties_not_by_the_participants(
    world, api_for, with_plant_b
):
    evaluation = with_plant_b["evaluation"]
    assert not ItemEvaluation.objects.restrict(world.user("worker_b")).filter(pk=evaluation.pk)
    listed = api_for("worker_b").get("/api/v1/item-evaluations/").json()["results"]
    assert evaluation.pk not in {row["id"] for row in listed}
    assert api_for("worker_b").get(f"/api/v1/item-evaluations/{evaluation.pk}/").status_code == 404
    # Plant C is a party: it sees the verdict of a conference it did not attend.
    alone = make_conference(
        world.units["plant-a"], [world.units["plant-a"]], with_plant_b["contract"], title="A's own"
    )
    verdict = ItemEvaluation.objects.create(
        conference=alone, item=with_plant_b["item"], verdict="fulfilled"
    )
    assert ItemEvaluation.objects.restrict(world.user("manager_c")).filter(pk=verdict.pk).exists()
    response = api_for("manager_c").get(f"/api/v1/item-evaluations/{verdict.pk}/")
    assert response.status_code == 200


def test_the_item_page_names_a_conference_its_reader_cannot_open_without_a_link(
    world, client_for, with_plant_b
):
    alone = make_conference(
        world.units["plant-a"], [world.units["plant-a"]], with_plant_b["contract"], title="A's own"
    )
    ItemEvaluation.objects.create(conference=alone, item=with_plant_b["item"], verdict="fulfilled")
    html = client_for("manager_c").get(with_plant_b["item"].get_absolute_url()).content.decode()
    assert "A&#x27;s own" in html or "A's own" in html
    assert alone.get_absolute_url() not in html
    html = client_for("worker_a").get(with_plant_b["item"].get_absolute_url()).content.decode()
    assert alone.get_absolute_url() in html


def test_the_evaluation_sheet_is_refused_to_a_host_that_does_not_see_the_contract(
    world, client_for, with_plant_b
):
    manager_b(world)
    conference = with_plant_b["conference"]
    Conference.objects.filter(pk=conference.pk).update(unit=world.units["plant-b"])
    url = reverse("exchange:conference_evaluate", args=[conference.pk])
    assert client_for("manager_b").get(url).status_code == 403
    page = client_for("manager_b").get(conference.get_absolute_url()).content.decode()
    assert url not in page


# Who takes part in a conference that judges a contract


def conference_data(contract, **changes):
    data = {
        "number": "6",
        "title": "Sixth conference",
        "unit_ref": "plant-a",
        "held_on": "1959-03-01",
        "place": "Plant A",
        "participant_units": "plant-a, plant-c",
        "contract": contract.pk,
        "decisions": "",
    }
    data.update(changes)
    return data


def test_the_participants_of_a_conference_on_a_contract_are_its_parties(world, client_for):
    contract = examples(world)["contract"]
    url = reverse("exchange:conference_add")
    response = client_for("admin").post(
        url, conference_data(contract, participant_units="plant-a, plant-b")
    )
    assert response.status_code == 400
    [error] = response.context["form"].errors["participant_units"]
    assert error.endswith("not Plant B.")
    response = client_for("admin").post(url, conference_data(contract, unit_ref="plant-b"))
    assert response.status_code == 400
    [error] = response.context["form"].errors["unit_ref"]
    assert "hosted by one of the contract's parties" in error
    # A unit above the parties may host; the parties take part.
    response = client_for("admin").post(url, conference_data(contract, unit_ref="hubei"))
    assert response.status_code == 302, response.context["form"].errors
    # Without a contract, any plants meet.
    data = conference_data(contract, title="Open meeting", participant_units="plant-a, plant-b")
    data["contract"] = ""
    response = client_for("admin").post(url, data)
    assert response.status_code == 302, response.context["form"].errors


def test_the_api_holds_the_participants_to_the_contract_s_parties(world, api_for):
    found = examples(world)
    data = {
        "title": "Sixth conference",
        "unit": "plant-a",
        "held_on": "1959-03-01",
        "participants": ["plant-a", "plant-b"],
        "contract": found["contract"].pk,
    }
    response = api_for("admin").post("/api/v1/assistance-conferences/", data, format="json")
    assert response.status_code == 400
    assert "participants" in response.json()
    url = f"/api/v1/assistance-conferences/{found['conference'].pk}/"
    response = api_for("admin").patch(url, {"unit": "plant-b"}, format="json")
    assert response.status_code == 400
    assert "unit" in response.json()
    response = api_for("admin").patch(url, {"unit": "hubei"}, format="json")
    assert response.status_code == 200, response.json()
