"""Settings of the gunicorn that `bench_load` starts: the project's own settings
(from the same environment), plus the URLconf of `urls.py`, which adds the
trivial view the pages are compared with. Production never loads this module."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "comptoir.loadbench.urls"
