"""`gexin bench`: performance measurements. `gexin bench web` measures page speed.

Subcommands:
  web   load a throwaway database, serve it with gunicorn, measure pages with wrk
  tree  time the scoped subtree queries at 10,000 units and 100,000 people
  data  migrate the configured database and load the benchmark organisation into it
"""

import json
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from gexin.core import bench


def positive_int(text):
    """argparse type: a whole number of at least 1."""
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


def non_negative_int(text):
    """argparse type: a whole number of at least 0."""
    value = int(text)
    if value < 0:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = (
        "Performance benchmarks. `gexin bench web` measures page speed with wrk "
        "(see docs/benchmarks.md)."
    )

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND", required=True)

        web = subcommands.add_parser(
            "web",
            help="measure pages of a throwaway site with wrk",
            description=(
                "Create a throwaway database with 1,000 units and 10,000 people, serve it "
                "with gunicorn on 127.0.0.1, sign in and measure pages with wrk."
            ),
        )
        web.add_argument(
            "--duration",
            type=positive_int,
            default=bench.DEFAULT_DURATION,
            help=f"seconds of load per page (default {bench.DEFAULT_DURATION})",
        )
        web.add_argument(
            "--warmup",
            type=non_negative_int,
            default=bench.DEFAULT_WARMUP,
            help=f"seconds of unmeasured load before each page (default {bench.DEFAULT_WARMUP})",
        )
        web.add_argument(
            "--connections",
            type=positive_int,
            default=bench.DEFAULT_CONNECTIONS,
            help=f"open connections (default {bench.DEFAULT_CONNECTIONS})",
        )
        web.add_argument(
            "--wrk-threads",
            type=positive_int,
            default=bench.DEFAULT_WRK_THREADS,
            help=f"wrk threads (default {bench.DEFAULT_WRK_THREADS})",
        )
        web.add_argument(
            "--workers",
            type=positive_int,
            default=bench.DEFAULT_WORKERS,
            help=f"gunicorn worker processes (default {bench.DEFAULT_WORKERS})",
        )
        web.add_argument(
            "--threads",
            type=positive_int,
            default=bench.DEFAULT_WORKER_THREADS,
            help=(
                "threads per gunicorn worker; more than 1 uses the gthread worker "
                f"(default {bench.DEFAULT_WORKER_THREADS}: sync workers)"
            ),
        )
        web.add_argument(
            "--database-url",
            default=None,
            metavar="URL",
            help=(
                "use this existing, empty database (e.g. postgres://postgres@127.0.0.1:5432/bench) "
                "instead of a throwaway SQLite file; it is migrated and filled, not created"
            ),
        )
        web.add_argument(
            "--target",
            action="append",
            choices=bench.TARGET_NAMES,
            dest="targets",
            help="measure only this page (repeatable; default all)",
        )
        web.add_argument("--output", metavar="FILE", help="also write the results as JSON to FILE")
        web.add_argument(
            "--keep", action="store_true", help="keep the throwaway folder (database and logs)"
        )

        tree = subcommands.add_parser(
            "tree",
            help="time subtree queries at 10,000 units and 100,000 people",
            description=(
                "Create a throwaway test database beside the configured one (SQLite in memory, "
                "or test_<name> on PostgreSQL), load 10,000 units and 100,000 people and time "
                "the scoped queries pages are built from."
            ),
        )
        tree.add_argument("--output", metavar="FILE", help="also write the results as JSON to FILE")

        data = subcommands.add_parser(
            "data",
            help="load the benchmark organisation into the configured (empty) database",
            description=(
                "Migrate the database named by GEXIN_DATABASE_URL / GEXIN_DATA_DIR and load "
                "1,000 units, 10,000 people and the `bench` administrator into it. The password "
                f"comes from {bench.PASSWORD_VARIABLE}, or is generated and printed."
            ),
        )
        data.add_argument(
            "--info-file", metavar="FILE", help="write what was loaded as JSON to FILE"
        )

    def handle(self, *args, subcommand, **options):
        try:
            if subcommand == "web":
                self.handle_web(**options)
            elif subcommand == "tree":
                self.handle_tree(**options)
            elif subcommand == "data":
                self.handle_data(**options)
        except bench.BenchError as error:
            raise CommandError(str(error)) from None
        except KeyboardInterrupt:
            raise CommandError("Interrupted.", returncode=130) from None
        except bench.Terminated:
            raise CommandError("Terminated.", returncode=143) from None

    def handle_web(
        self,
        duration,
        warmup,
        connections,
        wrk_threads,
        workers,
        threads,
        database_url,
        targets,
        output,
        keep,
        **options,
    ):
        report = bench.run_web(
            self.stdout.write,
            duration=duration,
            warmup=warmup,
            connections=connections,
            wrk_threads=wrk_threads,
            workers=workers,
            worker_threads=threads,
            database_url=database_url,
            targets=targets or bench.TARGET_NAMES,
            keep=keep,
        )
        machine, server, load = report["machine"], report["server"], report["load"]
        self.stdout.write("")
        self.stdout.write(
            f"{machine['nproc']} cores ({machine['cpu']}), Python {machine['python']}, "
            f"Django {machine['django']}, gunicorn {machine['gunicorn']}, "
            f"SQLite {machine['sqlite']}, {machine['wrk']}"
        )
        self.stdout.write(
            f"gunicorn: {server['gunicorn_workers']} {server['worker_class']} workers × "
            f"{server['threads_per_worker']} threads, {server['database']}; "
            f"wrk: {load['connections']} connections, {load['threads']} threads, "
            f"{load['duration_s']} s after {load['warmup_s']} s warm-up"
        )
        self.stdout.write(
            f"Goals for pages: ≥ {bench.GOAL_REQUESTS_PER_SECOND} req/s "
            f"and p99 ≤ {bench.GOAL_P99_MS} ms\n"
        )
        self.stdout.write(bench.format_table(report["results"]))
        busy = [row["target"] for row in report["results"] if row.get("busy_machine")]
        if busy:
            self.stdout.write(
                self.style.WARNING(
                    f"\nThe machine was busy with other work during: {', '.join(busy)}. "
                    "'other cpu' is the share of all cores used by other processes; "
                    "run again on a quiet machine for figures to compare."
                )
            )
        missed = [row for row in report["results"] if row["missed"]]
        self.stdout.write("")
        if missed:
            for row in missed:
                self.stdout.write(
                    self.style.WARNING(f"MISSED {row['target']}: {', '.join(row['missed'])}")
                )
        else:
            self.stdout.write(self.style.SUCCESS("All pages met their goals."))
        if output:
            path = Path(output)
            path.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
            path.write_text(text, encoding="utf-8")
            self.stdout.write(f"Results written to {path}")

    def handle_tree(self, output, **options):
        from gexin.org import scale

        rows = scale.run_in_throwaway_database(self.stdout.write)
        missed = [name for name, _ms, _queries, passed in rows if not passed]
        if missed:
            self.stdout.write(self.style.WARNING(f"MISSED: {', '.join(missed)}"))
        else:
            self.stdout.write(self.style.SUCCESS(f"All queries within {scale.GOAL_MS} ms."))
        if output:
            report = [
                {"query": name, "median_ms": round(ms, 2), "queries": queries, "passed": passed}
                for name, ms, queries, passed in rows
            ]
            Path(output).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    def handle_data(self, info_file, **options):
        password = os.environ.get(bench.PASSWORD_VARIABLE) or ""
        generated = not password
        if generated:
            password = secrets.token_urlsafe(18)
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        info = bench.load_data(password)
        if info_file:
            Path(info_file).write_text(json.dumps(info), encoding="utf-8")
        self.stdout.write(
            f"Loaded {info['units']} units and {info['people']} people in {info['seconds']} s; "
            f"user {info['username']} is administrator of the whole tree."
        )
        if generated:
            self.stdout.write(f"Password of {info['username']}: {password}")
