"""Funder reports: coordinators write them, whoever may see all their venues reads
and downloads them; nobody sees a report covering a venue they were not given."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from comptoir.audit.models import AuditAction, AuditEntry
from comptoir.reports.models import FunderReport
from comptoir.venues.roles import Role
from tests.conftest import client_for
from tests.factories import MembershipFactory
from tests.queries import query_budget
from tests.reports.test_documents import make_journal, pdf_text

D = datetime.date
NEW = reverse("reports:funder_report_new")


def _funder_report(*venues, **fields) -> FunderReport:
    report = FunderReport.objects.create(
        title=fields.get("title", "Bilan du semestre"),
        funder=fields.get("funder", "CAF du Rhône"),
        start=D(2026, 1, 1),
        end=D(2026, 6, 30),
        context=fields.get("context", "Un semestre d’ouverture."),
    )
    report.venues.set(venues)
    return report


def _form(venue, **changes) -> dict:
    return {
        "title": "Bilan 2026",
        "funder": "Conseil départemental",
        "start": "2026-01-01",
        "end": "2026-06-30",
        "venues": [venue.pk],
        "context": "Ce que les chiffres ne disent pas.",
        **changes,
    }


def test_a_coordinator_writes_a_report_and_it_is_audited(coordinator, venue):
    response = client_for(coordinator).post(NEW, _form(venue))
    report = FunderReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == report.get_absolute_url()
    assert report.title == "Bilan 2026"
    assert list(report.venues.all()) == [venue]
    assert report.created_by == coordinator
    entry = AuditEntry.objects.get(object_type="reports.funderreport")
    assert entry.venue == venue
    assert entry.action == AuditAction.CREATE
    assert entry.changes["venues"] == [None, [venue.name]]


def test_editing_a_report_records_what_changed(coordinator, venue):
    report = _funder_report(venue)
    url = reverse("reports:funder_report_edit", args=[report.pk])
    response = client_for(coordinator).post(url, _form(venue, title="Nouveau titre"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.title == "Nouveau titre"
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE)
    assert entry.changes["title"] == ["Bilan du semestre", "Nouveau titre"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end": "2025-12-31"}, "La fin de la période doit suivre son début."),
        ({"start": "2020-01-01", "end": "2026-06-30"}, "cinq ans au plus"),
        ({"venues": []}, "Cochez au moins un lieu."),
    ],
)
def test_a_wrong_form_is_shown_again_with_what_was_typed(coordinator, venue, changes, message):
    response = client_for(coordinator).post(NEW, _form(venue, **changes))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Ce que les chiffres ne disent pas." in page
    assert 'value="Bilan 2026"' in page
    assert not FunderReport.objects.exists()


def test_the_new_form_starts_from_the_dashboards_selection(coordinator, venue):
    url = f"{NEW}?lieu={venue.slug}&du=2026-01-01&au=2026-03-31"
    page = client_for(coordinator).get(url).content.decode()
    assert 'value="2026-01-01"' in page
    assert 'value="2026-03-31"' in page
    assert re.search(rf'name="venues" value="{venue.pk}"[^>]* checked', page)


def test_a_coordinator_cannot_write_a_report_for_another_venue(coordinator, venue, other_venue):
    response = client_for(coordinator).post(NEW, _form(other_venue))
    assert response.status_code == 200
    assert not FunderReport.objects.exists()


def test_only_coordinators_write_reports(mediator, viewer, venue):
    for user in (mediator, viewer):
        assert client_for(user).get(NEW).status_code == 403
        report = _funder_report(venue)
        url = reverse("reports:funder_report_edit", args=[report.pk])
        assert client_for(user).post(url, _form(venue)).status_code == 403


def test_a_viewer_reads_the_report_and_downloads_it(viewer, venue):
    make_journal(venue)
    report = _funder_report(venue)
    client = client_for(viewer)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Bilan du semestre" in page
    assert "Un semestre d’ouverture." in page
    assert reverse("reports:funder_report_pdf", args=[report.pk]) in page
    assert reverse("reports:funder_report_edit", args=[report.pk]) not in page

    response = client.get(reverse("reports:funder_report_pdf", args=[report.pk]))
    assert response.status_code == 200
    assert (
        f'filename="rapport-financeur-{report.pk}-2026-01-01-2026-06-30.pdf"'
        in response["Content-Disposition"]
    )
    text = pdf_text(response.content)
    assert "Bilan du semestre" in text
    assert "CAF du Rhône" in text
    assert "Un semestre d’ouverture." in text
    # A funder reads small counts as "< 5" (the change from one is not shown).
    assert "Accompagnements 11 <5 —" in text

    response = client.get(reverse("reports:funder_report_xlsx", args=[report.pk]))
    book = load_workbook(io.BytesIO(response.content))
    rows = {row[0]: row[1:3] for row in book["Synthèse"].iter_rows(values_only=True)}
    assert rows["Accompagnements"] == (11, "<\u00a05")


def test_a_coordinator_reads_the_exact_figures_of_the_report(coordinator, venue):
    make_journal(venue)
    report = _funder_report(venue)
    response = client_for(coordinator).get(reverse("reports:funder_report_pdf", args=[report.pk]))
    assert "Accompagnements 11 2 +450 %" in pdf_text(response.content)


@pytest.mark.parametrize(
    "name", ["funder_report", "funder_report_edit", "funder_report_pdf", "funder_report_xlsx"]
)
def test_a_report_covering_a_venue_not_given_is_not_found(viewer, venue, other_venue, name):
    report = _funder_report(venue, other_venue)
    url = reverse(f"reports:{name}", args=[report.pk])
    assert client_for(viewer).get(url).status_code == 404


def test_the_list_shows_only_reports_whose_venues_are_all_visible(viewer, venue, other_venue):
    mine = _funder_report(venue, title="Rapport du Port")
    _funder_report(venue, other_venue, title="Rapport des deux lieux")
    _funder_report(other_venue, title="Rapport d’ailleurs")
    page = client_for(viewer).get(reverse("reports:funder_reports")).content.decode()
    assert "Rapport du Port" in page
    assert mine.get_absolute_url() in page
    assert "Rapport des deux lieux" not in page
    assert "Rapport d’ailleurs" not in page
    assert reverse("reports:funder_report_new") not in page


def test_a_viewer_of_both_venues_sees_the_report_of_both(viewer, venue, other_venue):
    MembershipFactory(user=viewer, venue=other_venue, role=Role.VIEWER)
    report = _funder_report(venue, other_venue)
    assert client_for(viewer).get(report.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("name", ["funder_report", "funder_report_pdf", "funder_report_xlsx"])
def test_the_report_pages_stay_within_their_query_budget(viewer, venue, name):
    report = _funder_report(venue)
    url = reverse(f"reports:{name}", args=[report.pk])
    client = client_for(viewer)
    make_journal(venue)
    client.get(url)  # the first view computes the monthly figures
    with query_budget(30) as small:
        assert client.get(url).status_code == 200
    for _ in range(3):
        make_journal(venue)
    client.get(url)  # the changed months are computed again
    with query_budget(30) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_list_stays_within_its_query_budget(viewer, venue):
    client = client_for(viewer)
    _funder_report(venue)
    with query_budget(8) as small:
        client.get(reverse("reports:funder_reports"))
    for _ in range(5):
        _funder_report(venue)
    with query_budget(8) as large:
        client.get(reverse("reports:funder_reports"))
    assert len(large.captured_queries) == len(small.captured_queries)
