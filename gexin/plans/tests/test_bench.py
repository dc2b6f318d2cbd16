"""`gexin bench plans`, run small: the measurement, its checks and its report."""

import pytest
from django.core.management import call_command

from gexin.plans import bench
from gexin.plans.models import DailyTotal, ImportBatch, MonthlyTotal, Record


def test_tree_has_the_units_asked_for_and_one_root(db):
    units = bench.build_tree(60)
    assert len(units) == 60
    assert [unit.depth for unit in units].count(1) == 1
    assert {unit.kind for unit in units} >= {"ministry", "province", "plant", "workshop"}


def test_chunks_cover_every_unit_day_and_shift_once():
    first, last = bench.span(1)
    rows = [row for chunk in bench.chunks([7, 8, 9], first, last, 5, 2) for row in chunk]
    assert len(rows) == 3 * 365 * 3
    assert len({row[:5] for row in rows}) == len(rows)
    assert all(40_000 <= row[5] < 120_000 for row in rows)
    # The same rows every time: DuckDB reads what the databases loaded.
    assert rows == [row for chunk in bench.chunks([7, 8, 9], first, last, 5, 3) for row in chunk]


def test_run_here_loads_reloads_and_agrees_with_duckdb(db, tmp_path):
    lines = []
    report = bench.run_here(lines.append, units=20, years=1, repeat=1, csv_dir=tmp_path)
    records = 20 * 365 * 3
    assert report["records"] == Record.objects.count() == records
    assert report["load"]["created"] == records
    assert report["reload"]["rows"] == records
    assert report["reload"]["unchanged"]
    assert (report["reload"]["created"], report["reload"]["updated"]) == (0, 0)
    assert report["totals_differences"] == {"plans_dailytotal": 0, "plans_monthlytotal": 0}
    assert DailyTotal.objects.count() == 20 * 365
    assert MonthlyTotal.objects.count() == 20 * 12
    reload_batch = ImportBatch.objects.get(pk=report["reload"]["batches"][0])
    assert (reload_batch.rows, reload_batch.unchanged_count) == (records, records)
    figures = report["figures"]
    assert figures["quarter"]["actual"] == figures["quarter_total"] > 0
    assert figures["quarter"]["as_of"] == "1950-12-31"
    assert len(figures["tree_series"]) == 12
    assert sum(value for _month, value in figures["tree_series"]) == sum(
        Record.objects.values_list("value_milli", flat=True)
    )
    if not bench.duckdb_available():
        pytest.skip(bench.DUCKDB_MISSING)
    duck = bench.run_duckdb(tmp_path, report["spec"], repeat=1)
    assert bench.differing_figures(figures, duck["figures"]) == []
    assert set(duck["times_ms"]) == set(report["times_ms"])


def test_differing_figures_names_what_differs():
    ours = {"quarter_total": 5, "tree_series": [["1950-01-01", 1]]}
    assert (
        bench.differing_figures(ours, {"quarter_total": 5, "tree_series": [["1950-01-01", 1]]})
        == []
    )
    assert bench.differing_figures(
        ours, {"quarter_total": 6, "tree_series": [["1950-01-01", 1]]}
    ) == ["quarter_total"]


def test_report_flags_missed_targets_and_failed_checks():
    report = {
        "database_version": "SQLite 3",
        "years": 10,
        "load": {"rows_per_second": 90_000, "cpu": None},
        "reload": {
            "rows_per_second": 150_000,
            "unchanged": True,
            "created": 0,
            "updated": 0,
            "cpu": None,
        },
        "times_ms": {
            "quarter_totals": 1.0,
            "quarter": 60.0,
            "tree_series": 100.0,
            "unit_series": 5.0,
        },
        "query_cpu": None,
        "spec": {"unit_subtree": 83},
        "totals_differences": {"plans_dailytotal": 0, "plans_monthlytotal": 1},
        "figures": {"quarter_total": 1},
    }
    duck = {
        "times_ms": {
            "quarter_totals": 3.0,
            "quarter": 8.0,
            "tree_series": 400.0,
            "unit_series": 50.0,
        },
        "orders": {
            "quarter_totals": "day",
            "quarter": "day",
            "tree_series": "unit",
            "unit_series": "unit",
        },
        "figures": {"quarter_total": 2},
    }
    built = bench.build_report({"sqlite": report}, duck)
    verdicts = {row["measure"]: row["verdict"] for row in built["results"]}
    assert verdicts["load: records/s (checked, new)"] == "MISS"
    assert verdicts["whole tree, one quarter: compute(), ms"] == "MISS"
    assert verdicts["whole tree, 10 years by month, ms"] == "PASS"
    assert verdicts["totals equal a recomputation"] == "FAIL"
    assert verdicts["figures equal DuckDB's"] == "FAIL"
    assert len(built["failures"]) == 2
    table = bench.format_table(built["results"])
    assert "MISS" in table and "8.00 (day)" in table


def test_command_refuses_unknown_databases():
    with pytest.raises(Exception, match="sqlite, postgresql"):
        call_command("bench", "plans", "--databases", "oracle")


def test_command_measures_a_throwaway_sqlite_file_and_leaves_nothing(tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    lines = []
    report = bench.run_command(
        lines.append,
        units=12,
        years=1,
        repeat=1,
        databases=["sqlite"],
        use_duckdb=bench.duckdb_available(),
    )
    (measured,) = report["databases"].values()
    assert measured["database"] == "sqlite"
    assert measured["records"] == 12 * 365 * 3
    assert report["failures"] == []
    assert {row["verdict"] for row in report["results"]} <= {"PASS", "MISS", "-"}
    assert list(tmp_path.iterdir()) == []  # the folder, SQLite file and CSV are gone


def test_postgres_database_is_made_marked_and_dropped(db):
    from urllib.parse import quote

    import psycopg
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    settings = connection.settings_dict
    login = quote(settings["USER"] or "")
    if settings["PASSWORD"]:
        login += ":" + quote(settings["PASSWORD"])
    host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    url = f"postgres://{login}@{host}/{settings['NAME']}"
    name = "gexin_bench_plans_selftest"
    try:
        address = bench.create_postgres_database(url, name)
        assert address.endswith(f"/{name}")
        bench.create_postgres_database(url, name)  # left by a run: dropped and made again
        bench.drop_postgres_database(url, name)
        maintenance = bench._postgres_urls(url, name)[0]
        with psycopg.connect(maintenance, autocommit=True) as other:
            other.execute(f"CREATE DATABASE {name}")  # not ours: left alone
        with pytest.raises(bench.BenchError, match="not made by this benchmark"):
            bench.create_postgres_database(url, name)
    finally:
        bench.drop_postgres_database(url, name)
