"""The reuse overview (devices by state, latest donations, the year's figures) and the
device list with its filters."""

import datetime

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from comptoir.reuse.figures import reuse_figures
from comptoir.reuse.forms import DeviceFilterForm
from comptoir.reuse.models import Device, DeviceState, Donation
from comptoir.reuse.service import ReuseCapability
from comptoir.venues.permissions import venue_view

PAGE_SIZE = 30
LATEST_DONATIONS = 5


@require_safe
@venue_view(ReuseCapability.VIEW_DEVICES)
def index(request: HttpRequest, membership) -> HttpResponse:
    venue = membership.venue
    counts = dict(
        Device.objects.filter(venue=venue)
        .values_list("state")
        .annotate(n=Count("pk"))
        .order_by("state")
    )
    states = [
        {"value": value, "label": label, "count": counts.get(value, 0)}
        for value, label in DeviceState.choices
    ]
    donations = list(
        Donation.objects.filter(venue=venue)
        .select_related("donor_person")
        .annotate(device_count=Count("devices"))
        .order_by("-received_at", "-pk")[:LATEST_DONATIONS]
    )
    end = timezone.localdate()
    start = (end.replace(day=1) - datetime.timedelta(days=335)).replace(day=1)
    figures = reuse_figures(venue, start, end)
    return render(
        request,
        "reuse/index.html",
        {
            "venue": venue,
            "nav": "devices",
            "states": states,
            "total": sum(counts.values()),
            "donations": donations,
            "figures": figures,
            "start": start,
            "end": end,
        },
    )


def filter_devices(venue, data: dict):
    devices = Device.objects.filter(venue=venue)
    if data.get("state"):
        devices = devices.filter(state=data["state"])
    if data.get("category") is not None:
        devices = devices.filter(category_id=data["category"])
    for word in (data.get("q") or "").split():
        devices = devices.filter(
            Q(asset_tag__icontains=word)
            | Q(brand__icontains=word)
            | Q(model__icontains=word)
            | Q(serial_number__icontains=word)
        )
    return devices.order_by("-created_at", "-pk")


@require_safe
@venue_view(ReuseCapability.VIEW_DEVICES)
def device_list(request: HttpRequest, membership) -> HttpResponse:
    venue = membership.venue
    form = DeviceFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    page = Paginator(filter_devices(venue, data), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reuse/device_list.html",
        {"venue": venue, "nav": "devices", "form": form, "page": page, "filtered": bool(data)},
    )
