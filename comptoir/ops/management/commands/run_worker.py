"""The task worker, which outlasts a locked or unreachable database.

python manage.py run_worker [the options of db_worker: --interval 2, --batch…]

It runs django-tasks' database worker (`django_tasks_db`'s `db_worker`, the
same options). That worker stops with an error when the database fails at the
wrong moment: on SQLite, "database is locked" while it opens the transaction
that claims a task (a big import holding the write lock longer than the busy
timeout); on PostgreSQL, a restart or a lost connection. Then reminders and
e-mails wait until someone starts it again.

This command starts the worker again instead, after a pause that doubles at
each failure in a row (1 s, 2 s, 4 s… at most a minute), and comes back to 1 s
once the worker has run for a minute. Each failure is logged as a warning with
its cause. Ctrl-C or SIGTERM stop it as they stop db_worker, during a pause too.
Errors other than the database's (a bug in the worker) still stop it.

The autoreloader (`--reload`) runs the worker in a thread whose errors never
come back here: it is off by default (turn it on to develop the worker only).
"""

import logging
import time

from django.db import connections
from django_tasks_db.management.commands import db_worker

from comptoir.ops.outage import OUTAGE_ERRORS

logger = logging.getLogger("comptoir.ops.worker")

FIRST_PAUSE_SECONDS = 1.0
LONGEST_PAUSE_SECONDS = 60.0
# A worker that ran this long before failing starts again after the first pause.
HEALTHY_AFTER_SECONDS = 60.0


class Command(db_worker.Command):
    help = (
        "Run the database task worker; when the database is locked or unreachable, "
        "start it again after a pause instead of stopping."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False)

    def handle(self, *args, **options) -> None:
        pause = FIRST_PAUSE_SECONDS
        while True:
            started = time.monotonic()
            try:
                return super().handle(*args, **options)
            except OUTAGE_ERRORS as error:
                if time.monotonic() - started >= HEALTHY_AFTER_SECONDS:
                    pause = FIRST_PAUSE_SECONDS
                logger.warning(
                    "Database unavailable for the task worker (%s: %s); starting again in %g s",
                    type(error).__name__,
                    error,
                    pause,
                )
                # The next run opens fresh connections (a lost one cannot be reused).
                connections.close_all()
                time.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE_SECONDS)
