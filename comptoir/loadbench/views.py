"""The trivial view of the load benchmark: the cost of Django and gunicorn alone."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse


@login_not_required
def trivial(request: HttpRequest) -> HttpResponse:
    """Answers "ok" with no database and no template: the pages are compared with it."""
    return HttpResponse("ok", content_type="text/plain")
