"""Browser tests: real Chromium driven by Playwright, axe-core on every page.

The helpers (visit, submit_and_check, login, check_accessibility…) live in
tests/browser/helpers.py; this file holds the marker, the browser and the pages.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.helpers import CSP_LISTENER, DESKTOP, check_accessibility, unwatch, watch

# Playwright's sync API runs an event loop in the test thread: Django would
# otherwise refuse the ORM calls the tests make (factories, assertions).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    """Argon2 costs ~0.3 s a hash; the browser tests create and log in many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for the whole session (Debian's, never a downloaded one)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def viewport() -> dict:
    """Overridden with `@pytest.mark.parametrize("viewport", VIEWPORTS)`."""
    return DESKTOP


@pytest.fixture
def page(browser: Browser, live_server, viewport: dict) -> Iterator[Page]:
    """A fresh browser context (cookies, storage) per test, French, on the live server."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        timezone_id="Europe/Paris",
        viewport=viewport,
        accept_downloads=True,
    )
    context.set_default_timeout(10_000)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    problems = watch(page, live_server.url)
    try:
        yield page
        remaining = problems.take()
        assert not remaining, "problems after the last check:\n" + "\n".join(remaining)
    finally:
        unwatch(page)
        context.close()


@pytest.fixture
def axe() -> Callable[[Page], None]:
    """`axe(page)` runs axe-core on the page and fails the test on any violation."""
    return check_accessibility


@pytest.fixture
def open_context(browser: Browser, live_server) -> Iterator[Callable]:
    """Open one browser context per person in a test (the visitor's phone, the staff
    tablet…): `context, page, problems = open_context(viewport)`. All are closed at
    the end, even when the test fails half-way (a context left open keeps live-server
    threads and their database connections alive)."""
    contexts = []

    def open_one(viewport: dict):
        context = browser.new_context(
            base_url=live_server.url,
            locale="fr-FR",
            timezone_id="Europe/Paris",
            viewport=viewport,
            accept_downloads=True,
        )
        contexts.append(context)
        context.set_default_timeout(10_000)
        context.add_init_script(CSP_LISTENER)
        page = context.new_page()
        return context, page, watch(page, live_server.url)

    yield open_one
    for context in contexts:
        context.close()
