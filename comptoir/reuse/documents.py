"""The printed documents of reuse (WeasyPrint, A4): the donation receipt for the
donor, the erasure certificate of a device, and the asset labels with a QR code.

As for the workshop poster, everything is in the HTML (QR codes are inline SVG),
printed by the kernel's `render_pdf`, which never touches the network.
"""

from collections.abc import Iterable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from comptoir.kernel.pdf import render_pdf
from comptoir.kernel.qr import qr_svg
from comptoir.reuse.erasure import latest_erasures
from comptoir.reuse.models import Device, Donation, ErasureRecord


def _html(template: str, context: dict) -> str:
    with translation.override("fr"):
        return render_to_string(template, context | {"now": timezone.localtime()})


def _pdf(template: str, context: dict) -> bytes:
    return render_pdf(_html(template, context))


def device_url(device: Device) -> str:
    """What the label's QR code says: the device's staff page, absolute."""
    return settings.SITE_URL.rstrip("/") + device.get_absolute_url()


def donation_receipt_pdf(donation: Donation) -> bytes:
    devices = donation.devices.order_by("pk")
    return _pdf(
        "reuse/pdf/donation_receipt.html",
        {"donation": donation, "venue": donation.venue, "devices": devices},
    )


def erasure_certificate_pdf(device: Device) -> bytes:
    """Every drive of the device with every erasure record (failed ones included:
    the certificate is also the audit trail)."""
    latest = latest_erasures(device)
    drives = []
    for drive in device.drives.order_by("pk"):
        records = ErasureRecord.objects.filter(drive=drive).select_related("operator")
        drives.append({"drive": drive, "records": list(records), "latest": latest[drive.pk]})
    cleared = bool(drives) and all(d["latest"] is not None and d["latest"].passed for d in drives)
    return _pdf(
        "reuse/pdf/erasure_certificate.html",
        {"device": device, "venue": device.venue, "drives": drives, "cleared": cleared},
    )


def _labels(devices: Iterable[Device]) -> dict:
    labels = [
        {"device": device, "url": device_url(device), "qr": qr_svg(device_url(device), scale=3)}
        for device in devices
    ]
    return {"labels": labels}


def asset_label_html(devices: Iterable[Device]) -> str:
    return _html("reuse/pdf/labels.html", _labels(devices))


def asset_label_pdf(devices: Iterable[Device]) -> bytes:
    """Labels to stick on the devices (about 12 per A4 page), each with its QR code."""
    return _pdf("reuse/pdf/labels.html", _labels(devices))
