"""The files a report is handed over as: the PDF (its text through pdftotext), the
XLSX of the same tables, and the activity-report XLSX."""

import datetime
import io
import subprocess

import pytest
from openpyxl import load_workbook

from comptoir.journal.export import COLUMNS, mediator_roles_at
from comptoir.reports.documents import activities_xlsx, report_pdf, report_xlsx
from comptoir.reports.figures import build_report
from comptoir.reports.scope import Period, Scope
from comptoir.venues.roles import Role
from tests.factories import ActivityFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.slow  # renders PDFs: left out of make test-quick

D = datetime.date
PERIOD = Period(D(2026, 1, 1), D(2026, 6, 30))  # previous: July–December 2025


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def make_journal(venue, mediator=None) -> dict:
    """A small journal whose figures are easy to count by hand:
    in the period, 3 individual accompaniments and one collective session of 8
    (11 accompaniments, 210 minutes); in the period before, 2 individual ones;
    one the day after the period ends (not counted)."""
    made = {
        "in_period": [
            ActivityFactory(venue=venue, date=D(2026, 1, 1), mediator=mediator),
            ActivityFactory(venue=venue, date=D(2026, 2, 5), mediator=mediator),
            ActivityFactory(venue=venue, date=D(2026, 6, 30), mediator=mediator),
            ActivityFactory(venue=venue, date=D(2026, 3, 3), collective=True, duration_minutes=120),
        ],
        "before": [
            ActivityFactory(venue=venue, date=D(2025, 12, 31), mediator=mediator),
            ActivityFactory(venue=venue, date=D(2025, 8, 20)),
        ],
        "after": [ActivityFactory(venue=venue, date=D(2026, 7, 1))],
    }
    return made


@pytest.fixture
def journal(venue):
    return make_journal(venue)


@pytest.fixture
def report(venue, journal):
    return build_report(Scope((venue.pk,), PERIOD), exact=True)


def test_the_pdf_says_what_it_covers_the_context_and_the_key_figures(report, venue):
    text = pdf_text(
        report_pdf(
            report,
            title="Bilan du premier semestre",
            funder="Conseil départemental",
            context_text="Ouverture du café numérique en janvier.\n\nDes ateliers <b>complets</b>.",
        )
    )
    assert "Bilan du premier semestre" in text
    assert "Conseil départemental" in text
    assert venue.name in text
    assert "du 1er janvier 2026 au 30 juin 2026" in text
    assert "du 1er juillet 2025 au 31 décembre 2025" in text
    assert "Ouverture du café numérique en janvier." in text
    # The context is text, never markup.
    assert "Des ateliers <b>complets</b>." in text
    # Accompaniments: 3 individual + 8 participants, 2 the period before, +450 %.
    assert "Accompagnements 11 2 +450 %" in text
    assert "Accompagnements individuels 3 2 +50 %" in text
    # 210 minutes, 60 the period before (pdftotext may join "1 h").
    assert "Heures de médiation 3,5 h" in text
    assert "+250 %" in text
    assert "Page 1 / " in text


def test_the_pdf_has_the_months_and_every_table(report):
    text = pdf_text(report_pdf(report, title="Bilan"))
    assert "janvier 2026 1 0 0 1" in text
    assert "mars 2026 0 1 8 8" in text
    assert "juin 2026 1 0 0 1" in text
    for table in report.tables:
        assert table.title in text


def _rows(sheet) -> list[tuple]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_the_xlsx_has_the_same_figures_as_numbers(report, venue):
    book = load_workbook(io.BytesIO(report_xlsx(report, title="Bilan", context_text="Contexte")))
    assert book.sheetnames[:2] == ["Synthèse", "Par mois"]
    summary = _rows(book["Synthèse"])
    assert summary[0][0] == "Bilan"
    flat = [value for row in summary for value in row if value is not None]
    assert venue.name in flat
    assert "du 1er janvier 2026 au 30 juin 2026" in flat
    assert "Contexte" in flat
    by_label = {row[0]: row[1:4] for row in summary if row[0]}
    assert by_label["Accompagnements"] == (11, 2, 4.5)
    assert by_label["Accompagnements individuels"] == (3, 2, 0.5)
    assert by_label["Heures de médiation (h)"][:2] == (3.5, 1)
    header = next(row for row in book["Synthèse"].iter_rows() if row[0].value == "Indicateur")
    assert all(cell.font.bold for cell in header)

    months = _rows(book["Par mois"])
    assert months[0][0] == "Mois"
    assert [row[1:] for row in months[1:7]] == [
        (1, 0, 0, 1),
        (1, 0, 0, 1),
        (0, 1, 8, 8),
        (0, 0, 0, 0),
        (0, 0, 0, 0),
        (1, 0, 0, 1),
    ]
    assert months[7][0] == "Total"
    assert months[7][1:] == (3, 1, 8, 11)

    by_type = _rows(book["Accompagnements par type"])
    assert by_type[0][2] == "Accompagnements — période précédente"
    assert by_type[1:] == [
        ("Accompagnement individuel", 3, 2),
        ("Atelier collectif", 8, 0),
        ("Total", 11, 2),
    ]
    assert len(book.sheetnames) == 2 + len(report.tables)


def test_the_activities_xlsx_has_the_cra_columns_and_one_row_per_activity(venue):
    mediator = UserFactory(first_name="Alex", last_name="Durand")
    MembershipFactory(user=mediator, venue=venue, role=Role.MEDIATOR)
    made = make_journal(venue, mediator=mediator)
    activities = Scope((venue.pk,), PERIOD).activities().order_by("date", "pk")
    book = load_workbook(
        io.BytesIO(activities_xlsx(activities, mediator_roles_at([venue.pk]))), read_only=True
    )
    rows = _rows(book.active)
    assert list(rows[0]) == COLUMNS
    assert len(rows) == 1 + len(made["in_period"])
    first = dict(zip(COLUMNS, rows[1], strict=True))
    assert first["Date"] == datetime.datetime(2026, 1, 1)
    assert first["Prénom du médiateur"] == "Alex"
    assert first["Rôle"] == "Médiateur·rice"
    assert first["Durée (min)"] == 30
    assert first["ID CRA"] == made["in_period"][0].pk
    collective = dict(zip(COLUMNS, rows[3], strict=True))
    assert collective["Participants"] == 8
    assert collective["Type"] == "Atelier collectif"
