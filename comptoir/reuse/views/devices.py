"""The device page (its whole history and the next possible moves), the simple moves
(buttons) and the PDF downloads of a device."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from comptoir.reuse import actions
from comptoir.reuse.documents import asset_label_pdf, erasure_certificate_pdf
from comptoir.reuse.erasure import ERASABLE_STATES, blocking_message
from comptoir.reuse.lifecycle import ALLOWED_MOVES, STATES
from comptoir.reuse.models import Device, ErasureRecord, Reconditioning
from comptoir.reuse.models import DeviceState as S
from comptoir.reuse.service import ReuseCapability
from comptoir.reuse.views.lookups import get_device_for, pdf_response
from comptoir.venues.permissions import venue_view

# The moves made with one button (the others have their own form).
BUTTONS = {
    S.TRIAGED: gettext_lazy("Marquer trié"),
    S.TO_ERASE: gettext_lazy("À effacer"),
    S.FOR_PARTS: gettext_lazy("Pour pièces"),
    S.ERASED: gettext_lazy("Marquer effacé"),
    S.READY: gettext_lazy("Prêt à donner"),
}
DRIVE_STATES = frozenset({S.RECEIVED, S.TRIAGED, S.TO_ERASE, S.FOR_PARTS})


def next_moves(device: Device, membership) -> dict:
    """What the device page offers, from the state table and the user's capabilities."""
    allowed = ALLOWED_MOVES[device.state]
    handle = membership.allows(ReuseCapability.HANDLE_DEVICES)
    return {
        "buttons": [(to, label) for to, label in BUTTONS.items() if handle and to in allowed],
        "can_recondition": handle and S.RECONDITIONED in allowed,
        "can_recycle": handle and S.RECYCLED in allowed,
        "can_allocate": membership.allows(ReuseCapability.ALLOCATE_DEVICES)
        and S.ALLOCATED in allowed,
        "can_erase": handle and device.state in ERASABLE_STATES,
        "can_add_drive": handle and device.state in DRIVE_STATES,
        "can_add_part": handle and device.state == S.FOR_PARTS,
    }


def device_context(membership, device: Device) -> dict:
    drives = list(device.drives.all())
    return {
        "venue": membership.venue,
        "nav": "devices",
        "device": device,
        "drives": drives,
        "erasures": ErasureRecord.objects.filter(drive__device=device).select_related(
            "drive", "operator"
        ),
        "blocking": blocking_message(device),
        "transitions": STATES.history(device),
        "reconditioning": Reconditioning.objects.select_related("session__workshop")
        .filter(device=device)
        .first(),
        "allocations": device.allocations.select_related("person", "allocated_by"),
        "parts": device.parts.order_by("pk"),
        "moves": next_moves(device, membership),
    }


@require_safe
@venue_view(ReuseCapability.VIEW_DEVICES)
def device_detail(request: HttpRequest, membership, asset_tag: str) -> HttpResponse:
    device = get_device_for(membership, asset_tag)
    return render(request, "reuse/device_detail.html", device_context(membership, device))


@require_POST
@venue_view(ReuseCapability.HANDLE_DEVICES)
def device_move(request: HttpRequest, membership, asset_tag: str) -> HttpResponse:
    """A move that needs nothing but a note; a refused move shows the action's message."""
    device = get_device_for(membership, asset_tag)
    to = request.POST.get("to", "")
    try:
        actions.move_device(
            actor=request.user,
            venue=membership.venue,
            device=device,
            to=to,
            note=request.POST.get("note", "")[:500],
        )
    except actions.ReuseError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("L’appareil %(tag)s est passé à l’étape « %(state)s ».")
            % {"tag": device.asset_tag, "state": S(to).label},
        )
    return redirect("reuse:device", membership.venue.slug, device.asset_tag)


@require_safe
@venue_view(ReuseCapability.VIEW_DEVICES)
def erasure_certificate(request: HttpRequest, membership, asset_tag: str) -> HttpResponse:
    device = get_device_for(membership, asset_tag)
    return pdf_response(
        erasure_certificate_pdf(device), f"certificat-effacement-{device.asset_tag}.pdf"
    )


@require_safe
@venue_view(ReuseCapability.VIEW_DEVICES)
def labels(request: HttpRequest, membership, asset_tag: str) -> HttpResponse:
    device = get_device_for(membership, asset_tag)
    return pdf_response(asset_label_pdf([device]), f"etiquette-{device.asset_tag}.pdf")
