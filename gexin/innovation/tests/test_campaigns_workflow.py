"""From a problem on the wall to a verified key issue, counted by the campaign."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gexin.innovation import services
from gexin.innovation.choices import KeyIssueStatus, ProblemStatus
from gexin.innovation.models import Attachment, KeyIssue, Problem, ProblemMerge
from gexin.innovation.tests.factories import examples, make_problem, png_upload

pytestmark = pytest.mark.django_db


def test_a_worker_posts_a_problem_with_a_photo_and_it_is_ranked_attacked_solved_and_verified(
    world, client_for
):
    found = examples(world)
    campaign, team = found["campaign"], found["team"]
    worker = client_for("worker_a")
    response = worker.post(
        reverse("innovation:problem_add"),
        {
            "campaign": campaign.pk,
            "unit_ref": "plant-a-turning",
            "title": "Coolant pipe job takes 12 hours",
            "description": "A hundred pipes take 12 hours; the tool blunts.",
            "category": "technical",
            "photo": png_upload("pipe.png"),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    problem = Problem.objects.get(title="Coolant pipe job takes 12 hours")
    assert list(problem.authors.all()) == [world.people["worker_a"]]
    photo = problem.attachments.get()
    assert photo.content_type == "image/png" and photo.original_name == "pipe.png"
    assert not photo.file.name.endswith("pipe.png")  # stored under a generated name
    assert worker.get(photo.get_absolute_url()).status_code == 200
    assert client_for("worker_b").get(photo.get_absolute_url()).status_code == 404

    manager = client_for("manager_a")
    response = manager.post(
        reverse("innovation:keyissue_add"),
        {
            "campaign": campaign.pk,
            "problem_ids": str(problem.pk),
            "unit_ref": "plant-a-turning",
            "title": "Tool angle and coolant",
            "priority": "1",
            "method": "fortress",
            "owner_team": team.pk,
            "owner_unit_ref": "plant-a-turning",
            "ranked_on": datetime.date.today().isoformat(),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    key_issue = KeyIssue.objects.get(title="Tool angle and coolant")
    assert key_issue.is_fortress
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RANKED
    board = worker.get(reverse("innovation:fortress_board")).content.decode()
    assert "Tool angle and coolant" in board

    response = worker.post(
        reverse("innovation:keyissue_propose", args=[key_issue.pk]),
        {"text": "Grind the tool to a new angle and cool it"},
    )
    assert response.status_code == 302
    assert key_issue.proposed_solutions.get().author == world.people["worker_a"]

    leader = client_for("leader_a")
    assert (
        leader.post(reverse("innovation:keyissue_attack", args=[key_issue.pk])).status_code == 302
    )
    today = datetime.date.today().isoformat()
    response = leader.post(
        reverse("innovation:keyissue_verify", args=[key_issue.pk]),
        {"passed": "1", "note": "", "checked_on": today},
    )
    assert response.status_code == 400
    assert "cannot become" in str(response.context["form"].non_field_errors())
    response = leader.post(
        reverse("innovation:keyissue_solve", args=[key_issue.pk]),
        {"solution": "New tool angle and coolant: 7.5 hours", "solved_on": today},
    )
    assert response.status_code == 302
    response = leader.post(
        reverse("innovation:keyissue_verify", args=[key_issue.pk]),
        {"passed": "0", "note": "", "checked_on": today},
    )
    assert response.status_code == 400  # a failed check must say why
    response = leader.post(
        reverse("innovation:keyissue_verify", args=[key_issue.pk]),
        {"passed": "1", "note": "A week of production held the time", "checked_on": today},
    )
    assert response.status_code == 302
    key_issue.refresh_from_db()
    assert key_issue.status == KeyIssueStatus.VERIFIED

    page = worker.get(campaign.get_absolute_url()).content.decode()
    assert 'data-figure="verified">1<' in page
    assert 'data-figure="solved">1<' in page
    assert 'data-figure="key_issues">2<' in page
    assert 'data-figure="problems">3<' in page


def test_the_summary_api_counts_the_campaign(world, api_for):
    found = examples(world)
    key_issue = found["keyissue"]
    key_issue.start_attack()
    key_issue.solve("Pre-assembled roll sets", datetime.date.today())
    data = api_for("worker_a").get(f"/api/v1/campaigns/{found['campaign'].pk}/summary/").json()
    assert data["problems"] == 2
    assert data["key_issues"] == 1
    assert data["solved"] == 1
    assert data["verified"] == 0
    assert data["rules_revised"] == 0
    assert data["by_method"]["fortress"] == {"key_issues": 1, "solved": 1}
    assert data["by_team"]["Key-issue team 1"] == {"key_issues": 0, "solved": 0}


def test_a_duplicate_is_merged_keeping_every_author_and_supporter(world, client_for):
    found = examples(world)
    problem, duplicate = found["problem"], found["duplicate"]
    duplicate.supporters.add(world.people["leader_a"])
    response = client_for("leader_a").post(
        reverse("innovation:problem_merge", args=[duplicate.pk]),
        {"into": problem.pk, "note": "same roll change"},
    )
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.status == ProblemStatus.MERGED and duplicate.merged_into == problem
    assert set(problem.authors.all()) == {world.people["worker_a"], world.people["turner_a"]}
    assert world.people["leader_a"] in problem.supporters.all()
    merge = ProblemMerge.objects.get(duplicate=duplicate)
    assert merge.into == problem and merge.authors_added == 1 and merge.supporters_added == 1
    response = client_for("leader_a").get(reverse("innovation:problem_merge", args=[duplicate.pk]))
    assert response.status_code == 403  # merged once, never again


def test_support_is_given_and_taken_back(world, client_for):
    problem = examples(world)["problem"]
    url = reverse("innovation:problem_support", args=[problem.pk])
    client = client_for("worker_a")
    client.post(url)
    assert list(problem.supporters.all()) == [world.people["worker_a"]]
    client.post(url)
    assert not problem.supporters.exists()


def test_a_file_that_is_not_a_photo_or_pdf_is_refused_by_its_content(world, client_for):
    problem = examples(world)["problem"]
    before = Attachment.objects.count()
    response = client_for("manager_a").post(
        reverse("innovation:problem_attach", args=[problem.pk]),
        {"file": SimpleUploadedFile("photo.png", b"<script>alert(1)</script>"), "caption": ""},
    )
    assert response.status_code == 400
    assert "Only photos" in str(response.context["form"].errors["file"])
    assert Attachment.objects.count() == before


def test_a_fortress_is_seen_and_attacked_across_the_plant_but_not_beyond(world, client_for):
    from gexin.org.models import Unit
    from gexin.org.tests.factories import UnitFactory

    found = examples(world)
    other_group = UnitFactory(
        parent=Unit.objects.get(code="plant-a-machine"),
        code="plant-a-other",
        name="Other group",
        kind="union_group",
    )
    fortress = make_problem(other_group, [world.people["turner_a"]], found["campaign"])
    key_issue = KeyIssue.objects.create(
        unit=other_group, title="Other group fortress", is_fortress=True, method="fortress"
    )
    assert fortress.pk
    assert client_for("worker_a").get(key_issue.get_absolute_url()).status_code == 200
    assert client_for("worker_b").get(key_issue.get_absolute_url()).status_code == 404
    # Under one enterprise, each plant's wall is still its own.
    Unit.objects.filter(code="hubei").update(kind="enterprise")
    b_fortress = found["b_solution"].key_issue
    assert client_for("worker_a").get(b_fortress.get_absolute_url()).status_code == 404
    response = client_for("worker_a").post(
        reverse("innovation:keyissue_propose", args=[key_issue.pk]), {"text": "Try a jig"}
    )
    assert response.status_code == 302
    assert key_issue.proposed_solutions.count() == 1


def test_the_fortress_prints_as_a_one_page_poster(world, client_for):
    from io import BytesIO

    from pypdf import PdfReader

    key_issue = examples(world)["keyissue"]
    key_issue.title = "快速换辊"
    key_issue.save()
    response = client_for("worker_a").get(
        reverse("innovation:keyissue_poster", args=[key_issue.pk])
    )
    assert response.status_code == 200
    reader = PdfReader(BytesIO(response.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "快速换辊" in text
    assert "Pre-assemble the roll sets" in text


def test_a_trials_evidence_carries_a_revision_that_a_manager_approves_and_the_campaign_counts(
    world, client_for
):
    from gexin.innovation.choices import VersionStatus
    from gexin.innovation.models import RegulationVersion
    from gexin.innovation.tests.factories_trials import (
        CLAUSES,
        make_regulation,
        make_trial,
        make_variable,
    )

    found = examples(world)
    campaign, unit = found["campaign"], found["unit"]
    regulation = make_regulation(unit, world.users["admin"], CLAUSES)
    trial = make_trial(unit, campaign=campaign, key_issue=found["keyissue"])
    make_variable(
        trial,
        "output per shift",
        baseline=("41.0", "40.2", "42.1", "40.8", "41.5"),
        changed=("44.9", "45.3", "43.8", "45.0", "44.6"),
        measured_in="t",
        direction="higher",
    )
    leader = client_for("leader_a")
    response = leader.post(
        reverse("innovation:regulationversion_add"),
        {
            "regulation": regulation.pk,
            "reason": "A week of measurement proved 13 passes safe",
            "trial": trial.pk,
            "key_issue": found["keyissue"].pk,
            "campaign": campaign.pk,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    draft = RegulationVersion.objects.get(regulation=regulation, number=2)
    assert draft.clauses.count() == len(CLAUSES)  # copied from the version in force
    leader.post(reverse("innovation:regulationversion_submit", args=[draft.pk]))
    # A group leader may draft and submit, not approve.
    approve = reverse("innovation:regulationversion_approve", args=[draft.pk])
    assert leader.post(approve, {"note": ""}).status_code == 403
    assert client_for("manager_a").post(approve, {"note": "Proved by the trial"}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.APPROVED
    assert regulation.versions.get(number=1).status == VersionStatus.SUPERSEDED

    page = client_for("worker_a").get(campaign.get_absolute_url()).content.decode()
    assert 'data-figure="rules_revised">1<' in page
    key_issue_page = client_for("worker_a").get(found["keyissue"].get_absolute_url())
    assert trial.title in key_issue_page.content.decode()
    assert str(draft) in key_issue_page.content.decode()


def test_a_key_issue_is_attacked_before_it_is_solved_and_a_merge_keeps_it_editable(
    world, client_for
):
    found = examples(world)
    key_issue, problem, duplicate = found["keyissue"], found["problem"], found["duplicate"]
    with pytest.raises(ValidationError, match="cannot become"):
        key_issue.solve("Pre-assembled roll sets")
    # The key issue ranked from the duplicate follows the problem it is merged into.
    services.rank(key_issue, [duplicate])
    duplicate.merge_into(problem, world.users["leader_a"])
    assert list(key_issue.problems.all()) == [problem]
    form = client_for("manager_a").get(reverse("innovation:keyissue_edit", args=[key_issue.pk]))
    assert form.context["form"].initial["problem_ids"] == str(problem.pk)
    # Neither side of a merge can be deleted: the record of the merge stays.
    response = client_for("admin").post(reverse("innovation:problem_delete", args=[problem.pk]))
    assert Problem.objects.filter(pk=problem.pk).exists()
    assert response["Location"] == problem.get_absolute_url()


def test_odd_digits_in_the_query_are_ignored_not_a_server_error(world, client_for):
    client = client_for("manager_a")
    for url in (
        "/problems/add/?campaign=%C2%B2",
        "/key-issues/add/?problems=%C2%B2",
        "/fortresses/?campaign=%C2%B2",
    ):
        assert client.get(url).status_code == 200, url
