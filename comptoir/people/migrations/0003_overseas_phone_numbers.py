"""Overseas numbers typed with a leading 0 were stored with +33: +33690123456
becomes +590690123456."""

from django.db import migrations

from comptoir.kernel.phone import rehome_overseas_numbers_operation


class Migration(migrations.Migration):
    dependencies = [("people", "0002_person_anonymised_at")]
    operations = [rehome_overseas_numbers_operation("people", "Person")]
