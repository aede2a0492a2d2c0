"""Copy the no-shows recorded so far into the journal, where reports read them."""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    Appointment = apps.get_model("appointments", "Appointment")
    MissedBooking = apps.get_model("journal", "MissedBooking")
    MissedBooking.objects.bulk_create(
        [
            MissedBooking(
                venue_id=appointment.venue_id,
                date=timezone.localtime(appointment.starts_at).date(),
                source="appointment",
                source_ref=f"appointment:{appointment.pk}",
                person_id=appointment.person_id,
            )
            for appointment in Appointment.objects.filter(status="no_show")
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0001_initial"),
        ("journal", "0003_missedbooking"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
