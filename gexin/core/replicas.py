"""Read-heavy pages read from a PostgreSQL streaming replica when one is configured.

`GEXIN_REPLICA_URL` names the replicas (settings: aliases `replica`, or `replica1`,
`replica2`, …, listed in `GEXIN_REPLICAS`). A view marked with `ReplicaReadMixin`,
`reads_from_replica` or a `with replica_reads(request):` block runs its ORM reads on
one of them; everything else reads and writes on `default` (`gexin.config.routers`).

A replica replays the primary's changes a moment later, so what it shows may be some
seconds old. Three rules keep that out of the way:

- only GET and HEAD requests go there, and the account and session are read on the
  primary before the view starts;
- once the request writes anything, its further reads return to the primary;
- a browser that just sent a change (any POST, PUT, PATCH or DELETE) reads from the
  primary for `GEXIN_REPLICA_PIN_SECONDS` afterwards (a cookie), so a user sees their
  own change on the page they are sent back to.

Edit pages never read from a replica: they are not marked.
"""

import contextlib
import contextvars
import functools
import logging
import random
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger("gexin.replicas")

PIN_COOKIE = "gexin_primary"
READING_METHODS = {"GET", "HEAD"}
RETRY_SECONDS = 30

_down_until = {}

_state = contextvars.ContextVar("gexin_replica_reads", default=None)


class Reads:
    """Where the reads of the current block go: `alias`, until something is written."""

    def __init__(self, alias):
        self.alias = alias
        self.wrote = False


def aliases():
    """The configured replica aliases (empty: everything runs on the primary)."""
    return list(getattr(settings, "GEXIN_REPLICAS", ()))


def read_alias():
    """The database the current block reads from: a replica's alias or `default`."""
    reads = _state.get()
    if reads is None or reads.wrote:
        return DEFAULT_DB_ALIAS
    return reads.alias


def note_write():
    """Called by the router for every write: later reads of the block go to the primary."""
    reads = _state.get()
    if reads is not None:
        reads.wrote = True


def is_pinned(request):
    """True while the browser's last change is recent enough to read from the primary."""
    raw = request.COOKIES.get(PIN_COOKIE, "")
    try:
        return int(raw) > time.time()
    except ValueError:
        return False


def choose():
    """A replica that answers, tried in random order; None when none does.

    A replica that did not answer is left alone by this process for `RETRY_SECONDS`,
    so that a replica that is down costs one connection attempt, not one per request.
    """
    now = time.monotonic()
    candidates = [alias for alias in aliases() if _down_until.get(alias, 0) <= now]
    random.shuffle(candidates)
    for alias in candidates:
        try:
            connections[alias].ensure_connection()
        except DatabaseError as error:
            _down_until[alias] = now + RETRY_SECONDS
            logger.warning(
                "replica %s does not answer (%s); reading from the primary for %s s",
                alias,
                str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__,
                RETRY_SECONDS,
            )
            continue
        return alias
    return None


def _load_account(request):
    """Read the request's account and session now (on the primary), if it has them."""
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


@contextlib.contextmanager
def replica_reads(request):
    """Run the block's reads on a replica when the request may (see the module's rules)."""
    alias = None
    if aliases() and request.method in READING_METHODS and not is_pinned(request):
        # The account and its session come from the primary: a new sign-in may not have
        # reached the replica yet.
        _load_account(request)
        alias = choose()
    if alias is None:
        yield DEFAULT_DB_ALIAS
        return
    token = _state.set(Reads(alias))
    try:
        yield alias
    finally:
        _state.reset(token)


def reads_from_replica(view):
    """Decorate a function view (or, with method_decorator, a view's method)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        with replica_reads(request):
            return view(request, *args, **kwargs)

    return wrapped


class ReplicaReadMixin:
    """First base of a read-only class-based view: its GET runs on a replica."""

    def dispatch(self, request, *args, **kwargs):
        with replica_reads(request):
            response = super().dispatch(request, *args, **kwargs)
            # A template response draws itself later, outside the block: draw it here.
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            return response


class ReplicaPinMiddleware:
    """After a change, the same browser reads from the primary for a few seconds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if aliases() and request.method not in READING_METHODS | {"OPTIONS"}:
            seconds = settings.GEXIN_REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                str(int(time.time()) + seconds),
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
