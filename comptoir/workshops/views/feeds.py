"""What the agenda gives outside the site: the poster (PDF), the iCal feed
that calendars subscribe to, and the RSS feed."""

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event, vText

from comptoir.workshops.agenda import (
    absolute,
    feed_sessions,
    get_public_venue,
    place_line,
    price_label,
    public_session_or_404,
    upcoming_sessions,
)
from comptoir.workshops.models import Session, SessionStatus
from comptoir.workshops.poster import render_poster

# Calendars and feed readers poll: let caches keep the answer a little while.
FEED_MAX_AGE = 15 * 60


@login_not_required
@require_safe
def poster(request: HttpRequest, venue_slug: str, pk: int) -> HttpResponse:
    """The A4 poster of a session, to print."""
    session = public_session_or_404(venue_slug, pk)
    response = HttpResponse(render_poster(session), content_type="application/pdf")
    day = timezone.localtime(session.starts_at).date().isoformat()
    response["Content-Disposition"] = f'inline; filename="affiche-atelier-{session.pk}-{day}.pdf"'
    return response


# --- iCalendar ------------------------------------------------------------------------------------


def _host() -> str:
    return settings.SITE_URL.split("//")[-1].split("/")[0] or "comptoir"


def session_event(session: Session, now: datetime.datetime) -> Event:
    workshop = session.workshop
    url = absolute(session.get_public_url())
    event = Event()
    event.add("uid", f"workshop-session-{session.pk}@{_host()}")
    # Grows with every change, so that subscribed calendars take the new version.
    event.add("sequence", int(session.updated_at.timestamp()) - int(session.created_at.timestamp()))
    event.add("dtstamp", now.astimezone(datetime.UTC))
    event.add("last-modified", session.updated_at.astimezone(datetime.UTC))
    event.add("dtstart", session.starts_at.astimezone(datetime.UTC))
    event.add("dtend", session.ends_at.astimezone(datetime.UTC))
    event.add("summary", workshop.title)
    event["location"] = vText(place_line(session))
    event.add("url", url)
    lines = [
        " ".join(workshop.description.split()),
        f"{workshop.get_audience_display()} · {workshop.get_level_display()} · "
        f"{price_label(workshop)}",
    ]
    if session.status == SessionStatus.CANCELLED:
        reason = session.cancel_reason
        cancelled = _("Séance annulée : %(reason)s") % {"reason": reason} if reason else ""
        lines.insert(0, cancelled or _("Séance annulée."))
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
        lines.append(_("Inscription : %(url)s") % {"url": url})
    event.add("description", "\n\n".join(line for line in lines if line))
    return event


@login_not_required
@require_safe
def ical(request: HttpRequest, venue_slug: str) -> HttpResponse:
    """The venue's sessions as an iCalendar feed (upcoming and recent, cancelled included)."""
    venue = get_public_venue(venue_slug)
    now = timezone.now()
    calendar = Calendar()
    calendar.add("prodid", "-//Comptoir//Ateliers//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Ateliers — %(name)s") % {"name": venue.name})
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for session in feed_sessions(venue, now):
        calendar.add_component(session_event(session, now))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="ateliers-{venue.slug}.ics"'
    response["Cache-Control"] = f"public, max-age={FEED_MAX_AGE}"
    return response


@login_not_required
@require_safe
def registration_ics(request: HttpRequest, token: str) -> HttpResponse:
    """One session, from the person's registration link: "add to my calendar"."""
    from comptoir.workshops.views.public import registration_for_link

    registration = registration_for_link(request, token)
    if isinstance(registration, HttpResponse):
        return registration
    calendar = Calendar()
    calendar.add("prodid", "-//Comptoir//Ateliers//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(session_event(registration.session, timezone.now()))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="atelier.ics"'
    return response


# --- RSS ------------------------------------------------------------------------------------------


@login_not_required
@require_safe
def rss(request: HttpRequest, venue_slug: str) -> HttpResponse:
    """The venue's upcoming sessions as an RSS 2.0 feed."""
    venue = get_public_venue(venue_slug)
    # Feed readers read titles and descriptions as HTML: what the team typed is escaped
    # for HTML here, and the feed generator escapes the result once more for XML, so
    # "<b>" typed in a description shows as "<b>", never as markup.
    feed = Rss201rev2Feed(
        title=escape(_("Ateliers — %(name)s") % {"name": venue.name}),
        link=absolute(reverse("workshops:agenda", args=[venue.slug])),
        description=escape(
            _("Les prochains ateliers et temps collectifs de %(name)s.") % {"name": venue.name}
        ),
        language="fr",
        feed_url=absolute(reverse("workshops:rss", args=[venue.slug])),
    )
    for session in upcoming_sessions(venue):
        workshop = session.workshop
        start = timezone.localtime(session.starts_at)
        when = formats.date_format(start, "l j F Y, H:i")
        url = absolute(session.get_public_url())
        feed.add_item(
            title=escape(f"{workshop.title} — {when}"),
            link=url,
            unique_id=url,
            unique_id_is_permalink=True,
            description=escape(
                " ".join(
                    [
                        when + ".",
                        place_line(session) + ".",
                        f"{workshop.get_audience_display()}, {price_label(workshop).lower()}.",
                        " ".join(workshop.description.split()),
                    ]
                )
            ),
            pubdate=session.created_at,
            updateddate=session.updated_at,
            categories=workshop.theme_labels(),
        )
    response = HttpResponse(content_type="application/rss+xml; charset=utf-8")
    feed.write(response, "utf-8")
    response["Cache-Control"] = f"public, max-age={FEED_MAX_AGE}"
    return response
