"""`gexin db_worker`: run the background tasks queued in the database (GEXIN_TASKS=database).

Runs until stopped (SIGTERM or Ctrl-C let the running task finish), or with `--batch`
until no task is ready. Start as many workers as the work needs, on any app server:
each task is run by one of them. See gexin.core.tasks and docs/operations.md.
"""

import argparse
import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django_tasks import DEFAULT_TASK_QUEUE_NAME, TaskResultStatus, task_backends
from django_tasks.exceptions import InvalidTaskBackendError

from gexin.core.tasks import DatabaseBackend, Worker, requeue


def positive_number(value):
    number = float(value)
    if not number >= 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return number


def positive_whole_number(value):
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


class Command(BaseCommand):
    help = "Run the background tasks queued in the database (notification email)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue-name",
            default=DEFAULT_TASK_QUEUE_NAME,
            help="queues to take tasks from, comma-separated; * for all (default: %(default)s)",
        )
        parser.add_argument(
            "--interval",
            type=positive_number,
            default=1.0,
            help="seconds to wait before asking again when no task is ready (default: 1)",
        )
        parser.add_argument(
            "--batch", action="store_true", help="stop when no task is ready instead of waiting"
        )
        parser.add_argument(
            "--max-tasks", type=positive_whole_number, help="stop after running this many"
        )
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="first put failed tasks, and tasks left running by a killed worker, back "
            "in the queue",
        )
        parser.add_argument("--worker-id", help="this worker's name (default: host-pid)")
        parser.add_argument("--backend", default="default", help="the TASKS backend to run")

    def handle(self, *args, **options):
        try:
            backend = task_backends[options["backend"]]
        except InvalidTaskBackendError as error:
            raise CommandError(str(error)) from None
        if not isinstance(backend, DatabaseBackend):
            raise CommandError(
                "Background tasks are not queued in the database (GEXIN_TASKS=immediate): "
                "they run inside the requests and there is nothing for a worker to do. "
                "Set GEXIN_TASKS=database on the app servers and the workers to queue them."
            )
        if options["retry_failed"]:
            failed, stuck = requeue()
            self.stdout.write(f"Put back in the queue: {failed} failed, {stuck} left running.")
        queues = [name.strip() for name in options["queue_name"].split(",") if name.strip()]
        report = self.stdout.write if options["verbosity"] >= 1 else None
        worker = Worker(
            backend_name=options["backend"],
            queue_names=None if "*" in queues else queues,
            interval=options["interval"],
            batch=options["batch"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            report=report,
        )
        previous = self.catch_signals(worker)
        try:
            if not options["batch"]:
                names = "all queues" if "*" in queues else "queue " + ", ".join(queues)
                self.stdout.write(f"Worker {worker.worker_id} waiting for tasks on {names}.")
            counts = worker.run()
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
        done, failed = counts[TaskResultStatus.SUCCESSFUL], counts[TaskResultStatus.FAILED]
        self.stdout.write(f"Ran {done + failed} task(s): {done} successful, {failed} failed.")

    def catch_signals(self, worker):
        """Stop after the running task on SIGTERM and SIGINT; the previous handlers."""
        if threading.current_thread() is not threading.main_thread():
            return {}

        def stop(number, frame):
            if not worker.running:
                raise KeyboardInterrupt  # asked twice: stop now, the task goes back
            self.stderr.write("Stopping after the running task (again to stop at once).")
            worker.stop()

        previous = {}
        for number in (signal.SIGTERM, signal.SIGINT):
            previous[number] = signal.getsignal(number)
            signal.signal(number, stop)
        return previous
