"""Background tasks: notification email queued in the database and sent by `db_worker`."""

import datetime
import io
import runpy
import smtplib
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus

import gexin.config
from gexin.core import tasks
from gexin.core.models import BackgroundTask
from gexin.core.notify import notify

pytestmark = pytest.mark.django_db

DATABASE_BACKEND = {"default": {"BACKEND": "gexin.core.tasks.DatabaseBackend"}}


class RefusingBackend(BaseEmailBackend):
    """A mail server that hangs up."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("the mail server hung up")


@pytest.fixture
def queued(settings):
    settings.TASKS = DATABASE_BACKEND
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def worker_with_address(world):
    worker = world.users["worker_a"]
    worker.email = "worker@example.org"
    worker.save()
    return worker


def run_worker(*options):
    out = io.StringIO()
    call_command("db_worker", "--batch", *options, stdout=out)
    return out.getvalue()


def test_a_notification_queues_its_email_and_sends_nothing(
    queued, worker_with_address, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify([worker_with_address], "Agenda: %(m)s", "Come", "/meetings/1/", {"m": "M"})
    assert mail.outbox == []
    [task] = BackgroundTask.objects.all()
    assert task.task_path == "gexin.core.tasks.send_email"
    assert task.status == TaskResultStatus.READY
    subject, body, recipient = task.args
    assert (subject, recipient) == ("Agenda: M", "worker@example.org")
    assert body.startswith("Come") and body.rstrip().endswith("/meetings/1/")


def test_a_rolled_back_change_queues_no_email(queued, worker_with_address):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify([worker_with_address], "Agenda")
        assert BackgroundTask.objects.count() == 1  # written with the change ...
        raise RuntimeError("the change failed")
    assert not BackgroundTask.objects.exists()  # ... and gone with it


def test_the_worker_sends_the_email_and_marks_the_task_successful(queued, worker_with_address):
    notify([worker_with_address], "Agenda")
    output = run_worker("--worker-id", "worker-1")
    [message] = mail.outbox
    assert message.subject == "Agenda" and message.to == ["worker@example.org"]
    task = BackgroundTask.objects.get()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.finished_at is not None and task.worker_ids == ["worker-1"]
    assert "Ran 1 task(s): 1 successful, 0 failed." in output
    # Nothing is left: a second run sends nothing more.
    assert "Ran 0 task(s)" in run_worker() and len(mail.outbox) == 1


def test_a_failing_task_is_kept_as_failed_and_runs_again_when_asked(
    queued, worker_with_address, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    notify([worker_with_address], "Agenda")
    assert "0 successful, 1 failed." in run_worker()
    task = BackgroundTask.objects.get()
    assert task.status == TaskResultStatus.FAILED and mail.outbox == []
    [error] = task.errors
    assert error["exception_class_path"] == "smtplib.SMTPServerDisconnected"
    assert "the mail server hung up" in error["traceback"]
    assert "Ran 0 task(s)" in run_worker()  # failed tasks wait to be asked for

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    output = run_worker("--retry-failed")
    assert "Put back in the queue: 1 failed, 0 left running." in output
    assert "1 successful, 0 failed." in output
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL and len(task.errors) == 1
    assert len(task.worker_ids) == 2 and len(mail.outbox) == 1


def test_a_task_left_running_by_a_killed_worker_goes_back_to_the_queue(queued):
    result = tasks.send_email.enqueue("Agenda", "", "worker@example.org")
    an_hour_ago = timezone.now() - tasks.STUCK_AFTER - datetime.timedelta(minutes=1)
    BackgroundTask.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, last_attempted_at=an_hour_ago
    )
    recent = tasks.send_email.enqueue("Minutes", "", "worker@example.org")
    BackgroundTask.objects.filter(pk=recent.id).update(
        status=TaskResultStatus.RUNNING, last_attempted_at=timezone.now()
    )
    assert tasks.requeue() == (0, 1)
    assert tasks.send_email.get_result(result.id).status == TaskResultStatus.READY
    assert tasks.send_email.get_result(recent.id).status == TaskResultStatus.RUNNING


def test_results_are_read_back_and_deferred_tasks_wait(queued):
    later = tasks.send_email.using(run_after=timezone.now() + datetime.timedelta(hours=1))
    deferred = later.enqueue("Later", "", "worker@example.org")
    now = tasks.send_email.enqueue("Now", "", "worker@example.org")
    assert now.status == TaskResultStatus.READY
    run_worker()
    now.refresh()
    assert now.status == TaskResultStatus.SUCCESSFUL and now.return_value is None
    assert tasks.send_email.get_result(deferred.id).status == TaskResultStatus.READY
    assert [message.subject for message in mail.outbox] == ["Now"]


def test_the_worker_deletes_old_successful_tasks_but_keeps_failed_ones(queued):
    old = timezone.now() - tasks.KEEP_SUCCESSFUL - datetime.timedelta(days=1)
    for status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED):
        BackgroundTask.objects.create(task_path="x", status=status, finished_at=old)
    BackgroundTask.objects.create(
        task_path="x", status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now()
    )
    tasks.Worker().prune()
    assert sorted(BackgroundTask.objects.values_list("status", flat=True)) == [
        TaskResultStatus.FAILED,
        TaskResultStatus.SUCCESSFUL,
    ]


def test_without_the_database_backend_mail_goes_out_after_commit_and_failures_are_logged(
    worker_with_address, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        written = notify([worker_with_address], "Agenda")
    assert len(written) == 1 and not BackgroundTask.objects.exists()
    assert "could not send the notification email 'Agenda' to worker@example.org" in caplog.text
    with pytest.raises(CommandError, match="GEXIN_TASKS=immediate"):
        run_worker()


def settings_with(monkeypatch, tmp_path, **variables):
    for name in [name for name in __import__("os").environ if name.startswith("GEXIN_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("GEXIN_DATA_DIR", str(tmp_path))
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(gexin.config.__file__).with_name("settings.py")))


def backend_of(found):
    return found["TASKS"]["default"]["BACKEND"].rsplit(".", 1)[1]


def test_gexin_tasks_chooses_the_backend(monkeypatch, tmp_path):
    production = {"GEXIN_ENV": "production", "GEXIN_ALLOWED_HOSTS": "gexin.example"}
    assert backend_of(settings_with(monkeypatch, tmp_path)) == "ImmediateBackend"
    assert backend_of(settings_with(monkeypatch, tmp_path, **production)) == "DatabaseBackend"
    chosen = settings_with(monkeypatch, tmp_path, GEXIN_TASKS="immediate", **production)
    assert backend_of(chosen) == "ImmediateBackend"
    with pytest.raises(ImproperlyConfigured, match="GEXIN_TASKS='redis' is not one of"):
        settings_with(monkeypatch, tmp_path, GEXIN_TASKS="redis")
