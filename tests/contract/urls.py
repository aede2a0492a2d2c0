"""The project's URLs and the test-only service's: what a real app's urls.py gives."""

from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [*project_urlpatterns, path("", include("tests.contract.dummy_service.urls"))]
