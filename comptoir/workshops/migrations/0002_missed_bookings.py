"""Copy the workshop no-shows recorded so far into the journal, where reports read them."""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    Registration = apps.get_model("workshops", "Registration")
    MissedBooking = apps.get_model("journal", "MissedBooking")
    MissedBooking.objects.bulk_create(
        [
            MissedBooking(
                venue_id=registration.session.venue_id,
                date=timezone.localtime(registration.session.starts_at).date(),
                source="workshop",
                source_ref=f"registration:{registration.pk}",
                person_id=registration.person_id,
            )
            for registration in Registration.objects.filter(status="no_show").select_related(
                "session"
            )
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0001_initial"),
        ("journal", "0003_missedbooking"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
