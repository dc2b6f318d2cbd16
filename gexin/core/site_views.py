"""Site-wide pages: home, health check, language choice and sign-in."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gexin.core.choices import Language
from gexin.core.forms import LoginForm


@never_cache
def healthz(request):
    """200 with the database status when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure is reported, not raised
        return JsonResponse(
            {"status": "error", "database": "unavailable", "detail": exc.__class__.__name__},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok", "vendor": connection.vendor})


@login_required
def home(request):
    """The start page: the user's own unit and roles first, then where to go."""
    from gexin.core import home_sections

    return render(request, "core/home.html", {"sections": home_sections.for_request(request)})


@require_POST
def set_language(request):
    """Switch the interface language; remembered on the account and in a cookie."""
    code = request.POST.get("language", "")
    if code not in Language.values:
        code = ""
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    if request.user.is_authenticated:
        request.user.language = code
        request.user.save(update_fields=["language"])
    response = HttpResponseRedirect(translate_url(target, code) if code else target)
    from django.conf import settings

    if code:
        translation.activate(code)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 24 * 3600, samesite="Lax"
        )
    else:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
    return response


class LoginView(auth_views.LoginView):
    """Sign-in; repeated failures are throttled with the same answer for any user name."""

    authentication_form = LoginForm
    redirect_authenticated_user = True


def is_api(request):
    """API clients read errors as JSON, like the API's own answers."""
    return request.path.startswith("/api/v1/")


def error_404(request, exception):
    if is_api(request):
        detail = _("No such API address: check the path against the schema at /api/schema/.")
        return JsonResponse({"detail": str(detail)}, status=404)
    return render(request, "404.html", status=404)


def error_403(request, exception):
    # A refusal may say why (a published evaluation is locked…): the page shows it.
    reason = str(exception) if isinstance(exception, PermissionDenied) else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def error_500(request):
    if is_api(request):
        detail = _("Server error: it has been logged. Please try again in a moment.")
        return JsonResponse({"detail": str(detail)}, status=500)
    return render(request, "500.html", status=500)
