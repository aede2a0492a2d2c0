"""The pages the load benchmark measures, and who opens each.

All are GET requests: rate limits only count form submissions, so the bench
needs no setting that would weaken them. `who` names the browser:
`anonymous` (a visitor), `staff` (the venue's first mediator, logged in),
`network` (the network's funder: a viewer at each of its venues), `kiosk` and
`board` (a browser a coordinator enabled as the venue's kiosk or queue board).
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode

from comptoir.loadbench.urls import TRIVIAL_PATH
from comptoir.loadbench.world import World


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    path: str
    who: str = "anonymous"
    headers: tuple[tuple[str, str], ...] = ()
    key_page: bool = True


TRIVIAL = "trivial"


def pages_for(world: World) -> list[Page]:
    slug = world.venue.slug
    return [
        Page(TRIVIAL, "trivial view (no database, reference)", "/" + TRIVIAL_PATH, key_page=False),
        Page("healthz", "/healthz (SELECT 1)", reverse("healthz"), key_page=False),
        Page(
            "booking", "public booking: reasons", reverse("appointments:public_start", args=[slug])
        ),
        Page(
            "booking_slots",
            "public booking: free slots",
            reverse("appointments:public_slots", args=[slug, world.appointment_type.pk]),
            key_page=False,
        ),
        Page("agenda", "public agenda of workshops", reverse("workshops:agenda", args=[slug])),
        Page("kiosk", "kiosk check-in", reverse("helpdesk:kiosk", args=[slug]), who="kiosk"),
        Page("board", "queue board (page)", reverse("helpdesk:board", args=[slug]), who="board"),
        Page(
            "board_fragment",
            "queue board (fragment polled every 5 s)",
            reverse("helpdesk:board", args=[slug]),
            who="board",
            headers=(("HX-Request", "true"),),
            key_page=False,
        ),
        Page(
            "today", "staff “today” (venue home)", reverse("venues:home", args=[slug]), who="staff"
        ),
        Page("journal", "journal list", reverse("journal:list", args=[slug]), who="staff"),
        Page(
            "network",
            "network dashboard (reports)",
            reverse("reports:dashboard") + "?" + urlencode({"reseau": world.networks[0].slug}),
            who="network",
        ),
    ]
