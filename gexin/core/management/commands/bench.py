"""`gexin bench`: performance measurements. `gexin bench web` measures page speed.

Subcommands:
  web   load a throwaway database, serve it with gunicorn, measure pages with wrk
  tree  time the scoped subtree queries at 10,000 units and 100,000 people
  data  migrate the configured database and load the benchmark organisation into it
  plans load 11 million records into throwaway SQLite and PostgreSQL databases and time
        fulfilment against DuckDB on the same raw rows
  search index 10,000 synthetic bilingual experiences and time Chinese and English queries
  transfer solve a country-sized pig-iron transfer plan with HiGHS, against a greedy plan
  load  a mixed workload of reads and writes against gunicorn and PostgreSQL, with wrk
  scale the busiest pages at 1,000 and at 10,000 units (PostgreSQL)
"""

import argparse
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


def database_list(text):
    """argparse type: a comma-separated list of sqlite and postgresql."""
    from gexin.plans.bench import DATABASES

    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names or any(name not in DATABASES for name in names) or len(set(names)) < len(names):
        raise argparse.ArgumentTypeError(f"a comma-separated list of {', '.join(DATABASES)}")
    return names


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

        from gexin.plans import bench as plans_bench

        plans = subcommands.add_parser(
            "plans",
            help="load 11 million records and time fulfilment, against DuckDB",
            description=(
                "Build a group of 1,000 units with one quantity metric recorded for 3 shifts a "
                "day over 10 years (about 11 million records) in a throwaway SQLite file and a "
                f"freshly created PostgreSQL database ({plans_bench.POSTGRES_DATABASE}), "
                "load it, load it again, time a whole-tree quarter's fulfilment and 10-year "
                "monthly series, and compare figures and times with DuckDB on the same raw "
                "rows. The configured database is not used."
            ),
        )
        plans.add_argument(
            "--units",
            type=positive_int,
            default=plans_bench.DEFAULT_UNITS,
            help=f"units in the tree (default {plans_bench.DEFAULT_UNITS})",
        )
        plans.add_argument(
            "--years",
            type=positive_int,
            default=plans_bench.DEFAULT_YEARS,
            help=f"years of records from {plans_bench.FIRST_YEAR} (default "
            f"{plans_bench.DEFAULT_YEARS})",
        )
        plans.add_argument(
            "--repeat",
            type=positive_int,
            default=plans_bench.DEFAULT_REPEAT,
            help=f"timed runs of each query; the median is reported (default "
            f"{plans_bench.DEFAULT_REPEAT})",
        )
        plans.add_argument(
            "--units-per-chunk",
            type=positive_int,
            default=plans_bench.DEFAULT_UNITS_PER_CHUNK,
            help="units whose rows go into one records.load() call (default "
            f"{plans_bench.DEFAULT_UNITS_PER_CHUNK})",
        )
        plans.add_argument(
            "--writers",
            type=positive_int,
            default=None,
            help=(
                "connections writing at once (default "
                + ", ".join(f"{n} on {db}" for db, n in plans_bench.DEFAULT_WRITERS.items())
                + "; SQLite has one writer at a time)"
            ),
        )
        plans.add_argument(
            "--quick",
            action="store_true",
            help=(
                f"a small run: {plans_bench.QUICK['units']} units, {plans_bench.QUICK['years']} "
                f"years, {plans_bench.QUICK['repeat']} timed runs (overrides those options)"
            ),
        )
        plans.add_argument(
            "--databases",
            type=database_list,
            default=list(plans_bench.DATABASES),
            metavar="LIST",
            help="which databases to measure (default sqlite,postgresql)",
        )
        plans.add_argument(
            "--postgres-url",
            default=plans_bench.DEFAULT_POSTGRES_URL,
            metavar="URL",
            help=(
                "a PostgreSQL server and a database on it to connect to while creating and "
                f"dropping {plans_bench.POSTGRES_DATABASE} (default "
                f"{plans_bench.DEFAULT_POSTGRES_URL}); that database itself is not changed"
            ),
        )
        plans.add_argument(
            "--no-duckdb", action="store_true", help="skip the comparison with DuckDB"
        )
        plans.add_argument(
            "--output", metavar="FILE", help="also write the results as JSON to FILE"
        )
        plans.add_argument(
            "--keep", action="store_true", help="keep the temporary folder (SQLite file, CSV)"
        )
        # Used by the command itself to measure one throwaway database in a child process.
        plans.add_argument("--child-report", metavar="FILE", help=argparse.SUPPRESS)
        plans.add_argument("--csv-dir", metavar="DIR", help=argparse.SUPPRESS)

        from gexin.exchange import bench as search_bench

        search = subcommands.add_parser(
            "search",
            help="index synthetic experiences and time Chinese and English queries",
            description=(
                "Create a throwaway test database beside the configured one (SQLite in memory, "
                f"or {search_bench.POSTGRES_TEST_NAME} on PostgreSQL), write synthetic "
                "bilingual advanced experiences, time their indexing and the median and "
                "95th percentile of Chinese and English queries."
            ),
        )
        search.add_argument(
            "--experiences",
            type=positive_int,
            default=search_bench.DEFAULT_EXPERIENCES,
            help=f"experiences to index (default {search_bench.DEFAULT_EXPERIENCES})",
        )
        search.add_argument(
            "--repeat",
            type=positive_int,
            default=search_bench.DEFAULT_REPEAT,
            help=f"timed runs of each query (default {search_bench.DEFAULT_REPEAT})",
        )
        search.add_argument(
            "--output", metavar="FILE", help="also write the results as JSON to FILE"
        )

        from gexin.national import bench as transfer_bench

        transfer = subcommands.add_parser(
            "transfer",
            help="solve a country-sized transfer plan and compare it with a greedy plan",
            description=(
                "Build a deterministic random transfer problem (supplying provinces, "
                "receiving enterprises, transport links with costs and some capacities), "
                "solve it to least cost with HiGHS, time it against the greedy allocation "
                "and verify the plan's optimality with an independent dual check. "
                "No database is used."
            ),
        )
        transfer.add_argument(
            "--provinces",
            type=positive_int,
            default=transfer_bench.DEFAULT_PROVINCES,
            help=f"supplying provinces (default {transfer_bench.DEFAULT_PROVINCES})",
        )
        transfer.add_argument(
            "--enterprises",
            type=positive_int,
            default=transfer_bench.DEFAULT_ENTERPRISES,
            help=f"receiving enterprises (default {transfer_bench.DEFAULT_ENTERPRISES:,})",
        )
        transfer.add_argument(
            "--links",
            type=positive_int,
            default=transfer_bench.DEFAULT_LINKS,
            help=(
                f"transport links, from one per enterprise to every pair (default "
                f"{transfer_bench.DEFAULT_LINKS:,})"
            ),
        )
        transfer.add_argument(
            "--seed",
            type=int,
            default=transfer_bench.DEFAULT_SEED,
            help=f"seed of the random instance (default {transfer_bench.DEFAULT_SEED})",
        )
        transfer.add_argument(
            "--output", metavar="FILE", help="also write the results as JSON to FILE"
        )

        from gexin.core import bench_load

        load = subcommands.add_parser(
            "load",
            help="drive a mixed workload (80% reads, 20% writes) against gunicorn and PostgreSQL",
            description=(
                "Create a throwaway PostgreSQL database, load the benchmark organisation with "
                "meetings, proposals, competitions and records, serve it with gunicorn on "
                "127.0.0.1 and drive it with wrk: every connection is a signed-in user reading "
                "unit, meeting and standings pages and APIs and writing records, proposals "
                "and minutes. Counts every answer by kind and checks that every acknowledged "
                "write is in the database. Exit code 1 on errors or lost writes."
            ),
        )
        load.add_argument(
            "--duration",
            type=positive_int,
            default=bench_load.DEFAULT_DURATION,
            help=f"seconds of measured load (default {bench_load.DEFAULT_DURATION})",
        )
        load.add_argument(
            "--warmup",
            type=non_negative_int,
            default=bench_load.DEFAULT_WARMUP,
            help=f"seconds of unmeasured load first (default {bench_load.DEFAULT_WARMUP})",
        )
        load.add_argument(
            "--users",
            type=positive_int,
            default=bench_load.DEFAULT_USERS,
            help=f"concurrent users, one connection each (default {bench_load.DEFAULT_USERS})",
        )
        load.add_argument(
            "--workers",
            type=positive_int,
            default=bench_load.DEFAULT_WORKERS,
            help=f"gunicorn worker processes (default {bench_load.DEFAULT_WORKERS})",
        )
        load.add_argument(
            "--threads",
            type=positive_int,
            default=1,
            help="threads per gunicorn worker; more than 1 uses the gthread worker (default 1)",
        )
        load.add_argument(
            "--postgres-url",
            default=bench_load.DEFAULT_POSTGRES_URL,
            metavar="URL",
            help=(
                "the PostgreSQL server to create the throwaway database on, through the "
                f"database this address names (default {bench_load.DEFAULT_POSTGRES_URL}); "
                "that database itself is not changed"
            ),
        )
        load.add_argument("--output", metavar="FILE", help="also write the results as JSON to FILE")
        load.add_argument(
            "--keep",
            action="store_true",
            help="keep the throwaway database and folder (gunicorn.log) afterwards",
        )
        # Used by the command itself to load the throwaway database in a child process.
        load.add_argument("--prepare", metavar="FILE", help=argparse.SUPPRESS)

        from gexin.core import bench_scale

        scale = subcommands.add_parser(
            "scale",
            help="time the busiest pages at 1,000 and at 10,000 units (PostgreSQL)",
            description=(
                "Create a throwaway PostgreSQL database, load 1,000 units with their people, "
                "records, plans, meetings and competitions, time the busiest pages drawn "
                "afresh, grow the organisation tenfold and time them again."
            ),
        )
        scale.add_argument(
            "--repeat",
            type=positive_int,
            default=bench_scale.DEFAULT_REPEAT,
            help=f"timed requests of each page at each size (default {bench_scale.DEFAULT_REPEAT})",
        )
        scale.add_argument(
            "--copies",
            type=positive_int,
            default=bench_scale.DEFAULT_COPIES,
            help=(
                "copies of the 1,000-unit organisation under one ministry at the second "
                f"size (default {bench_scale.DEFAULT_COPIES}: about 10,000 units)"
            ),
        )
        scale.add_argument(
            "--postgres-url",
            default=bench_scale.DEFAULT_POSTGRES_URL,
            metavar="URL",
            help=(
                "the PostgreSQL server to create the throwaway database on (default "
                f"{bench_scale.DEFAULT_POSTGRES_URL}); that database itself is not changed"
            ),
        )
        scale.add_argument(
            "--output", metavar="FILE", help="also write the results as JSON to FILE"
        )
        scale.add_argument(
            "--keep", action="store_true", help="keep the throwaway database afterwards"
        )
        # Used by the command itself to measure in a child process.
        scale.add_argument("--child-report", metavar="FILE", help=argparse.SUPPRESS)

    def handle(self, *args, subcommand, **options):
        try:
            if subcommand == "web":
                self.handle_web(**options)
            elif subcommand == "tree":
                self.handle_tree(**options)
            elif subcommand == "data":
                self.handle_data(**options)
            elif subcommand == "plans":
                self.handle_plans(**options)
            elif subcommand == "search":
                self.handle_search(**options)
            elif subcommand == "transfer":
                self.handle_transfer(**options)
            elif subcommand == "load":
                self.handle_load(**options)
            elif subcommand == "scale":
                self.handle_scale(**options)
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

    def handle_search(self, experiences, repeat, output, **options):
        from gexin.exchange import bench as search_bench

        report = search_bench.run_in_throwaway_database(
            self.stdout.write, experiences=experiences, repeat=repeat
        )
        missed = [row["query"] for row in report["queries"] if not row["passed"]]
        if not report["index_passed"]:
            missed.insert(0, "indexing")
        if missed:
            self.stdout.write(self.style.WARNING(f"MISSED: {', '.join(missed)}"))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"All queries within {search_bench.GOAL_QUERY_P95_MS} ms at the 95th "
                    f"percentile; indexing above {search_bench.GOAL_INDEX_PER_SECOND} "
                    "documents/s."
                )
            )
        if output:
            path = Path(output)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
            self.stdout.write(f"Results written to {path}")

    def handle_transfer(self, provinces, enterprises, links, seed, output, **options):
        from gexin.national import bench as transfer_bench
        from gexin.national.transfer import PlanStatus

        if not enterprises <= links <= provinces * enterprises:
            raise CommandError(
                f"--links must be between {enterprises:,} (one per enterprise) and "
                f"{provinces * enterprises:,} (every province with every enterprise)"
            )
        report = transfer_bench.run(
            self.stdout.write,
            provinces=provinces,
            enterprises=enterprises,
            links=links,
            seed=seed,
        )
        machine = report["machine"]
        self.stdout.write("")
        self.stdout.write(
            f"{machine['nproc']} cores ({machine['cpu']}), Python {machine['python']}, "
            f"NumPy {machine['numpy']}, SciPy {machine['scipy']} (HiGHS)"
        )
        if output:
            path = Path(output)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
            self.stdout.write(f"Results written to {path}")
        if report["problems"] or report["status"] != PlanStatus.OPTIMAL:
            raise CommandError(
                f"The plan is {report['status']}; check found {len(report['problems'])} problems."
            )
        if report["passed"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Optimal in {report['solve_seconds']:.2f} s (target ≤ "
                    f"{transfer_bench.GOAL_SOLVE_SECONDS:g} s), checked."
                )
            )
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"MISSED: solved in {report['solve_seconds']:.2f} s, over the "
                    f"{transfer_bench.GOAL_SOLVE_SECONDS:g} s target."
                )
            )

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

    def handle_plans(
        self,
        units,
        years,
        repeat,
        units_per_chunk,
        writers,
        quick,
        databases,
        postgres_url,
        no_duckdb,
        output,
        keep,
        child_report,
        csv_dir,
        **options,
    ):
        from gexin.plans import bench as plans_bench

        if quick:
            units, years, repeat = (plans_bench.QUICK[key] for key in ("units", "years", "repeat"))
        if child_report:
            # A child process: the environment names a throwaway database of our own.
            call_command("migrate", interactive=False, verbosity=0)
            report = plans_bench.run_here(
                self.stdout.write,
                units=units,
                years=years,
                repeat=repeat,
                units_per_chunk=units_per_chunk,
                writers=writers,
                csv_dir=csv_dir,
            )
            Path(child_report).write_text(json.dumps(report), encoding="utf-8")
            return
        report = plans_bench.run_command(
            self.stdout.write,
            units=units,
            years=years,
            repeat=repeat,
            units_per_chunk=units_per_chunk,
            writers=writers,
            databases=databases,
            postgres_url=postgres_url,
            use_duckdb=not no_duckdb,
            keep=keep,
        )
        machine = report["machine"]
        self.stdout.write("")
        self.stdout.write(
            f"{machine['nproc']} cores ({machine['cpu']}), Python {machine['python']}, "
            f"Django {machine['django']}"
            + (f", {report['duckdb']['version']}" if report["duckdb"] else "")
        )
        first = next(iter(report["databases"].values()))
        self.stdout.write(
            f"{first['units']:,} units, {first['years']} years, {first['records']:,} records; "
            f"times are the median of {first['repeat']} runs; ÷ DuckDB is gexin's time over "
            "DuckDB's on the raw rows (below 1: gexin is faster)\n"
        )
        self.stdout.write(plans_bench.format_table(report["results"]))
        if any(row["busy_machine"] for row in report["results"]):
            self.stdout.write(
                self.style.WARNING(
                    "\n'other cpu' above 10 %: other processes were busy during these rows; "
                    "run again on a quiet machine for figures to compare."
                )
            )
        if output:
            path = Path(output)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
            self.stdout.write(f"Results written to {path}")
        if report["failures"]:
            raise CommandError("\n".join(report["failures"]))
        missed = [row for row in report["results"] if row["verdict"] == "MISS"]
        self.stdout.write("")
        if missed:
            for row in missed:
                self.stdout.write(
                    self.style.WARNING(
                        f"MISSED {row['database']}: {row['measure']} {row['target']}"
                    )
                )
        else:
            self.stdout.write(self.style.SUCCESS("All targets met."))

    def handle_load(
        self,
        duration,
        warmup,
        users,
        workers,
        threads,
        postgres_url,
        output,
        keep,
        prepare,
        **options,
    ):
        from gexin.core import bench_load

        if prepare:
            # A child process: the environment names the throwaway database.
            password = os.environ.get(bench.PASSWORD_VARIABLE) or ""
            if not password:
                raise CommandError(f"{bench.PASSWORD_VARIABLE} is not set.")
            settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
            call_command("migrate", interactive=False, verbosity=0)
            info = bench_load.load_data(password)
            Path(prepare).write_text(json.dumps(info), encoding="utf-8")
            return
        report = bench_load.run_load(
            self.stdout.write,
            duration=duration,
            warmup=warmup,
            users=users,
            workers=workers,
            worker_threads=threads,
            postgres_url=postgres_url,
            keep=keep,
        )
        failed = self.write_load_report(report)
        if output:
            path = Path(output)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
            self.stdout.write(f"Results written to {path}")
        if failed:
            raise CommandError(failed)

    def write_load_report(self, report):
        """Print the load report; return why the run failed ("" when it did not)."""
        from gexin.core import bench_load

        machine, server, load = report["machine"], report["server"], report["load"]
        cpu = report["cpu"]
        self.stdout.write("")
        self.stdout.write(
            f"{machine['nproc']} cores ({machine['cpu']}), Python {machine['python']}, "
            f"Django {machine['django']}, gunicorn {machine['gunicorn']}, "
            f"PostgreSQL {report['postgresql']}, {machine['wrk']}"
        )
        self.stdout.write(
            f"gunicorn: {server['gunicorn_workers']} {server['worker_class']} workers"
            + (
                f" × {server['threads_per_worker']} threads"
                if server["threads_per_worker"] > 1
                else ""
            )
            + f"; wrk: {load['users']} users (one connection each), {load['duration_s']} s "
            f"after {load['warmup_s']} s warm-up; {report['data']['users']} accounts, "
            f"{report['data']['units']} units, {report['data']['people']} people"
        )
        if cpu:
            self.stdout.write(
                f"CPU of both cores: gunicorn {cpu['server_pct']:.0f}%, PostgreSQL "
                f"{cpu['database_pct']:.0f}%, wrk {cpu['wrk_pct']:.0f}%, other processes "
                f"{cpu['other_pct']:.0f}%, idle {cpu['idle_pct']:.0f}%"
            )
        per_request = report.get("cpu_per_request")
        if per_request:
            self.stdout.write(
                f"CPU per request: gunicorn {per_request['server_ms']} ms, PostgreSQL "
                f"{per_request['database_ms']} ms: {machine['nproc']} cores doing nothing else "
                f"would answer at most {per_request['ceiling_requests_per_second']:.0f} "
                "requests/s"
            )
        self.stdout.write("")
        self.stdout.write(bench_load.format_table(report))
        self.stdout.write("")
        for row in report["integrity"]:
            line = f"{row['what']}: written {row['written']}, read back {row['read_back']}"
            if row["in_flight"]:
                line += f" ({row['in_flight']} still unanswered when the load stopped)"
            self.stdout.write(line)
        sockets = {name: count for name, count in report["socket_errors"].items() if count}
        if sockets:
            self.stdout.write(
                "socket errors (counted as errors, by kind of request unknown): "
                + ", ".join(f"{count} {name}" for name, count in sockets.items())
                + f" (timeout: no answer within {load['timeout_s']} s)"
            )
        if report["server_log_errors"]:
            self.stdout.write(
                self.style.WARNING(
                    f"gunicorn logged {report['server_log_errors']} tracebacks; run again with "
                    "--keep and read gunicorn.log."
                )
            )
        self.stdout.write("")
        for target in report["targets"]:
            verdict = "PASS" if target["passed"] else "MISS"
            style = self.style.SUCCESS if target["passed"] else self.style.WARNING
            self.stdout.write(style(f"{verdict}  {target['target']}: {target['measured']}"))
        if cpu and cpu["other_pct"] > bench.BUSY_MACHINE_PCT:
            self.stdout.write(
                self.style.WARNING(
                    f"Other processes took {cpu['other_pct']:.0f}% of the CPU during the run; "
                    "the figures understate the server. Run again on a quiet machine."
                )
            )
        problems = []
        if report["errors"]:
            problems.append(f"{report['errors']} requests failed")
        if report["lost"]:
            problems.append(f"{report['lost']} acknowledged writes are missing from the database")
        return "; ".join(problems)

    def handle_scale(self, repeat, copies, postgres_url, output, keep, child_report, **options):
        from gexin.core import bench_scale

        if child_report:
            # A child process: the environment names the throwaway database.
            settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
            call_command("migrate", interactive=False, verbosity=0)
            report = bench_scale.run_here(self.stdout.write, repeat=repeat, copies=copies)
            Path(child_report).write_text(json.dumps(report), encoding="utf-8")
            return
        report = bench_scale.run_command(
            self.stdout.write, repeat=repeat, copies=copies, postgres_url=postgres_url, keep=keep
        )
        machine, small, large = report["machine"], report["small"], report["large"]
        self.stdout.write("")
        self.stdout.write(
            f"{machine['nproc']} cores ({machine['cpu']}), Python {machine['python']}, "
            f"Django {machine['django']}, PostgreSQL {report['postgresql']}"
        )
        small_label = bench_scale.size_label(small["units"])
        large_label = bench_scale.size_label(large["units"])
        self.stdout.write(
            f"{small_label}: {small['units']:,} units, {small['people']:,} people, "
            f"{small['records']:,} records; {large_label}: {large['units']:,} units, "
            f"{large['people']:,} people, "
            f"{large['records']:,} records. Median and 95th percentile of {report['repeat']} "
            "requests in a row, in-process, drawn afresh (no fragment cache); queries per "
            "request.\n"
        )
        self.stdout.write(bench_scale.format_table(report["rows"], small_label, large_label))
        failed = [row["page"] for row in report["rows"] if set(row["status"]) != {200}]
        if output:
            path = Path(output)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
            self.stdout.write(f"Results written to {path}")
        if failed:
            raise CommandError(f"Pages that did not answer 200: {', '.join(failed)}")
