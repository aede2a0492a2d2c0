"""Bootstrapping a real installation: a venue and its first coordinator."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from comptoir.venues.models import Invitation, Venue
from comptoir.venues.roles import Role

pytestmark = pytest.mark.django_db


def _create(**overrides):
    options = {
        "network": "Réseau du Rhône",
        "name": "Café du Port",
        "address": "1 quai Est",
        "postal_code": "69001",
        "commune": "Lyon",
        "coordinator_email": "ana@example.org",
    }
    options.update(overrides)
    out = io.StringIO()
    call_command("create_venue", stdout=out, **options)
    return out.getvalue()


def test_it_creates_the_venue_and_invites_its_coordinator():
    output = _create()
    venue = Venue.objects.get(slug="cafe-du-port")
    invitation = Invitation.objects.get(venue=venue)
    assert invitation.role == Role.COORDINATOR
    assert invitation.get_absolute_url() in output
    assert mail.outbox[0].to == ["ana@example.org"]


def test_it_refuses_bad_input_with_a_clear_message():
    with pytest.raises(CommandError, match="code postal"):
        _create(postal_code="690")
    assert not Venue.objects.exists()
    _create()
    with pytest.raises(CommandError, match="already exists"):
        _create()
