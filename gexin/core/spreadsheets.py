"""CSV and XLSX files written by gexin: no cell is ever run as a formula.

A spreadsheet program runs text that starts with `=`, `+`, `-` or `@` as a formula
(some also after a tab or a carriage return), so a proposal titled
`=HYPERLINK("http://…","see")` would become a live link, or worse, in the sheet of
whoever opens the export ("CSV injection", OWASP). Such text is written with a leading
apostrophe, which spreadsheets read as "this is text". Numbers, dates and booleans
are written as values: a negative number is a number, not a formula.

Every CSV and XLSX that gexin writes goes through `csv_writer` or `XlsxBook`; a test
fails when code writes one otherwise. Importers that read gexin's own files back
call `original()` on text cells.
"""

import csv
import datetime
import decimal
import io

from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
# Values a spreadsheet stores as they are; bool is an int.
VALUE_TYPES = (int, float, decimal.Decimal, datetime.date, datetime.time)
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """`value` as a cell that no spreadsheet runs: text gets `'` before a formula start.

    None becomes "", numbers, booleans and dates are returned unchanged; anything else
    is written as its text.
    """
    if value is None:
        return ""
    if isinstance(value, VALUE_TYPES):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return QUOTE + text
    return text


def original(text):
    """The text a neutralised cell stood for: `'=A1` reads back as `=A1`."""
    if isinstance(text, str) and text[:1] == QUOTE and text[1:2] and text[1] in FORMULA_STARTS:
        return text[1:]
    return text


def csv_cell(value):
    """A neutralised cell as CSV text; dates in ISO form (2024-05-04)."""
    value = neutralise(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


def xlsx_cell(value):
    """A neutralised cell for openpyxl, which refuses dates with a time zone."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None:
        return None
    if not isinstance(value, VALUE_TYPES):
        # Control characters other than tab and line breaks cannot be stored in XLSX;
        # they go before the check, so that what is left cannot start a formula.
        value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    value = neutralise(value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


class CsvWriter:
    """`csv.writer` that neutralises every cell."""

    def __init__(self, stream, **options):
        self.writer = csv.writer(stream, **options)

    def writerow(self, row):
        return self.writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(stream, **options):
    """A CSV writer on `stream` (a file, StringIO or HttpResponse) whose cells are safe."""
    return CsvWriter(stream, **options)


def csv_text(rows, bom=False):
    """Rows as CSV text; `bom` puts the mark that lets spreadsheet programs detect UTF-8."""
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    csv_writer(out).writerows(rows)
    return out.getvalue()


class XlsxSheet:
    """One sheet of an `XlsxBook`; `append(row)` neutralises every cell."""

    def __init__(self, sheet):
        self.sheet = sheet

    def append(self, row):
        self.sheet.append([xlsx_cell(value) for value in row])


class XlsxBook:
    """A write-only XLSX workbook whose sheets neutralise every cell."""

    def __init__(self):
        from openpyxl import Workbook

        self.book = Workbook(write_only=True)

    def sheet(self, title):
        """A new sheet; spreadsheets allow at most 31 characters in its name."""
        return XlsxSheet(self.book.create_sheet(str(title)[:31]))

    def to_bytes(self):
        out = io.BytesIO()
        self.book.save(out)
        return out.getvalue()
