"""A visitor books alone on a 375 px phone, then cancels through the link.

Every page reached is checked by axe-core (helpers.visit / submit_and_check /
check_page), with no console error and no CSP violation.
"""

import pytest
from django.core.cache import cache
from django.utils import timezone
from icalendar import Calendar

from comptoir.appointments import links
from comptoir.appointments.actions import book_appointment
from comptoir.appointments.models import Appointment, AppointmentStatus, BookingSource
from comptoir.notifications.models import Message
from tests.appointments.factories_public import at, make_desk
from tests.browser.helpers import MOBILE, check_page, submit_and_check, visit

pytestmark = pytest.mark.parametrize("viewport", [MOBILE], ids=["375px"])


@pytest.fixture
def desk(venue):
    cache.clear()  # the booking rate limit counts per address, in this process's cache
    venue.phone = "+33478000000"
    venue.save()
    yield make_desk(
        venue, name="Mon smartphone", description="Apportez votre téléphone et son chargeur."
    )
    cache.clear()


def test_a_visitor_books_on_a_phone_then_cancels_through_the_link(page, desk, viewport):
    # 1. The reasons.
    visit(page, desk.start_url)
    assert page.get_by_role("heading", level=1).inner_text() == "Prendre rendez-vous à Café du Port"
    assert page.get_by_text("45 minutes").is_visible()
    submit_and_check(page, page.get_by_role("link", name="Choisir : Mon smartphone"))

    # 2. A day (swapped in place by HTMX), then a time.
    assert page.get_by_role("heading", level=1).inner_text() == "Choisir un jour et une heure"
    days = page.locator(".day-list a")
    assert days.count() == 14
    page.evaluate("window.stillTheSamePage = true")
    days.nth(2).click()
    times = page.get_by_role("heading", name="Choisissez une heure")
    times.wait_for()
    assert page.evaluate("window.stillTheSamePage === true"), "HTMX swaps, no reload"
    assert "day=" in page.url  # the address follows, for the back button
    assert page.locator('.day-list a[aria-current="date"]').count() == 1
    check_page(page)
    time_button = page.locator(".time-list a").first
    chosen_time = time_button.inner_text()
    submit_and_check(page, time_button)

    # 3. Who is coming.
    assert page.get_by_role("heading", level=1).inner_text() == "Vos coordonnées"
    assert page.get_by_text(f"à {chosen_time}").is_visible()
    page.get_by_label("Votre prénom ou un surnom").fill("Josiane")
    page.get_by_label("Votre numéro de portable").fill("04 78 12 34 56")  # a landline
    submit_and_check(page, page.get_by_role("button", name="Réserver ce rendez-vous"))
    assert page.get_by_role("alert").get_by_text("Ce numéro n’est pas un portable français").count()
    assert page.get_by_label("Votre prénom ou un surnom").input_value() == "Josiane"
    page.get_by_label("Votre numéro de portable").fill("06 12 34 56 78")
    page.get_by_label("J’accepte que le lieu me contacte").check()
    page.get_by_label("En quelques mots").fill("Envoyer des photos")
    submit_and_check(page, page.get_by_role("button", name="Réserver ce rendez-vous"))

    # 4. The confirmation: what, when, where, the calendar file, the link.
    assert page.get_by_role("heading", level=1).inner_text() == "C’est réservé !"
    assert page.get_by_role("status").get_by_text("par SMS au 06 12 34 56 78").is_visible()
    assert page.get_by_text(f"à {chosen_time}").is_visible()
    assert page.get_by_text("1 place de la Mairie").is_visible()
    appointment = Appointment.objects.get()
    assert appointment.first_name == "Josiane" and appointment.consent_to_reminders
    assert timezone.localtime(appointment.starts_at).strftime("%H:%M") == chosen_time
    assert Message.objects.filter(key__contains=":confirmation:sms").exists()
    with page.expect_download() as download:
        page.get_by_role("link", name="Ajouter à mon agenda").click()
    assert download.value.suggested_filename.endswith(".ics")
    event = Calendar.from_ical(download.value.path().read_bytes()).walk("VEVENT")[0]
    assert event.decoded("dtstart") == appointment.starts_at

    # 5. Later, from the SMS: open the link and cancel.
    link = links.manage_url(appointment)
    visit(page, link)
    assert page.get_by_role("heading", level=1).inner_text() == "Votre rendez-vous"
    submit_and_check(page, page.get_by_role("link", name="Annuler le rendez-vous"))
    assert page.get_by_role("heading", level=1).inner_text() == "Annuler ce rendez-vous ?"
    submit_and_check(page, page.get_by_role("button", name="Oui, annuler le rendez-vous"))
    assert page.get_by_role("heading", level=1).inner_text() == "Rendez-vous annulé"
    assert Appointment.objects.get().status == AppointmentStatus.CANCELLED

    # 6. The old link now explains itself.
    visit(page, link, status=410)
    assert page.get_by_role("heading", level=1).inner_text() == "Ce lien n’est plus valable"
    assert page.get_by_role("link", name="Appeler le 04 78 00 00 00").is_visible()


def test_a_visitor_moves_the_appointment_through_the_link(page, desk, viewport):
    appointment = book_appointment(
        appointment_type=desk.kind,
        starts_at=at(3, 10),
        first_name="Josiane",
        phone="+33612345678",
        source=BookingSource.ONLINE,
    )
    visit(page, links.manage_url(appointment))
    submit_and_check(page, page.get_by_role("link", name="Changer de jour ou d’heure"))
    assert page.get_by_role("heading", level=1).inner_text() == "Changer de jour ou d’heure"
    page.locator(".day-list a").nth(4).click()
    page.get_by_role("heading", name="Choisissez une heure").wait_for()
    check_page(page)
    time_button = page.locator(".time-list a").last
    chosen_time = time_button.inner_text()
    submit_and_check(page, time_button)
    assert page.get_by_role("heading", level=1).inner_text() == "Confirmer le changement"
    submit_and_check(page, page.get_by_role("button", name="Oui, déplacer mon rendez-vous"))
    assert page.get_by_role("heading", level=1).inner_text() == "Rendez-vous déplacé"
    appointment.refresh_from_db()
    assert timezone.localtime(appointment.starts_at).strftime("%H:%M") == chosen_time
    assert page.url.endswith("?fait=deplace")
    token = page.url.split("/rdv/gerer/")[1].split("/")[0]
    assert links.read_token(token) == appointment and appointment.version == 2


def test_the_booking_works_without_javascript(browser, live_server, desk, viewport):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport=viewport, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto(desk.slots_url)
        page.locator(".day-list a").nth(1).click()
        page.wait_for_load_state()
        assert "#heures" in page.url
        page.locator(".time-list a").first.click()
        page.wait_for_load_state()
        page.get_by_label("Votre prénom ou un surnom").fill("Paul")
        page.get_by_label("Ou votre adresse e-mail").fill("paul@example.org")
        page.get_by_role("button", name="Réserver ce rendez-vous").click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).inner_text() == "C’est réservé !"
        assert Appointment.objects.get().email == "paul@example.org"
    finally:
        context.close()


def test_a_broken_link_gives_a_plain_page(page, desk, viewport):
    visit(page, "/rdv/gerer/un-lien-coupe/", status=404)
    assert page.get_by_role("heading", level=1).inner_text() == "Ce lien ne fonctionne pas"
    visit(page, desk.book_url(raw="pas-une-date"), status=400)
    assert "ne fonctionne pas" in page.get_by_role("heading", level=1).inner_text()
