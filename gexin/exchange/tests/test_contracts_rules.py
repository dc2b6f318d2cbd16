"""The rules of contract items (who owns them, for whom, when they are done), the moves
of their status, and the contract's fulfilment summed up from the conferences' verdicts."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gexin.core.models import Notification
from gexin.exchange import contracts
from gexin.exchange.choices import ItemKind, ItemStatus, Verdict
from gexin.exchange.models import ContractItem, ItemEvaluation
from gexin.exchange.tests.factories_contracts import (
    examples,
    make_conference,
    make_contract,
    make_item,
    technician_a,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(1958, 12, 10)


def errors_of(item, previous=None, today=TODAY):
    try:
        contracts.check_item(item, item.contract.parties.all(), previous, today=today)
    except ValidationError as error:
        return error.message_dict
    return {}


def unsaved(world, **fields):
    found = examples(world)
    values = {
        "contract": found["contract"],
        "kind": ItemKind.TEACH,
        "description": "Teach the roll change",
        "obliged_unit": world.units["plant-a-machine"],
        "beneficiary": world.units["plant-c"],
        "due_on": datetime.date(1958, 12, 1),
    }
    values.update(fields)
    return ContractItem(**values)


# Item validation


def test_a_well_formed_item_passes(world):
    assert errors_of(unsaved(world)) == {}


def test_the_owning_unit_lies_inside_a_party_but_is_not_the_plant_itself(world):
    assert "obliged_unit" in errors_of(unsaved(world, obliged_unit=world.units["plant-b-rolling"]))
    assert "obliged_unit" in errors_of(unsaved(world, obliged_unit=world.units["plant-a"]))
    assert errors_of(unsaved(world, obliged_unit=world.units["plant-a-turning"])) == {}


def test_the_beneficiary_is_another_party_never_the_owning_plant(world):
    assert "beneficiary" in errors_of(unsaved(world, beneficiary=world.units["plant-a-turning"]))
    assert "beneficiary" in errors_of(unsaved(world, beneficiary=world.units["plant-b"]))
    assert errors_of(unsaved(world, beneficiary=world.units["plant-c-rolling"])) == {}


def test_a_done_item_has_a_done_date_not_in_the_future(world):
    done = unsaved(world, status=ItemStatus.DONE)
    assert errors_of(done)["done_on"] == ["Give the day the item was done."]
    done.done_on = TODAY + datetime.timedelta(days=1)
    assert errors_of(done)["done_on"] == ["The item cannot be done on a day still to come."]
    done.done_on = TODAY
    assert errors_of(done) == {}
    planned = unsaved(world, done_on=TODAY)
    assert errors_of(planned)["done_on"] == ["Only a done item has a done date."]


def test_a_cancelled_item_says_why(world):
    cancelled = unsaved(world, status=ItemStatus.CANCELLED)
    assert "note" in errors_of(cancelled, ItemStatus.PLANNED)
    cancelled.note = "Plant C built its own lifting table."
    assert errors_of(cancelled, ItemStatus.PLANNED) == {}


def test_status_moves_forward_a_done_item_may_reopen_a_cancelled_one_stays(world):
    item = unsaved(world, status=ItemStatus.IN_PROGRESS)
    assert errors_of(item, ItemStatus.PLANNED) == {}
    item.status = ItemStatus.PLANNED
    assert "status" in errors_of(item, ItemStatus.IN_PROGRESS)
    item.status = ItemStatus.IN_PROGRESS
    assert errors_of(item, ItemStatus.DONE) == {}
    assert "status" in errors_of(item, ItemStatus.CANCELLED)


def test_the_form_reports_a_future_done_date_on_its_field(world, client_for):
    found = examples(world)
    item = found["item"]
    technician_a(world)
    data = {
        "kind": "teach",
        "description": item.description,
        "obliged_ref": "plant-a-machine",
        "beneficiary_ref": "plant-c",
        "due_on": "1958-12-01",
        "status": "done",
        "done_on": (datetime.date.today() + datetime.timedelta(days=3)).isoformat(),
        "note": "",
    }
    response = client_for("tech_a").post(
        reverse("exchange:contractitem_edit", args=[item.pk]), data
    )
    assert response.status_code == 400
    assert response.context["form"].errors["done_on"]
    item.refresh_from_db()
    assert item.status == ItemStatus.PLANNED


# Status moves by the owning workshop only


def test_only_the_owning_workshop_moves_an_item(world, client_for):
    found = examples(world)
    item, owed_by_c = found["item"], found["owed_by_c"]
    technician_a(world)
    edit = reverse("exchange:contractitem_edit", args=[item.pk])
    assert client_for("tech_a").get(edit).status_code == 200
    assert client_for("leader_a").get(edit).status_code == 403  # a group below the workshop
    assert client_for("manager_c").get(edit).status_code == 403  # the beneficiary's manager
    assert client_for("worker_b").get(edit).status_code == 404
    # Plant C's manager moves plant C's own item; plant A's technician may not.
    other = reverse("exchange:contractitem_edit", args=[owed_by_c.pk])
    assert client_for("manager_c").get(other).status_code == 200
    assert client_for("tech_a").get(other).status_code == 403


def test_the_beneficiary_is_told_when_an_item_is_done(world, client_for):
    found = examples(world)
    item = found["item"]
    technician_a(world)
    form = client_for("tech_a").get(reverse("exchange:contractitem_edit", args=[item.pk]))
    data = {
        "kind": "teach",
        "description": item.description,
        "obliged_ref": "plant-a-machine",
        "beneficiary_ref": "plant-c",
        "due_on": "1958-12-01",
        "status": "done",
        "done_on": datetime.date.today().isoformat(),
        "note": "Both crews trained.",
        "version": form.context["meta_form"]["version"].value(),
    }
    response = client_for("tech_a").post(
        reverse("exchange:contractitem_edit", args=[item.pk]), data
    )
    assert response.status_code == 302
    told = Notification.objects.filter(recipient=world.users["manager_c"])
    assert told.count() == 1
    assert "Contract item done for Plant C" in told.get().subject
    assert told.get().url == item.get_absolute_url()
    # Saving it again, still done, tells nobody twice.
    item.refresh_from_db()
    contracts.save_item(item, user=world.users["tech_a"], previous_status=ItemStatus.DONE)
    assert told.count() == 1


# Fulfilment


def test_fulfilment_counts_items_done_of_those_owed(world):
    found = examples(world)
    contract = found["contract"]
    a_machine, c = world.units["plant-a-machine"], world.units["plant-c"]
    make_item(contract, a_machine, c, status=ItemStatus.DONE, done_on=datetime.date(1958, 9, 9))
    make_item(contract, a_machine, c, status=ItemStatus.CANCELLED, note="not needed")
    result = contracts.fulfilment(contract, today=TODAY)
    assert (result.total, result.done, result.cancelled) == (3, 1, 1)
    assert result.done_share == Decimal("33.3")
    # Both open items were due before 10 December 1958.
    assert result.overdue == 2


def test_the_score_leaves_postponed_items_out_and_counts_partly_as_half(world):
    examples(world)
    a, c = world.units["plant-a"], world.units["plant-c"]
    a_machine, c_rolling = world.units["plant-a-machine"], world.units["plant-c-rolling"]
    contract = make_contract(a, [a, c], title="Scored contract")
    owed_by_a = [make_item(contract, a_machine, c) for _n in range(4)]
    owed_by_c = [make_item(contract, c_rolling, a) for _n in range(2)]
    unjudged = make_item(contract, a_machine, c)
    conference = make_conference(a, [a, c], contract, title="Sixth conference")
    verdicts = [
        (owed_by_a[0], Verdict.FULFILLED),
        (owed_by_a[1], Verdict.FULFILLED),
        (owed_by_a[2], Verdict.PARTLY),
        (owed_by_a[3], Verdict.POSTPONED),
        (owed_by_c[0], Verdict.NOT_FULFILLED),
        (owed_by_c[1], Verdict.PARTLY),
    ]
    contracts.evaluate(conference, [(item, verdict, "") for item, verdict in verdicts])
    result = contracts.fulfilment(contract).conferences
    assert [r.conference for r in result] == [conference]
    total = result[0].total
    assert (total.fulfilled, total.partly, total.not_fulfilled, total.postponed) == (2, 2, 1, 1)
    assert total.unevaluated == 1  # `unjudged`
    # (2 × 1 + 2 × ½ + 0) over the 5 judged and not postponed: 60 %.
    assert total.score == Decimal("60.0")
    by_plant = {tally.plant.code: tally for tally in result[0].plants}
    assert by_plant["plant-a"].score == Decimal("83.3")  # 2.5 of 3
    assert by_plant["plant-c"].score == Decimal("25.0")  # 0.5 of 2
    assert unjudged.pk not in {e.item_id for e in conference.evaluations.all()}


def test_each_conference_is_summed_up_on_its_own(world):
    found = examples(world)
    contract, item, owed_by_c = found["contract"], found["item"], found["owed_by_c"]
    a, c = world.units["plant-a"], world.units["plant-c"]
    later = make_conference(a, [a, c], contract, title="Sixth", held_on=datetime.date(1959, 3, 1))
    contracts.evaluate(later, [(item, Verdict.FULFILLED, ""), (owed_by_c, Verdict.FULFILLED, "")])
    results = contracts.fulfilment(contract).conferences
    assert [r.conference for r in results] == [found["conference"], later]
    assert results[0].total.score == Decimal("50.0")  # the fifth: one item, partly
    assert results[1].total.score == Decimal("100.0")
    only = contracts.fulfilment(contract, conference=later).conferences
    assert [r.conference for r in only] == [later]


def test_a_conference_judges_only_its_own_contract_s_items(world):
    found = examples(world)
    with pytest.raises(ValidationError):
        contracts.evaluate(found["conference"], [(found["b_item"], Verdict.FULFILLED, "")])
    assert not ItemEvaluation.objects.filter(item=found["b_item"], conference=found["conference"])
    no_contract = make_conference(world.units["plant-a"], [world.units["plant-a"]], title="Visit")
    with pytest.raises(ValidationError):
        contracts.evaluate(no_contract, [])


def test_fulfilment_with_no_items_or_verdicts_is_empty(world):
    examples(world)
    a, c = world.units["plant-a"], world.units["plant-c"]
    result = contracts.fulfilment(make_contract(a, [a, c], title="Empty"))
    assert (result.total, result.done, result.done_share, result.conferences) == (0, 0, None, [])


def test_help_for_a_workshop_without_role_holders_is_told_to_its_plant(world):
    found = examples(world)
    item = make_item(
        found["contract"], world.units["plant-a-machine"], world.units["plant-c-rolling"]
    )
    item.status, item.done_on = ItemStatus.DONE, datetime.date(1958, 10, 2)
    contracts.save_item(item, user=world.users["manager_a"], previous_status=ItemStatus.PLANNED)
    told = Notification.objects.get(recipient=world.users["manager_c"])
    assert "Rolling workshop C" in told.subject
