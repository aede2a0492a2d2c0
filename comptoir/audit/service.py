"""The audit trail in the kernel's registry: what a backup counts. Its staff page, the
venue's history, is a venue page (venues/history.py) and declared by venues."""

from django.utils.translation import gettext_lazy as _

from comptoir.kernel.services import BackupTable, Service, register

register(
    Service(
        key="audit",
        label=_("Journal des modifications"),
        backup_tables=(BackupTable("audit entries", "audit.AuditEntry", order=110),),
    )
)
