"""The printed documents of reuse (WeasyPrint, A4): the donation receipt for the
donor, the erasure certificate of a device, and the asset labels with a QR code.

As for the workshop poster, everything is in the HTML (QR codes are inline SVG)
and the renderer gets no base URL and a fetcher that only accepts `data:`:
rendering never touches the network or the disk.
"""

from collections.abc import Iterable

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from comptoir.reuse.erasure import latest_erasures
from comptoir.reuse.models import Device, Donation, ErasureRecord


def url_fetcher() -> URLFetcher:
    """Fetches `data:` URLs only: never the network, never a file."""
    return URLFetcher(allowed_protocols={"data"})


def _html(template: str, context: dict) -> str:
    with translation.override("fr"):
        return render_to_string(template, context | {"now": timezone.localtime()})


def _pdf(template: str, context: dict) -> bytes:
    html = _html(template, context)
    return HTML(string=html, base_url=None, url_fetcher=url_fetcher()).write_pdf()


def device_url(device: Device) -> str:
    """What the label's QR code says: the device's staff page, absolute."""
    return settings.SITE_URL.rstrip("/") + device.get_absolute_url()


def qr_code(url: str) -> segno.QRCode:
    return segno.make(url, error="m")


def qr_svg(url: str) -> str:
    return mark_safe(
        qr_code(url).svg_inline(scale=3, border=0, dark="#000", svgclass="qr", lineclass=None)
    )


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
        {"device": device, "url": device_url(device), "qr": qr_svg(device_url(device))}
        for device in devices
    ]
    return {"labels": labels}


def asset_label_html(devices: Iterable[Device]) -> str:
    return _html("reuse/pdf/labels.html", _labels(devices))


def asset_label_pdf(devices: Iterable[Device]) -> bytes:
    """Labels to stick on the devices (about 12 per A4 page), each with its QR code."""
    return _pdf("reuse/pdf/labels.html", _labels(devices))
