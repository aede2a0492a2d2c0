"""A person's data, exported on request: one indented UTF-8 JSON file a person can read,
with every record about them in every app, labelled in French, in local time."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks import task_backends

from comptoir.notifications import sms
from comptoir.people import privacy
from comptoir.venues.roles import ROLE_CAPABILITIES, Capability, Role, role_allows
from tests.appointments.factories import make_appointment
from tests.factories import ActivityFactory, PersonFactory
from tests.helpdesk.factories import HelpRequestFactory
from tests.people.privacy_world import EMAIL, PHONE, known_everywhere
from tests.queries import query_budget

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def outbox(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.SMS_BACKEND = "comptoir.notifications.sms.MemoryBackend"
    task_backends["default"].clear()
    sms.outbox.clear()
    yield
    task_backends["default"].clear()
    sms.outbox.clear()


@pytest.fixture
def trace(venue, coordinator):
    return known_everywhere(venue, coordinator)


def download(client, venue, person):
    return client.get(reverse("people:export", args=[venue.slug, person.pk]))


def test_the_export_is_a_readable_json_file(mediator_client, venue, trace):
    response = download(mediator_client, venue, trace.person)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="donnees-personne-{trace.person.pk}-'
    )
    raw = response.content.decode("utf-8")
    assert "\n  " in raw  # indented
    assert "Données personnelles conservées par Café du Port" in raw  # accents as they are
    data = json.loads(raw)
    assert data["Fiche"]["prénom ou surnom"] == "Josiane"
    assert data["Fiche"]["téléphone mobile"] == PHONE
    assert data["Fiche"]["accepte d’être contacté·e"] == "oui"
    assert data["Fiche"]["texte du consentement"] == "J’accepte les rappels."
    assert data["Durée de conservation"] == "24 mois sans contact, puis anonymisation"
    assert data["Responsable"]["Lieu"] == "Café du Port"


def test_every_app_gives_its_records(venue, trace):
    data = privacy.export_person(trace.person)
    [individual, collective] = data["Accompagnements"]
    assert individual["notes"].startswith("Josiane attend son dossier CAF")
    assert "notes" not in collective  # the group's notes may name other people
    assert collective["nom de l’atelier"] == "Atelier smartphone"
    assert len(data["Absences"]) == 1
    [appointment] = data["Rendez-vous"]
    assert appointment["ce dont il s’agit"].startswith("Mon téléphone")
    assert appointment["accepte les rappels"] == "oui"
    assert appointment["texte du consentement"] == "J’accepte les rappels."
    [registration] = data["Inscriptions aux ateliers"]
    assert registration["e-mail"] == EMAIL
    assert registration["état"] == "Inscrit·e"
    assert data["Passages au café numérique"][0]["prénom ou surnom"] == "Josiane"
    assert data["Objets apportés au repair café"][0]["problème (avec les mots de la personne)"] == (
        "Ne s’allume plus"
    )
    assert data["Dons de matériel"][0]["remarques"].startswith("Josiane Martin")
    assert data["Matériel reçu"][0]["motif d’éligibilité"] == "Bénéficiaire du RSA"
    assert data["Compétences reconnues"][0]["compétence"] == "Anime un atelier smartphone"
    assert data["Badges délivrés"][0]["identifiant"] == f"urn:uuid:{trace.credential.public_id}"
    channels = sorted(m["canal"] for m in data["Messages envoyés"])
    assert "SMS" in channels and "e-mail" in channels
    assert {m["destinataire"] for m in data["Messages envoyés"]} == {PHONE, EMAIL}


def test_times_are_local_and_day_first(venue, trace):
    data = privacy.export_person(trace.person)
    start = timezone.localtime(trace.appointment.starts_at)
    assert data["Rendez-vous"][0]["début"] == start.strftime("%d/%m/%Y %H:%M")
    assert data["Accompagnements"][0]["date"] == trace.individual.date.strftime("%d/%m/%Y")


def test_labels_stay_french_whatever_the_interface_language(mediator_client, venue, trace):
    mediator_client.cookies["comptoir_language"] = "en"
    data = json.loads(download(mediator_client, venue, trace.person).content)
    assert "Fiche" in data and "Rendez-vous" in data


def test_a_person_with_nothing_elsewhere_gets_empty_sections(venue):
    person = PersonFactory(venue=venue, first_name="Léon")
    data = privacy.export_person(person)
    assert data["Fiche"]["prénom ou surnom"] == "Léon"
    assert data["Rendez-vous"] == [] and data["Messages envoyés"] == []


def test_the_export_reads_a_bounded_number_of_queries(venue, coordinator, trace):
    """Each app reads its records in a few queries, whatever their number."""
    with query_budget(40) as first:
        privacy.export_person(trace.person)
    for days in (2, 3, 4):
        ActivityFactory(venue=venue, person=trace.person, notes="encore")
        make_appointment(
            trace.appointment.type,
            trace.appointment.mediator,
            trace.appointment.starts_at + datetime.timedelta(days=days),
            person=trace.person,
        )
        HelpRequestFactory(venue=venue, person=trace.person)
    with query_budget(len(first.captured_queries)):
        privacy.export_person(trace.person)


def test_an_anonymised_person_exports_what_is_left(venue, coordinator, trace):
    person = privacy.erase_person(actor=coordinator, person=trace.person)
    data = privacy.export_person(person)
    assert data["Fiche"]["prénom ou surnom"] == privacy.ANONYMISED_NAME
    assert data["Fiche"]["téléphone mobile"] == ""
    assert PHONE not in json.dumps(data) and EMAIL not in json.dumps(data)


def test_a_facilitator_cannot_download_notes_and_messages_they_may_not_read(venue, facilitator):
    """A facilitator edits people's records but reads neither the journal nor the outbox:
    the export, which holds both, is not theirs to download."""
    from tests.conftest import client_for

    person = PersonFactory(venue=venue)
    ActivityFactory(venue=venue, person=person, notes="Attend son dossier CAF")
    client = client_for(facilitator)
    response = download(client, venue, person)
    assert response.status_code == 403
    assert b"CAF" not in response.content
    page = client.get(reverse("people:detail", args=[venue.slug, person.pk])).content.decode()
    assert reverse("people:export", args=[venue.slug, person.pk]) not in page


@pytest.mark.parametrize("role", ["coordinator", "mediator"])
def test_roles_that_read_everything_download_the_export(request, venue, role):
    from tests.conftest import client_for

    person = PersonFactory(venue=venue)
    client = client_for(request.getfixturevalue(role))
    assert download(client, venue, person).status_code == 200
    page = client.get(reverse("people:detail", args=[venue.slug, person.pk])).content.decode()
    assert reverse("people:export", args=[venue.slug, person.pk]) in page


def test_whoever_may_export_may_read_every_section_of_the_export():
    """Each privacy section names the capability that shows its records; a role may
    download the export only if it holds them all (and the viewer, never a person)."""
    allowed = {role for role in Role.values if role_allows(role, Capability.EXPORT_PEOPLE)}
    assert allowed == {Role.COORDINATOR, Role.MEDIATOR}
    for role in allowed:
        missing = privacy.export_capabilities() - ROLE_CAPABILITIES[role]
        assert not missing, f"{role} may export but not read {sorted(missing)}"
    for section in privacy.sections():
        # A real capability, core or declared by a service (the coordinator holds them all).
        assert section.capability in ROLE_CAPABILITIES[Role.COORDINATOR], section.key


def test_export_needs_export_people(venue, viewer):
    from tests.conftest import client_for

    person = PersonFactory(venue=venue)
    assert download(client_for(viewer), venue, person).status_code == 403
