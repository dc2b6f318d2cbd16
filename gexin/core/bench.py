"""Page-speed benchmark of the web site, and the synthetic organisation it measures.

`gexin bench web` builds a throwaway database holding 1,000 units and 10,000 people,
starts gunicorn on 127.0.0.1, signs in as an administrator of the whole tree and
loads a handful of pages with wrk. See docs/benchmarks.md.

`gexin bench data` loads the same organisation into the database the environment
names, for profiling pages by hand.
"""

import contextlib
import dataclasses
import datetime
import http.client
import importlib.metadata
import json
import os
import platform
import random
import re
import resource
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

UNIT_COUNT = 1000
PEOPLE_COUNT = 10000  # including the benchmark user's own person
BENCH_USERNAME = "bench"
BENCH_EMPLOYEE_NUMBER = "BENCH-ADMIN"
PASSWORD_VARIABLE = "GEXIN_BENCH_PASSWORD"

# What a page must reach under the standard load (16 connections) to pass.
GOAL_REQUESTS_PER_SECOND = 250
GOAL_P99_MS = 100
# Above this share of the machine's CPU taken by unrelated processes, a row is flagged.
BUSY_MACHINE_PCT = 10

# Default load and server shape; see docs/benchmarks.md for how the server default was chosen.
DEFAULT_CONNECTIONS = 16
DEFAULT_WRK_THREADS = 2
DEFAULT_DURATION = 10
DEFAULT_WARMUP = 2
DEFAULT_WORKERS = 2
DEFAULT_WORKER_THREADS = 1

# The shape of the synthetic tree: seven levels, each kind ranked below its parent's.
PROVINCES = (
    ("liaoning", "Liaoning", "辽宁"),
    ("heilongjiang", "Heilongjiang", "黑龙江"),
    ("jilin", "Jilin", "吉林"),
    ("hebei", "Hebei", "河北"),
)
PLANTS_PER_PROVINCE = 3
WORKSHOPS_PER_PLANT = 4
SECTIONS_PER_WORKSHOP = 2
SHIFTS = (("a", "A", "甲"), ("b", "B", "乙"))
WORK_TYPES = (
    ("casting", "Casting", "铸造"),
    ("forging", "Forging", "锻造"),
    ("turning", "Turning", "车削"),
    ("assembly", "Assembly", "装配"),
)
CADRES_PER_UNIT = 2  # people whose home is a unit above union-group level
SURNAMES = (
    ("王", "Wang"),
    ("李", "Li"),
    ("张", "Zhang"),
    ("刘", "Liu"),
    ("陈", "Chen"),
    ("杨", "Yang"),
    ("赵", "Zhao"),
    ("黄", "Huang"),
    ("周", "Zhou"),
    ("吴", "Wu"),
)
GIVEN_NAMES = (
    ("建国", "Jianguo"),
    ("秀英", "Xiuying"),
    ("志强", "Zhiqiang"),
    ("桂兰", "Guilan"),
    ("德明", "Deming"),
    ("淑珍", "Shuzhen"),
    ("永红", "Yonghong"),
    ("卫东", "Weidong"),
    ("玉梅", "Yumei"),
    ("国华", "Guohua"),
    ("春生", "Chunsheng"),
    ("凤英", "Fengying"),
)


@dataclasses.dataclass(frozen=True)
class Target:
    """A page measured by `gexin bench web`."""

    name: str
    path: str  # `{plant_id}` is replaced by the id of the measured plant
    auth: str  # "session" (signed-in browser) or "token" (API client)
    has_goal: bool = True


TARGETS = (
    Target("bare", "/bench/bare/", "session", has_goal=False),
    Target("unit-tree", "/units/", "session"),
    Target("unit-page", "/units/{plant_id}/", "session"),
    Target("person-list", "/people/", "session"),
    Target("units-api", "/api/v1/units/", "token"),
)
TARGET_NAMES = tuple(target.name for target in TARGETS)


class BenchError(Exception):
    """A benchmark step failed; the message says what went wrong and what to do."""


# The synthetic organisation


def build_unit_nodes(work_types, total=UNIT_COUNT):
    """Return (parent_index, Unit) pairs for `bulk_load_tree`: `total` units on seven levels.

    Ministry → provinces → plants → workshops → sections → shifts → union groups. The
    upper levels have a fixed shape; union groups fill the rest, spread over the shifts.
    """
    from gexin.org.choices import UnitKind
    from gexin.org.models import Unit

    nodes = []

    def add(parent_index, **fields):
        nodes.append((parent_index, Unit(**fields)))
        return len(nodes) - 1

    root = add(
        None,
        code="bench-ministry",
        kind=UnitKind.MINISTRY,
        name="Ministry of Machine Building",
        name_zh="第一机械工业部",
    )
    shifts = []
    for slug, province_en, province_zh in PROVINCES:
        province = add(
            root,
            code=f"bench-{slug}",
            kind=UnitKind.PROVINCE,
            name=f"{province_en} Province",
            name_zh=f"{province_zh}省",
        )
        for plant_number in range(1, PLANTS_PER_PROVINCE + 1):
            plant_code = f"bench-{slug}-plant{plant_number}"
            plant = add(
                province,
                code=plant_code,
                kind=UnitKind.PLANT,
                name=f"{province_en} Machine Plant No. {plant_number}",
                name_zh=f"{province_zh}第{plant_number}机械厂",
            )
            for workshop_number in range(WORKSHOPS_PER_PLANT):
                type_code, type_en, type_zh = WORK_TYPES[workshop_number % len(WORK_TYPES)]
                work_type = work_types[type_code]
                workshop_code = f"{plant_code}-{type_code}"
                workshop = add(
                    plant,
                    code=workshop_code,
                    kind=UnitKind.WORKSHOP,
                    work_type=work_type,
                    name=f"{type_en} workshop",
                    name_zh=f"{type_zh}车间",
                )
                for section_number in range(1, SECTIONS_PER_WORKSHOP + 1):
                    section_code = f"{workshop_code}-s{section_number}"
                    section = add(
                        workshop,
                        code=section_code,
                        kind=UnitKind.SECTION,
                        work_type=work_type,
                        name=f"{type_en} section {section_number}",
                        name_zh=f"{type_zh}第{section_number}工段",
                    )
                    for shift_slug, shift_en, shift_zh in SHIFTS:
                        shifts.append(
                            add(
                                section,
                                code=f"{section_code}-{shift_slug}",
                                kind=UnitKind.SHIFT,
                                work_type=work_type,
                                name=f"{type_en} section {section_number}, shift {shift_en}",
                                name_zh=f"{type_zh}第{section_number}工段{shift_zh}班",
                            )
                        )
    remaining = total - len(nodes)
    if remaining < len(shifts):
        raise BenchError(f"{total} units are too few for the benchmark tree's upper levels.")
    per_shift, extra = divmod(remaining, len(shifts))
    for position, shift_index in enumerate(shifts):
        shift = nodes[shift_index][1]
        for group_number in range(1, per_shift + (1 if position < extra else 0) + 1):
            add(
                shift_index,
                code=f"{shift.code}-g{group_number}",
                kind=UnitKind.UNION_GROUP,
                work_type=shift.work_type,
                name=f"{shift.name}, union group {group_number}",
                name_zh=f"{shift.name_zh}第{group_number}工会小组",
            )
    return nodes


def build_people(units, total, seed=1953):
    """Return `total` unsaved people: a few cadres on every upper unit, workers in union groups.

    Names and grades come from a seeded random generator, so every run loads the same data.
    """
    from gexin.org.choices import UnitKind
    from gexin.org.models import Person

    rng = random.Random(seed)
    groups = [unit for unit in units if unit.kind == UnitKind.UNION_GROUP]
    upper = [unit for unit in units if unit.kind != UnitKind.UNION_GROUP]
    homes = [unit for unit in upper for _ in range(CADRES_PER_UNIT)]
    per_group, extra = divmod(total - len(homes), len(groups))
    for position, group in enumerate(groups):
        homes.extend([group] * (per_group + (1 if position < extra else 0)))
    first_day = datetime.date(1950, 1, 1)
    people = []
    for number, unit in enumerate(homes, 1):
        surname, surname_latin = rng.choice(SURNAMES)
        given, given_latin = rng.choice(GIVEN_NAMES)
        people.append(
            Person(
                employee_number=f"BN{number:06d}",
                name=surname + given,
                name_latin=f"{surname_latin} {given_latin}",
                unit=unit,
                unit_path=unit.path,
                skill_grade=rng.randint(0, 8),
                date_joined=first_day + datetime.timedelta(days=rng.randrange(3650)),
                is_union_member=rng.random() < 0.9,
            )
        )
    return people


def load_data(password, units=UNIT_COUNT, people=PEOPLE_COUNT):
    """Load the synthetic organisation and the benchmark user into an empty database.

    The benchmark user is an *administrator* of the ministry, the root of the tree,
    so every page shows the full-size data (all 1,000 units, all 10,000 people) and
    runs the same scope-restricted queries an ordinary user's pages run. Returns a
    dict with the user name, the measured plant and the row counts.
    """
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from gexin.core import versioning
    from gexin.core.audit import audit_context
    from gexin.org.choices import Role, UnitKind
    from gexin.org.models import Person, RoleAssignment, Unit, WorkType
    from gexin.org.services import bulk_load_tree

    if Unit.objects.exists():
        raise BenchError(
            "The database already holds units; the benchmark needs an empty one "
            "(drop and re-create it, then run again)."
        )
    started = time.monotonic()
    with transaction.atomic(), audit_context(reason="benchmark data"):
        work_types = {}
        for code, name, name_zh in WORK_TYPES:
            work_types[code], _created = WorkType.objects.get_or_create(
                code=code, defaults={"name": name, "name_zh": name_zh}
            )
        created = bulk_load_tree(build_unit_nodes(work_types, units))
        root = created[0]
        Person.objects.bulk_create(build_people(created, people - 1), batch_size=1000)
        versioning.bump()
        user = get_user_model().objects.create_user(
            BENCH_USERNAME, password=password, first_name="Benchmark"
        )
        person = Person.objects.create(
            employee_number=BENCH_EMPLOYEE_NUMBER,
            name="基准测试",
            name_latin="Benchmark administrator",
            unit=root,
            user=user,
        )
        RoleAssignment.objects.create(person=person, unit=root, role=Role.ADMINISTRATOR)
    plant = next(unit for unit in created if unit.kind == UnitKind.PLANT)
    return {
        "username": BENCH_USERNAME,
        "plant_id": plant.pk,
        "plant_code": plant.code,
        "plant_subtree_units": sum(1 for unit in created if unit.path.startswith(plant.path)),
        "units": Unit.objects.count(),
        "people": Person.objects.count(),
        "seconds": round(time.monotonic() - started, 2),
    }


# Talking to the server


class Client:
    """A small HTTP client for the local server: keeps cookies, never follows redirects."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        """Send one request; return (status, headers, body bytes) and keep any cookies set."""
        all_headers = dict(headers or {})
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            data = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                jar = SimpleCookie()
                jar.load(header)
                for name, morsel in jar.items():
                    self.cookies[name] = morsel.value
            return response.status, response.headers, data
        finally:
            connection.close()


def sign_in(port, username, password):
    """Sign in through the login form (CSRF cookie first) and return the session id."""
    client = Client(port)
    status, _headers, body = client.request("GET", "/accounts/login/")
    if status != 200:
        raise BenchError(f"GET /accounts/login/ answered {status}, expected 200.")
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    csrf = match.group(1).decode() if match else client.cookies.get("csrftoken", "")
    form = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": csrf})
    status, headers, _body = client.request(
        "POST",
        "/accounts/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{port}/accounts/login/",
        },
    )
    if status != 302 or not client.cookies.get("sessionid"):
        raise BenchError(
            f"Signing in as {username} failed: POST /accounts/login/ answered {status}."
        )
    return client.cookies["sessionid"]


def obtain_token(port, username, password):
    """Return an API token from POST /api/v1/auth/token/."""
    body = json.dumps({"username": username, "password": password})
    status, _headers, data = Client(port).request(
        "POST", "/api/v1/auth/token/", body=body, headers={"Content-Type": "application/json"}
    )
    if status != 200:
        raise BenchError(f"POST /api/v1/auth/token/ answered {status}: {data[:200]!r}")
    return json.loads(data)["token"]


def check_target(port, path, header):
    """GET the page once with the credentials; refuse anything but 200 (e.g. a sign-in redirect)."""
    name, value = header.split(": ", 1)
    status, headers, _body = Client(port).request("GET", path, headers={name: value})
    if status != 200:
        where = f" to {headers.get('Location')}" if headers.get("Location") else ""
        raise BenchError(
            f"GET {path} answered {status}{where}, expected 200; nothing was measured."
        )


# Processes


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def find_wrk():
    """The path of wrk, or a BenchError that says how to install it."""
    path = shutil.which("wrk") or "/usr/bin/wrk"
    if not os.access(path, os.X_OK):
        raise BenchError(
            "wrk is not installed. Install it with `apt-get install wrk` "
            "(Debian/Ubuntu), then run `gexin bench web` again."
        )
    return path


def server_environment(data_dir, database_url):
    """The environment of the data loader and gunicorn: the throwaway folder and database only.

    The caller's GEXIN_DATABASE_URL and secret key are never passed on, so the benchmark
    cannot touch a real database by accident.
    """
    environment = dict(os.environ)
    for name in ("GEXIN_SECRET_KEY", "GEXIN_SECRET_KEY_FILE", "GEXIN_DATABASE_URL"):
        environment.pop(name, None)
    environment.update(
        DJANGO_SETTINGS_MODULE="gexin.config.bench_settings",
        GEXIN_DATA_DIR=str(data_dir),
        GEXIN_DATABASE_URL=database_url or f"sqlite:///{data_dir / 'gexin.sqlite3'}",
        GEXIN_DEBUG="0",
        GEXIN_ENV="development",
        GEXIN_ALLOWED_HOSTS="127.0.0.1",
    )
    return environment


def database_vendor(database_url):
    """The vendor named by a database address: "postgresql" or "sqlite" (None: a SQLite file)."""
    scheme = (database_url or "sqlite:").split(":", 1)[0].lower()
    if scheme in {"postgres", "postgresql", "pgsql"}:
        return "postgresql"
    if scheme == "sqlite":
        return "sqlite"
    raise BenchError(f"--database-url must start with postgres:// or sqlite:///, not {scheme!r}.")


def prepare_database(environment, password, info_path):
    """Migrate and load the synthetic data in a child process; return what it reports."""
    command = [sys.executable, "-m", "gexin", "bench", "data", "--info-file", str(info_path)]
    result = subprocess.run(
        command,
        env={**environment, PASSWORD_VARIABLE: password},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        output = (result.stderr or result.stdout).strip()
        raise BenchError(f"Preparing the database failed:\n{output}")
    return json.loads(info_path.read_text(encoding="utf-8"))


def start_server(environment, port, workers, threads, log_path):
    """Start gunicorn on 127.0.0.1:port in its own process group; output goes to log_path."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "gexin.config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread" if threads > 1 else "sync",
        "--threads",
        str(threads),
        "--timeout",
        "60",
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
    ]
    with open(log_path, "ab") as log:
        return subprocess.Popen(
            command,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


def log_tail(log_path, lines=30):
    """The last lines of a log file, for error messages."""
    try:
        text = log_path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


def wait_until_healthy(process, port, log_path, timeout=60):
    """Poll /healthz until it answers 200; fail early if gunicorn exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(
                f"gunicorn stopped with exit code {process.returncode}:\n{log_tail(log_path)}"
            )
        try:
            status, _headers, _body = Client(port).request("GET", "/healthz")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer /healthz within {timeout} s:\n{log_tail(log_path)}")


def stop_server(process, timeout=10):
    """Stop gunicorn: SIGTERM to the master, then SIGKILL to its process group if it lingers."""
    if process.poll() is None:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout)
    # Workers left behind by a killed master share the group started for gunicorn.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


# Load generation

WRK_SCRIPT = r"""
-- Counts answers outside 2xx in every thread and prints the summary as one JSON line.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local outside = 0
  for _, thread in ipairs(threads) do
    outside = outside + thread:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "non2xx": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, ' ..
    '"mean_us": %.1f, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, outside,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max))
end
"""


def machine_cpu():
    """(busy, total) CPU ticks of the whole machine so far, from /proc/stat; None elsewhere."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            values = [int(value) for value in stat.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    idle = values[3] + values[4]  # idle and iowait
    return sum(values) - idle, sum(values)


def group_cpu(group_id):
    """CPU ticks used so far by the live processes of a process group (gunicorn and its workers)."""
    ticks = 0
    try:
        entries = os.listdir("/proc")
    except OSError:
        return None
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        # After the command name: state, ppid, pgrp, … utime (12th), stime (13th).
        if int(fields[2]) == group_id:
            ticks += int(fields[11]) + int(fields[12])
    return ticks


def run_wrk(wrk, script, url, header, seconds, connections, threads, server_group=None):
    """Run wrk once against `url`; return the figures its Lua script reports.

    With `server_group`, also report how the machine's CPU was shared during the run:
    by the server, by wrk, and by other processes (which make the figures unreliable).
    """
    command = [
        wrk,
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        "--timeout=5s",
        f"--script={script}",
        "--header",
        header,
        url,
    ]
    machine_before = machine_cpu()
    server_before = group_cpu(server_group) if server_group else None
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_after = group_cpu(server_group) if server_group else None
    machine_after = machine_cpu()
    if result.returncode != 0:
        raise BenchError(f"wrk failed against {url}:\n{(result.stderr or result.stdout).strip()}")
    for line in result.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            figures = json.loads(line[len("BENCH_JSON ") :])
            break
    else:
        raise BenchError(f"wrk printed no summary for {url}:\n{result.stdout.strip()}")
    # wrk's own count, as a cross-check of the script's.
    match = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", result.stdout)
    if match:
        figures["non2xx"] = max(figures["non2xx"], int(match.group(1)))
    if None not in (machine_before, machine_after, server_before, server_after):
        tick = os.sysconf("SC_CLK_TCK")
        busy = machine_after[0] - machine_before[0]
        capacity = max(machine_after[1] - machine_before[1], 1)
        server = server_after - server_before
        requests = figures["requests"]
        wrk_ticks = (
            children_after.ru_utime
            + children_after.ru_stime
            - children_before.ru_utime
            - children_before.ru_stime
        ) * tick
        figures["cpu"] = {
            "server_pct": round(100 * server / capacity, 1),
            "wrk_pct": round(100 * wrk_ticks / capacity, 1),
            "other_pct": round(max(0.0, 100 * (busy - server - wrk_ticks) / capacity), 1),
            "server_ms_per_request": (
                round(1000 * server / tick / requests, 2) if requests else None
            ),
        }
    return figures


def summarise(target, path, figures):
    """Turn wrk's figures into a result row with the verdict against the goals."""
    seconds = figures["duration_us"] / 1_000_000
    socket_errors = sum(figures[name] for name in ("connect", "read", "write", "timeout"))
    errors = figures["non2xx"] + socket_errors
    row = {
        "target": target.name,
        "path": path,
        "requests": figures["requests"],
        "requests_per_second": round(figures["requests"] / seconds, 1) if seconds else 0.0,
        "mean_ms": round(figures["mean_us"] / 1000, 1),
        "p50_ms": round(figures["p50_us"] / 1000, 1),
        "p90_ms": round(figures["p90_us"] / 1000, 1),
        "p99_ms": round(figures["p99_us"] / 1000, 1),
        "max_ms": round(figures["max_us"] / 1000, 1),
        "non_2xx": figures["non2xx"],
        "socket_errors": socket_errors,
        "errors": errors,
        "cpu": figures.get("cpu"),
        "has_goal": target.has_goal,
        "missed": [],
        "busy_machine": False,
    }
    if row["cpu"] and row["cpu"]["other_pct"] > BUSY_MACHINE_PCT:
        row["busy_machine"] = True
    if errors:
        row["missed"].append(f"{errors} errors")
    if target.has_goal:
        if row["requests_per_second"] < GOAL_REQUESTS_PER_SECOND:
            row["missed"].append(f"< {GOAL_REQUESTS_PER_SECOND} req/s")
        if row["p99_ms"] > GOAL_P99_MS:
            row["missed"].append(f"p99 > {GOAL_P99_MS} ms")
    if row["missed"]:
        row["verdict"] = "FAIL"
    else:
        row["verdict"] = "PASS" if target.has_goal else "-"
    return row


def machine_info(wrk):
    """Where the figures were measured: cores, CPU, and the versions of the software."""
    import django

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    version = subprocess.run([wrk, "--version"], capture_output=True, text=True, check=False)
    version_lines = (version.stdout or version.stderr).splitlines()
    return {
        "nproc": cores,
        "cpu": cpu,
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": importlib.metadata.version("gunicorn"),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "wrk": version_lines[0].split(" Copyright")[0].strip() if version_lines else "",
    }


def format_table(rows):
    """The result rows as a plain-text table."""
    header = (
        "target",
        "path",
        "req/s",
        "p50 ms",
        "p99 ms",
        "errors",
        "cpu ms/req",
        "other cpu",
        "result",
    )
    lines = []
    for row in rows:
        cpu = row.get("cpu") or {}
        per_request = cpu.get("server_ms_per_request")
        lines.append(
            (
                row["target"],
                row["path"],
                f"{row['requests_per_second']:.1f}",
                f"{row['p50_ms']:.1f}",
                f"{row['p99_ms']:.1f}",
                str(row["errors"]),
                f"{per_request:.2f}" if per_request is not None else "?",
                f"{cpu['other_pct']:.0f}%" if "other_pct" in cpu else "?",
                row["verdict"] + (f" ({', '.join(row['missed'])})" if row["missed"] else ""),
            )
        )
    widths = [max(len(cell) for cell in column) for column in zip(header, *lines, strict=True)]
    numeric = {2, 3, 4, 5, 6, 7}

    def render(cells):
        return "  ".join(
            str(cell).rjust(width) if index in numeric else str(cell).ljust(width)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = ["-" * width for width in widths]
    return "\n".join([render(header), render(rule), *map(render, lines)])


class Terminated(BaseException):
    """SIGTERM arrived; raised like KeyboardInterrupt so that clean-up code runs."""


def _raise_on_sigterm(signum, frame):
    raise Terminated


def run_web(
    write,
    duration=DEFAULT_DURATION,
    warmup=DEFAULT_WARMUP,
    connections=DEFAULT_CONNECTIONS,
    wrk_threads=DEFAULT_WRK_THREADS,
    workers=DEFAULT_WORKERS,
    worker_threads=DEFAULT_WORKER_THREADS,
    database_url=None,
    targets=TARGET_NAMES,
    keep=False,
):
    """Run the whole web benchmark and return its report (a JSON-ready dict).

    Creates a throwaway folder and database, loads the data, starts gunicorn, signs
    in, runs wrk against each target, and always stops gunicorn and removes the
    folder afterwards (also on Ctrl-C, SIGTERM and errors), unless `keep` is set.
    `write` receives progress lines.
    """
    wrk = find_wrk()
    database = database_vendor(database_url)
    if connections < wrk_threads:
        raise BenchError("wrk needs at least as many connections as threads.")
    chosen = [target for target in TARGETS if target.name in targets]
    workdir = Path(tempfile.mkdtemp(prefix="gexin-bench-"))
    log_path = workdir / "gunicorn.log"
    previous_sigterm = signal.signal(signal.SIGTERM, _raise_on_sigterm)
    server = None
    try:
        environment = server_environment(workdir, database_url)
        write(f"Preparing a {database} database with {UNIT_COUNT} units and {PEOPLE_COUNT} people…")
        password = secrets.token_urlsafe(18)
        started = time.monotonic()
        data = prepare_database(environment, password, workdir / "data.json")
        write(
            f"  migrated and loaded in {time.monotonic() - started:.1f} s "
            f"(data alone {data['seconds']} s)"
        )

        port = free_port()
        worker_class = "gthread" if worker_threads > 1 else "sync"
        write(
            f"Starting gunicorn on 127.0.0.1:{port}: "
            f"{workers} {worker_class} workers × {worker_threads} threads…"
        )
        server = start_server(environment, port, workers, worker_threads, log_path)
        wait_until_healthy(server, port, log_path)

        session_id = sign_in(port, data["username"], password)
        token = obtain_token(port, data["username"], password)
        headers = {
            "session": f"Cookie: sessionid={session_id}",
            "token": f"Authorization: Token {token}",
        }

        script = workdir / "report.lua"
        script.write_text(WRK_SCRIPT, encoding="utf-8")
        paths = {target.name: target.path.format(plant_id=data["plant_id"]) for target in chosen}
        for target in chosen:
            check_target(port, paths[target.name], headers[target.auth])

        rows = []
        for target in chosen:
            path = paths[target.name]
            url = f"http://127.0.0.1:{port}{path}"
            write(f"Measuring {target.name} ({path}): {warmup} s warm-up, {duration} s load…")
            if warmup > 0:
                run_wrk(wrk, script, url, headers[target.auth], warmup, connections, wrk_threads)
            figures = run_wrk(
                wrk,
                script,
                url,
                headers[target.auth],
                duration,
                connections,
                wrk_threads,
                server_group=server.pid,
            )
            row = summarise(target, path, figures)
            if row["busy_machine"]:
                also = " (the PostgreSQL server among them)" if database == "postgresql" else ""
                write(
                    f"  warning: other processes{also} took {row['cpu']['other_pct']:.0f}% "
                    "of the CPU during this run; its figures understate the server"
                )
            rows.append(row)
        return {
            "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "machine": machine_info(wrk),
            "server": {
                "gunicorn_workers": workers,
                "worker_class": worker_class,
                "threads_per_worker": worker_threads,
                "database": database,
                "debug": False,
            },
            "load": {
                "tool": "wrk",
                "connections": connections,
                "threads": wrk_threads,
                "duration_s": duration,
                "warmup_s": warmup,
            },
            "data": {
                key: data[key] for key in ("units", "people", "plant_code", "plant_subtree_units")
            },
            "goals": {"requests_per_second": GOAL_REQUESTS_PER_SECOND, "p99_ms": GOAL_P99_MS},
            "results": rows,
        }
    finally:
        try:
            if server is not None:
                stop_server(server)
        finally:
            signal.signal(signal.SIGTERM, previous_sigterm)
            if keep:
                write(f"Kept {workdir} (database, gunicorn.log).")
            else:
                shutil.rmtree(workdir, ignore_errors=True)
