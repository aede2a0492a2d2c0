"""The reuse demo data: devices at every stage, through the actions."""

import datetime
import random
from types import SimpleNamespace

from django.utils import timezone

from comptoir.demo.reuse import build_reuse
from comptoir.reuse.figures import reuse_figures
from comptoir.reuse.models import Allocation, Device, Donation, Part, PartStatus
from comptoir.reuse.models import DeviceState as S
from comptoir.venues.roles import Role
from tests.factories import MembershipFactory, PersonFactory, UserFactory


def test_the_demo_has_devices_at_every_stage(venue):
    users = {}
    for name, role in [
        ("coordinator", Role.COORDINATOR),
        ("mediator", Role.MEDIATOR),
        ("volunteer", Role.VOLUNTEER),
    ]:
        users[name] = UserFactory(username=name)
        MembershipFactory(user=users[name], venue=venue, role=role)
    builder = SimpleNamespace(users=users, rng=random.Random(3), today=timezone.localdate())
    cafe = SimpleNamespace(venue=venue, people=PersonFactory.create_batch(3, venue=venue))

    counts = build_reuse(builder, cafe)

    assert counts == {"donations": 3, "devices": 9, "parts": 3}
    assert set(Device.objects.values_list("state", flat=True)) == set(S.values)
    assert set(Donation.objects.values_list("donor_kind", flat=True)) == {
        "company",
        "bin",
        "association",
    }
    allocation = Allocation.objects.get()
    assert allocation.agreement_signed and allocation.person in cafe.people
    assert Device.objects.get(state=S.RECYCLED).recycling_receipt
    assert Part.objects.filter(status=PartStatus.IN_STOCK).count() == 2
    assert Part.objects.filter(status=PartStatus.USED).count() == 1
    today = timezone.localdate()
    figures = reuse_figures(venue, today - datetime.timedelta(days=100), today)
    assert figures["collected"] == 9
    assert figures["allocated"] == figures["recycled"] == 1
    assert len(figures["months"]) >= 2
