"""Settings of the café numérique: timebox, extension, kiosk; enabling and revoking devices."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.helpdesk import actions
from comptoir.helpdesk.forms import DeviceForm, SettingsForm
from comptoir.helpdesk.lookups import get_kiosk_device_for
from comptoir.helpdesk.models import DeviceKind, HelpdeskSettings, KioskDevice
from comptoir.helpdesk.permissions import COOKIE_NAMES, device_from_cookie, set_device_cookie
from comptoir.helpdesk.service import HelpdeskCapability
from comptoir.venues.models import Membership
from comptoir.venues.permissions import venue_view

REVOKED_SHOWN = 10


@venue_view(HelpdeskCapability.CONFIGURE_HELPDESK)
def settings_view(request: HttpRequest, membership: Membership) -> HttpResponse:
    venue = membership.venue
    form = SettingsForm(
        request.POST if request.method == "POST" else None,
        instance=HelpdeskSettings.for_venue(venue),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Les réglages du café numérique sont enregistrés."))
        return redirect("helpdesk:settings", venue.slug)
    devices = KioskDevice.objects.filter(venue=venue).select_related("created_by", "revoked_by")
    this_browser = {
        kind: device_from_cookie(request, kind, venue.slug) for kind in DeviceKind.values
    }
    mine = {device.pk for device in this_browser.values() if device is not None}
    return render(
        request,
        "helpdesk/settings.html",
        {
            "venue": venue,
            "nav": "helpdesk",
            "form": form,
            "active_devices": [
                (device, device.pk in mine) for device in devices.filter(revoked_at__isnull=True)
            ],
            "revoked_devices": list(
                devices.filter(revoked_at__isnull=False).order_by("-revoked_at")[:REVOKED_SHOWN]
            ),
            "kiosk_form": DeviceForm(prefix=DeviceKind.KIOSK),
            "board_form": DeviceForm(prefix=DeviceKind.BOARD),
            "this_kiosk": this_browser[DeviceKind.KIOSK],
            "this_board": this_browser[DeviceKind.BOARD],
        },
    )


@require_POST
@venue_view(HelpdeskCapability.CONFIGURE_HELPDESK)
def enable_device(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Turn this browser into the venue's kiosk or queue board (sets its device cookie)."""
    venue = membership.venue
    kind = request.POST.get("kind", "")
    form = DeviceForm(request.POST, prefix=kind if kind in DeviceKind.values else None)
    if kind not in DeviceKind.values or not form.is_valid():
        messages.error(request, _("Choisissez d’activer une borne ou un écran."))
        return redirect("helpdesk:settings", venue.slug)
    device, token = actions.enable_device(
        venue=venue,
        kind=kind,
        name=form.cleaned_data["name"],
        actor=request.user,
        replacing=device_from_cookie(request, kind, venue.slug),
    )
    if kind == DeviceKind.KIOSK:
        messages.success(
            request,
            _("Ce navigateur est maintenant la borne « %(name)s ».") % {"name": device.name},
        )
        response = redirect("helpdesk:kiosk", venue.slug)
    else:
        messages.success(
            request,
            _("Ce navigateur est maintenant l’écran « %(name)s ».") % {"name": device.name},
        )
        response = redirect("helpdesk:board", venue.slug)
    set_device_cookie(response, request, kind, token)
    return response


@require_POST
@venue_view(HelpdeskCapability.CONFIGURE_HELPDESK)
def revoke_device(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    device = get_kiosk_device_for(membership, pk)
    this_browser = device_from_cookie(request, device.kind, membership.venue.slug)
    actions.revoke_device(device=device, actor=request.user)
    messages.success(
        request,
        _("« %(name)s » est retiré : il n’ouvre plus la borne ni l’écran.") % {"name": device.name},
    )
    response = redirect("helpdesk:settings", membership.venue.slug)
    if this_browser is not None and this_browser.pk == device.pk:
        response.delete_cookie(COOKIE_NAMES[device.kind], samesite="Lax")
    return response
