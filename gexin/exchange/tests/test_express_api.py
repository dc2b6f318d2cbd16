"""The API of express reports and subscriptions: the shared contract for each endpoint,
publishing, what a caller may not set, corrections and deletion of published reports."""

import pytest
from django.core import mail

from gexin.core.models import ChangeRecord, Notification
from gexin.core.testing import APIContract
from gexin.exchange.models import ExpressReport, Subscription
from gexin.exchange.tests.factories_contracts import manager_b
from gexin.exchange.tests.factories_express import clerk_of_plant_a, examples

pytestmark = pytest.mark.django_db


class TestExpressReportAPI(APIContract):
    endpoint = "express-reports"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["draft"], "out_of_scope": found["b_draft"]}

    def valid_patch(self, world, obj):
        return {"title": "Roll sets swapped whole"}

    def valid_create(self, world):
        examples(world)
        return {
            "unit": "plant-a-machine",
            "title": "Quick-change tool holder",
            "body": "A tool is changed in a minute instead of ten.",
            "language": "en",
        }


class TestSubscriptionAPI(APIContract):
    endpoint = "report-subscriptions"
    viewer = "clerk_a"  # a member of plant A: sees what the plant subscribes to
    editor = "manager_a"

    def objects(self, world):
        found = examples(world)
        clerk_of_plant_a(world)
        return {"in_scope": found["subscription"], "out_of_scope": found["b_subscription"]}

    def valid_patch(self, world, obj):
        return {"by_email": False}

    def valid_create(self, world):
        self.objects(world)
        return {"unit": "plant-a-machine", "plant": "plant-b", "by_email": False}


def test_the_plant_author_and_publication_are_not_set_by_the_caller(world, api_for):
    examples(world)
    data = {
        **TestExpressReportAPI().valid_create(world),
        "plant": "plant-b",
        "author": "admin",
        "published_at": "1958-08-27T08:00:00Z",
        "is_published": True,
    }
    response = api_for("manager_a").post("/api/v1/express-reports/", data, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["plant"], body["author"], body["published_at"]) == ("plant-a", "manager_a", None)
    assert body["feed_url"] == "http://testserver/plants/plant-a/express-reports.atom"


def test_publish_sends_the_report_and_refuses_a_second_time(
    world, api_for, django_capture_on_commit_callbacks
):
    found = examples(world)
    manager = manager_b(world)
    manager.email = "b@example.org"
    manager.save()
    Subscription.objects.filter(pk=found["b_subscription"].pk).update(by_email=True)
    url = f"/api/v1/express-reports/{found['draft'].pk}/publish/"
    assert api_for("worker_a").post(url).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = api_for("leader_a").post(url)
    assert response.status_code == 200, response.json()
    assert response.json()["is_published"] is True
    assert Notification.objects.filter(recipient=manager).count() == 1
    assert [m.to for m in mail.outbox] == [["b@example.org"]]
    again = api_for("leader_a").post(url)
    assert again.status_code == 400
    assert "already published" in str(again.json())
    # Once published, plant B's worker reads it.
    detail = f"/api/v1/express-reports/{found['draft'].pk}/"
    assert api_for("worker_b").get(detail).status_code == 200


def test_a_published_report_is_corrected_with_a_reason_and_deleted_by_management(world, api_for):
    found = examples(world)
    report = found["report"]
    url = f"/api/v1/express-reports/{report.pk}/"
    refused = api_for("manager_a").patch(url, {"body": "Corrected text"}, format="json")
    assert refused.status_code == 400
    assert "reason" in refused.json()
    response = api_for("manager_a").patch(
        url, {"body": "Corrected text", "reason": "The month was wrong"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert ChangeRecord.for_object(report).first().reason == "The month was wrong"
    assert api_for("worker_b").patch(url, {"title": "x"}, format="json").status_code == 403
    # The group's leader may not delete a published report; management may.
    published_in_group = ExpressReport.objects.create(
        unit=world.units["plant-a-turning"],
        title="Group",
        body="Text",
        published_at=report.published_at,
    )
    group_url = f"/api/v1/express-reports/{published_in_group.pk}/"
    assert api_for("leader_a").delete(group_url).status_code == 403
    assert api_for("manager_a").delete(group_url).status_code == 204


def test_a_subscription_is_refused_twice_or_to_one_s_own_plant(world, api_for):
    examples(world)
    api = api_for("manager_a")
    twice = api.post(
        "/api/v1/report-subscriptions/", {"unit": "plant-a", "plant": "plant-b"}, format="json"
    )
    assert twice.status_code == 400
    assert twice.json()["plant"] == ["Plant A already subscribes to the reports of Plant B."]
    own = api.post(
        "/api/v1/report-subscriptions/",
        {"unit": "plant-a-machine", "plant": "plant-a"},
        format="json",
    )
    assert own.status_code == 400
    workshop = api.post(
        "/api/v1/report-subscriptions/",
        {"unit": "plant-a-machine", "plant": "plant-b-rolling"},
        format="json",
    )
    assert workshop.status_code == 400
