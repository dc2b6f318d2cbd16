"""The Content Security Policy sent with every response.

Pages load scripts, styles, fonts and images from the site itself only: no inline
script, no inline style, no `eval`, no plugins, and no framing. A page that must carry
a `<style>` element (the browsable API's code highlighting) gives it the request's
nonce, `{{ request.csp_style_nonce }}`; the nonce is added to style-src of that response
only, and only when the page used it. No page runs inline script at all.

Anything that is not HTML (JSON, CSV, PDF, feeds, uploaded files, static assets) may
load nothing at all: should a browser ever render one as a document, it runs nothing.
"""

import secrets

from django.conf import settings

HEADER = "Content-Security-Policy"

PAGE_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    # The API reference's stylesheet draws its icons as data: images.
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

OTHER_POLICY = {
    "default-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
    "frame-ancestors": ["'none'"],
}


# What single pages need beyond PAGE_POLICY, by URL name.
ROUTE_ADDITIONS = {
    # ReDoc adds empty <style> elements (allowed by the hash of "") and fills them
    # through the CSSOM, which the policy does not restrict; one stylesheet, its
    # scrollbars', it writes as text: allowed by its hash. Its search runs in a worker
    # it builds from a blob: URL. A new ReDoc (drf-spectacular-sidecar) may need a new
    # hash: the browser test gexin/browser_tests/test_csp.py reports it.
    "api_redoc": {
        "style-src": [
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
            "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",
        ],
        "worker-src": ["'self'", "blob:"],
    },
}

DOCUMENT_TYPES = ("text/html", "application/xhtml+xml")


class Nonce:
    """A per-request nonce for <style> elements, drawn the first time a template prints it."""

    def __init__(self):
        self.value = None

    def __str__(self):
        if self.value is None:
            self.value = secrets.token_urlsafe(18)
        return self.value

    @property
    def used(self):
        return self.value is not None


def policy_text(directives, additions=None, style_nonce=None):
    """The header value of a policy, with a route's `additions` and `style_nonce` allowed
    for <style> elements."""
    directives = {name: list(sources) for name, sources in directives.items()}
    for name, sources in (additions or {}).items():
        directives.setdefault(name, []).extend(sources)
    if style_nonce:
        directives["style-src"].append(f"'nonce-{style_nonce}'")
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


PAGE_HEADER = policy_text(PAGE_POLICY)
OTHER_HEADER = policy_text(OTHER_POLICY)


def is_document(response):
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return content_type in DOCUMENT_TYPES


class ContentSecurityPolicyMiddleware:
    """Set the page policy on HTML responses and the load-nothing policy on the rest.

    A view that sets its own Content-Security-Policy header keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_style_nonce = Nonce()
        response = self.get_response(request)
        if HEADER in response:
            return response
        if settings.DEBUG and response.status_code in (404, 500):
            # Django's debug error pages style themselves inline.
            return response
        match = getattr(request, "resolver_match", None)
        additions = ROUTE_ADDITIONS.get(match.view_name) if match else None
        if not is_document(response):
            response[HEADER] = OTHER_HEADER
        elif additions or request.csp_style_nonce.used:
            nonce = request.csp_style_nonce if request.csp_style_nonce.used else None
            response[HEADER] = policy_text(PAGE_POLICY, additions, nonce)
        else:
            response[HEADER] = PAGE_HEADER
        return response
