"""Staff accounts in the kernel's registry: what a backup counts."""

from comptoir.kernel.services import BackupTable, Service, register

register(
    Service(
        key="accounts",
        backup_tables=(BackupTable("staff accounts", "auth.User", order=20),),
    )
)
