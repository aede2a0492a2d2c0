"""Every workshops page (issue 4), on a phone (375 px) and a desktop (1280 px),
as the role that uses it; then the attendance sheet and the public registration
form driven by the keyboard alone.

`visit()` and `submit_and_check()` check each page: status, skeleton, axe-core
with no violation, no console error and no CSP violation.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from comptoir.journal.cra import Theme
from comptoir.venues.models import Venue
from comptoir.workshops import actions, closing, links
from comptoir.workshops.models import (
    Audience,
    Registration,
    RegistrationSource,
    RegistrationStatus,
    Session,
    Workshop,
)
from tests.browser.helpers import (
    VIEWPORTS,
    assert_focus_visible,
    check_page,
    login,
    submit_and_check,
    tab_to,
    visit,
)
from tests.browser.test_pages_accessibility import visit_each
from tests.factories import WorkshopFactory
from tests.workshops.public_helpers import in_days

R = RegistrationStatus
pytestmark = pytest.mark.parametrize("viewport", VIEWPORTS)


@dataclass
class World:
    """A venue's catalogue and sessions in every state a page can show."""

    venue: Venue
    users: dict
    workshop: Workshop
    full: Session  # two seats, both taken, one person waiting
    open: Session
    not_yet: Session
    cancelled: Session
    started: Session  # began half an hour ago: attendance, closing
    closed: Session
    confirmed: Registration
    waitlisted: Registration

    @property
    def staff(self) -> str:
        return f"/equipe/{self.venue.slug}/ateliers"

    @property
    def public(self) -> str:
        return f"/lieux/{self.venue.slug}/ateliers"


def _schedule(actor, workshop, start, *, capacity=8, minutes=90, **fields) -> Session:
    return actions.schedule_session(
        actor=actor,
        workshop=workshop,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=minutes),
        capacity=capacity,
        **fields,
    )


def _at_counter(session, first_name, actor) -> Registration:
    return actions.register(
        session=session,
        first_name=first_name,
        email=f"{first_name.lower()}@example.org",
        actor=actor,
        source=RegistrationSource.STAFF,
    )


@pytest.fixture
def world(venue, coordinator, mediator, facilitator) -> World:
    smartphone = WorkshopFactory(
        venue=venue,
        title="Premiers pas sur smartphone",
        audience=Audience.SENIORS,
        themes=[Theme.GETTING_STARTED],
    )
    train = WorkshopFactory(venue=venue, title="Réserver un train en ligne", themes=[Theme.BANKING])
    full = _schedule(mediator, smartphone, in_days(7), capacity=2, animators=[mediator])
    confirmed = actions.register(
        session=full, first_name="Josiane", phone="06 12 34 56 78", consent_to_reminders=True
    )
    actions.register(session=full, first_name="Karim", email="karim@example.org")
    waitlisted = actions.register(session=full, first_name="Lou", email="lou@example.org")
    cancelled = _schedule(mediator, smartphone, in_days(12))
    actions.register(session=cancelled, first_name="Mireille", email="mireille@example.org")
    actions.cancel_session(actor=mediator, session=cancelled, reason="Animatrice malade")

    now = timezone.now()
    started = _schedule(mediator, smartphone, now - datetime.timedelta(minutes=30))
    _at_counter(started, "Amandine", facilitator)
    came = _at_counter(started, "Bruno", facilitator)
    closing.set_attendance(actor=facilitator, registration=came, present=True)
    closed = _schedule(mediator, train, now - datetime.timedelta(hours=3))
    came = _at_counter(closed, "Chantal", facilitator)
    _at_counter(closed, "Denis", facilitator)
    closing.set_attendance(actor=facilitator, registration=came, present=True)
    closing.close_session(actor=facilitator, session=closed, extra_head_count=1)
    return World(
        venue=venue,
        users={"coordinator": coordinator, "mediator": mediator, "facilitator": facilitator},
        workshop=smartphone,
        full=full,
        open=_schedule(mediator, train, in_days(9)),
        not_yet=_schedule(mediator, smartphone, in_days(20), registration_opens_at=in_days(10)),
        cancelled=cancelled,
        started=started,
        closed=closed,
        confirmed=confirmed,
        waitlisted=waitlisted,
    )


# --- Staff pages ----------------------------------------------------------------------------------


def test_catalogue_and_session_pages(page, subtests, world, viewport):
    login(page, world.users["mediator"])
    workshop, staff = world.workshop, world.staff
    visit_each(
        page,
        subtests,
        {
            "index": f"{staff}/",
            "workshop detail": f"{staff}/catalogue/{workshop.pk}/",
            "workshop create": f"{staff}/catalogue/nouveau/",
            "workshop edit": f"{staff}/catalogue/{workshop.pk}/modifier/",
            "session create": f"{staff}/catalogue/{workshop.pk}/programmer/",
            "session edit": f"{staff}/seances/{world.full.pk}/modifier/",
            "session cancel": f"{staff}/seances/{world.full.pk}/annuler/",
            "session, closed": f"{staff}/seances/{world.closed.pk}/",
            "session, cancelled": f"{staff}/seances/{world.cancelled.pk}/",
            "session, with a waiting list": f"{staff}/seances/{world.full.pk}/",
        },
    )
    assert page.get_by_text("Lou", exact=True).count() >= 1
    assert page.get_by_role("heading", name="Liste d’attente").is_visible()


def test_counter_attendance_and_closing_pages(page, subtests, world, viewport):
    login(page, world.users["facilitator"])
    staff, started = world.staff, world.started
    code = links.make_checkin_code(started.registrations.get(first_name="Amandine"))
    visit_each(
        page,
        subtests,
        {
            "register at the counter": f"{staff}/seances/{world.full.pk}/inscrire/",
            "register, search": f"{staff}/seances/{world.full.pk}/inscrire/?q=Jos",
            "register a walk-in": f"{staff}/seances/{started.pk}/inscrire/?back=attendance",
            "attendance sheet": f"{staff}/seances/{started.pk}/presences/",
            "attendance sheet, closed": f"{staff}/seances/{world.closed.pk}/presences/",
            "close": f"{staff}/seances/{started.pk}/clore/",
            "check-in, invalid code": (f"{staff}/pointage/pas-un-code/", 404),
            "check-in": f"{staff}/pointage/{code}/",
        },
    )
    button = page.get_by_role("button", name="Marquer Amandine présent·e", exact=False)
    submit_and_check(page, button)
    assert page.url.endswith(f"/seances/{started.pk}/presences/")
    assert started.registrations.get(first_name="Amandine").status == R.ATTENDED

    submit_and_check(page, page.get_by_role("link", name="Clore la séance"))
    page.get_by_label("Personnes venues sans s’inscrire").fill("2")
    submit_and_check(page, page.get_by_role("button", name="Clore la séance et noter au journal"))
    assert page.get_by_role("status").get_by_text("La séance est close.").is_visible()
    started.refresh_from_db()
    assert started.status == "closed"


def _error_summary(page) -> str:
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    return summary.inner_text()


def test_forms_redisplayed_with_errors(page, world, viewport):
    login(page, world.users["mediator"])
    staff, workshop = world.staff, world.workshop

    visit(page, f"{staff}/catalogue/nouveau/")
    submit_and_check(page, page.get_by_role("button", name="Ajouter au catalogue"))
    assert "Donnez un titre à l’atelier." in _error_summary(page)
    assert Workshop.objects.filter(venue=world.venue).count() == 2

    visit(page, f"{staff}/catalogue/{workshop.pk}/modifier/")
    page.get_by_label("Titre", exact=False).first.fill("")
    submit_and_check(page, page.get_by_role("button", name="Enregistrer l’atelier"))
    assert "Donnez un titre à l’atelier." in _error_summary(page)

    visit(page, f"{staff}/catalogue/{workshop.pk}/programmer/")
    submit_and_check(page, page.get_by_role("button", name="Programmer la séance"))
    assert "Indiquez le jour de la séance." in _error_summary(page)

    visit(page, f"{staff}/seances/{world.full.pk}/modifier/")
    page.get_by_label("Places", exact=False).first.fill("0")
    submit_and_check(page, page.get_by_role("button", name="Enregistrer la séance"))
    assert "Places" in _error_summary(page)
    world.full.refresh_from_db()
    assert world.full.capacity == 2

    visit(page, f"{staff}/seances/{world.full.pk}/annuler/")
    submit_and_check(page, page.get_by_role("button", name="Annuler la séance"))
    assert "Indiquez le motif" in _error_summary(page)
    world.full.refresh_from_db()
    assert world.full.is_scheduled


# --- Public pages ---------------------------------------------------------------------------------


def test_public_pages(page, subtests, world, viewport):
    public = world.public
    visit_each(
        page,
        subtests,
        {
            "session, open": f"{public}/{world.open.pk}/",
            "session, full": f"{public}/{world.full.pk}/",
            "session, not yet open": f"{public}/{world.not_yet.pk}/",
            "session, cancelled": f"{public}/{world.cancelled.pk}/",
            "registration, waitlisted": links.manage_url(world.waitlisted),
            "cancel confirmation": links.manage_url(world.confirmed) + "annuler/",
            "invalid link": ("/ateliers/inscription/pas-un-lien/", 404),
            "registration, confirmed": links.manage_url(world.confirmed) + "?fait=inscrit",
        },
    )
    assert page.locator("svg.qr-code").is_visible(), "the check-in QR code is shown"

    visit(page, f"{public}/")
    assert page.locator(".session-card").count() == 3
    page.get_by_label("Pour qui").select_option(Audience.SENIORS.value)
    page.get_by_label("Thème").select_option(Theme.GETTING_STARTED.value)
    submit_and_check(page, page.get_by_role("button", name="Afficher"))
    assert "audience=seniors" in page.url
    cards = page.locator(".session-card")
    assert cards.count() == 2
    assert cards.filter(has_text="Réserver un train").count() == 0


def test_public_form_errors_then_cancelling_frees_the_seat(page, world, viewport):
    visit(page, f"{world.public}/{world.full.pk}/")
    submit_and_check(page, page.get_by_role("button", name="M’inscrire sur la liste d’attente"))
    assert "Indiquez votre prénom ou un surnom." in _error_summary(page)
    assert world.full.registrations.count() == 3

    visit(page, links.manage_url(world.confirmed))
    submit_and_check(page, page.get_by_role("link", name="Annuler mon inscription"))
    submit_and_check(page, page.get_by_role("button", name="Oui, annuler mon inscription"))
    assert "fait=annule" in page.url
    world.confirmed.refresh_from_db()
    world.waitlisted.refresh_from_db()
    assert world.confirmed.status == R.CANCELLED
    assert world.waitlisted.status == R.CONFIRMED, "the first on the waiting list takes the seat"


# --- Keyboard -------------------------------------------------------------------------------------


def test_attendance_toggled_with_the_keyboard(page, world, viewport):
    login(page, world.users["facilitator"])
    visit(page, f"{world.staff}/seances/{world.started.pk}/presences/")
    amandine = world.started.registrations.get(first_name="Amandine")
    row = page.locator(f"#registration-{amandine.pk}")
    page.evaluate("window.__sameDocument = true")

    tab_to(page, ".presence-toggle")
    assert page.evaluate("document.activeElement.closest('li').id") == row.get_attribute("id")
    assert_focus_visible(page)
    with page.expect_response(lambda r: "/presence/" in r.url):
        page.keyboard.press("Space")
    row.and_(page.locator(".is-present")).wait_for()
    assert row.locator(".presence-toggle").get_attribute("aria-pressed") == "true"
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
    amandine.refresh_from_db()
    assert amandine.status == R.ATTENDED
    assert page.locator("#attendance-count").inner_text().startswith("2 présent·es")
    assert page.evaluate("document.activeElement.id") == f"presence-{amandine.pk}"
    assert_focus_visible(page)

    with page.expect_response(lambda r: "/presence/" in r.url):
        page.keyboard.press("Enter")
    row.and_(page.locator(":not(.is-present)")).wait_for()
    amandine.refresh_from_db()
    assert amandine.status == R.CONFIRMED
    assert page.evaluate("window.__sameDocument === true")
    assert page.evaluate("document.activeElement.id") == f"presence-{amandine.pk}"
    assert_focus_visible(page)
    check_page(page)  # the swapped rows and count pass axe-core too


def test_register_online_with_the_keyboard_only(page, world, viewport):
    visit(page, f"{world.public}/{world.open.pk}/")
    tab_to(page, "#id_first_name")
    assert_focus_visible(page)
    page.keyboard.type("Gisèle")
    tab_to(page, "#id_phone")
    page.keyboard.type("06 98 76 54 32")
    tab_to(page, "#id_consent_to_reminders")
    assert_focus_visible(page)
    page.keyboard.press("Space")
    assert page.locator("#id_consent_to_reminders").is_checked()
    tab_to(page, "button[type=submit].button-large")
    assert_focus_visible(page)
    submit_and_check(page, lambda: page.keyboard.press("Enter"))

    assert "/ateliers/inscription/" in page.url and "fait=inscrit" in page.url
    registration = world.open.registrations.get()
    assert (registration.first_name, registration.status) == ("Gisèle", R.CONFIRMED)
    assert registration.consent_to_reminders
