"""People at the counter: search by name or phone, near-duplicates flagged, consent kept."""

import pytest
from django.urls import reverse

from comptoir.audit.models import AuditEntry
from comptoir.people.models import Person
from tests.factories import PersonFactory
from tests.queries import query_budget

pytestmark = pytest.mark.django_db


def _create(client, venue, **data):
    payload = {
        "first_name": "",
        "phone": "",
        "email": "",
        "age_bracket": "non_communique",
        "gender": "non_communique",
        "social_status": "non_communique",
        "commune": "",
        "postal_code": "",
        "insee_code": "",
    }
    payload.update(data)
    return client.post(reverse("people:create", args=[venue.slug]), payload)


def test_a_first_name_is_enough_to_create_a_person(mediator_client, venue, mediator):
    response = _create(mediator_client, venue, first_name="  Josiane ")
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[venue.slug, person.pk])
    assert person.first_name == "Josiane"
    assert person.venue == venue
    assert not person.consent_to_contact
    entry = AuditEntry.objects.get(object_type="people.person", object_id=person.pk)
    assert entry.actor == mediator
    assert entry.action == "create"
    assert "Josiane" not in str(entry.changes)  # no copy of personal data in the trail


def test_consent_is_recorded_with_its_date_and_wording(mediator_client, venue):
    _create(
        mediator_client, venue, first_name="Paul", phone="06 11 22 33 44", consent_to_contact="on"
    )
    person = Person.objects.get()
    assert person.phone == "+33611223344"
    assert person.consent_to_contact
    assert person.consent_at is not None
    assert "me contacte par SMS ou e-mail" in person.consent_wording


def test_consent_without_any_contact_is_refused(mediator_client, venue):
    response = _create(mediator_client, venue, first_name="Paul", consent_to_contact="on")
    assert response.status_code == 200
    assert "il faut un téléphone ou un e-mail" in response.content.decode()
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("existing", "typed"),
    [
        ({"first_name": "Élodie"}, {"first_name": "elodie"}),
        ({"first_name": "Jean-Pierre"}, {"first_name": "Jean Piere"}),
        (
            {"first_name": "Mo", "phone": "+33612345678"},
            {"first_name": "Mohamed", "phone": "06.12.34.56.78"},
        ),
        (
            {"first_name": "Zoé", "email": "zoe@example.org"},
            {"first_name": "Z", "email": "ZOE@example.org"},
        ),
    ],
)
def test_a_near_duplicate_is_flagged_not_silently_created(mediator_client, venue, existing, typed):
    original = PersonFactory(venue=venue, **existing)
    response = _create(mediator_client, venue, **typed)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cette personne existe peut-être déjà" in page
    assert reverse("people:detail", args=[venue.slug, original.pk]) in page
    assert Person.objects.count() == 1
    # Confirming creates the new record, with what was typed.
    response = _create(mediator_client, venue, confirm_new="on", **typed)
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_people_of_another_venue_are_not_duplicates(mediator_client, venue, other_venue):
    PersonFactory(venue=other_venue, first_name="Josiane")
    assert _create(mediator_client, venue, first_name="Josiane").status_code == 302


def test_search_finds_by_name_without_accents_or_by_phone(mediator_client, venue, other_venue):
    PersonFactory(venue=venue, first_name="Hélène", phone="+33699887766")
    PersonFactory(venue=venue, first_name="Marc")
    PersonFactory(venue=other_venue, first_name="Hélène B")
    url = reverse("people:list", args=[venue.slug])
    page = mediator_client.get(url, {"q": "helene"}).content.decode()
    assert "Hélène" in page and "Marc" not in page and "Hélène B" not in page
    page = mediator_client.get(url, {"q": "06 99 88"}).content.decode()
    assert "Hélène" in page and "Marc" not in page
    page = mediator_client.get(url, {"q": "0699887766"}).content.decode()
    assert "Hélène" in page


def test_the_live_search_returns_only_the_results_fragment(mediator_client, venue):
    PersonFactory(venue=venue, first_name="Hélène")
    response = mediator_client.get(
        reverse("people:list", args=[venue.slug]), {"q": "hel"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert 'id="people-results"' in page
    assert "<html" not in page


def test_editing_a_person_is_audited_without_copying_contact_details(
    mediator_client, venue, mediator
):
    person = PersonFactory(venue=venue, first_name="Rémi", phone="+33600000001")
    response = mediator_client.post(
        reverse("people:edit", args=[venue.slug, person.pk]),
        {
            "first_name": "Rémi",
            "phone": "06 00 00 00 02",
            "age_bracket": "soixante_dix_plus",
            "gender": "non_communique",
            "social_status": "retraite",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(object_type="people.person", action="update")
    assert entry.actor == mediator
    assert entry.changes["social_status"] == ["non_communique", "retraite"]
    assert entry.changes["phone"] == ["•••", "•••"]
    assert "0600000002" not in str(entry.changes) and "+33600000002" not in str(entry.changes)


def test_a_bad_phone_is_explained_and_the_form_keeps_the_input(mediator_client, venue):
    response = _create(mediator_client, venue, first_name="Léa", phone="123")
    page = response.content.decode()
    assert "ne ressemble pas à un numéro français" in page
    assert 'value="Léa"' in page
    assert 'aria-invalid="true"' in page


@pytest.mark.parametrize("rows", [10, 500])
def test_the_people_list_stays_within_its_query_budget(mediator_client, venue, rows):
    Person.objects.bulk_create(
        [Person(venue=venue, first_name=f"P{i}", name_key=f"p{i}") for i in range(rows)]
    )
    url = reverse("people:list", args=[venue.slug])
    with query_budget(6):
        assert mediator_client.get(url).status_code == 200
    with query_budget(6):
        assert mediator_client.get(url, {"q": "p1"}).status_code == 200
