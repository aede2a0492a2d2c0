"""iCalendar (.ics) files for appointments, with the icalendar package."""

import datetime

from django.conf import settings
from icalendar import Calendar, Event, vText


def appointment_ics(appointment, url: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Comptoir//Rendez-vous//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    host = settings.SITE_URL.split("//")[-1].split("/")[0] or "comptoir"
    event.add("uid", f"appointment-{appointment.pk}@{host}")
    event.add("sequence", appointment.version)
    event.add("dtstamp", datetime.datetime.now(datetime.UTC))
    event.add("dtstart", appointment.starts_at)
    event.add("dtend", appointment.ends_at)
    event.add("summary", f"{appointment.type.name} — {appointment.venue.name}")
    place = appointment.type.outreach_venue or appointment.venue
    event["location"] = vText(f"{place.name}, {place.address}, {place.postal_code} {place.commune}")
    if url:
        event.add("url", url)
        event.add("description", url)
    if appointment.status == "cancelled":
        event.add("status", "CANCELLED")
    calendar.add_component(event)
    return calendar.to_ical()
