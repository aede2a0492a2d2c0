"""Import an ORDS v0.3 file (a repair café moving from another tool).

Every row is validated (ords.validate_row); valid rows become RepairItems of the
venue, grouped into imported RepairEvents per (group_identifier, event_date).
Rows whose `id` the venue already holds are skipped, so running the same import
twice imports nothing twice. Invalid rows are reported with their line number
and reasons. The whole import is one transaction.

Imported items write no journal activity: they are history recorded by another
tool, not accompaniments given here (the journal would double-count them in the
activity reports).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.audit.actions import record_change
from comptoir.audit.models import AuditAction
from comptoir.repair.models import ItemStatus, RepairEvent, RepairItem
from comptoir.repair.ords import MISSING_BRAND, validate_row
from comptoir.repair.reference import ORDS_TO_BARRIER, ORDS_TO_STATUS

IMPORTED_EVENT_HOUR = datetime.time(12, 0)


@dataclass
class ImportReport:
    imported: int = 0
    already_there: int = 0
    rejected: list[tuple[int, list[str]]] = field(default_factory=list)
    events_created: int = 0


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


@transaction.atomic
def import_rows(*, actor, venue, rows: list[tuple[int, dict[str, str]]]) -> ImportReport:
    report = ImportReport()
    existing = set(
        RepairItem.objects.filter(venue=venue).exclude(ords_id="").values_list("ords_id", flat=True)
    )
    events = {
        (e.group_identifier, timezone.localdate(e.starts_at)): e
        for e in RepairEvent.objects.filter(venue=venue, is_imported=True)
    }
    seen: set[str] = set()
    items = []
    for line, row in rows:
        errors = validate_row(row)
        if errors:
            report.rejected.append((line, errors))
            continue
        ords_id = row["id"].strip()
        if ords_id in existing:
            report.already_there += 1
            continue
        if ords_id in seen:
            report.rejected.append(
                (line, [_("identifiant « %(v)s » en double dans le fichier") % {"v": ords_id}])
            )
            continue
        seen.add(ords_id)
        group = row["group_identifier"].strip()[:200]
        day = datetime.date.fromisoformat(row["event_date"].strip())
        event = events.get((group, day))
        if event is None:
            starts_at = timezone.make_aware(datetime.datetime.combine(day, IMPORTED_EVENT_HOUR))
            event = RepairEvent.objects.create(
                venue=venue,
                title=(group or row["data_provider"].strip())[:150],
                starts_at=starts_at,
                ends_at=starts_at,
                group_identifier=group,
                is_imported=True,
            )
            events[(group, day)] = event
            report.events_created += 1
        items.append(_item(row, venue, event))
    RepairItem.objects.bulk_create(items, batch_size=500)
    report.imported = len(items)
    if items:
        record_change(
            actor=actor,
            venue=venue,
            instance=venue,
            action=AuditAction.UPDATE,
            changes={"ords_import": [None, report.imported]},
        )
    return report
