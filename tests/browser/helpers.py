"""What every browser test does to a page: visit it, submit a form, log in, tab around.

Every page a browser test reaches goes through `visit()` (a navigation) or
`submit_and_check()` (a click or key press that navigates: a form submission,
a link). Both check the response status, the page skeleton (one <h1>, a
title, the skip link to #main, main#main, a language) and run axe-core; any
accessibility violation, console error, uncaught script error or
Content-Security-Policy violation fails the test.
"""

import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import ConsoleMessage, Locator, Page, Response

from tests.conftest import PASSWORD

MOBILE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = [pytest.param(MOBILE, id="375px"), pytest.param(DESKTOP, id="1280px")]

AXE = Axe()

# Records CSP violations from the first script of every document. Playwright
# injects init scripts through the DevTools protocol, so the page's own CSP
# does not block this one.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
    + ` (${event.sourceFile || document.location.href}:${event.lineNumber})`
  );
});
"""


# --- What a page reports by itself: console errors, script errors, CSP ------------------------


@dataclass
class PageProblems:
    """Console errors and uncaught exceptions of one page, since the last check."""

    base_url: str
    errors: list[str] = field(default_factory=list)
    # (url, status) of documents expected to fail (403, 404): Chromium logs them
    # as "Failed to load resource" console errors.
    expected_failures: set[tuple[str, int]] = field(default_factory=set)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        for failed_url, status in self.expected_failures:
            if url == failed_url and f"status of {status}" in message.text:
                return
        self.errors.append(f"console error: {message.text} ({url})")

    def on_page_error(self, error: Exception) -> None:
        self.errors.append(f"uncaught script error: {error}")

    def take(self) -> list[str]:
        errors, self.errors = self.errors, []
        return errors


_PROBLEMS: dict[int, PageProblems] = {}


def watch(page: Page, base_url: str) -> PageProblems:
    """Start collecting the page's console errors, script errors and CSP violations."""
    problems = PageProblems(base_url=base_url)
    _PROBLEMS[id(page)] = problems
    page.on("console", problems.on_console)
    page.on("pageerror", problems.on_page_error)
    return problems


def unwatch(page: Page) -> None:
    _PROBLEMS.pop(id(page), None)


def problems_of(page: Page) -> PageProblems:
    return _PROBLEMS[id(page)]


def assert_no_page_errors(page: Page) -> None:
    errors = problems_of(page).take()
    errors += [f"CSP violation: {v}" for v in page.evaluate("window.__cspViolations || []")]
    if errors:
        pytest.fail(
            f"{page.url} reported problems:\n" + "\n".join(f"  - {e}" for e in errors),
            pytrace=False,
        )


# --- axe-core -----------------------------------------------------------------------------------


def format_violations(page: Page, violations: list[dict]) -> str:
    size = page.viewport_size or {}
    lines = [
        f"axe-core found {len(violations)} accessibility violation(s) on {page.url} "
        f"(viewport {size.get('width')}×{size.get('height')}):"
    ]
    for violation in violations:
        lines.append(
            f"- {violation['id']} [{violation.get('impact')}] {violation['help']}"
            f" — {violation.get('helpUrl', '')}"
        )
        for node in violation["nodes"]:
            target = ", ".join(
                " ".join(part) if isinstance(part, list) else part for part in node["target"]
            )
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    · {target}: {summary[:400]}")
    return "\n".join(lines)


def check_accessibility(page: Page) -> None:
    """Run axe-core (all rules enabled by default) on the page as it is now;
    fail on any violation at all."""
    violations = AXE.run(page).response["violations"]
    if violations:
        pytest.fail(format_violations(page, violations), pytrace=False)


# --- Page checks ----------------------------------------------------------------------------------


SKELETON = """() => ({
  h1: document.querySelectorAll("h1").length,
  title: document.title.trim(),
  lang: document.documentElement.getAttribute("lang") || "",
  firstLink: document.querySelector("body a")?.getAttribute("href") ?? null,
  main: document.querySelectorAll("main#main").length,
})"""


def check_page(page: Page) -> None:
    """The skeleton every page shares, then axe-core, then the page's own errors."""
    url = page.url
    skeleton = page.evaluate(SKELETON)
    assert skeleton["h1"] == 1, f"{url}: {skeleton['h1']} <h1>, expected exactly one"
    assert skeleton["title"], f"{url}: empty <title>"
    assert not skeleton["title"].startswith("·"), (
        f"{url}: <title> lacks the page's own part: {skeleton['title']!r}"
    )
    assert skeleton["lang"], f"{url}: <html> has no lang"
    assert skeleton["firstLink"] == "#main", (
        f"{url}: the first link of the page must be the skip link to #main"
    )
    assert skeleton["main"] == 1, f"{url}: expected one main#main"
    check_accessibility(page)
    assert_no_page_errors(page)


def _check_status(page: Page, response: Response | None, status: int | None) -> Response:
    assert response is not None, f"no response for {page.url}"
    if status is None:
        assert response.status < 400, f"{response.url} answered {response.status}"
    else:
        assert response.status == status, (
            f"{response.url} answered {response.status}, expected {status}"
        )
    return response


def visit(page: Page, url: str, *, status: int | None = None) -> Response:
    """Open `url` (a path on the live server), wait for it to load, check it.

    The status must be < 400, or exactly `status` when given.
    """
    if status is not None and status >= 400:
        problems = problems_of(page)
        problems.expected_failures.add((problems.base_url + url, status))
    response = page.goto(url, wait_until="load")
    _check_status(page, response, status)
    check_page(page)
    return response


def submit_and_check(
    page: Page, action: Locator | Callable[[], object], *, status: int | None = None
) -> Response:
    """Click `action` (a button or a link) — or call it, for key presses — wait
    for the navigation it causes (following redirects), and check the page reached."""
    with page.expect_navigation(wait_until="load") as navigation:
        if isinstance(action, Locator):
            action.click()
        else:
            action()
    response = _check_status(page, navigation.value, status)
    check_page(page)
    return response


def login(page: Page, user, *, password: str = PASSWORD) -> Response:
    """Log in through the login page, as a person would."""
    visit(page, "/connexion/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(password)
    response = submit_and_check(page, page.get_by_role("button", name="Se connecter"))
    assert "/connexion/" not in page.url, f"could not log in as {user.username}"
    return response


# --- Keyboard -------------------------------------------------------------------------------------


def tab_to(page: Page, selector: str, *, max_presses: int = 120) -> None:
    """Press Tab until the focused element matches `selector` (at most `max_presses`)."""
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
    pytest.fail(f"{selector} never got the focus in {max_presses} Tab presses", pytrace=False)


def assert_focus_visible(page: Page) -> None:
    """The focused element shows a focus indicator (an outline or a ring)."""
    style = page.evaluate(
        """() => {
          const s = getComputedStyle(document.activeElement);
          return {outline: s.outlineStyle, width: s.outlineWidth, shadow: s.boxShadow};
        }"""
    )
    outline = style["outline"] != "none" and style["width"] != "0px"
    assert outline or style["shadow"] != "none", f"no visible focus indicator: {style}"


# --- Downloads ------------------------------------------------------------------------------------


def download_pdf_text(page: Page, link: Locator, folder) -> str:
    """Click a link that downloads a PDF, check it is one, and return its text
    (pdftotext, layout kept)."""
    with page.expect_download() as download_info:
        link.click()
    path = folder / download_info.value.suggested_filename
    download_info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF"), f"{path.name} is not a PDF"
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
