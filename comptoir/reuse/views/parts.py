"""The parts stock: the parts in stock with their history, adding and discarding."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from comptoir.reuse import parts
from comptoir.reuse.forms import PartForm, PartSearchForm
from comptoir.reuse.models import PartMovement
from comptoir.reuse.service import ReuseCapability
from comptoir.reuse.views.lookups import get_part_for
from comptoir.venues.permissions import venue_view

PAGE_SIZE = 30


@require_safe
@venue_view(ReuseCapability.VIEW_DEVICES)
def part_list(request: HttpRequest, membership) -> HttpResponse:
    venue = membership.venue
    search = PartSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    stock = parts.available_parts(venue, query=query).prefetch_related(
        Prefetch("movements", queryset=PartMovement.objects.select_related("by"))
    )
    page = Paginator(stock, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reuse/part_list.html",
        {
            "venue": venue,
            "nav": "devices",
            "search": search,
            "query": query,
            "page": page,
            "can_handle": membership.allows(ReuseCapability.HANDLE_DEVICES),
        },
    )


@venue_view(ReuseCapability.HANDLE_DEVICES)
def part_create(request: HttpRequest, membership) -> HttpResponse:
    venue = membership.venue
    form = PartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            part = parts.add_part(actor=request.user, venue=venue, **form.cleaned_data)
        except parts.ReuseError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("La pièce « %(kind)s » est en stock.") % {"kind": part.kind}
            )
            return redirect("reuse:parts", venue.slug)
    return render(request, "reuse/part_form.html", {"venue": venue, "nav": "devices", "form": form})


@require_POST
@venue_view(ReuseCapability.HANDLE_DEVICES)
def part_discard(request: HttpRequest, membership, pk: int) -> HttpResponse:
    part = get_part_for(membership, pk)
    try:
        parts.discard_part(
            actor=request.user, venue=membership.venue, part=part, note=request.POST.get("note", "")
        )
    except parts.ReuseError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("La pièce « %(kind)s » est mise au rebut.") % {"kind": part.kind}
        )
    return redirect("reuse:parts", membership.venue.slug)
