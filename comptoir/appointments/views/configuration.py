"""Staff pages that configure appointments (coordinators): reasons, each
mediator's weekly hours and absences, and the venue's booking rules."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from comptoir.appointments.forms import (
    AbsenceFormSet,
    AppointmentTypeForm,
    BookingPolicyForm,
    WeeklyAvailabilityFormSet,
    staff_label,
    venue_mediators,
)
from comptoir.appointments.lookups import get_type_for
from comptoir.appointments.models import (
    Appointment,
    AppointmentStatus,
    AppointmentType,
    AvailabilityException,
    BookingPolicy,
    WeeklyAvailability,
)
from comptoir.appointments.service import AppointmentCapability
from comptoir.venues.models import Membership
from comptoir.venues.permissions import venue_view


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, ZoneInfo(settings.TIME_ZONE))


# --- Configuration: reasons -------------------------------------------------------------------


@venue_view(AppointmentCapability.CONFIGURE_APPOINTMENTS)
def types(request: HttpRequest, membership: Membership) -> HttpResponse:
    venue = membership.venue
    reasons = (
        AppointmentType.objects.filter(venue=venue)
        .select_related("outreach_venue")
        .prefetch_related("mediators")
        .order_by("-active", "name")
    )
    return render(
        request,
        "appointments/staff/types.html",
        {"venue": venue, "nav": "appointments", "types": reasons},
    )


def _type_form_page(
    request: HttpRequest, membership: Membership, instance: AppointmentType | None
) -> HttpResponse:
    venue = membership.venue
    form = AppointmentTypeForm(request.POST or None, instance=instance, venue=venue)
    if request.method == "POST" and form.is_valid():
        reason = form.save()
        messages.success(request, _("Le motif « %(name)s » est enregistré.") % {"name": reason})
        return redirect("appointments:types", venue.slug)
    return render(
        request,
        "appointments/staff/type_form.html",
        {"venue": venue, "nav": "appointments", "form": form, "creating": instance is None},
    )


@venue_view(AppointmentCapability.CONFIGURE_APPOINTMENTS)
def type_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    return _type_form_page(request, membership, None)


@venue_view(AppointmentCapability.CONFIGURE_APPOINTMENTS)
def type_edit(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    return _type_form_page(request, membership, get_type_for(membership, pk))


# --- Configuration: hours, absences, booking rules --------------------------------------------


def _booked_during_absences(mediator, absences) -> int:
    count = 0
    for absence in absences:
        count += Appointment.objects.filter(
            mediator=mediator,
            status=AppointmentStatus.BOOKED,
            starts_at__gte=_local_midnight(absence.start_date),
            starts_at__lt=_local_midnight(absence.end_date + datetime.timedelta(days=1)),
        ).count()
    return count


@venue_view(AppointmentCapability.CONFIGURE_APPOINTMENTS)
def availability(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Booking rules of the venue; each mediator's weekly hours and absences."""
    venue = membership.venue
    mediators = list(venue_mediators(venue))
    source = request.POST if request.method == "POST" else request.GET
    wanted = _int(source.get("mediator"))
    selected = next((m for m in mediators if m.pk == wanted), mediators[0] if mediators else None)
    section = request.POST.get("section") if request.method == "POST" else None

    policy = BookingPolicy.objects.filter(venue=venue).first() or BookingPolicy(venue=venue)
    policy_form = BookingPolicyForm(
        request.POST if section == "policy" else None, instance=policy, prefix="policy"
    )
    if section == "policy" and policy_form.is_valid():
        policy_form.save()
        messages.success(request, _("Les règles de réservation sont enregistrées."))
        return redirect("appointments:availability", venue.slug)

    hours = absences = None
    if selected is not None:
        data = request.POST if section == "mediator" else None
        hours = WeeklyAvailabilityFormSet(
            data,
            queryset=WeeklyAvailability.objects.filter(venue=venue, mediator=selected).order_by(
                "weekday", "start"
            ),
            prefix="hours",
        )
        absences = AbsenceFormSet(
            data,
            queryset=AvailabilityException.objects.filter(
                venue=venue,
                mediator=selected,
                end_date__gte=timezone.localdate() - datetime.timedelta(days=30),
            ).order_by("start_date"),
            prefix="absences",
        )
        if section == "mediator" and hours.is_valid() and absences.is_valid():
            with transaction.atomic():
                for formset in (hours, absences):
                    for obj in formset.save(commit=False):
                        obj.venue, obj.mediator = venue, selected
                        obj.save()
                    for obj in formset.deleted_objects:
                        obj.delete()
            name = staff_label(selected)
            messages.success(
                request, _("Les disponibilités de %(name)s sont enregistrées.") % {"name": name}
            )
            clashes = _booked_during_absences(selected, absences.new_objects)
            if clashes:
                messages.warning(
                    request,
                    _(
                        "%(n)s rendez-vous déjà prévus pendant cette absence : "
                        "déplacez-les ou annulez-les depuis l’agenda."
                    )
                    % {"n": clashes},
                )
            return redirect(f"{request.path}?{urlencode({'mediator': selected.pk})}#disponibilites")
    return render(
        request,
        "appointments/staff/availability.html",
        {
            "venue": venue,
            "nav": "appointments",
            "mediators": mediators,
            "selected": selected,
            "policy_form": policy_form,
            "hours": hours,
            "absences": absences,
        },
    )
