"""The project's URLs plus the benchmark's trivial view (bench settings only)."""

from django.urls import path

from comptoir.loadbench.views import trivial
from config.urls import urlpatterns as project_urlpatterns

TRIVIAL_PATH = "bench-load/ok"

urlpatterns = [path(TRIVIAL_PATH, trivial, name="bench_load_trivial"), *project_urlpatterns]
