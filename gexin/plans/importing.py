"""Reading record files: CSV (UTF-8, with or without BOM, or GB18030) and XLSX, first sheet.

What a file is comes from its content, never its name (core.uploads); a workbook is
looked into before it is opened, so that a ZIP bomb is refused unopened.
The first row names the columns `unit,day,shift,metric,person,value` (in any order);
data rows are numbered as in the file, the header being row 1.
"""

import csv
import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gexin.core import spreadsheets, uploads
from gexin.plans.records import COLUMNS, RecordsRejected, RowError

REQUIRED = {"unit", "day", "metric", "value"}


def max_bytes():
    """The largest record file taken: GEXIN_UPLOAD_MAX_MB."""
    return uploads.max_mb() * uploads.MB


def too_large(name):
    raise RecordsRejected(
        [
            RowError(
                0,
                "",
                name,
                _("The file is larger than %(limit)s MB; split it.") % {"limit": uploads.max_mb()},
            )
        ]
    )


def read(name, data):
    """[(row number, {column: value})] from the file's bytes; RecordsRejected if unreadable."""
    if len(data) > max_bytes():
        too_large(name)
    kind = uploads.sniff(data)
    if kind == uploads.XLSX:
        try:
            uploads.check_workbook(data)
        except ValidationError as error:
            raise RecordsRejected([RowError(0, "", name, error.messages[0])]) from None
        rows = _xlsx_rows(data)
    elif kind == uploads.CSV:
        rows = _csv_rows(data)
    elif data[:4] == b"PK\x03\x04":
        raise RecordsRejected(
            [RowError(0, "", name, _("The file could not be read as an XLSX workbook."))]
        )
    else:
        raise RecordsRejected(
            [
                RowError(
                    0,
                    "",
                    name,
                    _(
                        "The file is neither CSV text (UTF-8 or GB18030) nor an XLSX "
                        "workbook; save it from the spreadsheet as .csv or .xlsx."
                    ),
                )
            ]
        )
    return _with_header(rows)


def _csv_rows(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise RecordsRejected(
                [RowError(0, "", "", _("The file is not text in UTF-8 or GB18030."))]
            ) from None
    return csv.reader(io.StringIO(text, newline=""))


def _xlsx_rows(data):
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a damaged file
        raise RecordsRejected(
            [RowError(0, "", "", _("The file could not be read as an XLSX workbook."))]
        ) from None
    sheet = book.worksheets[0]
    return (
        [("" if cell is None else cell) for cell in row]
        for row in sheet.iter_rows(values_only=True)
    )


def _with_header(rows):
    rows = iter(rows)
    try:
        header = next(rows)
    except StopIteration:
        raise RecordsRejected([RowError(1, "", "", _("The file is empty."))]) from None
    except Exception:  # csv.Error, or a damaged sheet
        raise RecordsRejected(
            [RowError(1, "", "", _("The file cannot be read from this row on."))]
        ) from None
    names = [str(cell).strip().lower() for cell in header]
    unknown = [name for name in names if name and name not in COLUMNS]
    missing = sorted(REQUIRED - set(names))
    errors = [
        RowError(
            1,
            name,
            name,
            _("Unknown column; the columns are %(columns)s.") % {"columns": ", ".join(COLUMNS)},
        )
        for name in unknown
    ]
    errors += [RowError(1, name, "", _("This column is missing.")) for name in missing]
    named = [name for name in names if name]
    if len(set(named)) != len(named):
        errors.append(RowError(1, "", ",".join(names), _("A column is named twice.")))
    if errors:
        raise RecordsRejected(errors)

    def numbered():
        number = 1
        try:
            for number, row in enumerate(rows, 2):
                if not any(str(cell).strip() for cell in row):
                    continue  # blank lines are skipped, not errors
                yield number, {key: value for key, value in zip(names, row, strict=False) if key}
        except RecordsRejected:
            raise
        except Exception:  # csv.Error, or a damaged sheet read lazily by openpyxl
            raise RecordsRejected(
                [RowError(number + 1, "", "", _("The file cannot be read from this row on."))]
            ) from None

    return numbered()


def write_template():
    """A CSV with the header and one example row, for the import page."""
    return spreadsheets.csv_text(
        [COLUMNS, ["huaxin-machine-turning", "1953-05-04", 1, "pieces_produced", "", 120]]
    )
