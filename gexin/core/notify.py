"""Notifications: a message in the app and, for those with an address, an email.

Each recipient gets the text in their own language. Each email is a background task
(`gexin.core.tasks.send_email`) sent through the configured backend (GEXIN_EMAIL_BACKEND,
the console by default), which exists only if the transaction that caused it commits:
a rolled-back change notifies no one, and a mail server that is down or slow undoes
nothing and holds up no request once the tasks run in `gexin db_worker`.
"""

from django.conf import settings
from django.utils import translation

from gexin.core.tasks import enqueue_on_commit, send_email


def recipients_of(people):
    """The active user accounts of some people (people without an account are skipped)."""
    users = {}
    for person in people:
        user = getattr(person, "user", None)
        if user is not None and user.is_active:
            users[user.pk] = user
    return list(users.values())


def notify(users, subject, body="", url="", params=None, email=True):
    """Tell each user: `subject` and `body` are lazy translations with %(name)s in them.

    They are rendered in each recipient's language, with `params` (objects' names
    follow the language too). With `email=False` the message stays in the app (a
    subscription that asked for no email). Returns the notifications written.
    """
    from gexin.core.models import Notification

    params = params or {}
    written = []
    for user in {user.pk: user for user in users}.values():
        language = user.language or settings.LANGUAGE_CODE
        with translation.override(language):
            values = {key: str(value) for key, value in params.items()}
            text_subject = (str(subject) % values)[:200]
            text_body = str(body) % values if body else ""
        written.append(
            Notification(
                recipient=user,
                subject=text_subject,
                body=text_body,
                url=url,
                is_emailed=email and bool(user.email),
            )
        )
        if email and user.email:
            link = f"\n\n{settings.GEXIN_SITE_URL.rstrip('/')}{url}" if url else ""
            enqueue_on_commit(send_email, text_subject, text_body + link, user.email)
    Notification.objects.bulk_create(written)
    return written
