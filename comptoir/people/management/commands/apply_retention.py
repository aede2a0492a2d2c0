"""Anonymise the people past their venue's retention period. Run it daily (cron or a
systemd timer, see docs/privacy.md); running it twice does nothing more."""

from django.core.management.base import BaseCommand

from comptoir.people.privacy import apply_retention


class Command(BaseCommand):
    help = "Anonymise people with no contact for longer than their venue's retention period."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count the people who would be anonymised; change nothing.",
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        verb = "would be anonymised" if dry_run else "anonymised"

        def progress(venue, count: int) -> None:
            self.stdout.write(
                f"{venue.slug}: {count} {verb} (retention {venue.retention_months} months)"
            )

        results = apply_retention(dry_run=dry_run, progress=progress)
        total = sum(results.values())
        venues = sum(1 for count in results.values() if count)
        self.stdout.write(
            self.style.SUCCESS(
                f"Retention{' (dry run)' if dry_run else ''}: {total} people {verb} "
                f"in {venues} of {len(results)} venues."
            )
        )
