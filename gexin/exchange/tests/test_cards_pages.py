"""The card pages: the shared contract, the board and "our cards", the card's page with
its moves, and the whole journey of a card through the pages across two plants."""

import pytest
from django.urls import reverse
from django.utils import translation

from gexin.core.testing import ViewContract
from gexin.exchange import workflow
from gexin.exchange.choices import CardKind, ExchangeStatus
from gexin.exchange.models import AssistanceCard
from gexin.exchange.tests.factories_cards import examples, make_card, more_world

pytestmark = pytest.mark.django_db

BOARD = reverse("exchange:assistancecard_list")


def url(action, card):
    return reverse(f"exchange:assistancecard_{action}", args=[card.pk])


class TestAssistanceCardPages(ViewContract):
    app = "exchange"
    model_name = "assistancecard"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["card"], "out_of_scope": found["b_card"]}

    def valid_edit(self, world, obj):
        return {
            "kind": "request",
            "unit": "plant-a-machine",
            "title": "Help wanted: threads of 0.5 mm pitch",
            "description": "The fine threads come out uneven on lathe 4.",
            "work_type": world.work_types["machining"].pk,
            "needed_by": "1959-05-01",
            "experience": "",
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["unit"] = "plant-b-rolling"
        return data, "unit"

    def export_key(self, obj):
        return obj.title


def shown(response):
    return {card.pk for card in response.context["page"].object_list}


def test_the_board_shows_open_cards_of_every_plant_by_default(world, client_for):
    found = examples(world)
    closed = make_card(world.units["plant-a-machine"], title="Old", status=ExchangeStatus.CONFIRMED)
    response = client_for("worker_c").get(BOARD)
    assert response.status_code == 200
    assert shown(response) == {found["card"].pk}
    assert 'value="open" selected' in response.content.decode()
    # "any" status shows what else the user may see: the closed card is plant A's own.
    assert closed.pk in shown(client_for("manager_a").get(BOARD, {"status": ""}))
    assert closed.pk not in shown(client_for("worker_c").get(BOARD, {"status": ""}))


def test_the_board_filters_by_work_type_kind_and_plant(world, client_for):
    found = examples(world)
    offer = make_card(world.units["plant-c-rolling"], kind=CardKind.OFFER, title="Roll change")
    client = client_for("worker_b")
    assert shown(client.get(BOARD, {"work_type": "rolling"})) == {offer.pk}
    assert shown(client.get(BOARD, {"work_type": "machining"})) == {found["card"].pk}
    assert shown(client.get(BOARD, {"kind": "offer"})) == {offer.pk}
    assert shown(client.get(BOARD, {"plant": "plant-a"})) == {found["card"].pk}
    assert shown(client.get(BOARD, {"plant": "plant-c"})) == {offer.pk}
    assert "Plant C" in client.get(BOARD).content.decode()


def test_our_cards_are_those_our_units_posted_or_took_up(world, client_for):
    found = examples(world)
    make_card(world.units["plant-a-machine"], title="Elsewhere")  # plant A's, open
    response = client_for("worker_c").get(BOARD, {"ours": "1"})
    assert shown(response) == {found["b_card"].pk}  # taken up by plant C, matched
    assert "Our cards" in response.content.decode()


def test_the_card_page_offers_only_the_moves_the_user_may_make(world, client_for):
    card = examples(world)["card"]
    page = client_for("manager_b").get(url("detail", card)).content.decode()
    assert url("match", card) in page
    assert url("withdraw", card) not in page
    assert url("edit", card) not in page
    page = client_for("manager_a").get(url("detail", card)).content.decode()
    assert url("match", card) not in page
    assert url("withdraw", card) in page
    assert url("edit", card) in page
    page = client_for("worker_b").get(url("detail", card)).content.decode()
    assert url("match", card) not in page and url("edit", card) not in page


def test_a_card_travels_open_matched_delivered_confirmed_through_the_pages(world, client_for):
    card = examples(world)["card"]
    plant_b, plant_a = client_for("manager_b"), client_for("manager_a")

    form = plant_b.get(url("match", card))
    assert form.status_code == 200
    assert form.context["form"]["unit"].value() is not None
    response = plant_b.post(url("match", card), {"unit": "plant-b-rolling"})
    assert response.status_code == 302
    card.refresh_from_db()
    assert (card.status, card.counterpart.code) == (ExchangeStatus.MATCHED, "plant-b-rolling")
    # Plant C saw it on the board; now it is gone for them.
    assert client_for("worker_c").get(url("detail", card)).status_code == 404
    assert card.pk not in shown(client_for("worker_c").get(BOARD, {"status": ""}))
    assert client_for("worker_b").get(url("detail", card)).status_code == 200

    # Plant A does not give on its own request: refused with the reason.
    response = plant_a.post(url("deliver", card), {"note": "Nothing"})
    assert response.status_code == 400
    assert "Only the giving side (Rolling workshop B)" in response.content.decode()
    response = plant_a.get(url("deliver", card), follow=True)
    assert "Only the giving side" in response.content.decode()

    response = plant_b.post(url("deliver", card), {"note": "Two fitters for three days"})
    assert response.status_code == 302
    response = plant_b.post(url("confirm", card), {"note": ""})
    assert response.status_code == 400
    assert "Only the receiving side (Machine shop A)" in response.content.decode()

    response = plant_a.post(url("confirm", card), {"note": "Threads even"}, follow=True)
    assert "is now: confirmed" in response.content.decode()
    card.refresh_from_db()
    assert card.status == ExchangeStatus.CONFIRMED
    page = plant_a.get(url("detail", card)).content.decode()
    for text in ("Two fitters for three days", "Threads even", "manager_b", "Rolling workshop B"):
        assert text in page


def test_taking_up_for_a_unit_of_the_same_plant_is_refused(world, client_for):
    card = examples(world)["card"]
    response = client_for("admin_a").post(url("match", card), {"unit": "plant-a-turning"})
    assert response.status_code == 400
    assert response.context["form"].errors["unit"]
    assert client_for("admin_a").get(url("match", card)).status_code == 302


def test_withdrawing_needs_a_reason_and_the_posting_side(world, client_for):
    card = examples(world)["card"]
    response = client_for("manager_a").post(url("withdraw", card), {"reason": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    response = client_for("manager_b").post(url("withdraw", card), {"reason": "No"})
    assert response.status_code == 400
    assert "Only the posting side" in response.content.decode()
    response = client_for("manager_a").post(url("withdraw", card), {"reason": "Solved"})
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.status == ExchangeStatus.WITHDRAWN


def test_a_card_is_edited_and_deleted_only_while_open(world, client_for):
    card = examples(world)["card"]
    workflow.match(card, user=world.user("manager_b"), unit=world.units["plant-b-rolling"])
    assert client_for("manager_a").get(url("edit", card)).status_code == 403
    assert client_for("admin").get(url("delete", card)).status_code == 403
    assert client_for("admin").post(url("delete", card)).status_code == 403
    assert AssistanceCard.objects.filter(pk=card.pk).exists()


def test_a_new_card_takes_the_units_work_type_and_its_poster(world, client_for):
    more_world(world)
    client = client_for("leader_a")
    form = client.get(reverse("exchange:assistancecard_add"))
    assert form.context["form"]["unit"].value() == "plant-a-turning"
    response = client.post(
        reverse("exchange:assistancecard_add"),
        {
            "kind": "offer",
            "unit": "plant-a-turning",
            "title": "Offer: our thread gauge",
            "description": "Drawings of the gauge we made for fine threads.",
            "work_type": "",
            "needed_by": "",
            "experience": "",
        },
    )
    assert response.status_code == 302
    card = AssistanceCard.objects.get(title="Offer: our thread gauge")
    assert card.work_type == world.work_types["machining"]
    assert card.posted_by == world.users["leader_a"]
    assert card.status == ExchangeStatus.OPEN


def test_the_card_form_is_prefilled_from_the_query(world, client_for):
    more_world(world)
    response = client_for("manager_b").get(
        reverse("exchange:assistancecard_add"),
        {
            "kind": "request",
            "unit": "plant-b-rolling",
            "work_type": "rolling",
            "title": "Help asked",
            "description": "Learn from the best",
        },
    )
    form = response.context["form"]
    assert form["kind"].value() == "request"
    assert form["unit"].value() == "plant-b-rolling"
    assert form["work_type"].value() == world.work_types["rolling"].pk
    assert (form["title"].value(), form["description"].value()) == (
        "Help asked",
        "Learn from the best",
    )
    # A unit the user may not post for is not prefilled.
    response = client_for("manager_b").get(
        reverse("exchange:assistancecard_add"), {"unit": "plant-a-machine"}
    )
    assert response.context["form"]["unit"].value() is None


def test_someone_who_answers_for_no_cards_is_refused_any_move(world, client_for):
    card = examples(world)["card"]
    client = client_for("worker_b")
    response = client.get(url("match", card), follow=True)
    assert (
        "only for a unit whose cards you answer for, outside Plant A" in response.content.decode()
    )
    assert client.post(url("match", card), {"unit": "plant-b-shift-1"}).status_code == 403
    assert client.post(url("withdraw", card), {"reason": "x"}).status_code == 403
    card.refresh_from_db()
    assert card.status == ExchangeStatus.OPEN


def test_the_pages_speak_chinese(world, client_for):
    found = examples(world)
    user = world.users["manager_a"]
    user.language = "zh-hans"
    user.save()
    client = client_for("manager_a")
    pages = (
        BOARD,
        url("detail", found["card"]),
        url("withdraw", found["card"]),
        reverse("exchange:cooperation_detail", args=[found["cooperation"].pk]),
        reverse("exchange:comparison"),
    )
    # The requests switch this thread's language: put English back afterwards.
    with translation.override("en"):
        for page in pages:
            response = client.get(page)
            assert response.status_code == 200, page
            assert response["Content-Language"] == "zh-hans"
        assert "甲厂机务车间" in client.get(url("detail", found["card"])).content.decode()
