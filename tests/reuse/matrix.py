"""Reuse's staff URLs in the permission matrix (see tests/test_permission_matrix.py)."""

from tests.reuse.factories import DeviceFactory, DonationFactory, ErasureRecordFactory

POST_ONLY: set[str] = set()


def build_world(venue) -> dict:
    # Rows written directly: the world must leave no audit entry.
    donation = DonationFactory(venue=venue)
    device = DeviceFactory(venue=venue, donation=donation, asset_tag="CPT-777001")
    ErasureRecordFactory(drive__device=device)
    return {"donation": donation, "device": device}


URL_ARGS = {
    "reuse:device": lambda w: [w["device"].asset_tag],
    "reuse:erasure_certificate": lambda w: [w["device"].asset_tag],
    "reuse:labels": lambda w: [w["device"].asset_tag],
    "reuse:donation_receipt": lambda w: [w["donation"].pk],
}
