"""Photos and files posted with problems and key issues.

The type is judged by the content, never by the name: images are opened with Pillow,
PDFs must start with their signature. Files are stored under generated names and are
only ever sent back as downloads, never executed or served from the upload folder.
"""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
ACCEPT = "image/jpeg,image/png,image/gif,image/webp,application/pdf"
HELP = _("A photo (JPEG, PNG, GIF or WebP) or a PDF, up to 10 MB.")
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
}


def sniff(data):
    """The content type of `data` by its content, or None when it is not accepted."""
    if data[:5] == b"%PDF-":
        return "application/pdf"
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            image.verify()
    except Exception:  # anything Pillow cannot read is not an image we accept
        return None
    return IMAGE_TYPES.get(kind)


def check(upload):
    """Refuse an upload that is too large or not an accepted photo or PDF."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    content_type = sniff(data)
    if content_type is None:
        raise ValidationError(_("Only photos (JPEG, PNG, GIF, WebP) and PDF files are accepted."))
    upload.gexin_content_type = content_type
    return content_type


def attach(upload, *, problem=None, key_issue=None, caption=""):
    """Store a checked upload under a generated name and attach it.

    If the database write fails, the stored file is removed again.
    """
    from gexin.innovation.models import Attachment

    content_type = getattr(upload, "gexin_content_type", None) or check(upload)
    upload.seek(0)
    attachment = Attachment(
        problem=problem,
        key_issue=key_issue,
        original_name=(upload.name or "")[-200:],
        content_type=content_type,
        size=upload.size,
        caption=caption,
    )
    stored_name = Attachment.generated_name("x" + EXTENSIONS[content_type])
    attachment.file.save(stored_name, ContentFile(upload.read()), save=False)
    try:
        with transaction.atomic():
            attachment.save()
    except Exception:
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment
