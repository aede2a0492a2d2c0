"""The venue's iCal and RSS feeds: upcoming sessions, each linking to its page;
cancelled sessions stay in the calendar as cancelled."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.urls import reverse
from icalendar import Calendar

from comptoir.workshops import actions
from tests.factories import VenueFactory
from tests.queries import query_budget
from tests.workshops.public_helpers import in_days, make_session

pytestmark = pytest.mark.django_db

SITE = settings.SITE_URL.rstrip("/")


def events(client, venue) -> dict:
    response = client.get(reverse("workshops:ical", args=[venue.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_the_ical_feed_lists_the_sessions_with_stable_uids_in_utc(client, venue):
    session = make_session(venue, days=4, hour=10, title="Mon smartphone")
    session.room = "à l’étage"
    session.save()
    event = events(client, venue)["Mon smartphone"]
    start = event.decoded("dtstart")
    assert start == in_days(4, 10) and start.utcoffset() == datetime.timedelta(0)
    assert event.decoded("dtend") == in_days(4, 11, 30)
    assert str(event["uid"]) == f"workshop-session-{session.pk}@127.0.0.1:8000"
    assert str(event["url"]) == SITE + session.get_public_url()
    assert "1 place de la Mairie" in str(event["location"])
    assert "à l’étage" in str(event["location"])
    assert "Prendre en main son téléphone" in str(event["description"])
    assert str(event["status"]) == "CONFIRMED"
    again = events(client, venue)["Mon smartphone"]
    assert str(again["uid"]) == str(event["uid"])


def test_a_cancelled_session_stays_in_the_calendar_as_cancelled(client, venue):
    session = make_session(venue, title="Tablette")
    before = events(client, venue)["Tablette"]
    actions.cancel_session(actor=None, session=session, reason="Animatrice malade")
    event = events(client, venue)["Tablette"]
    assert str(event["status"]) == "CANCELLED"
    assert "Animatrice malade" in str(event["description"])
    assert int(event["sequence"]) >= int(before["sequence"])


def test_the_ical_feed_holds_only_the_venues_recent_and_coming_sessions(client, venue, other_venue):
    make_session(venue, title="Bientôt")
    old = make_session(venue, title="Il y a longtemps")
    old.starts_at, old.ends_at = in_days(-60), in_days(-60, 16)
    old.save()
    make_session(other_venue, title="Ailleurs")
    assert set(events(client, venue)) == {"Bientôt"}


def test_an_outreach_session_is_located_at_the_partner(client, venue):
    session = make_session(venue, title="Hors les murs")
    session.place = VenueFactory(outreach=True, name="Médiathèque", commune="Bron")
    session.save()
    assert str(events(client, venue)["Hors les murs"]["location"]).startswith("Médiathèque, ")


def rss_items(client, venue) -> tuple[ET.Element, list[ET.Element]]:
    response = client.get(reverse("workshops:rss", args=[venue.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    return channel, channel.findall("item")


def test_the_rss_feed_lists_upcoming_sessions_linking_to_their_page(client, venue):
    first = make_session(venue, days=2, title="Mon smartphone")
    make_session(venue, days=5, title="Mes mails")
    cancelled = make_session(venue, days=3, title="Annulée")
    actions.cancel_session(actor=None, session=cancelled, reason="Travaux")
    channel, items = rss_items(client, venue)
    assert channel.findtext("title") == "Ateliers — Café du Port"
    assert channel.findtext("link") == SITE + reverse("workshops:agenda", args=[venue.slug])
    titles = [item.findtext("title") for item in items]
    assert len(titles) == 2
    assert titles[0].startswith("Mon smartphone — ") and titles[1].startswith("Mes mails — ")
    assert items[0].findtext("link") == SITE + first.get_public_url()
    assert items[0].findtext("guid") == SITE + first.get_public_url()
    assert "1 place de la Mairie" in items[0].findtext("description")


def test_html_typed_by_the_team_shows_as_text_in_a_feed_reader(client, venue):
    """A reader unescapes the XML, then reads title and description as HTML: what the
    team typed must still be escaped for HTML after the XML layer."""
    venue.name = "Café <i>du</i> Port"
    venue.save()
    make_session(
        venue,
        title="<b>Gras</b> & co",
        description='Venez <img src=x onerror="alert(1)"> nombreux',
    )
    channel, (item,) = rss_items(client, venue)
    description = item.findtext("description")  # the XML layer is undone here
    assert "<img" not in description
    assert "Venez &lt;img src=x onerror=&quot;alert(1)&quot;&gt; nombreux" in description
    assert item.findtext("title").startswith("&lt;b&gt;Gras&lt;/b&gt; &amp; co — ")
    assert channel.findtext("title") == "Ateliers — Café &lt;i&gt;du&lt;/i&gt; Port"
    assert "<i>" not in channel.findtext("description")


def test_feeds_of_an_unknown_venue_are_not_found(client, db):
    assert client.get("/lieux/nulle-part/ateliers/agenda.ics").status_code == 404
    assert client.get("/lieux/nulle-part/ateliers/flux.rss").status_code == 404


def test_the_feeds_query_count_does_not_grow_with_the_sessions(client, venue):
    for days in range(1, 16):
        make_session(venue, days=days)
    for name in ("workshops:ical", "workshops:rss"):
        with query_budget(3):
            assert client.get(reverse(name, args=[venue.slug])).status_code == 200
