"""The reports dashboard: who sees which venues' figures, filters kept in the URL,
charts each followed by its table, and a query count that does not grow."""

import datetime
import re

import pytest
from django.urls import reverse

from comptoir.journal.cra import ActivityType
from comptoir.reports.views.dashboard import _can_export_activities
from comptoir.venues.roles import Role
from tests.conftest import client_for
from tests.factories import (
    ActivityFactory,
    MembershipFactory,
    NetworkFactory,
    PersonFactory,
    UserFactory,
    VenueFactory,
)
from tests.queries import query_budget

MARCH = {"du": "2025-03-01", "au": "2025-03-31"}
DAY = datetime.date(2025, 3, 10)
URL = "/rapports/"


@pytest.fixture
def journal(venue):
    """At the venue in March 2025: three individual accompaniments (two of them
    with a known person) and one session of 8; one in February (previous period)."""
    zoe = PersonFactory(venue=venue, first_name="Zéphyrine", commune="<script>", insee_code="")
    ActivityFactory(venue=venue, date=DAY, person=zoe)
    ActivityFactory(venue=venue, date=DAY, person=PersonFactory(venue=venue, first_name="Barnabé"))
    ActivityFactory(venue=venue, date=DAY)
    ActivityFactory(venue=venue, date=DAY, collective=True)
    ActivityFactory(venue=venue, date=datetime.date(2025, 2, 10))


def get(user, **params):
    return client_for(user).get(URL, params)


def key_figure(html: str, label: str) -> str:
    match = re.search(rf'<p class="key-label">{label}</p>\s*<p class="key-value">([^<]*)</p>', html)
    assert match, label
    return match.group(1)


@pytest.mark.parametrize("persona", ["coordinator", "mediator", "viewer"])
def test_each_role_with_the_reports_sees_the_figures(persona, request, journal):
    response = get(request.getfixturevalue(persona), lieu="cafe-du-port", **MARCH)
    assert response.status_code == 200
    html = response.content.decode()
    assert key_figure(html, "Accompagnements") == "11"  # 3 individual + 8 participants
    # Small counts are exact for the venue's staff, withheld from a funder.
    small = "&lt;\u00a05" if persona == "viewer" else "3"
    assert key_figure(html, "Accompagnements individuels") == small
    assert "Café du Port" in html
    assert "Du 1er mars 2025 au 31 mars 2025" in html
    assert "du 1er février 2025 au 28 février 2025" in html  # compared with


def test_the_viewer_sees_no_person(viewer, journal):
    html = get(viewer, **MARCH).content.decode()
    assert "Zéphyrine" not in html
    assert "Barnabé" not in html
    assert key_figure(html, "Personnes accompagnées") == "11"


def test_a_viewer_asking_for_another_venue_or_network_is_refused(viewer, other_venue, journal):
    elsewhere = VenueFactory(network=NetworkFactory(name="Autre", slug="autre"), slug="loin")
    assert get(viewer, lieu=other_venue.slug).status_code == 403
    assert get(viewer, lieu=["cafe-du-port", other_venue.slug]).status_code == 403
    assert get(viewer, reseau="autre").status_code == 403
    assert get(viewer, lieu=elsewhere.slug).status_code == 403


def test_a_volunteer_has_no_reports(venue):
    volunteer = UserFactory(username="volunteer")
    MembershipFactory(user=volunteer, venue=venue, role=Role.VOLUNTEER)
    assert get(volunteer).status_code == 403
    url = reverse("reports:venue", args=[venue.slug])
    assert client_for(volunteer).get(url).status_code == 403


def test_a_visitor_is_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_filters_round_trip_through_the_url(coordinator, other_venue, journal):
    MembershipFactory(user=coordinator, venue=other_venue, role=Role.COORDINATOR)
    html = get(coordinator, lieu="cafe-du-port", **MARCH).content.decode()
    boxes = dict(re.findall(r'<input type="checkbox" name="lieu" value="([^"]+)"([^>]*)>', html))
    assert "checked" in boxes["cafe-du-port"]
    assert "checked" not in boxes[other_venue.slug]
    assert 'value="2025-03-01"' in html and 'value="2025-03-31"' in html
    assert f'action="{URL}"' in html and 'method="get"' in html


def test_a_whole_network_link_selects_its_venues_and_keeps_the_period(
    coordinator, other_venue, journal
):
    MembershipFactory(user=coordinator, venue=other_venue, role=Role.COORDINATOR)
    html = get(coordinator, **MARCH).content.decode()
    assert "/rapports/?reseau=reseau-test&amp;du=2025-03-01&amp;au=2025-03-31" in html
    html = get(coordinator, reseau="reseau-test", **MARCH).content.decode()
    boxes = dict(re.findall(r'<input type="checkbox" name="lieu" value="([^"]+)"([^>]*)>', html))
    assert all("checked" in attrs for attrs in boxes.values())
    assert "Réseau test, 2 lieux" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"du": "2025-03-31", "au": "2025-03-01"}, "La fin de la période doit suivre son début."),
        ({"du": "2025-03-31"}, "Indiquez les deux dates de la période"),
    ],
)
def test_wrong_dates_show_the_error_with_what_was_typed_and_no_figures(
    params, message, coordinator, journal
):
    response = get(coordinator, **params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="2025-03-31"' in html
    assert "Chiffres clés" not in html
    assert "<svg" not in html


def test_every_chart_is_followed_by_its_data_table(coordinator, journal):
    html = get(coordinator, **MARCH).content.decode()
    charts = re.findall(
        r"<figure class=\"chart\">(.*?)</figure>\s*(?:<p[^>]*>.*?</p>\s*)?"
        r"<div class=\"table-wrap\">\s*<table[^>]*>\s*<caption>",
        html,
        re.S,
    )
    assert len(charts) == html.count("<svg")
    assert len(charts) >= 5  # months, type, format, themes, ages… (empty tables have none)
    assert html.count('role="img"') == len(charts)
    assert '<th scope="col" class="num">Période précédente</th>' in html
    assert '<th scope="row">Accompagnement individuel</th>' in html


def test_a_commune_named_like_a_script_is_escaped(coordinator, journal):
    html = get(coordinator, **MARCH).content.decode()
    assert "<script>" not in html.split("<main", 1)[1]
    assert "&lt;script&gt;" in html


def _activities(venue, n):
    people = [PersonFactory(venue=venue) for _ in range(5)]
    for i in range(n):
        if i % 10 == 0:
            ActivityFactory(venue=venue, date=DAY, collective=True)
        else:
            ActivityFactory(
                venue=venue, date=DAY - datetime.timedelta(days=i % 40), person=people[i % 5]
            )


@pytest.mark.parametrize("n", [10, 300])
def test_the_query_count_does_not_grow_with_the_journal(n, coordinator, venue):
    _activities(venue, n)
    client = client_for(coordinator)
    client.get(URL, MARCH)  # the first view computes the monthly figures
    # Session, user, venues, exact figures or not, export rights, then four
    # queries per period (see rollup.py).
    with query_budget(13):
        response = client.get(URL, MARCH)
    assert response.status_code == 200


def test_the_venue_reports_page_shows_that_venue_in_its_menu(viewer, venue, other_venue, journal):
    MembershipFactory(user=viewer, venue=other_venue, role=Role.VIEWER)
    url = reverse("reports:venue", args=[venue.slug])
    response = client_for(viewer).get(url, {**MARCH, "lieu": other_venue.slug})
    assert response.status_code == 200
    html = response.content.decode()
    assert key_figure(html, "Accompagnements") == "11"  # only this venue, whatever lieu says
    assert f'href="{url}" aria-current="page"' in html
    assert f'action="{URL}"' in html


def test_the_venue_home_leads_a_viewer_to_the_reports(viewer, venue):
    html = client_for(viewer).get(reverse("venues:home", args=[venue.slug])).content.decode()
    assert html.count(reverse("reports:venue", args=[venue.slug])) == 2  # menu and panel


def test_only_staff_who_may_export_every_venue_get_the_list_of_activities(
    coordinator, viewer, venue, other_venue
):
    assert _can_export_activities(coordinator, [venue])
    assert not _can_export_activities(viewer, [venue])
    MembershipFactory(user=coordinator, venue=other_venue, role=Role.VIEWER)
    assert not _can_export_activities(coordinator, [venue, other_venue])


def test_a_collective_session_counts_its_participants_in_the_month_table(coordinator, venue):
    ActivityFactory(venue=venue, date=DAY, type=ActivityType.COLLECTIVE, head_count=12)
    html = get(coordinator, **MARCH).content.decode()
    row = re.search(r'<th scope="row">mars 2025</th>(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r">(\d+)</td>", row) == ["0", "1", "12", "12"]


def test_venues_of_several_networks_are_grouped_each_with_its_whole_network_link(coordinator):
    other = NetworkFactory(name="Réseau du Nord", slug="nord")
    for slug in ("nord-1", "nord-2"):
        MembershipFactory(
            user=coordinator,
            venue=VenueFactory(network=other, slug=slug),
            role=Role.VIEWER,
        )
    html = get(coordinator).content.decode()
    assert "<legend>Réseau du Nord</legend>" in html
    assert "<legend>Réseau test</legend>" in html
    assert 'href="/rapports/?reseau=nord"' in html
    assert "reseau=reseau-test" not in html  # one venue only there: no shortcut
