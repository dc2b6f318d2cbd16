"""A real Chromium, driven by Playwright, for the browser tests.

The system's Chromium (/usr/bin/chromium, or GEXIN_CHROMIUM) is used; Playwright's
own browser download is not. When the browser cannot start the tests are skipped,
except under CI=true, where that is a failure.
"""

import os
import shutil

import pytest

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path():
    return os.environ.get("GEXIN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def unavailable(reason):
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"browser tests cannot run under CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not os.path.exists(path):
        unavailable(f"no Chromium at {path} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        except Exception as exc:  # the launch error says why
            unavailable(f"Chromium did not start: {exc}")
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    """A phone-sized page (390×844) pointed at the live server."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()
