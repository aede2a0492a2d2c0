"""Every main page, on a phone (375 px) and a desktop (1280 px), as the role that uses it.

`visit()` checks each page: status, skeleton (one <h1>, title, skip link,
main#main), axe-core with no violation, no console error and no CSP violation.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from comptoir.journal.cra import Theme
from comptoir.venues.actions import invite_staff
from comptoir.venues.models import Closure, Invitation, OpeningPeriod, Venue, Weekday
from comptoir.venues.opendata import Service
from comptoir.venues.roles import Role
from tests.browser.helpers import VIEWPORTS, check_page, login, submit_and_check, visit
from tests.factories import ActivityFactory, MembershipFactory, PersonFactory, UserFactory


@dataclass
class Site:
    """A venue with its team, people, journal, hours and a pending invitation."""

    venue: Venue
    users: dict
    people: list
    activity: object
    collective: object
    invitation: Invitation

    @property
    def staff(self) -> str:
        return f"/equipe/{self.venue.slug}"


@pytest.fixture
def site(venue, coordinator, mediator) -> Site:
    Venue.objects.filter(pk=venue.pk).update(
        summary="Café associatif : aide au numérique sans rendez-vous.",
        phone="+33478000000",
        email="bonjour@cafe-du-port.example.org",
        website="https://cafe-du-port.example.org/",
        services=[Service.ADMIN_PROCEDURES.value, Service.EVERYDAY_TOOLS.value],
        accessibility="Accès de plain-pied, boucle magnétique à l’accueil.",
        description="Un café, une imprimante, du temps pour vous.",
    )
    venue.refresh_from_db()
    OpeningPeriod.objects.bulk_create(
        [
            OpeningPeriod(
                venue=venue,
                weekday=Weekday.MONDAY,
                opens=datetime.time(9),
                closes=datetime.time(12),
            ),
            OpeningPeriod(
                venue=venue,
                weekday=Weekday.MONDAY,
                opens=datetime.time(14),
                closes=datetime.time(18),
            ),
            OpeningPeriod(
                venue=venue,
                weekday=Weekday.WEDNESDAY,
                opens=datetime.time(10),
                closes=datetime.time(17),
            ),
        ]
    )
    today = timezone.localdate()
    Closure.objects.create(
        venue=venue,
        start_date=today + datetime.timedelta(days=10),
        end_date=today + datetime.timedelta(days=12),
        reason="Inventaire",
    )
    volunteer = UserFactory(username="volunteer-cafe-du-port", first_name="Sacha")
    MembershipFactory(user=volunteer, venue=venue, role=Role.VOLUNTEER)
    people = [
        PersonFactory(venue=venue, first_name="Josiane", reachable=True, commune="Villeurbanne"),
        PersonFactory(venue=venue, first_name="Karim"),
        PersonFactory(venue=venue, first_name="Lou"),
    ]
    ActivityFactory(venue=venue, mediator=mediator, duration_minutes=45)
    activity = ActivityFactory(
        venue=venue,
        mediator=mediator,
        person=people[0],
        themes=[Theme.EMAIL, Theme.ADMIN_PROCEDURES],
        notes="A retrouvé son mot de passe.",
    )
    collective = ActivityFactory(venue=venue, mediator=coordinator, collective=True)
    invitation = invite_staff(
        actor=coordinator, venue=venue, email="nouvelle@example.org", role=Role.MEDIATOR
    )
    return Site(
        venue=venue,
        users={"coordinator": coordinator, "mediator": mediator, "volunteer": volunteer},
        people=people,
        activity=activity,
        collective=collective,
        invitation=invitation,
    )


def visit_each(page, subtests, pages: dict[str, str | tuple[str, int]]) -> None:
    """Visit and check each page in turn; a failing page is reported as its own
    sub-test and does not hide the pages after it."""
    for name, target in pages.items():
        path, status = target if isinstance(target, tuple) else (target, None)
        with subtests.test(msg=name, path=path):
            visit(page, path, status=status)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_public_pages(page, subtests, site, viewport):
    visit_each(
        page,
        subtests,
        {
            "front page": "/",
            "public venue page": f"/lieux/{site.venue.slug}/",
            "login": "/connexion/",
            "invitation acceptance": site.invitation.get_absolute_url(),
            "not found": ("/lieux/nulle-part/", 404),
        },
    )
    assert page.get_by_role("heading", level=1).inner_text() == "Cette page n’existe pas"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_coordinator_pages(page, subtests, site, viewport):
    login(page, site.users["coordinator"])
    assert page.url.endswith("/equipe/")
    visit_each(
        page,
        subtests,
        {
            "venue home": f"{site.staff}/",
            "venue edit": f"{site.staff}/lieu/",
            "opening hours": f"{site.staff}/lieu/horaires/",
            "team": f"{site.staff}/membres/",
        },
    )


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_audit_history_after_an_edit(page, site, viewport):
    person = site.people[1]
    login(page, site.users["coordinator"])
    visit(page, f"{site.staff}/personnes/{person.pk}/modifier/")
    page.get_by_label("Commune", exact=False).first.fill("Vaulx-en-Velin")
    submit_and_check(page, page.get_by_role("button", name="Enregistrer", exact=True))
    assert page.url.endswith(f"/personnes/{person.pk}/")

    visit(page, f"{site.staff}/historique/")
    rows = page.get_by_role("table").get_by_role("row")
    edit = rows.filter(has_text=f"personne #{person.pk}").filter(has_text="Vaulx-en-Velin")
    assert edit.count() == 1
    assert edit.get_by_text("Modification").count() == 1
    assert rows.filter(has_text=person.first_name).count() == 0, "the trail never names a person"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_mediator_pages(page, subtests, site, viewport):
    login(page, site.users["mediator"])
    person, activity = site.people[0], site.activity
    visit_each(
        page,
        subtests,
        {
            "venue home": f"{site.staff}/",
            "people list": f"{site.staff}/personnes/",
            "person create": f"{site.staff}/personnes/nouvelle/",
            "person detail": f"{site.staff}/personnes/{person.pk}/",
            "person edit": f"{site.staff}/personnes/{person.pk}/modifier/",
            "journal list": f"{site.staff}/journal/",
            "journal detail": f"{site.staff}/journal/{activity.pk}/",
            "journal detail, collective": f"{site.staff}/journal/{site.collective.pk}/",
            "journal edit": f"{site.staff}/journal/{activity.pk}/modifier/",
            "journal create for a person": f"{site.staff}/journal/noter/?person={person.pk}",
            "not found": (f"{site.staff}/personnes/999999/", 404),
        },
    )


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_volunteer_is_refused_the_journal(page, subtests, site, viewport):
    login(page, site.users["volunteer"])
    visit_each(
        page,
        subtests,
        {
            "dashboard": "/equipe/",
            "venue home": f"{site.staff}/",
            "journal, forbidden": (f"{site.staff}/journal/", 403),
        },
    )
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Vous n’avez pas accès à cette page"
    )


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_people_live_search(page, site, viewport):
    """The search updates the results as one types (htmx), within the CSP."""
    login(page, site.users["mediator"])
    visit(page, f"{site.staff}/personnes/")
    with page.expect_response(lambda r: "/personnes/?q=" in r.url):
        page.get_by_role("searchbox").fill("jos")
    results = page.locator("#people-results")
    results.get_by_text("1 personne trouvée").wait_for()
    assert results.get_by_role("link", name="Josiane").is_visible()
    assert results.get_by_role("link", name="Karim").count() == 0
    check_page(page)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_language_switcher(page, site, viewport):
    visit(page, "/")
    assert page.locator("html").get_attribute("lang") == "fr"

    page.get_by_label("Langue").select_option("en")
    submit_and_check(page, page.locator(".language-form button[type=submit]"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url.endswith("/")

    page.locator("#language-select").select_option("fr")
    submit_and_check(page, page.locator(".language-form button[type=submit]"))
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_label("Langue").is_visible()
