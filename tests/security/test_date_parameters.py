"""Dates in staff query strings: year 1, year 9999, out of range or garbage
give the page with a plain-French message (or today's page), never a 500.

Date arithmetic near the calendar's ends (the day before 1 January of year 1,
the week after 31 December 9999, the period before a period of year 2) raises
OverflowError: every page that reads a date from its URL is listed here, and
`tests/property/test_staff_dates.py` fuzzes them."""

import pytest
from django.urls import reverse

from comptoir.reports.models import FunderReport
from tests.conftest import client_for

EXTREMES = ["0001-01-01", "0001-01-07", "0002-03-01", "9999-12-31", "9999-12-25", "9998-01-01"]


def staff_date_pages(venue) -> list[tuple[str, list[str], dict]]:
    """(path, date parameters, other parameters) of every staff page that reads a
    date from its query string."""
    slug = venue.slug
    return [
        (reverse("reports:dashboard"), ["du", "au"], {}),
        (reverse("reports:venue", args=[slug]), ["du", "au"], {}),
        (reverse("reports:export_pdf"), ["du", "au"], {}),
        (reverse("reports:export_xlsx"), ["du", "au"], {}),
        (reverse("reports:activities_csv"), ["du", "au"], {}),
        (reverse("reports:activities_xlsx"), ["du", "au"], {}),
        (reverse("reports:diagnostic"), ["du", "au"], {"lieu": slug}),
        (reverse("reports:funder_report_new"), ["du", "au"], {}),
        (reverse("appointments:agenda", args=[slug]), ["date"], {}),
        (reverse("appointments:agenda", args=[slug]), ["date"], {"view": "week"}),
        (reverse("helpdesk:summary", args=[slug]), ["date"], {}),
        (reverse("journal:list", args=[slug]), ["start", "end"], {}),
        (reverse("journal:export", args=[slug]), ["start", "end"], {}),
    ]


@pytest.mark.parametrize("day", EXTREMES)
def test_extreme_dates_in_staff_query_strings_never_give_a_500(coordinator, venue, day):
    client = client_for(coordinator)
    for path, names, extra in staff_date_pages(venue):
        for params in (
            dict.fromkeys(names, day),
            {names[0]: day, names[-1]: "2025-03-31"},
            {names[0]: "2025-03-01", names[-1]: day},
        ):
            response = client.get(path, {**extra, **params})
            assert response.status_code < 500, (path, params, response.status_code)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_report_period_at_the_ends_of_the_calendar_is_refused_with_a_message(
    coordinator, venue, day
):
    response = client_for(coordinator).get(reverse("reports:dashboard"), {"du": day, "au": day})
    assert response.status_code == 200
    assert "Choisissez une date entre" in response.content.decode()


def test_the_cafe_summary_of_year_one_says_the_date_is_out_of_range(coordinator, venue):
    response = client_for(coordinator).get(
        reverse("helpdesk:summary", args=[venue.slug]), {"date": "0001-01-01"}
    )
    assert response.status_code == 200
    assert "Choisissez une date entre" in response.content.decode()


def test_a_funder_report_cannot_be_saved_at_the_ends_of_the_calendar(coordinator, venue):
    response = client_for(coordinator).post(
        reverse("reports:funder_report_new"),
        {
            "title": "Bilan",
            "funder": "",
            "start": "0001-01-01",
            "end": "0001-12-31",
            "venues": [venue.pk],
            "context": "",
        },
    )
    assert response.status_code == 200
    assert "Choisissez une date entre" in response.content.decode()
    assert not FunderReport.objects.exists()
