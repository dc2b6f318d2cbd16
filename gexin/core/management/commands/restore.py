"""`gexin restore FILE [--yes]`: put a `gexin backup` archive back, then prove it came back.

Refuses, changing nothing, an archive that is damaged, of the other database vendor or
of a newer schema, and (without --yes) a database that already holds data. After the
restore every table's row count and checksum is compared with the backup's manifest.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError

from gexin.core import backup
from gexin.core.backup import BackupError


class Command(BaseCommand):
    help = "Restore a gexin backup archive into the configured database and media folder."

    def add_arguments(self, parser):
        parser.add_argument("file", help="archive written by `gexin backup`")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="replace the data the database already holds",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="database alias (default: default)"
        )

    def handle(self, file, yes=False, database=DEFAULT_DB_ALIAS, **options):
        try:
            report = backup.restore(file, using=database, replace=yes)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        except DatabaseError as exc:
            raise CommandError(
                f"The database could not be used: {exc}. Check GEXIN_DATABASE_URL."
            ) from None
        self.stdout.write(
            f"Restored {report.files:,} uploaded {'file' if report.files == 1 else 'files'}"
            + (
                f" ({report.files_not_in_backup:,} other files in the media folder were left)"
                if report.files_not_in_backup
                else ""
            )
            + "."
        )
        if report.extra_tables:
            self.stdout.write(
                f"Tables not in the backup, left as they were: {', '.join(report.extra_tables)}"
            )
        if not report.is_equal:
            for difference in report.differences:
                self.stderr.write(f"  {difference}")
            raise CommandError(
                f"{len(report.differences)} of {report.tables} tables differ from the backup."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.tables} tables, {report.rows:,} rows, all checksums equal."
            )
        )
        if report.migrations_to_apply:
            self.stdout.write(
                f"This gexin has {report.migrations_to_apply} migrations the backup had not "
                "applied: run `gexin migrate`, then start the app servers again."
            )
        else:
            self.stdout.write("Start the app servers again.")
