"""Staff: schedule, change and cancel a session; one session's page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.audit.models import AuditEntry
from comptoir.notifications.models import Message
from comptoir.workshops.models import RegistrationStatus, Session, SessionStatus
from tests.conftest import client_for
from tests.factories import (
    MembershipFactory,
    PersonFactory,
    SessionFactory,
    UserFactory,
    VenueFactory,
    WorkshopFactory,
)
from tests.queries import query_budget
from tests.workshops.staff_helpers import peer_animator, seat

pytestmark = pytest.mark.django_db

NEXT_WEEK = timezone.localdate() + datetime.timedelta(days=7)


def _url(name, venue, *args):
    return reverse(f"workshops:{name}", args=[venue.slug, *args])


def _data(**overrides):
    data = {
        "date": NEXT_WEEK.isoformat(),
        "start_time": "14:00",
        "end_time": "",
        "place": "",
        "room": "à l’étage",
        "capacity": "6",
        "registration_opens_at": "",
        "registration_closes_at": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def workshop(venue):
    return WorkshopFactory(venue=venue, title="Premiers pas sur smartphone", duration_minutes=120)


# --- Scheduling ----------------------------------------------------------------------------------


def test_the_form_proposes_the_workshop_capacity(mediator_client, venue, workshop):
    form = mediator_client.get(_url("session_create", venue, workshop.pk)).context["form"]
    assert form["capacity"].value() == workshop.default_capacity


def test_scheduling_a_session_ends_it_after_the_usual_duration(
    mediator_client, venue, workshop, mediator
):
    response = mediator_client.post(
        _url("session_create", venue, workshop.pk), _data(animators=[mediator.pk])
    )
    session = Session.objects.get()
    assert response["Location"] == _url("session", venue, session.pk)
    start = timezone.localtime(session.starts_at)
    assert (start.date(), start.hour, start.minute) == (NEXT_WEEK, 14, 0)
    assert session.ends_at - session.starts_at == datetime.timedelta(minutes=120)
    assert session.capacity == 6
    assert session.room == "à l’étage"
    assert list(session.animators.all()) == [mediator]
    assert AuditEntry.objects.filter(venue=venue).count() == 1


def test_a_session_can_take_place_at_an_outreach_partner(mediator_client, venue, workshop):
    partner = VenueFactory(outreach=True, name="Médiathèque Lumière", network=venue.network)
    form = mediator_client.get(_url("session_create", venue, workshop.pk)).context["form"]
    assert list(form.fields["place"].queryset) == [partner]
    mediator_client.post(_url("session_create", venue, workshop.pk), _data(place=partner.pk))
    assert Session.objects.get().place == partner


def test_a_session_cannot_end_before_it_starts(mediator_client, venue, workshop):
    response = mediator_client.post(
        _url("session_create", venue, workshop.pk), _data(end_time="13:00")
    )
    assert response.status_code == 200
    assert "La fin de la séance doit être après son début." in response.content.decode()
    assert 'value="13:00"' in response.content.decode()
    assert not Session.objects.exists()


def test_registrations_cannot_close_after_the_start(mediator_client, venue, workshop):
    closes = f"{(NEXT_WEEK + datetime.timedelta(days=1)).isoformat()}T10:00"
    response = mediator_client.post(
        _url("session_create", venue, workshop.pk), _data(registration_closes_at=closes)
    )
    assert "au plus tard au début de la séance" in response.content.decode()
    assert not Session.objects.exists()


def test_only_people_with_the_recognised_skill_are_offered_as_peer_animators(
    mediator_client, venue, workshop
):
    skilled = peer_animator(venue, "Bernadette")
    PersonFactory(venue=venue, first_name="Sans-compétence")
    page = mediator_client.get(_url("session_create", venue, workshop.pk)).content.decode()
    assert "Bernadette" in page
    assert "Sans-compétence" not in page
    mediator_client.post(
        _url("session_create", venue, workshop.pk), _data(peer_animators=[skilled.pk])
    )
    assert list(Session.objects.get().peer_animators.all()) == [skilled]


def test_a_tampered_peer_animator_without_the_skill_is_refused_plainly(
    mediator_client, venue, workshop
):
    peer_animator(venue, "Bernadette")
    unskilled = PersonFactory(venue=venue, first_name="Raymond")
    response = mediator_client.post(
        _url("session_create", venue, workshop.pk), _data(peer_animators=[unskilled.pk])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Raymond n’a pas de compétence reconnue pour animer un atelier" in page
    assert 'value="à l’étage"' in page
    assert not Session.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_person_of_another_venue_cannot_be_set_as_peer_animator(
    mediator_client, venue, other_venue, workshop
):
    foreign = peer_animator(other_venue, "Étrangère")
    response = mediator_client.post(
        _url("session_create", venue, workshop.pk), _data(peer_animators=[foreign.pk])
    )
    assert response.status_code == 200
    assert not Session.objects.exists()


def test_an_inactive_workshop_cannot_be_scheduled(mediator_client, venue):
    workshop = WorkshopFactory(venue=venue, active=False)
    response = mediator_client.get(_url("session_create", venue, workshop.pk))
    assert response["Location"] == _url("workshop", venue, workshop.pk)


# --- Changing ------------------------------------------------------------------------------------


def test_the_edit_form_shows_the_session_as_it_is(mediator_client, venue, workshop):
    peer = peer_animator(venue)
    session = SessionFactory(workshop=workshop, capacity=5, room="salle B")
    session.peer_animators.set([peer])
    form = mediator_client.get(_url("session_edit", venue, session.pk)).context["form"]
    assert form["capacity"].value() == 5
    assert form["room"].value() == "salle B"
    assert form["peer_animators"].value() == [peer.pk]


def test_capacity_cannot_go_below_the_seats_taken(mediator_client, venue, workshop):
    session = SessionFactory(workshop=workshop, capacity=4)
    for name in ("Aline", "Bruno", "Chloé"):
        seat(session, first_name=name)
    start = timezone.localtime(session.starts_at)
    response = mediator_client.post(
        _url("session_edit", venue, session.pk),
        _data(date=start.date().isoformat(), start_time=start.strftime("%H:%M"), capacity="2"),
    )
    assert response.status_code == 200
    assert "3 personnes ont déjà une place" in response.content.decode()
    session.refresh_from_db()
    assert session.capacity == 4


def test_more_seats_go_to_the_waiting_list_at_once(mediator_client, venue, workshop):
    session = SessionFactory(workshop=workshop, capacity=1)
    seat(session, first_name="Aline")
    waiting = seat(session, first_name="Bruno", status=RegistrationStatus.WAITLISTED)
    start = timezone.localtime(session.starts_at)
    mediator_client.post(
        _url("session_edit", venue, session.pk),
        _data(date=start.date().isoformat(), start_time=start.strftime("%H:%M"), capacity="2"),
    )
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert Message.objects.filter(key__startswith=f"workshop-registration:{waiting.pk}:promoted")


# --- Cancelling ----------------------------------------------------------------------------------


def test_cancelling_a_session_needs_a_reason(mediator_client, venue, workshop):
    session = SessionFactory(workshop=workshop)
    response = mediator_client.post(_url("session_cancel", venue, session.pk), {"reason": " "})
    assert "Indiquez le motif" in response.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED


def test_cancelling_a_session_tells_everyone_registered(mediator_client, venue, workshop):
    session = SessionFactory(workshop=workshop)
    registration = seat(session, first_name="Aline")
    response = mediator_client.post(
        _url("session_cancel", venue, session.pk), {"reason": "Animatrice malade"}
    )
    assert response["Location"] == _url("session", venue, session.pk)
    session.refresh_from_db()
    registration.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert session.cancel_reason == "Animatrice malade"
    assert registration.status == RegistrationStatus.CANCELLED
    assert Message.objects.filter(
        key__startswith=f"workshop-registration:{registration.pk}:session_cancelled"
    ).exists()
    page = mediator_client.get(response["Location"]).content.decode()
    assert "Séance annulée : Animatrice malade" in page
    assert _url("session_cancel", venue, session.pk) not in page


def test_a_facilitator_may_not_cancel_a_session(venue, facilitator, workshop):
    session = SessionFactory(workshop=workshop)
    response = client_for(facilitator).post(
        _url("session_cancel", venue, session.pk), {"reason": "Pourquoi pas"}
    )
    assert response.status_code == 403
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED


# --- One session ---------------------------------------------------------------------------------


def test_the_session_page_lists_registrations_with_masked_contacts_and_the_waiting_list(
    mediator_client, venue, workshop
):
    session = SessionFactory(workshop=workshop, capacity=1)
    seat(session, first_name="Aline", phone="+33612345678")
    seat(session, first_name="Bruno", status="waitlisted", phone="", email="bruno@example.org")
    seat(session, first_name="Chloé", status="waitlisted", phone="+33698765432")
    response = mediator_client.get(_url("session", venue, session.pk))
    page = response.content.decode()
    assert "+33612345678" not in page and "06 12 34 56 78" not in page
    assert "•• •• •• 78" in page
    assert "b•••@example.org" in page
    assert [(n, r.first_name) for n, r in response.context["waiting"]] == [
        (1, "Bruno"),
        (2, "Chloé"),
    ]
    assert reverse("workshops:poster", args=[venue.slug, session.pk]) in page
    assert session.get_public_url() in page
    assert _url("attendance", venue, session.pk) in page


def test_a_viewer_without_register_rights_sees_no_cancel_buttons(venue, workshop):
    user = UserFactory(username="lecteur")
    MembershipFactory(user=user, venue=venue, role="facilitator")
    session = SessionFactory(workshop=workshop)
    registration = seat(session)
    page = client_for(user).get(_url("session", venue, session.pk)).content.decode()
    # Facilitators register participants: they do see it; managing is not theirs.
    assert _url("registration_cancel", venue, registration.pk) in page
    assert _url("session_edit", venue, session.pk) not in page


def test_the_session_page_stays_within_its_query_budget(mediator_client, venue, workshop):
    session = SessionFactory(workshop=workshop, capacity=10)
    session.peer_animators.set([peer_animator(venue)])
    for n in range(14):
        seat(session, first_name=f"P{n}", status="waitlisted" if n >= 10 else None)
    with query_budget(8):
        response = mediator_client.get(_url("session", venue, session.pk))
    assert len(response.context["seated"]) == 10


def test_a_session_of_another_venue_is_a_404(mediator_client, venue, other_venue):
    foreign = SessionFactory(workshop=WorkshopFactory(venue=other_venue))
    for name in ("session", "session_edit", "session_cancel", "session_register", "attendance"):
        assert mediator_client.get(_url(name, venue, foreign.pk)).status_code == 404
