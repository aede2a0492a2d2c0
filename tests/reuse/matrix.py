"""Reuse's staff URLs in the permission matrix (see tests/test_permission_matrix.py)."""

from tests.reuse.factories import (
    DeviceFactory,
    DonationFactory,
    ErasureRecordFactory,
    PartFactory,
)

# Buttons: an empty POST is refused with a message and a redirect, changing nothing.
POST_ONLY: set[str] = {"reuse:device_move", "reuse:part_discard"}


def build_world(venue) -> dict:
    # Rows written directly: the world must leave no audit entry.
    donation = DonationFactory(venue=venue)
    device = DeviceFactory(venue=venue, donation=donation, asset_tag=f"CPT-777{venue.pk:03d}")
    ErasureRecordFactory(drive__device=device)
    # Already discarded: a POST by an allowed role changes nothing.
    part = PartFactory(venue=venue, status="discarded")
    return {"donation": donation, "device": device, "part": part}


def _device(w) -> list:
    return [w["device"].asset_tag]


URL_ARGS = {
    "reuse:index": lambda w: [],
    "reuse:device_list": lambda w: [],
    "reuse:donation_create": lambda w: [],
    "reuse:donation": lambda w: [w["donation"].pk],
    "reuse:donation_receipt": lambda w: [w["donation"].pk],
    "reuse:device": _device,
    "reuse:device_move": _device,
    "reuse:device_drive": _device,
    "reuse:device_erasure": _device,
    "reuse:device_recondition": _device,
    "reuse:device_allocate": _device,
    "reuse:device_recycle": _device,
    "reuse:device_part": _device,
    "reuse:erasure_certificate": _device,
    "reuse:labels": _device,
    "reuse:parts": lambda w: [],
    "reuse:part_create": lambda w: [],
    "reuse:part_discard": lambda w: [w["part"].pk],
}
