"""The examples in docs/deploy/ are checked with the tools that will run them.

systemd units: `systemd-analyze verify`, with ExecStart pointed at this environment's
gunicorn and gexin; nginx.conf: `nginx -t` where nginx is installed; gexin.env: the
settings accept it; the SQL: run on PostgreSQL in a scratch schema (skipped on SQLite).
"""

import datetime
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

import gexin.config

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "docs" / "deploy"
SETTINGS = Path(gexin.config.__file__).with_name("settings.py")
INSTALLED = "/opt/gexin/bin/"
UNITS = ["gexin.socket", "gexin.service", "gexin-worker@.service"]
# Read by gunicorn and libpq, not by gexin's settings.
OTHER_VARIABLES = {"GUNICORN_CMD_ARGS", "PGPASSFILE"}


def example_environment():
    """{name: value} of docs/deploy/gexin.env."""
    found = {}
    for line in (DEPLOY / "gexin.env").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, value = line.split("=", 1)
            found[name.strip()] = value.strip().removeprefix('"').removesuffix('"')
    return found


def variables_read_by_settings():
    source = SETTINGS.read_text(encoding="utf-8")
    source += (SETTINGS.with_name("env.py")).read_text(encoding="utf-8")
    return set(re.findall(r'"(GEXIN_[A-Z0-9_]+)"', source))


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="needs systemd-analyze")
def test_the_systemd_units_pass_systemd_analyze_verify(tmp_path):
    bin_dir = Path(sys.executable).parent
    assert (bin_dir / "gunicorn").exists() and (bin_dir / "gexin").exists()
    for name in UNITS:
        text = (DEPLOY / name).read_text(encoding="utf-8")
        assert INSTALLED in text or name.endswith(".socket")
        (tmp_path / name).write_text(text.replace(INSTALLED, f"{bin_dir}/"), encoding="utf-8")
    checked = [str(tmp_path / "gexin.socket"), str(tmp_path / "gexin.service")]
    checked.append(str(tmp_path / "gexin-worker@1.service"))  # an instance of the template
    result = subprocess.run(
        ["systemd-analyze", "verify", *checked],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    # Unknown keys and bad values are only warned about: none may be.
    warnings = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if str(tmp_path) in line or line.startswith(("gexin.", "gexin-worker"))
    ]
    assert result.returncode == 0 and warnings == [], result.stdout + result.stderr


def test_the_units_are_hardened_and_write_only_to_the_data_folder():
    data_dir = example_environment()["GEXIN_DATA_DIR"]
    for name in ("gexin.service", "gexin-worker@.service"):
        lines = set((DEPLOY / name).read_text(encoding="utf-8").splitlines())
        assert {
            "User=gexin",
            "NoNewPrivileges=yes",
            "ProtectSystem=strict",
            f"ReadWritePaths={data_dir}",
            "PrivateTmp=yes",
            "EnvironmentFile=/etc/gexin/gexin.env",
        } <= lines, name


@pytest.mark.skipif(not shutil.which("nginx"), reason="needs nginx")
@pytest.mark.skipif(not shutil.which("openssl"), reason="needs openssl for a test certificate")
def test_the_nginx_example_passes_nginx_t(tmp_path):
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=gexin.test", "-keyout", str(tmp_path / "key.pem")]
        + ["-out", str(tmp_path / "cert.pem")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    (tmp_path / "mime.types").write_text("types { text/css css; application/javascript js; }\n")
    (tmp_path / "static").mkdir()
    text = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    # The machine's paths become the test's own; everything else is checked as written.
    for path, own in {
        "/etc/nginx/mime.types": tmp_path / "mime.types",
        "/etc/ssl/gexin/fullchain.pem": tmp_path / "cert.pem",
        "/etc/ssl/gexin/privkey.pem": tmp_path / "key.pem",
        "/srv/gexin/static/": f"{tmp_path}/static/",
        "/var/log/nginx/": f"{tmp_path}/",
        "/run/nginx.pid": tmp_path / "nginx.pid",
    }.items():
        assert path in text, path
        text = text.replace(path, str(own))
    temporary = "".join(
        f"    {kind}_temp_path {tmp_path}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    text = text.replace("user www-data;\n", "").replace("http {\n", "http {\n" + temporary, 1)
    (tmp_path / "nginx.conf").write_text(text, encoding="utf-8")
    result = subprocess.run(
        ["nginx", "-t", "-c", str(tmp_path / "nginx.conf"), "-p", f"{tmp_path}/"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_collected_static_files_are_readable_by_the_proxy():
    from django.core.files.storage import storages

    static = storages["staticfiles"]
    assert (static.file_permissions_mode, static.directory_permissions_mode) == (0o644, 0o755)


def test_the_proxy_takes_the_largest_upload():
    limit = re.search(r"client_max_body_size (\d+)m;", (DEPLOY / "nginx.conf").read_text())
    assert int(limit.group(1)) > int(example_environment()["GEXIN_UPLOAD_MAX_MB"])


def test_the_environment_example_is_what_the_settings_read(monkeypatch, tmp_path):
    variables = example_environment()
    unknown = set(variables) - variables_read_by_settings() - OTHER_VARIABLES
    assert unknown == set()
    for name in [name for name in __import__("os").environ if name.startswith("GEXIN_")]:
        monkeypatch.delenv(name)
    (tmp_path / "secret_key").write_text("a-long-random-secret-key-for-this-test-only-" * 2)
    variables["GEXIN_DATA_DIR"] = str(tmp_path)
    variables["GEXIN_SECRET_KEY_FILE"] = str(tmp_path / "secret_key")
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    found = runpy.run_path(str(SETTINGS))
    assert found["PRODUCTION"] and not found["DEBUG"]
    assert found["GEXIN_REPLICAS"] == ["replica1", "replica2"]
    assert found["TASKS"]["default"]["BACKEND"] == "gexin.core.tasks.DatabaseBackend"
    assert found["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert found["DATABASES"]["default"]["PASSWORD"] == ""  # it comes from PGPASSFILE


def test_the_configuration_table_names_every_setting():
    table = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    missing = {name for name in variables_read_by_settings() if f"`{name}`" not in table}
    assert missing == set()


# SQL, run on PostgreSQL inside the test's transaction (rolled back afterwards)

needs_postgres = pytest.mark.skipif(
    "postgresql" not in __import__("django.conf").conf.settings.DATABASES["default"]["ENGINE"],
    reason="PostgreSQL only",
)


def rows(sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@needs_postgres
@pytest.mark.django_db
def test_the_partitioning_sql_keeps_every_record_and_the_upserts_work():
    from gexin.plans.models import Record

    today = datetime.date.today()
    recent = today.replace(day=1) - datetime.timedelta(days=20)
    long_ago = today.replace(year=today.year - 6)
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA gexin_partition_check")
        cursor.execute("SET LOCAL search_path TO gexin_partition_check")
    # plans_record exactly as the migrations make it, in the scratch schema.
    with connection.schema_editor() as editor:
        editor.create_model(Record)
    insert = (
        "INSERT INTO plans_record (unit_id, day, shift, metric_id, person_id, value_milli) "
        "VALUES (%s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (unit_id, day, shift, metric_id, COALESCE(person_id, 0)) "
        "DO UPDATE SET value_milli = excluded.value_milli RETURNING id"
    )
    for day, person in ((recent, None), (recent, 7), (long_ago, None)):
        rows(insert, [1, day, 1, 1, person, 5000])
    before = rows("SELECT max(id) FROM plans_record")[0][0]

    with connection.cursor() as cursor:
        cursor.execute((DEPLOY / "partition-records.sql").read_text(encoding="utf-8"))

    assert rows("SELECT relkind FROM pg_class WHERE oid = 'plans_record'::regclass") == [("p",)]
    month = f"plans_record_{recent:%Y_%m}"
    assert rows(
        "SELECT tableoid::regclass::text, count(*) FROM plans_record GROUP BY 1 ORDER BY 1"
    ) == [(month, 2), ("plans_record_other", 1)]
    # gexin's upsert finds the stored row through plans_record_key, in its partition ...
    [(same,)] = rows(insert, [1, recent, 1, 1, None, 6000])
    assert rows("SELECT count(*), sum(value_milli) FROM plans_record") == [(3, 16000)]
    # ... and new rows get new ids, through the ORM too.
    created = Record.objects.create(unit_id=1, day=today, shift=1, metric_id=1, value_milli=1)
    assert created.pk > before and same <= before
    where = rows("SELECT tableoid::regclass::text FROM plans_record WHERE id = %s", [created.pk])
    assert where == [(f"plans_record_{today:%Y_%m}",)]
    assert Record.objects.filter(pk=created.pk).delete()[0] == 1
    # The monthly job adds what is missing only.
    assert rows("SELECT gexin_add_record_partitions(12)") == [(0,)]
    assert rows("SELECT gexin_add_record_partitions(13)") == [(1,)]


@needs_postgres
@pytest.mark.django_db
def test_the_pruning_sql_deletes_old_history_only(world):
    from django.utils import timezone

    from gexin.core.models import ChangeRecord, Notification

    unit = world.units["plant-a"]
    unit.name = "Plant A, renamed"
    unit.save()
    old, new = ChangeRecord.objects.order_by("-id")[:2]
    ChangeRecord.objects.filter(pk=old.pk).update(
        time=timezone.now() - datetime.timedelta(days=6 * 366)
    )
    user = world.users["worker_a"]
    read_long_ago, unread = (
        Notification.objects.create(recipient=user, subject="old", read_at=timezone.now()),
        Notification.objects.create(recipient=user, subject="new"),
    )
    Notification.objects.filter(pk=read_long_ago.pk).update(
        read_at=timezone.now() - datetime.timedelta(days=400)
    )
    with connection.cursor() as cursor:
        cursor.execute((DEPLOY / "prune-history.sql").read_text(encoding="utf-8"))
    assert not ChangeRecord.objects.filter(pk=old.pk).exists()
    assert ChangeRecord.objects.filter(pk=new.pk).exists()
    assert list(Notification.objects.filter(recipient=user)) == [unread]
