"""Who may do what at a venue, and the one place staff views are scoped.

Every staff view is wrapped in `venue_view(capability)`: it resolves the
venue from the URL, finds the user's membership there, and refuses with 403
when the role lacks the capability (404 when the venue does not exist).
The permission-matrix test reads `required_capability` off every view.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from comptoir.venues.models import Membership, Venue


def get_membership_for(request: HttpRequest, venue_slug: str, capability: str) -> Membership:
    """The user's membership at the venue, or 404 (no such venue) / 403 (not allowed)."""
    membership = (
        Membership.objects.select_related("venue__network", "user")
        .filter(user_id=request.user.pk, venue__slug=venue_slug)
        .first()
    )
    if membership is None:
        if not Venue.objects.filter(slug=venue_slug).exists():
            raise Http404("No such venue")
        raise PermissionDenied
    if not membership.allows(capability):
        raise PermissionDenied
    return membership


def venue_view(capability: str) -> Callable:
    """Decorator for staff views under /equipe/<venue_slug>/…

    The view receives `membership` (with `.venue` and `.user` loaded) instead of the slug.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, venue_slug: str, *args: Any, **kwargs: Any):
            membership = get_membership_for(request, venue_slug, capability)
            request.membership = membership  # type: ignore[attr-defined]
            return view(request, membership, *args, **kwargs)

        wrapper.required_capability = capability  # type: ignore[attr-defined]
        return wrapper

    return decorator
