"""The forms of a device's moves that record details: a drive, an erasure, the
reconditioning checklist, the allocation, the recycling, a part taken from it.

Each is one page (GET shows the form, POST records): a refusal re-displays the form
with what was typed and the action's plain message; nothing is written.
"""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from comptoir.reuse import actions, parts
from comptoir.reuse.forms import (
    AllocationForm,
    DriveForm,
    ErasureForm,
    PartForm,
    ReconditionForm,
    RecycleForm,
)
from comptoir.reuse.models import Device
from comptoir.reuse.service import ReuseCapability
from comptoir.reuse.views.lookups import get_device_for, person_pick
from comptoir.venues.permissions import venue_view


def _action_page(
    request: HttpRequest,
    membership,
    device: Device,
    form,
    *,
    title: str,
    button: str,
    run: Callable[[dict], str],
    template: str = "reuse/device_action.html",
    extra: dict | None = None,
) -> HttpResponse:
    """Show `form`; on a valid POST call `run(cleaned_data)`, which returns the success
    message or raises ReuseError (shown on the form, typed values kept)."""
    if request.method == "POST" and form.is_valid():
        try:
            text = run(form.cleaned_data)
        except actions.ReuseError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, text)
            return redirect("reuse:device", membership.venue.slug, device.asset_tag)
    context = {
        "venue": membership.venue,
        "nav": "devices",
        "device": device,
        "form": form,
        "title": title,
        "button": button,
    }
    return render(request, template, context | (extra or {}))


@venue_view(ReuseCapability.HANDLE_DEVICES)
def device_drive(request: HttpRequest, membership, asset_tag: str) -> HttpResponse:
    device = get_device_for(membership, asset_tag)

    def run(data: dict) -> str:
        drive = actions.add_drive(actor=request.user, venue=membership.venue, device=device, **data)
        return _("Le support %(serial)s est enregistré.") % {"serial": drive.serial}

    return _action_page(
        request,
        membership,
        device,
        DriveForm(request.POST or None),
        title=_("Ajouter un support de stockage"),
        button=_("Enregistrer le support"),
        run=run,
    )


@venue_view(ReuseCapability.HANDLE_DEVICES)
def device_erasure(request: HttpRequest, membership, asset_tag: str) -> HttpResponse:
    device = get_device_for(membership, asset_tag)
    drives = {drive.pk: drive for drive in device.drives.all()}

    def run(data: dict) -> str:
        record = actions.record_erasure(
            actor=request.user,
            venue=membership.venue,
            drive=drives[data["drive"]],
            method=data["method"],
            tool=data["tool"],
            passed=data["result"] == "passed",
            notes=data["notes"],
        )
        if record.passed:
            return _("L’effacement du support %(serial)s est enregistré : vérifié.") % {
                "serial": record.drive.serial
            }
        return _(
            "L’échec de l’effacement du support %(serial)s est enregistré : l’appareil est "
            "bloqué jusqu’à un nouvel effacement vérifié."
        ) % {"serial": record.drive.serial}

    form = ErasureForm(request.POST or None, drives=drives.values())
    return _action_page(
        request,
        membership,
        device,
        form,
        title=_("Enregistrer un effacement"),
        button=_("Enregistrer l’effacement"),
        run=run,
    )


@venue_view(ReuseCapability.HANDLE_DEVICES)
def device_recondition(request: HttpRequest, membership, asset_tag: str) -> HttpResponse:
    device = get_device_for(membership, asset_tag)

    def run(data: dict) -> str:
        actions.recondition_device(
            actor=request.user, venue=membership.venue, device=device, **data
        )
        return _("L’appareil %(tag)s est reconditionné.") % {"tag": device.asset_tag}

    return _action_page(
        request,
        membership,
        device,
        ReconditionForm(request.POST or None, venue=membership.venue),
        title=_("Fiche de reconditionnement"),
        button=_("Marquer reconditionné"),
        run=run,
    )


@venue_view(ReuseCapability.ALLOCATE_DEVICES)
def device_allocate(request: HttpRequest, membership, asset_tag: str) -> HttpResponse:
    device = get_device_for(membership, asset_tag)
    pick = person_pick(request, membership.venue)

    def run(data: dict) -> str:
        if pick["unknown_person"]:
            raise actions.ReuseError(
                _(
                    "Cette personne n’est pas suivie par ce lieu : l’appareil ne peut pas lui "
                    "être attribué d’ici."
                )
            )
        actions.allocate_device(
            actor=request.user,
            venue=membership.venue,
            device=device,
            person=pick["chosen"],
            **data,
        )
        return _("L’appareil %(tag)s est attribué.") % {"tag": device.asset_tag}

    return _action_page(
        request,
        membership,
        device,
        AllocationForm(request.POST or None),
        title=_("Attribuer l’appareil"),
        button=_("Attribuer"),
        run=run,
        template="reuse/device_allocate.html",
        extra=pick,
    )


@venue_view(ReuseCapability.HANDLE_DEVICES)
def device_recycle(request: HttpRequest, membership, asset_tag: str) -> HttpResponse:
    device = get_device_for(membership, asset_tag)

    def run(data: dict) -> str:
        actions.recycle_device(actor=request.user, venue=membership.venue, device=device, **data)
        return _("L’appareil %(tag)s est parti au recyclage (filière DEEE).") % {
            "tag": device.asset_tag
        }

    return _action_page(
        request,
        membership,
        device,
        RecycleForm(request.POST or None),
        title=_("Envoyer au recyclage (DEEE)"),
        button=_("Envoyer au recyclage"),
        run=run,
    )


@venue_view(ReuseCapability.HANDLE_DEVICES)
def device_part(request: HttpRequest, membership, asset_tag: str) -> HttpResponse:
    """A part taken from a device "for parts" goes into the stock."""
    device = get_device_for(membership, asset_tag)

    def run(data: dict) -> str:
        part = parts.add_part(
            actor=request.user, venue=membership.venue, source_device=device, **data
        )
        return _("La pièce « %(kind)s » est en stock.") % {"kind": part.kind}

    return _action_page(
        request,
        membership,
        device,
        PartForm(request.POST or None, initial={"compatible_models": device.model}),
        title=_("Ajouter une pièce récupérée"),
        button=_("Mettre en stock"),
        run=run,
    )
