"""A session's public page: what, when, where, for whom, who animates; the
registration form when registration is open, else why not."""

import pytest
from django.urls import reverse

from comptoir.people.forms import CONSENT_WORDING
from comptoir.skills.models import PixCompetence
from comptoir.workshops import actions
from comptoir.workshops.models import Audience, PriceKind, WorkshopFormat
from tests.factories import PersonFactory, UserFactory, VenueFactory
from tests.workshops.public_helpers import in_days, make_session, register

pytestmark = pytest.mark.django_db


def page(client, session):
    return client.get(session.get_public_url())


def test_it_shows_the_session_and_the_form(client, venue, mediator):
    venue.phone = "+33478000000"
    venue.save()
    session = make_session(
        venue,
        title="Réparer son ordinateur",
        description="Apportez votre ordinateur portable et son chargeur.",
        format=WorkshopFormat.INSTALL_PARTY,
        audience=Audience.EVERYONE,
        price_kind=PriceKind.PAID,
        price_amount="12.50",
        capacity=6,
    )
    session.room = "à l’étage"
    session.save()
    mediator.first_name, mediator.last_name = "Karim", "Benali"
    mediator.save()
    session.animators.add(mediator)
    peer = PersonFactory(venue=venue, first_name="Odette")
    session.peer_animators.add(peer)
    session.workshop.competences.add(PixCompetence.objects.get(code="3.1"))
    response = page(client, session)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Réparer son ordinateur</h1>" in html
    assert "Install party" in html
    assert "Apportez votre ordinateur portable et son chargeur." in html
    assert "1 place de la Mairie" in html and "69100 Villeurbanne" in html
    assert "à l’étage" in html
    assert "12,50 €" in html
    assert "Tout public" in html and "niveau débutant" in html
    assert "Karim, Odette" in html
    assert "Benali" not in html
    assert "Pix 3.1" in html
    assert "6 places libres" in html
    assert 'name="first_name"' in html and 'type="tel"' in html
    assert str(CONSENT_WORDING) in html
    assert "04 78 00 00 00" in html
    assert reverse("workshops:poster", args=[venue.slug, session.pk]) in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_full_session_offers_the_waiting_list(client, venue):
    session = make_session(venue, capacity=1)
    register(session, "Josiane", phone="+33612345678")
    register(session, "Marcel", phone="+33612345679")
    html = page(client, session).content.decode()
    assert "Complet — liste d’attente" in html
    assert "1 personne déjà sur la liste d’attente" in html
    assert "M’inscrire sur la liste d’attente" in html


def test_a_cancelled_session_says_so_with_the_reason_and_no_form(client, venue):
    session = make_session(venue)
    actions.cancel_session(actor=None, session=session, reason="Panne de courant au café")
    html = page(client, session).content.decode()
    assert "Cette séance est annulée" in html
    assert "Motif : Panne de courant au café" in html
    assert 'name="first_name"' not in html


def test_before_registration_opens_the_page_says_when_instead_of_the_form(client, venue):
    session = make_session(venue, days=20)
    session.registration_opens_at = in_days(10, 9)
    session.save()
    html = page(client, session).content.decode()
    assert "Les inscriptions ouvrent le" in html and "à 09:00" in html
    assert 'name="first_name"' not in html
    assert session.workshop.title in html


def test_after_registration_closes_the_page_says_to_call(client, venue):
    session = make_session(venue, days=2)
    session.registration_closes_at = in_days(-1)
    session.save()
    html = page(client, session).content.decode()
    assert "Les inscriptions en ligne sont closes depuis le" in html
    assert 'name="first_name"' not in html


def test_a_past_session_says_it_took_place(client, venue):
    session = make_session(venue)
    session.starts_at, session.ends_at = in_days(-3), in_days(-3, 16)
    session.save()
    html = page(client, session).content.decode()
    assert "Cette séance a déjà eu lieu." in html
    assert 'name="first_name"' not in html


def test_an_outreach_session_gives_the_partner_address(client, venue):
    library = VenueFactory(
        outreach=True, name="Médiathèque", address="3 rue des Livres", commune="Bron"
    )
    session = make_session(venue)
    session.place = library
    session.save()
    html = page(client, session).content.decode()
    assert "Hors les murs" in html and "3 rue des Livres" in html and "Bron" in html


def test_a_session_of_another_venue_is_not_found(client, venue, other_venue):
    session = make_session(other_venue)
    url = reverse("workshops:public_session", args=[venue.slug, session.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"first_name": "X"}).status_code == 404


def test_staff_first_names_only_and_none_when_missing(client, venue):
    session = make_session(venue)
    session.animators.add(UserFactory(username="sans-prenom", first_name="", last_name="Dupont"))
    html = page(client, session).content.decode()
    assert "Animé par" not in html
    assert "Dupont" not in html
