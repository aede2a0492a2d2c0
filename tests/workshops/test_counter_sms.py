"""At the counter, a followed person is registered with the phone on their
record: an SMS goes only to a mobile (phonenumbers says which), to its right
country code, and staff see when the number gets no SMS."""

import pytest
from django.urls import reverse

from comptoir.notifications.models import Channel, Message
from comptoir.workshops.models import Registration
from tests.factories import PersonFactory, SessionFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(venue):
    return SessionFactory(workshop=WorkshopFactory(venue=venue), capacity=3)


def follow(venue, phone: str):
    return PersonFactory(
        venue=venue, first_name="Marcel", phone=phone, email="marcel@example.org", reachable=True
    )


def register(client, venue, session, person):
    url = reverse("workshops:session_register", args=[venue.slug, session.pk])
    page = client.get(url, {"person": person.pk}).content.decode()
    client.post(url, {"person": person.pk, "consent_to_reminders": "on"})
    return page


def sms_sent_to() -> set[str]:
    return set(Message.objects.filter(channel=Channel.SMS).values_list("to", flat=True))


def test_a_landline_gets_no_sms_and_the_counter_says_so(mediator_client, venue, session):
    person = follow(venue, "+33478000000")
    page = register(mediator_client, venue, session, person)
    assert "04 78 00 00 00 (pas un portable : pas de SMS)" in page
    assert Registration.objects.get().phone == "+33478000000"
    assert Message.objects.filter(channel=Channel.EMAIL).exists()
    assert sms_sent_to() == set()


def test_a_mobile_gets_its_sms_and_no_warning(mediator_client, venue, session):
    person = follow(venue, "+33612345678")
    page = register(mediator_client, venue, session, person)
    assert "06 12 34 56 78" in page and "pas de SMS" not in page
    assert sms_sent_to() == {"+33612345678"}


@pytest.mark.parametrize("stored", ["+590690123456", "+33690123456"])
def test_a_guadeloupe_mobile_gets_its_sms_at_plus_590(mediator_client, venue, session, stored):
    """Also when it was stored with +33, as it was before phonenumbers."""
    person = follow(venue, stored)
    page = register(mediator_client, venue, session, person)
    assert "0690 12 34 56" in page and "pas de SMS" not in page
    assert sms_sent_to() == {"+590690123456"}
