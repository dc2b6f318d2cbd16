"""Sessions kept in the database with the account they belong to (SESSION_ENGINE).

Each row records its user, so disabling an account deletes all of its sessions in
one indexed query (`end_sessions`). Each app process keeps the sessions it has read
for at most a minute (CACHE_SECONDS), which saves a query on most requests: a
session deleted by one process, by signing out, ends in the others within that
minute. A disabled account is refused at once everywhere all the same, since the
user is read from the database on every request.

A sign-in lasts at most `SESSION_COOKIE_AGE` (GEXIN_SESSION_HOURS) and ends sooner
after `GEXIN_SESSION_IDLE_MINUTES` without a request (`SessionTimeoutMiddleware`).
An active session is saved again at most every few minutes, which moves its expiry
forward without a write on every request.
"""

import time

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.cache import caches

# When the session signed in (seconds since the epoch), kept in the session's data.
SIGNED_IN_KEY = "_gexin_signed_in"
CACHE_SECONDS = 60
CACHE_PREFIX = "gexin.session."


def session_cache():
    return caches[settings.SESSION_CACHE_ALIAS]


class SessionStore(DatabaseSessionStore):
    """Django's database sessions, each row labelled with its user, read through a
    short per-process cache; `saved_at` is when the session was last written."""

    saved_at = None

    @classmethod
    def get_model_class(cls):
        from gexin.core.models import Session

        return Session

    def load(self):
        key = self.session_key
        if key:
            cached = session_cache().get(CACHE_PREFIX + key)
            if cached is not None:
                data, self.saved_at = cached
                return data
        data = super().load()
        if self.session_key and self.saved_at is not None:
            session_cache().set(CACHE_PREFIX + key, (data, self.saved_at), CACHE_SECONDS)
        return data

    def _get_session_from_db(self):
        stored = super()._get_session_from_db()
        if stored is not None:
            lifetime = self.get_session_cookie_age()
            self.saved_at = stored.expire_date.timestamp() - lifetime
        return stored

    def save(self, must_create=False):
        super().save(must_create=must_create)
        self.saved_at = time.time()
        session_cache().set(
            CACHE_PREFIX + self.session_key, (self._get_session(), self.saved_at), CACHE_SECONDS
        )

    def delete(self, session_key=None):
        key = session_key or self.session_key
        super().delete(session_key)
        if key:
            session_cache().delete(CACHE_PREFIX + key)

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        try:
            instance.user_id = int(data.get(auth.SESSION_KEY))
        except (TypeError, ValueError):
            instance.user_id = None
        return instance

    def seconds_since_saved(self):
        """How long ago the stored session was last saved; None for a new one."""
        return None if self.saved_at is None else time.time() - self.saved_at


def end_sessions(user):
    """Delete every session of `user`; return how many there were."""
    model = SessionStore.get_model_class()
    keys = list(model.objects.filter(user_id=user.pk).values_list("session_key", flat=True))
    model.objects.filter(session_key__in=keys).delete()
    session_cache().delete_many([CACHE_PREFIX + key for key in keys])
    return len(keys)


def mark_signed_in(request):
    """Note when the session signed in, for the longest a sign-in may last."""
    request.session[SIGNED_IN_KEY] = int(time.time())


def idle_seconds():
    return settings.GEXIN_SESSION_IDLE_MINUTES * 60


def refresh_seconds():
    """How often an active session is saved again: every five minutes at most."""
    return min(300, idle_seconds() // 4)


class SessionTimeoutMiddleware:
    """Sign out sessions that are too old or were idle too long; keep active ones alive.

    Goes after AuthenticationMiddleware. A request on an ended session continues as
    anonymous, so pages send it to sign in and the API answers 401.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.session_key and auth.SESSION_KEY in session:
            reason = self.expired(session)
            if reason:
                from gexin.core import security

                username = security.username_of(session.get(auth.SESSION_KEY))
                session.flush()
                request.user = AnonymousUser()
                security.log_event("session_expired", request, username=username, reason=reason)
        response = self.get_response(request)
        if session is not None and not session.modified and isinstance(session, SessionStore):
            since_saved = session.seconds_since_saved()
            if since_saved is not None and since_saved >= refresh_seconds():
                session.modified = True
        return response

    def expired(self, session):
        signed_in = session.get(SIGNED_IN_KEY)
        if signed_in is not None and time.time() - signed_in > settings.SESSION_COOKIE_AGE:
            return "signed in too long ago"
        since_saved = session.seconds_since_saved() if isinstance(session, SessionStore) else None
        if since_saved is not None and since_saved > idle_seconds():
            return "idle too long"
        return ""
