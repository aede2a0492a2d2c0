"""Recording a donation with its devices, the donation page and its receipt."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from comptoir.reuse import actions
from comptoir.reuse.documents import donation_receipt_pdf
from comptoir.reuse.forms import DeviceRowFormSet, DonationForm, device_specs
from comptoir.reuse.models import DonorKind
from comptoir.reuse.service import ReuseCapability
from comptoir.reuse.views.lookups import get_donation_for, pdf_response, person_pick
from comptoir.venues.permissions import venue_view


@venue_view(ReuseCapability.HANDLE_DEVICES)
def donation_create(request: HttpRequest, membership) -> HttpResponse:
    venue = membership.venue
    pick = person_pick(request, venue)
    chosen = pick["chosen"]
    data = request.POST if request.method == "POST" else None
    form = DonationForm(
        data,
        initial={
            "received_on": timezone.localdate(),
            "donor_kind": DonorKind.PERSON if chosen else None,
        },
    )
    devices = DeviceRowFormSet(data, prefix="devices")
    if request.method == "POST" and form.is_valid() and devices.is_valid():
        try:
            if pick["unknown_person"]:
                raise actions.ReuseError(_("Cette personne n’est pas suivie par ce lieu."))
            donation = actions.receive_donation(
                actor=request.user,
                venue=venue,
                donor_kind=form.cleaned_data["donor_kind"],
                donor_name=form.cleaned_data["donor_name"],
                donor_person=chosen,
                received_at=form.received_at(),
                place=form.cleaned_data["place"],
                notes=form.cleaned_data["notes"],
                devices=device_specs(devices),
            )
        except actions.ReuseError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Le don est enregistré. Imprimez les étiquettes et collez-les sur les appareils."
                ),
            )
            return redirect("reuse:donation", venue.slug, donation.pk)
    elif request.method == "POST" and not devices.is_valid():
        form.add_error(None, _("Vérifiez les appareils : une ligne contient une erreur."))
    return render(
        request,
        "reuse/donation_form.html",
        {"venue": venue, "nav": "devices", "form": form, "devices": devices} | pick,
    )


@require_safe
@venue_view(ReuseCapability.VIEW_DEVICES)
def donation_detail(request: HttpRequest, membership, pk: int) -> HttpResponse:
    donation = get_donation_for(membership, pk)
    return render(
        request,
        "reuse/donation_detail.html",
        {
            "venue": membership.venue,
            "nav": "devices",
            "donation": donation,
            "devices": list(donation.devices.order_by("pk")),
        },
    )


@require_safe
@venue_view(ReuseCapability.VIEW_DEVICES)
def donation_receipt(request: HttpRequest, membership, pk: int) -> HttpResponse:
    donation = get_donation_for(membership, pk)
    return pdf_response(donation_receipt_pdf(donation), f"recu-don-{donation.pk}.pdf")
