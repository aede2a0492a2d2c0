"""Staff: the attendance sheet, ticking who came, closing a session, the check-in QR code."""

import pytest
from django.urls import reverse

from comptoir.journal.models import Activity
from comptoir.workshops.links import make_checkin_code
from comptoir.workshops.models import RegistrationStatus, SessionStatus
from tests.factories import SessionFactory, WorkshopFactory
from tests.queries import query_budget
from tests.workshops.staff_helpers import seat, started_session

pytestmark = pytest.mark.django_db
R = RegistrationStatus
HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(name, venue, *args):
    return reverse(f"workshops:{name}", args=[venue.slug, *args])


@pytest.fixture
def session(venue):
    return started_session(WorkshopFactory(venue=venue, title="Atelier courriel"), capacity=3)


# --- The sheet -----------------------------------------------------------------------------------


def test_the_sheet_lists_registered_people_with_the_waiting_list_last(
    mediator_client, venue, session
):
    seat(session, first_name="Zoé")
    seat(session, first_name="Aline", status=R.ATTENDED)
    seat(session, first_name="Walter", status=R.WAITLISTED)
    seat(session, first_name="Annulé", status=R.CANCELLED)
    response = mediator_client.get(_url("attendance", venue, session.pk))
    page = response.content.decode()
    assert [r.first_name for r in response.context["seated"]] == ["Aline", "Zoé"]
    assert [r.first_name for _n, r in response.context["waiting"]] == ["Walter"]
    assert "Annulé" not in page
    assert "1 présent·e sur 2 inscrit·es" in page
    assert 'aria-pressed="true"' in page and 'aria-pressed="false"' in page
    assert _url("session_register", venue, session.pk) + "?back=attendance" in page
    assert _url("session_close", venue, session.pk) in page


def test_the_sheet_stays_within_its_query_budget(mediator_client, venue, session):
    for n in range(15):
        seat(session, first_name=f"P{n}", status=R.WAITLISTED if n > 11 else None)
    with query_budget(6):
        response = mediator_client.get(_url("attendance", venue, session.pk))
    assert len(response.context["seated"]) == 12


def test_ticking_without_javascript_marks_present_and_returns_to_the_sheet(
    mediator_client, venue, session, mediator
):
    registration = seat(session, first_name="Aline")
    response = mediator_client.post(
        _url("attendance_toggle", venue, registration.pk), {"present": "1"}
    )
    assert response["Location"] == _url("attendance", venue, session.pk)
    registration.refresh_from_db()
    assert registration.status == R.ATTENDED
    assert registration.checked_in_by == mediator
    mediator_client.post(_url("attendance_toggle", venue, registration.pk), {"present": "0"})
    registration.refresh_from_db()
    assert registration.status == R.CONFIRMED
    assert registration.checked_in_at is None


def test_ticking_with_htmx_swaps_the_row_and_the_count(mediator_client, venue, session):
    registration = seat(session, first_name="Aline")
    seat(session, first_name="Bruno")
    response = mediator_client.post(
        _url("attendance_toggle", venue, registration.pk), {"present": "1"}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<li id="registration-{registration.pk}"')
    assert 'aria-pressed="true"' in html
    assert 'hx-swap-oob="true"' in html
    assert "1 présent·e sur 2 inscrit·es" in html


def test_someone_from_the_waiting_list_who_came_gets_an_extra_seat(mediator_client, venue, session):
    for name in ("A", "B", "C"):
        seat(session, first_name=name)
    waiting = seat(session, first_name="Walter", status=R.WAITLISTED)
    mediator_client.post(_url("attendance_toggle", venue, waiting.pk), {"present": "1"})
    waiting.refresh_from_db()
    assert waiting.status == R.ATTENDED
    assert waiting.seat == 4


def test_a_closed_session_cannot_change_and_says_so(mediator_client, venue, session):
    registration = seat(session, first_name="Aline", status=R.NO_SHOW)
    session.status = SessionStatus.CLOSED
    session.save()
    page = mediator_client.get(_url("attendance", venue, session.pk)).content.decode()
    assert "la présence ne peut plus changer" in page
    assert _url("attendance_toggle", venue, registration.pk) not in page
    response = mediator_client.post(
        _url("attendance_toggle", venue, registration.pk), {"present": "1"}, **HTMX
    )
    assert response.headers["HX-Refresh"] == "true"
    registration.refresh_from_db()
    assert registration.status == R.NO_SHOW


# --- Closing -------------------------------------------------------------------------------------


def test_the_close_page_summarises_who_came_and_who_will_be_marked_absent(
    mediator_client, venue, session
):
    seat(session, first_name="Aline", status=R.ATTENDED)
    seat(session, first_name="Bruno")
    response = mediator_client.get(_url("session_close", venue, session.pk))
    assert [r.first_name for r in response.context["present"]] == ["Aline"]
    assert [r.first_name for r in response.context["absent"]] == ["Bruno"]
    assert "1 absent·e" in response.content.decode()


def test_closing_writes_one_journal_activity_and_marks_no_shows(mediator_client, venue, session):
    aline = seat(session, first_name="Aline", status=R.ATTENDED)
    bruno = seat(session, first_name="Bruno")
    walter = seat(session, first_name="Walter", status=R.WAITLISTED)
    response = mediator_client.post(
        _url("session_close", venue, session.pk), {"extra_head_count": "2"}
    )
    assert response["Location"] == _url("session", venue, session.pk)
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    activity = Activity.objects.get()
    assert session.activity == activity
    assert activity.head_count == 3
    assert list(activity.participants.all()) == [aline.person]
    assert activity.workshop_title == "Atelier courriel"
    bruno.refresh_from_db()
    walter.refresh_from_db()
    assert bruno.status == R.NO_SHOW
    assert walter.status == R.CANCELLED
    page = mediator_client.get(response["Location"]).content.decode()
    assert "La séance est close. Présent·es : 1 ; absent·es : 1." in page
    assert reverse("journal:detail", args=[venue.slug, activity.pk]) in page


def test_a_session_cannot_be_closed_before_it_starts(mediator_client, venue):
    session = SessionFactory(workshop=WorkshopFactory(venue=venue))
    seat(session, first_name="Aline", status=R.ATTENDED)
    page = mediator_client.get(_url("session_close", venue, session.pk)).content.decode()
    assert "La séance n’a pas encore commencé" in page
    response = mediator_client.post(
        _url("session_close", venue, session.pk), {"extra_head_count": "0"}
    )
    assert response.status_code == 200
    assert "on la clôt une fois qu’elle a eu lieu" in response.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED
    assert not Activity.objects.exists()


def test_a_negative_walk_in_count_is_refused(mediator_client, venue, session):
    response = mediator_client.post(
        _url("session_close", venue, session.pk), {"extra_head_count": "-1"}
    )
    assert "Indiquez 0 ou plus." in response.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED


def test_a_closed_session_is_not_closed_twice(mediator_client, venue, session):
    session.status = SessionStatus.CLOSED
    session.save()
    response = mediator_client.get(_url("session_close", venue, session.pk))
    assert response["Location"] == _url("session", venue, session.pk)


# --- Check-in by QR code -------------------------------------------------------------------------


def test_the_check_in_code_opens_a_page_that_marks_the_person_present(
    mediator_client, venue, session
):
    registration = seat(session, first_name="Aline")
    url = _url("checkin", venue, make_checkin_code(registration))
    page = mediator_client.get(url).content.decode()
    assert "Marquer Aline présent·e à « Atelier courriel »" in page
    response = mediator_client.post(url)
    assert response["Location"] == _url("attendance", venue, session.pk)
    registration.refresh_from_db()
    assert registration.status == R.ATTENDED
    follow = mediator_client.get(response["Location"]).content.decode()
    assert "Aline est noté·e présent·e." in follow


def test_a_tampered_check_in_code_is_a_404_with_a_plain_message(mediator_client, venue, session):
    registration = seat(session, first_name="Aline")
    code = make_checkin_code(registration)
    for bad in (code[:-2] + "xx", "nimportequoi"):
        response = mediator_client.get(_url("checkin", venue, bad))
        assert response.status_code == 404
        assert (
            "Ce code ne correspond à aucune inscription de votre lieu" in response.content.decode()
        )
    assert mediator_client.post(_url("checkin", venue, code[:-2] + "xx")).status_code == 404
    registration.refresh_from_db()
    assert registration.status == R.CONFIRMED


def test_a_check_in_code_of_another_venue_is_a_404(mediator_client, venue, other_venue):
    foreign = seat(started_session(WorkshopFactory(venue=other_venue)))
    url = _url("checkin", venue, make_checkin_code(foreign))
    assert mediator_client.get(url).status_code == 404
    assert mediator_client.post(url).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == R.CONFIRMED


def test_checking_in_a_cancelled_registration_says_what_to_do(mediator_client, venue, session):
    registration = seat(session, first_name="Aline", status=R.CANCELLED)
    url = _url("checkin", venue, make_checkin_code(registration))
    assert "inscrivez à nouveau la personne" in mediator_client.get(url).content.decode()
    response = mediator_client.post(url)
    assert "inscrivez à nouveau la personne" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == R.CANCELLED
