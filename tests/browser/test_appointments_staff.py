"""A mediator books a slot for someone from the staff booking page, finds it in
the agenda, and the confirmation e-mail leaves through the outbox.

Every page reached is checked by axe-core (see helpers.visit / submit_and_check),
and the page again after the HTMX slot picker has filled in.
"""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from comptoir.appointments.models import Appointment, BookingSource
from comptoir.notifications.actions import deliver_due_messages
from comptoir.venues.roles import Role
from tests.appointments.factories import (
    AppointmentTypeFactory,
    every_day,
    local,
    make_appointment,
    mediator_at,
)
from tests.browser.helpers import (
    DESKTOP,
    VIEWPORTS,
    check_accessibility,
    login,
    submit_and_check,
    visit,
)
from tests.factories import VenueFactory


@pytest.fixture
def team(db):
    venue = VenueFactory(name="Tiers-lieu des Canuts", slug="canuts")
    mediator = mediator_at(
        venue, "dominique", role=Role.MEDIATOR, first_name="Dominique", last_name="Roux"
    )
    every_day(venue, mediator)
    AppointmentTypeFactory(
        venue=venue, name="Démarches en ligne", duration_minutes=45, mediators=[mediator]
    )
    return venue, mediator


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["1280px"])
def test_a_mediator_books_a_slot_for_someone_and_finds_it_in_the_agenda(page, team, viewport):
    venue, mediator = team
    day = timezone.localdate() + datetime.timedelta(days=2)
    login(page, mediator)
    visit(page, f"/equipe/{venue.slug}/")
    menu = page.get_by_role("navigation", name="Menu du lieu")
    submit_and_check(page, menu.get_by_role("link", name="Rendez-vous"))
    submit_and_check(page, page.get_by_role("link", name="Prendre un rendez-vous").first)
    assert page.get_by_role("heading", level=1).inner_text() == "Prendre un rendez-vous"

    # 1. Reason and day: the slot picker fills in without reloading the page (HTMX).
    page.get_by_label("Démarches en ligne").check()
    page.get_by_label("Jour").fill(day.isoformat())
    page.get_by_role("button", name="Voir les créneaux").click()
    slot = page.get_by_role("radio", name=re.compile(r"^10:00–10:45"))
    slot.wait_for()
    # The form asks for the slots on "change" (the day field losing focus) and on "submit":
    # let both answers land before ticking a slot, or the second one unticks it.
    page.wait_for_load_state("networkidle")
    assert "type=" not in page.url, "the slots came in a fragment, not by reloading the page"
    check_accessibility(page)

    # 2. The slot, 3. the person.
    slot.check()
    page.get_by_label("Prénom ou surnom").fill("Lucette")
    page.get_by_label("Téléphone portable").fill("06 12 34 56 78")
    page.get_by_label("E-mail").fill("lucette@example.org")
    page.get_by_label("La personne accepte de recevoir des rappels").check()
    page.get_by_label("Ce dont il s’agit").fill("Déclaration d’impôts en ligne")
    submit_and_check(page, page.get_by_role("button", name="Réserver ce rendez-vous"))

    assert page.get_by_role("heading", level=1).inner_text() == "Rendez-vous de Lucette"
    assert page.get_by_role("status").get_by_text("Rendez-vous réservé pour Lucette").is_visible()
    assert page.get_by_label("Son lien pour voir, déplacer ou annuler le rendez-vous").input_value()
    appointment = Appointment.objects.get()
    assert appointment.source == BookingSource.STAFF
    assert appointment.booked_by == mediator
    assert timezone.localtime(appointment.starts_at).strftime("%H:%M") == "10:00"

    # The agenda of that day shows it.
    submit_and_check(page, page.get_by_role("link", name="Retour à l’agenda de ce jour"))
    entry = page.get_by_role("link", name=re.compile(r"10:00–10:45.*Lucette"))
    assert entry.count() == 1
    assert page.get_by_text("Prévu", exact=True).count() == 1

    # The confirmation leaves through the outbox (the task worker's sweep).
    deliver_due_messages()
    [email] = [m for m in mail.outbox if m.to == ["lucette@example.org"]]
    assert email.subject.startswith("Votre rendez-vous le ")
    assert "Démarches en ligne" in email.body
    assert email.attachments[0][0] == "rendez-vous.ics"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_staff_page_of_appointments_is_accessible(page, team, viewport):
    venue, mediator = team
    coordinator = mediator_at(venue, "claude", role=Role.COORDINATOR, first_name="Claude")
    reason = venue.appointment_types.get()
    now = timezone.now().replace(second=0, microsecond=0)
    begun = make_appointment(
        reason,
        mediator,
        now - datetime.timedelta(minutes=now.minute % 15 + 15),
        first_name="Odette",
    )
    day = timezone.localdate() + datetime.timedelta(days=1)
    upcoming = make_appointment(reason, mediator, local(day, 10), first_name="Lucette")
    staff = f"/equipe/{venue.slug}/rendez-vous"
    login(page, coordinator)
    for url in [
        f"{staff}/",
        f"{staff}/?view=week",
        f"{staff}/?date={day.isoformat()}&mediator={mediator.pk}",
        f"{staff}/nouveau/?type={reason.pk}&date={day.isoformat()}",
        f"{staff}/{begun.pk}/",
        f"{staff}/{upcoming.pk}/",
        f"{staff}/{upcoming.pk}/deplacer/",
        f"{staff}/motifs/",
        f"{staff}/motifs/nouveau/",
        f"{staff}/motifs/{reason.pk}/",
        f"{staff}/disponibilites/",
    ]:
        visit(page, url)

    # Error states are accessible too: a reason without anyone, wrong hours.
    visit(page, f"{staff}/motifs/nouveau/")
    page.get_by_label("Motif", exact=False).first.fill("Sans personne")
    submit_and_check(page, page.get_by_role("button", name="Enregistrer le motif"))
    assert page.get_by_role("alert").is_visible()
    visit(page, f"{staff}/disponibilites/?mediator={mediator.pk}")
    page.locator("#id_hours-7-weekday").select_option(label="mardi")
    page.locator("#id_hours-7-start").fill("12:00")
    page.locator("#id_hours-7-end").fill("09:00")
    submit_and_check(page, page.get_by_role("button", name=re.compile("^Enregistrer pour")))
    assert page.get_by_text("L’heure de fin doit suivre l’heure de début.").is_visible()
