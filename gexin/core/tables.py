"""Tables for list pages, defined once per model and rendered in Python.

A table lists its columns: header, how to read the value, an optional link and sort
key. The same definition draws the HTML rows and the CSV export. Rows are built as
strings rather than through the template engine: a fifty-row list renders in about
a millisecond instead of ten.
"""

import datetime
import html

from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from gexin.core import spreadsheets


def resolve(obj, accessor):
    """Follow a dotted accessor ("unit.code"); call methods; None on a missing link."""
    return resolve_parts(obj, accessor.split("."))


def resolve_parts(obj, parts):
    value = obj
    for part in parts:
        if value is None:
            return None
        value = getattr(value, part)
        if callable(value):
            value = value()
    return value


def as_text(value, yes_no=None):
    """A value as a person reads it, in the active language."""
    if value is None or value == "":
        return "—"
    if value is True or value is False:
        yes, no = yes_no or (_("yes"), _("no"))
        return yes if value else no
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def as_export(value):
    """A value as a CSV cell: numbers as they are, dates in ISO form.

    Text that a spreadsheet would run as a formula gets a leading apostrophe
    (gexin.core.spreadsheets).
    """
    return spreadsheets.csv_cell(value)


class Column:
    """One column: `accessor` reads the value, `link` (an accessor) makes it a link.

    `sort` is the key of the list view's `sort_fields` this column sorts by;
    `export` is the accessor written to CSV (defaults to `accessor`, False to omit);
    `html` (a function of the row) draws the cell itself when plain text will not do;
    `visible=False` keeps a column for the export only.
    """

    def __init__(
        self,
        header,
        accessor,
        *,
        link=None,
        sort=None,
        export=None,
        html=None,
        css="",
        visible=True,
    ):
        self.header = header
        self.visible = visible
        self.accessor = accessor
        self.parts = accessor.split(".")
        self.link = link
        self.link_parts = link.split(".") if link else None
        self.sort = sort
        self.export = accessor if export is None else export
        self.html = html
        self.css = css

    def cell(self, row, yes_no):
        # Plain string building with the standard library's escape: this runs for
        # every cell of every list page.
        if self.html is not None:
            content = conditional_escape(self.html(row))
        else:
            content = html.escape(as_text(resolve_parts(row, self.parts), yes_no))
            if self.link_parts:
                url = resolve_parts(row, self.link_parts)
                if url:
                    content = f'<a href="{html.escape(url)}">{content}</a>'
        if self.css:
            return f'<td class="{self.css}">{content}</td>'
        return f"<td>{content}</td>"


class Table:
    """Columns over rows; `head` and `body` are the HTML, `export_*` the CSV."""

    columns = ()

    @property
    def visible_columns(self):
        return [column for column in self.columns if column.visible]

    def __init__(self, rows, sort="", sort_query_string=""):
        self.rows = rows
        self.sort = sort
        self.sort_query_string = sort_query_string

    def head(self):
        cells = []
        prefix = f"?{escape(self.sort_query_string)}&amp;" if self.sort_query_string else "?"
        for column in self.visible_columns:
            header = escape(column.header)
            if column.sort:
                descending = self.sort == f"-{column.sort}"
                ascending = self.sort == column.sort
                target = f"-{column.sort}" if ascending else column.sort
                arrow = " ▲" if ascending else " ▼" if descending else ""
                header = f'<a href="{prefix}sort={escape(target)}">{header}{arrow}</a>'
            cells.append(f"<th>{header}</th>")
        return mark_safe("<tr>" + "".join(cells) + "</tr>")

    def body(self):
        lines = []
        columns = self.visible_columns
        yes_no = (str(_("yes")), str(_("no")))
        for row in self.rows:
            css = self.row_class(row)
            opening = f'<tr class="{css}">' if css else "<tr>"
            cells = "".join([column.cell(row, yes_no) for column in columns])
            lines.append(opening + cells + "</tr>")
        return SafeString("\n".join(lines))

    def row_class(self, row):
        return ""

    @classmethod
    def export_headers(cls):
        return [str(column.header) for column in cls.columns if column.export]

    @classmethod
    def export_row(cls, row):
        return [as_export(resolve(row, column.export)) for column in cls.columns if column.export]
