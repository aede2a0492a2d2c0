"""Small counts withheld from readers without exact figures (disclosure.py):
primary suppression ("< 5"), secondary suppression ("masqué") checked by an
auditor that works every hidden cell out by brute force, and every output a
funder can read (dashboard, charts and their tables, PDF, XLSX, funder report,
territorial diagnostic) with no count from 1 to 4 in it."""

import datetime
import io
import itertools
import re

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from comptoir.people.enums import AgeBracket
from comptoir.reports import charts
from comptoir.reports.disclosure import (
    MASKED,
    SMALL,
    SMALL_COUNT,
    Equation,
    Hidden,
    protect,
)
from comptoir.reports.figures import Row, Table
from comptoir.reports.models import Commune
from comptoir.reports.scope import exact_figures
from comptoir.venues.roles import Role
from tests.conftest import client_for
from tests.factories import ActivityFactory, MembershipFactory, PersonFactory, VenueFactory
from tests.reports.test_documents import pdf_text

DAY = datetime.date(2025, 3, 10)
ONE_DAY = {"du": "2025-03-10", "au": "2025-03-10"}


# --- The auditor: what a reader can work out, by brute force over sums.


def _sums(domains: list[range], cap: int) -> set[int]:
    sums = {0}
    for domain in domains:
        sums = {s + v for s in sums for v in domain if s + v <= cap}
    return sums


def recoverable(tables: list[list[int]], margin: int, protection) -> list[str]:
    """The hidden cells of a system of tables sharing one margin (each table's
    rows add up to it, shown in its total row and as a key figure) that a
    reader can work out exactly from what is shown and the marks."""
    hidden, withheld = protection.hidden, protection.withheld
    cap = sum(sum(rows) for rows in tables) + margin + SMALL_COUNT

    def domain(mark: Hidden | None, value: int) -> range:
        if mark is None:
            return range(value, value + 1)
        return range(1, SMALL_COUNT) if mark.primary else range(SMALL_COUNT, cap + 1)

    totals = set(domain(hidden.get("m"), margin))
    shown_tables = [(name, rows) for name, rows in zip("ab", tables, strict=True)]
    shown_tables = [(name, rows) for name, rows in shown_tables if name not in withheld]
    for name, rows in shown_tables:
        totals &= set(domain(hidden.get(f"t{name}"), margin))
        parts = [domain(hidden.get((name, i)), v) for i, v in enumerate(rows)]
        totals &= _sums(parts, cap)
    found = []
    if "m" in hidden and len(totals) < 2:
        found.append("m")
    for name, rows in shown_tables:
        parts = [domain(hidden.get((name, i)), v) for i, v in enumerate(rows)]
        for i in range(len(rows)):
            if (name, i) not in hidden:
                continue
            others = _sums(parts[:i] + parts[i + 1 :], cap)
            possible = {v for v in parts[i] for t in totals if t - v in others}
            if len(possible) < 2:
                found.append(f"{name}{i}")
    return found


def two_tables(a: list[int], b: list[int]) -> tuple[dict, list[Equation]]:
    margin = sum(a)
    values = {"m": margin, "ta": margin, "tb": margin}
    values.update({("a", i): v for i, v in enumerate(a)})
    values.update({("b", i): v for i, v in enumerate(b)})
    equations = [
        Equation("a", "ta", [("a", i) for i in range(len(a))]),
        Equation("a", "m", ["ta"]),
        Equation("b", "tb", [("b", i) for i in range(len(b))]),
        Equation("b", "m", ["tb"]),
    ]
    return values, equations


@st.composite
def linked_tables(draw):
    """Two breakdowns of the same people (say by age and by gender)."""
    a = draw(st.lists(st.integers(0, 9), min_size=1, max_size=4))
    total = sum(a)
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=0, max_size=3)))
    bounds = [0, *cuts, total]
    b = [high - low for low, high in itertools.pairwise(bounds)]
    return a, b


@settings(max_examples=150, deadline=None)
@given(linked_tables())
def test_no_hidden_figure_can_be_worked_out_from_the_shown_ones_and_the_totals(tables):
    a, b = tables
    values, equations = two_tables(a, b)
    protection = protect(values, equations)
    assert recoverable([a, b], sum(a), protection) == []
    for key, value in values.items():
        if 0 < value < SMALL_COUNT:  # every small count is hidden (or its table withheld)
            group = key[0] if isinstance(key, tuple) else key[1:] or "m"
            assert key in protection.hidden or group in protection.withheld


def test_one_small_row_hides_the_next_smallest_so_the_total_cannot_give_it_back():
    values, equations = two_tables([1, 5, 30], [36])
    protection = protect(values, equations)
    assert protection.hidden[("a", 0)] == SMALL
    # 5 alone would give it back (36 - 30 - 5 = 1): the 30 goes too.
    assert protection.hidden[("a", 1)] == MASKED
    assert protection.hidden[("a", 2)] == MASKED
    assert "m" not in protection.hidden


def test_a_table_of_four_ones_is_withheld_since_its_marks_would_tell():
    values, equations = two_tables([1, 1, 1, 1], [4])
    protection = protect(values, equations)
    assert "a" in protection.withheld
    assert protection.hidden["m"] == SMALL


def test_zero_is_shown_it_says_nobody_came():
    protection = protect(*two_tables([0, 12, 30], [42]))
    assert protection.hidden == {}


# --- Who reads exact figures


def test_coordinators_and_mediators_of_every_venue_read_exact_figures(
    coordinator, mediator, viewer, venue, other_venue
):
    assert exact_figures(coordinator, [venue.pk])
    assert exact_figures(mediator, [venue.pk])
    assert not exact_figures(viewer, [venue.pk])
    MembershipFactory(user=coordinator, venue=other_venue, role=Role.VIEWER)
    assert not exact_figures(coordinator, [venue.pk, other_venue.pk])


# --- The issue: one venue, one day, one person aged 70 or over.


@pytest.fixture
def one_day(venue):
    """One day at the venue: 1 retired woman over 70 from Saint-Jorioz, then 12
    other people. Nothing else in March."""
    ActivityFactory(
        venue=venue,
        date=DAY,
        age_bracket=AgeBracket.OVER_70,
        gender="feminin",
        social_status="retraite",
        insee_code="74242",
        commune="Saint-Jorioz",
    )
    for _ in range(12):
        ActivityFactory(
            venue=venue,
            date=DAY,
            age_bracket=AgeBracket.FROM_25_TO_39,
            gender="masculin",
            social_status="en_emploi",
            insee_code="69266",
            commune="Villeurbanne",
        )


def numbers(html: str) -> list[str]:
    """Every figure of the key figures and data tables of a report page."""
    cells = re.findall(r'<td class="num"[^>]*>([^<]*)</td>', html)
    keys = re.findall(r'<p class="key-value">([^<]*)</p>', html)
    return [value.strip() for value in cells + keys]


def assert_no_small_count(values) -> None:
    for value in values:
        if isinstance(value, int | float) and not isinstance(value, bool):
            assert not 0 < value < SMALL_COUNT, values
        elif isinstance(value, str):
            assert value.strip() not in {"1", "2", "3", "4"}, values


def test_a_funder_reads_no_count_under_five_for_one_venue_on_one_day(viewer, venue, one_day):
    response = client_for(viewer).get(reverse("reports:dashboard"), ONE_DAY)
    html = response.content.decode()
    figures = numbers(html)
    assert figures, "the page shows figures"
    assert_no_small_count(figures)
    assert "&lt;\u00a05" in html
    assert "Saint-Jorioz" in html  # the row is there, its count is not
    assert re.search(r"Saint-Jorioz</th>\s*<td[^>]*>&lt;\u00a05</td>", html)
    # The one day is read as the whole month, and the page says so.
    assert "Du 1er mars 2025 au 31 mars 2025" in html
    assert "Vous avez demandé la période du 10 mars 2025 au 10 mars 2025" in html
    assert "les effectifs de 1 à 4 sont affichés" in html


@pytest.mark.parametrize("persona", ["coordinator", "mediator"])
def test_the_venues_staff_read_the_exact_figures_of_the_day(persona, request, venue, one_day):
    html = (
        client_for(request.getfixturevalue(persona))
        .get(reverse("reports:dashboard"), ONE_DAY)
        .content.decode()
    )
    assert re.search(r"Saint-Jorioz</th>\s*<td[^>]*>1</td>", html)
    assert "Du 10 mars 2025 au 10 mars 2025" in html
    assert "les effectifs de 1 à 4 sont affichés" not in html


def test_the_charts_draw_no_bar_for_a_withheld_figure_and_say_its_mark():
    table = Table(
        "ages",
        "Âges",
        "Personnes",
        [Row("a", "70 ans et plus", SMALL), Row("b", "25 - 39 ans", 12)],
    )
    svg = charts.bar_chart(table, compare=False)
    assert svg.count('class="bar"') == 1  # only the 12
    assert "70 ans et plus : &lt;\u00a05" in svg
    assert ">1<" not in svg


def test_the_funders_xlsx_and_pdf_hold_no_count_under_five(viewer, venue, one_day):
    client = client_for(viewer)
    book = load_workbook(io.BytesIO(client.get(reverse("reports:export_xlsx"), ONE_DAY).content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=2, values_only=True):
            if sheet.title == "Synthèse" and row[0] in ("Période", "Période précédente"):
                continue
            assert_no_small_count(row[1:])
    text = pdf_text(client.get(reverse("reports:export_pdf"), ONE_DAY).content)
    assert "Saint-Jorioz <5" in text
    assert "70 ans et plus <5" in text
    assert "Saint-Jorioz 1" not in text


def test_a_funder_report_read_by_a_funder_withholds_small_counts(
    coordinator, viewer, venue, one_day
):
    from comptoir.reports.models import FunderReport

    report = FunderReport.objects.create(
        title="Une journée", start=DAY, end=DAY, created_by=coordinator
    )
    report.venues.set([venue])
    html = client_for(viewer).get(report.get_absolute_url()).content.decode()
    assert_no_small_count(numbers(html))
    assert "du 1er mars 2025 au 31 mars 2025" in html
    exact = client_for(coordinator).get(report.get_absolute_url()).content.decode()
    assert re.search(r"Saint-Jorioz</th>\s*<td[^>]*>1</td>", exact)


def test_the_territorial_diagnostic_withholds_small_counts_and_their_rates(
    viewer, coordinator, venue, one_day
):
    Commune(insee_code="74242", name="Saint-Jorioz", department="74", population=6000).save()
    Commune(insee_code="69266", name="Villeurbanne", department="69", population=150000).save()
    params = {"lieu": venue.slug, **ONE_DAY}
    html = client_for(viewer).get(reverse("reports:diagnostic"), params).content.decode()
    row = re.search(r"Saint-Jorioz</th>(.*?)</tr>", html, re.S).group(1)
    assert "&lt;\u00a05" in row
    assert "0,2" not in row  # 1 per 6,000 inhabitants, per 1,000
    assert "Du 1er mars 2025 au 31 mars 2025" in html
    exact = client_for(coordinator).get(reverse("reports:diagnostic"), params).content.decode()
    row = re.search(r"Saint-Jorioz</th>(.*?)</tr>", exact, re.S).group(1)
    assert '<td class="num">1</td>' in row


def test_a_network_partner_of_two_venues_reads_both_with_small_counts_withheld(venue):
    other = VenueFactory(network=venue.network, slug="autre-lieu")
    coordinator = MembershipFactory(venue=venue, role=Role.COORDINATOR).user
    MembershipFactory(user=coordinator, venue=other, role=Role.VIEWER)
    ActivityFactory(venue=other, date=DAY, person=PersonFactory(venue=other))
    html = (
        client_for(coordinator)
        .get(reverse("reports:dashboard"), {"lieu": [venue.slug, other.slug], **ONE_DAY})
        .content.decode()
    )
    assert_no_small_count(numbers(html))
    assert "les effectifs de 1 à 4 sont affichés" in html
