"""In Chromium, on a phone (375 px) and a desktop: the visitors' privacy pages, and a
coordinator who downloads a person's data then erases it. axe-core on every page."""

import json

import pytest

from tests.browser.helpers import VIEWPORTS, login, submit_and_check, visit
from tests.factories import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_visitor_reads_what_is_kept_and_how_to_ask(page, venue):
    venue.email = "bonjour@cafe-du-port.example.org"
    venue.phone = "+33478000000"
    venue.save()
    visit(page, "/")
    submit_and_check(page, page.get_by_role("link", name="Vos données personnelles").last)
    assert page.locator("h1").inner_text() == "Vos données personnelles"
    submit_and_check(page, page.get_by_role("link", name="Café du Port"))
    assert "pendant 24 mois" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="bonjour@cafe-du-port.example.org").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], "the page scrolls sideways"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_coordinator_downloads_then_erases_a_persons_data(page, venue, coordinator, tmp_path):
    person = PersonFactory(venue=venue, first_name="Josiane", phone="+33612345678")
    login(page, coordinator)
    visit(page, f"/equipe/{venue.slug}/personnes/{person.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger ses données (JSON)").click()
    path = tmp_path / "export.json"
    download.value.save_as(path)
    assert json.loads(path.read_text("utf-8"))["Fiche"]["prénom ou surnom"] == "Josiane"

    submit_and_check(page, page.get_by_role("link", name="Effacer ses données"))
    assert "Ce qui sera gardé, sans son nom" in page.locator("main").inner_text()
    submit_and_check(page, page.get_by_role("button", name="Effacer ses données"))
    assert page.locator("h1").inner_text() == "Personne anonymisée"
    assert "Josiane" not in page.locator("main").inner_text()
    person.refresh_from_db()
    assert person.anonymised_at is not None
