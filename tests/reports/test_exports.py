"""Downloads of the dashboard's selection: the report (PDF, XLSX) for anyone who
may see the dashboard, the activity list (CSV, XLSX) only for those who may
export the journal of every selected venue."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from comptoir.journal.export import COLUMNS
from comptoir.venues.roles import Role
from tests.conftest import client_for
from tests.factories import ActivityFactory, MembershipFactory, UserFactory
from tests.queries import query_budget
from tests.reports.test_documents import make_journal, pdf_text

BUDGET = 26
QUERY = {"du": "2026-01-01", "au": "2026-06-30"}


def _url(name: str, venue, **extra) -> str:
    params = "&".join(f"{k}={v}" for k, v in {**QUERY, **extra}.items())
    return f"{reverse(f'reports:{name}')}?lieu={venue.slug}&{params}"


@pytest.fixture
def journal(venue):
    return make_journal(venue)


def test_a_viewer_downloads_the_report_pdf_of_the_period(viewer, venue, journal):
    response = client_for(viewer).get(_url("export_pdf", venue))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="rapport-2026-01-01-2026-06-30.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert venue.name in text
    assert "du 1er janvier 2026 au 30 juin 2026" in text
    assert "Accompagnements 11 <5 —" in text  # the 2 of the previous period is small


def test_a_coordinator_downloads_the_exact_figures(coordinator, venue, journal):
    text = pdf_text(client_for(coordinator).get(_url("export_pdf", venue)).content)
    assert "Accompagnements 11 2 +450 %" in text
    book = load_workbook(
        io.BytesIO(client_for(coordinator).get(_url("export_xlsx", venue)).content)
    )
    rows = {row[0]: row[1:3] for row in book["Synthèse"].iter_rows(values_only=True)}
    assert rows["Accompagnements"] == (11, 2)


def test_a_viewer_downloads_the_report_xlsx(viewer, venue, journal):
    response = client_for(viewer).get(_url("export_xlsx", venue))
    assert response.status_code == 200
    assert 'filename="rapport-2026-01-01-2026-06-30.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    rows = {row[0]: row[1:3] for row in book["Synthèse"].iter_rows(values_only=True)}
    assert rows["Accompagnements"] == (11, "<\u00a05")


@pytest.mark.parametrize("name", ["activities_csv", "activities_xlsx"])
def test_a_viewer_never_gets_the_list_of_activities(viewer, venue, journal, name):
    assert client_for(viewer).get(_url(name, venue)).status_code == 403


@pytest.mark.parametrize("name", ["export_pdf", "activities_csv"])
def test_nobody_downloads_another_venues_figures(intruder, venue, journal, name):
    assert client_for(intruder).get(_url(name, venue)).status_code == 403


def test_the_activities_need_the_export_right_at_every_selected_venue(mediator, venue, other_venue):
    MembershipFactory(user=mediator, venue=other_venue, role=Role.VIEWER)
    url = reverse("reports:activities_csv") + f"?lieu={venue.slug}&lieu={other_venue.slug}"
    assert client_for(mediator).get(url).status_code == 403
    url = reverse("reports:activities_csv") + f"?lieu={venue.slug}"
    assert client_for(mediator).get(url).status_code == 200


def test_the_csv_has_the_cra_header_and_only_the_periods_activities(mediator, venue):
    made = make_journal(venue, mediator=mediator)
    response = client_for(mediator).get(_url("activities_csv", venue))
    assert response.status_code == 200
    assert 'filename="accompagnements-2026-01-01-2026-06-30.csv"' in response["Content-Disposition"]
    content = b"".join(response.streaming_content).decode()
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    assert rows[0] == COLUMNS
    ids = [int(row[-1]) for row in rows[1:]]
    assert sorted(ids) == sorted(a.pk for a in made["in_period"])
    # The day before the start and the day after the end are left out.
    assert made["before"][0].pk not in ids
    assert made["after"][0].pk not in ids
    first = dict(zip(COLUMNS, rows[1], strict=True))
    assert first["Date"] == "2026-01-01"
    assert first["Rôle"] == "Médiateur·rice"


def test_the_role_column_is_the_role_at_the_activitys_venue(venue, other_venue):
    """A person coordinating one venue and mediating at another."""
    user = UserFactory(username="both")
    MembershipFactory(user=user, venue=venue, role=Role.COORDINATOR)
    MembershipFactory(user=user, venue=other_venue, role=Role.MEDIATOR)
    here = ActivityFactory(venue=venue, date="2026-02-01", mediator=user)
    there = ActivityFactory(venue=other_venue, date="2026-02-02", mediator=user)
    url = reverse("reports:activities_csv") + (
        f"?lieu={venue.slug}&lieu={other_venue.slug}&du=2026-01-01&au=2026-06-30"
    )
    response = client_for(user).get(url)
    content = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    rows = {
        int(row[-1]): dict(zip(COLUMNS, row, strict=True))
        for row in csv.reader(io.StringIO(content))
        if row[-1] != "ID CRA"
    }
    assert rows[here.pk]["Rôle"] == "Coordinateur·rice"
    assert rows[there.pk]["Rôle"] == "Médiateur·rice"


def test_the_activities_xlsx_has_one_row_per_activity_of_the_period(mediator, venue):
    made = make_journal(venue, mediator=mediator)
    response = client_for(mediator).get(_url("activities_xlsx", venue))
    assert response.status_code == 200
    assert (
        'filename="accompagnements-2026-01-01-2026-06-30.xlsx"' in response["Content-Disposition"]
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    assert sorted(row[-1] for row in rows[1:]) == sorted(a.pk for a in made["in_period"])


@pytest.mark.parametrize("name", ["export_pdf", "export_xlsx", "activities_csv"])
def test_bad_dates_are_refused_with_a_plain_message(mediator, venue, name):
    url = reverse(f"reports:{name}") + "?du=2026-06-30&au=2026-01-01"
    response = client_for(mediator).get(url)
    assert response.status_code == 400
    assert "La fin de la période doit suivre son début." in response.content.decode()


@pytest.mark.parametrize("name", ["export_pdf", "export_xlsx", "activities_xlsx"])
def test_the_files_stay_within_their_query_budget(coordinator, venue, name):
    client = client_for(coordinator)
    url = _url(name, venue)
    make_journal(venue, mediator=coordinator)
    client.get(url)  # the first view computes the monthly figures
    with query_budget(BUDGET) as small:
        assert client.get(url).status_code == 200
    for _ in range(3):
        make_journal(venue, mediator=coordinator)
    ActivityFactory.create_batch(20, venue=venue, date="2026-04-04", mediator=coordinator)
    client.get(url)  # the changed months are computed again
    with query_budget(BUDGET) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
