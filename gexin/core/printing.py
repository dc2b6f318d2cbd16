"""PDF printing shared by every app: a bundled CJK font, paragraph styles, A4 documents.

An app builds a list of reportlab platypus flowables (paragraphs, tables…) and hands
it to `build_pdf`, which lays it out on A4 with the title at the head of every page
and "page n of m" at its foot, and returns the PDF's bytes. Text is set in WenQuanYi
Micro Hei (`core/fonts/`, Apache-2.0), which covers Chinese and Latin, so the PDF does
not depend on the fonts installed on the server; only the glyphs used are embedded.

Everything printed comes from the database or the catalogue: pass it through `para()`,
which escapes it, rather than building Paragraph markup by hand.
"""

import functools
import io
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

FONT_FILE = Path(__file__).resolve().parent / "fonts" / "wqy-microhei.ttc"
FONT_NAME = "WenQuanYiMicroHei"
PAGE_SIZE = A4
MARGIN = 15 * mm


@functools.cache
def register_font():
    """Register the bundled font with reportlab once per process; return its name.

    The collection's first face (Micro Hei) is used; it has no bold or italic, so
    `<b>` and `<i>` in markup fall back to the same face instead of failing.
    """
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT_FILE), subfontIndex=0))
    pdfmetrics.registerFontFamily(
        FONT_NAME, normal=FONT_NAME, bold=FONT_NAME, italic=FONT_NAME, boldItalic=FONT_NAME
    )
    return FONT_NAME


def styles(size=10):
    """Paragraph styles in the CJK font, scaled from a body size in points.

    In Chinese, lines break between any two characters (reportlab's CJK wrapping);
    in other languages between words, long unbroken runs (a Chinese name) still split.
    """
    font = register_font()
    wrap = "CJK" if (get_language() or "").startswith("zh") else None
    body = ParagraphStyle(
        "body",
        fontName=font,
        fontSize=size,
        leading=size * 1.35,
        wordWrap=wrap,
        spaceAfter=size * 0.2,
    )
    return {
        "title": ParagraphStyle(
            "title", parent=body, fontSize=size * 1.7, leading=size * 2.1, spaceAfter=size * 0.6
        ),
        "heading": ParagraphStyle(
            "heading",
            parent=body,
            fontSize=size * 1.25,
            leading=size * 1.6,
            spaceBefore=size * 0.9,
            spaceAfter=size * 0.3,
            textColor=colors.HexColor("#8b1a1a"),
        ),
        "subheading": ParagraphStyle(
            "subheading", parent=body, fontSize=size * 1.1, spaceBefore=size * 0.5
        ),
        "body": body,
        "item": ParagraphStyle("item", parent=body, leftIndent=size * 1.2, bulletIndent=0),
        "small": ParagraphStyle(
            "small", parent=body, fontSize=size * 0.85, leading=size * 1.15, textColor=colors.grey
        ),
        "cell": ParagraphStyle("cell", parent=body, spaceAfter=0),
    }


def para(text, style, bullet=None):
    """A Paragraph of plain text: escaped for reportlab's markup, newlines kept."""
    markup = escape(str(text)).replace("\n", "<br/>")
    return Paragraph(markup, style, bulletText=bullet)


def table(rows, style, widths=None, header=True):
    """A ruled table of plain-text cells (wrapped as paragraphs), the first row a header."""
    data = [[para("" if cell is None else cell, style) for cell in row] for row in rows]
    result = Table(data, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")))
    result.setStyle(TableStyle(commands))
    return result


def content_width():
    """The width available to flowables between the margins."""
    return PAGE_SIZE[0] - 2 * MARGIN


class _PagedCanvas(Canvas):
    """Holds every page until the end, so each foot can say "page 2 of 5"."""

    def __init__(self, *args, decorate, **kwargs):
        super().__init__(*args, **kwargs)
        self._decorate = decorate
        self._held = []

    def showPage(self):
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._held)
        for state in self._held:
            self.__dict__.update(state)
            self._decorate(self, self._pageNumber, total)
            super().showPage()
        super().save()


def build_pdf(flowables, *, title, footer=""):
    """Lay the flowables out on A4 and return the PDF's bytes.

    `title` is the document's title (its metadata and the head of each page);
    `footer` is printed at the foot of each page beside the page number.
    """
    return _render(flowables, title, footer)[0]


def _render(flowables, title, footer):
    """The PDF's bytes and its number of pages."""
    font = register_font()
    counted = {}

    def decorate(canvas, page, total):
        counted["pages"] = total
        width, height = PAGE_SIZE
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.setFillColor(colors.grey)
        canvas.drawString(MARGIN, height - MARGIN + 4 * mm, title)
        canvas.line(MARGIN, height - MARGIN + 2.5 * mm, width - MARGIN, height - MARGIN + 2.5 * mm)
        if footer:
            canvas.drawString(MARGIN, MARGIN - 7 * mm, footer)
        canvas.drawRightString(
            width - MARGIN,
            MARGIN - 7 * mm,
            _("page %(page)s of %(pages)s") % {"page": page, "pages": total},
        )
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author="gexin",
        lang=get_language() or "",
    )
    document.build(list(flowables), canvasmaker=functools.partial(_PagedCanvas, decorate=decorate))
    return buffer.getvalue(), counted.get("pages", 0)


def build_fitting(layouts, *, title, footer="", max_pages=1):
    """Build each layout in turn and return the bytes of the first within `max_pages`.

    `layouts` yields lists of flowables, each smaller than the last (shorter lists,
    smaller type); a poster or a blackboard must fit its one sheet. The last layout
    is returned even if it is still too long.
    """
    pdf = None
    for flowables in layouts:
        pdf, pages = _render(flowables, title, footer)
        if pages <= max_pages:
            return pdf
    if pdf is None:
        raise ValueError("no layout to build")
    return pdf
