"""The day's summary: people helped, median wait and help time, escalations, outcomes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.helpdesk.models import Outcome
from comptoir.helpdesk.summary import day_summary
from comptoir.helpdesk.topics import Topic
from tests.conftest import client_for
from tests.helpdesk.factories import HelpRequestFactory
from tests.queries import query_budget

pytestmark = pytest.mark.django_db


def _at(hour, minute=0, day=None):
    day = day or timezone.localdate()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _walk_in(venue, arrived, waited, helped, outcome=Outcome.SOLVED, day=None, **kwargs):
    arrived_at = _at(*arrived, day=day)
    return HelpRequestFactory(
        venue=venue,
        closed=True,
        arrived_at=arrived_at,
        started_at=arrived_at + datetime.timedelta(minutes=waited),
        ended_at=arrived_at + datetime.timedelta(minutes=waited + helped),
        outcome=outcome,
        **kwargs,
    )


@pytest.fixture
def morning(venue):
    _walk_in(venue, (9, 0), waited=2, helped=10, topic=Topic.EMAIL)
    _walk_in(venue, (9, 5), waited=10, helped=14, topic=Topic.EMAIL, extended=True)
    _walk_in(
        venue,
        (9, 10),
        waited=20,
        helped=16,
        outcome=Outcome.NEEDS_APPOINTMENT,
        topic=Topic.ADMIN_PROCEDURE,
    )
    _walk_in(
        venue,
        (9, 20),
        waited=30,
        helped=8,
        outcome=Outcome.REFERRED,
        referral_structure="administration",
    )
    HelpRequestFactory(venue=venue, left=True, arrived_at=_at(9, 30))
    HelpRequestFactory(venue=venue, arrived_at=_at(10, 0))  # still waiting
    # Yesterday, and another venue: not counted.
    _walk_in(venue, (9, 0), waited=1, helped=60, day=timezone.localdate() - datetime.timedelta(1))


def test_the_summary_counts_the_days_walk_ins(venue, morning):
    summary = day_summary(venue, timezone.localdate())
    assert summary.arrived == 6
    assert summary.helped == 4
    assert summary.left_before_help == 1
    assert summary.still_waiting == 1
    assert summary.escalations == 1
    assert summary.referred == 1
    assert summary.extended == 1
    assert summary.median_wait == 15  # 2, 10, 20, 30
    assert summary.median_help == 12  # 10, 14, 16, 8
    assert dict(summary.outcomes)["Résolu"] == 2
    assert dict(summary.outcomes)["Partie avant d’être aidée"] == 1
    assert summary.topics == [("E-mail", 5), ("Démarche en ligne", 1)]


def test_an_empty_day_has_no_medians(venue):
    summary = day_summary(venue, timezone.localdate())
    assert (summary.arrived, summary.median_wait, summary.median_help) == (0, None, None)


def test_the_summary_page_shows_the_figures(mediator_client, venue, morning):
    page = mediator_client.get(reverse("helpdesk:summary", args=[venue.slug])).content.decode()
    assert '<p class="stat">4</p><p>personnes aidées</p>' in page
    assert '<p class="stat">15 min</p>' in page
    assert '<p class="stat">12 min</p>' in page


def test_another_day_can_be_chosen(mediator_client, venue, morning):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    url = reverse("helpdesk:summary", args=[venue.slug]) + f"?date={yesterday:%Y-%m-%d}"
    page = mediator_client.get(url).content.decode()
    assert '<p class="stat">1</p><p>personnes aidées</p>' in page
    assert "Jour suivant" in page


def test_a_bad_date_falls_back_to_today_with_a_message(mediator_client, venue):
    url = reverse("helpdesk:summary", args=[venue.slug]) + "?date=hier"
    page = mediator_client.get(url).content.decode()
    assert "Saisissez une date valide" in page
    assert timezone.localdate().strftime("%Y") in page


@pytest.mark.parametrize("count", [5, 50])
def test_the_summary_reads_the_database_a_constant_number_of_times(mediator_client, venue, count):
    for i in range(count):
        _walk_in(venue, (9, i % 60), waited=i % 7, helped=10)
    with query_budget(5):
        response = mediator_client.get(reverse("helpdesk:summary", args=[venue.slug]))
    assert response.status_code == 200


def test_a_facilitator_does_not_see_the_summary(venue, facilitator):
    url = reverse("helpdesk:summary", args=[venue.slug])
    assert client_for(facilitator).get(url).status_code == 403
