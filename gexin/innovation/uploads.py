"""Photos and files posted with problems and key issues (the rules are core.uploads')."""

from django.db import transaction

from gexin.core import uploads


def attach(upload, *, problem=None, key_issue=None, caption=""):
    """Store a checked upload under a generated name and attach it.

    If the database write fails, the stored file is removed again; a full disk raises
    uploads.DiskFull and stores nothing.
    """
    from gexin.innovation.models import Attachment

    content_type = getattr(upload, "gexin_content_type", None) or uploads.check(upload)
    upload.seek(0)
    attachment = Attachment(
        problem=problem,
        key_issue=key_issue,
        original_name=(upload.name or "")[-200:],
        content_type=content_type,
        size=upload.size,
        caption=caption,
    )
    uploads.store(attachment.file, content_type, upload)
    try:
        with transaction.atomic():
            attachment.save()
    except BaseException:
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment
