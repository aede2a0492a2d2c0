"""Staff see the messages that did not leave, and can send one again."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.notifications.models import Message
from tests.queries import query_budget

pytestmark = pytest.mark.django_db


def _message(venue, key, **fields):
    defaults = {
        "venue": venue,
        "key": key,
        "channel": "sms",
        "to": "+33612345678",
        "body": "Rappel : rendez-vous demain à 10:00.",
        "send_after": timezone.now(),
    }
    return Message.objects.create(**(defaults | fields))


def test_failed_and_retrying_messages_are_visible_with_their_error(mediator_client, venue):
    _message(venue, "a", status="failed", attempts=12, last_error="SMSError: provider down")
    _message(
        venue,
        "b",
        attempts=2,
        last_error="ConnectionRefusedError: [Errno 111]",
        send_after=timezone.now() + datetime.timedelta(minutes=4),
    )
    _message(venue, "c", send_after=timezone.now() + datetime.timedelta(days=1))
    page = mediator_client.get(reverse("notifications:outbox", args=[venue.slug])).content.decode()
    assert "provider down" in page
    assert "2 essais, nouvel essai le" in page
    assert "•• •• •• 78" in page
    assert "+33612345678" not in page  # contact details are not spread on the page


def test_retry_sends_a_given_up_message_again(mediator_client, venue, settings):
    settings.SMS_BACKEND = "comptoir.notifications.sms.MemoryBackend"
    message = _message(venue, "a", status="failed", attempts=12)
    response = mediator_client.post(reverse("notifications:retry", args=[venue.slug, message.pk]))
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == "pending"
    assert message.send_after <= timezone.now()


def test_an_expired_reminder_is_not_retried(mediator_client, venue):
    message = _message(
        venue, "a", status="failed", expires_at=timezone.now() - datetime.timedelta(hours=1)
    )
    response = mediator_client.post(
        reverse("notifications:retry", args=[venue.slug, message.pk]), follow=True
    )
    assert "plus à envoyer" in response.content.decode()
    message.refresh_from_db()
    assert message.status == "failed"


def test_another_venues_message_is_a_404(mediator_client, venue, other_venue):
    message = _message(other_venue, "x", status="failed")
    response = mediator_client.post(reverse("notifications:retry", args=[venue.slug, message.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("rows", [10, 500])
def test_the_outbox_page_stays_within_its_query_budget(mediator_client, venue, rows):
    Message.objects.bulk_create(
        [
            Message(
                venue=venue,
                key=f"k{i}",
                channel="email",
                to="x@example.org",
                body="…",
                send_after=timezone.now(),
                status=["pending", "failed", "sent"][i % 3],
                attempts=i % 2,
            )
            for i in range(rows)
        ]
    )
    with query_budget(8):
        response = mediator_client.get(reverse("notifications:outbox", args=[venue.slug]))
    assert response.status_code == 200
