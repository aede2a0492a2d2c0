"""ORDS import and export, with the real sample (tests/data/ords/sample.csv, CC BY-SA 4.0)."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from comptoir.audit.models import AuditEntry
from comptoir.journal.models import Activity
from comptoir.ops import spreadsheets
from comptoir.repair import actions, importing, ords
from comptoir.repair.management.commands import import_ords
from comptoir.repair.models import RepairEvent, RepairItem
from comptoir.repair.outcome import record_outcome
from comptoir.repair.reference import Barrier, NextStep, RepairStatus
from tests.conftest import client_for
from tests.factories import PersonFactory
from tests.queries import query_budget
from tests.repair.helpers import make_event

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "ords" / "sample.csv"


def _read(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _tuples(rows) -> set[tuple[str, ...]]:
    return {tuple(row[c] for c in ords.COLUMNS) for row in rows}


def _import(path, venue) -> str:
    out = io.StringIO()
    call_command("import_ords", str(path), venue=venue.slug, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _export(tmp_path, **scope) -> list[dict[str, str]]:
    target = tmp_path / "export.csv"
    call_command(
        "export_ords", output=str(target), stdout=io.StringIO(), stderr=io.StringIO(), **scope
    )
    return _read(target)


@pytest.mark.slow
def test_the_sample_round_trips(venue, tmp_path):
    summary = _import(SAMPLE, venue)
    assert "4324 imported, 0 already there, 0 rejected" in summary
    exported = _export(tmp_path, venue=venue.slug)
    # Same records, column for column (no normalisation needed for the sample), except
    # that a cell a spreadsheet would evaluate ("-", "B@Q" is fine) gets a leading quote.
    restored = [{c: spreadsheets.restore(v) for c, v in row.items()} for row in exported]
    assert _tuples(restored) == _tuples(_read(SAMPLE))
    neutralised = {v for row in exported for v in row.values() if v.startswith("'")}
    assert neutralised and all(spreadsheets.is_formula_like(v[1:]) for v in neutralised)
    assert all(ords.validate_row(row) == [] for row in exported)
    # One imported event per (group, date); imported history writes no journal activity.
    assert RepairEvent.objects.filter(venue=venue, is_imported=True).count() == len(
        {(r["group_identifier"], r["event_date"]) for r in _read(SAMPLE)}
    )
    assert not Activity.objects.exists()


def test_importing_twice_imports_nothing_twice(venue, tmp_path):
    rows = _read(SAMPLE)[:50]
    path = _write(rows, tmp_path)
    _import(path, venue)
    summary = _import(path, venue)
    assert "0 imported, 50 already there, 0 rejected" in summary
    assert RepairItem.objects.count() == 50


def test_the_same_ids_can_be_imported_by_another_venue(venue, other_venue, tmp_path):
    path = _write(_read(SAMPLE)[:5], tmp_path)
    _import(path, venue)
    assert "5 imported" in _import(path, other_venue)


def _write(rows, directory: Path, columns=ords.COLUMNS) -> Path:
    path = directory / "rows.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_invalid_rows_are_rejected_with_their_line_and_reasons(venue, tmp_path):
    rows = _read(SAMPLE)[:4]
    rows[1] = rows[1] | {"product_category_id": "99"}
    rows[2] = rows[2] | {"country": "France", "repair_status": "Broken"}
    rows[3] = rows[3] | {"id": rows[0]["id"]}
    summary = _import(_write(rows, tmp_path), venue)
    assert "line 3 rejected: catégorie ORDS « 99 » inconnue (1 à 40)" in summary
    assert "line 4 rejected: pays « France » invalide" in summary
    assert "résultat « Broken » inconnu" in summary
    assert f"line 5 rejected: identifiant « {rows[0]['id']} » en double dans le fichier" in summary
    assert "1 imported, 0 already there, 3 rejected" in summary
    assert list(RepairItem.objects.values_list("ords_id", flat=True)) == [rows[0]["id"]]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "vide"),
        (b"name,age\nAnna,3\n", "l’en-tête ne correspond pas"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "UTF-8"),
        (b'id,data_provider\n"unclosed', "en-t"),
    ],
)
def test_a_malformed_file_is_refused_whole(venue, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        _import(path, venue)
    assert not RepairItem.objects.exists() and not RepairEvent.objects.exists()


def test_an_unknown_venue_or_file_is_a_clear_error(venue, tmp_path):
    with pytest.raises(CommandError, match="No venue 'nowhere'"):
        call_command("import_ords", str(SAMPLE), venue="nowhere")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_ords", str(tmp_path / "missing.csv"), venue=venue.slug)


def _our_items(venue, coordinator, mediator):
    event = make_event(venue, coordinator, repairers=[mediator])
    person = PersonFactory(venue=venue)
    specs = [
        (16, {"repair_status": RepairStatus.FIXED}, {"brand": "Lenovo", "age_years": 6}),
        (19, {"repair_status": RepairStatus.REPAIRABLE, "next_steps": NextStep.BRING_PART}, {}),
        (
            8,
            {"repair_status": RepairStatus.END_OF_LIFE, "barrier": Barrier.TOO_WORN_OUT},
            {"year_of_manufacture": 2012},
        ),
    ]
    items = []
    for category, outcome, details in specs:
        item = actions.intake_item(
            actor=mediator,
            event=event,
            category_id=category,
            problem="Ne s’allume plus",
            person=person,
            **details,
        )
        items.append(
            record_outcome(
                actor=mediator, item=actions.start_repair(actor=mediator, item=item), **outcome
            )
        )
    actions.intake_item(actor=mediator, event=event, category_id=30, problem="pas encore vu")
    return event, items


def test_our_own_records_export_as_valid_ords(venue, coordinator, mediator, tmp_path):
    event, items = _our_items(venue, coordinator, mediator)
    rows = {row["id"]: row for row in _export(tmp_path, network=venue.network.slug)}
    slug = ords.provider_slug(venue)
    assert set(rows) == {f"{slug}-{item.pk}" for item in items}  # the waiting item is not a record
    assert all(ords.validate_row(row) == [] for row in rows.values())
    laptop = rows[f"{slug}-{items[0].pk}"]
    assert (
        laptop["product_category"] == "Laptop"
        and laptop["partner_product_category"] == "Ordinateur portable"
    )
    assert laptop["repair_status"] == "Fixed" and laptop["brand"] == "Lenovo"
    assert laptop["product_age"] == "6" and laptop["year_of_manufacture"] == str(
        event.date.year - 6
    )
    assert laptop["country"] == "FRA" and laptop["data_provider"] == venue.network.name
    assert (
        laptop["group_identifier"] == venue.name and laptop["event_date"] == event.date.isoformat()
    )
    screen = rows[f"{slug}-{items[2].pk}"]
    assert (
        screen["repair_barrier_if_end_of_life"] == "Item too worn out"
        and screen["brand"] == "Unknown"
    )
    assert rows[f"{slug}-{items[1].pk}"]["repair_barrier_if_end_of_life"] == ""


def test_the_export_of_a_venue_leaves_out_the_others(
    venue, other_venue, coordinator, mediator, tmp_path
):
    _our_items(venue, coordinator, mediator)
    assert _export(tmp_path, venue=other_venue.slug) == []
    with pytest.raises(CommandError, match="No network"):
        _export(tmp_path, network="nowhere")


def test_the_staff_download_streams_the_venue_csv(venue, coordinator, coordinator_client, mediator):
    _our_items(venue, coordinator, mediator)
    response = coordinator_client.get(reverse("repair:export_ords", args=[venue.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="ords-{venue.slug}-' in response["Content-Disposition"]
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == ",".join(ords.COLUMNS)
    assert len(lines) == 4


def test_facilitators_cannot_download_the_ords_file(venue, facilitator):
    client = client_for(facilitator)
    assert client.get(reverse("repair:export_ords", args=[venue.slug])).status_code == 403


def test_the_download_runs_a_fixed_number_of_queries(
    venue, coordinator, coordinator_client, mediator, tmp_path
):
    for _ in range(3):
        _our_items(venue, coordinator, mediator)
    url = reverse("repair:export_ords", args=[venue.slug])
    with query_budget(6):
        lines = b"".join(coordinator_client.get(url).streaming_content).decode().splitlines()
    assert len(lines) == 1 + 9


# --- Big files: batches, progress, an import stopped midway ---------------------------------------


def test_a_big_file_is_written_in_batches_and_the_command_shows_its_progress(
    venue, tmp_path, monkeypatch
):
    monkeypatch.setattr(importing, "SQLITE_PAUSE_SECONDS", 0)
    monkeypatch.setattr(import_ords, "PROGRESS_EVERY", 40)
    path = _write(_read(SAMPLE)[:90], tmp_path)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_ords", str(path), venue=venue.slug, batch_size=20, stdout=out, stderr=err)
    assert err.getvalue().splitlines()[1:] == [
        "  40/90 rows checked: 40 imported, 0 already there, 0 rejected",
        "  80/90 rows checked: 80 imported, 0 already there, 0 rejected",
        "  90/90 rows checked: 90 imported, 0 already there, 0 rejected",
    ]
    assert "90 imported, 0 already there, 0 rejected" in out.getvalue()


def test_an_import_stopped_midway_keeps_its_batches_and_is_finished_by_running_it_again(venue):
    with open(SAMPLE, encoding="utf-8", newline="") as handle:
        rows = ords.read_rows(handle)[:100]

    def stop_after_two_batches(done, total, report):
        if report.batches == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        importing.import_rows(
            actor=None, venue=venue, rows=rows, batch_size=30, progress=stop_after_two_batches
        )
    assert RepairItem.objects.filter(venue=venue).count() == 60
    events = RepairEvent.objects.filter(venue=venue).count()
    # The audit trail says what the stopped import wrote.
    assert AuditEntry.objects.get(venue=venue).changes == {"ords_import": [None, 60]}

    report = importing.import_rows(actor=None, venue=venue, rows=rows, batch_size=30)
    assert (report.imported, report.already_there, report.rejected) == (40, 60, [])
    assert report.batches == 4
    assert RepairItem.objects.filter(venue=venue).count() == 100
    assert sorted(RepairItem.objects.values_list("ords_id", flat=True)) == sorted(
        row["id"] for _line, row in rows
    )
    # Events already made by the first run are found again, not made twice.
    expected = len({(row["group_identifier"], row["event_date"]) for _line, row in rows})
    assert RepairEvent.objects.filter(venue=venue).count() == expected
    assert report.events_created == expected - events


def test_a_duplicate_id_in_a_later_batch_is_still_refused(venue):
    with open(SAMPLE, encoding="utf-8", newline="") as handle:
        rows = ords.read_rows(handle)[:5]
    copy = (99, rows[0][1])
    report = importing.import_rows(actor=None, venue=venue, rows=[*rows, copy], batch_size=2)
    assert report.imported == 5
    assert report.rejected == [
        (99, [f"identifiant « {rows[0][1]['id']} » en double dans le fichier"])
    ]
