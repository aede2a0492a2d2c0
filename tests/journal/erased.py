"""The journal refuses to attach anything new to an erased person (tests/people/closed.py)."""

from django.urls import reverse
from django.utils import timezone

from comptoir.journal.actions import record_activity, record_missed_booking
from comptoir.journal.cra import ActivityType, PlaceType, Theme
from comptoir.journal.models import Activity, MissedBooking, Source
from tests.people.closed import refusal_shown


def _individual(person, **fields) -> Activity:
    return Activity(
        type=ActivityType.INDIVIDUAL,
        place_type=PlaceType.VENUE,
        date=timezone.localdate(),
        duration_minutes=30,
        person=person,
        **fields,
    )


def _form(**overrides) -> dict:
    return {
        "type": "individuel",
        "place_type": "lieu_activite",
        "date": timezone.localdate().isoformat(),
        "duration_choice": "30",
        "themes": ["email"],
        "age_bracket": "soixante_soixante_neuf",
        "gender": "non_communique",
        "social_status": "retraite",
        "commune": "Lyon",
        "notes": "Josiane est revenue, elle attend toujours la CAF.",
    } | overrides


def a_service_records_an_accompaniment_for_them(closed):
    """A booking made before the erasure and closed after it: counted, attached to nobody."""
    activity = record_activity(
        actor=closed.staff,
        venue=closed.venue,
        activity=_individual(closed.person, notes="Remise de l’appareil CPT-00042."),
        themes=[Theme.GETTING_STARTED],
    )
    assert activity.person is None
    assert activity.commune == closed.person.commune  # the anonymous description stays


def staff_note_an_accompaniment_from_their_page(closed):
    url = reverse("journal:create", args=[closed.venue.slug])
    assert closed.client.get(f"{url}?person={closed.person.pk}")["Location"] == closed.person_url()
    response = closed.client.post(url, _form(person=closed.person.pk))
    assert response.status_code == 302 and response["Location"] == closed.person_url()
    assert refusal_shown(response)
    assert not Activity.objects.filter(notes__contains="Josiane est revenue").exists()


def staff_add_notes_to_one_of_their_accompaniments(closed):
    activity = closed.trace.individual
    url = reverse("journal:edit", args=[closed.venue.slug, activity.pk])
    response = closed.client.post(url, _form(date=activity.date.isoformat()))
    assert response.status_code == 200
    assert "sans notes" in response.content.decode()
    activity.refresh_from_db()
    assert activity.notes == ""


def a_session_counts_them_among_its_participants(closed):
    activity = record_activity(
        actor=closed.staff,
        venue=closed.venue,
        activity=Activity(
            type=ActivityType.COLLECTIVE,
            place_type=PlaceType.VENUE,
            date=timezone.localdate(),
            duration_minutes=90,
            head_count=5,
            workshop_title="Atelier tablette",
        ),
        themes=[Theme.GETTING_STARTED],
        participants=[closed.person],
    )
    assert activity.head_count == 5 and not activity.participants.exists()


def a_missed_booking_of_theirs_is_marked(closed):
    record_missed_booking(
        venue=closed.venue,
        date=timezone.localdate(),
        source=Source.APPOINTMENT,
        source_ref="appointment:424242",
        person=closed.person,
    )
    assert MissedBooking.objects.get(source_ref="appointment:424242").person is None


ATTEMPTS = {
    "journal": [
        a_service_records_an_accompaniment_for_them,
        staff_note_an_accompaniment_from_their_page,
        staff_add_notes_to_one_of_their_accompaniments,
        a_session_counts_them_among_its_participants,
    ],
    "journal_missed": [a_missed_booking_of_theirs_is_marked],
}
