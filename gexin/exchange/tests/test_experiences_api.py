"""The API of experiences, their pictures and adoptions: the shared contract where it
fits, the push and the answers, and the fields only the server sets."""

import datetime

import pytest

from gexin.core.testing import APIContract
from gexin.exchange.choices import AdoptionStatus
from gexin.exchange.models import Adoption, Experience, ExperienceAttachment
from gexin.exchange.tests.factories_experiences import (
    examples,
    make_adoption,
    manager_of_plant_b,
    png_upload,
    workshops,
)
from gexin.exchange.tests.test_experiences_origins import adopted_proposal, solved_key_issue

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


class SharedAPI:
    """Shared objects: the other plant's is listed and read, never changed."""

    def test_list_holds_only_what_is_in_scope(self, world, api_for):
        objs = self.objects(world)
        response = api_for(self.viewer).get(self.list_url(), {"page_size": 1000})
        assert response.status_code == 200
        ids = {row["id"] for row in response.json()["results"]}
        assert {objs["in_scope"].pk, objs["out_of_scope"].pk} <= ids
        assert api_for("stranger").get(self.list_url()).status_code == 403

    def test_out_of_scope_is_not_found(self, world, api_for):
        obj = self.objects(world)["out_of_scope"]
        api = api_for(self.editor)
        assert api.get(self.detail_url(obj)).status_code == 200
        patched = api.patch(self.detail_url(obj), self.valid_patch(world, obj), format="json")
        assert patched.status_code == 403
        assert api.delete(self.detail_url(obj)).status_code == 403
        assert api_for("stranger").get(self.detail_url(obj)).status_code == 404


class TestExperienceAPI(SharedAPI, APIContract):
    endpoint = "experiences"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["experience"], "out_of_scope": found["b_experience"]}

    def valid_patch(self, world, obj):
        return {"title": "Fast roll change with pre-assembled sets"}

    def valid_create(self, world):
        return {
            "unit": "plant-a-machine",
            "title": "Hot-charging the ingots",
            "problem": "Cold ingots wait hours for the soaking pit.",
            "method": "Charge the ingots hot, straight from the stripper.",
            "people": ["A-002"],
            "figure_label": "hours in the pit",
            "before_value": "6",
            "after_value": "4",
            "direction": "lower",
        }


class TestAdoptionAPI(SharedAPI, APIContract):
    endpoint = "adoptions"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["adoption"], "out_of_scope": found["b_adoption"]}

    def valid_patch(self, world, obj):
        return {"check_due": (TODAY + datetime.timedelta(days=40)).isoformat()}


def test_a_created_experience_records_its_author_and_refuses_to_be_told_otherwise(world, api_for):
    data = TestExperienceAPI().valid_create(world)
    api = api_for("manager_a")
    response = api.post("/api/v1/experiences/", data, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["created_by"] == "manager_a"
    assert response.json()["improvement"] == "33.3"
    assert response.json()["work_type"] == "machining"  # the source unit's
    refused = api.post("/api/v1/experiences/", {**data, "created_by": "admin"}, format="json")
    assert refused.status_code == 400
    assert "created_by" in refused.json()


def test_the_source_unit_must_be_ones_own(world, api_for):
    data = {**TestExperienceAPI().valid_create(world), "unit": "plant-b-rolling"}
    response = api_for("manager_a").post("/api/v1/experiences/", data, format="json")
    assert response.status_code == 400
    assert "unit" in response.json()


def test_created_from_a_solved_key_issue_or_an_adopted_proposal(world, api_for):
    api = api_for("manager_a")
    key_issue = solved_key_issue(world)
    data = {**TestExperienceAPI().valid_create(world), "key_issue": key_issue.pk}
    response = api.post("/api/v1/experiences/", data, format="json")
    assert response.status_code == 201, response.json()
    assert Experience.objects.get(pk=response.json()["id"]).key_issue == key_issue
    # The origin is set once, on creation.
    patched = api.patch(
        f"/api/v1/experiences/{response.json()['id']}/", {"key_issue": None}, format="json"
    )
    assert patched.status_code == 200
    assert Experience.objects.get(pk=response.json()["id"]).key_issue == key_issue
    moved = api.patch(
        f"/api/v1/experiences/{response.json()['id']}/",
        {"proposal": adopted_proposal(world).pk},
        format="json",
    )
    assert moved.status_code == 400


def test_an_origin_not_ready_or_out_of_sight_is_refused(world, api_for):
    api = api_for("manager_a")
    open_issue = solved_key_issue(world, solve=False)
    hidden = solved_key_issue(world, "plant-b-shift-1")
    for origin, reason in ((open_issue, "only a solved"), (hidden, "among those you may see")):
        data = {**TestExperienceAPI().valid_create(world), "key_issue": origin.pk}
        response = api.post("/api/v1/experiences/", data, format="json")
        assert response.status_code == 400
        assert reason in str(response.json())
    assert not Experience.objects.filter(key_issue__in=[open_issue, hidden]).exists()


def test_push_and_spread(world, api_for):
    experience = examples(world)["experience"]
    workshops(world)
    url = f"/api/v1/experiences/{experience.pk}/push/"
    due = (TODAY + datetime.timedelta(days=14)).isoformat()
    assert api_for("worker_b").get(url).status_code == 200  # GET shows the experience
    assert (
        api_for("leader_a").post(url, {"units": ["plant-b-mill-1"]}, format="json").status_code
        == 403
    )
    response = api_for("manager_a").post(
        url, {"units": ["plant-b-mill-1", "plant-b-mill-2"], "check_due": due}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert [row["unit"] for row in response.json()] == ["plant-b-mill-1", "plant-b-mill-2"]
    assert all(
        row["check_due"] == due and row["pushed_by"] == "manager_a" for row in response.json()
    )
    again = api_for("manager_a").post(url, {"units": ["plant-b-mill-1"]}, format="json")
    assert again.status_code == 400
    assert "already holds" in str(again.json())
    unknown = api_for("manager_a").post(url, {"units": ["nowhere"]}, format="json")
    assert unknown.status_code == 400
    summary = api_for("worker_b").get(f"/api/v1/experiences/{experience.pk}/spread/").json()
    assert summary["pushed"] == 3 and summary["adopted"] == 0 and summary["overdue"] == 0
    assert {row["unit"] for row in summary["adoptions"]} >= {"plant-b-mill-1", "plant-b-mill-2"}


def test_a_plant_manager_pulls_into_its_own_units_through_the_api(world, api_for):
    experience = examples(world)["experience"]
    workshops(world)
    manager_of_plant_b(world)
    url = f"/api/v1/experiences/{experience.pk}/push/"
    api = api_for("manager_b")
    refused = api.post(url, {"units": ["plant-b-mill-1", "plant-a-machine"]}, format="json")
    assert refused.status_code == 403
    assert api.post(url, {"units": ["plant-b-mill-1"]}, format="json").status_code == 201


def test_the_receiving_unit_adopts_or_declines_through_the_actions(world, api_for):
    experience = examples(world)["experience"]
    mill_1, mill_2 = workshops(world)[:2]
    first = make_adoption(experience, mill_1, world.users["manager_a"])
    second = make_adoption(experience, mill_2, world.users["manager_a"])
    adopt = f"/api/v1/adoptions/{first.pk}/adopt/"
    body = {
        "adopted_on": TODAY.isoformat(),
        "how": "Learned at plant A",
        "before_value": "100",
        "after_value": "50",
        "result": "Halved",
    }
    assert api_for("manager_a").post(adopt, body, format="json").status_code == 403
    response = api_for("tech_1_b").post(adopt, body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "adopted"
    assert response.json()["improvement"] == "50.0"
    assert response.json()["recorded_by"] == "tech_1_b"
    twice = api_for("tech_1_b").post(adopt, body, format="json")
    assert twice.status_code == 400
    no_reason = api_for("tech_2_b").post(
        f"/api/v1/adoptions/{second.pk}/decline/", {"reason": ""}, format="json"
    )
    assert no_reason.status_code == 400
    declined = api_for("tech_2_b").post(
        f"/api/v1/adoptions/{second.pk}/decline/", {"reason": "No crane"}, format="json"
    )
    assert declined.status_code == 200
    assert declined.json()["status"] == "declined"


@pytest.mark.parametrize(
    "field,value",
    [
        ("status", "adopted"),
        ("pushed_by", "admin"),
        ("recorded_by", "admin"),
        ("unit", "plant-b-rolling"),
        ("experience", 1),
    ],
)
def test_fields_only_the_server_sets_are_refused(world, api_for, field, value):
    adoption = examples(world)["adoption"]
    response = api_for("manager_a").patch(
        f"/api/v1/adoptions/{adoption.pk}/", {field: value}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    adoption.refresh_from_db()
    assert adoption.status == AdoptionStatus.PUSHED
    assert adoption.pushed_by == world.users["manager_a"]


def test_an_awaited_adoption_takes_no_recorded_figures(world, api_for):
    adoption = examples(world)["adoption"]
    response = api_for("manager_a").patch(
        f"/api/v1/adoptions/{adoption.pk}/", {"how": "Quietly"}, format="json"
    )
    assert response.status_code == 400
    assert "how" in response.json()


def test_adoptions_are_made_only_by_pushing(world, api_for):
    found = examples(world)
    response = api_for("admin").post(
        "/api/v1/adoptions/",
        {"experience": found["experience"].pk, "unit": "plant-b-rolling"},
        format="json",
    )
    assert response.status_code == 405
    assert not Adoption.objects.filter(unit__code="plant-b-rolling").exists()


def test_overdue_filter(world, api_for):
    found = examples(world)
    Adoption.objects.filter(pk=found["b_adoption"].pk).update(
        check_due=TODAY - datetime.timedelta(days=2)
    )
    rows = api_for("worker_a").get("/api/v1/adoptions/", {"is_overdue": "true"}).json()["results"]
    assert [row["id"] for row in rows] == [found["b_adoption"].pk]
    assert rows[0]["is_overdue"] is True


def test_pictures_are_uploaded_listed_and_deleted(world, api_for):
    experience = examples(world)["experience"]
    api = api_for("manager_a")
    response = api.post(
        "/api/v1/experience-attachments/",
        {"experience": experience.pk, "file": png_upload(), "caption": "Rack"},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["is_image"] and created["content_type"] == "image/png"
    assert created["url"] == f"/experience-attachments/{created['id']}/"
    listed = (
        api_for("worker_b")
        .get("/api/v1/experience-attachments/", {"experience": experience.pk})
        .json()["results"]
    )
    assert created["id"] in {row["id"] for row in listed}
    url = f"/api/v1/experience-attachments/{created['id']}/"
    assert api.patch(url, {"caption": "x"}, format="json").status_code == 405
    assert api_for("worker_b").delete(url).status_code == 403
    assert api.delete(url).status_code == 204
    assert not ExperienceAttachment.objects.filter(pk=created["id"]).exists()


def test_an_upload_that_is_no_image_or_not_ones_own_is_refused(world, api_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    found = examples(world)
    text = SimpleUploadedFile("photo.png", b"not an image at all")
    response = api_for("manager_a").post(
        "/api/v1/experience-attachments/",
        {"experience": found["experience"].pk, "file": text},
        format="multipart",
    )
    assert response.status_code == 400
    assert "Only photos" in str(response.json())
    other = api_for("manager_a").post(
        "/api/v1/experience-attachments/",
        {"experience": found["b_experience"].pk, "file": png_upload()},
        format="multipart",
    )
    assert other.status_code == 403
    assert (
        api_for("worker_a")
        .post(
            "/api/v1/experience-attachments/",
            {"experience": found["experience"].pk, "file": png_upload()},
            format="multipart",
        )
        .status_code
        == 403
    )


# --- An answer stays on record ---


def test_an_answered_adoption_is_not_deleted_and_its_experience_stays(world, api_for):
    from decimal import Decimal

    from gexin.exchange import spread

    found = examples(world)
    adoption = found["adoption"]
    spread.record_adoption(
        adoption,
        adopted_on=TODAY,
        how="Learned at the machine shop",
        before_value=Decimal("100"),
        after_value=Decimal("80"),
        result="",
        user=world.user("leader_a"),
    )
    api = api_for("manager_a")
    response = api.delete(f"/api/v1/adoptions/{adoption.pk}/")
    assert response.status_code == 400
    assert "stays on record" in str(response.json())
    assert Adoption.objects.get(pk=adoption.pk).status == AdoptionStatus.ADOPTED
    assert api.delete(f"/api/v1/experiences/{found['experience'].pk}/").status_code == 400
    assert api_for("worker_b").delete(f"/api/v1/adoptions/{adoption.pk}/").status_code == 403


def test_an_unanswered_push_is_withdrawn_by_the_pusher_side_through_the_api(world, api_for):
    experience = examples(world)["experience"]
    mill = workshops(world)[0]
    adoption = make_adoption(experience, mill, world.users["manager_a"])
    assert api_for("tech_1_b").delete(f"/api/v1/adoptions/{adoption.pk}/").status_code == 403
    assert api_for("manager_a").delete(f"/api/v1/adoptions/{adoption.pk}/").status_code == 204
    assert not Adoption.objects.filter(pk=adoption.pk).exists()


# --- The check date: the check-due action ---


def check_due(adoption):
    return f"/api/v1/adoptions/{adoption.pk}/check-due/"


def test_the_pusher_moves_the_check_date_through_the_check_due_action(world, api_for):
    experience = examples(world)["experience"]
    mill = workshops(world)[0]
    adoption = make_adoption(experience, mill, world.users["manager_a"], pushed_on=TODAY)
    later = (TODAY + datetime.timedelta(days=60)).isoformat()
    api = api_for("manager_a")
    # Editing stays with the receiving unit; the pusher has the action.
    patched = api.patch(f"/api/v1/adoptions/{adoption.pk}/", {"check_due": later}, format="json")
    assert patched.status_code == 403
    response = api.post(check_due(adoption), {"check_due": later}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["check_due"] == later and response.json()["status"] == "pushed"
    assert str(Adoption.objects.get(pk=adoption.pk).check_due) == later
    assert api.get(check_due(adoption)).status_code == 405
    for user in ("tech_1_b", "worker_b", "leader_a"):
        refused = api_for(user).post(check_due(adoption), {"check_due": TODAY}, format="json")
        assert refused.status_code == 403, user
    manager_of_plant_b(world)
    assert (
        api_for("manager_b").post(check_due(adoption), {"check_due": later}, format="json")
    ).status_code == 200


@pytest.mark.parametrize(
    "body,reason",
    [
        ({"check_due": "1999-01-01"}, "before the push"),
        ({"check_due": "2300-01-01"}, "between 1900 and 2199"),
        ({}, "required"),
    ],
)
def test_the_check_due_action_refuses_a_date_it_cannot_take(world, api_for, body, reason):
    adoption = examples(world)["adoption"]
    response = api_for("manager_a").post(check_due(adoption), body, format="json")
    assert response.status_code == 400
    assert reason in str(response.json()["check_due"])


def test_the_check_date_of_an_answered_push_is_not_moved(world, api_for):
    experience = examples(world)["experience"]
    mill = workshops(world)[0]
    adoption = make_adoption(experience, mill, world.users["manager_a"], pushed_on=TODAY)
    assert (
        api_for("tech_1_b")
        .post(f"/api/v1/adoptions/{adoption.pk}/decline/", {"reason": "No crane"}, format="json")
        .status_code
        == 200
    )
    response = api_for("manager_a").post(
        check_due(adoption), {"check_due": TODAY.isoformat()}, format="json"
    )
    assert response.status_code == 400
    assert "has already answered" in str(response.json())


# --- Dates: the API takes what the forms take ---


def test_an_experience_introduced_in_the_future_or_beyond_the_years_is_refused(
    world, api_for, client_for
):
    from django.urls import reverse

    from gexin.exchange.tests.test_experiences_pages import TestExperiencePages

    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    api = api_for("manager_a")
    data = TestExperienceAPI().valid_create(world)
    answers = {}
    for day in (tomorrow, "1850-06-01", "2300-01-01"):
        response = api.post("/api/v1/experiences/", {**data, "introduced_on": day}, format="json")
        assert response.status_code == 400, day
        answers[day] = response.json()["introduced_on"]
    assert "in the future" in str(answers[tomorrow])
    assert "between 1900 and 2199" in str(answers["1850-06-01"])
    experience = examples(world)["experience"]
    patched = api.patch(
        f"/api/v1/experiences/{experience.pk}/", {"introduced_on": tomorrow}, format="json"
    )
    assert patched.status_code == 400 and patched.json()["introduced_on"] == answers[tomorrow]
    # The form gives the same answer, from the same check.
    form_data = {**TestExperiencePages().valid_edit(world, experience), "introduced_on": tomorrow}
    page = client_for("manager_a").post(
        reverse("exchange:experience_edit", args=[experience.pk]), form_data
    )
    assert page.context["form"].errors["introduced_on"] == answers[tomorrow]
    experience.refresh_from_db()
    assert experience.introduced_on <= TODAY


def test_a_push_or_a_patch_with_a_check_date_beyond_the_years_is_refused(world, api_for):
    found = examples(world)
    workshops(world)
    api = api_for("manager_a")
    pushed = api.post(
        f"/api/v1/experiences/{found['experience'].pk}/push/",
        {"units": ["plant-b-mill-1"], "check_due": "2300-01-01"},
        format="json",
    )
    assert pushed.status_code == 400
    assert "between 1900 and 2199" in str(pushed.json()["check_due"])
    assert not Adoption.objects.filter(unit__code="plant-b-mill-1").exists()
    patched = api.patch(
        f"/api/v1/adoptions/{found['adoption'].pk}/", {"check_due": "2300-01-01"}, format="json"
    )
    assert patched.status_code == 400
    assert "between 1900 and 2199" in str(patched.json()["check_due"])


def test_an_adoption_dated_before_1900_is_refused(world, api_for):
    experience = examples(world)["experience"]
    mill = workshops(world)[0]
    adoption = make_adoption(experience, mill, pushed_on=datetime.date(1899, 6, 1))
    response = api_for("tech_1_b").post(
        f"/api/v1/adoptions/{adoption.pk}/adopt/",
        {"adopted_on": "1899-12-01", "how": "Learned at plant A"},
        format="json",
    )
    assert response.status_code == 400
    assert "between 1900 and 2199" in str(response.json()["adopted_on"])
    assert Adoption.objects.get(pk=adoption.pk).status == AdoptionStatus.PUSHED
