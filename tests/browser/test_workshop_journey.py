"""The whole path of issue 4, in real Chromium with axe-core on every page:

a visitor registers from a phone for a full session and is wait-listed;
someone cancels; the visitor is promoted and the SMS is captured; the visitor
opens the link in it; staff take attendance on the tablet (a tick and a QR
check-in) and close the session; the badge is issued, and its verification
page says it is valid.
"""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.utils import timezone

from comptoir.journal.models import Activity
from comptoir.notifications.models import Channel, Message
from comptoir.skills.issuing import verify_url
from comptoir.skills.models import Credential
from comptoir.workshops import actions, links
from comptoir.workshops.models import Registration, Session
from comptoir.workshops.models import RegistrationStatus as R
from tests.browser.helpers import (
    DESKTOP,
    MOBILE,
    check_page,
    login,
    submit_and_check,
    visit,
)
from tests.factories import SessionFactory
from tests.skills.badge_world import make_achievement


@pytest.fixture
def full_session(venue, mediator):
    cache.clear()  # the registration rate limit counts per address, in this process's cache
    venue.phone = "+33478000000"
    venue.save()
    badge = make_achievement(venue, name="Premiers pas sur smartphone", codes=("3.1",))
    session = SessionFactory(
        workshop__venue=venue,
        workshop__title="Premiers pas avec son smartphone",
        workshop__badge=badge,
        capacity=2,
        starts_at=timezone.now() + datetime.timedelta(days=2),
    )
    session.animators.set([mediator])
    actions.register(session=session, first_name="Alice", phone="+33611111111")
    actions.register(session=session, first_name="Bernard", phone="+33622222222")
    yield session
    cache.clear()


def path_of(url: str) -> str:
    """The path (and query) of an absolute link, to open on the live server."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def sms_link(registration: Registration, kind: str) -> str:
    message = Message.objects.get(
        channel=Channel.SMS, key__startswith=f"workshop-registration:{registration.pk}:{kind}"
    )
    return re.search(r"https?://\S+", message.body).group(0)


def test_waitlisted_promoted_present_and_badged(open_context, full_session, mediator):
    session = full_session
    _phone, page, problems = open_context(MOBILE)

    # 1. On a phone: the agenda, the full session, the waiting list.
    visit(page, f"/lieux/{session.venue.slug}/ateliers/")
    assert page.get_by_text("Complet").first.is_visible()
    submit_and_check(page, page.get_by_role("link", name=re.compile("s’inscrire sur la liste")))
    assert page.get_by_role("heading", level=1).inner_text() == "Premiers pas avec son smartphone"
    page.get_by_label("Votre prénom ou un surnom").fill("Josiane")
    page.get_by_label("Votre numéro de portable").fill("06 12 34 56 78")
    page.get_by_label("J’accepte que le lieu me contacte").check()
    submit_and_check(page, page.get_by_role("button", name="M’inscrire sur la liste d’attente"))
    assert page.get_by_role("heading", level=1).inner_text() == "Vous êtes sur la liste d’attente"
    assert page.get_by_text("position 1").is_visible()
    josiane = Registration.objects.get(first_name="Josiane")
    assert josiane.status == R.WAITLISTED and josiane.phone == "+33612345678"
    token = path_of(sms_link(josiane, "waitlisted")).split("/")[-2]
    assert links.read_token(token) == josiane

    # Registering twice with the same phone is refused, with what was typed kept.
    visit(page, session.get_public_url())
    page.get_by_label("Votre prénom ou un surnom").fill("Josiane")
    page.get_by_label("Votre numéro de portable").fill("06 12 34 56 78")
    submit_and_check(page, page.get_by_role("button", name="M’inscrire sur la liste d’attente"))
    assert page.get_by_role("alert").get_by_text("déjà sur la liste d’attente").count()
    assert page.get_by_label("Votre numéro de portable").input_value() == "06 12 34 56 78"
    assert Registration.objects.filter(first_name="Josiane").count() == 1

    # 2. Bernard cancels through the link of his confirmation.
    bernard = Registration.objects.get(first_name="Bernard")
    visit(page, links.manage_url(bernard))
    submit_and_check(page, page.get_by_role("link", name="Annuler mon inscription"))
    submit_and_check(page, page.get_by_role("button", name=re.compile("annuler", re.I)))
    assert page.get_by_role("heading", level=1).inner_text() == "Inscription annulée"

    # 3. Josiane is promoted and told by SMS; she opens the link in it.
    josiane.refresh_from_db()
    assert josiane.status == R.CONFIRMED
    visit(page, path_of(sms_link(josiane, "promoted")))
    assert page.get_by_role("heading", level=1).inner_text() == "Vous êtes inscrit·e"
    assert page.locator("svg.qr-code").is_visible()
    assert not problems.take()

    # 4. The day comes (the session started ten minutes ago).
    start = timezone.now() - datetime.timedelta(minutes=10)
    Session.objects.filter(pk=session.pk).update(
        starts_at=start, ends_at=start + datetime.timedelta(minutes=90)
    )

    # 5. On the tablet: Josiane is ticked, Alice shows her QR code.
    _tablet, staff, problems = open_context(DESKTOP)
    login(staff, mediator)
    visit(staff, f"/equipe/{session.venue.slug}/ateliers/seances/{session.pk}/presences/")
    toggle = staff.get_by_role("button", name="Présent·e : Josiane")
    staff.evaluate("window.stillTheSamePage = true")
    toggle.click()
    staff.locator(f"#registration-{josiane.pk}.is-present").wait_for()
    assert staff.evaluate("window.stillTheSamePage === true"), "htmx swaps the row, no reload"
    check_page(staff)
    alice = Registration.objects.get(first_name="Alice")
    visit(staff, links.checkin_url(alice, absolute=False))
    submit_and_check(staff, staff.get_by_role("button", name=re.compile("Marquer Alice présent")))
    assert Registration.objects.get(pk=alice.pk).status == R.ATTENDED

    # 6. Close the session: one journal activity, the badge for each person present.
    visit(staff, f"/equipe/{session.venue.slug}/ateliers/seances/{session.pk}/clore/")
    submit_and_check(staff, staff.get_by_role("button", name="Clore la séance et noter au journal"))
    assert staff.get_by_text("2 badges « Premiers pas sur smartphone » délivrés.").is_visible()
    activity = Activity.objects.get()
    assert activity.head_count == 2
    assert set(activity.participants.values_list("first_name", flat=True)) == {"Alice", "Josiane"}
    assert not problems.take()

    # 7. Josiane's badge: its public verification page says it is valid.
    credential = Credential.objects.get(person=josiane.person)
    _verifier, check, problems = open_context(MOBILE)
    visit(check, path_of(verify_url(credential)))
    assert check.get_by_text("Badge valide").first.is_visible()
    assert check.get_by_text("Premiers pas sur smartphone").first.is_visible()
    assert not problems.take()
