"""Import an ORDS v0.3 file (a repair café moving from another tool).

Every row is validated (ords.validate_row); valid rows become RepairItems of the
venue, grouped into imported RepairEvents per (group_identifier, event_date).
Rows whose `id` the venue already holds are skipped, so running the same import
twice imports nothing twice. Invalid rows are reported with their line number
and reasons.

The rows are written in batches of `BATCH_SIZE`, each batch one transaction: a
big file (100,000 rows take about half a minute) never holds SQLite's write lock
for longer than one batch, so a visitor booking meanwhile waits a fraction of a
second instead of getting the "service unavailable" page. Rows are checked
outside the transactions; only the writes hold the lock. If an import stops
midway, the batches already written stay, and running it again imports the rest
(the rows already there are recognised by their ORDS id).

Imported items write no journal activity: they are history recorded by another
tool, not accompaniments given here (the journal would double-count them in the
activity reports).
"""

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.audit.actions import record_change
from comptoir.audit.models import AuditAction
from comptoir.repair.models import ItemStatus, RepairEvent, RepairItem
from comptoir.repair.ords import MISSING_BRAND, validate_row
from comptoir.repair.reference import ORDS_TO_BARRIER, ORDS_TO_STATUS
from comptoir.venues.models import Venue

IMPORTED_EVENT_HOUR = datetime.time(12, 0)
# Rows written per transaction: a few tenths of a second of SQLite's write lock.
BATCH_SIZE = 500
# SQLite: the write lock stays free this long between two batches. Someone
# waiting for it (a visitor booking) checks again every 0.1 s at most, so they
# get it at the next pause instead of possibly missing every short gap.
SQLITE_PAUSE_SECONDS = 0.12

Row = tuple[int, dict[str, str]]


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    already_there: int = 0
    rejected: list[tuple[int, list[str]]] = field(default_factory=list)
    events_created: int = 0
    batches: int = 0


# Told after each batch: (rows done, rows in the file, the report so far).
Progress = Callable[[int, int, ImportReport], None]


def _item(row: dict[str, str], venue, event: RepairEvent) -> RepairItem:
    def value(name: str) -> str:
        return (row.get(name) or "").strip()

    brand = value("brand")
    status = ORDS_TO_STATUS[value("repair_status")]
    barrier = value("repair_barrier_if_end_of_life")
    year = value("year_of_manufacture")
    age = value("product_age")
    return RepairItem(
        event=event,
        venue=venue,
        category_id=int(value("product_category_id")),
        partner_category=value("partner_product_category")[:200],
        brand="" if brand == MISSING_BRAND else brand[:100],
        year_of_manufacture=int(year) if year else None,
        age_years=Decimal(age) if age else None,
        problem=row.get("problem") or "",
        status=ItemStatus.DONE,
        repair_status=status,
        barrier=ORDS_TO_BARRIER[barrier] if barrier else "",
        arrived_at=event.starts_at,
        finished_at=event.starts_at,
        ords_id=value("id"),
        data_provider=value("data_provider")[:200],
        country=value("country"),
        group_identifier=value("group_identifier")[:200],
    )


class _Batches:
    """What the batches of one import share: the file's ids seen so far, the events."""

    def __init__(self, venue, report: ImportReport) -> None:
        self.venue = venue
        self.report = report
        self.seen: set[str] = set()
        self.last_commit: float | None = None
        self.events = {
            (e.group_identifier, timezone.localdate(e.starts_at)): e
            for e in RepairEvent.objects.filter(venue=venue, is_imported=True)
        }

    def _events_for(self, keys: set[tuple[str, datetime.date]], titles: dict) -> None:
        """Find or make the imported events of these (group, day) keys (three queries)."""
        missing = {key for key in keys if key not in self.events}
        if not missing:
            return
        starts = {key: self._starts_at(key[1]) for key in missing}
        # Another import of this venue may have made some since this one began.
        for event in RepairEvent.objects.filter(
            venue=self.venue,
            is_imported=True,
            group_identifier__in={group for group, _day in missing},
            starts_at__in=set(starts.values()),
        ):
            key = (event.group_identifier, timezone.localdate(event.starts_at))
            if key in missing:
                self.events[key] = event
                missing.discard(key)
        new = [
            RepairEvent(
                venue=self.venue,
                title=(key[0] or titles[key])[:150],
                starts_at=starts[key],
                ends_at=starts[key],
                group_identifier=key[0],
                is_imported=True,
            )
            for key in sorted(missing)
        ]
        for event in RepairEvent.objects.bulk_create(new):
            self.events[(event.group_identifier, timezone.localdate(event.starts_at))] = event
        self.report.events_created += len(new)

    @staticmethod
    def _starts_at(day: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, IMPORTED_EVENT_HOUR))

    def write(self, valid: list[Row]) -> None:
        """One batch of checked rows, in one transaction, after a pause on SQLite."""
        if self.last_commit is not None and connection.vendor == "sqlite":
            time.sleep(max(0.0, SQLITE_PAUSE_SECONDS - (time.monotonic() - self.last_commit)))
        self._write(valid)
        self.last_commit = time.monotonic()

    @transaction.atomic
    def _write(self, valid: list[Row]) -> None:
        # Imports of one venue take turns batch by batch (PostgreSQL; SQLite
        # writes one transaction at a time anyway).
        list(Venue.objects.select_for_update().filter(pk=self.venue.pk).values_list("pk"))
        ids = [row["id"].strip() for _line, row in valid]
        existing = set(
            RepairItem.objects.filter(venue=self.venue, ords_id__in=ids).values_list(
                "ords_id", flat=True
            )
        )
        new: list[tuple[tuple[str, datetime.date], dict[str, str]]] = []
        titles: dict[tuple[str, datetime.date], str] = {}
        for line, row in valid:
            ords_id = row["id"].strip()
            if ords_id in self.seen:  # imported by this run: a duplicate in the file
                self.report.rejected.append(
                    (line, [_("identifiant « %(v)s » en double dans le fichier") % {"v": ords_id}])
                )
                continue
            if ords_id in existing:
                self.report.already_there += 1
                continue
            self.seen.add(ords_id)
            key = (
                row["group_identifier"].strip()[:200],
                datetime.date.fromisoformat(row["event_date"].strip()),
            )
            titles.setdefault(key, row["data_provider"].strip())
            new.append((key, row))
        self._events_for({key for key, _row in new}, titles)
        RepairItem.objects.bulk_create(_item(row, self.venue, self.events[key]) for key, row in new)
        self.report.imported += len(new)


def import_rows(
    *,
    actor,
    venue,
    rows: list[Row],
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> ImportReport:
    """Import the rows (line number, row) in batches; `progress` is told after each one."""
    report = ImportReport(rows=len(rows))
    batches = _Batches(venue, report)
    try:
        for start in range(0, len(rows), batch_size):
            valid: list[Row] = []
            for line, row in rows[start : start + batch_size]:
                errors = validate_row(row)
                if errors:
                    report.rejected.append((line, errors))
                else:
                    valid.append((line, row))
            if valid:
                batches.write(valid)
            report.batches += 1
            if progress is not None:
                progress(min(start + batch_size, len(rows)), len(rows), report)
    finally:
        # One entry for the whole import, even one that stopped midway.
        if report.imported:
            with transaction.atomic():
                record_change(
                    actor=actor,
                    venue=venue,
                    instance=venue,
                    action=AuditAction.UPDATE,
                    changes={"ords_import": [None, report.imported]},
                )
    report.rejected.sort(key=lambda rejected: rejected[0])
    return report
