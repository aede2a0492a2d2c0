"""The visitor's own page, reached through the signed link: see, add to the
agenda, move, cancel. A bad link explains itself and shows nobody's appointment."""

import datetime
import re

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from comptoir.appointments import links
from comptoir.appointments.actions import book_appointment, move_appointment
from comptoir.appointments.models import Appointment, AppointmentStatus, BookingSource, SlotHold
from comptoir.appointments.public_forms import format_start
from comptoir.notifications.models import Message, MessageStatus
from comptoir.venues.models import VenueKind
from tests.appointments.factories_public import BookableTypeFactory, at, make_desk
from tests.factories import VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(venue):
    venue.phone = "+33478000000"
    venue.save()
    return make_desk(venue, name="Mon smartphone")


def book(desk, starts_at=None, **fields) -> Appointment:
    data = {"first_name": "Josiane", "phone": "+33612345678", "consent_to_reminders": True}
    data.update(fields)
    return book_appointment(
        appointment_type=desk.kind,
        starts_at=starts_at or at(3, 10),
        source=BookingSource.ONLINE,
        **data,
    )


def manage(appointment, name="manage") -> str:
    return reverse(f"appointments:{name}", args=[links.make_token(appointment)])


def token_in(text: str) -> str:
    """The token of the first appointment link in a text."""
    return re.search(r"/rdv/gerer/([^/\s]+)/", text).group(1)


def assert_leads_to_the_page_of(response, appointment, done: str) -> None:
    """A redirect to the appointment's page, with a link valid for its current version."""
    assert response.status_code == 302
    path, query = response["Location"].split("?")
    assert query == f"fait={done}"
    token = path.removeprefix("/rdv/gerer/").removesuffix("/")
    assert links.read_token(token) == appointment


# --- Seeing it ------------------------------------------------------------------------------------


def test_the_page_shows_what_when_where(client, desk):
    appointment = book(desk)
    token = links.make_token(appointment)
    response = client.get(reverse("appointments:manage", args=[token]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Votre rendez-vous" in html
    assert "Mon smartphone" in html
    assert timezone.localtime(appointment.starts_at).strftime("%Y") in html
    assert "à 10:00" in html
    assert desk.venue.name in html and desk.venue.address in html
    assert "Apportez votre téléphone et son chargeur." in html
    assert "Changer de jour ou d’heure" in html and "Annuler le rendez-vous" in html
    assert reverse("appointments:manage_ics", args=[token]) in html
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in html


def test_a_phone_appointment_says_we_call_the_visitor(client, venue):
    desk = make_desk(venue, by_phone=True)
    html = client.get(manage(book(desk))).content.decode()
    assert "Par téléphone : nous vous appelons au 06 12 34 56 78." in html


def test_an_outreach_appointment_gives_the_partner_address(client, venue):
    partner = VenueFactory(
        kind=VenueKind.OUTREACH, name="Centre social Bonnevay", address="9 rue X"
    )
    desk = make_desk(venue, mode="outreach", outreach_venue=partner)
    html = client.get(manage(book(desk))).content.decode()
    assert "Dans un lieu partenaire" in html and "Centre social Bonnevay" in html


def test_the_calendar_file_holds_the_appointment(client, desk):
    appointment = book(desk)
    response = client.get(manage(appointment, "manage_ics"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    day = timezone.localtime(appointment.starts_at).date().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="rendez-vous-{day}.ics"'
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == appointment.starts_at
    assert event.decoded("dtend") == appointment.ends_at
    assert str(event["summary"]) == f"Mon smartphone — {desk.venue.name}"
    assert str(event["location"]).startswith(f"{desk.venue.name}, {desk.venue.address}")
    assert links.read_token(token_in(str(event["url"]))) == appointment


# --- Bad links ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["manage", "manage_ics", "manage_move", "manage_cancel"])
def test_a_tampered_link_explains_and_shows_nothing(client, desk, name):
    appointment = book(desk)
    token = links.make_token(appointment)
    for bad in (token[:-3] + "abc", "n-importe-quoi", token[:20]):
        response = client.get(reverse(f"appointments:{name}", args=[bad]))
        html = response.content.decode()
        assert response.status_code == 404
        assert "Ce lien ne fonctionne pas" in html
        assert "Josiane" not in html and "Mon smartphone" not in html


def test_a_link_signed_for_another_purpose_is_refused(client, desk):
    appointment = book(desk)
    forged = signing.dumps({"a": appointment.pk, "v": appointment.version}, compress=True)
    assert client.get(reverse("appointments:manage", args=[forged])).status_code == 404


def test_a_link_to_a_deleted_appointment_is_a_404(client, desk):
    token = links.make_token(book(desk))
    Appointment.objects.all().delete()
    response = client.get(reverse("appointments:manage", args=[token]))
    assert response.status_code == 404
    assert "Ce lien ne fonctionne pas" in response.content.decode()


def test_a_link_from_before_a_move_is_gone_and_says_whom_to_call(client, desk):
    appointment = book(desk)
    old = manage(appointment)
    move_appointment(appointment=appointment, starts_at=at(4, 11), by_visitor=True)
    response = client.get(old)
    html = response.content.decode()
    assert response.status_code == 410
    assert "Ce lien n’est plus valable" in html
    assert "déplacé ou annulé" in html
    assert "04 78 00 00 00" in html
    assert "Josiane" not in html and "11:00" not in html


def test_a_link_after_the_appointment_expires(client, desk):
    appointment = book(desk)
    Appointment.objects.filter(pk=appointment.pk).update(
        starts_at=at(-3, 10), ends_at=at(-3, 10, 45)
    )
    response = client.get(manage(appointment))
    assert response.status_code == 410
    assert "Ce rendez-vous est passé" in response.content.decode()


def test_one_link_never_opens_another_appointment(client, desk):
    mine = book(desk)
    theirs = book(desk, at(3, 14), first_name="Bernard", phone="+33699999999")
    html = client.get(manage(mine)).content.decode()
    assert "Bernard" not in html and "06 99 99 99 99" not in html
    # Their payload with my signature: refused.
    their_payload = links.make_token(theirs).split(":")[0]
    my_signature = links.make_token(mine).split(":", 1)[1]
    forged = f"{their_payload}:{my_signature}"
    response = client.get(reverse("appointments:manage", args=[forged]))
    assert response.status_code == 404
    assert "Bernard" not in response.content.decode()


# --- Moving ---------------------------------------------------------------------------------------


def test_moving_shows_the_picker_then_a_confirmation(client, desk):
    appointment = book(desk)
    url = manage(appointment, "manage_move")
    day = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    response = client.get(url, {"day": day})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Changer de jour ou d’heure" in html and "Votre rendez-vous actuel" in html
    target = format_start(at(5, 14))
    assert f'href="{url}?start={target}"' in html

    confirm = client.get(url, {"start": target})
    assert "Confirmer le changement" in confirm.content.decode()
    assert "à 14:00" in confirm.content.decode()
    assert Appointment.objects.get().starts_at == at(3, 10)  # nothing changed yet


def test_confirming_the_move_changes_the_appointment_and_the_link(client, desk):
    appointment = book(desk)
    old_page, url = manage(appointment), manage(appointment, "manage_move")
    response = client.post(url, {"start": format_start(at(5, 14))})
    appointment.refresh_from_db()
    assert response.status_code == 302
    assert_leads_to_the_page_of(response, appointment, "deplace")
    assert appointment.starts_at == at(5, 14)
    assert appointment.version == 2
    assert set(SlotHold.objects.values_list("block_start", flat=True)) == {
        at(5, 14),
        at(5, 14, 15),
        at(5, 14, 30),
    }
    page = client.get(response["Location"]).content.decode()
    assert "Rendez-vous déplacé" in page and "L’ancien lien ne fonctionne plus." in page
    assert client.get(old_page).status_code == 410
    assert client.post(url, {"start": format_start(at(6, 14))}).status_code == 410


def test_moving_to_a_slot_just_taken_explains_and_offers_that_day(client, desk):
    appointment = book(desk)
    book(desk, at(5, 14), first_name="Bernard", phone="+33699999999")
    url = manage(appointment, "manage_move")
    response = client.post(url, {"start": format_start(at(5, 14))})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Le rendez-vous n’a pas été déplacé" in html
    assert "Ce créneau vient d’être pris" in html
    assert response.context["picker"].selected == at(5, 14).date()
    assert Appointment.objects.get(first_name="Josiane").starts_at == at(3, 10)


def test_moving_with_an_edited_start_gives_the_plain_page(client, desk):
    url = manage(book(desk), "manage_move")
    assert client.get(url, {"start": "hier"}).status_code == 400
    assert client.post(url, {"start": "2030-01-01T10:10:00Z"}).status_code == 400


def test_a_reason_no_longer_bookable_online_is_moved_by_phone(client, desk):
    appointment = book(desk)
    desk.kind.bookable_online = False
    desk.kind.save()
    html = client.get(manage(appointment)).content.decode()
    assert "Changer de jour ou d’heure" not in html
    assert "Pour le déplacer, appelez le lieu." in html
    response = client.get(manage(appointment, "manage_move"), follow=True)
    assert "ne peut plus être déplacé ici" in response.content.decode()


# --- Cancelling -----------------------------------------------------------------------------------


def test_cancelling_asks_first_then_cancels(client, desk):
    appointment = book(desk)
    old_page, url = manage(appointment), manage(appointment, "manage_cancel")
    confirm = client.get(url)
    assert "Annuler ce rendez-vous ?" in confirm.content.decode()
    assert Appointment.objects.get().status == AppointmentStatus.BOOKED

    response = client.post(url)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    assert not SlotHold.objects.exists()  # the slot is free for someone else
    assert_leads_to_the_page_of(response, appointment, "annule")
    page = client.get(response["Location"]).content.decode()
    assert "Rendez-vous annulé" in page
    assert "Prendre un autre rendez-vous" in page
    assert "Annuler le rendez-vous" not in page
    assert client.get(old_page).status_code == 410
    assert client.post(url).status_code == 410  # a second click changes nothing


def test_cancelling_sends_a_notice_and_stops_the_reminders(client, desk):
    appointment = book(desk)
    client.post(manage(appointment, "manage_cancel"))
    keys = dict(Message.objects.values_list("key", "status"))
    assert keys[f"appointment:{appointment.pk}:v1:reminder-day-before:sms"] == "cancelled"
    assert keys[f"appointment:{appointment.pk}:v2:cancelled:sms"] == MessageStatus.PENDING


def test_a_started_appointment_can_no_longer_be_cancelled_here(client, desk):
    appointment = book(desk)
    Appointment.objects.filter(pk=appointment.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=10),
        ends_at=timezone.now() + datetime.timedelta(minutes=35),
    )
    html = client.get(manage(appointment)).content.decode()
    assert "L’heure de ce rendez-vous est passée." in html
    assert "Annuler le rendez-vous" not in html
    response = client.post(manage(appointment, "manage_cancel"), follow=True)
    assert "ne peut plus être annulé ici" in response.content.decode()
    assert Appointment.objects.get().status == AppointmentStatus.BOOKED


def test_an_appointment_marked_done_shows_its_state(client, desk):
    appointment = book(desk)
    Appointment.objects.filter(pk=appointment.pk).update(status=AppointmentStatus.DONE)
    html = client.get(manage(appointment)).content.decode()
    assert "Ce rendez-vous a eu lieu." in html
    assert "Annuler le rendez-vous" not in html


def test_staff_booked_appointments_have_a_working_link_too(client, desk):
    kind = BookableTypeFactory(venue=desk.venue, staff_only=True, mediators=[desk.mediator])
    appointment = book_appointment(
        appointment_type=kind, starts_at=at(3, 15), first_name="Paul", phone="+33611111111"
    )
    html = client.get(manage(appointment)).content.decode()
    assert "Annuler le rendez-vous" in html
    assert "Pour le déplacer, appelez le lieu." in html


def test_htmx_swaps_only_the_picker_when_moving(client, desk):
    url = manage(book(desk), "manage_move")
    day = (timezone.localdate() + datetime.timedelta(days=4)).isoformat()
    response = client.get(url, {"day": day}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="picker"')
    assert f'href="{url}?start={format_start(at(4, 9))}"' in html
