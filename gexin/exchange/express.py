"""Technical innovation express reports (技术革新快报): publishing one and sending it to
the units subscribed to its plant.

A draft is seen within its unit's scope; once published it is seen by everyone signed
in and goes, in the app and (where the subscription asks for it) by email, to the people
holding a role on every subscribing unit. It then stays on record: it can be corrected
with a reason (kept in the history) and deleted only by management.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from gexin.core.notify import notify
from gexin.core.permissions import is_path_in_scope
from gexin.exchange.contracts import role_holders
from gexin.exchange.models import ExpressReport, Subscription

ALREADY_PUBLISHED = _("This express report is already published.")
CORRECTION_NEEDS_REASON = _(
    "This report is published: say why it is corrected. The reason is kept in the history "
    "with your name."
)
SUMMARY_WORDS = 60


def may_publish(user, report):
    return not report.is_published and is_path_in_scope(
        user, ExpressReport, "publish", report.unit.path
    )


def is_management(user, unit):
    """Management of a unit: those who decide what it subscribes to (its managers,
    committee members and administrators)."""
    return is_path_in_scope(user, Subscription, "add", unit.path)


def may_delete(user, report):
    """A draft is deleted by its unit's organisers; a published report only by management."""
    if not is_path_in_scope(user, ExpressReport, "delete", report.unit.path):
        return False
    return not report.is_published or is_management(user, report.unit)


def summary(report, words=SUMMARY_WORDS):
    """The opening of the report, for notifications and feeds."""
    return Truncator(report.body).words(words, truncate=" …")


def subscribers(report):
    """{user: by email?} for the people holding a role on a unit subscribed to the
    report's plant; someone on several such units is emailed if any of them asks."""
    found = {}
    subscriptions = Subscription.objects.filter(plant_id=report.plant_id).select_related("unit")
    for subscription in subscriptions:
        for user in role_holders(subscription.unit):
            found[user] = found.get(user, False) or subscription.by_email
    return found


def publish(report, user):
    """Publish a draft report and send it to the subscribers of its plant.

    The stored report is locked and read again, so a correction saved after `report`
    was read is neither overwritten nor left out of the notification. Refuses
    (ValidationError) a report already published. Notifications are written in the same
    transaction; their emails go out once it commits. Returns the published report (and
    sets `published_at` and `author` on `report` too).
    """
    with transaction.atomic():
        current = ExpressReport.objects.select_for_update().get(pk=report.pk)
        if current.is_published:
            raise ValidationError(ALREADY_PUBLISHED)
        current.published_at = timezone.now()
        if current.author_id is None and user is not None and user.is_authenticated:
            current.author = user
        current.save()
        recipients = {
            recipient: by_email
            for recipient, by_email in subscribers(current).items()
            if user is None or recipient.pk != user.pk
        }
        message = {
            "subject": _("Express report from %(plant)s: %(title)s"),
            "body": _("%(unit)s reports: %(summary)s"),
            "url": current.get_absolute_url(),
            "params": {
                "plant": current.plant,
                "unit": current.unit,
                "title": current.title,
                "summary": summary(current),
            },
        }
        notify([u for u, by_email in recipients.items() if by_email], **message)
        notify([u for u, by_email in recipients.items() if not by_email], email=False, **message)
    report.published_at, report.author_id = current.published_at, current.author_id
    return current
