"""Versions of stored objects, so that an edit made from an outdated copy is refused.

A form carries the version of the object it was opened on (`version_of`); the API sends
an entity tag (`etag_of`) and honours `If-Match`. The check and the save run in one
transaction with the object's row locked (`lock`), so of two edits started from the
same version only the first is saved: the second is refused, never silently applied.
"""

import datetime
import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext_lazy as _

STALE_EDIT = _(
    "Someone else changed this record after you opened it, so your changes were not saved. "
    "Your input is kept below: check the current record, then save again to replace it "
    "with yours."
)
STALE_ETAG = _(
    "The record was changed after you read it: If-Match does not name its current version "
    "(current_etag). Nothing was saved. Read it again, apply your change to the current "
    "version and send that with the new ETag in If-Match."
)


class StaleEdit(Exception):
    """The object changed after the form was opened, or after the client read it."""


def version_of(obj):
    """A token that changes whenever the stored object changes ("" for a new object)."""
    stamp = getattr(obj, "last_updated", None)
    return stamp.isoformat() if stamp else ""


def is_versioned(model):
    """Whether the model keeps a `last_updated` time that every save moves on."""
    return any(field.name == "last_updated" for field in model._meta.concrete_fields)


def lock(obj):
    """Lock the object's row until the transaction ends, and reload it from that row.

    Call inside `transaction.atomic()`. A concurrent writer waits here on PostgreSQL;
    SQLite takes its write lock when the transaction begins (transaction_mode IMMEDIATE).
    """
    obj.refresh_from_db(from_queryset=type(obj)._base_manager.select_for_update())
    return obj


def state_token(rows):
    """A short token of a set of stored rows, for a page that saves several objects."""
    return hashlib.sha256(repr(sorted(rows, key=repr)).encode()).hexdigest()[:16]


# Entity tags (RFC 9110, section 8.8.3).


def etag_for(model, pk, stamp):
    """The strong entity tag of the stored version of `model` #pk last updated at `stamp`."""
    moment = stamp.astimezone(datetime.UTC).isoformat()
    return _quoted(f"{model._meta.label_lower}:{pk}:{moment}")


def etag_of(obj, representation=None):
    """The entity tag of a stored object: from its `last_updated` time or, for a model
    without one, from its `representation` (None when neither is known)."""
    stamp = getattr(obj, "last_updated", None)
    if stamp is not None:
        return etag_for(type(obj), obj.pk, stamp)
    if representation is None:
        return None
    return etag_of_representation(type(obj), obj.pk, representation)


def etag_of_representation(model, pk, representation):
    return _quoted(
        f"{model._meta.label_lower}:{pk}:"
        + json.dumps(representation, sort_keys=True, cls=DjangoJSONEncoder)
    )


def etag_from_representation(model, representation):
    """The entity tag of an API object from its own `id` and `last_updated`, or None."""
    if not isinstance(representation, dict) or "id" not in representation:
        return None
    stamp = representation.get("last_updated")
    if not isinstance(stamp, str):
        return None
    try:
        moment = datetime.datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return etag_for(model, representation["id"], moment)


def _quoted(basis):
    return '"' + hashlib.sha256(basis.encode()).hexdigest()[:32] + '"'


def listed_tags(header):
    """The entity tags of an If-Match or If-None-Match header: ["*"] for any, weak tags
    keep their W/ prefix, anything malformed is left out."""
    header = (header or "").strip()
    if header == "*":
        return ["*"]
    tags = []
    for part in header.split(","):
        part = part.strip()
        opaque = part[2:] if part.startswith("W/") else part
        if len(opaque) >= 2 and opaque[0] == opaque[-1] == '"' and '"' not in opaque[1:-1]:
            tags.append(part)
    return tags


def if_match_passes(header, current):
    """RFC 9110 13.1.1: `*`, or a listed strong tag equal to the current one."""
    tags = listed_tags(header)
    return tags == ["*"] or (current is not None and current in tags)


def if_none_match_hits(header, current):
    """RFC 9110 13.1.2 for GET: `*`, or a listed tag weakly equal to the current one."""
    tags = listed_tags(header)
    if tags == ["*"]:
        return True
    return current is not None and current in {tag.removeprefix("W/") for tag in tags}


def touch(obj):
    """Move the stored object's version on without writing its fields.

    For a change of its parts that its version must show (a plan's targets are part
    of the plan), so a form or an If-Match based on the object before it is refused.
    """
    from django.utils import timezone

    now = timezone.now()
    type(obj)._base_manager.filter(pk=obj.pk).update(last_updated=now)
    obj.last_updated = now
