"""The transition log now inherits the kernel's TransitionLog: its columns are
renamed (from_state, to_state, actor), the rows are kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("repair", "0001_repair_events_and_items")]

    operations = [
        migrations.RenameField("repairitemtransition", "from_status", "from_state"),
        migrations.RenameField("repairitemtransition", "to_status", "to_state"),
        migrations.RenameField("repairitemtransition", "by", "actor"),
    ]
