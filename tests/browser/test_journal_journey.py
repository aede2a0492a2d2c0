"""A mediator on a phone records an anonymous accompaniment, finds it in the
journal and exports the journal for the national activity report (CRA).

Every page reached is checked by axe-core (see helpers.visit / submit_and_check).
"""

import csv
from pathlib import Path

import pytest
from django.utils import timezone

from comptoir.journal.models import Activity
from comptoir.venues.roles import Role
from tests.browser.helpers import (
    MOBILE,
    assert_focus_visible,
    login,
    submit_and_check,
    tab_to,
    visit,
)
from tests.factories import MembershipFactory, UserFactory, VenueFactory

pytestmark = pytest.mark.parametrize("viewport", [MOBILE], ids=["375px"])


@pytest.fixture
def team(db):
    venue = VenueFactory(name="Tiers-lieu des Canuts", slug="canuts")
    user = UserFactory(username="dominique", first_name="Dominique", last_name="Roux")
    MembershipFactory(user=user, venue=venue, role=Role.MEDIATOR)
    return venue, user


def open_venue_home(page, venue) -> None:
    """From the dashboard, open the venue like a person would: by its name."""
    submit_and_check(page, page.get_by_role("link", name=venue.name))
    assert page.get_by_role("heading", level=1).inner_text() == venue.name


def test_record_an_anonymous_accompaniment_and_export_it(page, team, viewport):
    venue, mediator = team
    login(page, mediator)
    open_venue_home(page, venue)

    menu = page.get_by_role("navigation", name="Menu du lieu")
    submit_and_check(page, menu.get_by_role("link", name="Noter un accompagnement"))
    assert page.get_by_role("heading", level=1).inner_text() == "Noter un accompagnement"

    # The usual case needs no click: individual, today, at the venue.
    assert page.get_by_label("Accompagnement individuel").is_checked()
    page.get_by_role("group", name="Durée").get_by_text("45 min", exact=True).click()
    themes = page.get_by_role("group", name="Thématiques")
    themes.get_by_text("E-mail", exact=True).click()
    procedure = page.get_by_role("group", name="Démarche administrative : domaine")
    assert not procedure.is_visible(), "sub-themes show only for administrative procedures"
    themes.get_by_text("Aide aux démarches administratives", exact=True).click()
    assert procedure.is_visible()
    procedure.get_by_text("Logement", exact=True).click()
    page.get_by_label("Tranche d’âge").select_option(label="60 - 69 ans")
    submit_and_check(page, page.get_by_role("button", name="Enregistrer", exact=True))

    # Back on the journal, with the new row.
    assert page.url.endswith(f"/equipe/{venue.slug}/journal/")
    assert page.get_by_role("status").get_by_text("Accompagnement enregistré").is_visible()
    today = timezone.localdate().strftime("%d/%m/%Y")
    row = page.get_by_role("row").filter(has_text=today)
    assert row.count() == 1
    assert row.get_by_role("cell", name="45 min").count() == 1
    assert row.get_by_text("E-mail", exact=True).count() == 1
    assert row.get_by_text("Anonyme").count() == 1

    activity = Activity.objects.get()
    assert activity.person is None
    assert activity.mediator == mediator
    assert activity.duration_minutes == 45

    # The export for the CRA: one row, French labels, whatever the interface language.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exporter en CSV (format CRA)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    with Path(download.path()).open(encoding="utf-8-sig", newline="") as f:
        header, *rows = list(csv.reader(f))
    assert "Thématique(s) d’accompagnement" in header
    assert "ID CRA" in header
    assert len(rows) == 1
    data = dict(zip(header, rows[0], strict=True))
    assert data["Durée (min)"] == "45"
    assert "Aide aux démarches administratives" in data["Thématique(s) d’accompagnement"]
    assert "E-mail" in data["Thématique(s) d’accompagnement"]
    assert data["Tranche d’âge du bénéficiaire"] == "60 - 69 ans"
    assert data["Bénéficiaire"] == "Anonyme"
    assert data["ID CRA"] == str(activity.pk)


def test_record_an_accompaniment_with_the_keyboard_only(page, team, viewport):
    venue, mediator = team
    login(page, mediator)
    visit(page, f"/equipe/{venue.slug}/")

    # From the venue menu to the form.
    tab_to(page, ".venue-nav a[href$='/journal/noter/']")
    assert_focus_visible(page)
    submit_and_check(page, lambda: page.keyboard.press("Enter"))
    assert page.get_by_role("heading", level=1).inner_text() == "Noter un accompagnement"

    # Duration: the radio group is one Tab stop; the arrow moves to the next chip.
    tab_to(page, "input[name=duration_choice]")
    assert page.evaluate("document.activeElement.value") == "30"
    page.keyboard.press("ArrowRight")
    assert page.get_by_label("45 min").is_checked()

    # A theme, with Space.
    tab_to(page, "input[name=themes][value=email]")
    assert_focus_visible(page)
    page.keyboard.press("Space")
    assert page.get_by_label("E-mail", exact=True).is_checked()

    # Submit with Enter on the main button.
    tab_to(page, ".journal-form button[type=submit]:not([name])")
    assert_focus_visible(page)
    submit_and_check(page, lambda: page.keyboard.press("Enter"))

    assert page.url.endswith(f"/equipe/{venue.slug}/journal/")
    today = timezone.localdate().strftime("%d/%m/%Y")
    row = page.get_by_role("row").filter(has_text=today)
    assert row.count() == 1
    assert row.get_by_role("cell", name="45 min").count() == 1
    assert row.get_by_text("E-mail", exact=True).count() == 1


def test_a_submission_without_theme_keeps_what_was_typed(page, team, viewport):
    venue, mediator = team
    login(page, mediator)
    visit(page, f"/equipe/{venue.slug}/journal/noter/")

    page.get_by_role("group", name="Durée").get_by_text("45 min", exact=True).click()
    page.get_by_label("Notes").fill("Venue pour son nouveau téléphone.")
    submit_and_check(page, page.get_by_role("button", name="Enregistrer", exact=True))

    # The same form again (no redirect), with the error summary announced.
    assert page.url.endswith(f"/equipe/{venue.slug}/journal/noter/")
    summary = page.get_by_role("alert")
    assert summary.count() == 1
    assert summary.get_by_role("link", name="Thématiques").count() == 1
    assert page.get_by_label("45 min").is_checked()
    assert page.get_by_label("Notes").input_value() == "Venue pour son nouveau téléphone."
    # The error is tied to the themes' group, so it is read out with it.
    themes = page.get_by_role("group", name="Thématiques")
    error_id = themes.get_attribute("aria-describedby").split()[-1]
    assert "obligatoire" in page.locator(f"#{error_id}").inner_text()

    # The summary's link leads to the themes.
    summary.get_by_role("link", name="Thématiques").click()
    assert page.url.endswith("#field-themes")
    assert not Activity.objects.exists()
