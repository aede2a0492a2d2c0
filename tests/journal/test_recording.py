"""A mediator records accompaniments: anonymous, for a known person, collective."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.audit.models import AuditEntry
from comptoir.journal import actions
from comptoir.journal.cra import ActivityType, Theme
from comptoir.journal.models import Activity, ActivityTheme
from tests.factories import ActivityFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "type": "individuel",
        "place_type": "lieu_activite",
        "date": timezone.localdate().isoformat(),
        "duration_choice": "30",
        "themes": ["email"],
        "age_bracket": "soixante_soixante_neuf",
        "gender": "non_communique",
        "social_status": "retraite",
        "commune": "Villeurbanne",
        "postal_code": "69100",
    }
    data.update(overrides)
    return data


def _record(client, venue, **overrides):
    return client.post(reverse("journal:create", args=[venue.slug]), _form(**overrides))


def test_an_anonymous_accompaniment_needs_no_identity(mediator_client, mediator, venue):
    response = _record(mediator_client, venue)
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.person is None
    assert activity.venue == venue
    assert activity.mediator == mediator
    assert activity.type == ActivityType.INDIVIDUAL
    assert activity.duration_minutes == 30
    assert activity.head_count == 1
    assert activity.age_bracket == "soixante_soixante_neuf"
    assert activity.theme_codes() == ["email"]
    assert AuditEntry.objects.filter(object_type="journal.activity", action="create").count() == 1


def test_every_field_of_the_activity_report_is_recorded(mediator_client, venue):
    response = _record(
        mediator_client,
        venue,
        place_type="domicile",
        place_commune="Vaulx-en-Velin",
        place_postal_code="69120",
        duration_choice="custom",
        duration_custom="50",
        equipment=["telephone", "ordinateur"],
        themes=["aide_aux_demarches_administratives", "securite_numerique"],
        procedure_themes=["logement", "argent_impots"],
        procedure_name="Demande d’APL",
        autonomy="partiellement_autonome",
        referred="on",
        referral_structure="aide_sociale",
        notes="Revenir avec l’avis d’imposition.",
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.place_type == "domicile"
    assert activity.place_commune == "Vaulx-en-Velin"
    assert activity.duration_minutes == 50
    assert activity.equipment == ["telephone", "ordinateur"]
    assert activity.theme_codes() == ["aide_aux_demarches_administratives", "securite_numerique"]
    assert activity.procedure_codes() == ["logement", "argent_impots"]
    assert activity.procedure_name == "Demande d’APL"
    assert activity.autonomy == "partiellement_autonome"
    assert activity.referred and activity.referral_structure == "aide_sociale"


def test_a_known_persons_description_is_copied_onto_the_activity(mediator_client, venue):
    person = PersonFactory(
        venue=venue, age_bracket="soixante_dix_plus", commune="Bron", social_status="retraite"
    )
    url = reverse("journal:create", args=[venue.slug]) + f"?person={person.pk}"
    assert person.first_name in mediator_client.get(url).content.decode()
    response = mediator_client.post(
        url, _form(person=person.pk, age_bracket="dix_huit_vingt_quatre")
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.person == person
    # Reports read the journal only, so the description travels with the activity.
    assert activity.age_bracket == "soixante_dix_plus"
    assert activity.commune == "Bron"


def test_a_person_of_another_venue_cannot_be_attached(mediator_client, venue, other_venue):
    stranger = PersonFactory(venue=other_venue)
    response = mediator_client.post(
        reverse("journal:create", args=[venue.slug]), _form(person=stranger.pk)
    )
    assert response.status_code == 404
    assert not Activity.objects.exists()


def test_a_collective_workshop_has_a_head_count_and_a_level(mediator_client, venue):
    response = _record(
        mediator_client,
        venue,
        type="collectif",
        head_count="9",
        workshop_title="Premiers pas sur tablette",
        level="debutant",
        autonomy="autonome",
        themes=["prendre_en_main_du_materiel"],
        duration_choice="120",
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.is_collective
    assert activity.head_count == 9
    assert activity.level == "debutant"
    assert activity.autonomy == ""  # autonomy is for individual accompaniments only


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"themes": []}, "themes", "Ce champ est obligatoire."),
        (
            {"duration_choice": "custom", "duration_custom": ""},
            "duration_custom",
            "Indiquez la durée en minutes.",
        ),
        (
            {"duration_choice": "custom", "duration_custom": "2000"},
            "duration_custom",
            "inférieure ou égale à 1439",
        ),
        (
            {"type": "collectif", "head_count": ""},
            "head_count",
            "Indiquez le nombre de participants.",
        ),
        ({"place_type": "autre", "place_commune": ""}, "place_commune", "Indiquez la commune"),
        (
            {"referred": "on", "referral_structure": ""},
            "referral_structure",
            "vers quelle structure",
        ),
        ({"equipment": ["aucun", "telephone"]}, "equipment", "« Pas de matériel »"),
        (
            {"procedure_themes": ["logement"]},
            "procedure_themes",
            "Aide aux démarches administratives",
        ),
        (
            {"date": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()},
            "date",
            "dans le futur",
        ),
        ({"date": "31/02/2026"}, "date", "Saisissez une date valide."),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_nothing_typed_is_lost(
    mediator_client, venue, overrides, field, message
):
    response = _record(mediator_client, venue, notes="Note à garder", **overrides)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert f'id="id_{field}_error"' in page
    assert "Note à garder" in page
    assert 'role="alert"' in page
    assert not Activity.objects.exists()


def test_record_and_another_returns_to_an_empty_form(mediator_client, venue):
    response = mediator_client.post(
        reverse("journal:create", args=[venue.slug]), {**_form(), "another": "1"}
    )
    assert response["Location"] == reverse("journal:create", args=[venue.slug])


def test_editing_an_activity_keeps_an_audit_of_what_changed(mediator_client, mediator, venue):
    activity = ActivityFactory(venue=venue, duration_minutes=30, themes=[Theme.EMAIL])
    response = mediator_client.post(
        reverse("journal:edit", args=[venue.slug, activity.pk]),
        _form(duration_choice="60", themes=["email", "sante"]),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.duration_minutes == 60
    entry = AuditEntry.objects.get(object_type="journal.activity", action="update")
    assert entry.actor == mediator
    assert entry.changes["duration_minutes"] == [30, 60]
    assert entry.changes["themes"] == [["email"], ["email", "sante"]]


def test_deleting_an_activity_is_audited(mediator_client, venue):
    activity = ActivityFactory(venue=venue)
    mediator_client.post(reverse("journal:delete", args=[venue.slug, activity.pk]))
    assert not Activity.objects.exists()
    assert not ActivityTheme.objects.exists()
    assert AuditEntry.objects.get(action="delete").object_id == activity.pk


def test_record_activity_is_the_one_door_for_services(venue, mediator):
    activity = actions.record_activity(
        actor=mediator,
        venue=venue,
        activity=Activity(
            type=ActivityType.INDIVIDUAL,
            date=timezone.localdate(),
            duration_minutes=15,
            source="helpdesk",
            source_ref="help-1",
            head_count=5,  # normalised: an individual accompaniment is one person
        ),
        themes=[Theme.SECURITY],
    )
    assert activity.head_count == 1
    assert activity.mediator == mediator
    with pytest.raises(ValueError):
        actions.record_activity(
            actor=mediator,
            venue=venue,
            activity=Activity(
                type=ActivityType.INDIVIDUAL, date=timezone.localdate(), duration_minutes=15
            ),
            themes=[],
        )
    assert Activity.objects.count() == 1


def test_a_service_recording_the_same_event_twice_writes_one_activity(venue, mediator):
    def record():
        return actions.record_activity(
            actor=mediator,
            venue=venue,
            activity=Activity(
                type=ActivityType.INDIVIDUAL,
                date=timezone.localdate(),
                duration_minutes=15,
                source="helpdesk",
                source_ref="help-42",
            ),
            themes=[Theme.EMAIL],
        )

    assert record().pk == record().pk
    assert Activity.objects.count() == 1
