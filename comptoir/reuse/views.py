"""Staff pages of reuse: the device page (with its whole history) and the PDF
downloads. Lists and forms come later."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from comptoir.reuse.documents import asset_label_pdf, donation_receipt_pdf, erasure_certificate_pdf
from comptoir.reuse.erasure import blocking_message
from comptoir.reuse.models import Device, Donation, ErasureRecord, Reconditioning
from comptoir.venues.permissions import venue_view
from comptoir.venues.roles import Capability


def get_device_for(membership, asset_tag: str) -> Device:
    return get_object_or_404(
        Device.objects.select_related("venue", "donation"),
        venue=membership.venue,
        asset_tag=asset_tag,
    )


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
@venue_view(Capability.VIEW_DEVICES)
def device_detail(request: HttpRequest, membership, asset_tag: str) -> HttpResponse:
    device = get_device_for(membership, asset_tag)
    drives = list(device.drives.all())
    erasures = ErasureRecord.objects.filter(drive__device=device).select_related(
        "drive", "operator"
    )
    context = {
        "venue": membership.venue,
        "nav": "devices",
        "device": device,
        "drives": drives,
        "erasures": erasures,
        "blocking": blocking_message(device),
        "transitions": device.transitions.select_related("by"),
        "reconditioning": Reconditioning.objects.select_related("session")
        .filter(device=device)
        .first(),
        "allocations": device.allocations.select_related("person", "allocated_by"),
        "parts": device.parts.order_by("pk"),
    }
    return render(request, "reuse/device_detail.html", context)


@require_safe
@venue_view(Capability.VIEW_DEVICES)
def donation_receipt(request: HttpRequest, membership, pk: int) -> HttpResponse:
    donation = get_object_or_404(
        Donation.objects.select_related("venue", "donor_person", "received_by"),
        venue=membership.venue,
        pk=pk,
    )
    return _pdf(donation_receipt_pdf(donation), f"recu-don-{donation.pk}.pdf")


@require_safe
@venue_view(Capability.VIEW_DEVICES)
def erasure_certificate(request: HttpRequest, membership, asset_tag: str) -> HttpResponse:
    device = get_device_for(membership, asset_tag)
    return _pdf(erasure_certificate_pdf(device), f"certificat-effacement-{device.asset_tag}.pdf")


@require_safe
@venue_view(Capability.VIEW_DEVICES)
def labels(request: HttpRequest, membership, asset_tag: str) -> HttpResponse:
    device = get_device_for(membership, asset_tag)
    return _pdf(asset_label_pdf([device]), f"etiquette-{device.asset_tag}.pdf")
