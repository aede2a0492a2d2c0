"""Send every pending e-mail and SMS that is due. Safe to run often (e.g. from cron)."""

from django.core.management.base import BaseCommand

from comptoir.notifications.actions import deliver_due_messages


class Command(BaseCommand):
    help = "Send the pending messages that are due (a safety net for the task worker)."

    def handle(self, *args, **options) -> None:
        results = deliver_due_messages()
        summary = ", ".join(f"{n} {what}" for what, n in sorted(results.items())) or "nothing due"
        self.stdout.write(self.style.SUCCESS(f"Messages: {summary}."))
