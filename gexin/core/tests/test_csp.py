"""The Content Security Policy: on every response, and no page needs more than it allows.

Every route of the route walk is opened as the ministry's administrator, the API routes
as a browser asks for them (the browsable API); each answer carries the policy, and no
HTML page holds an inline script, an event-handler attribute, a style attribute or a
<style> without the request's nonce. The templates are scanned for the same, so a new
one fails here before it reaches a browser (gexin/browser_tests/test_csp.py).
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.db import transaction

from gexin.core import csp
from gexin.core.tests.test_route_coverage import TOP, Walk, callbacks, routes, url_for

pytestmark = pytest.mark.django_db

PACKAGE = Path(__file__).resolve().parents[2]
STRICT_START = "default-src 'self'; script-src 'self'; style-src 'self'"


class InlineCode(HTMLParser):
    """Collects what a page holds that the policy would refuse."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.nonces = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        position = f"line {self.getpos()[0]}"
        if tag == "script" and not attrs.get("src") and attrs.get("type") != "application/json":
            self.problems.append(f"{position}: inline <script>")
        if tag == "style":
            if attrs.get("nonce"):
                self.nonces.add(attrs["nonce"])
            else:
                self.problems.append(f"{position}: <style> without the nonce")
        for name, value in attrs.items():
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.problems.append(f"{position}: <{tag} {name}=…>")
            elif name == "style":
                self.problems.append(f"{position}: <{tag} style=…>")
            elif name in ("href", "src", "action", "formaction") and value.startswith(
                "javascript:"
            ):
                self.problems.append(f"{position}: <{tag} {name}=javascript:…>")
            elif name == "hx-vals" and value.startswith(("js:", "javascript:")):
                self.problems.append(f"{position}: <{tag} hx-vals=js:…> needs eval")


def inline_code(html):
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser


def test_a_page_gets_the_strict_policy(client):
    response = client.get("/accounts/login/")
    assert response["Content-Security-Policy"] == csp.PAGE_HEADER
    assert "unsafe" not in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_what_is_not_a_page_may_load_nothing(client_for):
    admin = client_for("admin")
    for url in ("/healthz", "/api/v1/units/", "/static/gexin/gexin.js"):
        response = admin.get(url)
        assert response.status_code == 200, url
        assert response["Content-Security-Policy"] == csp.OTHER_HEADER, url
    assert csp.OTHER_HEADER.startswith("default-src 'none'")


def test_a_nonce_is_added_only_for_the_page_that_uses_it(client_for):
    admin = client_for("admin")
    # The browsable API's code highlighting is a <style> element with the nonce.
    browsable = admin.get("/api/v1/", HTTP_ACCEPT="text/html")
    page = inline_code(browsable.content.decode())
    (nonce,) = page.nonces
    header = browsable["Content-Security-Policy"]
    assert f"style-src 'self' 'nonce-{nonce}';" in header
    assert "script-src 'self';" in header  # the nonce opens styles only
    again = inline_code(admin.get("/api/v1/", HTTP_ACCEPT="text/html").content.decode())
    assert again.nonces and again.nonces != page.nonces  # a new one for every request
    assert "nonce-" not in admin.get("/")["Content-Security-Policy"]


def test_the_api_reference_gets_what_its_library_needs_and_no_more(client_for):
    header = client_for("admin").get("/api/redoc/")["Content-Security-Policy"]
    additions = csp.ROUTE_ADDITIONS["api_redoc"]
    assert f"style-src 'self' {' '.join(additions['style-src'])};" in header
    assert "worker-src 'self' blob:" in header
    assert "script-src 'self';" in header and "unsafe" not in header


def test_a_view_that_sets_its_own_policy_keeps_it(rf):
    from django.http import HttpResponse

    def view(request):
        response = HttpResponse("<p>framed</p>")
        response["Content-Security-Policy"] = "frame-ancestors 'self'"
        return response

    response = csp.ContentSecurityPolicyMiddleware(view)(rf.get("/"))
    assert response["Content-Security-Policy"] == "frame-ancestors 'self'"


def test_the_inline_code_check_finds_what_the_policy_refuses():
    found = inline_code(
        '<script>alert(1)</script><script type="application/json">{}</script>'
        '<script src="/static/x.js"></script><button onclick="go()">'
        '<div style="color: red"><a href="javascript:go()"><style>p {}</style>'
        "<input hx-vals='js:{\"q\": 1}'>"
    )
    assert len(found.problems) == 6, found.problems


# The API's routes answer through one renderer: the browsable API is checked on its root,
# a list (filters and ordering) and an object (its forms, nested fields included).
# The API reference pages are included; the schema itself (JSON, and costly) is not.
API_SAMPLE = {"api-root", "plan-list", "plan-detail", "meeting-detail", "api_docs", "api_redoc"}


def check_response(name, url, response, problems):
    """Whether the response is a page that was checked; its problems go to `problems`."""
    header = response.get("Content-Security-Policy")
    if not header:
        problems.append(f"{name} {url}: no Content-Security-Policy")
        return False
    if not csp.is_document(response):
        if header != csp.OTHER_HEADER:
            problems.append(f"{name} {url}: {header}")
        return False
    if not header.startswith(STRICT_START) or "unsafe-" in header:
        problems.append(f"{name} {url}: a page with the policy {header}")
    if response.status_code != 200 or getattr(response, "streaming", False):
        return False
    page = inline_code(response.content.decode())
    problems.extend(f"{name} {url} {problem}" for problem in page.problems)
    for nonce in page.nonces:
        if f"'nonce-{nonce}'" not in header:
            problems.append(f"{name} {url}: nonce {nonce} is not in the policy")
    return True


# Delete and history pages are drawn by two shared templates: one of each stands for all.
SHARED_TEMPLATE_ROUTES = {"delete": "org:unit_delete", "history": "org:unit_history"}


def walk_routes():
    """The route walk's routes to open: the UI's, less the shared pages, and API_SAMPLE."""
    api_views = {name for name, callback in callbacks().items() if getattr(callback, "cls", None)}
    for name, args in routes():
        short = name.split(":")[-1]
        if "format" in args or (name in api_views and short not in API_SAMPLE):
            continue
        kind = short.rsplit("_", 1)[-1]
        if kind in SHARED_TEMPLATE_ROUTES and name != SHARED_TEMPLATE_ROUTES[kind]:
            continue
        yield name, args


def test_every_page_of_the_route_walk_has_the_policy_and_no_inline_code(world):
    walk = Walk(world)
    client = walk.clients[TOP]
    problems = []
    pages = 0
    pending = list(walk_routes())
    # Routes share their example objects while they can: when a route's examples cannot
    # be made beside the ones already there (a unique code taken), what was made is
    # rolled back and that route starts the next group on the bare world.
    while pending:
        fresh = True
        with transaction.atomic():
            try:
                while pending:
                    name, args = pending[0]
                    try:
                        with transaction.atomic():
                            url = url_for(name, args, world)
                    except Exception:
                        if fresh:
                            raise
                        break
                    fresh = False
                    response = client.get(url, HTTP_ACCEPT="text/html")
                    pages += check_response(name, url, response, problems)
                    pending.pop(0)
            finally:
                transaction.set_rollback(True)
        walk.restore()
    assert not problems, "\n".join(problems)
    # The walk reached the pages (and the browsable API), not only redirects.
    assert pages > 250


# What a template may not hold: the policy would refuse it in the browser.
TEMPLATE_RULES = {
    "an inline <script>": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "an on*= event attribute": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "a style= attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=\s*[\"']", re.IGNORECASE),
    "a <style> without the nonce": re.compile(
        r"<style\b(?![^>]*nonce=\"\{\{ request\.csp_style_nonce \}\}\")", re.IGNORECASE
    ),
    "a javascript: URL": re.compile(r"=\s*[\"']\s*javascript:", re.IGNORECASE),
    "hx-vals evaluated as code": re.compile(r"hx-vals\s*=\s*[\"']\s*js:", re.IGNORECASE),
}


def templates():
    folders = [PACKAGE / "templates", *PACKAGE.glob("*/templates")]
    return sorted(path for folder in folders for path in folder.rglob("*.html"))


def test_no_template_holds_inline_code():
    found = []
    for path in templates():
        text = path.read_text(encoding="utf-8")
        # Comments ({# #} and {% comment %}) may name what the policy refuses.
        text = re.sub(r"\{#.*?#\}", "", text, flags=re.DOTALL)
        text = re.sub(r"\{% comment %\}.*?\{% endcomment %\}", "", text, flags=re.DOTALL)
        for rule, pattern in TEMPLATE_RULES.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(PACKAGE)}:{line}: {rule}")
    assert len(templates()) > 200
    assert not found, "\n".join(found)


def test_static_scripts_write_no_inline_styles_or_markup_with_them():
    """Scripts style elements through the CSSOM (element.style.x), which the policy allows;
    an inline style written as an attribute or as markup is refused."""
    scripts = sorted((PACKAGE / "static" / "gexin").rglob("*.js"))
    scripts = [path for path in scripts if "vendor" not in path.parts]
    assert scripts
    refused = re.compile(
        r"setAttribute\(\s*[\"']style|innerHTML|outerHTML|insertAdjacentHTML|document\.write|"
        r"\beval\(|new Function\("
    )
    found = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in scripts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if refused.search(line)
    ]
    assert not found, "\n".join(found)
