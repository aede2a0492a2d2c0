"""The café numérique's staff URLs in the permission matrix (see tests/test_permission_matrix.py)."""

from comptoir.venues.roles import Role
from tests.factories import MembershipFactory, UserFactory
from tests.helpdesk.factories import HelpRequestFactory, KioskDeviceFactory

POST_ONLY = {
    "helpdesk:take_next",
    "helpdesk:clear_previous_days",
    "helpdesk:enable_device",
    "helpdesk:revoke_device",
    "helpdesk:take",
    "helpdesk:left",
    "helpdesk:extend",
    "helpdesk:put_back",
}


def build_world(venue) -> dict:
    """Someone waiting, someone being helped by a colleague, a kiosk tablet."""
    colleague = UserFactory(username=f"helpdesk-colleague-{venue.slug}")
    MembershipFactory(user=colleague, venue=venue, role=Role.MEDIATOR)
    return {
        "help_waiting": HelpRequestFactory(venue=venue, first_name="Odette"),
        "help_in_progress": HelpRequestFactory(
            venue=venue, first_name="Marcel", in_progress=True, mediator=colleague
        ),
        "kiosk_device": KioskDeviceFactory(venue=venue),
    }


URL_ARGS = {
    "helpdesk:queue": lambda w: [],
    "helpdesk:take_next": lambda w: [],
    "helpdesk:clear_previous_days": lambda w: [],
    "helpdesk:summary": lambda w: [],
    "helpdesk:settings": lambda w: [],
    "helpdesk:enable_device": lambda w: [],
    "helpdesk:revoke_device": lambda w: [w["kiosk_device"].pk],
    "helpdesk:session": lambda w: [w["help_in_progress"].pk],
    "helpdesk:take": lambda w: [w["help_waiting"].pk],
    "helpdesk:left": lambda w: [w["help_waiting"].pk],
    "helpdesk:extend": lambda w: [w["help_in_progress"].pk],
    "helpdesk:put_back": lambda w: [w["help_in_progress"].pk],
}

# Public pages (see tests/test_permission_matrix.py): without an enabled device or a
# staff login, the plain "this screen is not enabled" page.
PUBLIC_URLS = {
    "helpdesk:kiosk": (lambda w: [w["venue"].slug], 403),
    "helpdesk:kiosk_done": (lambda w: [w["venue"].slug, w["help_waiting"].pk], 403),
    "helpdesk:board": (lambda w: [w["venue"].slug], 403),
}
