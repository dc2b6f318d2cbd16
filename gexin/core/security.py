"""Security events, one line of JSON each on the `gexin.security` logger.

    sign_in_failed    a wrong user name or password (sign-in page or API token endpoint)
    locked_out        too many failures: the name and address are paused (django-axes)
    signed_in, signed_out
    session_expired   signed in too long ago or idle too long (gexin.core.sessions)
    denied            a 403 answer: no right to the page or action, or a failed CSRF check
    token_refused     a 401 answer to a request that sent credentials (a bad or old token)
    account_disabled  an account was disabled; its sessions and API tokens are deleted
    tokens_revoked    an administrator set a new password; the account's API tokens are deleted

Every line has the event, the user name (who is signed in, or the name tried at
sign-in), the client's address, the method, the path and a reason; account events
add the `account` concerned and how many sessions and tokens ended. For example
`{"event": "denied", "user": "worker_a", "ip": "10.0.0.7", "method": "POST",
"path": "/people/12/edit/", "reason": "permission_denied"}`.
Passwords, tokens, cookies and query strings are never written.
"""

import contextvars
import json
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied

logger = logging.getLogger("gexin.security")

_request = contextvars.ContextVar("gexin_security_request", default=None)

USERNAME_LENGTH = 150


def client_ip(request):
    """The client's address; behind a reverse proxy (GEXIN_BEHIND_PROXY), the one it saw.

    The proxy appends the address it received the request from to X-Forwarded-For,
    so the last entry is the one that cannot be forged by the client.
    """
    meta = getattr(request, "META", None) or {}
    if settings.GEXIN_BEHIND_PROXY:
        forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.rsplit(",", 1)[-1].strip()
    return meta.get("REMOTE_ADDR")


def username_of(user_id):
    from django.contrib.auth import get_user_model

    if user_id is None:
        return None
    try:
        pk = int(user_id)
    except (TypeError, ValueError):
        return None
    return get_user_model().objects.filter(pk=pk).values_list("username", flat=True).first()


def _signed_in_name(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user.get_username()
    return None


def log_event(kind, request=None, *, username=None, reason="", level=logging.INFO, **details):
    """Write one security event; `request` defaults to the one being handled."""
    if not logger.isEnabledFor(level):
        return
    request = request if request is not None else _request.get()
    if username is None and request is not None:
        username = _signed_in_name(request)
    event = {
        "event": kind,
        "user": None if username is None else str(username)[:USERNAME_LENGTH],
        "ip": client_ip(request) if request is not None else None,
        "method": getattr(request, "method", None),
        "path": getattr(request, "path", None),
        "reason": str(reason),
    }
    event.update(details)
    logger.log(
        level,
        json.dumps(event, ensure_ascii=False, default=str),
        extra={"security_event": event},
    )


# Responses


class SecurityEventMiddleware:
    """Log 403 answers, and 401 answers to requests that sent credentials.

    Costs one comparison per request; only denied requests do more.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        status = response.status_code
        if status == 403:
            log_event(
                "denied", request, reason=denial_reason(request, response), level=logging.WARNING
            )
        elif status == 401 and "HTTP_AUTHORIZATION" in request.META:
            log_event(
                "token_refused",
                request,
                reason=denial_reason(request, response),
                level=logging.WARNING,
            )
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            request._gexin_denial = "permission_denied"


def denial_reason(request, response):
    """Why the answer was 401 or 403, in words that do not depend on the user's language."""
    noted = getattr(request, "_gexin_denial", None)
    if noted:
        return noted
    data = getattr(response, "data", None)  # an API answer
    if isinstance(data, dict) and "detail" in data:
        detail = data["detail"]
        if str(detail).startswith("CSRF Failed"):
            return str(detail)
        return getattr(detail, "code", None) or "forbidden"
    return "unauthorized" if response.status_code == 401 else "forbidden"


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: say what to do, and keep the reason for the security log."""
    from django.middleware.csrf import REASON_NO_CSRF_COOKIE
    from django.shortcuts import render

    request._gexin_denial = f"CSRF: {reason}"
    context = {"no_cookie": reason == REASON_NO_CSRF_COOKIE}
    return render(request, "403_csrf.html", context, status=403)


# Accounts


def revoke_tokens(user, reason):
    """Delete the account's API tokens; return how many there were."""
    from rest_framework.authtoken.models import Token

    deleted, _by_model = Token.objects.filter(user=user).delete()
    if deleted:
        log_event("tokens_revoked", account=user.get_username(), reason=reason, tokens=deleted)
    return deleted


def end_access(user):
    """End every session and delete every API token of `user`: (sessions, tokens)."""
    from rest_framework.authtoken.models import Token

    from gexin.core.sessions import end_sessions

    sessions = end_sessions(user)
    tokens, _by_model = Token.objects.filter(user=user).delete()
    return sessions, tokens


def note_deactivation(sender, instance, update_fields=None, **kwargs):
    """pre_save of User: remember whether this save disables an active account."""
    instance._gexin_disabling = bool(
        instance.pk
        and not instance.is_active
        and (update_fields is None or "is_active" in update_fields)
        and sender._base_manager.filter(pk=instance.pk, is_active=True).exists()
    )


def end_access_of_disabled(sender, instance, created=False, **kwargs):
    """post_save of User: a disabled account is signed out everywhere at once."""
    if not getattr(instance, "_gexin_disabling", False):
        return
    instance._gexin_disabling = False
    sessions, tokens = end_access(instance)
    log_event(
        "account_disabled",
        account=instance.get_username(),
        reason="account disabled",
        sessions=sessions,
        tokens=tokens,
    )


# Sign-in


def on_login_failed(sender, credentials, request=None, **kwargs):
    locked = bool(getattr(request, "axes_locked_out", False))
    log_event(
        "sign_in_failed",
        request,
        username=(credentials or {}).get("username") or "",
        reason="locked out" if locked else "wrong user name or password",
        level=logging.WARNING,
    )


def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    log_event(
        "locked_out",
        request,
        username=username or "",
        reason=f"{settings.AXES_FAILURE_LIMIT} failed sign-ins",
        level=logging.WARNING,
    )


def on_logged_in(sender, request, user, **kwargs):
    from gexin.core.sessions import mark_signed_in

    if getattr(request, "session", None) is not None:
        mark_signed_in(request)
    log_event("signed_in", request, username=user.get_username())


def on_logged_out(sender, request, user=None, **kwargs):
    log_event("signed_out", request, username=user.get_username() if user is not None else "")


def connect():
    """Connect the receivers (CoreConfig.ready)."""
    from axes.signals import user_locked_out
    from django.contrib.auth import get_user_model
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
    from django.db.models.signals import post_save, pre_save

    user_model = get_user_model()
    pre_save.connect(note_deactivation, sender=user_model, dispatch_uid="gexin.security.pre")
    post_save.connect(end_access_of_disabled, sender=user_model, dispatch_uid="gexin.security")
    user_login_failed.connect(on_login_failed, dispatch_uid="gexin.security")
    user_locked_out.connect(on_locked_out, dispatch_uid="gexin.security")
    user_logged_in.connect(on_logged_in, dispatch_uid="gexin.security")
    user_logged_out.connect(on_logged_out, dispatch_uid="gexin.security")
