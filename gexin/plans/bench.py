"""Records and fulfilment at full scale (`gexin bench plans`).

A synthetic group of 1,000 units records one quantity metric (steel output) for
every shift of every day over ten years: 1,000 units × 3,652 days × 3 shifts,
about 11 million records. On each database the benchmark

1. builds the tree and generates the rows in chunks of ten units' rows, never all at
   once; one thread generates and checks each chunk (`Validator.check_typed`) while
   the checked chunks are written by `records.load`, one call per chunk, over two
   connections at once on PostgreSQL and one on SQLite (which has a single writer);
2. loads the same rows again, which must create and change nothing;
3. times (median of several runs) a whole-tree quarter's fulfilment and the
   10-year monthly series of the whole tree and of one plant;
4. checks that the daily and monthly totals equal a recomputation from the records.

`run_command` does this on a throwaway SQLite file and a freshly created
PostgreSQL database, each in a child process with its own settings, then asks
DuckDB the same questions of the same raw rows (written to a CSV file by the
first child), checks that every figure is equal and compares the times.
`run_here` is the measurement on the database Django is connected to; the tests
run it small.
"""

import contextlib
import csv
import datetime
import json
import os
import platform
import queue
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from gexin.core.bench import BenchError, Terminated, machine_cpu

DEFAULT_UNITS = 1000
DEFAULT_YEARS = 10
DEFAULT_REPEAT = 7
DEFAULT_UNITS_PER_CHUNK = 10  # about 110,000 rows per records.load() over ten years
# Connections writing at once: PostgreSQL takes concurrent writers, one per core here;
# SQLite has one writer at a time.
DEFAULT_WRITERS = {"postgresql": 2, "sqlite": 1}
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/test"
QUICK = {"units": 40, "years": 2, "repeat": 3}
DATABASES = ("sqlite", "postgresql")
POSTGRES_DATABASE = "gexin_bench_plans"
POSTGRES_MARK = "Throwaway database of gexin bench plans; dropped when it ends."
FIRST_YEAR = 1950
METRIC_CODE = "steel_output"
SHIFTS = (1, 2, 3)
ROOT_CODE = "bench-plans"

# Targets.
GOAL_LOAD_PER_SECOND = {"postgresql": 200_000, "sqlite": 100_000}
GOAL_QUARTER_MS = 50
GOAL_SERIES_MS = 400
# Above this share of the machine's CPU taken by unrelated processes, a phase is flagged.
BUSY_MACHINE_PCT = 10

# The tree under one ministry: each level has this many children per parent; union
# groups take the units that are left, spread evenly over the shifts.
LEVELS = (
    ("province", 4),
    ("plant", 3),
    ("workshop", 4),
    ("section", 2),
    ("shift", 2),
    ("union_group", None),
)

DUCKDB_MISSING = "DuckDB is not installed (pip install duckdb); its comparison is skipped."


# The data


def span(years):
    """(first day, last day) of the `years` calendar years the records cover."""
    return datetime.date(FIRST_YEAR, 1, 1), datetime.date(FIRST_YEAR + years - 1, 12, 31)


def build_tree(units):
    """Create `units` units breadth-first under one ministry; returns them in tree order."""
    from gexin.org.models import Unit
    from gexin.org.services import bulk_load_tree

    if Unit.objects.exists():
        raise BenchError("The database already holds units; the benchmark needs an empty one.")
    nodes = [(None, Unit(code=ROOT_CODE, kind="ministry", name="Ministry (benchmark)"))]
    frontier = [0]
    for kind, fan_out in LEVELS:
        remaining = units - len(nodes)
        if remaining <= 0 or not frontier:
            break
        wanted = remaining if fan_out is None else min(remaining, len(frontier) * fan_out)
        per_parent, extra = divmod(wanted, len(frontier))
        next_frontier = []
        for position, parent_index in enumerate(frontier):
            parent = nodes[parent_index][1]
            for number in range(1, per_parent + (position < extra) + 1):
                code = f"{parent.code}-{number}"
                name = f"{kind.replace('_', ' ').capitalize()} {code[len(ROOT_CODE) + 1 :]}"
                nodes.append((parent_index, Unit(code=code, kind=kind, name=name)))
                next_frontier.append(len(nodes) - 1)
        frontier = next_frontier
    return bulk_load_tree(nodes)


def chunks(unit_ids, first, last, metric_id, units_per_chunk=DEFAULT_UNITS_PER_CHUNK):
    """Yield lists of typed rows (unit_id, day, shift, metric_id, None, value_milli).

    Each unit's output per shift is a deterministic 40 to 120 tonnes, in kilograms.
    """
    days = []
    day = first
    while day <= last:
        days.append((day.toordinal(), day))
        day += datetime.timedelta(days=1)
    for start in range(0, len(unit_ids), units_per_chunk):
        rows = []
        for number, unit_id in enumerate(unit_ids[start : start + units_per_chunk], start):
            base = number * 7_919
            rows.extend(
                (
                    unit_id,
                    day,
                    shift,
                    metric_id,
                    None,
                    40_000 + (base + ordinal * 104_729 + shift * 6_151) % 80_000,
                )
                for ordinal, day in days
                for shift in SHIFTS
            )
        yield rows


# Measuring


class CpuWatch:
    """How busy the machine was between start and stop, and with what.

    `own` is this process, `database` the PostgreSQL server's processes (when it runs
    on this machine), `other` everything else as a share of all cores.
    """

    def __init__(self):
        self.before = self._sample()

    @staticmethod
    def _sample():
        machine = machine_cpu()
        if machine is None:
            return None
        own = os.times()
        return machine, own.user + own.system, _database_ticks()

    def stop(self):
        after = self._sample()
        if self.before is None or after is None:
            return None
        tick = os.sysconf("SC_CLK_TCK")
        (busy0, total0), own0, db0 = self.before
        (busy1, total1), own1, db1 = after
        capacity = max(total1 - total0, 1)
        own = (own1 - own0) * tick
        database = db1 - db0
        return {
            "own_pct": round(100 * own / capacity, 1),
            "database_pct": round(100 * database / capacity, 1),
            "other_pct": round(max(0.0, 100 * (busy1 - busy0 - own - database) / capacity), 1),
        }


def _database_ticks():
    """CPU ticks used so far by the PostgreSQL server on this machine.

    Live server processes count their own time; backends that have ended (a writer's
    connection closed) count through the postmaster, which reaps them.
    """
    processes = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return 0
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as stat:
                text = stat.read()
        except OSError:
            continue
        name = text[text.find("(") + 1 : text.rfind(")")]
        fields = text.rsplit(")", 1)[1].split()
        # After the name: state, ppid, … utime (12th), stime, cutime, cstime (15th).
        processes[int(entry)] = (name, int(fields[1]), [int(value) for value in fields[11:15]])
    ticks = 0
    for name, parent, (utime, stime, cutime, cstime) in processes.values():
        if name.startswith("postgres"):
            ticks += utime + stime
            if not processes.get(parent, ("",))[0].startswith("postgres"):
                ticks += cutime + cstime  # the postmaster: its ended children
    return ticks


def timed(function, repeat):
    """(median milliseconds of `repeat` runs after one unmeasured run, the last result)."""
    result = function()
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        durations.append((time.perf_counter() - started) * 1000)
    return statistics.median(durations), result


def load_pipelined(row_chunks, validator, batches):
    """Check chunks in one thread while others write them, one writer per batch.

    Each writer has its own database connection and writes each chunk it takes with
    records.load() into its batch. A chunk is written only after it passed its
    checks. Returns the rows, created and updated counts and the seconds spent
    generating, checking and writing (summed over the writers).
    """
    from django.db import connection

    from gexin.plans import records

    handover = queue.Queue(maxsize=2 * len(batches))
    stop = threading.Event()
    lock = threading.Lock()
    failures = []
    spent = {"generate": 0.0, "validate": 0.0, "write": 0.0}
    counts = {"rows": 0, "created": 0, "updated": 0}

    def put(item):
        while not stop.is_set():
            with contextlib.suppress(queue.Full):
                handover.put(item, timeout=0.2)
                return

    def produce():
        try:
            iterator = iter(row_chunks)
            while not stop.is_set():
                started = time.perf_counter()
                rows = next(iterator, None)
                generated = time.perf_counter()
                spent["generate"] += generated - started
                if rows is None:
                    break
                validator.check_typed(rows)
                spent["validate"] += time.perf_counter() - generated
                put(rows)
        except BaseException as error:  # noqa: BLE001 - reported by the calling thread
            failures.append(error)
            stop.set()
        for _batch in batches:
            put(None)

    def write(batch):
        try:
            while not stop.is_set():
                try:
                    rows = handover.get(timeout=0.2)
                except queue.Empty:
                    continue
                if rows is None:
                    break
                started = time.perf_counter()
                result = records.load(rows, batch=batch)
                with lock:
                    spent["write"] += time.perf_counter() - started
                    counts["rows"] += result.rows
                    counts["created"] += result.created
                    counts["updated"] += result.updated
        except BaseException as error:  # noqa: BLE001 - reported by the calling thread
            failures.append(error)
            stop.set()
        finally:
            if len(batches) > 1:
                connection.close()  # this thread's own connection

    producer = threading.Thread(target=produce, name="bench-plans-check", daemon=True)
    producer.start()
    if len(batches) == 1:
        write(batches[0])  # in this thread, on its connection (and transaction, in tests)
    else:
        writers = [
            threading.Thread(target=write, args=(batch,), name=f"bench-plans-write-{n}")
            for n, batch in enumerate(batches, 1)
        ]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join()
    stop.set()
    producer.join()
    if failures:
        raise failures[0]
    return counts["rows"], counts["created"], counts["updated"], spent


def fingerprint():
    """Counts and sums of the records and totals, to show that a re-load changed nothing."""
    from django.db import connection

    figures = {}
    with connection.cursor() as cursor:
        for table, extra in (
            ("plans_record", ", SUM(batch_id)"),
            ("plans_dailytotal", ""),
            ("plans_monthlytotal", ""),
        ):
            cursor.execute(f"SELECT COUNT(*), SUM(value_milli){extra} FROM {table}")
            figures[table] = [int(value or 0) for value in cursor.fetchone()]
    return figures


def totals_differences():
    """{table: keys whose stored total differs from the sum of the records} (zeros ignored)."""
    from django.db import connection

    month = (
        "CAST(date_trunc('month', day) AS date)"
        if connection.vendor == "postgresql"
        else "substr(day, 1, 8) || '01'"
    )
    differences = {}
    with connection.cursor() as cursor:
        for table, column, key in (
            ("plans_dailytotal", "day", "day"),
            ("plans_monthlytotal", "month", month),
        ):
            recomputed = (
                f"SELECT unit_id, metric_id, {key} AS {column}, SUM(value_milli) AS value_milli "
                f"FROM plans_record GROUP BY unit_id, metric_id, {key}"
            )
            stored = f"SELECT unit_id, metric_id, {column}, value_milli FROM {table}"
            cursor.execute(
                f"SELECT COUNT(*) FROM ("
                f"SELECT * FROM ({recomputed}) a WHERE value_milli <> 0 EXCEPT "
                f"SELECT * FROM ({stored}) b WHERE value_milli <> 0) x"
            )
            missing = cursor.fetchone()[0]
            cursor.execute(
                f"SELECT COUNT(*) FROM ("
                f"SELECT * FROM ({stored}) b WHERE value_milli <> 0 EXCEPT "
                f"SELECT * FROM ({recomputed}) a WHERE value_milli <> 0) x"
            )
            differences[table] = int(missing) + int(cursor.fetchone()[0])
    return differences


def write_csv(directory, tree, unit_ids, first, last, metric_id):
    """Write units.csv (id, path) and records.csv (the raw rows) for DuckDB."""
    directory = Path(directory)
    with open(directory / "units.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("id", "path"))
        writer.writerows((unit.pk, unit.path) for unit in tree)
    with open(directory / "records.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("unit_id", "day", "shift", "metric_id", "person_id", "value_milli"))
        for rows in chunks(unit_ids, first, last, metric_id):
            writer.writerows(rows)


def run_here(
    write,
    *,
    units=DEFAULT_UNITS,
    years=DEFAULT_YEARS,
    repeat=DEFAULT_REPEAT,
    units_per_chunk=DEFAULT_UNITS_PER_CHUNK,
    writers=None,
    csv_dir=None,
):
    """Measure on the database Django is connected to, which must hold no units.

    `writers` is the number of connections writing at once (default: the database's,
    see DEFAULT_WRITERS); more than one needs a database whose writes other
    connections see, so not a test's transaction.

    Returns the report: a JSON-ready dict of what was loaded, the rates, the times,
    the figures (for comparing with DuckDB) and the checks.
    """
    from django.db import connection

    from gexin.plans import fulfilment, periods
    from gexin.plans.choices import ImportSource, PeriodKind, PlanStatus
    from gexin.plans.models import ImportBatch, Metric, Plan, PlanTarget
    from gexin.plans.records import Validator

    vendor = connection.vendor
    writers = writers or DEFAULT_WRITERS[vendor]
    if writers > 1 and connection.in_atomic_block:
        writers = 1
    started = time.perf_counter()
    tree = build_tree(units)
    root = tree[0]
    plant = next((unit for unit in tree if unit.kind == "plant"), root)
    metric = Metric.objects.get(code=METRIC_CODE)
    first, last = span(years)
    unit_ids = sorted(unit.pk for unit in tree)
    days = periods.days_between(first, last)
    expected = len(unit_ids) * days * len(SHIFTS)
    write(
        f"  {vendor}: {len(tree)} units built in {time.perf_counter() - started:.1f} s; "
        f"loading {expected:,} records ({first} to {last}, {len(SHIFTS)} shifts a day)…"
    )

    validator = Validator(None)  # the operator: every unit is in scope
    validator.prefetch_units(unit_ids)

    def load_phase(label):
        batches = [
            ImportBatch.objects.create(source=ImportSource.COMMAND, file_name=label)
            for _writer in range(writers)
        ]
        watch = CpuWatch()
        began = time.perf_counter()
        total, created, updated, spent = load_pipelined(
            chunks(unit_ids, first, last, metric.pk, units_per_chunk), validator, batches
        )
        seconds = time.perf_counter() - began
        return {
            "rows": total,
            "created": created,
            "updated": updated,
            "seconds": round(seconds, 2),
            "rows_per_second": round(total / seconds) if seconds else 0,
            "generate_s": round(spent["generate"], 2),
            "validate_s": round(spent["validate"], 2),
            "write_s": round(spent["write"], 2),
            "cpu": watch.stop(),
            "batches": [batch.pk for batch in batches],
        }

    load = load_phase("bench plans: load")
    write(
        f"  loaded {load['rows']:,} records in {load['seconds']:.1f} s: "
        f"{load['rows_per_second']:,} records/s"
    )
    before = fingerprint()
    reload = load_phase("bench plans: re-load")
    after = fingerprint()
    reload["unchanged"] = before == after and reload["created"] == reload["updated"] == 0
    write(
        f"  re-loaded in {reload['seconds']:.1f} s: {reload['rows_per_second']:,} records/s, "
        f"{reload['created']} new, {reload['updated']} changed"
    )

    # Fresh statistics (and on PostgreSQL a visibility map), as a database in use has.
    with connection.cursor() as cursor:
        if vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")

    quarter = (datetime.date(last.year, 10, 1), last)
    plan = Plan.objects.create(
        unit=root, period_kind=PeriodKind.QUARTER, start=quarter[0], status=PlanStatus.ADOPTED
    )
    goal = Decimal(len(unit_ids) * periods.days_between(*quarter) * len(SHIFTS) * 80)
    PlanTarget.objects.create(plan=plan, metric=metric, original=goal, value=goal)
    today = last + datetime.timedelta(days=1)

    watch = CpuWatch()
    times = {}
    times["quarter_totals"], quarter_totals = timed(
        lambda: fulfilment.totals(root.path, *quarter), repeat
    )
    times["quarter"], result = timed(
        lambda: fulfilment.compute(root, *quarter, today=today), repeat
    )
    times["tree_series"], tree_series = timed(
        lambda: fulfilment.series(root.path, first, last, [metric.pk], by_month=True), repeat
    )
    times["unit_series"], unit_series = timed(
        lambda: fulfilment.series(plant.path, first, last, [metric.pk], by_month=True), repeat
    )
    query_cpu = watch.stop()
    line = next(line for line in result.lines if line.metric.pk == metric.pk)
    figures = {
        "quarter_total": quarter_totals.get(metric.pk, 0),
        "quarter": {
            "actual": _milli(line.actual),
            "previous": _milli(line.previous),
            "year_ago": _milli(line.year_ago),
            "as_of": result.as_of.isoformat(),
        },
        "tree_series": [[day.isoformat(), value] for day, _metric, value in tree_series],
        "unit_series": [[day.isoformat(), value] for day, _metric, value in unit_series],
    }
    spec = {
        "root_path": root.path,
        "unit_path": plant.path,
        "unit_code": plant.code,
        "unit_subtree": sum(1 for unit in tree if unit.path.startswith(plant.path)),
        "metric_id": metric.pk,
        "first": first.isoformat(),
        "last": last.isoformat(),
        "quarter": [day.isoformat() for day in quarter],
        # The earlier periods as compute() cut them: as many days as have passed.
        "previous": [
            day.isoformat()
            for day in fulfilment._first_days(result.previous_range, result.elapsed_days)
        ],
        "year_ago": [
            day.isoformat()
            for day in fulfilment._first_days(result.year_ago_range, result.elapsed_days)
        ],
    }

    began = time.perf_counter()
    differences = totals_differences()
    check_seconds = time.perf_counter() - began
    write(
        f"  totals against a recomputation from {after['plans_record'][0]:,} records "
        f"({check_seconds:.1f} s): "
        + ", ".join(f"{table} {count} differences" for table, count in differences.items())
    )
    if csv_dir is not None:
        began = time.perf_counter()
        write_csv(csv_dir, tree, unit_ids, first, last, metric.pk)
        write(f"  raw rows written to CSV for DuckDB in {time.perf_counter() - began:.1f} s")

    return {
        "database": vendor,
        "database_version": _database_version(),
        "units": len(tree),
        "years": years,
        "records": after["plans_record"][0],
        "units_per_chunk": units_per_chunk,
        "writers": writers,
        "load": load,
        "reload": reload,
        "times_ms": {name: round(ms, 2) for name, ms in times.items()},
        "repeat": repeat,
        "query_cpu": query_cpu,
        "figures": figures,
        "spec": spec,
        "totals_differences": differences,
    }


def _milli(value):
    return None if value is None else int(value * 1000)


def _database_version():
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return "PostgreSQL " + cursor.fetchone()[0].split()[0]
    return f"SQLite {sqlite3.sqlite_version}"


# DuckDB on the raw rows


def duckdb_available():
    try:
        import duckdb  # noqa: F401
    except ImportError:
        return False
    return True


# DuckDB keeps min and max of every column per row group and skips the groups a
# filter rules out, so how the rows are ordered matters: by day suits a range of days,
# by unit a subtree. Each question is timed on both orders and the faster counts.
DUCKDB_ORDERS = {"day": "day, unit_id", "unit": "unit_id, day"}


def run_duckdb(csv_dir, spec, repeat=DEFAULT_REPEAT):
    """Load the raw rows into DuckDB (in memory) and answer the same questions.

    Returns {"version", "load_s", "times_ms", "orders", "figures"} with times and
    figures in the shape of run_here's report.
    """
    import duckdb

    csv_dir = Path(csv_dir)
    database = duckdb.connect()
    began = time.perf_counter()
    database.execute(
        "CREATE TEMPORARY TABLE raw AS SELECT * FROM read_csv(?, header = true, columns = {"
        "'unit_id': 'BIGINT', 'day': 'DATE', 'shift': 'SMALLINT', 'metric_id': 'BIGINT', "
        "'person_id': 'BIGINT', 'value_milli': 'BIGINT'})",
        [str(csv_dir / "records.csv")],
    )
    for name, order in DUCKDB_ORDERS.items():
        database.execute(f"CREATE TABLE records_by_{name} AS SELECT * FROM raw ORDER BY {order}")
    database.execute("DROP TABLE raw")
    database.execute(
        "CREATE TABLE units AS SELECT * FROM read_csv(?, header = true, "
        "columns = {'id': 'BIGINT', 'path': 'VARCHAR'})",
        [str(csv_dir / "units.csv")],
    )
    load_seconds = time.perf_counter() - began
    day = datetime.date.fromisoformat
    root, unit, metric = spec["root_path"], spec["unit_path"], spec["metric_id"]
    first, last = day(spec["first"]), day(spec["last"])
    quarter = [day(text) for text in spec["quarter"]]
    previous = [day(text) for text in spec["previous"]]
    year_ago = [day(text) for text in spec["year_ago"]]

    def subtree(table):
        return (
            f"FROM {table} r JOIN units u ON u.id = r.unit_id "
            "WHERE starts_with(u.path, ?) AND r.metric_id = ?"
        )

    def quarter_totals(table):
        return database.execute(
            f"SELECT SUM(r.value_milli) {subtree(table)} AND r.day BETWEEN ? AND ?",
            [root, metric, *quarter],
        ).fetchone()

    def quarter_figures(table):
        # Three ranges summed apart, so that each skips the row groups outside it.
        rows = database.execute(
            f"SELECT 0, SUM(r.value_milli), MAX(r.day) {subtree(table)} "
            "AND r.day BETWEEN ? AND ? UNION ALL "
            f"SELECT 1, SUM(r.value_milli), NULL {subtree(table)} AND r.day BETWEEN ? AND ? "
            f"UNION ALL SELECT 2, SUM(r.value_milli), NULL {subtree(table)} "
            "AND r.day BETWEEN ? AND ?",
            [root, metric, *quarter, root, metric, *previous, root, metric, *year_ago],
        ).fetchall()
        return {part: (total, last_day) for part, total, last_day in rows}

    def monthly(table, path):
        return database.execute(
            "SELECT CAST(date_trunc('month', r.day) AS DATE) AS month, SUM(r.value_milli) "
            f"{subtree(table)} AND r.day BETWEEN ? AND ? GROUP BY month ORDER BY month",
            [path, metric, first, last],
        ).fetchall()

    questions = {
        "quarter_totals": quarter_totals,
        "quarter": quarter_figures,
        "tree_series": lambda table: monthly(table, root),
        "unit_series": lambda table: monthly(table, unit),
    }
    times = {}
    orders = {}
    answers = {}
    for key, question in questions.items():
        for name in DUCKDB_ORDERS:
            milliseconds, answer = timed(lambda q=question, n=name: q(f"records_by_{n}"), repeat)
            if key not in times or milliseconds < times[key]:
                times[key], orders[key], answers[key] = milliseconds, name, answer
    database.close()
    parts = answers["quarter"]
    as_of = parts[0][1]
    return {
        "version": f"DuckDB {duckdb.__version__}",
        "load_s": round(load_seconds, 2),
        "times_ms": {name: round(ms, 2) for name, ms in times.items()},
        "orders": orders,
        "figures": {
            "quarter_total": answers["quarter_totals"][0] or 0,
            "quarter": {
                "actual": parts[0][0],
                "previous": parts[1][0],
                "year_ago": parts[2][0],
                "as_of": as_of.isoformat() if as_of else None,
            },
            "tree_series": [[m.isoformat(), int(v)] for m, v in answers["tree_series"]],
            "unit_series": [[m.isoformat(), int(v)] for m, v in answers["unit_series"]],
        },
    }


def differing_figures(ours, theirs):
    """The names of the figures that differ between two reports' `figures`."""
    return [name for name in ours if _plain(ours[name]) != _plain(theirs.get(name))]


def _plain(value):
    """Figures as plain JSON values, so that a report read back from JSON compares equal."""
    return json.loads(json.dumps(value, default=int))


# The whole benchmark: throwaway databases, child processes, DuckDB, the table


def run_command(
    write,
    *,
    units=DEFAULT_UNITS,
    years=DEFAULT_YEARS,
    repeat=DEFAULT_REPEAT,
    units_per_chunk=DEFAULT_UNITS_PER_CHUNK,
    writers=None,
    databases=DATABASES,
    postgres_url=DEFAULT_POSTGRES_URL,
    use_duckdb=True,
    keep=False,
):
    """Measure each database in a child process, then DuckDB; return the report.

    Creates a temporary folder (the SQLite file, the CSV files) and, for PostgreSQL,
    the database `gexin_bench_plans` beside the one `postgres_url` names; removes
    both afterwards, also after Ctrl-C, SIGTERM or an error (the folder stays with
    `keep`). The configured database is never used.
    """
    if use_duckdb and not duckdb_available():
        write(DUCKDB_MISSING)
        use_duckdb = False
    workdir = Path(tempfile.mkdtemp(prefix="gexin-bench-plans-"))
    previous_sigterm = signal.signal(signal.SIGTERM, _raise_on_sigterm)
    created_postgres = None
    reports = {}
    try:
        for index, database in enumerate(databases):
            data_dir = workdir / database
            data_dir.mkdir()
            if database == "postgresql":
                created_postgres = postgres_url
                url = create_postgres_database(postgres_url)
            else:
                url = f"sqlite:///{data_dir / 'plans.sqlite3'}"
            csv_dir = workdir if use_duckdb and index == 0 else None
            write(f"Measuring {database}…")
            reports[database] = run_child(
                write,
                data_dir=data_dir,
                database_url=url,
                units=units,
                years=years,
                repeat=repeat,
                units_per_chunk=units_per_chunk,
                writers=writers,
                csv_dir=csv_dir,
            )
            if database == "postgresql":
                drop_postgres_database(postgres_url)
                created_postgres = None
        duck = None
        if use_duckdb and reports:
            write("Measuring DuckDB on the raw rows…")
            spec = next(iter(reports.values()))["spec"]
            duck = run_duckdb(workdir, spec, repeat)
            write(f"  {duck['version']}: CSV read into memory in {duck['load_s']:.1f} s")
        return build_report(reports, duck)
    finally:
        try:
            if created_postgres is not None:
                with contextlib.suppress(Exception):
                    drop_postgres_database(created_postgres)
        finally:
            signal.signal(signal.SIGTERM, previous_sigterm)
            if keep:
                write(f"Kept {workdir}.")
            else:
                shutil.rmtree(workdir, ignore_errors=True)


def _raise_on_sigterm(signum, frame):
    raise Terminated


def child_environment(data_dir, database_url):
    """The child's environment: the throwaway folder and database only, never the caller's."""
    environment = dict(os.environ)
    for name in ("GEXIN_SECRET_KEY", "GEXIN_SECRET_KEY_FILE", "GEXIN_DATABASE_URL"):
        environment.pop(name, None)
    environment.update(
        DJANGO_SETTINGS_MODULE="gexin.config.settings",
        GEXIN_DATA_DIR=str(data_dir),
        GEXIN_DATABASE_URL=database_url,
        GEXIN_DEBUG="0",
        GEXIN_ENV="development",
        PYTHONUNBUFFERED="1",  # progress lines as they come
    )
    return environment


def run_child(
    write, *, data_dir, database_url, units, years, repeat, units_per_chunk, writers, csv_dir
):
    """Run `gexin bench plans --child-report FILE` against one throwaway database."""
    report_path = data_dir / "report.json"
    command = [
        sys.executable,
        "-m",
        "gexin",
        "bench",
        "plans",
        "--child-report",
        str(report_path),
        "--units",
        str(units),
        "--years",
        str(years),
        "--repeat",
        str(repeat),
        "--units-per-chunk",
        str(units_per_chunk),
    ]
    if writers:
        command += ["--writers", str(writers)]
    if csv_dir is not None:
        command += ["--csv-dir", str(csv_dir)]
    process = subprocess.Popen(
        command,
        env=child_environment(data_dir, database_url),
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
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    if process.returncode != 0 or not report_path.exists():
        tail = "\n".join(output[-30:])
        raise BenchError(f"The measurement failed (exit code {process.returncode}):\n{tail}")
    return json.loads(report_path.read_text(encoding="utf-8"))


def _postgres_urls(url, name):
    """(maintenance connection address, the throwaway database's address) from `url`."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise BenchError(f"--postgres-url must start with postgres://, not {parts.scheme!r}.")
    maintenance = urlunsplit(("postgresql", *parts[1:]))
    throwaway = urlunsplit((parts.scheme, parts.netloc, f"/{name}", *parts[3:]))
    return maintenance, throwaway


def create_postgres_database(url, name=POSTGRES_DATABASE):
    """Create the throwaway database beside the one `url` names; return its address.

    A database of the same name left by an interrupted run (it carries our comment)
    is dropped first; any other database of that name is left alone.
    """
    import psycopg
    from psycopg import sql

    maintenance, throwaway = _postgres_urls(url, name)
    identifier = sql.Identifier(name)
    try:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            row = connection.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                [name],
            ).fetchone()
            if row is not None:
                if row[0] != POSTGRES_MARK:
                    raise BenchError(
                        f"A database named {name} exists and was not made by this benchmark; "
                        "it is left alone. Drop or rename it, then run again."
                    )
                connection.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(identifier))
            connection.execute(sql.SQL("CREATE DATABASE {}").format(identifier))
            connection.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                    identifier, sql.Literal(POSTGRES_MARK)
                )
            )
    except psycopg.Error as error:
        raise BenchError(f"Could not create the database {name}: {error}") from None
    return throwaway


def drop_postgres_database(url, name=POSTGRES_DATABASE):
    import psycopg
    from psycopg import sql

    maintenance, _throwaway = _postgres_urls(url, name)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def machine():
    """The cores, CPU and software the figures were measured with."""
    import django

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "nproc": cores,
        "cpu": cpu,
        "python": platform.python_version(),
        "django": django.get_version(),
        "platform": platform.platform(),
    }


def build_report(reports, duck):
    """The whole report: machine, each database's measurements, DuckDB's, the verdicts."""
    rows = []
    failures = []
    for database, report in reports.items():
        rows.extend(_result_rows(database, report, duck, failures))
    return {
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "databases": reports,
        "duckdb": duck,
        "results": rows,
        "failures": failures,
    }


def _result_rows(database, report, duck, failures):
    name = report["database_version"]
    load, reload = report["load"], report["reload"]
    goal = GOAL_LOAD_PER_SECOND[database]
    rows = [
        _row(
            name,
            "load: records/s (checked, new)",
            load["rows_per_second"],
            None,
            f"≥ {goal:,}",
            load["rows_per_second"] >= goal,
            load["cpu"],
        ),
        _row(
            name,
            "re-load: records/s (nothing changes)",
            reload["rows_per_second"],
            None,
            "0 new, 0 changed",
            reload["unchanged"],
            reload["cpu"],
            check=True,
        ),
    ]
    if not reload["unchanged"]:
        failures.append(
            f"{name}: loading the same rows again created {reload['created']} and changed "
            f"{reload['updated']} records, or changed the totals."
        )
    measures = (
        ("quarter_totals", "whole tree, one quarter: totals(), ms", None),
        ("quarter", "whole tree, one quarter: compute(), ms", GOAL_QUARTER_MS),
        ("tree_series", "whole tree, 10 years by month, ms", GOAL_SERIES_MS),
        ("unit_series", "one plant, 10 years by month, ms", None),
    )
    times = report["times_ms"]
    spec = report["spec"]
    years = report["years"]
    for key, label, limit in measures:
        label = label.replace("10 years", f"{years} years")
        if key == "unit_series":
            label = label.replace("one plant", f"one plant ({spec['unit_subtree']} units)")
        theirs = duck["times_ms"][key] if duck else None
        order = duck["orders"][key] if duck else None
        parts = []
        passed = True
        if limit is not None:
            parts.append(f"≤ {limit} ms")
            passed = times[key] <= limit
        if key in ("quarter", "tree_series", "unit_series") and duck:
            parts.append("≤ DuckDB")
            passed = passed and times[key] <= theirs
        rows.append(
            _row(
                name,
                label,
                times[key],
                theirs,
                ", ".join(parts) or "-",
                passed if parts else None,
                report["query_cpu"],
                order=order,
            )
        )
    differences = report["totals_differences"]
    exact = not any(differences.values())
    rows.append(
        _row(name, "totals equal a recomputation", None, None, "0 differences", exact, check=True)
    )
    if not exact:
        failures.append(f"{name}: totals differ from a recomputation: {differences}")
    if duck:
        differing = differing_figures(report["figures"], duck["figures"])
        rows.append(
            _row(name, "figures equal DuckDB's", None, None, "all equal", not differing, check=True)
        )
        if differing:
            failures.append(f"{name}: figures differ from DuckDB's: {', '.join(differing)}")
    return rows


def _row(database, measure, value, duck, target, passed, cpu=None, check=False, order=None):
    busy = bool(cpu and cpu.get("other_pct", 0) > BUSY_MACHINE_PCT)
    if passed is None:
        verdict = "-"
    elif check:
        verdict = "PASS" if passed else "FAIL"
    else:
        verdict = "PASS" if passed else "MISS"
    return {
        "database": database,
        "measure": measure,
        "value": value,
        "duckdb_ms": duck,
        "order": order,
        "ratio": round(value / duck, 2) if value is not None and duck else None,
        "target": target,
        "verdict": verdict,
        "other_cpu_pct": cpu.get("other_pct") if cpu else None,
        "busy_machine": busy,
    }


def format_table(rows):
    """The result rows as a plain-text table."""
    header = ("database", "measure", "gexin", "DuckDB", "÷ DuckDB", "target", "other cpu", "result")
    lines = []
    for row in rows:
        value = row["value"]
        if value is None:
            shown = "-"
        elif isinstance(value, int):
            shown = f"{value:,}"
        else:
            shown = f"{value:,.1f}" if value >= 100 else f"{value:.2f}"
        lines.append(
            (
                row["database"],
                row["measure"],
                shown,
                "-" if row["duckdb_ms"] is None else f"{row['duckdb_ms']:.2f} ({row['order']})",
                "-" if row["ratio"] is None else f"{row['ratio']:.2f}",
                row["target"],
                "-" if row["other_cpu_pct"] is None else f"{row['other_cpu_pct']:.0f}%",
                row["verdict"],
            )
        )
    widths = [max(len(cell) for cell in column) for column in zip(header, *lines, strict=True)]
    numeric = {2, 3, 4, 6}

    def render(cells):
        return "  ".join(
            cell.rjust(width) if index in numeric else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = ["-" * width for width in widths]
    return "\n".join([render(header), render(rule), *map(render, lines)])
