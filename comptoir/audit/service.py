"""The audit trail in the kernel's registry: navigation, what a backup counts."""

from django.utils.translation import gettext_lazy as _

from comptoir.kernel.services import BackupTable, NavEntry, Service, register

register(
    Service(
        key="audit",
        label=_("Journal des modifications"),
        nav=(NavEntry("audit", _("Historique"), "audit:list", "view_audit", order=140),),
        backup_tables=(BackupTable("audit entries", "audit.AuditEntry", order=110),),
    )
)
