"""Mixed load against gunicorn and PostgreSQL (`gexin bench load`). See docs/benchmarks.md.

The command creates a throwaway PostgreSQL database (`gexin_bench_load_<random>`),
loads the benchmark organisation with what the measured pages show (meetings and their
minutes, proposals, a competition with its standings, plans and two months of records
in four plants), serves it with gunicorn on 127.0.0.1 and drives it with wrk: every
connection is one user of twelve (group leaders and plant managers), signed in with a
session for the pages and a token for the API, and works through the same mix of 80 %
reads and 20 % writes. Afterwards the rows the server acknowledged are counted in the
database. The database and the temporary folder are removed at the end.
"""

import dataclasses
import datetime
import json
import os
import random
import re
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gexin.core import bench

DEFAULT_DURATION = 60
DEFAULT_WARMUP = 5
DEFAULT_USERS = 50
# Chosen by measurement on 2 cores (docs/benchmarks.md, "Mixed load"): the writes wait
# for PostgreSQL's commits, so one process more than cores keeps both cores busy.
DEFAULT_WORKERS = 3
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DATABASE_PREFIX = "gexin_bench_load_"
DATABASE_MARK = "Throwaway database of gexin bench load; dropped when it ends."
REQUEST_TIMEOUT_S = 5
# Writes stop this long before the end, so every write is answered within the run.
QUIET_TAIL_S = 2

GOAL_REQUESTS_PER_SECOND = 200
GOAL_P95_MS = 200
GOAL_USERS = 50

MARK = "bench-load"  # starts the text of every proposal and minutes entry the load writes
USERNAME_PREFIX = "bench-load-"
METRIC_CODE = "bench-output"
PLANTS = 4  # the first plant of each province
LEADERS_PER_PLANT = 2
HISTORY_DAYS = 60
DAILY_MEETINGS = 8
WEEKLY_MEETINGS = 4
ENTRIES_PER_MEETING = 6
PROPOSALS_PER_UNIT = 12
# Record keys of one connection: its own person of the unit, then blocks of days.
RECORD_DAY_BLOCK = 2000


@dataclasses.dataclass(frozen=True)
class Kind:
    """One kind of request of the mix."""

    name: str
    weight: int  # in 100 requests
    auth: str  # "session" or "token"
    write: bool = False
    method: str = "GET"


KINDS = (
    Kind("unit-page", 10, "session"),
    Kind("unit-fulfilment", 6, "session"),
    Kind("unit-meetings", 6, "session"),
    Kind("meeting-page", 12, "session"),
    Kind("standings-page", 10, "session"),
    Kind("unit-api", 6, "token"),
    Kind("meeting-api", 8, "token"),
    Kind("standings-api", 8, "token"),
    Kind("minutes-api", 6, "token"),
    Kind("records-api", 4, "token"),
    Kind("proposals-api", 4, "token"),
    Kind("record-post", 10, "token", write=True, method="POST"),
    Kind("proposal-post", 5, "token", write=True, method="POST"),
    Kind("minute-post", 5, "token", write=True, method="POST"),
)
KIND_NAMES = tuple(kind.name for kind in KINDS)
WRITE_KINDS = {kind.name: kind for kind in KINDS if kind.write}
# Which rows each write creates, for reading them back afterwards.
WRITTEN = {"record-post": "records", "proposal-post": "proposals", "minute-post": "minute entries"}


def schedule(kinds=KINDS):
    """The 100-request cycle every connection works through, kinds spread evenly.

    Smooth weighted round robin: each step picks the kind furthest behind its share,
    so writes are never bunched together.
    """
    total = sum(kind.weight for kind in kinds)
    credit = {kind.name: 0 for kind in kinds}
    order = []
    for _ in range(total):
        for kind in kinds:
            credit[kind.name] += kind.weight
        chosen = max(kinds, key=lambda kind: credit[kind.name])
        credit[chosen.name] -= total
        order.append(chosen.name)
    return order


class BenchError(bench.BenchError):
    """The load benchmark failed; the message says what went wrong and what to do."""


# The data (loaded in a child process whose environment names the throwaway database)


def load_data(password, today=None):
    """Load the benchmark organisation and what the measured pages show; return the users.

    On top of `gexin.core.bench.load_data` (1,000 units, 10,000 people): a quantity
    metric; in the first plant of each province two group leaders and the plant's
    manager, each with an account; their units' daily and weekly meetings with agenda
    and minutes; proposals; an adopted month plan for every union group of the plant's
    first workshop; a competition between those groups with last month's evaluation
    published and this month's computed; and 60 days of records for every union group
    of the four plants.
    """
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from gexin.competitions import scoring
    from gexin.competitions.choices import Frequency, ParticipantKind, Scoring
    from gexin.competitions.models import Competition, Criterion, Evaluation, Participant
    from gexin.core import versioning
    from gexin.core.audit import audit_context
    from gexin.meetings.choices import EntryKind, MeetingKind, MeetingStatus
    from gexin.meetings.models import AgendaItem, Meeting, MinuteEntry, Proposal
    from gexin.org.choices import Role, UnitKind
    from gexin.org.models import Person, RoleAssignment, Unit
    from gexin.plans import records
    from gexin.plans.choices import Direction, ImportSource, MetricKind, PeriodKind, PlanStatus
    from gexin.plans.models import Metric, Plan, PlanTarget

    today = today or datetime.date.today()
    yesterday = today - datetime.timedelta(days=1)
    info = bench.load_data(password)
    started = time.monotonic()
    rng = random.Random(1953)
    User = get_user_model()
    users = []
    with transaction.atomic(), audit_context(reason="benchmark data"):
        metric = Metric.objects.create(
            code=METRIC_CODE,
            name="Output",
            name_zh="产量",
            unit_of_measure="t",
            unit_of_measure_zh="吨",
            kind=MetricKind.QUANTITY,
            direction=Direction.HIGHER,
            decimals=1,
        )
        month = today.replace(day=1)
        last_month = (month - datetime.timedelta(days=1)).replace(day=1)
        plants = list(
            Unit.objects.filter(kind=UnitKind.PLANT, code__endswith="-plant1").order_by("path")
        )[:PLANTS]
        history = []
        for plant_number, plant in enumerate(plants, 1):
            workshop = (
                Unit.objects.filter(parent=plant, kind=UnitKind.WORKSHOP).order_by("path").first()
            )
            groups = list(
                Unit.objects.filter(
                    path__startswith=workshop.path, kind=UnitKind.UNION_GROUP
                ).order_by("path")
            )
            plant_groups = Unit.objects.filter(
                path__startswith=plant.path, kind=UnitKind.UNION_GROUP
            ).values_list("pk", flat=True)
            for unit_id in plant_groups:
                for age in range(1, HISTORY_DAYS + 1):
                    value = rng.randint(80_000, 120_000)
                    history.append(
                        (unit_id, today - datetime.timedelta(days=age), 0, metric.pk, None, value)
                    )
            for group in groups:
                plan = Plan.objects.create(
                    unit=group,
                    period_kind=PeriodKind.MONTH,
                    start=month,
                    title=f"{group.name}: plan",
                    status=PlanStatus.ADOPTED,
                    adopted_on=month,
                )
                PlanTarget.objects.create(plan=plan, metric=metric, original=3000, value=3000)

            def account(username, person, role, unit):
                user = User.objects.create_user(username, password=password)
                person.user = user
                person.save()
                RoleAssignment.objects.create(person=person, unit=unit, role=role)
                return user

            def meetings(unit, kind, count, step_days, chair):
                found = []
                for number in range(count):
                    day = yesterday - datetime.timedelta(days=number * step_days)
                    meeting = Meeting.objects.create(
                        unit=unit,
                        kind=kind,
                        title=f"{unit.name}: production meeting of {day.isoformat()}",
                        scheduled_at=datetime.datetime.combine(
                            day, datetime.time(8, 0), tzinfo=datetime.UTC
                        ),
                        place="Workshop office",
                        chair=chair,
                        status=MeetingStatus.HELD,
                        summary="The plan was checked shift by shift; two problems were raised.",
                    )
                    items = [
                        AgendaItem.objects.create(
                            meeting=meeting, position=position, title=title, presenter=chair
                        )
                        for position, title in enumerate(
                            ("Yesterday's output against the plan", "Problems and proposals"), 1
                        )
                    ]
                    for entry in range(ENTRIES_PER_MEETING):
                        MinuteEntry.objects.create(
                            meeting=meeting,
                            agenda_item=items[entry % len(items)],
                            kind=(EntryKind.DISCUSSION, EntryKind.DECISION, EntryKind.PRAISE)[
                                entry % 3
                            ],
                            text=f"Point {entry + 1}: output, quality and the next shift's work.",
                        )
                    found.append(meeting)
                return found

            def proposals(unit, authors):
                for number in range(PROPOSALS_PER_UNIT):
                    proposal = Proposal.objects.create(
                        unit=unit,
                        title=f"Proposal {number + 1} of {unit.name}",
                        problem="The roll change takes too long.",
                        suggestion="Prepare the next rolls during the last pass.",
                        submitted_on=today - datetime.timedelta(days=number * 2),
                    )
                    proposal.authors.set([authors[number % len(authors)]])

            competition = Competition.objects.create(
                unit=workshop,
                title=f"{workshop.name} of plant {plant_number}: union groups' competition",
                starts_on=last_month,
                ends_on=datetime.date(today.year + 1, 12, 31),
                frequency=Frequency.MONTHLY,
                participant_kind=ParticipantKind.GROUP,
                banner_name="Mobile red banner",
            )
            Criterion.objects.create(
                competition=competition,
                position=1,
                metric=metric,
                weight=100,
                scoring=Scoring.RANK,
            )
            for group in groups:
                Participant.objects.create(
                    competition=competition, unit=group, joined_on=last_month
                )

            people = {
                group.pk: list(Person.objects.filter(unit=group).order_by("employee_number"))
                for group in groups[: LEADERS_PER_PLANT + 1]
            }
            manager_person = Person.objects.filter(unit=plant).order_by("employee_number").first()
            personas = []
            for number, group in enumerate(groups[:LEADERS_PER_PLANT], 1):
                leader = people[group.pk][0]
                user = account(
                    f"{USERNAME_PREFIX}leader-{plant_number}-{number}",
                    leader,
                    Role.GROUP_LEADER,
                    group,
                )
                personas.append(
                    {
                        "username": user.username,
                        "person_id": leader.pk,
                        "units": [group],
                        "write_unit": group,
                        "write_people": people[group.pk],
                        "meetings": meetings(group, MeetingKind.DAILY, DAILY_MEETINGS, 1, leader),
                    }
                )
                proposals(group, people[group.pk])
            manager_group = groups[LEADERS_PER_PLANT]
            user = account(
                f"{USERNAME_PREFIX}manager-{plant_number}", manager_person, Role.MANAGER, plant
            )
            personas.append(
                {
                    "username": user.username,
                    "person_id": manager_person.pk,
                    "units": [plant, workshop, manager_group],
                    "write_unit": manager_group,
                    "write_people": people[manager_group.pk],
                    "meetings": meetings(
                        workshop, MeetingKind.WEEKLY, WEEKLY_MEETINGS, 7, manager_person
                    ),
                }
            )
            proposals(workshop, [manager_person, *people[manager_group.pk]])
            for persona in personas:
                persona["competition"] = competition
                users.append(persona)
        records.load(history, source=ImportSource.BENCH, file_name="benchmark history")
        committee = User.objects.get(username=bench.BENCH_USERNAME)
        for persona in users[LEADERS_PER_PLANT :: LEADERS_PER_PLANT + 1]:
            competition = persona["competition"]
            scoring.publish(scoring.evaluate(competition, last_month), by=committee)
            scoring.evaluate(competition, yesterday)
        versioning.bump()
    for persona in users:
        evaluations = Evaluation.objects.filter(competition=persona["competition"]).order_by(
            "-period_start"
        )
        persona["evaluations"] = list(evaluations.values_list("pk", flat=True))
    return {
        **info,
        "load_seconds": round(time.monotonic() - started, 2),
        "metric": METRIC_CODE,
        "today": today.isoformat(),
        "personas": [persona_info(persona) for persona in users],
    }


def persona_info(persona):
    """What the load needs to know of one user, as JSON-ready values."""
    return {
        "username": persona["username"],
        "person_id": persona["person_id"],
        "units": [{"id": unit.pk, "code": unit.code} for unit in persona["units"]],
        "write_unit": persona["write_unit"].code,
        "write_people": [person.employee_number for person in persona["write_people"]],
        "meetings": [meeting.pk for meeting in persona["meetings"]],
        "competition": persona["competition"].pk,
        "evaluations": persona["evaluations"],
    }


def request_paths(persona):
    """{kind: [paths]} of the reads of one user; a connection takes them in turn."""
    units = persona["units"]
    meetings = persona["meetings"]
    competition = persona["competition"]
    return {
        "unit-page": [f"/units/{unit['id']}/" for unit in units],
        "unit-fulfilment": [f"/units/{unit['id']}/fulfilment/panel/" for unit in units],
        "unit-meetings": [f"/units/{unit['id']}/meetings/panel/" for unit in units],
        "meeting-page": [f"/meetings/{pk}/" for pk in meetings],
        "standings-page": [f"/evaluations/{pk}/" for pk in persona["evaluations"]],
        "unit-api": [f"/api/v1/units/{unit['id']}/" for unit in units],
        "meeting-api": [f"/api/v1/meetings/{pk}/" for pk in meetings],
        "standings-api": [f"/api/v1/competitions/{competition}/standings/"],
        "minutes-api": [f"/api/v1/minute-entries/?meeting={pk}" for pk in meetings],
        "records-api": [
            f"/api/v1/records/?unit={unit['code']}&ordering=-day" for unit in units[-1:]
        ],
        "proposals-api": [f"/api/v1/proposals/?unit={unit['code']}" for unit in units],
    }


# The wrk script

LUA_SCRIPT = r"""
-- gexin bench load: a mixed workload, one user per connection (one connection per thread).
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } gexin_timespec;
int clock_gettime(int clock_id, gexin_timespec *tp);
]]
local clock = ffi.new("gexin_timespec")
local function now_us()
  ffi.C.clock_gettime(1, clock)  -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1000000 + tonumber(clock.tv_nsec) / 1000
end

local CONFIG = __CONFIG__

local threads = {}
local created_threads = 0

function setup(thread)
  created_threads = created_threads + 1
  thread:set("index", created_threads)
  table.insert(threads, thread)
end

local function headers_for(auth)
  if auth == "session" then
    return {["Cookie"] = "sessionid=" .. persona.session, ["Accept-Language"] = "en"}
  end
  return {
    ["Authorization"] = "Token " .. persona.token,
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json",
  }
end

function init(args)
  local personas = CONFIG.personas
  persona = personas[(index - 1) % #personas + 1]
  slot = math.floor((index - 1) / #personas)
  position = (index * 37) % #CONFIG.schedule
  write_until = now_us() + (CONFIG.duration_s - CONFIG.quiet_s) * 1000000
  -- wrk copies only flat tables between threads: counts are keyed "what kind [status]",
  -- and each latency sample carries its kind's number (sample = number * 1e10 + µs).
  counts, samples, turns, kind_number = {}, {}, {}, {}
  for number, name in ipairs(CONFIG.kinds) do
    turns[name], kind_number[name] = 0, number
  end
  record_people = persona.write_people
  record_person = record_people[slot % #record_people + 1]
  record_first_day = 1 + math.floor(slot / #record_people) * CONFIG.record_day_block
  pending, pending_since = "", 0
end

local function add(key, amount)
  counts[key] = (counts[key] or 0) + amount
end

local function next_kind()
  local now = now_us()
  while true do
    position = position % #CONFIG.schedule + 1
    local name = CONFIG.schedule[position]
    if not CONFIG.writes[name] or now < write_until then
      return name
    end
  end
end

local function write_body(name, number)
  local tag = string.format("%s %d-%d", CONFIG.mark, index, number)
  if name == "record-post" then
    local day = os.date("!%Y-%m-%d",
      CONFIG.today_epoch - (record_first_day + math.floor(number / 3)) * 86400)
    return string.format(
      '[{"unit": "%s", "day": "%s", "shift": "%d", "metric": "%s", "person": "%s", ' ..
      '"value": "%d.5"}]',
      persona.write_unit, day, number % 3 + 1, CONFIG.metric, record_person, 90 + number % 20)
  elseif name == "proposal-post" then
    return string.format(
      '{"title": "%s: shorten the roll change", "problem": "%s: the roll change takes ' ..
      'too long.", "suggestion": "Prepare the next rolls during the last pass.", ' ..
      '"authors": [%d], "unit": "%s"}',
      tag, tag, persona.person_id, persona.write_unit)
  end
  local meetings = persona.meetings
  return string.format(
    '{"meeting": %d, "kind": "discussion", "text": "%s: a point of the minutes."}',
    meetings[number % #meetings + 1], tag)
end

function request()
  local name = next_kind()
  local kind = CONFIG.kind_info[name]
  local number = turns[name]
  turns[name] = number + 1
  add("sent " .. name, 1)
  pending = name
  pending_since = now_us()
  if kind.write then
    return wrk.format("POST", CONFIG.write_paths[name], headers_for(kind.auth),
      write_body(name, number))
  end
  local paths = persona.paths[name]
  return wrk.format("GET", paths[number % #paths + 1], headers_for(kind.auth))
end

function response(status, headers, body)
  local name = pending
  if name == "" then
    return
  end
  pending = ""
  local elapsed = math.floor(now_us() - pending_since + 0.5)
  samples[#samples + 1] = kind_number[name] * 1e10 + elapsed
  add("answered " .. name, 1)
  add("status " .. name .. " " .. status, 1)
  if status >= 200 and status < 300 and CONFIG.writes[name] then
    if name == "record-post" then
      local count = body and body:match('"created"%s*:%s*(%d+)')
      add("created " .. name, tonumber(count) or 0)
    else
      add("created " .. name, 1)
    end
  end
end

function done(summary, latency, requests)
  local out = assert(io.open(CONFIG.output, "w"))
  local e = summary.errors
  out:write(string.format("SUMMARY %d %d %d %d %d %d %d\n", summary.requests,
    summary.duration, e.connect, e.read, e.write, e.status, e.timeout))
  for _, thread in ipairs(threads) do
    for key, value in pairs(thread:get("counts")) do
      out:write(string.format("C %s %d\n", key, value))
    end
    local list = thread:get("samples")
    for first = 1, #list, 500 do
      local chunk = {}
      for position = first, math.min(first + 499, #list) do
        chunk[#chunk + 1] = string.format("%d", list[position])
      end
      out:write("L " .. table.concat(chunk, " ") .. "\n")
    end
    local left = thread:get("pending")
    if left ~= "" then
      out:write(string.format("P %s\n", left))
    end
  end
  out:close()
end
"""


def lua_literal(value):
    """A Lua table constructor for JSON-like `value` (dicts, lists, strings, numbers)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'
    if isinstance(value, dict):
        items = (f"[{lua_literal(key)}] = {lua_literal(item)}" for key, item in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list | tuple):
        return "{" + ", ".join(lua_literal(item) for item in value) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as Lua")


def lua_script(personas, credentials, *, duration, today, output, quiet=QUIET_TAIL_S):
    """The wrk script with the users, their paths and credentials written in."""
    config = {
        "personas": [
            {
                "session": credentials[persona["username"]]["session"],
                "token": credentials[persona["username"]]["token"],
                "person_id": persona["person_id"],
                "write_unit": persona["write_unit"],
                "write_people": persona["write_people"],
                "meetings": persona["meetings"],
                "paths": request_paths(persona),
            }
            for persona in personas
        ],
        "schedule": schedule(),
        "kinds": list(KIND_NAMES),
        "kind_info": {kind.name: {"auth": kind.auth, "write": kind.write} for kind in KINDS},
        "writes": dict.fromkeys(WRITE_KINDS, True),
        "write_paths": {
            "record-post": "/api/v1/records/",
            "proposal-post": "/api/v1/proposals/",
            "minute-post": "/api/v1/minute-entries/",
        },
        "mark": MARK,
        "metric": METRIC_CODE,
        "today_epoch": int(
            datetime.datetime.combine(today, datetime.time(12), tzinfo=datetime.UTC).timestamp()
        ),
        "record_day_block": RECORD_DAY_BLOCK,
        "duration_s": duration,
        "quiet_s": quiet,
        "output": str(output),
    }
    return LUA_SCRIPT.replace("__CONFIG__", lua_literal(config))


# Reading wrk's results


def percentile(ordered, share):
    """The nearest-rank percentile of an ascending list (None when empty)."""
    if not ordered:
        return None
    rank = max(1, -(-len(ordered) * share // 100))  # ceil without floats
    return ordered[int(rank) - 1]


def parse_results(text):
    """Sum the per-thread lines the script wrote into per-kind figures."""
    summary = None
    kinds = {
        name: {"sent": 0, "answered": 0, "created": 0, "statuses": {}, "latencies_us": []}
        for name in KIND_NAMES
    }
    pending = {}
    for line in text.splitlines():
        parts = line.split()
        if not parts:
            continue
        tag = parts[0]
        if tag == "SUMMARY":
            requests, duration, connect, read, write, status, timeout = map(int, parts[1:8])
            summary = {
                "requests": requests,
                "duration_us": duration,
                "socket_errors": {
                    "connect": connect,
                    "read": read,
                    "write": write,
                    "timeout": timeout,
                },
                "wrk_status_errors": status,
            }
        elif tag == "C":
            what, name, *status = parts[1:-1]
            figures = kinds[name]
            if what == "status":
                code = int(status[0])
                figures["statuses"][code] = figures["statuses"].get(code, 0) + int(parts[-1])
            else:
                figures[what] += int(parts[-1])
        elif tag == "L":
            for value in parts[1:]:
                number, microseconds = divmod(int(value), 10**10)
                kinds[KIND_NAMES[number - 1]]["latencies_us"].append(microseconds)
        elif tag == "P":
            pending[parts[1]] = pending.get(parts[1], 0) + 1
    if summary is None:
        raise BenchError("wrk wrote no summary; see its output above.")
    return {"summary": summary, "kinds": kinds, "pending": pending}


def latency_figures(latencies_us):
    ordered = sorted(latencies_us)
    figures = {}
    for name, share in (("p50_ms", 50), ("p95_ms", 95), ("p99_ms", 99)):
        value = percentile(ordered, share)
        figures[name] = None if value is None else round(value / 1000, 1)
    figures["max_ms"] = round(ordered[-1] / 1000, 1) if ordered else None
    return figures


def expected_status(kind):
    """The answer a request of this kind must get: 201 for a new object, else 200."""
    return 201 if kind in ("proposal-post", "minute-post") else 200


def summarise(results, found, users=DEFAULT_USERS):
    """The report's figures from the parsed results and the rows found in the database.

    `found` is {"records": n, "proposals": n, "minute entries": n}: rows written during
    the measured run. Errors are answers other than the expected status (a redirect
    would be to the sign-in page) and socket errors; nothing else is expected.
    """
    summary = results["summary"]
    seconds = summary["duration_us"] / 1_000_000 or 1
    rows = []
    groups = {"all": [], "reads": [], "writes": []}
    total_errors = 0
    for kind in KINDS:
        figures = results["kinds"][kind.name]
        expected = expected_status(kind.name)
        errors = sum(count for status, count in figures["statuses"].items() if status != expected)
        total_errors += errors
        latencies = figures["latencies_us"]
        groups["all"].extend(latencies)
        groups["writes" if kind.write else "reads"].extend(latencies)
        rows.append(
            {
                "kind": kind.name,
                "write": kind.write,
                "requests": figures["answered"],
                "share_pct": 0.0,
                "requests_per_second": round(figures["answered"] / seconds, 1),
                **latency_figures(latencies),
                "statuses": {str(k): v for k, v in sorted(figures["statuses"].items())},
                "errors": errors,
            }
        )
    answered = sum(row["requests"] for row in rows) or 1
    for row in rows:
        row["share_pct"] = round(100 * row["requests"] / answered, 1)
    socket_errors = sum(summary["socket_errors"].values())
    total_errors += socket_errors
    overall = {
        name: {
            "requests": len(values),
            "requests_per_second": round(len(values) / seconds, 1),
            **latency_figures(values),
        }
        for name, values in groups.items()
    }
    integrity = []
    for kind_name, label in WRITTEN.items():
        acknowledged = results["kinds"][kind_name]["created"]
        integrity.append(
            {
                "what": label,
                "written": acknowledged,
                "read_back": found[label],
                "in_flight": results["pending"].get(kind_name, 0),
            }
        )
    lost = sum(max(0, row["written"] - row["read_back"]) for row in integrity)
    all_figures = overall["all"]
    targets = [
        (
            f"≥ {GOAL_REQUESTS_PER_SECOND} requests/s",
            all_figures["requests_per_second"] >= GOAL_REQUESTS_PER_SECOND,
            f"{all_figures['requests_per_second']:.1f}",
        ),
        (
            f"p95 ≤ {GOAL_P95_MS} ms",
            all_figures["p95_ms"] is not None and all_figures["p95_ms"] <= GOAL_P95_MS,
            f"{all_figures['p95_ms']} ms",
        ),
        (
            f"0 errors at {GOAL_USERS} users",
            total_errors == 0 and users >= GOAL_USERS,
            f"{total_errors} errors at {users} users",
        ),
        (
            "written = read back",
            all(row["written"] == row["read_back"] for row in integrity),
            ", ".join(f"{row['written']}/{row['read_back']}" for row in integrity),
        ),
    ]
    return {
        "seconds": round(seconds, 2),
        "kinds": rows,
        "overall": overall,
        "errors": total_errors,
        "socket_errors": summary["socket_errors"],
        "integrity": integrity,
        "lost": lost,
        "targets": [
            {"target": name, "passed": passed, "measured": measured}
            for name, passed, measured in targets
        ],
    }


def format_table(report):
    """The per-kind figures as a plain-text table."""
    header = (
        "kind",
        "requests",
        "share",
        "req/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "errors",
        "statuses",
    )
    lines = []

    def ms(value):
        return "-" if value is None else f"{value:.1f}"

    for row in report["kinds"]:
        lines.append(
            (
                row["kind"],
                str(row["requests"]),
                f"{row['share_pct']:.1f}%",
                f"{row['requests_per_second']:.1f}",
                ms(row["p50_ms"]),
                ms(row["p95_ms"]),
                ms(row["p99_ms"]),
                str(row["errors"]),
                " ".join(f"{status}×{count}" for status, count in row["statuses"].items()),
            )
        )
    for name in ("reads", "writes", "all"):
        figures = report["overall"][name]
        lines.append(
            (
                name,
                str(figures["requests"]),
                "",
                f"{figures['requests_per_second']:.1f}",
                ms(figures["p50_ms"]),
                ms(figures["p95_ms"]),
                ms(figures["p99_ms"]),
                str(report["errors"]) if name == "all" else "",
                "",
            )
        )
    widths = [max(len(cell) for cell in column) for column in zip(header, *lines, strict=True)]
    numeric = {1, 2, 3, 4, 5, 6, 7}

    def render(cells):
        return "  ".join(
            str(cell).rjust(width) if index in numeric else str(cell).ljust(width)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = ["-" * width for width in widths]
    body = [render(line) for line in lines]
    return "\n".join(
        [render(header), render(rule), *body[: len(KINDS)], render(rule), *body[len(KINDS) :]]
    )


# The throwaway database


def database_name():
    return DATABASE_PREFIX + secrets.token_hex(4)


def create_database(postgres_url, name, mark=DATABASE_MARK):
    """Create the throwaway database on the server `postgres_url` names; return its address.

    The database carries `mark` as its comment, to be recognised as a benchmark's own.
    """
    import psycopg
    from psycopg import sql

    from gexin.plans.bench import _postgres_urls

    maintenance, throwaway = _postgres_urls(postgres_url, name)
    identifier = sql.Identifier(name)
    try:
        with psycopg.connect(maintenance, autocommit=True, connect_timeout=10) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(identifier))
            connection.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(identifier, sql.Literal(mark))
            )
    except psycopg.Error as error:
        raise BenchError(
            f"Could not create the database {name} on {maintenance.split('@')[-1]}: {error}. "
            "Start PostgreSQL, or name a server with --postgres-url."
        ) from None
    return throwaway


def drop_database(postgres_url, name):
    from gexin.plans.bench import drop_postgres_database

    drop_postgres_database(postgres_url, name)


def count_written(database_url):
    """Rows of the load's users in the throwaway database: records, proposals, minutes entries."""
    import psycopg

    from gexin.core.models import User
    from gexin.meetings.models import MinuteEntry, Proposal
    from gexin.plans.choices import ImportSource
    from gexin.plans.models import ImportBatch, Record

    record, batch, user = Record._meta, ImportBatch._meta, User._meta
    queries = {
        "records": (
            f"SELECT count(*) FROM {record.db_table} r "
            f"JOIN {batch.db_table} b ON b.id = r.{record.get_field('batch').column} "
            f"JOIN {user.db_table} u ON u.id = b.{batch.get_field('user').column} "
            f"WHERE b.source = %s AND u.username LIKE %s",
            [ImportSource.API.value, USERNAME_PREFIX + "%"],
        ),
        "proposals": (
            f"SELECT count(*) FROM {Proposal._meta.db_table} WHERE title LIKE %s",
            [MARK + " %"],
        ),
        "minute entries": (
            f"SELECT count(*) FROM {MinuteEntry._meta.db_table} WHERE text LIKE %s",
            [MARK + " %"],
        ),
    }
    with psycopg.connect(_libpq_url(database_url), connect_timeout=10) as connection:
        return {
            label: connection.execute(query, params).fetchone()[0]
            for label, (query, params) in queries.items()
        }


def _libpq_url(url):
    scheme, rest = url.split(":", 1)
    return "postgresql:" + rest if scheme in {"postgres", "pgsql"} else url


# Running it


def prepare(environment, password, info_path):
    """Migrate and load the data in a child process; return what it reports."""
    command = [sys.executable, "-m", "gexin", "bench", "load", "--prepare", str(info_path)]
    result = subprocess.run(
        command,
        env={**environment, bench.PASSWORD_VARIABLE: password},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        output = (result.stderr or result.stdout).strip()
        raise BenchError(f"Preparing the database failed:\n{output[-3000:]}")
    return json.loads(info_path.read_text(encoding="utf-8"))


def sign_in_all(port, personas, password):
    """{username: {"session", "token"}}: a session from the sign-in form, a token from the API."""
    credentials = {}
    for persona in personas:
        username = persona["username"]
        credentials[username] = {
            "session": bench.sign_in(port, username, password),
            "token": bench.obtain_token(port, username, password),
        }
    return credentials


def check_paths(port, personas, credentials):
    """Every read of every user once: each must answer 200 before anything is measured."""
    auth = {kind.name: kind.auth for kind in KINDS}
    for persona in personas:
        own = credentials[persona["username"]]
        headers = {
            "session": f"Cookie: sessionid={own['session']}",
            "token": f"Authorization: Token {own['token']}",
        }
        for kind, paths in request_paths(persona).items():
            for path in paths:
                try:
                    bench.check_target(port, path, headers[auth[kind]])
                except bench.BenchError as error:
                    raise BenchError(f"{persona['username']}: {error}") from None


def run_wrk(wrk, script, port, users, seconds, server_group):
    """Run wrk with one connection per thread; return (its stdout, the CPU shares)."""
    command = [
        wrk,
        f"--threads={users}",
        f"--connections={users}",
        f"--duration={seconds}s",
        f"--timeout={REQUEST_TIMEOUT_S}s",
        f"--script={script}",
        f"http://127.0.0.1:{port}/",
    ]
    from gexin.plans.bench import _database_ticks

    machine_before = bench.machine_cpu()
    server_before = bench.group_cpu(server_group) if server_group else None
    database_before = _database_ticks()
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    database_after = _database_ticks()
    server_after = bench.group_cpu(server_group) if server_group else None
    machine_after = bench.machine_cpu()
    if result.returncode != 0:
        raise BenchError(f"wrk failed:\n{(result.stderr or result.stdout).strip()}")
    cpu = None
    if None not in (machine_before, machine_after, server_before, server_after):
        busy = machine_after[0] - machine_before[0]
        capacity = max(machine_after[1] - machine_before[1], 1)
        tick = os.sysconf("SC_CLK_TCK")
        server = server_after - server_before
        database = database_after - database_before
        load = (
            children_after.ru_utime
            + children_after.ru_stime
            - children_before.ru_utime
            - children_before.ru_stime
        ) * tick

        def share(ticks):
            return round(100 * ticks / capacity, 1)

        cpu = {
            "server_pct": share(server),
            "database_pct": share(database),
            "wrk_pct": share(load),
            "other_pct": share(max(0, busy - server - database - load)),
            "idle_pct": share(max(0, capacity - busy)),
            "server_seconds": round(server / tick, 2),
            "database_seconds": round(database / tick, 2),
        }
    return result.stdout, cpu


def cpu_per_request(cpu, requests, cores):
    """CPU milliseconds of gunicorn and PostgreSQL per answered request, and the rate
    both cores would allow if they did nothing else (a ceiling, not a measurement)."""
    if not cpu or not requests:
        return None
    server = 1000 * cpu["server_seconds"] / requests
    database = 1000 * cpu["database_seconds"] / requests
    return {
        "server_ms": round(server, 1),
        "database_ms": round(database, 1),
        "ceiling_requests_per_second": round(cores * 1000 / (server + database), 0)
        if server + database
        else None,
    }


def run_load(
    write,
    duration=DEFAULT_DURATION,
    warmup=DEFAULT_WARMUP,
    users=DEFAULT_USERS,
    workers=DEFAULT_WORKERS,
    worker_threads=1,
    postgres_url=DEFAULT_POSTGRES_URL,
    keep=False,
):
    """Run the whole load benchmark and return its report (a JSON-ready dict).

    Always stops gunicorn, drops the database and removes the temporary folder at the
    end (also on Ctrl-C, SIGTERM and errors); `keep` keeps both for a look afterwards.
    """
    if duration <= QUIET_TAIL_S:
        raise BenchError(f"--duration must be longer than {QUIET_TAIL_S} s.")
    wrk = bench.find_wrk()
    workdir = Path(tempfile.mkdtemp(prefix="gexin-bench-load-"))
    log_path = workdir / "gunicorn.log"
    previous_sigterm = signal.signal(signal.SIGTERM, bench._raise_on_sigterm)
    name = database_name()
    database_url = None
    server = None
    try:
        write(f"Creating the PostgreSQL database {name}…")
        database_url = create_database(postgres_url, name)
        environment = bench.server_environment(workdir, database_url)
        password = secrets.token_urlsafe(18)
        started = time.monotonic()
        write("Migrating and loading the organisation, meetings, competitions and records…")
        data = prepare(environment, password, workdir / "data.json")
        write(
            f"  ready in {time.monotonic() - started:.1f} s: {data['units']} units, "
            f"{data['people']} people, {len(data['personas'])} users"
        )
        port = bench.free_port()
        worker_class = "gthread" if worker_threads > 1 else "sync"
        write(
            f"Starting gunicorn on 127.0.0.1:{port}: {workers} {worker_class} workers"
            + (f" × {worker_threads} threads" if worker_threads > 1 else "")
            + "…"
        )
        server = bench.start_server(environment, port, workers, worker_threads, log_path)
        bench.wait_until_healthy(server, port, log_path)
        write(f"Signing in {len(data['personas'])} users (session and token each)…")
        credentials = sign_in_all(port, data["personas"], password)
        check_paths(port, data["personas"], credentials)
        today = datetime.date.fromisoformat(data["today"])
        if warmup > 0:
            write(f"Warming up for {warmup} s…")
            warm_script = workdir / "warmup.lua"
            warm_script.write_text(
                lua_script(
                    data["personas"],
                    credentials,
                    duration=warmup,
                    today=today - datetime.timedelta(days=RECORD_DAY_BLOCK // 2),
                    output=workdir / "warmup.txt",
                ),
                encoding="utf-8",
            )
            run_wrk(wrk, warm_script, port, users, warmup, None)
            time.sleep(0.5)  # as after the measured run
        before = count_written(database_url)
        script = workdir / "load.lua"
        output = workdir / "load.txt"
        script.write_text(
            lua_script(
                data["personas"], credentials, duration=duration, today=today, output=output
            ),
            encoding="utf-8",
        )
        write(f"Measuring: {users} users for {duration} s…")
        stdout, cpu = run_wrk(wrk, script, port, users, duration, server.pid)
        if not output.exists():
            raise BenchError(f"wrk wrote no results:\n{stdout.strip()}")
        results = parse_results(output.read_text(encoding="utf-8"))
        time.sleep(0.5)  # a write still being committed when wrk stopped
        after = count_written(database_url)
        found = {label: after[label] - before[label] for label in after}
        report = summarise(results, found, users=users)
        machine = bench.machine_info(wrk)
        report["cpu_per_request"] = cpu_per_request(
            cpu, report["overall"]["all"]["requests"], machine["nproc"]
        )
        server_errors = server_log_errors(log_path)
        return {
            "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "machine": machine,
            "postgresql": postgres_version(database_url),
            "server": {
                "gunicorn_workers": workers,
                "worker_class": worker_class,
                "threads_per_worker": worker_threads,
                "database": "postgresql",
            },
            "load": {
                "tool": "wrk",
                "users": users,
                "duration_s": duration,
                "warmup_s": warmup,
                "timeout_s": REQUEST_TIMEOUT_S,
                "quiet_tail_s": QUIET_TAIL_S,
                "mix": {kind.name: kind.weight for kind in KINDS},
            },
            "data": {
                "units": data["units"],
                "people": data["people"],
                "users": len(data["personas"]),
            },
            "cpu": cpu,
            "server_log_errors": server_errors,
            **report,
        }
    finally:
        try:
            if server is not None:
                bench.stop_server(server)
        finally:
            signal.signal(signal.SIGTERM, previous_sigterm)
            if keep:
                write(f"Kept {workdir} (gunicorn.log) and the database {name}.")
            else:
                shutil.rmtree(workdir, ignore_errors=True)
                if database_url is not None:
                    try:
                        drop_database(postgres_url, name)
                    except Exception as error:  # noqa: BLE001  the report matters more
                        write(f"Could not drop the database {name}: {error}")


def server_log_errors(log_path):
    """Tracebacks gunicorn's workers logged (a server error the statuses may not show)."""
    try:
        text = log_path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 0
    return len(re.findall(r"^Traceback \(most recent call last\)", text, flags=re.MULTILINE))


def postgres_version(database_url):
    import psycopg

    try:
        with psycopg.connect(_libpq_url(database_url), connect_timeout=10) as connection:
            return connection.execute("SHOW server_version").fetchone()[0]
    except psycopg.Error:
        return None
