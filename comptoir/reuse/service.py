"""Collection and reconditioning of devices declare themselves to the kernel's
registry (see kernel/services.py)."""

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

SOURCE = "reuse"  # journal.Activity.source of a device given to a person


class ReuseCapability(StrEnum):
    VIEW_DEVICES = "view_devices"  # donations, devices, parts
    HANDLE_DEVICES = "handle_devices"  # receive, triage, erase, recondition, parts
    ALLOCATE_DEVICES = "allocate_devices"  # give a device to a person or a partner


register(
    Service(
        key="reuse",
        label=_("Réemploi"),
        capabilities={
            ReuseCapability.VIEW_DEVICES: frozenset({"mediator", "facilitator", "volunteer"}),
            ReuseCapability.HANDLE_DEVICES: frozenset({"mediator", "volunteer"}),
            ReuseCapability.ALLOCATE_DEVICES: frozenset({"mediator"}),
        },
        nav=(
            NavEntry(
                "devices",
                _("Réemploi"),
                "reuse:index",
                ReuseCapability.VIEW_DEVICES,
                order=80,
            ),
        ),
        venue_panels=(Contribution("comptoir.reuse.panels.devices_panel", order=40),),
        journal_sources=(JournalSource(SOURCE, _("Réemploi"), order=50),),
        backup_tables=(BackupTable("devices", "reuse.Device", order=90),),
    )
)
