"""The management keeping a contract corrects the terms of every item of it, also those
another plant's workshop owes; how an item goes (status, done date, note) stays with
the owning workshop, or with whoever holds that right above it too."""

import datetime

import pytest
from django.urls import reverse

from gexin.exchange import contracts
from gexin.exchange.choices import ItemStatus
from gexin.exchange.tests.factories_contracts import examples

pytestmark = pytest.mark.django_db


def item_data(item, **changes):
    data = {
        "kind": item.kind,
        "description": item.description,
        "obliged_ref": item.obliged_unit.code,
        "beneficiary_ref": item.beneficiary.code,
        "due_on": item.due_on.isoformat(),
        "experience": "",
        "status": item.status,
        "done_on": item.done_on.isoformat() if item.done_on else "",
        "note": item.note,
    }
    data.update(changes)
    return data


def test_the_keeper_corrects_the_terms_of_an_item_another_plant_owes(world, client_for):
    found = examples(world)
    item = found["owed_by_c"]  # owed by plant C's rolling workshop; plant A keeps the contract
    client = client_for("manager_a")
    url = reverse("exchange:contractitem_edit", args=[item.pk])
    form_page = client.get(url)
    assert form_page.status_code == 200
    form = form_page.context["form"]
    assert not form.fields["description"].disabled
    assert not form.fields["due_on"].disabled
    for name in ("status", "done_on", "note"):
        assert form.fields[name].disabled, name
    data = item_data(
        item,
        description="Send three roll fitters for a week.",
        due_on="1958-11-15",
        status="cancelled",
        note="Not needed",
    )
    data["version"] = form_page.context["meta_form"]["version"].value()
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    item.refresh_from_db()
    assert item.description == "Send three roll fitters for a week."
    assert item.due_on == datetime.date(1958, 11, 15)
    # The status and note are plant C's workshop's to record: unchanged.
    assert (item.status, item.note) == (ItemStatus.PLANNED, "")
    # The item's page offers the keeper the edit.
    page = client.get(item.get_absolute_url()).content.decode()
    assert url in page


def test_the_keeper_above_the_owning_workshop_changes_both(world, client_for):
    found = examples(world)
    item = found["item"]  # owed by plant A's machine shop, below plant A's manager
    form = client_for("manager_a").get(reverse("exchange:contractitem_edit", args=[item.pk]))
    assert not form.context["form"].fields["status"].disabled
    assert not form.context["form"].fields["description"].disabled


def test_the_owning_plant_still_moves_its_item_and_a_third_plant_cannot(world, client_for):
    found = examples(world)
    item = found["owed_by_c"]
    url = reverse("exchange:contractitem_edit", args=[item.pk])
    form = client_for("manager_c").get(url)
    assert form.status_code == 200
    assert not form.context["form"].fields["status"].disabled
    assert client_for("worker_a").get(url).status_code == 403
    assert client_for("worker_b").get(url).status_code == 404


def test_the_keeper_corrects_terms_through_the_api_but_does_not_move_the_item(world, api_for):
    found = examples(world)
    url = f"/api/v1/contract-items/{found['owed_by_c'].pk}/"
    api = api_for("manager_a")
    response = api.patch(url, {"due_on": "1958-11-20"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["due_on"] == "1958-11-20"
    refused = api.patch(url, {"status": "in_progress"}, format="json")
    assert refused.status_code == 403
    assert "recorded by the workshop that owns it" in refused.json()["detail"]
    # Plant C's manager, above the owning workshop, moves it.
    moved = api_for("manager_c").patch(url, {"status": "in_progress"}, format="json")
    assert moved.status_code == 200, moved.json()
    # Among the items one may change: the keeper's, not a party's worker's.
    changeable = contracts.items_for(world.user("manager_a"), "change")
    assert changeable.filter(pk=found["owed_by_c"].pk).exists()
    assert not contracts.items_for(world.user("worker_a"), "change").exists()
