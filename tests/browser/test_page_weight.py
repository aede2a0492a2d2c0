"""Every public page weighs at most 60 KB and asks nothing of another host.

Each page is loaded cold (a fresh browser context: no cache, no cookie but the
kiosk's or board's) on a 375 px phone, until the network is idle, and every
request it makes is recorded: HTML, CSS, JavaScript, images, fonts.

How the weight is counted. The live test server compresses nothing, so the test
computes what production sends: there, WhiteNoise serves the static files
compressed ahead of time by `collectstatic` (gzip and Brotli) and the reverse
proxy compresses the HTML. Each response counts for its body compressed with
gzip at level 6 (the level of nginx's usual `gzip_comp_level` and close to
WhiteNoise's; Brotli, when the browser takes it, is smaller still), or its raw
size when that is smaller (a PNG is already compressed, and neither WhiteNoise
nor nginx compresses it again), plus its response headers as sent over
HTTP/1.1 (uncompressed; HTTP/2 would compress them). So the figure is an upper
bound of what a phone downloads on a first visit.

Prints a table of page → KB (`pytest -s`); the figures are in docs/benchmarks.md.
"""

import contextlib
import gzip
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import Response

from comptoir.appointments import links as appointment_links
from comptoir.helpdesk import actions as helpdesk_actions
from comptoir.helpdesk.models import DeviceKind
from comptoir.helpdesk.permissions import COOKIE_NAMES
from comptoir.skills import links as badge_links
from comptoir.venues.models import Venue
from comptoir.workshops import links as workshop_links
from tests.appointments.factories import make_appointment
from tests.appointments.factories_public import at, make_desk
from tests.browser.helpers import MOBILE, visit
from tests.helpdesk.factories import HelpRequestFactory, signed_device_cookie
from tests.skills.badge_world import award, make_achievement, make_person
from tests.workshops.public_helpers import make_session, register

BUDGET = 60_000  # bytes: "at most 60 KB"


@dataclass
class Load:
    """One response of the page and what it weighs once compressed."""

    url: str
    raw: int
    compressed: int
    headers: int

    @property
    def weight(self) -> int:
        return self.compressed + self.headers


def weigh(response: Response) -> Load:
    try:
        body = response.body()
    except Exception:  # a redirect has no body
        body = b""
    sizes = response.request.sizes()
    return Load(
        url=response.url,
        raw=len(body),
        compressed=min(len(body), len(gzip.compress(body, compresslevel=6))),
        headers=max(sizes.get("responseHeadersSize", 0), 0),
    )


@pytest.fixture
def public_pages(venue, coordinator) -> dict[str, str]:
    """A venue with everything its public pages show, and the address of each."""
    Venue.objects.filter(pk=venue.pk).update(
        summary="Café associatif : aide au numérique sans rendez-vous.",
        phone="+33478000000",
        description="Un café, une imprimante, du temps pour vous.",
        accessibility="Accès de plain-pied, boucle magnétique à l’accueil.",
    )
    venue.refresh_from_db()
    desk = make_desk(venue, name="Mon smartphone", duration_minutes=45)
    appointment = make_appointment(desk.kind, desk.mediator, at(4, 10), phone="+33612345678")
    session = make_session(venue, days=7, capacity=10)
    registration = register(session, "Josiane", phone="+33612345670")
    for n in range(6):
        HelpRequestFactory(venue=venue, first_name=f"Visiteur {n}")
    achievement = make_achievement(venue)
    josiane = make_person(venue, "Josiane")
    credential = award(desk.mediator, achievement, josiane)
    slug = venue.slug
    pages = {
        "home": "/",
        "venue public page": reverse("venues:public", args=[slug]),
        "booking: reasons": desk.start_url,
        "booking: day and time": desk.slots_url,
        "booking: who is coming": desk.book_url(at(3, 10)),
        "booking: the appointment (link)": appointment_links.manage_url(appointment),
        "workshops agenda": reverse("workshops:agenda", args=[slug]),
        "workshop session and registration form": session.get_public_url(),
        "workshop registration (link)": workshop_links.manage_url(registration),
        "kiosk": reverse("helpdesk:kiosk", args=[slug]),
        "queue board": reverse("helpdesk:board", args=[slug]),
        "badges: issuer": reverse("skills:issuer", args=[slug]),
        "badges: a badge": reverse("skills:achievement_public", args=[slug, achievement.public_id]),
        "badges: verify (form)": reverse("skills:verify_form"),
        "badges: verify a badge": reverse("skills:verify", args=[credential.public_id]),
        "badges: my badges (link)": badge_links.person_badges_url(josiane),
        "open data": reverse("reports:opendata"),
        "login": reverse("login"),
    }
    privacy = (
        ("privacy", "people:privacy", []),
        ("privacy, venue", "people:privacy_venue", [slug]),
    )
    for name, url_name, args in privacy:
        with contextlib.suppress(NoReverseMatch):  # the privacy pages, where they exist
            pages[name] = reverse(url_name, args=args)
    return pages


def device_cookies(venue, base_url: str) -> list[dict]:
    cookies = []
    for kind in (DeviceKind.KIOSK, DeviceKind.BOARD):
        _device, token = helpdesk_actions.enable_device(
            venue=venue, kind=kind, name="Tablette", actor=None
        )
        cookies.append(
            {
                "name": COOKIE_NAMES[kind],
                "value": signed_device_cookie(token, kind),
                "url": base_url,
            }
        )
    return cookies


@pytest.mark.parametrize("viewport", [MOBILE], ids=["375px"])
def test_public_pages_weigh_at_most_60_kb_and_stay_on_this_host(
    open_context, live_server, venue, public_pages, viewport
):
    host = urlsplit(live_server.url).netloc
    cookies = device_cookies(venue, live_server.url)
    rows, problems = [], []
    for name, path in public_pages.items():
        context, page, _problems = open_context(viewport)
        if name in ("kiosk", "queue board"):
            context.add_cookies(cookies)
        responses: list[Response] = []
        elsewhere: list[str] = []

        def on_request(request, elsewhere=elsewhere):
            parts = urlsplit(request.url)
            if parts.scheme in ("http", "https") and parts.netloc != host:
                elsewhere.append(request.url)

        def on_response(response, responses=responses):
            responses.append(response)

        page.on("request", on_request)
        page.on("response", on_response)
        visit(page, path)
        page.wait_for_load_state("networkidle")
        loads = [weigh(response) for response in responses]
        fetched = {urlsplit(load.url).path for load in loads}
        assert path.split("?")[0] in fetched and "/static/comptoir/comptoir.css" in fetched, (
            f"{name}: the page and its stylesheet were not recorded: {sorted(fetched)}"
        )
        total = sum(load.weight for load in loads)
        rows.append((name, len(loads), sum(load.raw for load in loads), total))
        if elsewhere:
            problems.append(f"{name} ({path}) asked another host: {', '.join(elsewhere)}")
        if total > BUDGET:
            detail = ", ".join(
                f"{urlsplit(load.url).path} {load.weight / 1000:.1f}"
                for load in sorted(loads, key=lambda load: -load.weight)
            )
            problems.append(f"{name} ({path}) weighs {total / 1000:.1f} KB: {detail}")
        context.close()

    width = max(len(name) for name, *_rest in rows)
    print(f"\n{'page':<{width}}  requests  raw KB  compressed KB")
    for name, requests, raw, total in rows:
        print(f"{name:<{width}}  {requests:>8}  {raw / 1000:>6.1f}  {total / 1000:>13.1f}")
    assert not problems, "\n".join(problems)
