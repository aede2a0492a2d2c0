"""Staff, end to end: catalogue → schedule → counter → waiting list → cancel → promotion →
attendance → close → journal (and the badge, when the workshop has one)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.journal.cra import Theme
from comptoir.journal.models import Activity
from comptoir.notifications.models import Message
from comptoir.skills.models import Credential
from comptoir.workshops.models import Registration, RegistrationStatus, Session, Workshop
from tests.factories import WorkshopFactory
from tests.workshops.staff_helpers import achievement, seat, started_session

pytestmark = pytest.mark.django_db
R = RegistrationStatus


def _url(name, venue, *args):
    return reverse(f"workshops:{name}", args=[venue.slug, *args])


def test_a_workshop_from_catalogue_to_journal(mediator_client, venue, mediator):
    client = mediator_client
    client.post(
        _url("workshop_create", venue),
        {
            "title": "Premiers pas sur smartphone",
            "description": "Appeler, envoyer un message, prendre une photo.",
            "format": "workshop",
            "audience": "seniors",
            "level": "debutant",
            "themes": [Theme.GETTING_STARTED, Theme.EMAIL],
            "price_kind": "free",
            "duration_minutes": "90",
            "default_capacity": "2",
            "active": "on",
        },
    )
    workshop = Workshop.objects.get()
    day = timezone.localdate() + datetime.timedelta(days=3)
    client.post(
        _url("session_create", venue, workshop.pk),
        {
            "date": day.isoformat(),
            "start_time": "10:00",
            "capacity": "2",
            "animators": [mediator.pk],
        },
    )
    session = Session.objects.get()

    def register(first_name, phone):
        return client.post(
            _url("session_register", venue, session.pk), {"first_name": first_name, "phone": phone}
        )

    register("Aline", "06 11 11 11 11")
    register("Bruno", "06 22 22 22 22")
    response = register("Chloé", "06 33 33 33 33")
    assert (
        "Chloé est sur la liste d’attente, en position 1"
        in client.get(response["Location"]).content.decode()
    )
    aline, bruno, chloe = Registration.objects.order_by("pk")
    assert [aline.status, bruno.status, chloe.status] == [R.CONFIRMED, R.CONFIRMED, R.WAITLISTED]

    client.post(_url("registration_cancel", venue, aline.pk))
    chloe.refresh_from_db()
    assert chloe.status == R.CONFIRMED
    promoted = Message.objects.get(key=f"workshop-registration:{chloe.pk}:promoted:sms")
    assert promoted.to == "+33633333333"

    client.post(_url("attendance_toggle", venue, chloe.pk), {"present": "1"})
    # Time passes: the session took place.
    start = timezone.now() - datetime.timedelta(minutes=45)
    Session.objects.filter(pk=session.pk).update(
        starts_at=start, ends_at=start + datetime.timedelta(minutes=90)
    )
    response = client.post(_url("session_close", venue, session.pk), {"extra_head_count": "1"})
    assert response["Location"] == _url("session", venue, session.pk)

    activity = Activity.objects.get(venue=venue)
    assert activity.head_count == 2
    assert list(activity.participants.all()) == [chloe.person]
    assert activity.mediator == mediator
    assert sorted(activity.themes.values_list("code", flat=True)) == sorted(
        [Theme.GETTING_STARTED, Theme.EMAIL]
    )
    bruno.refresh_from_db()
    assert bruno.status == R.NO_SHOW
    page = client.get(_url("session", venue, session.pk)).content.decode()
    assert reverse("journal:detail", args=[venue.slug, activity.pk]) in page


def test_closing_a_workshop_with_a_badge_says_how_many_were_awarded(mediator_client, venue):
    badge = achievement(venue)
    session = started_session(WorkshopFactory(venue=venue, badge=badge))
    seat(session, first_name="Aline", status=R.ATTENDED)
    seat(session, first_name="Bruno", status=R.ATTENDED)
    seat(session, first_name="Chloé")
    response = mediator_client.post(
        _url("session_close", venue, session.pk), {"extra_head_count": "0"}
    )
    page = mediator_client.get(response["Location"]).content.decode()
    assert Credential.objects.filter(achievement=badge).count() == 2
    assert "2 badges délivrés." in page
    assert "2 badges « Premiers pas sur smartphone » délivrés." in page
