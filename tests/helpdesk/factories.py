"""factory_boy factories for the café numérique (venues and users come from tests/factories.py)."""

import datetime

import factory
from django.core import signing
from django.test import Client
from django.utils import timezone

from comptoir.helpdesk import actions
from comptoir.helpdesk.models import (
    DeviceKind,
    HelpRequest,
    KioskDevice,
    Outcome,
    Status,
    hash_device_token,
)
from comptoir.helpdesk.permissions import COOKIE_NAMES, COOKIE_SALT
from comptoir.helpdesk.topics import BroughtDevice, Topic
from tests.factories import UserFactory, VenueFactory


def _minutes(minutes: int) -> datetime.timedelta:
    return datetime.timedelta(minutes=minutes)


class HelpRequestFactory(factory.django.DjangoModelFactory):
    """A walk-in waiting since 5 minutes; traits for the other states."""

    class Meta:
        model = HelpRequest

    venue = factory.SubFactory(VenueFactory)
    arrived_at = factory.LazyFunction(lambda: timezone.now() - _minutes(5))
    day = factory.LazyAttribute(lambda o: timezone.localdate(o.arrived_at))
    ticket = factory.Sequence(lambda n: n + 1)
    first_name = factory.Sequence(lambda n: f"Visiteur{n}")
    topic = Topic.EMAIL
    device = BroughtDevice.SMARTPHONE
    status = Status.WAITING

    class Params:
        in_progress = factory.Trait(
            status=Status.IN_PROGRESS,
            started_at=factory.LazyAttribute(lambda o: o.arrived_at + _minutes(2)),
            mediator=factory.SubFactory(UserFactory),
            timebox_minutes=15,
        )
        closed = factory.Trait(
            status=Status.CLOSED,
            started_at=factory.LazyAttribute(lambda o: o.arrived_at + _minutes(2)),
            ended_at=factory.LazyAttribute(lambda o: o.arrived_at + _minutes(14)),
            mediator=factory.SubFactory(UserFactory),
            timebox_minutes=15,
            outcome=Outcome.SOLVED,
        )
        left = factory.Trait(
            status=Status.CLOSED,
            ended_at=factory.LazyAttribute(lambda o: o.arrived_at + _minutes(3)),
            outcome=Outcome.LEFT_BEFORE_HELP,
        )


class KioskDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KioskDevice

    venue = factory.SubFactory(VenueFactory)
    kind = DeviceKind.KIOSK
    name = factory.Sequence(lambda n: f"Tablette {n}")
    token_hash = factory.Sequence(lambda n: hash_device_token(f"token-{n}"))


def signed_device_cookie(token: str, kind: str) -> str:
    """The cookie value the browser holds after `set_signed_cookie` (same signer as Django)."""
    return signing.get_cookie_signer(salt=COOKIE_NAMES[kind] + COOKIE_SALT).sign(token)


def enabled_device_client(venue, kind: str = DeviceKind.KIOSK, *, actor=None):
    """A browser (test client) enabled as the venue's kiosk or board, nobody logged in."""
    device, token = actions.enable_device(venue=venue, kind=kind, name="Tablette", actor=actor)
    client = Client()
    client.cookies[COOKIE_NAMES[kind]] = signed_device_cookie(token, kind)
    return client, device
