"""Café numérique in a real browser: kiosk check-in → queue board → a mediator takes the
person, the countdown runs, closes with "Besoin d’un rendez-vous" → the booking form,
pre-filled, books a slot → the confirmation e-mail leaves through the outbox.

Every page reached is checked by axe-core (see helpers.visit / submit_and_check).
"""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from comptoir.appointments.models import Appointment
from comptoir.helpdesk import actions
from comptoir.helpdesk.models import HelpRequest, Outcome, Status
from comptoir.helpdesk.topics import BroughtDevice, Topic
from comptoir.helpdesk.views.staff import booking_url
from comptoir.journal.cra import Theme
from comptoir.journal.models import Activity
from comptoir.notifications.actions import deliver_due_messages
from comptoir.venues.roles import Role
from tests.appointments.factories import AppointmentTypeFactory, every_day
from tests.browser.helpers import (
    DESKTOP,
    VIEWPORTS,
    check_accessibility,
    login,
    submit_and_check,
    visit,
)
from tests.factories import MembershipFactory, UserFactory, VenueFactory


@pytest.fixture
def team(db):
    venue = VenueFactory(name="Tiers-lieu des Canuts", slug="canuts")
    coordinator = UserFactory(username="claude", first_name="Claude", last_name="Morel")
    MembershipFactory(user=coordinator, venue=venue, role=Role.COORDINATOR)
    mediator = UserFactory(username="dominique", first_name="Dominique", last_name="Roux")
    MembershipFactory(user=mediator, venue=venue, role=Role.MEDIATOR)
    every_day(venue, mediator)
    AppointmentTypeFactory(
        venue=venue, name="Démarches en ligne", duration_minutes=45, mediators=[mediator]
    )
    return venue, coordinator, mediator


def _log_out(page, venue) -> None:
    visit(page, f"/equipe/{venue.slug}/")
    submit_and_check(page, page.get_by_role("button", name="Se déconnecter"))


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["1280px"])
def test_from_the_kiosk_to_an_appointment(page, team, live_server, viewport):
    venue, coordinator, mediator = team
    day = timezone.localdate() + datetime.timedelta(days=2)

    # A coordinator turns the entrance tablet into the kiosk, then logs out.
    login(page, coordinator)
    visit(page, f"/equipe/{venue.slug}/cafe/reglages/")
    kiosk_form = page.locator("form").filter(
        has=page.get_by_role("button", name="Activer ce navigateur comme borne")
    )
    kiosk_form.get_by_label("Nom de l’appareil").fill("Tablette de l’entrée")
    submit_and_check(page, kiosk_form.get_by_role("button"))
    assert urlsplit(page.url).path == f"/cafe/{venue.slug}/borne/"
    _log_out(page, venue)

    # Nobody is logged in: the device cookie alone opens the kiosk.
    visit(page, f"/cafe/{venue.slug}/borne/")
    topics = page.get_by_role("group", name=re.compile("De quoi s’agit-il"))
    topics.get_by_role("radio", name=re.compile("^E-mail")).check()
    devices = page.get_by_role("group", name=re.compile("appareil"))
    devices.get_by_role("radio", name=re.compile("^Smartphone")).check()
    page.get_by_label("Votre prénom ou un surnom").fill("Martine")
    submit_and_check(page, page.get_by_role("button", name="Je m’inscris dans la file"))
    assert page.get_by_role("heading", level=1).inner_text() == "C’est noté, Martine !"
    assert page.get_by_text("Installez-vous, on vient vous chercher.").is_visible()
    help_request = HelpRequest.objects.get()
    assert (help_request.topic, help_request.device) == (Topic.EMAIL, BroughtDevice.SMARTPHONE)

    # A mediator logs in on the same tablet's browser and looks at the queue board.
    login(page, mediator)
    visit(page, f"/cafe/{venue.slug}/ecran/")
    board = page.locator("#board")
    expect(board.get_by_role("cell", name="Martine")).to_be_visible()
    # Someone checks in at the counter: the board shows them without a reload.
    actions.check_in_walk_in(venue=venue, topic=Topic.PHOTOS, first_name="Paul Lefèvre")
    expect(page.locator("#board").get_by_role("cell", name="Paul")).to_be_visible(timeout=9000)
    assert page.get_by_text("Lefèvre").count() == 0  # first word only on the board
    check_accessibility(page)

    # From the queue page, the mediator takes the next person: Martine.
    visit(page, f"/equipe/{venue.slug}/cafe/")
    submit_and_check(page, page.get_by_role("button", name="Prendre la suivante"))
    assert page.get_by_role("heading", level=1).inner_text() == "Accompagnement de Martine"
    countdown = page.locator(".countdown-value")
    expect(countdown).to_be_visible()
    expect(countdown).to_have_text(re.compile(r"^1[45]:\d\d$"))
    first = countdown.inner_text()
    expect(countdown).not_to_have_text(first, timeout=3000)  # it ticks
    ends_at = timezone.localtime(HelpRequest.objects.get(pk=help_request.pk).ends_at)
    assert page.get_by_text(f"Jusqu’à {ends_at:%H:%M}").is_visible()

    # The problem is bigger than 15 minutes: close with "needs an appointment".
    page.get_by_role("radio", name="Besoin d’un rendez-vous").check()
    submit_and_check(page, page.get_by_role("button", name="Terminer"))
    landed = urlsplit(page.url)
    assert landed.path == f"/equipe/{venue.slug}/rendez-vous/nouveau/"
    assert parse_qs(landed.query) == {
        "first_name": ["Martine"],
        "topic": ["E-mail"],
        "from_help": [str(help_request.pk)],
    }
    assert live_server.url + booking_url(help_request) == page.url

    help_request.refresh_from_db()
    assert help_request.status == Status.CLOSED
    assert help_request.outcome == Outcome.NEEDS_APPOINTMENT
    activity = Activity.objects.get()
    assert activity.theme_codes() == [Theme.EMAIL]
    assert activity.mediator == mediator

    # The booking form is pre-filled with the person and the problem: book a slot.
    assert page.get_by_label("Prénom ou surnom").input_value() == "Martine"
    assert page.get_by_label("Ce dont il s’agit").input_value() == "E-mail"
    page.get_by_label("Démarches en ligne").check()
    page.get_by_label("Jour").fill(day.isoformat())
    page.get_by_role("button", name="Voir les créneaux").click()
    slot = page.get_by_role("radio", name=re.compile(r"^10:00–10:45"))
    slot.wait_for()
    # The form asks for the slots on "change" (the day field losing focus) and on "submit":
    # let both answers land before ticking a slot, or the second one unticks it.
    page.wait_for_load_state("networkidle")
    check_accessibility(page)
    slot.check()
    page.get_by_label("E-mail").fill("martine@example.org")
    submit_and_check(page, page.get_by_role("button", name="Réserver ce rendez-vous"))
    assert page.get_by_role("heading", level=1).inner_text() == "Rendez-vous de Martine"
    appointment = Appointment.objects.get()
    assert (appointment.first_name, appointment.topic) == ("Martine", "E-mail")
    assert timezone.localtime(appointment.starts_at).date() == day

    # The confirmation e-mail leaves through the outbox (the worker's sweep).
    deliver_due_messages()
    [email] = [m for m in mail.outbox if m.to == ["martine@example.org"]]
    assert "Démarches en ligne" in email.body
    assert email.attachments[0][0] == "rendez-vous.ics"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_cafe_page_is_accessible(page, team, live_server, viewport):
    venue, coordinator, mediator = team
    now = timezone.now()
    for minutes, name in ((25, "Ginette"), (12, "Marcel"), (3, "")):
        actions.check_in_walk_in(
            venue=venue,
            topic=Topic.ADMIN_PROCEDURE,
            device=BroughtDevice.TABLET,
            first_name=name,
            now=now - datetime.timedelta(minutes=minutes),
        )
    done = actions.take_next(venue=venue, actor=coordinator)
    actions.close_help_request(help_request=done, actor=coordinator, outcome=Outcome.SOLVED)

    # Without a device or a login, the screens refuse plainly.
    visit(page, f"/cafe/{venue.slug}/ecran/", status=403)
    assert page.get_by_role("heading", level=1).inner_text() == "Cet écran n’est pas activé"

    login(page, mediator)
    visit(page, f"/equipe/{venue.slug}/")
    assert page.get_by_text("personnes en attente").is_visible()
    visit(page, f"/equipe/{venue.slug}/cafe/")
    # A walk-in at the counter in two taps: a device, then the topic.
    page.get_by_role("group", name="Appareil apporté").get_by_text("Smartphone").click()
    submit_and_check(page, page.get_by_role("button", name="Payer en ligne"))
    assert page.get_by_role("status").get_by_text("est dans la file").is_visible()
    submit_and_check(page, page.get_by_role("button", name=re.compile("^Prendre Marcel")))
    assert page.get_by_role("heading", level=1).inner_text() == "Accompagnement de Marcel"
    # A referral without its structure: the error is announced, the choice kept.
    page.get_by_role("radio", name="Orientée vers une autre structure").check()
    expect(page.get_by_label("Orientée vers", exact=True)).to_be_visible()
    submit_and_check(page, page.get_by_role("button", name="Terminer"))
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_role("radio", name="Orientée vers une autre structure").is_checked()
    submit_and_check(page, page.get_by_role("button", name=re.compile("^Prolonger de 10 min")))
    visit(page, f"/equipe/{venue.slug}/cafe/bilan/")
    visit(page, f"/cafe/{venue.slug}/ecran/")
    visit(page, f"/cafe/{venue.slug}/borne/")
    # The kiosk without an answer says what is missing, in big letters.
    submit_and_check(page, page.get_by_role("button", name="Je m’inscris dans la file"))
    assert page.get_by_role("alert").get_by_text("Touchez l’image").is_visible()
    page.get_by_role("group", name=re.compile("De quoi s’agit-il")).get_by_role(
        "radio", name=re.compile("^Photos")
    ).check()
    submit_and_check(page, page.get_by_role("button", name="Je m’inscris dans la file"))
    assert page.get_by_role("heading", level=1).inner_text() == "C’est noté !"

    _log_out(page, venue)
    login(page, coordinator)
    visit(page, f"/equipe/{venue.slug}/cafe/reglages/")
    board_form = page.locator("form").filter(
        has=page.get_by_role("button", name="Activer ce navigateur comme écran")
    )
    submit_and_check(page, board_form.get_by_role("button"))
    assert urlsplit(page.url).path == f"/cafe/{venue.slug}/ecran/"
    visit(page, f"/equipe/{venue.slug}/cafe/reglages/")
    assert page.get_by_text("ce navigateur", exact=True).is_visible()
    submit_and_check(page, page.get_by_role("button", name=re.compile("^Retirer")))
    assert page.get_by_role("status").get_by_text("est retiré").is_visible()


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["1280px"])
def test_the_countdown_tells_screen_readers_when_time_is_up(page, team, viewport):
    venue, _coordinator, mediator = team
    login(page, mediator)
    help_request = actions.check_in_walk_in(venue=venue, topic=Topic.EMAIL, first_name="Lucie")
    actions.take_chosen(
        help_request=help_request,
        actor=mediator,
        now=timezone.now() - datetime.timedelta(minutes=15) + datetime.timedelta(seconds=8),
    )
    visit(page, f"/equipe/{venue.slug}/cafe/{help_request.pk}/")
    announce = page.locator("[data-countdown-announce]")
    assert announce.inner_text() == ""  # nothing said every second
    expect(announce).to_have_text("Le temps prévu est écoulé.", timeout=10_000)
    expect(page.locator(".timebox")).to_have_class(re.compile("is-overdue"))
    expect(page.locator(".countdown-value")).to_have_text(re.compile(r"^\+0:0\d$"))
    check_accessibility(page)


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["1280px"])
def test_the_queue_refreshes_itself_but_never_under_the_keyboard_focus(page, team, viewport):
    venue, _coordinator, mediator = team
    actions.check_in_walk_in(venue=venue, topic=Topic.EMAIL, first_name="Lucie")
    login(page, mediator)
    visit(page, f"/equipe/{venue.slug}/cafe/")
    live = page.locator("#queue-live")

    # Someone arrives while the mediator's focus is on a queue button: no refresh.
    page.get_by_role("button", name="Partie : Lucie").focus()
    actions.check_in_walk_in(venue=venue, topic=Topic.PHOTOS, first_name="Yvette")
    page.wait_for_timeout(11_000)
    assert live.get_by_text("Yvette").count() == 0
    assert page.evaluate("document.activeElement.textContent").startswith("Partie")

    # Focus elsewhere: the next refresh shows her.
    page.get_by_label("Prénom ou surnom").focus()
    expect(live.locator("strong", has_text="Yvette")).to_be_visible(timeout=12_000)
    check_accessibility(page)
