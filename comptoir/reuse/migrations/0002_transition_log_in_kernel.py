"""The device log now inherits the kernel's TransitionLog: `by` is renamed
`actor`, the rows are kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reuse", "0001_initial")]

    operations = [
        migrations.RenameField("devicetransition", "by", "actor"),
    ]
