"""The outbox's staff URLs in the permission matrix (see tests/test_permission_matrix.py)."""

from django.utils import timezone

from comptoir.notifications.models import Message

POST_ONLY = {"notifications:retry"}


def build_world(venue) -> dict:
    message = Message.objects.create(
        venue=venue,
        key=f"matrix:{venue.pk}",
        channel="sms",
        to="+33600000000",
        body="Rappel",
        send_after=timezone.now(),
        status="failed",
        attempts=12,
    )
    return {"message": message}


URL_ARGS = {
    "notifications:outbox": lambda w: [],
    "notifications:retry": lambda w: [w["message"].pk],
}
