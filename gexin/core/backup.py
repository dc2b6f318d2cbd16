"""Backup and restore of one site: its database, its uploaded files and a manifest.

An archive is one tar file (gzip-compressed when its name ends in .gz or .tgz) holding

    database.sqlite3 | database.pgdump   SQLite's online backup, or pg_dump --format=custom
    media/…                              the uploaded files (MEDIA_ROOT)
    manifest.json                        written last: versions, applied migrations, each
                                         table's row count and checksum, each file's sha256

The table checksums are drawn from the very snapshot that was dumped (the backup file
itself on SQLite, pg_dump's exported snapshot on PostgreSQL), so a restore can prove
that every row came back. A checksum is the sha256 of a table's rows in primary-key
order, each value as text: stable across a backup and its restore on one database
vendor, not across vendors.
"""

import datetime
import gzip
import hashlib
import io
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import DatabaseError, connections, transaction

import gexin

FORMAT = 1
MANIFEST = "manifest.json"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
MEDIA = "media"
CHUNK = 1 << 20
ROWS_PER_FETCH = 2000

# Rows that `migrate` itself writes (Django's bookkeeping, the data version, the
# standard metrics): a freshly migrated database holds no data of its own.
FILLED_BY_MIGRATE = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "core_dataversion",
    "plans_metric",
}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass
class RestoreReport:
    """What a restore put back, and how it compares with the backup's manifest."""

    tables: int = 0
    rows: int = 0
    files: int = 0
    differences: list = field(default_factory=list)
    extra_tables: list = field(default_factory=list)
    files_not_in_backup: int = 0
    migrations_to_apply: int = 0

    @property
    def is_equal(self):
        return not self.differences


def default_name():
    """gexin-backup-<UTC time>.tar.gz"""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"gexin-backup-{stamp}.tar.gz"


def backup(output=None, using="default", media_root=None):
    """Write one archive of the database and the uploaded files; return (path, manifest).

    The archive is written under a temporary name beside `output` and renamed when
    complete, so a failed backup leaves no half archive behind.
    """
    connection = connections[using]
    vendor = _vendor(connection)
    output = Path(output or default_name()).absolute()
    if output.exists():
        raise BackupError(f"{output} already exists; choose another --output.")
    if not output.parent.is_dir():
        raise BackupError(f"The folder {output.parent} does not exist.")
    if connection.in_atomic_block:
        raise BackupError("A backup cannot be taken inside an open transaction.")
    media_root = Path(media_root or settings.MEDIA_ROOT)
    partial = output.with_name(f".{output.name}.{secrets.token_hex(4)}.partial")
    compressed = output.name.endswith((".gz", ".tgz"))
    with tempfile.TemporaryDirectory(prefix="gexin-backup-") as work:
        dump = Path(work) / DUMPS[vendor]
        if vendor == "sqlite":
            summary = _dump_sqlite(connection, dump)
        else:
            summary = _dump_postgresql(connection, dump)
        try:
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            # zlib's default level: nearly the size of its best, in much less time.
            options = {"mode": "w:gz", "compresslevel": 6} if compressed else {"mode": "w"}
            with (
                os.fdopen(descriptor, "wb") as raw,
                tarfile.open(name=output, fileobj=raw, **options) as tar,
            ):
                database = _add_file(tar, dump, DUMPS[vendor])
                media = {
                    relative: _add_file(tar, path, f"{MEDIA}/{relative}")
                    for relative, path in _media_files(media_root)
                    if path != partial  # an archive written into the media folder
                }
                manifest = {
                    "format": FORMAT,
                    "gexin_version": gexin.__version__,
                    "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                    "database": {"vendor": vendor, "file": DUMPS[vendor], **database},
                    "migrations": summary["migrations"],
                    "tables": summary["tables"],
                    "media": media,
                }
                _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1).encode())
                tar.close()
                raw.flush()
                os.fsync(raw.fileno())
            os.replace(partial, output)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise BackupError(
                f"Could not write {output}: {exc}. No partial archive was left; "
                "free some space or choose another --output."
            ) from None
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return output, manifest


def restore(archive, using="default", replace=False, media_root=None):
    """Restore an archive into the database `using` and the media folder; return a report.

    Everything is checked before anything is changed: the archive's integrity, the
    database vendor, that this code knows every migration the backup had applied, and
    (unless `replace`) that the database holds no data yet.
    """
    connection = connections[using]
    vendor = _vendor(connection)
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside an open transaction.")
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="gexin-restore-") as work:
        work = Path(work)
        manifest = unpack(archive, work)
        newer = check_compatible(manifest, vendor)
        if vendor == "sqlite":
            _make_sqlite_folder(connection)
        if not replace:
            held = tables_with_data(connection)
            if held:
                shown = ", ".join(held[:5]) + (", …" if len(held) > 5 else "")
                raise BackupError(
                    f"The database already holds data ({len(held)} tables with rows: {shown}). "
                    "Restoring replaces all of it; run again with --yes to do that. "
                    "Nothing was changed."
                )
        versions_before = _data_versions(connection)
        dump = work / manifest["database"]["file"]
        if vendor == "sqlite":
            _restore_sqlite(connection, dump)
        else:
            _restore_postgresql(connection, dump)
        report = verify(manifest, using)
        report.migrations_to_apply = len(newer)
        report.files, report.files_not_in_backup = _restore_media(
            work / MEDIA, media_root, manifest["media"]
        )
        _move_data_version_past(connection, versions_before)
    return report


def unpack(archive, work):
    """Extract the archive into `work`, check every file against the manifest, return it."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"No such file: {archive}")
    damaged = f"{archive} is damaged or is not a gexin backup"
    hashes = {}
    try:
        with tarfile.open(archive, "r:*") as tar:
            for member in tar:
                if member.isdir():
                    continue
                name = _safe_name(member.name)
                if not member.isfile() or name is None or name in hashes:
                    raise BackupError(f"{damaged}: unexpected entry {member.name!r}.")
                target = work / name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with tar.extractfile(member) as source, open(target, "wb") as sink:
                    while block := source.read(CHUNK):
                        digest.update(block)
                        sink.write(block)
                hashes[name] = digest.hexdigest()
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise BackupError(f"{damaged} ({exc}). Nothing was changed.") from None
    except OSError as exc:
        message = f"{archive} could not be unpacked: {exc}. Nothing was changed."
        raise BackupError(message) from None
    if MANIFEST not in hashes:
        raise BackupError(f"{damaged}: it has no manifest (cut short?). Nothing was changed.")
    try:
        manifest = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
        version = manifest["format"]
        database = manifest["database"]
        listed = {database["file"]: database["sha256"]}
        listed.update(
            {f"{MEDIA}/{name}": entry["sha256"] for name, entry in manifest["media"].items()}
        )
        if not all(isinstance(manifest[key], dict) for key in ("migrations", "tables")):
            raise TypeError("migrations and tables must be objects")
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BackupError(f"{damaged}: its manifest is unreadable ({exc!r}).") from None
    if not isinstance(version, int) or version > FORMAT:
        raise BackupError(
            f"{archive} was written by a newer gexin (archive format {version}; this gexin "
            f"{gexin.__version__} reads format {FORMAT}). Restore it with that version."
        )
    del hashes[MANIFEST]
    if set(hashes) != set(listed):
        missing = sorted(set(listed) - set(hashes))
        extra = sorted(set(hashes) - set(listed))
        raise BackupError(
            f"{damaged}: files missing {missing[:5]}, files not in its manifest {extra[:5]}. "
            "Nothing was changed."
        )
    changed = sorted(name for name, digest in hashes.items() if listed[name] != digest)
    if changed:
        raise BackupError(
            f"{damaged}: {len(changed)} file(s) differ from their checksum "
            f"({', '.join(changed[:5])}). Nothing was changed."
        )
    return manifest


def check_compatible(manifest, vendor):
    """Refuse a backup of the other database vendor, or of a schema newer than this code.

    Returns the migrations this code has that the backup had not applied.
    """
    from django.db.migrations.loader import MigrationLoader

    theirs = manifest["database"]["vendor"]
    if theirs != vendor:
        raise BackupError(
            f"This backup holds a {VENDOR_NAMES.get(theirs, theirs)} database, but the "
            f"configured database is {VENDOR_NAMES[vendor]}. Point GEXIN_DATABASE_URL at a "
            f"{VENDOR_NAMES.get(theirs, theirs)} database to restore it. Nothing was changed."
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    applied = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    unknown = sorted(f"{app}.{name}" for app, name in applied - known)
    if unknown:
        raise BackupError(
            f"This backup was made by a newer gexin ({manifest.get('gexin_version', '?')}) "
            f"whose schema this gexin ({gexin.__version__}) does not know: migrations "
            f"{', '.join(unknown[:5])}{', …' if len(unknown) > 5 else ''}. Install that "
            "version or a later one, then restore again. Nothing was changed."
        )
    return sorted(known - applied)


def tables_with_data(connection):
    """Names of the tables holding rows other than those `migrate` writes itself."""
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        held = []
        for name in sorted(set(names) - FILLED_BY_MIGRATE):
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(name)} LIMIT 1")
            if cursor.fetchone():
                held.append(name)
    return held


def summary(using="default"):
    """{"tables": {name: {"rows", "sha256"}}, "migrations": {app: [names]}} of a database."""
    connection = connections[using]
    if _vendor(connection) == "sqlite":
        plain = _plain_sqlite(connection)
        try:
            return _summary(connection, plain.cursor(), plain.cursor)
        finally:
            plain.close()
    with connection.cursor() as cursor:
        return _summary(connection, cursor, connection.chunked_cursor)


def verify(manifest, using="default"):
    """Compare the database's row counts and checksums with the manifest's."""
    found = summary(using)["tables"]
    expected = manifest["tables"]
    report = RestoreReport(tables=len(expected))
    for table, entry in sorted(expected.items()):
        now = found.get(table)
        if now is None:
            report.differences.append(f"{table}: missing")
            continue
        report.rows += now["rows"]
        if now["rows"] != entry["rows"]:
            report.differences.append(
                f"{table}: {entry['rows']} rows in the backup, {now['rows']} restored"
            )
        elif now["sha256"] != entry["sha256"]:
            report.differences.append(f"{table}: checksum differs")
    report.extra_tables = sorted(set(found) - set(expected))
    return report


def _summary(connection, cursor, open_rows):
    """Row counts and checksums of every table, read through a DB-API cursor."""
    names = sorted(connection.introspection.table_names(cursor))
    keys = _primary_keys(connection, cursor, names)
    tables = {
        table: _table_checksum(connection, cursor, open_rows, table, keys.get(table))
        for table in names
    }
    migrations = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    return {"tables": tables, "migrations": migrations}


# Every table's primary key in one query: Django's introspection asks twice per table.
PG_PRIMARY_KEYS = """
    SELECT c.relname, a.attname
    FROM pg_catalog.pg_constraint k
    JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
    CROSS JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS key (attnum, position)
    JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = key.attnum
    WHERE k.contype = 'p' AND pg_catalog.pg_table_is_visible(c.oid)
    ORDER BY c.relname, key.position
"""


def _primary_keys(connection, cursor, tables):
    """{table: [primary key columns]}"""
    if connection.vendor != "postgresql":
        introspection = connection.introspection
        return {table: introspection.get_primary_key_columns(cursor, table) for table in tables}
    keys = {}
    cursor.execute(PG_PRIMARY_KEYS)
    for table, column in cursor.fetchall():
        keys.setdefault(table, []).append(column)
    return keys


def _table_checksum(connection, cursor, open_rows, table, keys):
    quote = connection.ops.quote_name
    if keys:
        order = ", ".join(quote(key) for key in keys)
    else:
        # No primary key: every column, which orders equal rows next to each other.
        cursor.execute(f"SELECT * FROM {quote(table)} WHERE 1 = 0")
        order = ", ".join(str(position) for position in range(1, len(cursor.description) + 1))
    digest = hashlib.sha256()
    count = 0
    rows = open_rows()
    try:
        rows.execute(f"SELECT * FROM {quote(table)} ORDER BY {order}")
        while batch := rows.fetchmany(ROWS_PER_FETCH):
            count += len(batch)
            for row in batch:
                digest.update(_row_text(row))
    finally:
        rows.close()
    return {"rows": count, "sha256": digest.hexdigest()}


def _row_text(row):
    values = [
        None
        if value is None
        else bytes(value).hex()
        if isinstance(value, bytes | bytearray | memoryview)
        else str(value)
        for value in row
    ]
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def _vendor(connection):
    if connection.vendor not in DUMPS:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _plain_sqlite(connection):
    """A connection of the sqlite3 module's own, without Django's type converters.

    Backup and restore both read through one, so a value reads the same on each side.
    """
    name = str(connection.settings_dict["NAME"])
    return sqlite3.connect(name, uri=name.startswith("file:"))


def _make_sqlite_folder(connection):
    """A restore may create the database file, but SQLite will not create its folder."""
    name = str(connection.settings_dict["NAME"])
    if not name.startswith("file:") and name != ":memory:":
        Path(name).parent.mkdir(parents=True, exist_ok=True)


def _dump_sqlite(connection, dump):
    connection.ensure_connection()
    target = sqlite3.connect(dump)
    try:
        # One step: the whole database is copied under one read lock, a consistent
        # snapshot even while the site writes.
        connection.connection.backup(target)
    finally:
        target.close()
    snapshot = sqlite3.connect(dump)
    try:
        return _summary(connection, snapshot.cursor(), snapshot.cursor)
    finally:
        snapshot.close()


def _dump_postgresql(connection, dump):
    pg_dump = _client("pg_dump")
    connection.ensure_connection()
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        # pg_dump reads the snapshot of this transaction, so the checksums below
        # describe exactly the rows it dumped.
        _run(
            connection,
            [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={dump}"],
        )
        with connection.cursor() as cursor:
            return _summary(connection, cursor, connection.chunked_cursor)


def _restore_sqlite(connection, dump):
    source = sqlite3.connect(dump)
    try:
        connection.ensure_connection()
        # Copied page by page into the open database, under SQLite's locks: the file
        # is never swapped under a reader.
        source.backup(connection.connection)
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite could not restore the database: {exc}") from None
    finally:
        source.close()


def _restore_postgresql(connection, dump):
    pg_restore = _client("pg_restore")
    # No session of ours may hold a lock on a table that pg_restore drops.
    connection.close()
    name = connection.settings_dict["NAME"]
    _run(
        connection,
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={name}",
            dump,
        ],
    )


def _client(program):
    path = shutil.which(program)
    if path is None:
        raise BackupError(
            f"{program} is not installed: install the PostgreSQL client tools "
            "(Debian: apt-get install postgresql-client) in the server's major version."
        )
    return path


def _run(connection, command):
    """Run a PostgreSQL client tool; the connection goes through the environment."""
    config = connection.settings_dict
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if config.get(key):
            env[variable] = str(config[key])
    sslmode = (config.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    result = subprocess.run(
        [str(part) for part in command], env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        program = Path(command[0]).name
        detail = result.stderr.strip() or f"exit status {result.returncode}"
        raise BackupError(f"{program} failed: {detail}")


def _safe_name(name):
    """The member's path if it is one an archive may hold, else None."""
    path = PurePosixPath(name)
    if path.is_absolute() or any(part in {"", ".", ".."} for part in path.parts):
        return None
    text = str(path)
    if text == MANIFEST or text in DUMPS.values():
        return text
    if path.parts[0] == MEDIA and len(path.parts) > 1:
        return text
    return None


def _media_files(media_root):
    """(relative path, path) of every regular file under the media folder, in order."""
    if not media_root.is_dir():
        return
    for folder, directories, files in os.walk(media_root):
        directories.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(media_root).as_posix(), path


class _Hashing(io.RawIOBase):
    """Reads a file and hashes what was read, so a file is read only once."""

    def __init__(self, stream):
        self.stream = stream
        self.digest = hashlib.sha256()

    def readable(self):
        return True

    def read(self, size=-1):
        block = self.stream.read(size)
        self.digest.update(block)
        return block


def _add_file(tar, path, name):
    with open(path, "rb") as stream:
        info = tar.gettarinfo(fileobj=stream, arcname=name)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        reader = _Hashing(stream)
        tar.addfile(info, reader)
    return {"size": info.size, "sha256": reader.digest.hexdigest()}


def _add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def _restore_media(extracted, media_root, listing):
    """Put the backup's files into the media folder; return (files, files not in backup)."""
    for name in listing:
        source = extracted / name
        target = media_root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
        try:
            shutil.copyfile(source, partial)
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    others = sum(1 for relative, _path in _media_files(media_root) if relative not in listing)
    return len(listing), others


def _data_versions(connection):
    """{counter: value} of the data version (core.versioning), {} without its table."""
    from gexin.core import versioning

    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, value FROM {versioning.TABLE}")
            return dict(cursor.fetchall())
    except DatabaseError:
        return {}


def _move_data_version_past(connection, before):
    """Keep every data version counter above any value the running site has seen.

    Pages are cached per process under these counters; were a restored counter one
    already seen, a page drawn before the restore could be served again.
    """
    from gexin.core import versioning

    after = _data_versions(connection)
    with connection.cursor() as cursor:
        for counter, value in sorted(before.items()):
            if counter not in after:
                cursor.execute(
                    f"INSERT INTO {versioning.TABLE} (id, value) VALUES (%s, %s)",
                    [counter, value + 1],
                )
            elif after[counter] <= value:
                cursor.execute(
                    f"UPDATE {versioning.TABLE} SET value = %s WHERE id = %s",
                    [value + 1, counter],
                )
