"""The demo morning is made through the real actions and leaves the café alive."""

import datetime
import random

import pytest
from django.utils import timezone

from comptoir.helpdesk.demo import build_morning
from comptoir.helpdesk.models import HelpRequest, Outcome, Status
from comptoir.journal.models import Activity
from comptoir.venues.roles import Role
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_morning_of_walk_ins(venue):
    mediators = []
    for name in ("alex", "sam"):
        user = UserFactory(username=name)
        MembershipFactory(user=user, venue=venue, role=Role.MEDIATOR)
        mediators.append(user)
    noon = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time(12, 0))
    )
    created = build_morning(venue, mediators, rng=random.Random(7), now=noon)
    assert len(created) >= 12
    statuses = {status: HelpRequest.objects.filter(status=status).count() for status in Status}
    assert statuses[Status.CLOSED] >= 8
    assert statuses[Status.WAITING] >= 1
    assert 1 <= statuses[Status.IN_PROGRESS] <= len(mediators)
    helped = HelpRequest.objects.filter(status=Status.CLOSED).exclude(
        outcome=Outcome.LEFT_BEFORE_HELP
    )
    assert Activity.objects.count() == helped.count()
