"""Notifications: in the app for each recipient, by email once the change is committed."""

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gexin.core.models import Notification
from gexin.core.notify import notify, recipients_of

pytestmark = pytest.mark.django_db


def test_it_writes_one_notification_per_user_and_mails_those_with_an_address(
    world, django_capture_on_commit_callbacks
):
    worker = world.users["worker_a"]
    worker.email = "worker@example.org"
    worker.save()
    with django_capture_on_commit_callbacks(execute=True):
        written = notify(
            [worker, worker, world.users["leader_a"]],
            "Agenda: %(meeting)s",
            "Come prepared to %(meeting)s",
            "/meetings/1/",
            {"meeting": "the weekly meeting"},
        )
    assert len(written) == 2
    note = Notification.objects.get(recipient=worker)
    assert note.subject == "Agenda: the weekly meeting" and note.is_emailed
    assert not Notification.objects.get(recipient=world.users["leader_a"]).is_emailed
    [message] = mail.outbox
    assert message.to == ["worker@example.org"]
    assert message.body.startswith("Come prepared to the weekly meeting")
    assert message.body.rstrip().endswith("/meetings/1/")


def test_nothing_is_mailed_when_the_change_is_rolled_back(
    world, django_capture_on_commit_callbacks
):
    worker = world.users["worker_a"]
    worker.email = "worker@example.org"
    worker.save()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                notify([worker], "Agenda")
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_each_recipient_reads_it_in_their_own_language(world):
    worker = world.users["worker_a"]
    worker.language = "zh-hans"
    worker.save()
    notify([worker, world.users["leader_a"]], _("Notifications"))
    assert Notification.objects.get(recipient=world.users["leader_a"]).subject == "Notifications"
    assert Notification.objects.get(recipient=worker).subject == "通知"


def test_people_without_an_active_account_are_skipped(world):
    world.users["worker_a"].is_active = False
    world.users["worker_a"].save()
    people = [world.people["worker_a"], world.people["turner_a"], world.people["leader_a"]]
    assert recipients_of(people) == [world.users["leader_a"]]


def test_the_list_shows_only_ones_own_and_marks_all_read(world, client_for):
    notify([world.users["worker_a"]], "Mine")
    notify([world.users["worker_b"]], "Theirs")
    client = client_for("worker_a")
    page = client.get(reverse("notification_list")).content.decode()
    assert "Mine" in page and "Theirs" not in page
    assert "data-unread>1<" in client.get(reverse("home")).content.decode()
    client.post(reverse("notification_read_all"))
    assert not Notification.objects.filter(recipient=world.users["worker_a"], read_at=None).exists()
    assert Notification.objects.filter(recipient=world.users["worker_b"], read_at=None).exists()
    assert client.get(reverse("notification_read_all")).status_code == 405
