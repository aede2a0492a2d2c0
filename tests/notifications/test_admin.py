"""Staff see the outbox in the admin (read-only) and can retry a message now."""

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.notifications.actions import queue_message
from comptoir.notifications.models import Channel, Message, MessageStatus
from tests.conftest import client_for
from tests.factories import UserFactory, VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(db):
    return client_for(UserFactory(username="admin", is_staff=True, is_superuser=True))


def test_the_outbox_is_listed_and_cannot_be_edited(admin_client_):
    message = queue_message(
        venue=VenueFactory(), key="k:1", channel=Channel.SMS, to="+33612345678", body="Bonjour"
    )
    listing = admin_client_.get(reverse("admin:notifications_message_changelist"))
    assert listing.status_code == 200
    assert "+33612345678" in listing.content.decode()
    change = admin_client_.post(
        reverse("admin:notifications_message_change", args=[message.pk]), {"body": "Autre"}
    )
    assert change.status_code == 403
    assert Message.objects.get().body == "Bonjour"


def test_a_failed_message_can_be_retried_now(
    admin_client_, recorded_tasks, django_capture_on_commit_callbacks
):
    message = queue_message(
        venue=VenueFactory(), key="k:2", channel=Channel.SMS, to="+33612345678", body="Bonjour"
    )
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.FAILED, send_after=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(
            reverse("admin:notifications_message_changelist"),
            {"action": "retry_now", "_selected_action": [message.pk]},
        )
    assert response.status_code == 302
    assert Message.objects.get().status == MessageStatus.PENDING
    assert [task.args for task in recorded_tasks.results] == [[message.pk]]
