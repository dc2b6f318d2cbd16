"""The pages of contracts, their items and conferences: the shared contract for each,
what the contract page shows (items by obliged plant, fulfilment), who sees a contract,
and the conference's evaluation sheet."""

import datetime

import pytest
from django.urls import reverse

from gexin.core.testing import ViewContract
from gexin.exchange.choices import ItemStatus, Verdict
from gexin.exchange.models import Contract, ContractItem, ItemEvaluation
from gexin.exchange.tests.factories_contracts import (
    examples,
    make_item,
    manager_b,
    technician_a,
)
from gexin.exchange.tests.factories_experiences import make_experience

pytestmark = pytest.mark.django_db


class TestContractPages(ViewContract):
    app = "exchange"
    model_name = "contract"
    # worker_a is a member of plant A's turning group: the contract of plant A is theirs.
    viewer = "worker_a"
    editor = "manager_a"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["contract"], "out_of_scope": found["b_contract"]}

    def valid_edit(self, world, obj):
        return {
            "number": "1958-3",
            "title": "Contract of plants A and C, renewed",
            "unit_ref": "plant-a",
            "party_units": "plant-a, plant-c",
            "signed_on": "1958-08-20",
            "starts_on": "1958-09-01",
            "ends_on": "1959-08-31",
            "status": "in_force",
            "description": "",
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["party_units"] = "plant-a"
        return data, "party_units"

    def export_key(self, obj):
        return obj.title


class TestContractItemPages(ViewContract):
    app = "exchange"
    model_name = "contractitem"
    viewer = "worker_a"
    editor = "manager_a"
    has_export = False

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["item"], "out_of_scope": found["b_item"]}

    def url(self, action, obj=None):
        if action == "list":
            return reverse("exchange:contract_list")
        return super().url(action, obj)

    def valid_edit(self, world, obj):
        return {
            "kind": "teach",
            "description": "Teach the fast roll change to both rolling crews.",
            "obliged_ref": "plant-a-machine",
            "beneficiary_ref": "plant-c",
            "due_on": "1958-12-15",
            "experience": "",
            "status": "in_progress",
            "done_on": "",
            "note": "",
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["beneficiary_ref"] = "plant-a-turning"
        return data, "beneficiary_ref"

    def test_list_shows_only_what_is_in_scope(self, world, client_for):
        """Items have no list of their own: the contract's page lists them."""
        found = examples(world)
        page = client_for(self.viewer).get(found["contract"].get_absolute_url())
        assert f'data-item="{found["item"].pk}"' in page.content.decode()
        assert (
            client_for(self.viewer).get(found["b_contract"].get_absolute_url()).status_code == 404
        )


class TestConferencePages(ViewContract):
    app = "exchange"
    model_name = "conference"
    viewer = "worker_a"
    editor = "manager_a"
    has_export = False

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["conference"], "out_of_scope": found["b_conference"]}

    def valid_edit(self, world, obj):
        return {
            "number": "5",
            "title": "Fifth inter-plant technical assistance conference",
            "unit_ref": "plant-a",
            "held_on": "1958-08-25",
            "place": "Plant A",
            "participant_units": "plant-a, plant-c",
            "contract": obj.contract_id,
            "decisions": "Same-type workshops compete across the plants.",
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["participant_units"] = "plant-a, no-such-plant"
        return data, "participant_units"


# Who sees a contract


def test_a_workshop_of_a_party_plant_sees_the_contract_and_a_third_plant_does_not(
    world, client_for
):
    found = examples(world)
    url = found["contract"].get_absolute_url()
    technician_a(world)
    assert client_for("tech_a").get(url).status_code == 200  # plant A's machine shop
    assert client_for("manager_c").get(url).status_code == 200  # the other party
    assert client_for("worker_b").get(url).status_code == 404  # plant B is no party
    listed = client_for("worker_b").get(reverse("exchange:contract_list"), {"per_page": 500})
    assert found["contract"] not in listed.context["page"].object_list
    assert found["b_contract"] in listed.context["page"].object_list


def test_the_contract_page_groups_items_by_obliged_plant_with_their_fulfilment(world, client_for):
    found = examples(world)
    contract = found["contract"]
    ContractItem.objects.filter(pk=found["item"].pk).update(
        status=ItemStatus.DONE, done_on=datetime.date(1958, 10, 1)
    )
    page = client_for("worker_a").get(contract.get_absolute_url())
    html = page.content.decode()
    assert 'data-obliged-plant="plant-a"' in html
    assert 'data-obliged-plant="plant-c"' in html
    assert html.index('data-obliged-plant="plant-a"') < html.index(
        f'data-item="{found["item"].pk}"'
    )
    assert "1 of 2 items done" in html
    # The item owed by plant C was due on 1 November 1958 and is not done: overdue.
    assert "data-overdue" in html
    # The fifth conference judged plant C's item "partly": 50 %.
    assert f'data-conference="{found["conference"].pk}"' in html
    assert "50.0 %" in html


def test_a_contract_needs_two_plants_kept_by_one_of_them(world, client_for):
    examples(world)
    data = TestContractPages().valid_edit(world, None)
    data.update({"title": "Contract of plants A and B", "party_units": "plant-a, plant-a-machine"})
    response = client_for("manager_a").post(reverse("exchange:contract_add"), data)
    assert response.status_code == 400
    assert "No plant with the code(s) plant-a-machine" in str(response.context["form"].errors)
    data["party_units"] = "plant-b, plant-c"
    response = client_for("manager_a").post(reverse("exchange:contract_add"), data)
    assert response.status_code == 400
    assert "kept by one of its parties" in str(response.context["form"].errors["unit_ref"])
    data["party_units"] = "plant-a, plant-b"
    response = client_for("manager_a").post(reverse("exchange:contract_add"), data)
    assert response.status_code == 302
    contract = Contract.objects.get(title="Contract of plants A and B")
    assert {party.code for party in contract.parties.all()} == {"plant-a", "plant-b"}


# Items from the contract page


def test_management_adds_an_item_from_the_contract_page(world, client_for):
    found = examples(world)
    contract = found["contract"]
    client = client_for("manager_a")
    form = client.get(reverse("exchange:contractitem_add"), {"contract": contract.pk})
    assert form.status_code == 200
    assert form.context["form"]["contract"].value() == contract.pk
    data = TestContractItemPages().valid_edit(world, None)
    data.update({"contract": contract.pk, "status": "planned", "description": "Drawings"})
    response = client.post(reverse("exchange:contractitem_add") + f"?contract={contract.pk}", data)
    assert response.status_code == 302, response.context["form"].errors
    assert contract.items.filter(description="Drawings").exists()
    # Plant A's manager keeps the contract, so may add what plant C's workshop owes too.
    data.update(
        {"obliged_ref": "plant-c-rolling", "beneficiary_ref": "plant-a", "description": "C"}
    )
    response = client.post(reverse("exchange:contractitem_add") + f"?contract={contract.pk}", data)
    assert response.status_code == 302, response.context["form"].errors


def test_a_party_that_does_not_keep_the_contract_adds_only_its_own_items(world, client_for):
    found = examples(world)
    contract = found["contract"]
    data = TestContractItemPages().valid_edit(world, None)
    data.update({"contract": contract.pk, "status": "planned"})
    url = reverse("exchange:contractitem_add") + f"?contract={contract.pk}"
    response = client_for("manager_c").post(url, data)  # owed by plant A: not C's to add
    assert response.status_code == 400
    assert response.context["form"].errors["obliged_ref"]
    data.update({"obliged_ref": "plant-c-rolling", "beneficiary_ref": "plant-a-machine"})
    assert client_for("manager_c").post(url, data).status_code == 302
    # Plant B is no party: the contract does not exist for its manager.
    manager_b(world)
    assert client_for("manager_b").get(url).status_code == 404


def test_the_owning_workshop_moves_an_item_but_does_not_change_its_terms(world, client_for):
    found = examples(world)
    item = found["item"]
    technician_a(world)
    client = client_for("tech_a")
    form = client.get(reverse("exchange:contractitem_edit", args=[item.pk]))
    assert form.status_code == 200
    assert form.context["form"].fields["description"].disabled
    data = TestContractItemPages().valid_edit(world, item)
    data.update({"description": "Something else entirely", "status": "in_progress"})
    data["version"] = form.context["meta_form"]["version"].value()
    response = client.post(reverse("exchange:contractitem_edit", args=[item.pk]), data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_PROGRESS
    assert item.description == "Teach the fast roll change to the rolling crews."
    # The technician may not delete it: that is management's.
    assert client.post(reverse("exchange:contractitem_delete", args=[item.pk])).status_code == 403


def test_the_item_page_lists_the_conferences_verdicts(world, client_for):
    found = examples(world)
    page = client_for("worker_a").get(found["owed_by_c"].get_absolute_url())
    assert page.status_code == 200
    assert "partly fulfilled" in page.content.decode()


def test_deleting_an_item_returns_to_its_contract(world, client_for):
    found = examples(world)
    item = make_item(found["contract"], world.units["plant-a-machine"], world.units["plant-c"])
    response = client_for("manager_a").post(reverse("exchange:contractitem_delete", args=[item.pk]))
    assert response.status_code == 302
    assert response["Location"] == found["contract"].get_absolute_url()
    assert not ContractItem.objects.filter(pk=item.pk).exists()


# Conferences


def test_a_conference_lists_the_experiences_exchanged(world, client_for):
    found = examples(world)
    conference = found["conference"]
    experiences = [
        make_experience(world.units["plant-a-machine"], title=f"Experience {n}") for n in range(3)
    ]
    client = client_for("manager_a")
    form = client.get(reverse("exchange:conference_edit", args=[conference.pk]))
    data = TestConferencePages().valid_edit(world, conference)
    data["experiences"] = [e.pk for e in experiences]
    data["version"] = form.context["meta_form"]["version"].value()
    response = client.post(reverse("exchange:conference_edit", args=[conference.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    page = client_for("worker_a").get(conference.get_absolute_url())
    html = page.content.decode()
    assert '<span class="badge" data-experience-count>3</span>' in html
    for experience in experiences:
        assert experience.title in html
    listed = client_for("worker_a").get(reverse("exchange:conference_list"))
    assert listed.context["page"].object_list[0].experience_count == 3


def sheet_data(conference, verdicts):
    """POST data of the evaluation sheet: {item: (verdict, note)}; other items empty."""
    data = {}
    for item in conference.contract.items.all():
        verdict, note = verdicts.get(item.pk, ("", ""))
        data[f"item-{item.pk}-verdict"] = verdict
        data[f"item-{item.pk}-note"] = note
    return data


def test_the_evaluation_sheet_saves_every_verdict_and_shows_the_fulfilment_per_plant(
    world, client_for
):
    found = examples(world)
    conference, item, owed_by_c = found["conference"], found["item"], found["owed_by_c"]
    url = reverse("exchange:conference_evaluate", args=[conference.pk])
    client = client_for("manager_a")
    sheet = client.get(url)
    assert sheet.status_code == 200
    assert len(sheet.context["rows"]) == 2
    response = client.post(
        url,
        sheet_data(
            conference,
            {
                item.pk: (Verdict.FULFILLED, "Both crews change rolls in 40 minutes."),
                owed_by_c.pk: (Verdict.NOT_FULFILLED, "The fitters did not come."),
            },
        ),
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#fulfilment")
    verdicts = dict(conference.evaluations.values_list("item_id", "verdict"))
    assert verdicts == {item.pk: Verdict.FULFILLED, owed_by_c.pk: Verdict.NOT_FULFILLED}
    page = client.get(conference.get_absolute_url()).content.decode()
    # Plant A fulfilled its item (100 %), plant C did not (0 %): together 50 %.
    a_row = page[page.index('data-plant="plant-a"') :]
    assert "100.0 %" in a_row[: a_row.index("</tr>")]
    c_row = page[page.index('data-plant="plant-c"') :]
    assert "0.0 %" in c_row[: c_row.index("</tr>")]
    total = page[page.index("data-total") :]
    assert "50.0 %" in total[: total.index("</tr>")]


def test_the_sheet_is_saved_in_one_transaction(world, client_for, monkeypatch):
    found = examples(world)
    conference, item, owed_by_c = found["conference"], found["item"], found["owed_by_c"]
    url = reverse("exchange:conference_evaluate", args=[conference.pk])
    data = sheet_data(
        conference, {item.pk: (Verdict.FULFILLED, ""), owed_by_c.pk: (Verdict.POSTPONED, "")}
    )
    original = ItemEvaluation.save

    def fail_on_plant_c(self, *args, **kwargs):
        if self.item_id == owed_by_c.pk:
            raise RuntimeError("the disk is full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ItemEvaluation, "save", fail_on_plant_c)
    with pytest.raises(RuntimeError):
        client_for("manager_a").post(url, data)
    # Plant A's verdict was saved first; the failure on plant C's undid it too.
    assert not conference.evaluations.filter(item=item).exists()
    assert conference.evaluations.get(item=owed_by_c).verdict == Verdict.PARTLY


def test_an_empty_verdict_removes_the_item_s_verdict(world, client_for):
    found = examples(world)
    conference = found["conference"]
    url = reverse("exchange:conference_evaluate", args=[conference.pk])
    data = sheet_data(conference, {found["item"].pk: (Verdict.FULFILLED, "")})
    assert client_for("manager_a").post(url, data).status_code == 302
    assert dict(conference.evaluations.values_list("item_id", "verdict")) == {
        found["item"].pk: Verdict.FULFILLED
    }


def test_only_the_host_s_management_evaluates(world, client_for):
    found = examples(world)
    url = reverse("exchange:conference_evaluate", args=[found["conference"].pk])
    assert client_for("worker_a").get(url).status_code == 403
    assert client_for("manager_c").get(url).status_code == 403  # a participant, not the host
    assert client_for("worker_b").get(url).status_code == 404
    assert client_for("manager_a").get(url).status_code == 200


def test_a_bad_verdict_keeps_the_sheet_with_its_error(world, client_for):
    found = examples(world)
    conference = found["conference"]
    url = reverse("exchange:conference_evaluate", args=[conference.pk])
    data = sheet_data(conference, {found["item"].pk: ("splendid", "")})
    response = client_for("manager_a").post(url, data)
    assert response.status_code == 400
    assert conference.evaluations.count() == 1
