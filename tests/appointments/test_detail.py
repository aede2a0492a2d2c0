"""One appointment: everything about it, the visitor's link, the .ics; cancel,
close (done / no-show / excused) — every POST redirects with a message."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from comptoir.appointments import actions
from comptoir.appointments.links import read_token
from comptoir.appointments.models import AppointmentStatus
from comptoir.journal.cra import Theme
from comptoir.journal.models import Activity
from tests.appointments.factories import (
    AppointmentTypeFactory,
    every_day,
    local,
    make_appointment,
    mediator_at,
    next_weekday,
)
from tests.conftest import client_for
from tests.factories import PersonFactory
from tests.queries import query_budget

pytestmark = pytest.mark.django_db
S = AppointmentStatus


@pytest.fixture
def camille(venue):
    user = mediator_at(venue, "camille", first_name="Camille", last_name="Roux")
    every_day(venue, user)
    return user


@pytest.fixture
def reason(venue, camille):
    return AppointmentTypeFactory(
        venue=venue, name="Démarches en ligne", mediators=[camille], theme=Theme.EMAIL
    )


@pytest.fixture
def person(venue):
    return PersonFactory(venue=venue, first_name="Josiane")


@pytest.fixture
def upcoming(reason, camille, person):
    return make_appointment(
        reason,
        camille,
        local(next_weekday(2, min_days=2), 10),
        person=person,
        phone="+33612345678",
        email="josiane@example.org",
        topic="Dossier retraite",
    )


@pytest.fixture
def begun(reason, camille, person):
    now = timezone.now().replace(second=0, microsecond=0)
    start = now - datetime.timedelta(minutes=now.minute % 15 + 15)
    return make_appointment(reason, camille, start, person=person)


def detail_url(appointment):
    return reverse("appointments:detail", args=[appointment.venue.slug, appointment.pk])


def action_url(name, appointment):
    return reverse(f"appointments:{name}", args=[appointment.venue.slug, appointment.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_page_shows_everything_about_the_appointment(
    mediator_client, upcoming, reason, camille
):
    for days in (3, 10):
        missed = make_appointment(
            reason,
            camille,
            local(timezone.localdate() - datetime.timedelta(days=days), 10),
            person=upcoming.person,
        )
        actions.mark_no_show(appointment=missed, actor=camille)
    response = mediator_client.get(detail_url(upcoming))
    page = response.content.decode()
    assert "Rendez-vous de Josiane" in page
    assert "Démarches en ligne" in page
    assert "Camille Roux" in page
    assert "06 12 34 56 78" in page
    assert "josiane@example.org" in page
    assert "Dossier retraite" in page
    assert "2 absences" in page
    assert "Réservé" in page  # the transition log
    assert "Déplacer" in page and "Confirmer l’annulation" in page
    assert "vous pourrez noter ici s’il a eu lieu" in page


def test_the_visitors_link_is_shown_and_works(mediator_client, upcoming):
    page = mediator_client.get(detail_url(upcoming)).content.decode()
    start = page.index('id="manage-link" value="') + len('id="manage-link" value="')
    link = page[start : page.index('"', start)]
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert read_token(token) == upcoming


def test_the_ics_file_can_be_downloaded(mediator_client, upcoming):
    response = mediator_client.get(detail_url(upcoming), {"format": "ics"})
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    assert "BEGIN:VCALENDAR" in body and "Démarches en ligne" in body


def test_the_detail_page_has_a_query_budget(mediator_client, upcoming):
    with query_budget(14):
        assert mediator_client.get(detail_url(upcoming)).status_code == 200


def test_an_appointment_of_another_venue_is_a_404(coordinator_client, other_venue):
    foreign_mediator = mediator_at(other_venue, "foreign")
    foreign_reason = AppointmentTypeFactory(venue=other_venue, mediators=[foreign_mediator])
    foreign = make_appointment(foreign_reason, foreign_mediator, local(next_weekday(0), 10))
    venue_slug = "cafe-du-port"
    for name in ("detail", "move"):
        url = reverse(f"appointments:{name}", args=[venue_slug, foreign.pk])
        assert coordinator_client.get(url).status_code == 404
    for name in ("cancel", "close"):
        url = reverse(f"appointments:{name}", args=[venue_slug, foreign.pk])
        assert coordinator_client.post(url, {"outcome": "excused"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == S.BOOKED


def test_cancelling_frees_the_slot_and_says_so(mediator_client, upcoming):
    response = mediator_client.post(action_url("cancel", upcoming))
    assert response.status_code == 302
    assert response["Location"] == detail_url(upcoming)
    upcoming.refresh_from_db()
    assert upcoming.status == S.CANCELLED
    assert not upcoming.holds.exists()
    assert messages_of(response) == [
        "Le rendez-vous de Josiane est annulé ; le créneau est de nouveau libre."
    ]
    page = mediator_client.get(detail_url(upcoming)).content.decode()
    assert "Confirmer l’annulation" not in page
    assert 'id="manage-link"' not in page


def test_cancelling_twice_is_an_error_message_not_a_crash(mediator_client, upcoming):
    mediator_client.post(action_url("cancel", upcoming))
    mediator_client.get(detail_url(upcoming))  # shows (and clears) the first message
    response = mediator_client.post(action_url("cancel", upcoming))
    assert response.status_code == 302
    assert messages_of(response) == ["Impossible de passer un rendez-vous « Annulé » à « Annulé »."]


def test_a_cancel_link_followed_by_get_is_refused(mediator_client, upcoming):
    assert mediator_client.get(action_url("cancel", upcoming)).status_code == 405


def test_the_close_form_shows_once_the_appointment_has_begun(mediator_client, begun):
    page = mediator_client.get(detail_url(begun)).content.decode()
    assert "Après le rendez-vous" in page
    assert "Il a eu lieu" in page and "La personne n’est pas venue" in page


def test_done_writes_the_journal_once(mediator_client, mediator, begun):
    response = mediator_client.post(
        action_url("close", begun),
        {"outcome": "done", "themes": [Theme.EMAIL, Theme.SECURITY], "duration_minutes": "50"},
    )
    assert response.status_code == 302
    assert messages_of(response) == [
        "C’est noté : le rendez-vous a eu lieu, il est inscrit au journal."
    ]
    activity = Activity.objects.get()
    assert activity.source_ref == f"appointment:{begun.pk}"
    assert activity.duration_minutes == 50
    assert sorted(activity.theme_codes()) == sorted([Theme.EMAIL, Theme.SECURITY])
    begun.refresh_from_db()
    assert begun.status == S.DONE and begun.activity == activity
    again = mediator_client.post(action_url("close", begun), {"outcome": "done"})
    assert "Impossible de passer" in messages_of(again)[-1]
    assert Activity.objects.count() == 1
    page = mediator_client.get(detail_url(begun)).content.decode()
    assert "Voir l’accompagnement noté" in page
    assert "Après le rendez-vous" not in page


def test_no_show_then_corrected_to_excused(mediator_client, begun):
    mediator_client.post(action_url("close", begun), {"outcome": "no_show"})
    begun.refresh_from_db()
    mediator_client.get(detail_url(begun))  # shows (and clears) the message
    assert begun.status == S.NO_SHOW
    page = mediator_client.get(detail_url(begun)).content.decode()
    assert "Corriger l’issue du rendez-vous" in page
    assert 'value="no_show"' not in page
    response = mediator_client.post(action_url("close", begun), {"outcome": "excused"})
    assert messages_of(response)[-1] == "C’est noté : Josiane s’est excusé·e."
    begun.refresh_from_db()
    assert begun.status == S.EXCUSED
    assert not Activity.objects.exists()


def test_an_appointment_not_yet_begun_cannot_be_done(mediator_client, upcoming):
    response = mediator_client.post(action_url("close", upcoming), {"outcome": "done"})
    assert response.status_code == 302
    assert messages_of(response) == ["Ce rendez-vous n’a pas encore commencé."]
    upcoming.refresh_from_db()
    assert upcoming.status == S.BOOKED


def test_closing_without_an_outcome_or_with_a_wrong_duration_explains(mediator_client, begun):
    response = mediator_client.post(action_url("close", begun), {})
    assert messages_of(response) == ["Indiquez si le rendez-vous a eu lieu."]
    response = mediator_client.post(
        action_url("close", begun), {"outcome": "done", "duration_minutes": "0"}
    )
    assert response.status_code == 302
    assert messages_of(response)[-1].startswith("Durée réelle, en minutes : ")
    begun.refresh_from_db()
    assert begun.status == S.BOOKED


def test_a_facilitator_sees_and_cancels_but_cannot_close(venue, begun):
    facilitator = mediator_at(venue, "facilitator-x", role="facilitator")
    client = client_for(facilitator)
    page = client.get(detail_url(begun)).content.decode()
    assert "Après le rendez-vous" not in page
    assert "Confirmer l’annulation" in page
    assert client.post(action_url("close", begun), {"outcome": "done"}).status_code == 403
