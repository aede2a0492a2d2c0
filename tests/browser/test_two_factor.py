"""A coordinator of a venue that requires a second factor sets up an authenticator
app with the keyboard only, then logs in again with a code; axe-core on every page."""

import pytest
from django.core.cache import cache

from tests.accounts.conftest import code_for, key_from_secret
from tests.browser.helpers import (
    VIEWPORTS,
    assert_focus_visible,
    submit_and_check,
    tab_to,
    visit,
)
from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def clean_lockout_counts():
    cache.clear()  # log-in failures count per address, in this process's cache
    yield
    cache.clear()


def log_in_with_the_keyboard(page, user) -> None:
    visit(page, "/connexion/")
    tab_to(page, "#id_username")
    page.keyboard.type(user.username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    submit_and_check(page, lambda: page.keyboard.press("Enter"))


def type_code(page, code: str, *, status: int | None = None) -> None:
    tab_to(page, "#id_code")
    assert_focus_visible(page)
    page.keyboard.press("Control+A")
    page.keyboard.type(code)
    submit_and_check(page, lambda: page.keyboard.press("Enter"), status=status)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_coordinator_sets_up_the_app_and_logs_in_with_a_code(page, venue, coordinator, viewport):
    venue.require_two_factor = True
    venue.save()

    # After the password: the set-up, before any staff page.
    log_in_with_the_keyboard(page, coordinator)
    assert "/compte/securite/application/" in page.url
    assert page.get_by_text("obligatoire pour les coordinateurs de Café du Port").is_visible()
    qr_code = page.get_by_role(
        "img", name="QR code à scanner avec l’application d’authentification"
    )
    assert qr_code.is_visible()
    assert qr_code.get_attribute("src").startswith("data:image/svg+xml")
    secret = page.locator(".secret code").inner_text()
    assert len(secret.split()) == 8
    key = key_from_secret(secret)

    wrong = "000000" if code_for(key) != "000000" else "111111"
    type_code(page, wrong)
    assert page.get_by_role("alert").get_by_text("Ce code ne correspond pas").is_visible()
    type_code(page, code_for(key))

    # The recovery codes, shown once.
    assert "/compte/securite/codes-de-secours/" in page.url
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 8
    tab_to(page, "a.button")
    submit_and_check(page, lambda: page.keyboard.press("Enter"))
    assert page.url.endswith("/equipe/")
    visit(page, f"/equipe/{venue.slug}/")
    visit(page, "/compte/securite/")
    assert page.get_by_text("Activée.").is_visible()

    # Log out and in again: the password, then the code.
    tab_to(page, ".account-nav button")
    submit_and_check(page, lambda: page.keyboard.press("Enter"))
    log_in_with_the_keyboard(page, coordinator)
    assert page.url.endswith("/connexion/code/")
    assert page.evaluate("document.activeElement.id") == "id_code"  # ready to type
    type_code(page, "12345a")
    assert page.get_by_role("alert").get_by_text("Ce code ne convient pas").is_visible()
    type_code(page, code_for(key, steps_ahead=1))
    assert page.url.endswith("/equipe/")
    visit(page, f"/equipe/{venue.slug}/")
