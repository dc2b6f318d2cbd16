"""`gexin bench load` and `gexin bench scale` without load: options, the mix, the summary."""

import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gexin.core import bench_load, bench_scale
from gexin.core.management.commands.bench import Command


def parse(*args):
    return Command().create_parser("gexin", "bench").parse_args(list(args))


def thread_lines(kind, statuses, latencies_ms, created=0, sent=None):
    """What the wrk script writes for one thread and one kind of request."""
    number = bench_load.KIND_NAMES.index(kind) + 1
    answered = sum(statuses.values())
    lines = [
        f"C sent {kind} {sent if sent is not None else answered}",
        f"C answered {kind} {answered}",
    ]
    lines += [f"C status {kind} {status} {count}" for status, count in statuses.items()]
    if created:
        lines.append(f"C created {kind} {created}")
    samples = " ".join(str(number * 10**10 + int(ms * 1000)) for ms in latencies_ms)
    lines.append(f"L {samples}")
    return lines


def results_text(*threads, seconds=10, socket_errors=(0, 0, 0, 0)):
    connect, read, write, timeout = socket_errors
    lines = [f"SUMMARY 0 {seconds * 1_000_000} {connect} {read} {write} 0 {timeout}"]
    for thread in threads:
        lines += thread
    return "\n".join(lines) + "\n"


def test_load_options_default_to_the_goal_load():
    options = parse("load")
    assert options.duration == 60
    assert options.users == bench_load.GOAL_USERS == 50
    assert options.workers == bench_load.DEFAULT_WORKERS
    assert options.postgres_url.startswith("postgres://postgres@127.0.0.1:5432/")


def test_load_options_are_read():
    options = parse("load", "--duration", "30", "--users", "8", "--workers", "4", "--keep")
    assert (options.duration, options.users, options.workers, options.keep) == (30, 8, 4, True)


def test_load_refuses_a_duration_of_zero():
    with pytest.raises(CommandError):
        call_command("bench", "load", "--duration", "0")


def test_scale_options_default_to_ten_copies():
    options = parse("scale")
    assert (options.repeat, options.copies) == (bench_scale.DEFAULT_REPEAT, 10)


def test_the_mix_is_four_reads_to_one_write():
    cycle = bench_load.schedule()
    counted = Counter(cycle)
    assert len(cycle) == 100
    assert counted == {kind.name: kind.weight for kind in bench_load.KINDS}
    writes = [name in bench_load.WRITE_KINDS for name in cycle]
    assert sum(writes) == 20
    # Spread out: never more than two writes in a row, also across the cycle's end.
    runs = "".join("w" if write else "r" for write in writes * 2)
    assert "www" not in runs


def test_lua_literals_escape_quotes():
    assert bench_load.lua_literal({"a": [1, 'x"y']}) == '{["a"] = {1, "x\\"y"}}'
    with pytest.raises(TypeError):
        bench_load.lua_literal(object())


def test_the_script_holds_every_users_paths_and_credentials(tmp_path):
    persona = {
        "username": "bench-load-leader-1-1",
        "person_id": 7,
        "units": [{"id": 3, "code": "g1"}],
        "write_unit": "g1",
        "write_people": ["BN000001"],
        "meetings": [11, 12],
        "competition": 5,
        "evaluations": [21, 20],
    }
    script = bench_load.lua_script(
        [persona],
        {persona["username"]: {"session": "s3ss10n", "token": "t0k3n"}},
        duration=60,
        today=datetime.date(1958, 6, 1),
        output=tmp_path / "out.txt",
    )
    assert "__CONFIG__" not in script
    for text in ('"s3ss10n"', '"t0k3n"', '"/meetings/12/"', '"/evaluations/21/"', "BN000001"):
        assert text in script
    assert '"/api/v1/competitions/5/standings/"' in script


def test_it_sums_statuses_and_latencies_by_kind():
    text = results_text(
        thread_lines("unit-page", {200: 3}, [10, 20, 30])
        + thread_lines("record-post", {200: 2}, [40, 50], created=2),
        thread_lines("unit-page", {200: 1}, [40])
        + thread_lines("proposal-post", {201: 1}, [60], created=1),
    )
    results = bench_load.parse_results(text)
    report = bench_load.summarise(
        results, {"records": 2, "proposals": 1, "minute entries": 0}, users=50
    )
    rows = {row["kind"]: row for row in report["kinds"]}
    assert rows["unit-page"]["requests"] == 4
    assert rows["unit-page"]["p50_ms"] == 20.0
    assert rows["unit-page"]["p95_ms"] == 40.0
    assert report["overall"]["writes"]["requests"] == 3
    assert report["overall"]["all"]["requests_per_second"] == 0.7
    assert report["errors"] == 0
    assert report["lost"] == 0
    assert [row["written"] for row in report["integrity"]] == [2, 1, 0]
    passed = {target["target"]: target["passed"] for target in report["targets"]}
    assert passed == {
        "≥ 200 requests/s": False,
        "p95 ≤ 200 ms": True,
        "0 errors at 50 users": True,
        "written = read back": True,
    }


def test_unexpected_answers_and_socket_errors_are_errors():
    text = results_text(
        thread_lines("unit-page", {200: 5, 302: 1, 500: 1}, [1] * 7)
        + thread_lines("minute-post", {201: 1, 200: 1}, [1, 1], created=2),
        socket_errors=(0, 1, 0, 2),
    )
    report = bench_load.summarise(
        bench_load.parse_results(text), {"records": 0, "proposals": 0, "minute entries": 2}
    )
    rows = {row["kind"]: row for row in report["kinds"]}
    assert rows["unit-page"]["errors"] == 2  # the redirect (to sign in) and the server error
    assert rows["minute-post"]["errors"] == 1  # a new entry is 201
    assert report["errors"] == 6


def test_a_write_missing_from_the_database_is_lost():
    text = results_text(thread_lines("record-post", {200: 3}, [5, 5, 5], created=3))
    report = bench_load.summarise(
        bench_load.parse_results(text), {"records": 2, "proposals": 0, "minute entries": 0}
    )
    assert report["lost"] == 1
    assert not report["targets"][-1]["passed"]


def test_the_command_fails_on_lost_writes(monkeypatch):
    text = results_text(thread_lines("record-post", {200: 3}, [5, 5, 5], created=3))
    report = bench_load.summarise(
        bench_load.parse_results(text), {"records": 2, "proposals": 0, "minute entries": 0}
    )
    report.update(
        machine={
            "nproc": 2,
            "cpu": "cpu",
            "python": "3",
            "django": "5",
            "gunicorn": "2",
            "wrk": "wrk",
        },
        postgresql="15",
        server={"gunicorn_workers": 3, "worker_class": "sync", "threads_per_worker": 1},
        load={"users": 50, "duration_s": 60, "warmup_s": 5, "timeout_s": 5},
        data={"users": 12, "units": 1000, "people": 10000},
        cpu=None,
        server_log_errors=0,
    )
    monkeypatch.setattr(bench_load, "run_load", lambda *args, **kwargs: report)
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 acknowledged writes are missing"):
        call_command("bench", "load", stdout=out)
    assert "records: written 3, read back 2" in out.getvalue()
    assert "MISS  written = read back" in out.getvalue()


def test_percentiles_take_the_nearest_rank():
    values = list(range(1, 101))
    assert bench_load.percentile(values, 95) == 95
    assert bench_load.percentile(values, 50) == 50
    assert bench_load.percentile([7], 99) == 7
    assert bench_load.percentile([], 50) is None


def test_copies_of_the_tree_hang_below_the_ministry():
    nodes = bench_scale.copy_nodes({code: None for code, _, _ in bench_scale.bench.WORK_TYPES}, 3)
    provinces = [unit for parent, unit in nodes if parent is None]
    assert len(nodes) == bench_scale.bench.UNIT_COUNT - 1
    assert [unit.code for unit in provinces][:1] == ["bench-c03-liaoning"]
    assert all(unit.code.startswith("bench-c03-") for _parent, unit in nodes)


def test_the_ceiling_is_what_the_cores_allow_at_the_cpu_each_request_took():
    cpu = {"server_seconds": 10.0, "database_seconds": 2.0}
    assert bench_load.cpu_per_request(cpu, 1000, 2) == {
        "server_ms": 10.0,
        "database_ms": 2.0,
        "ceiling_requests_per_second": 167,
    }
    assert bench_load.cpu_per_request(None, 1000, 2) is None
