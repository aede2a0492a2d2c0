from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data (`manage.py load_demo`). It sits above every service, so it may
    import them all; nothing imports it."""

    name = "comptoir.demo"
    verbose_name = "Demo data"
