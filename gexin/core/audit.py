"""Audit: who changed what, when and why.

Every model based on `AuditedModel` writes a `ChangeRecord` when it is created,
changed or deleted. The actor, the reason and a request id come from a context that
the middleware opens for each request and that commands open with `audit_context`.
"""

import contextvars
import datetime
import decimal
import uuid
from contextlib import contextmanager

_context = contextvars.ContextVar("gexin_audit_context", default=None)


class AuditContext:
    """Who is acting and why, for the changes made while it is current.

    The actor is looked at only when a change is recorded, so a request that changes
    nothing never loads its user for the audit's sake.
    """

    def __init__(self, actor=None, reason="", request_id=None):
        self._actor = actor
        self.reason = reason
        self._request_id = request_id

    @property
    def actor(self):
        actor = self._actor
        return actor if actor is not None and actor.is_authenticated else None

    @property
    def request_id(self):
        if self._request_id is None:
            self._request_id = uuid.uuid4().hex
        return self._request_id


@contextmanager
def audit_context(actor=None, reason="", request_id=None):
    """Record changes made inside the block as `actor`'s, with `reason`."""
    token = _context.set(AuditContext(actor, reason, request_id))
    try:
        yield _context.get()
    finally:
        _context.reset(token)


@contextmanager
def audit_reason(reason):
    """Add a reason to the changes made inside the block, keeping the actor."""
    current = current_context()
    token = _context.set(AuditContext(current._actor, reason, current.request_id))
    try:
        yield
    finally:
        _context.reset(token)


def current_context():
    """The context in force, or an anonymous one (a system change)."""
    return _context.get() or AuditContext()


def to_json(value):
    """Turn a field value into something JSON can hold and a person can read."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "url"):  # a file
        return value.name or ""
    return str(value)


def snapshot(instance):
    """The audited field values of an instance, keyed by field name.

    A foreign key is kept as a readable label with the id, e.g. "huaxin-machine (#4)",
    so the history still reads well after the related object is gone.
    """
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in instance.audit_exclude:
            continue
        value = field.value_from_object(instance)
        if field.is_relation and value is not None:
            data[field.name] = related_label(getattr(instance, field.name), value)
        else:
            data[field.name] = to_json(value)
    return data


def related_label(related, pk):
    """A language-independent label for a related object: its code, or its text."""
    from django.utils import translation

    if related is None:
        return f"#{pk}"
    label = getattr(related, "code", None) or getattr(related, "employee_number", None)
    if not label:
        with translation.override("en"):
            label = str(related)
    return f"{label} (#{pk})"


def diff(before, after):
    """Return {field: [old, new]} for the fields whose values differ."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }
