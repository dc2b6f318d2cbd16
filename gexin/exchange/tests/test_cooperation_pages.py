"""The cooperation pages: the shared contract, the moves through the pages, and what was
given and received, recorded by either side and totalled per unit of measure."""

import pytest
from django.urls import reverse

from gexin.core.testing import ViewContract
from gexin.exchange.choices import ExchangeStatus, Flow
from gexin.exchange.models import Cooperation, CooperationItem
from gexin.exchange.tests.factories_cards import examples, item, make_cooperation, more_world

pytestmark = pytest.mark.django_db


def url(action, cooperation):
    return reverse(f"exchange:cooperation_{action}", args=[cooperation.pk])


class TestCooperationPages(ViewContract):
    app = "exchange"
    model_name = "cooperation"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["cooperation"], "out_of_scope": found["b_cooperation"]}

    def valid_edit(self, world, obj):
        return {
            "kind": "internal",
            "unit": "plant-a-turning",
            "partner": "plant-a-transport",
            "partner_name": "",
            "title": "Two trucks for the shafts",
            "description": "The turned shafts go to the assembly shop on Fridays.",
            "needed_by": "1959-05-01",
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["partner"] = "plant-b-rolling"
        return data, "partner"

    def export_key(self, obj):
        return obj.title


def test_an_outside_enterprise_is_named_not_chosen(world, client_for):
    more_world(world)
    client = client_for("manager_b")
    response = client.post(
        reverse("exchange:cooperation_add"),
        {
            "kind": "external",
            "unit": "plant-b-rolling",
            "partner": "",
            "partner_name": "",
            "title": "Rails for the coal mine",
            "description": "Low-sulphur coking coal in return.",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["partner"]
    response = client.post(
        reverse("exchange:cooperation_add"),
        {
            "kind": "external",
            "unit": "plant-b-rolling",
            "partner": "",
            "partner_name": "Xishan coal mine",
            "title": "Rails for the coal mine",
            "description": "Low-sulphur coking coal in return.",
        },
    )
    assert response.status_code == 302
    cooperation = Cooperation.objects.get(title="Rails for the coal mine")
    assert cooperation.posted_by == world.users["manager_b"]
    assert cooperation.partner_display == "Xishan coal mine"


def test_the_page_lists_given_and_received_in_two_columns_with_totals(world, client_for):
    found = examples(world)
    cooperation = found["b_cooperation"]  # plant B's, with 240 t of rails given
    item(cooperation, Flow.GIVEN, "Trucks", 12, "trucks")
    item(cooperation, Flow.GIVEN, "More rails", "10.5", "t")
    item(cooperation, Flow.RECEIVED, "Coking coal", 3000, "t")
    page = client_for("manager_b").get(url("detail", cooperation)).content.decode()
    given = page[page.index('data-flow="given"') : page.index('data-flow="received"')]
    received = page[page.index('data-flow="received"') :]
    assert "Rails" in given and "Trucks" in given and "Coking coal" not in given
    assert "<strong>250.5 t</strong>, <strong>12 trucks</strong>" in given
    assert "<strong>3000 t</strong>" in received
    assert "Xishan coal mine" in page


def test_a_cooperation_moves_on_through_the_pages(world, client_for):
    cooperation = examples(world)["b_cooperation"]  # with an outside enterprise
    client = client_for("manager_b")
    form = client.get(url("match", cooperation))
    assert form.status_code == 200
    assert "Record the agreement" in form.content.decode()
    assert client.post(url("match", cooperation), {}).status_code == 302
    response = client.post(url("deliver", cooperation), {"note": "240 t of rails and 12 trucks"})
    assert response.status_code == 302
    assert client_for("admin_a").get(url("confirm", cooperation)).status_code == 404
    response = client.post(url("confirm", cooperation), {"note": ""}, follow=True)
    assert "is now: confirmed" in response.content.decode()
    cooperation.refresh_from_db()
    assert cooperation.status == ExchangeStatus.CONFIRMED
    # What was given and received is fixed now.
    page = client.get(url("detail", cooperation)).content.decode()
    assert reverse("exchange:cooperationitem_add") not in page
    item_url = reverse("exchange:cooperationitem_add") + f"?cooperation={cooperation.pk}"
    assert client.get(item_url).status_code == 403


def test_the_partner_accepts_an_internal_cooperation(world, client_for):
    cooperation = examples(world)["cooperation"]
    from gexin.org.tests.factories import PersonFactory, RoleAssignmentFactory, UserFactory

    user = UserFactory(username="transport_a")
    person = PersonFactory(unit=world.units["plant-a-transport"], user=user)
    RoleAssignmentFactory(person=person, unit=world.units["plant-a-transport"], role="manager")
    world.users["transport_a"] = user
    response = client_for("leader_a").post(url("match", cooperation), {})
    assert response.status_code == 400
    assert "Only the partner (Transport department A)" in response.content.decode()
    assert client_for("transport_a").post(url("match", cooperation), {}).status_code == 302
    cooperation.refresh_from_db()
    assert cooperation.status == ExchangeStatus.MATCHED


def test_either_side_adds_changes_and_deletes_items(world, client_for):
    found = examples(world)
    cooperation = found["cooperation"]
    from gexin.org.tests.factories import PersonFactory, RoleAssignmentFactory, UserFactory

    user = UserFactory(username="transport_a")
    person = PersonFactory(unit=world.units["plant-a-transport"], user=user)
    RoleAssignmentFactory(
        person=person, unit=world.units["plant-a-transport"], role="production_officer"
    )
    world.users["transport_a"] = user
    add = reverse("exchange:cooperationitem_add") + f"?cooperation={cooperation.pk}"
    partner = client_for("transport_a")
    # The partner cannot see the turning group's page by scope alone, but is a side.
    assert partner.get(url("detail", cooperation)).status_code == 200
    response = partner.post(
        add,
        {
            "flow": "received",
            "description": "Second truck",
            "quantity": "1",
            "unit_of_measure": "truck",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    new = CooperationItem.objects.get(description="Second truck")
    response = client_for("leader_a").post(
        reverse("exchange:cooperationitem_edit", args=[new.pk]),
        {
            "flow": "received",
            "description": "Second truck, half a day",
            "quantity": "0.5",
            "unit_of_measure": "truck",
        },
    )
    assert response.status_code == 302
    page = client_for("leader_a").get(url("detail", cooperation)).content.decode()
    assert "<strong>1.5 truck</strong>" in page
    response = client_for("leader_a").post(
        add, {"flow": "given", "description": "Shafts", "quantity": "40", "unit_of_measure": ""}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["unit_of_measure"]
    assert client_for("worker_a").get(add).status_code == 403
    assert client_for("manager_b").get(add).status_code == 404
    delete = reverse("exchange:cooperationitem_delete", args=[new.pk])
    assert client_for("worker_a").post(delete).status_code == 403
    assert partner.post(delete).status_code == 302
    assert not CooperationItem.objects.filter(pk=new.pk).exists()


def test_a_cooperation_taken_up_is_neither_changed_nor_deleted(world, client_for):
    more_world(world)
    cooperation = make_cooperation(world.units["plant-b-rolling"], partner_name="Mine")
    client = client_for("manager_b")
    assert client.post(url("match", cooperation), {}).status_code == 302
    assert client.get(url("edit", cooperation)).status_code == 403
    assert client_for("admin").get(url("delete", cooperation)).status_code == 403
