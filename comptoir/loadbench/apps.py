from django.apps import AppConfig


class LoadbenchConfig(AppConfig):
    """The load benchmark (`bench_load`): on top of every app, nothing imports it."""

    name = "comptoir.loadbench"
