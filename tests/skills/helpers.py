"""The Pix framework in the test database.

The data migration loads it when the test database is created, but a browser
test (transactional) empties every table when it ends; tests that need the
framework call `load_pix_framework()`, which runs the migration's own loader.
"""

import importlib

from django.apps import apps

_migration = importlib.import_module("comptoir.skills.migrations.0002_load_pix_framework")


def load_pix_framework() -> None:
    _migration.load_pix_framework(apps, None)


def unload_pix_framework() -> None:
    _migration.unload_pix_framework(apps, None)
