"""The pages of awards, pairings, help cases, advanced producers and handovers: the shared
contract for each, and what the pages show and refuse."""

import datetime

import pytest
from django.urls import reverse

from gexin.competitions.choices import AwardStatus, ProducerStatus
from gexin.competitions.models import AdvancedProducer, Award, HelpCase
from gexin.competitions.tests.factories_help import examples, pledge, record
from gexin.core.testing import ViewContract
from gexin.meetings.choices import MeetingStatus
from gexin.meetings.tests.factories import make_meeting

pytestmark = pytest.mark.django_db


class TestAwardPages(ViewContract):
    app = "competitions"
    model_name = "award"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["award"], "out_of_scope": found["b_award"]}

    def valid_edit(self, world, obj):
        return {
            "participant": obj.participant_id,
            "kind": "material",
            "title": "Bonus for the best turner",
            "amount": "25.00",
            "note": "",
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["amount"] = ""
        return data, "amount"

    def export_key(self, obj):
        return obj.title


class TestPairingPages(ViewContract):
    app = "competitions"
    model_name = "pairing"
    editor = "leader_a"
    has_export = False

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["pairing"], "out_of_scope": found["b_pairing"]}

    def valid_edit(self, world, obj):
        return {
            "advanced": obj.advanced_id,
            "laggard": obj.laggard_id,
            "since": "1959-04-01",
            "ended_on": "",
            "goal": "Qualified rate up to 98% by June",
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["ended_on"] = "1959-03-01"
        return data, "ended_on"


class TestHelpCasePages(ViewContract):
    app = "competitions"
    model_name = "helpcase"
    editor = "manager_a"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["helpcase"], "out_of_scope": found["b_helpcase"]}

    def valid_edit(self, world, obj):
        return {
            "person_ref": "A-003",
            "help_reason": "misses_quota",
            "competition": obj.competition_id,
            "periods_missed": "2",
            "cause": "machine",
            "cause_note": "Lathe 4 shakes at speed",
            "help_arranged": "Lathe 4 repaired; Zhang Sen checks the settings each morning",
            "opened_on": "1959-04-02",
            "resolved_on": "",
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["resolved_on"] = "1959-04-01"
        return data, "resolved_on"

    def export_key(self, obj):
        return obj.person.employee_number


class TestAdvancedProducerPages(ViewContract):
    app = "competitions"
    model_name = "advancedproducer"
    editor = "leader_a"
    has_export = False

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["producer"], "out_of_scope": found["b_producer"]}

    def valid_edit(self, world, obj):
        return {
            "person_ref": "A-002",
            "competition": obj.competition_id,
            "evidence": "Over-fulfilled three months running, no scrap",
            "method": "Grinds the tool to a new angle and cools the cut",
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["evidence"] = ""
        return data, "evidence"


class TestHandoverPages(ViewContract):
    app = "competitions"
    model_name = "handover"
    has_export = False

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["handover"], "out_of_scope": found["b_handover"]}

    def valid_edit(self, world, obj):
        return {"giver": obj.giver_id, "taker": obj.taker_id, "metric": obj.metric_id + 1}

    def invalid_edit(self, world, obj):
        return {"giver": obj.giver_id, "taker": obj.giver_id, "metric": obj.metric_id}, "__all__"


# Awards


def test_the_proposer_is_refused_and_a_second_person_approves(world, client_for):
    award = examples(world)["award"]  # proposed by manager_a
    proposer = client_for("manager_a")
    page = proposer.get(award.get_absolute_url())
    assert "a second member of the committee approves" in page.content.decode()
    refused = proposer.post(reverse("competitions:award_approve", args=[award.pk]), {})
    assert refused.status_code == 400
    assert "You proposed this award" in str(refused.context["form"].non_field_errors())
    award.refresh_from_db()
    assert award.status == AwardStatus.PROPOSED

    approved = client_for("admin_a").post(
        reverse("competitions:award_approve", args=[award.pk]), {"note": "Checked the minutes"}
    )
    assert approved.status_code == 302
    award.refresh_from_db()
    assert award.counts
    assert award.decided_by == world.users["admin_a"]


def test_a_group_leader_may_not_decide_on_awards(world, client_for):
    award = examples(world)["award"]
    url = reverse("competitions:award_approve", args=[award.pk])
    assert client_for("leader_a").post(url, {}).status_code == 403


def test_rejecting_needs_a_reason(world, client_for):
    award = examples(world)["award"]
    url = reverse("competitions:award_reject", args=[award.pk])
    response = client_for("admin_a").post(url, {"note": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["note"]
    assert client_for("admin_a").post(url, {"note": "Not in the minutes"}).status_code == 302
    award.refresh_from_db()
    assert award.status == AwardStatus.REJECTED
    assert award.decision_note == "Not in the minutes"


def test_a_decided_award_can_no_longer_be_edited_or_deleted(world, client_for):
    award = examples(world)["award"]
    award.approve(world.users["admin_a"])
    client = client_for("admin")
    assert client.get(reverse("competitions:award_edit", args=[award.pk])).status_code == 403
    assert client.post(reverse("competitions:award_delete", args=[award.pk])).status_code == 403
    assert Award.objects.filter(pk=award.pk).exists()


def test_proposing_from_an_evaluation_records_the_proposer(world, client_for):
    found = examples(world)
    url = reverse("competitions:award_add") + f"?evaluation={found['evaluation'].pk}"
    response = client_for("manager_a").post(
        url,
        {
            "participant": found["third"].pk,
            "kind": "material",
            "title": "Bonus for the most improved",
            "amount": "15",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    award = Award.objects.get(title="Bonus for the most improved")
    assert award.proposed_by == world.users["manager_a"]
    assert award.evaluation == found["evaluation"]
    assert award.status == AwardStatus.PROPOSED


# Pairings


def test_the_pairing_page_says_when_there_is_no_evaluation_since(world, client_for):
    pairing = examples(world)["pairing"]  # since April; the only evaluation is March's
    response = client_for("worker_a").get(pairing.get_absolute_url())
    body = response.content.decode()
    assert "No evaluation since the pairing yet" in body
    assert "data-baseline" in body


# Help cases


def test_the_missing_quota_list_marks_an_open_case(world, client_for):
    found = examples(world)
    unit = world.units["plant-a-turning"]
    turner, worker = world.people["turner_a"], world.people["worker_a"]
    for month in (1, 2, 3):
        start = datetime.date(1959, month, 1)
        for person in (turner, worker):
            pledge(person, unit, start, {"pieces_produced": 100})
        record(turner, unit, start, "pieces_produced", 80)
        record(worker, unit, start, "pieces_produced", 80 if month != 2 else 120)
    response = client_for("leader_a").get(
        reverse("competitions:helpcase_candidates"), {"unit": "plant-a-turning"}
    )
    assert response.status_code == 200
    rows = {row.person.employee_number: row for row in response.context["rows"]}
    assert set(rows) == {"A-003", "A-002"}
    assert rows["A-003"].open_case == found["helpcase"]
    assert rows["A-002"].open_case is None
    body = response.content.decode()
    assert "open help case" in body
    assert "?person=A-002&amp;periods_missed=2" in body


def test_the_missing_quota_list_shows_nobody_outside_the_users_units(world, client_for):
    response = client_for("worker_b").get(
        reverse("competitions:helpcase_candidates"), {"unit": "plant-a-turning"}
    )
    assert response.status_code == 200
    assert response.context["rows"] is None


def test_a_case_cannot_be_resolved_without_the_help_arranged(world, client_for):
    response = client_for("leader_a").post(
        reverse("competitions:helpcase_add"),
        {
            "person_ref": "A-002",
            "help_reason": "misses_quota",
            "periods_missed": "2",
            "cause": "skill",
            "opened_on": "1959-04-01",
            "resolved_on": "1959-05-01",
            "help_arranged": "",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["help_arranged"]
    assert not HelpCase.objects.filter(person=world.people["worker_a"]).exists()


# Advanced producers


def test_a_meeting_confirms_a_suggested_producer(world, client_for):
    producer = examples(world)["producer"]
    unit = world.units["plant-a-turning"]
    held = make_meeting(unit, datetime.date(1959, 4, 6), status=MeetingStatus.HELD)
    planned = make_meeting(unit, datetime.date(1959, 4, 13))
    url = reverse("competitions:advancedproducer_confirm", args=[producer.pk])
    client = client_for("leader_a")
    form = client.get(url).context["form"]
    # The held meetings, newest first: this one and the one that reviewed the help case.
    assert list(form.fields["meeting"].queryset) == [held, examples(world)["meeting"]]
    refused = client.post(url, {"meeting": planned.pk, "method": "x"})
    assert refused.status_code == 400
    missing = client.post(url, {"meeting": held.pk, "method": ""})
    assert missing.status_code == 400
    assert missing.context["form"].errors["method"]
    done = client.post(url, {"meeting": held.pk, "method": "Cools the cut; grinds a new angle"})
    assert done.status_code == 302
    producer.refresh_from_db()
    assert producer.status == ProducerStatus.CONFIRMED
    assert producer.meeting == held
    assert producer.decided_on == datetime.date(1959, 4, 6)


def test_a_candidate_is_put_forward_with_the_evidence(world, client_for):
    unit = world.units["plant-a-turning"]
    turner = world.people["turner_a"]
    for month in (1, 2, 3):
        start = datetime.date(1959, month, 1)
        pledge(turner, unit, start, {"pieces_produced": 100})
        record(turner, unit, start, "pieces_produced", 110 + month)
    url = reverse("competitions:advancedproducer_candidates")
    client = client_for("leader_a")
    page = client.get(url, {"unit": "plant-a-turning"})
    assert [row.person for row in page.context["rows"]] == [turner]
    response = client.post(url, {"person": turner.pk, "unit": "plant-a-turning", "periods": 3})
    assert response.status_code == 302
    producer = AdvancedProducer.objects.get(person=turner)
    assert producer.status == ProducerStatus.SUGGESTED
    assert "3 consecutive periods" in producer.evidence
    assert "1959-01: Pieces produced 111 of 100 pieces (111.0%)" in producer.evidence
    again = client.get(url, {"unit": "plant-a-turning"})
    assert not again.context["rows"][0].can_suggest


# Handovers


def test_the_handover_list_of_a_competition_shows_its_periods(world, client_for):
    found = examples(world)
    response = client_for("worker_a").get(
        reverse("competitions:handover_list"), {"competition": found["competition"].pk}
    )
    assert response.status_code == 200
    assert response.context["competition"] == found["competition"]
    assert [p["start"] for p in response.context["periods"]] == [datetime.date(1959, 3, 1)]
    assert "No handover flagged." in response.content.decode()


def test_the_handover_form_offers_only_the_competitions_participants(world, client_for):
    found = examples(world)
    url = reverse("competitions:handover_add") + f"?competition={found['competition'].pk}"
    form = client_for("manager_a").get(url).context["form"]
    offered = set(form.fields["giver"].queryset)
    assert offered == {found["ahead"], found["behind"], found["third"]}
    b_url = reverse("competitions:handover_add") + f"?competition={found['b_competition'].pk}"
    assert client_for("manager_a").get(b_url).status_code == 404
