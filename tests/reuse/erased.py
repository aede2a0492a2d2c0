"""Reuse refuses an erased person (tests/people/closed.py)."""

from comptoir.reuse.actions import allocate_device
from comptoir.reuse.errors import ReuseError
from comptoir.reuse.lifecycle import receive_donation
from comptoir.reuse.models import DeviceState, DonorKind
from tests.people.closed import assert_refused
from tests.reuse.factories import DeviceFactory


def staff_receive_their_donation(closed):
    assert_refused(
        ReuseError,
        receive_donation,
        actor=closed.staff,
        venue=closed.venue,
        donor_kind=DonorKind.PERSON,
        devices=[{"category_id": 16, "brand": "Dell"}],
        donor_person=closed.person,
        place="Devant chez Josiane",
        notes="Josiane déménage",
    )


def staff_give_them_a_device(closed):
    assert_refused(
        ReuseError,
        allocate_device,
        actor=closed.staff,
        venue=closed.venue,
        device=DeviceFactory(venue=closed.venue, state=DeviceState.READY, cleared=True),
        person=closed.person,
        eligibility_reason="Bénéficiaire du RSA",
        agreement_signed=True,
    )


ATTEMPTS = {
    "reuse_donations": [staff_receive_their_donation],
    "reuse_allocations": [staff_give_them_a_device],
}
