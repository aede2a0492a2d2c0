"""The outbox page for staff, in a real browser, checked with axe-core."""

import datetime

import pytest
from django.utils import timezone

from comptoir.notifications.models import Message
from tests.browser.helpers import VIEWPORTS, login, submit_and_check, visit


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_mediator_sees_a_failed_reminder_and_retries_it(page, venue, mediator, viewport):
    Message.objects.create(
        venue=venue,
        key="appointment:1:v1:reminder-2h:sms",
        channel="sms",
        to="+33612345678",
        body="Rappel : rendez-vous à 10:00.",
        send_after=timezone.now(),
        status="failed",
        attempts=12,
        last_error="SMSError: The SMS provider is unreachable.",
        expires_at=timezone.now() + datetime.timedelta(hours=2),
    )
    login(page, mediator)
    visit(page, f"/equipe/{venue.slug}/messages/")
    assert page.get_by_text("The SMS provider is unreachable.").is_visible()
    submit_and_check(page, page.get_by_role("button", name="Réessayer maintenant"))
    assert page.get_by_role("status").get_by_text("sera renvoyé").is_visible()
    assert Message.objects.get().status == "pending"
