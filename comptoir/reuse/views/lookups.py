"""Fetch-and-authorise helpers of the reuse staff views: always scoped to the venue."""

from django.http import HttpResponse

from comptoir.people.lookups import chosen_person
from comptoir.people.views import search_people
from comptoir.reuse.forms import PersonSearchForm
from comptoir.reuse.models import Device, Donation, Part

PICK_SIZE = 10


def get_device_for(membership, asset_tag: str) -> Device:
    """A device of the membership's venue, or 404 (never another venue's)."""
    return Device.objects.select_related("venue", "donation").get_for(
        membership, asset_tag=asset_tag
    )


def get_donation_for(membership, pk: int) -> Donation:
    """A donation received by the membership's venue, or 404."""
    return Donation.objects.select_related("venue", "donor_person", "received_by").get_for(
        membership, pk=pk
    )


def get_part_for(membership, pk: int) -> Part:
    """A part in the membership's venue's stock, or 404."""
    return Part.objects.select_related("venue").get_for(membership, pk=pk)


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def person_pick(request, venue) -> dict:
    """The context of includes/person_pick.html: the search box, its results, the choice."""
    source = request.POST if request.method == "POST" else request.GET
    search = PersonSearchForm(request.GET or None)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    value = source.get("person")
    chosen = chosen_person(venue, value)
    return {
        "search": search,
        "query": query,
        "results": list(search_people(venue, query)[:PICK_SIZE]) if query else [],
        "chosen": chosen,
        # A person asked for but not of this venue: refused, never shown.
        "unknown_person": bool(value) and chosen is None,
    }
