"""The venue's public agenda: upcoming sessions by day, filters by audience and
theme (unknown values ignored), links to the feeds, a constant query count."""

import pytest
from django.urls import reverse

from comptoir.journal.cra import Theme, WorkshopLevel
from comptoir.workshops import actions
from comptoir.workshops.models import Audience, PriceKind
from tests.factories import VenueFactory
from tests.queries import query_budget
from tests.workshops.public_helpers import in_days, make_session, register

pytestmark = pytest.mark.django_db


def agenda_url(venue, **params) -> str:
    url = reverse("workshops:agenda", args=[venue.slug])
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


def test_it_lists_upcoming_sessions_with_what_a_visitor_needs(client, venue):
    make_session(
        venue,
        days=3,
        hour=10,
        title="Premiers pas sur smartphone",
        audience=Audience.SENIORS,
        level=WorkshopLevel.BEGINNER,
    )
    make_session(
        venue,
        days=5,
        title="Faire ses démarches en ligne",
        price_kind=PriceKind.PASS,
        price_amount=5,
        capacity=4,
    )
    html = client.get(agenda_url(venue)).content.decode()
    assert "Premiers pas sur smartphone" in html and "Faire ses démarches en ligne" in html
    assert html.index("Premiers pas sur smartphone") < html.index("Faire ses démarches en ligne")
    assert "10:00 – 11:30" in html
    assert "Seniors" in html and "Débutant" in html
    assert "Gratuit" in html
    assert "5 € (pass numérique accepté)" in html
    assert "8 places libres" in html and "4 places libres" in html
    assert "Café du Port" in html


def test_it_leaves_out_past_cancelled_and_other_venues_sessions(client, venue, other_venue):
    make_session(venue, title="À venir")
    past = make_session(venue, title="Passé")
    past.starts_at, past.ends_at = in_days(-2), in_days(-2, 16)
    past.save()
    cancelled = make_session(venue, title="Annulé")
    actions.cancel_session(actor=None, session=cancelled, reason="Animatrice malade")
    make_session(other_venue, title="Chez les voisins")
    html = client.get(agenda_url(venue)).content.decode()
    assert "À venir" in html
    assert "Passé" not in html
    assert "Annulé" not in html
    assert "Chez les voisins" not in html


def test_a_full_session_offers_the_waiting_list(client, venue):
    session = make_session(venue, capacity=1, title="Tablette")
    register(session, "Josiane", phone="+33612345678")
    html = client.get(agenda_url(venue)).content.decode()
    assert "Complet — liste d’attente" in html
    assert "places libres" not in html


def test_a_session_not_yet_open_says_when_registration_opens(client, venue):
    session = make_session(venue, days=20)
    session.registration_opens_at = in_days(10, 9)
    session.save()
    html = client.get(agenda_url(venue)).content.decode()
    assert "Inscriptions à partir du" in html
    assert "à 09:00" in html


def test_an_outreach_session_names_the_partner_place(client, venue):
    library = VenueFactory(outreach=True, name="Médiathèque Lamartine", commune="Vaulx-en-Velin")
    session = make_session(venue)
    session.place = library
    session.save()
    html = client.get(agenda_url(venue)).content.decode()
    assert "Hors les murs" in html
    assert "Médiathèque Lamartine" in html and "Vaulx-en-Velin" in html


def test_it_filters_by_audience(client, venue):
    make_session(venue, title="Pour les seniors", audience=Audience.SENIORS)
    make_session(venue, title="Pour les parents", audience=Audience.PARENTS)
    html = client.get(agenda_url(venue, audience="parents")).content.decode()
    assert "Pour les parents" in html
    assert "Pour les seniors" not in html
    assert '<option value="parents" selected>' in html


def test_it_filters_by_theme_and_offers_only_themes_with_sessions(client, venue):
    make_session(venue, title="Mails", themes=[Theme.EMAIL])
    make_session(venue, title="Ordonnances en ligne", themes=[Theme.HEALTH, Theme.BROWSING])
    html = client.get(agenda_url(venue, theme=Theme.HEALTH)).content.decode()
    assert "Ordonnances en ligne" in html
    assert "Mails</a>" not in html
    assert f'value="{Theme.EMAIL}"' in html  # offered
    assert f'value="{Theme.AI}"' not in html  # no session on it


def test_a_theme_with_no_session_says_nothing_matches(client, venue):
    make_session(venue, title="Mails", themes=[Theme.EMAIL])
    html = client.get(agenda_url(venue, theme=Theme.AI)).content.decode()
    assert "Aucun atelier à venir ne correspond à ce choix." in html
    assert "Mails</a>" not in html


@pytest.mark.parametrize(
    "params", [{"audience": "martians"}, {"theme": "<script>"}, {"audience": "", "theme": "x"}]
)
def test_unknown_filter_values_are_ignored(client, venue, params):
    make_session(venue, title="Mails", themes=[Theme.EMAIL])
    response = client.get(reverse("workshops:agenda", args=[venue.slug]), params)
    assert response.status_code == 200
    assert "Mails" in response.content.decode()


def test_it_links_to_the_feeds(client, venue):
    html = client.get(agenda_url(venue)).content.decode()
    rss = reverse("workshops:rss", args=[venue.slug])
    assert f'<link rel="alternate" type="application/rss+xml" href="{rss}"' in html
    assert reverse("workshops:ical", args=[venue.slug]) in html


def test_an_empty_agenda_says_so(client, venue):
    html = client.get(agenda_url(venue)).content.decode()
    assert "Pas d’atelier prévu pour le moment." in html


def test_an_unknown_venue_is_not_found(client, db):
    assert client.get("/lieux/nulle-part/ateliers/").status_code == 404


def test_the_query_count_does_not_grow_with_the_sessions(client, venue):
    make_session(venue)
    with query_budget(3) as few:
        assert client.get(agenda_url(venue)).status_code == 200
    for days in range(2, 20):
        session = make_session(venue, days=days, capacity=2)
        register(session, f"P{days}", phone=f"+336123400{days:02d}")
    with query_budget(3) as many:
        html = client.get(agenda_url(venue, audience="everyone")).content.decode()
    assert html.count("session-card") == 19
    assert len(many.captured_queries) == len(few.captured_queries)
