"""Background work through django-tasks, with a queue kept in gexin's own database.

`GEXIN_TASKS` chooses the backend (settings `TASKS`):

- `immediate` (development, demo, tests): django-tasks' ImmediateBackend runs a task in
  the process that asked for it, once the transaction that asked has committed.
- `database` (production): `DatabaseBackend` writes a `BackgroundTask` row in the same
  transaction as the change that asked for it, so the task exists exactly when the
  change does; `gexin db_worker` (`Worker`) takes the rows in turn, runs them and keeps
  them with their result or the error they raised. Several workers may run at once,
  on one server or many: a task is claimed by one of them only.

django-tasks 0.12 no longer ships a database backend (it became the separate
django-tasks-db); this is the small one gexin needs, on the library's own interface,
so tasks are written and queued the same way whichever backend runs them.

The work done here: notification email (`send_email`, queued by `gexin.core.notify`).
The search index stays in the request on purpose: it is updated set-wise in the same
transaction, so a search never shows an experience under a plant it has left.
"""

import functools
import logging
import os
import socket
import time
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import DatabaseError, OperationalError, close_old_connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskContext, TaskResult, TaskResultStatus, task
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task, TaskError
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks.signals import task_enqueued, task_finished, task_started
from django_tasks.utils import get_exception_traceback, get_module_path, normalize_json

logger = logging.getLogger("gexin.tasks")

# Tasks that ran well are deleted after a week; failed ones stay until run again.
KEEP_SUCCESSFUL = timedelta(days=7)
PRUNE_EVERY = timedelta(hours=1)
# A task still running after this long was left by a worker that was killed.
STUCK_AFTER = timedelta(hours=1)


class DatabaseBackend(BaseTaskBackend):
    """Queue tasks as `BackgroundTask` rows for `gexin db_worker`."""

    supports_defer = True
    supports_priority = True
    supports_get_result = True
    # The row is written in the caller's transaction (see `enqueue_on_commit`).
    is_transactional = True

    def enqueue(self, task, args, kwargs):
        from gexin.core.models import BackgroundTask

        self.validate_task(task)
        row = BackgroundTask.objects.create(
            task_path=task.module_path,
            queue_name=task.queue_name,
            backend_name=self.alias,
            priority=task.priority,
            run_after=task.run_after,
            args=normalize_json(args),
            kwargs=normalize_json(kwargs),
        )
        result = result_of(row, task)
        task_enqueued.send(type(self), task_result=result)
        return result

    def get_result(self, result_id):
        from gexin.core.models import BackgroundTask

        try:
            row = BackgroundTask.objects.get(pk=result_id, backend_name=self.alias)
        except (BackgroundTask.DoesNotExist, ValidationError):
            raise TaskResultDoesNotExist(result_id) from None
        return result_of(row)


def task_of(row):
    """The Task a row names, with the row's queue, priority and start time."""
    found = import_string(row.task_path)
    if not isinstance(found, Task):
        raise TypeError(f"{row.task_path} is not a task")
    return found.using(
        priority=row.priority,
        queue_name=row.queue_name,
        run_after=row.run_after,
        backend=row.backend_name,
    )


def result_of(row, task=None):
    """The django-tasks TaskResult of a row."""
    result = TaskResult(
        task=task or task_of(row),
        id=str(row.pk),
        status=TaskResultStatus(row.status),
        enqueued_at=row.enqueued_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        last_attempted_at=row.last_attempted_at,
        args=row.args,
        kwargs=row.kwargs,
        backend=row.backend_name,
        errors=[TaskError(**error) for error in row.errors],
        worker_ids=list(row.worker_ids),
    )
    object.__setattr__(result, "_return_value", row.return_value)
    return result


def enqueue_on_commit(task, *args, **kwargs):
    """Queue `task` so that it exists exactly when the current transaction's work does.

    The database backend writes its row inside that transaction, to commit or roll back
    with it; any other backend is handed the task once the transaction has committed
    (at once outside a transaction).
    """
    if getattr(task.get_backend(), "is_transactional", False):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(functools.partial(task.enqueue, *args, **kwargs))


def requeue(stuck_after=STUCK_AFTER):
    """Put failed tasks, and tasks left running by a killed worker, back in the queue.

    Returns (failed, stuck) counts. The errors of earlier attempts are kept.
    """
    from gexin.core.models import BackgroundTask

    failed = BackgroundTask.objects.filter(status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, finished_at=None
    )
    stuck = BackgroundTask.objects.filter(
        status=TaskResultStatus.RUNNING, last_attempted_at__lt=timezone.now() - stuck_after
    ).update(status=TaskResultStatus.READY)
    return failed, stuck


class Worker:
    """Take ready tasks from the database one at a time and run them.

    `batch`: stop when no task is ready; `max_tasks`: stop after that many. `stop()`
    (SIGTERM, Ctrl-C) lets the running task finish first.
    """

    def __init__(
        self,
        *,
        backend_name="default",
        queue_names=None,
        interval=1.0,
        batch=False,
        max_tasks=None,
        worker_id=None,
        report=None,
    ):
        self.backend_name = backend_name
        self.queue_names = queue_names
        self.interval = interval
        self.batch = batch
        self.max_tasks = max_tasks
        self.worker_id = worker_id or f"{socket.gethostname()}-{os.getpid()}"
        self.report = report or (lambda line: None)
        self.running = True
        self.counts = {TaskResultStatus.SUCCESSFUL: 0, TaskResultStatus.FAILED: 0}
        self.pruned_at = None

    def stop(self):
        self.running = False

    def run(self):
        """Run until stopped; returns {status: tasks} of what ran."""
        while self.running:
            try:
                row = self.claim()
            except OperationalError as error:
                if self.batch:
                    raise
                # The database restarts or SQLite is busy: wait and ask again.
                logger.warning("worker %s cannot read the queue: %s", self.worker_id, error)
                close_old_connections()
                self.wait(max(self.interval, 1.0))
                continue
            if row is not None:
                self.execute(row)
                if self.max_tasks and sum(self.counts.values()) >= self.max_tasks:
                    break
                continue
            if self.batch:
                break
            self.prune()
            # As after a request: drop connections that broke or grew too old.
            close_old_connections()
            self.wait(self.interval)
        return dict(self.counts)

    def wait(self, seconds):
        end = time.monotonic() + seconds
        while self.running and (left := end - time.monotonic()) > 0:
            time.sleep(min(left, 0.2))

    def claim(self):
        """The next ready task, marked as running by this worker; None when none is ready."""
        from gexin.core.models import BackgroundTask

        with transaction.atomic():
            # PostgreSQL: workers skip each other's locked rows. SQLite: the transaction
            # takes the write lock at its start (transaction_mode IMMEDIATE), one at a time.
            row = (
                BackgroundTask.objects.ready(self.backend_name, self.queue_names)
                .select_for_update(skip_locked=True)
                .first()
            )
            if row is None:
                return None
            now = timezone.now()
            row.status = TaskResultStatus.RUNNING
            row.started_at = row.started_at or now
            row.last_attempted_at = now
            row.worker_ids = [*row.worker_ids, self.worker_id]
            row.save(update_fields=["status", "started_at", "last_attempted_at", "worker_ids"])
        return row

    def execute(self, row):
        """Run a claimed task and store how it ended."""
        started = time.monotonic()
        sender = type(self)
        try:
            task = task_of(row)
            sender = type(task.get_backend())
            result = result_of(row, task)
            task_started.send(sender=sender, task_result=result)
            if task.takes_context:
                value = task.call(TaskContext(task_result=result), *row.args, **row.kwargs)
            else:
                value = task.call(*row.args, **row.kwargs)
            row.return_value = normalize_json(value)
        except KeyboardInterrupt:
            # Stopped by force in the middle: the task goes back to the queue.
            row.status = TaskResultStatus.READY
            self.finish(row)
            raise
        except BaseException as error:
            row.status = TaskResultStatus.FAILED
            row.errors = [
                *row.errors,
                {
                    "exception_class_path": get_module_path(type(error)),
                    "traceback": get_exception_traceback(error),
                },
            ]
            self.finish(row, sender, started)
        else:
            row.status = TaskResultStatus.SUCCESSFUL
            self.finish(row, sender, started)

    def finish(self, row, sender=None, started=None):
        if row.status != TaskResultStatus.READY:
            row.finished_at = timezone.now()
        fields = ["status", "finished_at", "return_value", "errors"]
        try:
            row.save(update_fields=fields)
        except DatabaseError:
            # The task may have left the connection broken: once more on a new one.
            close_old_connections()
            transaction.get_connection().close()
            row.save(update_fields=fields)
        if sender is None:
            return
        self.counts[row.status] += 1
        seconds = time.monotonic() - started
        self.report(f"{row.task_path} {row.pk}: {row.status.lower()} in {seconds:.2f} s")
        try:
            task_finished.send(sender=sender, task_result=result_of(row))
        except Exception:  # a listener's error must not stop the worker
            logger.exception("a task_finished listener failed for task %s", row.pk)

    def prune(self):
        """Delete tasks that ran well more than KEEP_SUCCESSFUL ago (at most hourly)."""
        from gexin.core.models import BackgroundTask

        now = timezone.now()
        if self.pruned_at is not None and now - self.pruned_at < PRUNE_EVERY:
            return
        self.pruned_at = now
        BackgroundTask.objects.filter(
            status=TaskResultStatus.SUCCESSFUL, finished_at__lt=now - KEEP_SUCCESSFUL
        ).delete()


# The tasks


@task()
def send_email(subject, body, recipient):
    """Send one notification email through GEXIN_EMAIL_BACKEND; raises when it fails,
    so that the task is kept as failed and can be run again (`db_worker --retry-failed`)."""
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient], fail_silently=False)
    except Exception:
        logger.exception("could not send the notification email %r to %s", subject, recipient)
        raise
