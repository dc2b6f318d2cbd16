"""Publishing an express report: who may, that it happens once, and that every unit
subscribed to the report's plant gets it — in the app, and by email after the commit
where the subscription asks for it."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from gexin.core.models import Notification
from gexin.exchange import express
from gexin.exchange.models import ExpressReport, Subscription
from gexin.exchange.tests.factories_contracts import manager_b, plant_c
from gexin.exchange.tests.factories_express import examples

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribed(world):
    """Plant B (in the app only) and plant C (also by email) subscribe to plant A."""
    found = examples(world)
    plant_c(world)
    manager = manager_b(world)
    manager.email = "b@example.org"
    manager.save()
    Subscription.objects.create(unit=world.units["plant-c"], plant=world.units["plant-a"])
    return found


def publish_url(report):
    return reverse("exchange:expressreport_publish", args=[report.pk])


def test_publishing_tells_every_subscribing_unit(
    world, client_for, subscribed, django_capture_on_commit_callbacks
):
    draft = subscribed["draft"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("leader_a").post(publish_url(draft))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.published_at is not None
    told = {
        n.recipient.username: n for n in Notification.objects.filter(url=draft.get_absolute_url())
    }
    assert set(told) == {"manager_b", "manager_c"}
    assert (
        told["manager_c"].subject == "Express report from Plant A: Roll sets assembled beforehand"
    )
    assert "Turning group A reports:" in told["manager_c"].body
    assert told["manager_c"].is_emailed
    # Plant B's subscription asked for no email: the message stays in the app.
    assert not told["manager_b"].is_emailed
    assert [message.to for message in mail.outbox] == [["c@example.org"]]
    assert mail.outbox[0].subject == told["manager_c"].subject
    assert draft.get_absolute_url() in mail.outbox[0].body


def test_no_mail_leaves_before_the_commit(world, subscribed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        express.publish(subscribed["draft"], world.users["leader_a"])
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_a_report_is_published_once(world, client_for, subscribed):
    draft = subscribed["draft"]
    express.publish(draft, world.users["leader_a"])
    first = draft.published_at
    notified = Notification.objects.count()
    with pytest.raises(ValidationError):
        express.publish(draft, world.users["leader_a"])
    response = client_for("leader_a").post(publish_url(draft), follow=True)
    assert "already published" in response.content.decode()
    draft.refresh_from_db()
    assert draft.published_at == first
    assert Notification.objects.count() == notified


def test_publishing_needs_the_right_on_the_unit(world, client_for, subscribed):
    draft = subscribed["draft"]
    assert client_for("worker_a").post(publish_url(draft)).status_code == 403
    assert client_for("worker_b").post(publish_url(draft)).status_code == 404
    assert client_for("manager_b").post(publish_url(draft)).status_code == 404
    draft.refresh_from_db()
    assert draft.published_at is None
    # GET only leads back to the report.
    assert client_for("leader_a").get(publish_url(draft)).status_code == 302


def test_the_published_report_reaches_the_other_plant_s_list(world, client_for, subscribed):
    draft = subscribed["draft"]
    listed = reverse("exchange:expressreport_list")
    assert draft not in client_for("worker_b").get(listed).context["page"].object_list
    express.publish(draft, world.users["leader_a"])
    assert draft in client_for("worker_b").get(listed).context["page"].object_list


def test_the_publisher_and_units_without_a_subscription_are_not_told(world, subscribed):
    Subscription.objects.filter(unit=world.units["plant-c"]).delete()
    express.publish(subscribed["draft"], world.users["manager_b"])
    # manager_b published (as an administrator might): not told of their own report.
    assert not Notification.objects.filter(recipient=world.users["manager_c"]).exists()
    assert not Notification.objects.filter(recipient=world.users["manager_b"]).exists()


def test_publishing_keeps_a_correction_saved_after_the_report_was_read(world, subscribed):
    """The report passed in was read before someone corrected it: publishing saves the
    stored report, with the correction, and sends that."""
    read_earlier = ExpressReport.objects.get(pk=subscribed["draft"].pk)
    corrected = ExpressReport.objects.get(pk=read_earlier.pk)
    corrected.title = "Roll sets assembled the day before"
    corrected.save()
    published = express.publish(read_earlier, world.users["leader_a"])
    stored = ExpressReport.objects.get(pk=read_earlier.pk)
    assert stored.title == "Roll sets assembled the day before"
    assert stored.published_at is not None
    assert published.title == stored.title
    assert read_earlier.published_at == stored.published_at
    told = Notification.objects.get(recipient=world.users["manager_c"])
    assert told.subject == "Express report from Plant A: Roll sets assembled the day before"
