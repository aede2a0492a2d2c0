"""Issue 6, in real Chromium with axe-core on every page: a funder (viewer) opens
the network dashboard, picks a period and downloads the PDF report."""

import datetime

from comptoir.journal.actions import record_activity
from comptoir.journal.cra import ActivityType, Theme
from comptoir.journal.models import Activity
from comptoir.venues.roles import Role
from tests.browser.helpers import (
    DESKTOP,
    MOBILE,
    download_pdf_text,
    login,
    submit_and_check,
    visit,
)
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    PersonFactory,
    UserFactory,
    VenueFactory,
)

D = datetime.date


def _activity(venue, day, person=None, **fields):
    record_activity(
        actor=None,
        venue=venue,
        activity=Activity(
            type=fields.pop("type", ActivityType.INDIVIDUAL),
            date=day,
            duration_minutes=60,
            person=person,
            **fields,
        ),
        themes=[Theme.EMAIL],
        participants=fields.get("participants", ()),
    )


def test_a_funder_downloads_the_network_report(open_context, tmp_path):
    network = NetworkFactory(name="Réseau des Pentes", slug="pentes")
    port = VenueFactory(network=network, name="Café du Port", slug="cafe-du-port")
    gare = VenueFactory(network=network, name="Tiers-lieu de la Gare", slug="gare")
    VenueFactory(network=NetworkFactory(name="Ailleurs", slug="ailleurs"), name="Autre lieu")
    funder = UserFactory(username="financeur")
    for venue in (port, gare):
        MembershipFactory(user=funder, venue=venue, role=Role.VIEWER)
    josiane = PersonFactory(venue=port, first_name="Josiane")
    # March 2026: two accompaniments of Josiane (one person), one anonymous at the Gare,
    # and a workshop of 6 at the Port. February and April must not be counted.
    _activity(port, D(2026, 3, 2), josiane)
    _activity(port, D(2026, 3, 20), josiane)
    _activity(gare, D(2026, 3, 31))
    _activity(port, D(2026, 3, 12), type=ActivityType.COLLECTIVE, head_count=6)
    _activity(port, D(2026, 2, 28), josiane)
    _activity(gare, D(2026, 4, 1))

    _context, page, problems = open_context(DESKTOP)
    login(page, funder)
    visit(page, "/rapports/")
    submit_and_check(page, page.get_by_role("link", name="Tout le réseau (Réseau des Pentes)"))
    page.get_by_label("Du", exact=True).fill("2026-03-01")
    page.get_by_label("Au (inclus)", exact=True).fill("2026-03-31")
    submit_and_check(page, page.get_by_role("button", name="Afficher le rapport"))

    # The filters are in the URL: the view can be bookmarked and shared.
    assert "lieu=cafe-du-port&lieu=gare" in page.url and "du=2026-03-01" in page.url
    figures = {
        item.locator(".key-label").inner_text(): item.locator(".key-value").inner_text()
        for item in page.locator(".key-figure").all()
    }
    assert figures["Accompagnements"] == "9"
    assert figures["Personnes accompagnées"] == "8"
    # Aggregated figures only: no one's name on a funder's page.
    assert "Josiane" not in page.content()

    text = download_pdf_text(page, page.get_by_role("link", name="Le rapport en PDF"), tmp_path)
    text = " ".join(text.split())
    assert "Café du Port" in text and "Tiers-lieu de la Gare" in text
    assert "Autre lieu" not in text
    assert "mars 2026" in text
    assert "Josiane" not in text
    # 2 + 1 individual accompaniments and 6 workshop participants; 1 known person + 1
    # anonymous + 6 unnamed participants reached.
    assert "Accompagnements 9" in text
    assert "Personnes accompagnées 8" in text
    assert not problems.take()

    # The same dashboard on a phone.
    _phone, phone, phone_problems = open_context(MOBILE)
    login(phone, funder)
    visit(phone, page.url.replace(page.url.split("/rapports/")[0], ""))
    assert not phone_problems.take()
