"""Request middleware: the user's chosen language and the audit context."""

from django.utils import translation

from gexin.core import audit


class UserLanguageMiddleware:
    """Use the language a signed-in user chose; otherwise LocaleMiddleware's choice stands."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = (
            getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        )
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class AuditContextMiddleware:
    """Attribute every change made while handling a request to the signed-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-Id", "")[:32] or None
        with audit.audit_context(actor=getattr(request, "user", None), request_id=request_id):
            return self.get_response(request)
