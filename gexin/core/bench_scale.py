"""How the cost of the busiest pages grows from 1,000 to 10,000 units (`gexin bench scale`).

The command creates a throwaway PostgreSQL database (`gexin_bench_scale_<random>`) and,
in a child process configured to it, loads the benchmark organisation (1,000 units,
10,000 people) with 60 days of records for every union group, quarter plans, a
plant's competition and a ministry-wide competition of same-type workshops, meetings
with minutes, then times the busiest pages in-process with the Django test client:
each page `repeat` times in a row, drawn afresh (the fragment cache is off), as the
ministry's administrator and as a plant's manager. Then it grows the same
organisation tenfold (nine more copies of the 999 units below the ministry, with their
people, records and plans, the ministry competition taking in the new workshops) and
times the same pages again. The database is dropped at the end. See docs/benchmarks.md.
"""

import datetime
import json
import random
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gexin.core import bench, bench_load

DEFAULT_REPEAT = 20
DEFAULT_COPIES = 10  # 10 × 999 units below the ministry, + the ministry: 9,991 units
DEFAULT_POSTGRES_URL = bench_load.DEFAULT_POSTGRES_URL
DATABASE_PREFIX = "gexin_bench_scale_"
DATABASE_MARK = "Throwaway database of gexin bench scale; dropped when it ends."
METRIC_CODE = "steel_output"  # the national board's default product
HISTORY_DAYS = 60
MANAGER_USERNAME = "bench-scale-manager"
QUARTER_TARGET_PER_GROUP = 9_000  # tonnes a quarter: about 100 a day


def _metric():
    from gexin.plans.choices import Direction, MetricKind
    from gexin.plans.models import Metric

    metric, _created = Metric.objects.get_or_create(
        code=METRIC_CODE,
        defaults={
            "name": "Steel output",
            "name_zh": "钢产量",
            "unit_of_measure": "t",
            "unit_of_measure_zh": "吨",
            "kind": MetricKind.QUANTITY,
            "direction": Direction.HIGHER,
            "decimals": 1,
        },
    )
    return metric


def attach_below(root, nodes):
    """Insert (parent_index or None, Unit) pairs in tree order below the stored unit `root`.

    As `gexin.org.services.bulk_load_tree`, but a node without a parent index becomes a
    child of `root` instead of a new root.
    """
    from django.db import transaction

    from gexin.org.models import Unit

    created = []
    children = {}
    for parent_index, unit in nodes:
        parent = root if parent_index is None else created[parent_index]
        key = "root" if parent_index is None else parent_index
        position = children.get(key, parent.numchild) + 1
        children[key] = position
        unit.path = Unit._get_path(parent.path, parent.depth + 1, position)
        unit.depth = parent.depth + 1
        unit.parent = parent
        unit.numchild = 0
        created.append(unit)
    for key, count in children.items():
        (root if key == "root" else created[key]).numchild = count
    with transaction.atomic():
        for depth in sorted({unit.depth for unit in created}):
            level = [unit for unit in created if unit.depth == depth]
            for unit in level:
                unit.parent_id = unit.parent.pk
            Unit.objects.bulk_create(level, batch_size=500)
        Unit.objects.filter(pk=root.pk).update(numchild=root.numchild)
    return created


def copy_nodes(work_types, copy):
    """The benchmark tree without its ministry, renamed as copy number `copy` (2, 3, …)."""
    nodes = bench.build_unit_nodes(work_types, bench.UNIT_COUNT)[1:]
    renamed = []
    for parent_index, unit in nodes:
        unit.code = unit.code.replace("bench-", f"bench-c{copy:02d}-", 1)
        if parent_index == 0:
            unit.name = f"{unit.name} {copy}"
            unit.name_zh = f"{unit.name_zh}{copy}"
        renamed.append((None if parent_index == 0 else parent_index - 1, unit))
    return renamed


def history(units, metric, today, rng):
    """Typed records: a day's output for every union group over the last HISTORY_DAYS days."""
    from gexin.org.choices import UnitKind

    rows = []
    for unit in units:
        if unit.kind != UnitKind.UNION_GROUP:
            continue
        for age in range(1, HISTORY_DAYS + 1):
            day = today - datetime.timedelta(days=age)
            rows.append((unit.pk, day, 0, metric.pk, None, rng.randint(80_000, 120_000)))
    return rows


def quarter_plans(units, metric, today):
    """An adopted quarter plan with its output target for every province and plant."""
    from gexin.org.choices import UnitKind
    from gexin.plans import periods
    from gexin.plans.choices import PeriodKind, PlanStatus
    from gexin.plans.models import Plan, PlanTarget

    start = periods.period_start(PeriodKind.QUARTER, today)
    groups = {}
    for unit in units:
        if unit.kind == UnitKind.UNION_GROUP:
            for prefix in (unit.path[: len(unit.path) - unit.steplen * step] for step in (4, 5)):
                groups[prefix] = groups.get(prefix, 0) + 1
    chosen = [unit for unit in units if unit.kind in (UnitKind.PROVINCE, UnitKind.PLANT)]
    plans = Plan.objects.bulk_create(
        [
            Plan(
                unit=unit,
                period_kind=PeriodKind.QUARTER,
                start=start,
                end=periods.period_end(PeriodKind.QUARTER, start),
                title=f"{unit.name}: quarter plan",
                status=PlanStatus.ADOPTED,
                adopted_on=start,
            )
            for unit in chosen
        ]
    )
    PlanTarget.objects.bulk_create(
        [
            PlanTarget(
                plan=plan,
                metric=metric,
                original=QUARTER_TARGET_PER_GROUP * groups.get(unit.path, 1),
                value=QUARTER_TARGET_PER_GROUP * groups.get(unit.path, 1),
            )
            for plan, unit in zip(plans, chosen, strict=True)
        ]
    )


def load_first(password, today):
    """The 1,000-unit organisation and what the pages show; returns the measured objects."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from gexin.competitions import scoring
    from gexin.competitions.choices import Frequency, ParticipantKind, Scoring
    from gexin.competitions.models import Competition, Criterion, Participant
    from gexin.core import versioning
    from gexin.core.audit import audit_context
    from gexin.meetings.choices import EntryKind, MeetingKind, MeetingStatus
    from gexin.meetings.models import AgendaItem, Meeting, MinuteEntry
    from gexin.org.choices import Role, UnitKind
    from gexin.org.models import Person, RoleAssignment, Unit
    from gexin.plans import records
    from gexin.plans.choices import ImportSource

    bench.load_data(password)
    rng = random.Random(1959)
    with transaction.atomic(), audit_context(reason="benchmark data"):
        metric = _metric()
        units = list(Unit.objects.order_by("path"))
        records.load(history(units, metric, today, rng), source=ImportSource.BENCH)
        quarter_plans(units, metric, today)
        ministry = units[0]
        plant = next(unit for unit in units if unit.kind == UnitKind.PLANT)
        workshop = next(
            unit for unit in units if unit.kind == UnitKind.WORKSHOP and unit.parent_id == plant.pk
        )
        manager = get_user_model().objects.create_user(MANAGER_USERNAME, password=password)
        person = Person.objects.create(
            employee_number="BENCH-MANAGER",
            name="厂长",
            name_latin="Plant manager",
            unit=plant,
            user=manager,
        )
        RoleAssignment.objects.create(person=person, unit=plant, role=Role.MANAGER)
        meeting = Meeting.objects.create(
            unit=workshop,
            kind=MeetingKind.WEEKLY,
            title=f"{workshop.name}: weekly production meeting",
            scheduled_at=datetime.datetime.combine(
                today - datetime.timedelta(days=1), datetime.time(8), tzinfo=datetime.UTC
            ),
            chair=person,
            status=MeetingStatus.HELD,
        )
        item = AgendaItem.objects.create(meeting=meeting, position=1, title="The week's output")
        for number in range(12):
            MinuteEntry.objects.create(
                meeting=meeting,
                agenda_item=item,
                kind=EntryKind.DISCUSSION,
                text=f"Point {number + 1}: output and quality of the week.",
            )
        month = today.replace(day=1)
        last_month = (month - datetime.timedelta(days=1)).replace(day=1)
        competitions = {}
        for key, organiser, kind, work_type in (
            ("plant", workshop, ParticipantKind.GROUP, None),
            ("ministry", ministry, ParticipantKind.WORKSHOP, workshop.work_type),
        ):
            competition = Competition.objects.create(
                unit=organiser,
                title=f"{organiser.name}: labour competition",
                starts_on=last_month,
                ends_on=datetime.date(today.year + 1, 12, 31),
                frequency=Frequency.MONTHLY,
                participant_kind=kind,
                work_type=work_type,
            )
            Criterion.objects.create(
                competition=competition,
                position=1,
                metric=metric,
                weight=100,
                scoring=Scoring.RANK,
            )
            competitions[key] = competition
        for unit in units:
            if unit.kind == UnitKind.UNION_GROUP and unit.path.startswith(workshop.path):
                Participant.objects.create(
                    competition=competitions["plant"], unit=unit, joined_on=last_month
                )
        add_workshops(competitions["ministry"], units, last_month)
        versioning.bump()
    evaluations = {
        key: scoring.evaluate(competition, today - datetime.timedelta(days=1)).pk
        for key, competition in competitions.items()
    }
    return {
        "ministry": ministry.pk,
        "plant": plant.pk,
        "meeting": meeting.pk,
        "competitions": {key: competition.pk for key, competition in competitions.items()},
        "evaluations": evaluations,
    }


def add_workshops(competition, units, joined_on):
    """Enter every workshop of the competition's work type among `units`."""
    from gexin.competitions.models import Participant
    from gexin.org.choices import UnitKind

    Participant.objects.bulk_create(
        [
            Participant(
                competition=competition, unit=unit, unit_path=unit.path, joined_on=joined_on
            )
            for unit in units
            if unit.kind == UnitKind.WORKSHOP and unit.work_type_id == competition.work_type_id
        ]
    )


def grow(copies, measured, today):
    """Add copies 2…`copies` of the organisation below the ministry, with people and records."""
    from django.db import transaction

    from gexin.competitions import scoring
    from gexin.competitions.models import Competition, Evaluation
    from gexin.core import versioning
    from gexin.org.models import Person, Unit, WorkType
    from gexin.plans import records
    from gexin.plans.choices import ImportSource

    rng = random.Random(1960)
    metric = _metric()
    work_types = {work_type.code: work_type for work_type in WorkType.objects.all()}
    competition = Competition.objects.get(pk=measured["competitions"]["ministry"])
    for copy in range(2, copies + 1):
        with transaction.atomic():
            root = Unit.objects.get(pk=measured["ministry"])
            units = attach_below(root, copy_nodes(work_types, copy))
            people = bench.build_people(units, bench.PEOPLE_COUNT - 1, seed=1953 + copy)
            for person in people:
                person.employee_number = f"C{copy:02d}{person.employee_number}"
            Person.objects.bulk_create(people, batch_size=2000)
            records.load(history(units, metric, today, rng), source=ImportSource.BENCH)
            quarter_plans(units, metric, today)
            add_workshops(competition, units, competition.starts_on)
            versioning.bump()
    evaluation = Evaluation.objects.get(pk=measured["evaluations"]["ministry"])
    scoring.compute(evaluation)


def pages(measured):
    """(name, user, path) of the measured pages."""
    admin, manager = bench.BENCH_USERNAME, MANAGER_USERNAME
    ministry, plant = measured["ministry"], measured["plant"]
    return [
        ("plant page (manager)", manager, f"/units/{plant}/"),
        ("plant fulfilment panel (manager)", manager, f"/units/{plant}/fulfilment/panel/"),
        ("ministry page", admin, f"/units/{ministry}/"),
        ("ministry fulfilment panel", admin, f"/units/{ministry}/fulfilment/panel/"),
        ("plant standings (manager)", manager, f"/evaluations/{measured['evaluations']['plant']}/"),
        (
            "ministry standings",
            admin,
            f"/evaluations/{measured['evaluations']['ministry']}/",
        ),
        (
            "ministry standings API",
            admin,
            f"/api/v1/competitions/{measured['competitions']['ministry']}/standings/",
        ),
        ("meeting page (manager)", manager, f"/meetings/{measured['meeting']}/"),
        ("national board", admin, "/national/board/"),
        ("unit list", admin, "/units/list/"),
        ("unit tree", admin, "/units/"),
        ("units API list", admin, "/api/v1/units/"),
        ("people list", admin, "/people/"),
    ]


def time_pages(measured, repeat):
    """{page name: {"median_ms", "p95_ms", "queries", "status"}}, each page drawn afresh."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework.authtoken.models import Token

    from gexin.core.models import User

    settings.GEXIN_FRAGMENT_CACHE = False
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    clients = {}
    results = {}
    for name, username, path in pages(measured):
        api = path.startswith("/api/")
        key = (username, api)
        if key not in clients:
            user = User.objects.get(username=username)
            if api:
                token, _created = Token.objects.get_or_create(user=user)
                clients[key] = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
            else:
                clients[key] = Client()
                clients[key].force_login(user)
        client = clients[key]
        response = client.get(path)  # unmeasured: first-use costs of the process
        durations = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path)
                durations.append((time.perf_counter() - started) * 1000)
        ordered = sorted(durations)
        results[name] = {
            "path": path,
            "status": response.status_code,
            "median_ms": round(statistics.median(ordered), 1),
            "p95_ms": round(bench_load.percentile(ordered, 95), 1),
            "queries": len(queries),
        }
    return results


def counts():
    from gexin.org.models import Person, Unit
    from gexin.plans.models import Record

    return {
        "units": Unit.objects.count(),
        "people": Person.objects.count(),
        "records": Record.objects.count(),
    }


def run_here(write, repeat, copies, today=None):
    """In the child process: load, time, grow, time again; return the report."""
    import logging

    # Signing the two users in for every page would log a security event each time.
    logging.getLogger("gexin.security").setLevel(logging.WARNING)
    today = today or datetime.date.today()
    password = secrets.token_urlsafe(18)
    started = time.monotonic()
    measured = load_first(password, today)
    first = counts()
    write(
        f"  loaded {first['units']:,} units, {first['people']:,} people, "
        f"{first['records']:,} records in {time.monotonic() - started:.0f} s; timing pages…"
    )
    small = time_pages(measured, repeat)
    started = time.monotonic()
    grow(copies, measured, today)
    second = counts()
    write(
        f"  grown to {second['units']:,} units, {second['people']:,} people, "
        f"{second['records']:,} records in {time.monotonic() - started:.0f} s; timing pages…"
    )
    _analyse()
    large = time_pages(measured, repeat)
    rows = []
    for name, _user, path in pages(measured):
        before, after = small[name], large[name]
        rows.append(
            {
                "page": name,
                "path": path,
                "status": [before["status"], after["status"]],
                "small_median_ms": before["median_ms"],
                "small_p95_ms": before["p95_ms"],
                "large_median_ms": after["median_ms"],
                "large_p95_ms": after["p95_ms"],
                "ratio": round(after["median_ms"] / before["median_ms"], 2)
                if before["median_ms"]
                else None,
                "small_queries": before["queries"],
                "large_queries": after["queries"],
            }
        )
    return {"small": first, "large": second, "repeat": repeat, "rows": rows}


def _analyse():
    """Fresh planner statistics after the growth, as autovacuum would gather them soon."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def size_label(units):
    """1k, 10k: the size of the organisation in thousands of units, rounded."""
    return f"{round(units / 1000):,}k"


def format_table(rows, small="1k", large="10k"):
    header = (
        "page",
        f"{small} ms",
        f"{small} p95",
        f"{large} ms",
        f"{large} p95",
        "ratio",
        f"queries {small}/{large}",
    )
    lines = [
        (
            row["page"],
            f"{row['small_median_ms']:.1f}",
            f"{row['small_p95_ms']:.1f}",
            f"{row['large_median_ms']:.1f}",
            f"{row['large_p95_ms']:.1f}",
            f"{row['ratio']:.2f}" if row["ratio"] is not None else "-",
            f"{row['small_queries']}/{row['large_queries']}",
        )
        for row in rows
    ]
    widths = [max(len(cell) for cell in column) for column in zip(header, *lines, strict=True)]

    def render(cells):
        return "  ".join(
            cell.ljust(width) if index == 0 else cell.rjust(width)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join(
        [render(header), render(["-" * width for width in widths])]
        + [render(line) for line in lines]
    )


# The parent process


def run_command(write, repeat=DEFAULT_REPEAT, copies=DEFAULT_COPIES, postgres_url=None, keep=False):
    """Create the throwaway database, measure in a child process, drop the database."""
    from gexin.plans import bench as plans_bench

    postgres_url = postgres_url or DEFAULT_POSTGRES_URL
    workdir = Path(tempfile.mkdtemp(prefix="gexin-bench-scale-"))
    previous_sigterm = signal.signal(signal.SIGTERM, bench._raise_on_sigterm)
    name = DATABASE_PREFIX + secrets.token_hex(4)
    database_url = None
    try:
        write(f"Creating the PostgreSQL database {name}…")
        database_url = bench_load.create_database(postgres_url, name, mark=DATABASE_MARK)
        environment = bench.server_environment(workdir, database_url)
        environment["PYTHONUNBUFFERED"] = "1"
        report_path = workdir / "report.json"
        command = [
            sys.executable,
            "-m",
            "gexin",
            "bench",
            "scale",
            "--child-report",
            str(report_path),
            "--repeat",
            str(repeat),
            "--copies",
            str(copies),
        ]
        write("Migrating and loading 1,000 units…")
        process = subprocess.Popen(
            command,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        output = []
        try:
            for line in process.stdout:
                output.append(line.rstrip("\n"))
                write(output[-1])
            process.wait()
        finally:
            if process.poll() is None:
                process.terminate()
                process.wait()
        if process.returncode != 0 or not report_path.exists():
            tail = "\n".join(output[-30:])
            raise bench_load.BenchError(
                f"The measurement failed (exit code {process.returncode}):\n{tail}"
            )
        report = json.loads(report_path.read_text(encoding="utf-8"))
        report["machine"] = plans_bench.machine()
        report["postgresql"] = bench_load.postgres_version(database_url)
        report["measured_at"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        return report
    finally:
        signal.signal(signal.SIGTERM, previous_sigterm)
        if keep:
            write(f"Kept {workdir} and the database {name}.")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
            if database_url is not None:
                try:
                    bench_load.drop_database(postgres_url, name)
                except Exception as error:  # noqa: BLE001  the report matters more
                    write(f"Could not drop the database {name}: {error}")
