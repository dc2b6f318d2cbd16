"""`gexin import-records FILE`: load daily records from a CSV or XLSX file.

The file has the columns unit,day,shift,metric,person,value. Every row is checked
first; one bad row writes nothing, and each bad row is listed with its row number,
column, value and reason (exit status 1). Loading the same file again changes nothing.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from gexin.plans import importing, records
from gexin.plans.choices import ImportSource


class Command(BaseCommand):
    help = "Import daily records (CSV or XLSX: unit,day,shift,metric,person,value)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the .csv or .xlsx file")
        parser.add_argument(
            "--user",
            help="check and record the import as this user (default: the operator, all units)",
        )

    def handle(self, file, user=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        account = None
        if user:
            account = get_user_model().objects.filter(username=user, is_active=True).first()
            if account is None:
                raise CommandError(f"No active user named {user}")
        try:
            rows = importing.read(path.name, path.read_bytes())
            result = records.import_rows(
                rows, user=account, source=ImportSource.COMMAND, file_name=path.name
            )
        except records.RecordsRejected as rejected:
            self.stderr.write(
                f"{path.name}: {len(rejected.errors)} bad row(s); nothing was written."
            )
            for error in rejected.errors:
                column = error.column or "-"
                self.stderr.write(
                    f"  row {error.row}, column {column}, value {error.value!r}: {error.reason}"
                )
            raise CommandError("import refused", returncode=1) from None
        self.stdout.write(
            f"{path.name}: {result.rows} rows, {result.created} new, {result.updated} changed, "
            f"{result.unchanged} unchanged (batch #{result.batch.pk})."
        )
