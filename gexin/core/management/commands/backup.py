"""`gexin backup [--output FILE]`: the database, the uploaded files and a manifest in one archive.

SQLite is copied with its online backup (safe while the site runs), PostgreSQL with
pg_dump --format=custom. See docs/backups.md.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError

from gexin.core import backup
from gexin.core.backup import BackupError


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="archive to write (default gexin-backup-<UTC time>.tar.gz here; "
            "a name ending in .tar is left uncompressed)",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="database alias (default: default)"
        )

    def handle(self, output=None, database=DEFAULT_DB_ALIAS, **options):
        try:
            path, manifest = backup.backup(output, using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        except DatabaseError as exc:
            raise CommandError(
                f"The database could not be used: {exc}. Check GEXIN_DATABASE_URL."
            ) from None
        tables = manifest["tables"]
        rows = sum(entry["rows"] for entry in tables.values())
        size = path.stat().st_size
        files = len(manifest["media"])
        self.stdout.write(
            f"{backup.VENDOR_NAMES[manifest['database']['vendor']]}: {len(tables)} tables, "
            f"{rows:,} rows; {files:,} uploaded {'file' if files == 1 else 'files'}."
        )
        self.stdout.write(self.style.SUCCESS(f"Wrote {path} ({size:,} bytes)."))
