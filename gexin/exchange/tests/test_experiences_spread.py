"""Spreading an experience and recording its adoption: the push and who may make it,
each receiving unit's answer, and where the experience has spread."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gexin.core.models import Notification
from gexin.exchange import spread
from gexin.exchange.choices import AdoptionStatus
from gexin.exchange.models import Adoption
from gexin.exchange.tests.factories_experiences import (
    examples,
    make_adoption,
    manager_of_plant_b,
    workshops,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def push_url(experience):
    return reverse("exchange:experience_push", args=[experience.pk])


def test_pushed_to_three_workshops_two_adopt_with_results_and_one_check_is_overdue(
    world, client_for
):
    experience = examples(world)["experience"]  # roll change 120 → 60 min
    mills = workshops(world)
    pushed_on = TODAY - datetime.timedelta(days=40)
    made = spread.push(
        experience,
        mills,
        check_due=TODAY - datetime.timedelta(days=10),
        user=world.user("manager_a"),
        today=pushed_on,
    )
    assert [a.unit for a in made] == mills
    for index, (before, after) in ((1, (90, 45)), (2, (100, 70))):
        spread.record_adoption(
            made[index - 1],
            adopted_on=TODAY - datetime.timedelta(days=20),
            how="Learned at plant A's machine shop; the roll sets are now pre-assembled.",
            before_value=Decimal(before),
            after_value=Decimal(after),
            result="Roll change shortened",
            user=world.user(f"tech_{index}_b"),
        )

    summary = spread.spread_summary(experience)
    # The example's own push to plant A's turning group is there too.
    assert summary["pushed"] == 4
    assert summary["adopted"] == 2
    assert summary["measured"] == 2
    assert summary["overdue"] == 1
    rows = {row.unit.code: row for row in summary["rows"]}
    assert rows["plant-b-mill-1"].improvement == Decimal("50.0")
    assert rows["plant-b-mill-2"].improvement == Decimal("30.0")
    assert rows["plant-b-mill-3"].overdue
    assert not rows["plant-a-turning"].overdue  # its check is not yet due

    body = client_for("worker_b").get(experience.get_absolute_url()).content.decode()
    assert 'data-count="adopted">2<' in body
    assert 'data-count="overdue">1<' in body
    mill_3 = body.split('data-adoption="plant-b-mill-3"')[1].split("</li>")[0]
    assert "data-overdue" in mill_3
    mill_1 = body.split('data-adoption="plant-b-mill-1"')[1].split("</li>")[0]
    assert "90 → 45" in mill_1 and "−50.0%" in mill_1
    assert "data-overdue" not in mill_1


def test_the_source_units_manager_pushes_and_each_unit_is_told(world, client_for):
    experience = examples(world)["experience"]
    mills = workshops(world)
    due = TODAY + datetime.timedelta(days=20)
    response = client_for("manager_a").post(
        push_url(experience), {"units": "plant-b-mill-1, plant-b-mill-2", "check_due": due}
    )
    assert response.status_code == 302
    pushed = Adoption.objects.filter(experience=experience, unit__in=mills)
    assert {a.unit.code for a in pushed} == {"plant-b-mill-1", "plant-b-mill-2"}
    assert all(a.check_due == due and a.pushed_by == world.users["manager_a"] for a in pushed)
    told = Notification.objects.filter(subject__contains="Fast roll change")
    assert {n.recipient.username for n in told} == {"tech_1_b", "tech_2_b"}


def test_the_check_is_due_a_month_after_the_push_unless_told(world, client_for):
    experience = examples(world)["experience"]
    workshops(world)
    form = client_for("manager_a").get(push_url(experience)).context["form"]
    assert form["check_due"].value() == TODAY + datetime.timedelta(days=30)


def test_a_plants_manager_pulls_an_experience_into_its_own_workshops(world, client_for):
    experience = examples(world)["experience"]  # from plant A
    workshops(world)
    manager_of_plant_b(world)
    client = client_for("manager_b")
    assert client.get(push_url(experience)).status_code == 200
    response = client.post(push_url(experience), {"units": "plant-b-mill-1", "check_due": TODAY})
    assert response.status_code == 302
    assert Adoption.objects.filter(experience=experience, unit__code="plant-b-mill-1").exists()


def test_pulling_into_a_unit_outside_ones_own_is_refused(world, client_for):
    experience = examples(world)["experience"]
    workshops(world)
    manager_of_plant_b(world)
    response = client_for("manager_b").post(
        push_url(experience), {"units": "plant-b-mill-1 plant-a-machine", "check_due": TODAY}
    )
    assert response.status_code == 403
    assert "on every unit it goes to" in str(response.context["form"].errors["units"])
    assert not Adoption.objects.filter(experience=experience, unit__code="plant-b-mill-1").exists()


def test_without_the_right_to_push_anywhere_the_page_is_refused(world, client_for):
    experience = examples(world)["experience"]
    for user in ("leader_a", "worker_a", "worker_b"):
        assert client_for(user).get(push_url(experience)).status_code == 403
        assert client_for(user).post(push_url(experience), {"units": "plant-b"}).status_code == 403


def test_pushing_to_the_source_or_to_a_unit_holding_it_names_the_unit(world, client_for):
    experience = examples(world)["experience"]  # already pushed to plant-a-turning
    workshops(world)
    response = client_for("manager_a").post(
        push_url(experience),
        {"units": "plant-a-machine, plant-a-turning, plant-b-mill-1", "check_due": TODAY},
    )
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["units"])
    assert "Machine shop A is where the experience comes from" in errors
    assert "Turning group A already holds this experience" in errors
    # Nothing is pushed when any unit is refused.
    assert not Adoption.objects.filter(unit__code="plant-b-mill-1").exists()


def test_an_unknown_code_and_a_past_check_date_are_refused(world, client_for):
    experience = examples(world)["experience"]
    workshops(world)
    client = client_for("manager_a")
    response = client.post(push_url(experience), {"units": "no-such-unit", "check_due": TODAY})
    assert response.status_code == 400
    assert "no-such-unit" in str(response.context["form"].errors["units"])
    yesterday = TODAY - datetime.timedelta(days=1)
    response = client.post(
        push_url(experience), {"units": "plant-b-mill-1", "check_due": yesterday}
    )
    assert response.status_code == 400
    assert "before today" in str(response.context["form"].errors["units"])


def test_the_receiving_unit_records_its_adoption_and_the_source_is_told(world, client_for):
    experience = examples(world)["experience"]
    mill = workshops(world)[0]
    adoption = make_adoption(experience, mill, world.users["manager_a"])
    url = reverse("exchange:adoption_adopt", args=[adoption.pk])
    assert client_for("worker_b").post(url, {}).status_code == 403
    assert client_for("manager_a").get(url).status_code == 403  # the pusher is not the receiver
    response = client_for("tech_1_b").post(
        url,
        {
            "adopted_on": TODAY - datetime.timedelta(days=3),
            "how": "Two fitters learned it at plant A",
            "before_value": "110",
            "after_value": "50",
            "result": "Roll change down by more than half",
        },
    )
    assert response.status_code == 302
    adoption.refresh_from_db()
    assert adoption.status == AdoptionStatus.ADOPTED
    assert adoption.recorded_by == world.users["tech_1_b"]
    assert adoption.improvement == Decimal("54.5")
    told = Notification.objects.filter(
        recipient=world.users["manager_a"], subject__startswith="Adopted"
    )
    assert told.count() == 1


def test_an_adoption_needs_how_and_both_figures_or_neither(world, client_for):
    experience = examples(world)["experience"]
    mill = workshops(world)[0]
    adoption = make_adoption(experience, mill)
    url = reverse("exchange:adoption_adopt", args=[adoption.pk])
    response = client_for("tech_1_b").post(
        url, {"adopted_on": TODAY, "how": "", "before_value": "110", "after_value": ""}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "how" in errors
    future = client_for("tech_1_b").post(
        url, {"adopted_on": TODAY + datetime.timedelta(days=1), "how": "x"}
    )
    assert "future" in str(future.context["form"].errors["adopted_on"])
    adoption.refresh_from_db()
    assert adoption.status == AdoptionStatus.PUSHED


def test_a_unit_says_why_not_and_may_adopt_later(world, client_for):
    experience = examples(world)["experience"]
    mill = workshops(world)[0]
    adoption = make_adoption(experience, mill, world.users["manager_a"])
    decline = reverse("exchange:adoption_decline", args=[adoption.pk])
    assert client_for("tech_1_b").post(decline, {"reason": ""}).status_code == 400
    response = client_for("tech_1_b").post(decline, {"reason": "Our mill has no crane for it"})
    assert response.status_code == 302
    adoption.refresh_from_db()
    assert adoption.status == AdoptionStatus.DECLINED
    assert Notification.objects.filter(
        recipient=world.users["manager_a"], subject__startswith="Not adopted"
    ).exists()
    # Declined once: it cannot be declined again, but may still be adopted.
    assert client_for("tech_1_b").get(decline).status_code == 302
    with pytest.raises(ValidationError):
        spread.record_decline(adoption, reason="again", user=world.user("tech_1_b"))
    spread.record_adoption(
        adoption,
        adopted_on=TODAY,
        how="A crane was borrowed",
        before_value=None,
        after_value=None,
        result="",
        user=world.user("tech_1_b"),
    )
    adoption.refresh_from_db()
    assert adoption.status == AdoptionStatus.ADOPTED
    assert adoption.declined_reason == ""


def test_the_service_refuses_whoever_is_not_the_receiving_unit(world):
    experience = examples(world)["experience"]
    mill = workshops(world)[0]
    adoption = make_adoption(experience, mill)
    with pytest.raises(PermissionDenied):
        spread.record_decline(adoption, reason="no", user=world.user("manager_a"))
    with pytest.raises(PermissionDenied):
        spread.push(experience, [mill], check_due=None, user=world.user("leader_a"))


def test_an_unanswered_push_is_withdrawn_by_the_pusher_side(world, client_for):
    experience = examples(world)["experience"]
    mill = workshops(world)[0]
    adoption = make_adoption(experience, mill, world.users["manager_a"])
    url = reverse("exchange:adoption_delete", args=[adoption.pk])
    assert client_for("tech_1_b").post(url).status_code == 403
    assert client_for("manager_a").post(url).status_code == 302
    assert not Adoption.objects.filter(pk=adoption.pk).exists()


def test_the_status_is_never_set_by_editing(world, client_for):
    found = examples(world)
    adoption = found["adoption"]
    edit = reverse("exchange:adoption_edit", args=[adoption.pk])
    form = client_for("manager_a").get(edit).context["form"]
    assert set(form.fields) == {"check_due"}
    response = client_for("manager_a").post(
        edit, {"check_due": TODAY + datetime.timedelta(days=5), "status": "adopted"}
    )
    assert response.status_code == 302
    adoption.refresh_from_db()
    assert adoption.status == AdoptionStatus.PUSHED
    assert adoption.check_due == TODAY + datetime.timedelta(days=5)


# --- An answer stays on record ---


def answered(world, adopt=True):
    """Plant A's example push to its turning group, answered by the group's leader."""
    adoption = examples(world)["adoption"]
    if adopt:
        spread.record_adoption(
            adoption,
            adopted_on=TODAY,
            how="Learned at the machine shop",
            before_value=Decimal("100"),
            after_value=Decimal("80"),
            result="Roll change a fifth shorter",
            user=world.user("leader_a"),
        )
    else:
        spread.record_decline(adoption, reason="No lathe free", user=world.user("leader_a"))
    return adoption


@pytest.mark.parametrize("adopt", [True, False], ids=["adopted", "declined"])
def test_an_answered_adoption_is_not_deleted_but_stays_on_record(world, client_for, adopt):
    adoption = answered(world, adopt)
    url = reverse("exchange:adoption_delete", args=[adoption.pk])
    for user in ("manager_a", "admin"):  # the receiving unit's management, the ministry
        client = client_for(user)
        shown = client.get(url, follow=True)
        assert shown.redirect_chain == [(adoption.get_absolute_url(), 302)]
        assert "stays on record" in shown.content.decode()
        posted = client.post(url, {"reason": "Entered by mistake"}, follow=True)
        assert posted.redirect_chain == [(adoption.get_absolute_url(), 302)]
        assert "Correct it by editing" in posted.content.decode()
    kept = Adoption.objects.get(pk=adoption.pk)
    assert kept.status == (AdoptionStatus.ADOPTED if adopt else AdoptionStatus.DECLINED)
    assert kept.before_value == (Decimal("100") if adopt else None)
    # With its answer on record, the experience stays too.
    experience_delete = reverse("exchange:experience_delete", args=[adoption.experience_id])
    assert client_for("admin").post(experience_delete).status_code == 403
    assert Adoption.objects.filter(experience_id=adoption.experience_id).exists()


def test_an_answered_adoption_offers_editing_and_no_deletion(world, client_for):
    adoption = answered(world)
    body = client_for("manager_a").get(adoption.get_absolute_url()).content.decode()
    assert reverse("exchange:adoption_edit", args=[adoption.pk]) in body
    assert reverse("exchange:adoption_delete", args=[adoption.pk]) not in body
    assert reverse("exchange:adoption_check_due", args=[adoption.pk]) not in body


def test_the_receiving_plants_management_withdraws_an_unanswered_push(world, client_for):
    experience = examples(world)["experience"]
    mill = workshops(world)[0]
    manager_of_plant_b(world)
    adoption = make_adoption(experience, mill, world.users["manager_a"])
    body = client_for("manager_b").get(adoption.get_absolute_url()).content.decode()
    assert "Withdraw the push" in body
    url = reverse("exchange:adoption_delete", args=[adoption.pk])
    assert client_for("manager_b").get(url).status_code == 200
    assert client_for("manager_b").post(url).status_code == 302
    assert not Adoption.objects.filter(pk=adoption.pk).exists()


# --- The check date, moved by whoever may push there ---


def pushed_to_another_plant(world):
    """Plant A's manager pushed plant A's experience to a workshop of plant B."""
    experience = examples(world)["experience"]
    mill = workshops(world)[0]
    return make_adoption(experience, mill, world.users["manager_a"], pushed_on=TODAY)


def check_due_url(adoption):
    return reverse("exchange:adoption_check_due", args=[adoption.pk])


def test_the_pusher_moves_the_check_date_of_a_push_to_another_plant(world, client_for):
    from gexin.core.models import ChangeRecord

    adoption = pushed_to_another_plant(world)
    client = client_for("manager_a")
    page = client.get(adoption.get_absolute_url()).content.decode()
    assert check_due_url(adoption) in page
    assert client.get(check_due_url(adoption)).status_code == 200
    later = TODAY + datetime.timedelta(days=60)
    response = client.post(check_due_url(adoption), {"check_due": later}, follow=True)
    assert response.redirect_chain == [(adoption.get_absolute_url(), 302)]
    assert f"The check is now due on {later.isoformat()}." in response.content.decode()
    adoption.refresh_from_db()
    assert adoption.check_due == later and adoption.status == AdoptionStatus.PUSHED
    assert ChangeRecord.for_object(adoption).filter(changes__has_key="check_due").exists()
    # The receiving unit's corrections stay on its own edit page.
    assert client.get(reverse("exchange:adoption_edit", args=[adoption.pk])).status_code == 403


def test_the_receiving_plants_manager_may_move_it_its_technician_may_not(world, client_for):
    adoption = pushed_to_another_plant(world)
    manager_of_plant_b(world)
    later = TODAY + datetime.timedelta(days=50)
    assert (
        client_for("manager_b").post(check_due_url(adoption), {"check_due": later}).status_code
        == 302
    )
    for user in ("tech_1_b", "worker_b", "leader_a"):
        client = client_for(user)
        assert client.get(check_due_url(adoption)).status_code == 403, user
        assert client.post(check_due_url(adoption), {"check_due": TODAY}).status_code == 403, user
    edit = client_for("tech_1_b").get(reverse("exchange:adoption_edit", args=[adoption.pk]))
    assert edit.status_code == 200 and edit.context["form"].fields["check_due"].disabled
    adoption.refresh_from_db()
    assert adoption.check_due == later


def test_a_check_date_before_the_push_or_beyond_the_years_is_refused(world, client_for):
    adoption = pushed_to_another_plant(world)
    client = client_for("manager_a")
    for day, reason in (
        (TODAY - datetime.timedelta(days=1), "before the push"),
        (datetime.date(2300, 1, 1), "between 1900 and 2199"),
    ):
        response = client.post(check_due_url(adoption), {"check_due": day})
        assert response.status_code == 400
        assert reason in str(response.context["form"].errors["check_due"])
    assert Adoption.objects.get(pk=adoption.pk).check_due == adoption.check_due


def test_an_answered_push_keeps_its_check_date(world, client_for):
    adoption = pushed_to_another_plant(world)
    spread.record_decline(adoption, reason="No crane", user=world.user("tech_1_b"))
    client = client_for("manager_a")
    shown = client.get(check_due_url(adoption), follow=True)
    assert shown.redirect_chain == [(adoption.get_absolute_url(), 302)]
    assert "has already answered" in shown.content.decode()
    later = TODAY + datetime.timedelta(days=60)
    response = client.post(check_due_url(adoption), {"check_due": later})
    assert response.status_code == 400
    assert Adoption.objects.get(pk=adoption.pk).check_due == adoption.check_due
