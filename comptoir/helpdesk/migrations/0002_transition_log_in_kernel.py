"""The transition log now inherits the kernel's TransitionLog: its columns are
renamed (from_state, to_state, actor), the rows are kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("helpdesk", "0001_initial")]

    operations = [
        migrations.RenameField("helprequesttransition", "from_status", "from_state"),
        migrations.RenameField("helprequesttransition", "to_status", "to_state"),
        migrations.RenameField("helprequesttransition", "by", "actor"),
    ]
