from django.http import HttpRequest


def venue(request: HttpRequest) -> dict:
    """The current staff membership (set by venue_view), what it allows and the
    navigation entries every app declared (the kernel's registry)."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return {}
    from comptoir.kernel import services
    from comptoir.venues.roles import ROLE_CAPABILITIES

    caps = {str(c) for c in ROLE_CAPABILITIES.get(membership.role, ())}
    return {
        "membership": membership,
        "membership_caps": caps,
        "venue_nav": services.nav_entries(),
    }
