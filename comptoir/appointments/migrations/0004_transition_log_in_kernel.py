"""The transition log now inherits the kernel's TransitionLog: its columns are
renamed (from_state, to_state, actor), the rows are kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("appointments", "0003_consent_date_and_wording")]

    operations = [
        migrations.RenameField("appointmenttransition", "from_status", "from_state"),
        migrations.RenameField("appointmenttransition", "to_status", "to_state"),
        migrations.RenameField("appointmenttransition", "by", "actor"),
    ]
