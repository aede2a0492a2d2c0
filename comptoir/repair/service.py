"""The repair café declares itself to the kernel's registry (see kernel/services.py)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from comptoir.kernel.services import (
    BackupTable,
    Contribution,
    JournalSource,
    NavEntry,
    Service,
    register,
)

SOURCE = "repair"  # journal.Activity.source of an item seen at a repair café


class RepairCapability(StrEnum):
    VIEW_REPAIRS = "view_repairs"  # repair events, items, impact
    RUN_REPAIRS = "run_repairs"  # intake at the door, repair outcomes, parts used
    MANAGE_REPAIR_EVENTS = "manage_repair_events"  # schedule events, ORDS import and export


register(
    Service(
        key="repair",
        label=_("Repair café"),
        capabilities={
            RepairCapability.VIEW_REPAIRS: frozenset({"mediator", "facilitator", "volunteer"}),
            RepairCapability.RUN_REPAIRS: frozenset({"mediator", "facilitator", "volunteer"}),
            RepairCapability.MANAGE_REPAIR_EVENTS: frozenset({"mediator"}),
        },
        nav=(
            NavEntry(
                "repair",
                _("Repair café"),
                "repair:index",
                RepairCapability.VIEW_REPAIRS,
                order=70,
            ),
        ),
        venue_panels=(Contribution("comptoir.repair.panels.next_event_panel", order=35),),
        journal_sources=(JournalSource(SOURCE, _("Repair café"), order=40),),
        backup_tables=(BackupTable("repair items", "repair.RepairItem", order=80),),
    )
)
