"""`gexin backup` and `gexin restore`: a backup restored into a fresh database comes back
row for row, with its uploaded files; a damaged, foreign or newer archive is refused."""

import errno
import hashlib
import io
import json
import secrets
import tarfile
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.db.utils import load_backend

from gexin.core import backup, versioning


@contextmanager
def fresh_database(tmp_path):
    """An extra connection alias on a new, empty database of the test database's vendor."""
    alias = "restored"
    config = dict(connection.settings_dict)
    name = f"gexin_restore_{secrets.token_hex(4)}"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {name}")
    else:
        name = str(tmp_path / f"{name}.sqlite3")
    # Registered as a connection only (not in settings.DATABASES): the test database
    # machinery neither creates nor flushes it, and allows its queries.
    restored = load_backend(config["ENGINE"]).DatabaseWrapper({**config, "NAME": name}, alias)
    connections[alias] = restored
    try:
        yield alias
    finally:
        restored.close()
        del connections[alias]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def site_data(world):
    """The world, with plans, records, meetings, minutes and uploaded pictures."""
    from gexin.exchange.tests import factories_experiences
    from gexin.meetings.tests import factories as meetings
    from gexin.plans.tests import factories as plans

    plans.examples(world)
    meetings.examples(world)
    return factories_experiences.examples(world)["attachment"]


def data_versions(alias):
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT id, value FROM {versioning.TABLE}")
        return dict(cursor.fetchall())


def manifest_of(archive):
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile(backup.MANIFEST))


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_a_fresh_database_is_equal_row_for_row(world, tmp_path, settings):
    from gexin.meetings.models import MinuteEntry

    attachment = site_data(world)
    picture = (settings.MEDIA_ROOT / attachment.file.name).read_bytes()
    archive = tmp_path / "plant-a.tar.gz"
    out = io.StringIO()
    call_command("backup", output=str(archive), stdout=out)
    assert f"Wrote {archive}" in out.getvalue()
    manifest = manifest_of(archive)
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["tables"]["core_user"]["rows"] == get_user_model().objects.count()
    assert manifest["tables"][MinuteEntry._meta.db_table]["rows"] == 1
    assert "0001_initial" in manifest["migrations"]["meetings"]
    assert attachment.file.name in manifest["media"]
    assert not list(tmp_path.glob(".*.partial"))

    settings.MEDIA_ROOT = tmp_path / "restored-media"
    with fresh_database(tmp_path) as alias:
        out = io.StringIO()
        call_command("restore", str(archive), database=alias, stdout=out)
        tables = len(manifest["tables"])
        rows = sum(entry["rows"] for entry in manifest["tables"].values())
        assert f"{tables} tables, {rows:,} rows, all checksums equal." in out.getvalue()
        assert "Start the app servers again." in out.getvalue()  # no migration left to apply
        assert backup.summary(alias)["tables"] == manifest["tables"]
        assert get_user_model().objects.using(alias).count() == len(world.users)
        assert (settings.MEDIA_ROOT / attachment.file.name).read_bytes() == picture

        # The restored site goes on; a second restore must not silently replace it.
        with connections[alias].cursor() as cursor:
            cursor.execute(f"DELETE FROM {MinuteEntry._meta.db_table}")
        with pytest.raises(CommandError, match="already holds data"):
            call_command("restore", str(archive), database=alias, stdout=io.StringIO())
        assert MinuteEntry.objects.using(alias).count() == 0

        versions = data_versions(alias)
        out = io.StringIO()
        call_command("restore", str(archive), database=alias, yes=True, stdout=out)
        assert f"{tables} tables, {rows:,} rows, all checksums equal." in out.getvalue()
        assert MinuteEntry.objects.using(alias).count() == 1
        # Pages cached before the restore are keyed by the data version: it moves on.
        assert versions and data_versions(alias) == {
            counter: value + 1 for counter, value in versions.items()
        }


def test_a_backup_that_fails_leaves_no_archive(tmp_path, monkeypatch):
    def dump(connection, path):
        path.write_bytes(b"database pages")
        return {"tables": {}, "migrations": {}}

    def full_disk(tar, name, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup, f"_dump_{connection.vendor}", dump)
    monkeypatch.setattr(backup, "_add_bytes", full_disk)
    with pytest.raises(CommandError, match="No space left on device. No partial archive"):
        call_command("backup", output=str(tmp_path / "site.tar.gz"))
    assert list(tmp_path.iterdir()) == []


def synthetic_archive(path, compress=False, **changes):
    """A small archive that passes every check before the database is touched."""
    dump = b"database pages"
    vendor = connection.vendor
    manifest = {
        "format": backup.FORMAT,
        "gexin_version": "0.1.0",
        "database": {
            "vendor": vendor,
            "file": backup.DUMPS[vendor],
            "size": len(dump),
            "sha256": hashlib.sha256(dump).hexdigest(),
        },
        "migrations": {"core": ["0001_initial"]},
        "tables": {},
        "media": {},
    }
    for key, value in changes.items():
        manifest[key] = value
    with tarfile.open(path, "w:gz" if compress else "w") as tar:
        for name, data in (
            (manifest["database"]["file"], dump),
            (backup.MANIFEST, json.dumps(manifest).encode()),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


# The refusals below run without database access: a restore that went as far as the
# database would fail on pytest-django's guard, so they prove that nothing was changed.


def test_a_damaged_archive_is_refused(tmp_path):
    archive = synthetic_archive(tmp_path / "flipped.tar")
    data = bytearray(archive.read_bytes())
    data[512] ^= 0xFF  # the first byte of the database dump
    archive.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="damaged.*differ from their checksum"):
        call_command("restore", str(archive))

    archive = synthetic_archive(tmp_path / "cut.tar.gz", compress=True)
    archive.write_bytes(archive.read_bytes()[:-40])
    with pytest.raises(CommandError, match="is damaged or is not a gexin backup"):
        call_command("restore", str(archive))

    with pytest.raises(CommandError, match="No such file"):
        call_command("restore", str(tmp_path / "missing.tar"))


def test_a_backup_of_the_other_vendor_is_refused(tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    dump = b"database pages"
    database = {
        "vendor": other,
        "file": backup.DUMPS[other],
        "size": len(dump),
        "sha256": hashlib.sha256(dump).hexdigest(),
    }
    archive = synthetic_archive(tmp_path / "other.tar", database=database)
    with pytest.raises(CommandError, match=f"holds a {backup.VENDOR_NAMES[other]} database"):
        call_command("restore", str(archive))


def test_a_backup_of_a_newer_schema_is_refused(tmp_path):
    newer = {"core": ["0001_initial", "9999_from_a_later_gexin"]}
    archive = synthetic_archive(tmp_path / "newer.tar", migrations=newer, gexin_version="9.0")
    with pytest.raises(CommandError, match=r"newer gexin \(9.0\).*core.9999_from_a_later_gexin"):
        call_command("restore", str(archive))

    archive = synthetic_archive(tmp_path / "format.tar", format=backup.FORMAT + 1)
    with pytest.raises(CommandError, match="newer gexin"):
        call_command("restore", str(archive))
