"""Uploaded files: how large they may be, what they are, where they are kept, how they
are sent back.

- Size: no file a request carries is larger than GEXIN_UPLOAD_MAX_MB (settings); each
  kind may be held to less (photos and PDFs 10 MB). `LimitedUploadHandler` stops storing
  a file as soon as it passes the limit, so an oversized upload never fills the disk.
- Type: judged by the content, never by the name. `sniff` reads the signature: PNG,
  JPEG, GIF, WebP and PDF, an XLSX workbook (a ZIP holding `[Content_Types].xml` and
  `xl/workbook.xml`) or CSV (text in UTF-8, with or without BOM, or GB18030). Pictures
  are also opened with Pillow. HTML, SVG, scripts and everything else are refused.
- Workbooks are looked into before openpyxl opens them (`check_workbook`): one that
  would unpack to more than XLSX_MAX_UNPACKED_MB, or a hundred times its own size, or
  that holds more than XLSX_MAX_MEMBERS parts (a "ZIP bomb") is refused.
- Stored under a generated name (`generated_name`: a random hex name and the sniffed
  type's extension) in the model's upload folder; the name the user gave is kept in the
  row for display only. A file written while a transaction is open and whose row did
  not commit is removed when the request ends (`remove_uncommitted`).
- A full disk (`DiskFull`) leaves neither a partial file (core.storage) nor a row; the
  pages show it as a form error, the API answers 507 (`InsufficientStorage`).
- Sent back by `serve`: the stored, sniffed content type, `nosniff`, and as a download
  unless it is a picture shown in the page. Nothing uploaded is ever executed.
"""

import errno
import io
import threading
import uuid
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.db import Error, transaction
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import APIException

PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
WEBP = "image/webp"
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"

IMAGES = (JPEG, PNG, GIF, WEBP)
PICTURES_AND_PDF = (*IMAGES, PDF)
TABLES = (CSV, XLSX)
EXTENSIONS = {
    JPEG: ".jpg",
    PNG: ".png",
    GIF: ".gif",
    WEBP: ".webp",
    PDF: ".pdf",
    XLSX: ".xlsx",
    CSV: ".csv",
}

# Photos and drawings attached to problems, key issues and experiences.
PICTURE_MAX_MB = 10
MAX_PIXELS = 40_000_000
ACCEPT = "image/jpeg,image/png,image/gif,image/webp,application/pdf"
HELP = _("A photo (JPEG, PNG, GIF or WebP) or a PDF, up to 10 MB.")

# A workbook of records unpacks to some ten times its size; a bomb to thousands.
XLSX_MAX_UNPACKED_MB = 200
XLSX_MAX_RATIO = 100
XLSX_MAX_MEMBERS = 1000
# Below this a workbook is read whatever its ratio (a sheet of one repeated figure).
XLSX_RATIO_FLOOR = 1024 * 1024

MB = 1024 * 1024


def max_mb(kind_mb=None):
    """The size limit in MB: the kind's own, never more than GEXIN_UPLOAD_MAX_MB."""
    limit = settings.GEXIN_UPLOAD_MAX_MB
    return min(kind_mb, limit) if kind_mb else limit


def too_large_message(limit_mb):
    return _("The file is larger than %(limit)s MB.") % {"limit": limit_mb}


# What a file is


def sniff(data):
    """The content type of `data` judged by its content, or None when it is none we take."""
    head = bytes(data[:16])
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[:4] == b"PK\x03\x04":
        return XLSX if is_workbook(data) else None
    if text_of(data) is not None:
        return CSV
    return None


def is_workbook(data):
    """True for a ZIP that holds the parts every XLSX workbook has."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return "[Content_Types].xml" in names and "xl/workbook.xml" in names


def text_of(data):
    """The text of a CSV file (UTF-8 with or without BOM, else GB18030), or None when the
    bytes are not plain text: control characters, or markup such as HTML or SVG."""
    try:
        text = bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = bytes(data).decode("gb18030")
        except UnicodeDecodeError:
            return None
    if any(ord(char) < 32 and char not in "\t\n\r\f" for char in text[:65536]):
        return None
    if text.lstrip()[:1] == "<":
        return None
    return text


def check_workbook(data):
    """Refuse an XLSX that would unpack to too much (a ZIP bomb) before anything opens it.

    The sizes are those the archive declares; Python's zipfile never unpacks more than
    declared, so a lying archive only fails later, on its checksum.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ValidationError(_("The file is not a readable XLSX workbook.")) from None
    if len(members) > XLSX_MAX_MEMBERS:
        raise ValidationError(
            _("The workbook holds %(count)s parts; at most %(limit)s are read.")
            % {"count": len(members), "limit": XLSX_MAX_MEMBERS}
        )
    unpacked = sum(member.file_size for member in members)
    if unpacked > XLSX_MAX_UNPACKED_MB * MB:
        raise ValidationError(
            _(
                "The workbook would unpack to %(size)s MB; at most %(limit)s MB are read. "
                "Split it, or save it as CSV."
            )
            % {"size": unpacked // MB, "limit": XLSX_MAX_UNPACKED_MB}
        )
    if unpacked > XLSX_RATIO_FLOOR and unpacked > XLSX_MAX_RATIO * max(len(data), 1):
        raise ValidationError(
            _(
                "The workbook would unpack to more than %(ratio)s times its size, which no "
                "sheet of figures does. Save it again from the spreadsheet program, or as CSV."
            )
            % {"ratio": XLSX_MAX_RATIO}
        )


def read_upload(upload, limit_mb):
    """The bytes of an uploaded file, refused when it is larger than `limit_mb`."""
    if upload.size > limit_mb * MB:
        raise ValidationError(too_large_message(limit_mb))
    upload.seek(0)
    data = upload.read(limit_mb * MB + 1)
    upload.seek(0)
    if len(data) > limit_mb * MB:
        raise ValidationError(too_large_message(limit_mb))
    return data


def check(upload, accept=PICTURES_AND_PDF, limit_mb=PICTURE_MAX_MB):
    """Refuse an upload that is too large or not of an accepted type; its content type.

    The type is remembered on the upload (`gexin_content_type`) for storing it.
    """
    limit = max_mb(limit_mb)
    data = read_upload(upload, limit)
    content_type = sniff(data)
    if content_type in IMAGES and not is_picture(data, content_type):
        content_type = None
    if content_type not in accept:
        if accept == PICTURES_AND_PDF:
            raise ValidationError(
                _("Only photos (JPEG, PNG, GIF, WebP) and PDF files are accepted.")
            )
        raise ValidationError(_("The file is neither CSV text nor an XLSX workbook."))
    if content_type == XLSX:
        check_workbook(data)
    upload.gexin_content_type = content_type
    return content_type


def is_picture(data, content_type):
    """True when Pillow reads the picture as the type its signature claims."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            image.verify()
    except Exception:  # anything Pillow cannot read is not a picture we accept
        return False
    return {"JPEG": JPEG, "PNG": PNG, "GIF": GIF, "WEBP": WEBP}.get(kind) == content_type


# Receiving: the size limit while the request is read


class LimitedUploadHandler(FileUploadHandler):
    """The first upload handler: a file that passes GEXIN_UPLOAD_MAX_MB is not stored.

    Its remaining data is dropped as it arrives, and the form receives an empty file of
    the size received so far, which every check refuses as too large.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.too_large = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > max_mb() * MB:
            self.too_large = True
            return None  # the handlers after this one receive nothing more of the file
        return raw_data

    def file_complete(self, file_size):
        if not self.too_large:
            return None
        return InMemoryUploadedFile(
            io.BytesIO(b""),
            self.field_name,
            self.file_name,
            self.content_type,
            self.received,
            self.charset,
        )


# Storing


class DiskFull(Exception):
    """The upload could not be written because the disk (or the quota) is full."""

    message = _(
        "The server's disk is full, so the file was not saved and nothing was changed. "
        "Try again later, and tell the administrator."
    )


class InsufficientStorage(APIException):
    """The API's answer to a full disk."""

    status_code = 507
    default_detail = DiskFull.message
    default_code = "insufficient_storage"


def generated_name(content_type):
    """A random stored name with the extension of the sniffed type."""
    return uuid.uuid4().hex + EXTENSIONS[content_type]


_written = threading.local()


def store(field_file, content_type, content):
    """Write `content` under a generated name into `field_file` (not saving the row).

    A full disk raises DiskFull and leaves no file. While a transaction is open, the
    file is removed again at the end of the request unless its row was committed.
    """
    try:
        field_file.save(generated_name(content_type), content, save=False)
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFull from error
        raise
    if transaction.get_connection().in_atomic_block:
        pending = getattr(_written, "files", None)
        if pending is None:
            pending = _written.files = []
        pending.append((type(field_file.instance), field_file.field.name, field_file.name))
    return field_file.name


def forget_written(**kwargs):
    """At the start of a request: files written before it are none of its business."""
    _written.files = []


def remove_uncommitted(**kwargs):
    """At the end of a request: remove the files written in it whose rows are not stored
    (their transaction was rolled back). On a database error the file is kept."""
    pending, _written.files = getattr(_written, "files", None) or [], []
    for model, field, name in pending:
        try:
            if model._base_manager.filter(**{field: name}).exists():
                continue
        except Error:
            continue
        model._meta.get_field(field).storage.delete(name)


def connect():
    from django.core.signals import request_finished, request_started

    request_started.connect(forget_written, dispatch_uid="gexin.uploads.forget_written")
    request_finished.connect(remove_uncommitted, dispatch_uid="gexin.uploads.remove_uncommitted")


# Sending back

SAME_EXTENSIONS = {JPEG: (".jpg", ".jpeg")}


def download_name(name, content_type):
    """The user's name for the file, ending in the extension of what it is, so that a
    saved download opens as that (a picture named `page.html` is saved `page.html.png`)."""
    extension = EXTENSIONS.get(content_type)
    if extension is None or name.lower().endswith(SAME_EXTENSIONS.get(content_type, (extension,))):
        return name
    return name + extension


def serve(field_file, content_type, original_name, inline=False):
    """A response with a stored file: its sniffed type, never sniffed again by the
    browser, and a download unless `inline` is asked for a picture."""
    if content_type not in EXTENSIONS:
        content_type, inline = "application/octet-stream", False
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=not (inline and content_type in IMAGES),
        filename=download_name(original_name or field_file.name.rsplit("/", 1)[-1], content_type),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
