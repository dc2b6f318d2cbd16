"""Numbers that change whenever data changes, so rendered parts of pages can be cached.

Every audited save or deletion (and every bulk operation of the services) adds one
to a counter inside its own transaction. A cached fragment is served again only while
the counters it depends on are unchanged, so no fragment is ever served from data
older than the last committed change. Caches are per process (no cache server is
needed); each process warms its own.

Most writes add to the counter of everything (row 1), which every fragment depends
on. The busiest writes of the daily work (records, minutes entries, proposals: the
models in `SEPARATE`) add to a counter of their own model instead. While a fragment is
drawn, the tables it reads are noted: it depends on the counters of the `SEPARATE`
models among them, and on every counter when it read a table whose writes are not
counted (notifications, change records, ...). So a record entered for one union
group leaves the unit pages and the standings cached, while the fulfilment drawn
from the records is drawn afresh.
"""

import contextlib
import contextvars
import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.db import connections

from gexin.core import replicas

TABLE = "core_dataversion"
FRAGMENT_SECONDS = 600
EVERYTHING = 1
# Models whose writes add to a counter of their own (its row id). Only a model whose
# every write is its own save, or a bulk write that names it in bump(), may be here:
# a write of another table in the same transaction must then bump that table itself.
# Append new rows; never reuse an id.
SEPARATE = {
    "plans.record": 2,
    "plans.dailytotal": 3,
    "plans.monthlytotal": 4,
    "plans.importbatch": 5,
    "meetings.minuteentry": 6,
    "meetings.proposal": 7,
}


def _rows_of(models):
    """The counter rows a write of `models` adds to: their own, or row 1 for any other."""
    if not models:
        return [EVERYTHING]
    rows = set()
    for model in models:
        concrete = model._meta.concrete_model
        labels = [concrete._meta.label_lower] + [
            parent._meta.label_lower for parent in concrete._meta.get_parent_list()
        ]
        for label in labels:
            rows.add(SEPARATE.get(label, EVERYTHING))
    return sorted(rows)


def bump(using="default", models=None):
    """Record that data changed (call inside the transaction that changes it).

    `models`: the models written, when all of their writes go through here or their
    own save; without them every cached fragment is refreshed.
    """
    rows = _rows_of(models)
    connection = connections[using]
    with connection.cursor() as cursor:
        if rows[0] != EVERYTHING and connection.vendor == "postgresql":
            # Writers queue on row 1 as they always did, so two transactions never take
            # the counters in opposite orders (no deadlock between them).
            cursor.execute(f"SELECT id FROM {TABLE} WHERE id = %s FOR UPDATE", [EVERYTHING])
        values = ", ".join(["(%s, 1)"] * len(rows))
        # A database emptied since the migration made row 1 (a flush) gets it back here.
        cursor.execute(
            f"INSERT INTO {TABLE} (id, value) VALUES {values} "
            f"ON CONFLICT (id) DO UPDATE SET value = {TABLE}.value + 1",
            rows,
        )


def counters(using="default"):
    """{row id: value} of every counter (one query)."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT id, value FROM {TABLE}")
        return dict(cursor.fetchall())


def current(using="default"):
    """One number that grows with every change: the sum of the counters."""
    return sum(counters(using).values())


def _request_counters(request):
    """The counters as the request first saw them, before it drew anything.

    Read from the database the request reads its data from: on a replica that lags,
    the counters lag with the data, so nothing older is kept under a newer version.
    """
    alias = replicas.read_alias()
    seen = getattr(request, "_gexin_counters", None)
    if seen is None:
        seen = request._gexin_counters = {}
    if alias not in seen:
        seen[alias] = counters(alias)
    return seen[alias]


def _version(found, rows):
    if rows is None:
        return sum(found.values())
    return tuple(found.get(row, 0) for row in rows)


def fragment_key(request, name, *parts):
    """A cache key for a fragment drawn for this user's scope and language (no version)."""
    from gexin.core.permissions import scope_signature

    raw = repr((name, getattr(request, "LANGUAGE_CODE", ""), scope_signature(request.user), parts))
    return "gexin:fragment:" + hashlib.sha256(raw.encode()).hexdigest()


def _account_saved(sender, instance, using, update_fields=None, **kwargs):
    # A sign-in only moves last_login, which no page shows: caches stay.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    bump(using)


def _account_deleted(sender, instance, using, **kwargs):
    bump(using)


def connect():
    """Count changes of accounts (names on pages, who signed off or published) as changes."""
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_delete, post_save

    model = get_user_model()
    post_save.connect(_account_saved, sender=model, dispatch_uid="gexin-versioning-account")
    post_delete.connect(_account_deleted, sender=model, dispatch_uid="gexin-versioning-account")


# What a fragment read

_IDENTIFIER = re.compile(r'"?\b([A-Za-z_][A-Za-z0-9_]*)\b"?')
_READ_FROM = re.compile(r'\b(?:FROM|JOIN)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?', re.IGNORECASE)
_tables = None
_watching = contextvars.ContextVar("gexin_versioning_watching", default=())


def _table_rows():
    """{table: row id, or EVERYTHING when row 1 covers its writes, or None: not counted}."""
    global _tables
    if _tables is None:
        from django.apps import apps
        from django.contrib.auth import get_user_model

        from gexin.core.models import AuditedModel

        found = {}
        for model in apps.get_models(include_auto_created=True):
            owner = model._meta.auto_created or model  # a many-to-many table: its model
            label = owner._meta.concrete_model._meta.label_lower
            if label in SEPARATE:
                found[model._meta.db_table] = SEPARATE[label]
            elif issubclass(owner, AuditedModel):
                found[model._meta.db_table] = EVERYTHING
            else:
                found[model._meta.db_table] = None
        # Accounts are not audited, but their saves raise row 1 (see `connect`).
        found[get_user_model()._meta.db_table] = EVERYTHING
        _tables = found
    return _tables


class Reads:
    """The tables read by the queries run while it watches (see `reading()`)."""

    def __init__(self):
        self.rows = {EVERYTHING}
        self.counted = True

    def __call__(self, execute, sql, params, many, context):
        self.note(sql)
        return execute(sql, params, many, context)

    def note(self, sql):
        tables = _table_rows()
        for name in _READ_FROM.findall(sql):
            if name.lower() not in tables:
                self.counted = False  # a subquery's alias or a table we do not know
        for name in _IDENTIFIER.findall(sql):
            name = name.lower()
            if name not in tables:
                continue
            if tables[name] is None:
                self.counted = False
            else:
                self.rows.add(tables[name])

    def add(self, other):
        self.rows |= other.rows
        self.counted = self.counted and other.counted

    def add_rows(self, rows):
        """What a fragment taken from the cache inside this one depends on."""
        if rows is None:
            self.counted = False
        else:
            self.rows.update(rows)

    def depends_on(self):
        """The counters of what was read: a sorted tuple of rows, or None for all of them."""
        return tuple(sorted(self.rows)) if self.counted else None


@contextlib.contextmanager
def reading(request=None):
    """Note the tables read inside the block, on every database connection.

    With `request`, its counters are read first: what the block loads is then never
    older than the version it is kept under.
    """
    if request is not None:
        _request_counters(request)
    reads = Reads()
    token = _watching.set((*_watching.get(), reads))
    try:
        with contextlib.ExitStack() as stack:
            for alias in connections:
                stack.enter_context(connections[alias].execute_wrapper(reads))
            yield reads
    finally:
        _watching.reset(token)


def cached_value(request, name, parts, compute, read_before=None):
    """`compute()`'s result from the cache while what it read is unchanged, else anew.

    `read_before`: the `Reads` of what the caller loaded before and hands to
    `compute` (e.g. the page's own object), which count as read by it too.
    """
    key = fragment_key(request, name, *parts)
    found = _request_counters(request)
    kept = cache.get(key)
    if isinstance(kept, tuple) and len(kept) == 3:
        rows, version, value = kept
        if _version(found, rows) == version:
            # A fragment drawn around this one depends on what this one read.
            for reads in _watching.get():
                reads.add_rows(rows)
            return value
    with reading() as reads:
        value = compute()
    if read_before is not None:
        reads.add(read_before)
    rows = reads.depends_on()
    cache.set(key, (rows, _version(found, rows), value), FRAGMENT_SECONDS)
    return value


# A form's CSRF token belongs to one browser; a fragment is shared by everyone with
# the same scope, so its tokens are kept as a placeholder and filled in per request.
CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_PLACEHOLDER = r"\1__gexin_csrf__\2"


def cached_fragment(request, name, parts, draw, read_before=None):
    """The fragment from the cache, or `draw()`n and kept for next time (see cached_value)."""
    if not settings.GEXIN_FRAGMENT_CACHE:
        return draw()
    html = cached_value(
        request, name, parts, lambda: CSRF_INPUT.sub(CSRF_PLACEHOLDER, draw()), read_before
    )
    if "__gexin_csrf__" in html:
        from django.middleware.csrf import get_token

        html = html.replace("__gexin_csrf__", get_token(request))
    return html
