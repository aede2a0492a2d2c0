"""Staff: the workshops overview and the catalogue (create, edit, detail)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.audit.models import AuditAction, AuditEntry
from comptoir.journal.cra import Theme
from comptoir.skills.models import PixCompetence
from comptoir.venues.roles import Role
from comptoir.workshops.models import PriceKind, SessionStatus, Workshop
from tests.conftest import client_for
from tests.factories import MembershipFactory, SessionFactory, UserFactory, WorkshopFactory
from tests.queries import query_budget
from tests.skills.helpers import load_pix_framework
from tests.workshops.staff_helpers import achievement, seat, started_session

pytestmark = pytest.mark.django_db


def _url(name, venue, *args):
    return reverse(f"workshops:{name}", args=[venue.slug, *args])


def _data(**overrides):
    data = {
        "title": "  Premiers   pas sur smartphone ",
        "description": "Appeler, envoyer un message, prendre une photo.",
        "format": "workshop",
        "audience": "seniors",
        "level": "debutant",
        "themes": [Theme.GETTING_STARTED],
        "price_kind": PriceKind.FREE,
        "price_amount": "",
        "duration_minutes": "90",
        "default_capacity": "8",
        "badge": "",
        "active": "on",
    }
    data.update(overrides)
    return data


# --- Overview ------------------------------------------------------------------------------------


def test_the_overview_lists_upcoming_sessions_with_seats_and_waiting_list(mediator_client, venue):
    workshop = WorkshopFactory(venue=venue, title="Atelier courriel")
    session = SessionFactory(workshop=workshop, capacity=2)
    seat(session, first_name="Aline")
    seat(session, first_name="Bruno")
    seat(session, first_name="Chloé", status="waitlisted")
    response = mediator_client.get(_url("index", venue))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Atelier courriel" in page
    assert "2 / 2" in page
    assert "complet" in page
    assert reverse("workshops:session", args=[venue.slug, session.pk]) in page
    assert response.context["upcoming"].object_list[0].waiting == 1


def test_the_overview_points_to_sessions_to_close(mediator_client, venue):
    workshop = WorkshopFactory(venue=venue)
    started_session(workshop)
    SessionFactory(
        workshop=workshop,
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=3) + datetime.timedelta(hours=1),
        status=SessionStatus.CLOSED,
    )
    page = mediator_client.get(_url("index", venue)).content.decode()
    assert "1 séance à clore" in page
    assert 'id="a-clore"' in page


def test_the_new_workshop_button_shows_only_to_who_may_manage(venue, facilitator, mediator):
    facilitator_page = client_for(facilitator).get(_url("index", venue)).content.decode()
    mediator_page = client_for(mediator).get(_url("index", venue)).content.decode()
    assert _url("workshop_create", venue) not in facilitator_page
    assert _url("workshop_create", venue) in mediator_page


def test_the_overview_stays_within_its_query_budget(mediator_client, venue, other_venue):
    for n in range(6):
        workshop = WorkshopFactory(venue=venue, active=n != 5)
        session = SessionFactory(workshop=workshop, capacity=3)
        for k in range(4):
            seat(session, first_name=f"P{k}", status="waitlisted" if k == 3 else None)
        started_session(workshop)
    SessionFactory(workshop=WorkshopFactory(venue=other_venue))
    with query_budget(8):
        response = mediator_client.get(_url("index", venue))
    assert len(response.context["upcoming"].object_list) == 6
    assert len(response.context["to_close"]) == 6
    assert len(response.context["active_workshops"]) == 5


def test_the_venue_menu_has_a_workshops_entry_for_who_may_see_them(venue, mediator):
    volunteer = UserFactory(username="benevole")
    MembershipFactory(user=volunteer, venue=venue, role=Role.VOLUNTEER)
    home = reverse("venues:home", args=[venue.slug])
    assert _url("index", venue) in client_for(mediator).get(home).content.decode()
    assert _url("index", venue) not in client_for(volunteer).get(home).content.decode()


# --- Create and edit -----------------------------------------------------------------------------


def test_creating_a_workshop_saves_it_with_its_competences_and_an_audit_entry(
    mediator_client, venue, mediator
):
    load_pix_framework()
    competences = list(PixCompetence.objects.order_by("code")[:2])
    response = mediator_client.post(
        _url("workshop_create", venue), _data(competences=[c.pk for c in competences])
    )
    workshop = Workshop.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("workshop", venue, workshop.pk)
    assert workshop.venue == venue
    assert workshop.title == "Premiers pas sur smartphone"
    assert workshop.themes == [Theme.GETTING_STARTED]
    assert set(workshop.competences.all()) == set(competences)
    entry = AuditEntry.objects.get(venue=venue)
    assert entry.action == AuditAction.CREATE
    assert entry.actor == mediator
    assert entry.changes["title"] == [None, "Premiers pas sur smartphone"]
    assert entry.changes["competences"][1] == sorted(c.code for c in competences)


def test_the_form_groups_pix_competences_by_area(mediator_client, venue):
    load_pix_framework()
    page = mediator_client.get(_url("workshop_create", venue)).content.decode()
    assert page.count('class="competence-area"') == 5


def test_a_paid_workshop_needs_its_price(mediator_client, venue):
    response = mediator_client.post(
        _url("workshop_create", venue), _data(price_kind=PriceKind.PAID, price_amount="")
    )
    assert response.status_code == 200
    assert "Indiquez le prix : l’atelier est payant." in response.content.decode()
    assert "Premiers   pas sur smartphone" in response.content.decode()  # as typed
    assert not Workshop.objects.exists()


def test_a_free_workshop_cannot_have_a_price(mediator_client, venue):
    response = mediator_client.post(
        _url("workshop_create", venue), _data(price_kind=PriceKind.FREE, price_amount="5")
    )
    assert "Un atelier gratuit n’a pas de prix" in response.content.decode()
    assert not Workshop.objects.exists()


def test_a_paid_workshop_keeps_its_price(mediator_client, venue):
    mediator_client.post(
        _url("workshop_create", venue), _data(price_kind=PriceKind.PASS, price_amount="2.50")
    )
    assert str(Workshop.objects.get().price_amount) == "2.50"


def test_at_least_one_theme_is_needed(mediator_client, venue):
    response = mediator_client.post(_url("workshop_create", venue), _data(themes=[]))
    assert "Cochez au moins une thématique." in response.content.decode()
    assert not Workshop.objects.exists()


def test_only_active_badges_of_the_venue_are_offered(mediator_client, venue, other_venue):
    mine = achievement(venue, name="Badge du port")
    achievement(venue, name="Badge éteint", active=False)
    foreign = achievement(other_venue, name="Badge d’ailleurs")
    form = mediator_client.get(_url("workshop_create", venue)).context["form"]
    assert list(form.fields["badge"].queryset) == [mine]
    response = mediator_client.post(_url("workshop_create", venue), _data(badge=foreign.pk))
    assert response.status_code == 200
    assert not Workshop.objects.exists()
    mediator_client.post(_url("workshop_create", venue), _data(badge=mine.pk))
    assert Workshop.objects.get().badge == mine


def test_editing_a_workshop_records_what_changed(mediator_client, venue):
    workshop = WorkshopFactory(venue=venue, title="Atelier tablette", default_capacity=8)
    response = mediator_client.post(
        _url("workshop_edit", venue, workshop.pk),
        _data(title="Atelier tablette", default_capacity="10", active=""),
    )
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.default_capacity == 10
    assert workshop.active is False
    entry = AuditEntry.objects.get(venue=venue)
    assert entry.action == AuditAction.UPDATE
    assert entry.changes["default_capacity"] == [8, 10]
    assert entry.changes["active"] == [True, False]
    assert "title" not in entry.changes


def test_a_workshop_of_another_venue_is_a_404(mediator_client, venue, other_venue):
    foreign = WorkshopFactory(venue=other_venue)
    for name in ("workshop", "workshop_edit", "session_create"):
        assert mediator_client.get(_url(name, venue, foreign.pk)).status_code == 404


def test_the_workshop_page_shows_its_upcoming_and_past_sessions(mediator_client, venue):
    workshop = WorkshopFactory(venue=venue, title="Atelier photo")
    upcoming = SessionFactory(workshop=workshop)
    past = started_session(workshop, minutes_ago=60 * 24 * 10)
    response = mediator_client.get(_url("workshop", venue, workshop.pk))
    assert response.context["upcoming"] == [upcoming]
    assert list(response.context["past"].object_list) == [past]
    assert _url("session_create", venue, workshop.pk) in response.content.decode()
