"""Regulations: the page contracts, revising a rule on a trial's evidence, its approval
and the refusals on the way, the comparison with the previous version, and the rules a
campaign revised."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gexin.core.testing import ViewContract
from gexin.innovation.choices import VersionStatus
from gexin.innovation.models import Campaign, Clause, Regulation, RegulationVersion
from gexin.innovation.regulations import Change, compare, revised_regulations, text_diff
from gexin.innovation.tests.factories_trials import CLAUSES, examples, make_regulation

pytestmark = pytest.mark.django_db


class TestRegulationPages(ViewContract):
    app = "innovation"
    model_name = "regulation"
    has_export = False

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["regulation"], "out_of_scope": found["b_regulation"]}

    def valid_edit(self, world, obj):
        return {
            "unit_ref": "plant-a-turning",
            "code": "R-7",
            "title": "Operating regulation of mill 2",
            "kind": "operating",
        }

    def invalid_edit(self, world, obj):
        return {"unit_ref": "plant-a-turning", "code": "R-7", "title": "", "kind": "rule"}, "title"


class TestRegulationVersionPages(ViewContract):
    app = "innovation"
    model_name = "regulationversion"
    has_export = False

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["version"], "out_of_scope": found["b_version"]}

    def valid_edit(self, world, obj):
        return {
            "reason": "A week of measurement proved 13 and even 14 passes safe.",
            "trial": examples(world)["trial"].pk,
            "evidence_note": "Measured on mill 2, 3–9 March.",
        }

    def invalid_edit(self, world, obj):
        return {"reason": "Measured", "trial": examples(world)["b_trial"].pk}, "trial"


def mill_rule(world, **fields):
    return make_regulation(world.units["plant-a-turning"], world.users["admin"], CLAUSES, **fields)


def version_url(version, action="detail"):
    return reverse(f"innovation:regulationversion_{action}", args=[version.pk])


# A new regulation and a revision


def test_a_new_regulation_gets_its_clauses_as_a_first_draft(world, client_for):
    response = client_for("leader_a").post(
        reverse("innovation:regulation_add"),
        {
            "unit_ref": "plant-a-turning",
            "code": "R-9",
            "title": "Lathe safety",
            "kind": "rule",
            "clauses": "1. Wear goggles.\n2. Stop the lathe to measure.\n第3条 不得戴手套。",
        },
    )
    assert response.status_code == 302
    version = Regulation.objects.get(code="R-9").versions.get()
    assert (version.number, version.status) == (1, VersionStatus.DRAFT)
    assert [c.number for c in version.ordered_clauses()] == ["1", "2", "第3条"]
    # The first version records the rule as it stands: it needs no reason or evidence.
    assert version.missing_for_decision() == []


def test_a_revision_starts_as_a_draft_copy_of_the_clauses_in_force(world, client_for):
    regulation = mill_rule(world)
    response = client_for("leader_a").post(
        reverse("innovation:regulationversion_add"), {"regulation": regulation.pk}
    )
    assert response.status_code == 302
    draft = regulation.versions.get(number=2)
    assert draft.status == VersionStatus.DRAFT
    assert draft.drafted_by == world.users["leader_a"]
    assert [(c.number, c.text) for c in draft.ordered_clauses()] == CLAUSES
    assert regulation.current_version().number == 1


def test_only_one_draft_is_open_at_a_time(world, client_for):
    regulation = mill_rule(world)
    regulation.start_revision(world.users["leader_a"])
    response = client_for("leader_a").post(
        reverse("innovation:regulationversion_add"), {"regulation": regulation.pk}
    )
    assert response.status_code == 400
    assert "still a draft" in str(response.context["form"].errors["regulation"])
    with pytest.raises(ValidationError):
        regulation.start_revision(world.users["leader_a"])


def test_a_draft_is_edited_clause_by_clause(world, client_for):
    regulation = mill_rule(world)
    draft = regulation.start_revision(world.users["leader_a"])
    clause = draft.clauses.get(number="2")
    client = client_for("leader_a")
    response = client.post(
        reverse("innovation:clause_edit", args=[clause.pk]),
        {"number": "2", "text": "The motor current must not exceed 45 A."},
    )
    assert response.status_code == 302
    added = client.post(
        reverse("innovation:clause_add") + f"?version={draft.pk}",
        {"number": "4", "text": "Record every pass."},
    )
    assert added.status_code == 302
    twice = client.post(
        reverse("innovation:clause_add") + f"?version={draft.pk}", {"number": "4", "text": "x"}
    )
    assert twice.status_code == 400
    assert twice.context["form"].errors["number"]
    # The version in force is untouched.
    assert regulation.current_version().clauses.get(number="2").text == CLAUSES[1][1]


# Submission and approval


def test_a_revision_without_reason_or_evidence_cannot_be_submitted(world, client_for):
    draft = mill_rule(world).start_revision(world.users["leader_a"])
    response = client_for("leader_a").post(version_url(draft, "submit"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.submitted_at is None
    page = client_for("leader_a").get(version_url(draft)).content.decode()
    assert "A revision must give its reason." in page
    assert "A revision must cite its evidence" in page
    with pytest.raises(ValidationError) as refused:
        draft.submit(world.users["leader_a"])
    assert "cite its evidence" in " ".join(refused.value.messages)


def test_a_trial_or_a_written_note_is_evidence(world):
    draft = mill_rule(world).start_revision(
        world.users["leader_a"], reason="Safe at 45 A", evidence_note="Motor rated 55 A."
    )
    draft.submit(world.users["leader_a"])
    assert draft.is_submitted
    with_trial = mill_rule(world, code="R-8").start_revision(
        world.users["leader_a"], reason="13 passes", trial=examples(world)["trial"]
    )
    with_trial.submit(world.users["leader_a"])
    assert with_trial.is_submitted


def test_the_manager_approves_and_the_old_version_is_superseded(world, client_for):
    regulation = mill_rule(world)
    draft = regulation.start_revision(
        world.users["leader_a"], reason="13 passes proved safe", trial=examples(world)["trial"]
    )
    draft.submit(world.users["leader_a"])
    client = client_for("manager_a")
    assert client.get(version_url(draft, "approve")).status_code == 200
    response = client.post(version_url(draft, "approve"), {"note": "Approved on the trial."})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.APPROVED
    assert draft.approved_by == world.users["manager_a"]
    assert draft.approved_on == datetime.date.today()
    assert draft.decision_note == "Approved on the trial."
    assert regulation.versions.get(number=1).status == VersionStatus.SUPERSEDED
    assert regulation.current_version() == draft


def test_a_leader_may_draft_but_not_approve(world, client_for):
    draft = mill_rule(world).start_revision(world.users["leader_a"], reason="r", evidence_note="e")
    draft.submit(world.users["leader_a"])
    client = client_for("leader_a")
    assert client.get(version_url(draft, "approve")).status_code == 403
    assert client.post(version_url(draft, "approve"), {"note": ""}).status_code == 403
    assert client.post(version_url(draft, "reject"), {"note": "no"}).status_code == 403
    with pytest.raises(ValidationError) as refused:
        draft.approve(world.users["leader_a"])
    assert "manager" in " ".join(refused.value.messages)
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_a_draft_must_be_submitted_before_it_is_decided(world):
    draft = mill_rule(world).start_revision(world.users["leader_a"], reason="r", evidence_note="e")
    with pytest.raises(ValidationError) as refused:
        draft.approve(world.users["manager_a"])
    assert "submitted for approval first" in " ".join(refused.value.messages)


def test_a_draft_without_reason_or_evidence_cannot_be_approved(world):
    draft = mill_rule(world).start_revision(world.users["leader_a"], reason="r", evidence_note="e")
    draft.submit(world.users["leader_a"])
    # The evidence removed behind the form's back: approval checks again.
    RegulationVersion.objects.filter(pk=draft.pk).update(evidence_note="", reason="")
    draft.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        draft.approve(world.users["manager_a"])
    messages = " ".join(refused.value.messages)
    assert "give its reason" in messages and "cite its evidence" in messages


def test_an_approved_version_cannot_be_edited(world, client_for):
    regulation = mill_rule(world)
    in_force = regulation.current_version()
    clause = in_force.clauses.first()
    clause.text = "Roll in 15 passes."
    with pytest.raises(ValidationError) as refused:
        clause.save()
    assert "cannot be changed" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError):
        Clause.objects.create(version=in_force, number="9", text="New")
    client = client_for("manager_a")
    assert client.get(version_url(in_force, "edit")).status_code == 403
    edit_clause = client.post(
        reverse("innovation:clause_edit", args=[clause.pk]), {"number": "1", "text": "x"}
    )
    assert edit_clause.status_code == 302
    assert Clause.objects.get(pk=clause.pk).text == CLAUSES[0][1]
    assert client.post(version_url(in_force, "delete")).status_code == 403


def test_a_submitted_draft_is_frozen_until_decided(world):
    draft = mill_rule(world).start_revision(world.users["leader_a"], reason="r", evidence_note="e")
    draft.submit(world.users["leader_a"])
    with pytest.raises(ValidationError) as refused:
        Clause.objects.create(version=draft, number="9", text="Late addition")
    assert "awaits its decision" in " ".join(refused.value.messages)


def test_a_rejection_says_why_and_leaves_the_rule_in_force(world, client_for):
    regulation = mill_rule(world)
    draft = regulation.start_revision(world.users["leader_a"], reason="r", evidence_note="e")
    draft.submit(world.users["leader_a"])
    client = client_for("manager_a")
    silent = client.post(version_url(draft, "reject"), {"note": " "})
    assert silent.status_code == 400
    assert silent.context["form"].errors["note"]
    response = client.post(version_url(draft, "reject"), {"note": "Measure a second week."})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.REJECTED
    assert draft.decision_note == "Measure a second week."
    assert regulation.current_version().number == 1
    with pytest.raises(ValidationError):
        draft.approve(world.users["manager_a"])
    # A new revision can be started once the draft is decided.
    assert regulation.start_revision(world.users["leader_a"]).number == 3


# Comparing versions


class Text:
    def __init__(self, number, text):
        self.number, self.text = number, text


def test_the_comparison_finds_added_removed_and_changed_clauses():
    old = [Text("1", "Roll in 12 passes."), Text("2", "Stop at 40 A."), Text("3", "Oil daily.")]
    new = [Text("1", "Roll in 12 passes."), Text("2", "Stop at 45 A."), Text("10", "Log it.")]
    changes = {change.number: change for change in compare(old, new)}
    assert [change.number for change in compare(old, new)] == ["1", "2", "3", "10"]
    assert changes["1"].change == Change.SAME
    assert changes["2"].change == Change.CHANGED
    assert str(changes["2"].marked) == "Stop at <del>40</del><ins>45</ins> A."
    assert changes["3"].change == Change.REMOVED
    assert str(changes["3"].marked) == "<del>Oil daily.</del>"
    assert changes["10"].change == Change.ADDED


def test_chinese_text_is_compared_character_by_character():
    marked = str(text_diff("电动机电流不得超过40安培", "电动机电流不得超过45安培，报警即停车"))
    assert marked == "电动机电流不得超过<del>40</del><ins>45</ins>安培<ins>，报警即停车</ins>"


def test_the_diff_escapes_the_text():
    assert str(text_diff("a <b>", "a <i>")) == "a &lt;<del>b</del><ins>i</ins>&gt;"


def test_the_version_page_shows_the_revision_against_the_version_before(world, client_for):
    regulation = mill_rule(world)
    draft = regulation.start_revision(world.users["leader_a"])
    clause = draft.clauses.get(number="2")
    clause.text = "The motor current must not exceed 45 A; stop the mill at the alarm."
    clause.save()
    draft.clauses.get(number="3").delete()
    Clause.objects.create(version=draft, number="4", text="Record each pass.")
    body = client_for("worker_a").get(version_url(draft)).content.decode()
    assert "Compared with version 1" in body
    assert "exceed <del>40</del><ins>45</ins> A" in body
    assert 'data-change="removed"' in body
    assert "<ins>Record each pass.</ins>" in body
    assert "Clauses that differ from the previous version: 3" in body


# What a campaign revised


def test_a_campaign_counts_the_rules_it_revised(world):
    unit = world.units["plant-a"]
    march = Campaign.objects.create(
        unit=unit,
        title="March campaign",
        starts_on=datetime.date(1958, 3, 1),
        ends_on=datetime.date(1958, 3, 31),
    )
    other = Campaign.objects.create(
        unit=unit,
        title="April",
        starts_on=datetime.date(1958, 4, 1),
        ends_on=datetime.date(1958, 4, 30),
    )
    manager = world.users["manager_a"]

    def revise(regulation, campaign, approve=True):
        draft = regulation.start_revision(manager, reason="r", evidence_note="e", campaign=campaign)
        draft.submit(manager)
        if approve:
            draft.approve(manager)
        return draft

    revised_twice = mill_rule(world, code="R-1")
    revise(revised_twice, march)
    revise(revised_twice, march)  # the first revision is superseded; the rule counts once
    revise(mill_rule(world, code="R-2"), march)
    revise(mill_rule(world, code="R-3"), march, approve=False)  # still awaiting approval
    revise(mill_rule(world, code="R-4"), other)
    # A first version drafted in the campaign is a new rule, not a revised one.
    new_rule = Regulation.objects.create(unit=unit, title="New rule")
    first = RegulationVersion.objects.create(regulation=new_rule, number=1, campaign=march)
    Clause.objects.create(version=first, number="1", text="x")
    first.submit(manager)
    first.approve(manager)
    found = revised_regulations(march)
    assert sorted(found.values_list("code", flat=True)) == ["R-1", "R-2"]
    assert found.count() == 2
    assert found.restrict(world.user("worker_b"), "view").count() == 0
