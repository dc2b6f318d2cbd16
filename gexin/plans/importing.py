"""Reading record files: CSV (UTF-8, with or without BOM) and XLSX, first sheet.

The first row names the columns `unit,day,shift,metric,person,value` (in any order);
data rows are numbered as in the file, the header being row 1.
"""

import csv
import io

from django.utils.translation import gettext as _

from gexin.plans.records import COLUMNS, RecordsRejected, RowError

MAX_BYTES = 50 * 1024 * 1024
REQUIRED = {"unit", "day", "metric", "value"}


def too_large(name):
    raise RecordsRejected([RowError(0, "", name, _("The file is larger than 50 MB; split it."))])


def read(name, data):
    """[(row number, {column: value})] from the file's bytes; RecordsRejected if unreadable."""
    if len(data) > MAX_BYTES:
        too_large(name)
    lower = (name or "").lower()
    if lower.endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        rows = _xlsx_rows(data)
    elif lower.endswith(".csv") or lower.endswith(".txt") or not lower:
        rows = _csv_rows(data)
    else:
        raise RecordsRejected([RowError(0, "", name, _("Upload a .csv or .xlsx file."))])
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
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerow(["huaxin-machine-turning", "1953-05-04", "1", "pieces_produced", "", "120"])
    return out.getvalue()
