"""Staff: registering someone at the counter, cancelling a registration, the waiting list."""

import pytest
from django.urls import reverse

from comptoir.notifications.models import Message
from comptoir.workshops.models import Registration, RegistrationSource, RegistrationStatus
from tests.factories import PersonFactory, SessionFactory, WorkshopFactory
from tests.workshops.staff_helpers import seat, started_session

pytestmark = pytest.mark.django_db
R = RegistrationStatus


def _url(name, venue, *args):
    return reverse(f"workshops:{name}", args=[venue.slug, *args])


@pytest.fixture
def session(venue):
    return SessionFactory(workshop=WorkshopFactory(venue=venue), capacity=1)


def _register(client, venue, session, **data):
    return client.post(_url("session_register", venue, session.pk), data)


def test_a_new_person_is_registered_at_the_counter_with_their_contact(
    mediator_client, venue, session, mediator
):
    response = _register(
        mediator_client,
        venue,
        session,
        first_name="Lucette",
        phone="06 12 34 56 78",
        consent_to_reminders="on",
    )
    assert response["Location"] == _url("session", venue, session.pk)
    registration = Registration.objects.get()
    assert registration.status == R.CONFIRMED
    assert registration.source == RegistrationSource.STAFF
    assert registration.registered_by == mediator
    assert registration.phone == "+33612345678"
    assert registration.person.venue == venue
    assert registration.consent_to_reminders is True


def test_someone_already_followed_is_found_by_name_and_registered(mediator_client, venue, session):
    person = PersonFactory(venue=venue, first_name="Marcel", reachable=True)
    page = mediator_client.get(
        _url("session_register", venue, session.pk), {"q": "marcel"}
    ).content.decode()
    assert f"?person={person.pk}" in page
    page = mediator_client.get(
        _url("session_register", venue, session.pk), {"person": person.pk}
    ).content.decode()
    assert "Pour <strong>Marcel</strong>" in page
    _register(mediator_client, venue, session, person=person.pk)
    registration = Registration.objects.get()
    assert registration.person == person
    assert registration.first_name == "Marcel"
    assert registration.phone == person.phone


def test_a_person_of_another_venue_cannot_be_picked(mediator_client, venue, other_venue, session):
    foreign = PersonFactory(venue=other_venue, first_name="Étrangère")
    response = _register(mediator_client, venue, session, person=foreign.pk)
    # Not found at this venue: the form asks for a name and a contact instead.
    assert response.status_code == 200
    assert "Indiquez un prénom ou un surnom." in response.content.decode()
    assert not Registration.objects.exists()


def test_a_contact_is_needed_for_a_new_person(mediator_client, venue, session):
    response = _register(mediator_client, venue, session, first_name="Lucette")
    assert "Donnez un numéro de portable ou une adresse e-mail" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_full_session_puts_the_person_on_the_waiting_list_and_says_at_which_position(
    mediator_client, venue, session
):
    seat(session, first_name="Aline")
    page = mediator_client.get(_url("session_register", venue, session.pk)).content.decode()
    assert "La séance est complète" in page and "en position 1" in page
    response = _register(
        mediator_client, venue, session, first_name="Bruno", email="bruno@example.org"
    )
    follow = mediator_client.get(response["Location"]).content.decode()
    assert "Bruno est sur la liste d’attente, en position 1" in follow
    assert Registration.objects.get(first_name="Bruno").status == R.WAITLISTED


def test_an_extra_seat_can_be_given_beyond_capacity(mediator_client, venue, session):
    seat(session, first_name="Aline")
    _register(
        mediator_client,
        venue,
        session,
        first_name="Bruno",
        email="bruno@example.org",
        over_capacity="on",
    )
    bruno = Registration.objects.get(first_name="Bruno")
    assert bruno.status == R.CONFIRMED
    assert bruno.seat == 2


def test_the_same_person_cannot_hold_two_seats(mediator_client, venue, session):
    person = PersonFactory(venue=venue, first_name="Marcel")
    seat(session, first_name="Marcel", person=person)
    response = _register(mediator_client, venue, session, person=person.pk)
    assert "Marcel est déjà inscrit·e à cette séance" in response.content.decode()
    assert Registration.objects.count() == 1


def test_a_walk_in_from_the_attendance_sheet_goes_back_there(mediator_client, venue):
    session = started_session(WorkshopFactory(venue=venue), capacity=1)
    seat(session, first_name="Aline")
    form = mediator_client.get(
        _url("session_register", venue, session.pk), {"back": "attendance"}
    ).context["form"]
    assert form["over_capacity"].value() is True
    response = _register(
        mediator_client,
        venue,
        session,
        first_name="Bruno",
        email="bruno@example.org",
        over_capacity="on",
        back="attendance",
    )
    assert response["Location"] == _url("attendance", venue, session.pk)
    assert Registration.objects.get(first_name="Bruno").status == R.CONFIRMED


def test_cancelling_a_seat_promotes_the_first_on_the_waiting_list_and_says_who(
    mediator_client, venue, session
):
    aline = seat(session, first_name="Aline")
    bruno = seat(session, first_name="Bruno", status=R.WAITLISTED, email="bruno@example.org")
    response = mediator_client.post(_url("registration_cancel", venue, aline.pk))
    assert response["Location"] == _url("session", venue, session.pk)
    page = mediator_client.get(response["Location"]).content.decode()
    assert "L’inscription de Aline est annulée." in page
    assert "Bruno sort de la liste d’attente" in page
    aline.refresh_from_db()
    bruno.refresh_from_db()
    assert aline.status == R.CANCELLED
    assert bruno.status == R.CONFIRMED and bruno.seat == 1
    assert Message.objects.filter(key=f"workshop-registration:{bruno.pk}:promoted:email").exists()


def test_a_registration_of_another_venue_cannot_be_cancelled(mediator_client, venue, other_venue):
    foreign = seat(SessionFactory(workshop=WorkshopFactory(venue=other_venue)))
    response = mediator_client.post(_url("registration_cancel", venue, foreign.pk))
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == R.CONFIRMED


def test_cancelling_twice_says_it_plainly(mediator_client, venue, session):
    registration = seat(session, first_name="Aline", status=R.CANCELLED, seat=None)
    response = mediator_client.post(_url("registration_cancel", venue, registration.pk))
    page = mediator_client.get(response["Location"]).content.decode()
    assert "Cette inscription est déjà annulée." in page


def test_cancelling_needs_a_post(mediator_client, venue, session):
    registration = seat(session)
    assert (
        mediator_client.get(_url("registration_cancel", venue, registration.pk)).status_code == 405
    )
