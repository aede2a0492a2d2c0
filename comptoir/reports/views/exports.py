"""exports pages of the reports (see urls.py)."""

urlpatterns: list = []
