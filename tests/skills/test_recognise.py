"""Staff recognise a person's skill with evidence, and may withdraw it; both are audited."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.audit.models import AuditEntry
from comptoir.skills.actions import SkillError, recognise_skill, withdraw_skill
from comptoir.skills.models import PixCompetence, RecognisedSkill, SkillKind, person_has_skill
from tests.factories import PersonFactory
from tests.skills.helpers import load_pix_framework

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)
TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


@pytest.fixture
def person(venue):
    return PersonFactory(venue=venue, first_name="Josiane")


def _recognise(actor, venue, person, **overrides):
    arguments = {
        "actor": actor,
        "venue": venue,
        "person": person,
        "label": "Peut animer un atelier smartphone débutant",
        "kind": SkillKind.PEER_ANIMATION,
        "evidence_note": "A co-animé l’atelier smartphone du 3 mars.",
        "evidence_date": YESTERDAY,
    }
    return recognise_skill(**(arguments | overrides))


# --- actions ------------------------------------------------------------------------------------


def test_recognising_a_skill_keeps_its_evidence_and_writes_an_audit_entry(venue, mediator, person):
    load_pix_framework()
    competences = PixCompetence.objects.filter(code__in=["2.1", "5.1"])
    skill = _recognise(mediator, venue, person, competences=competences)
    skill.refresh_from_db()
    assert skill.venue == venue
    assert skill.person == person
    assert skill.recognised_by == mediator
    assert skill.evidence_date == YESTERDAY
    assert sorted(skill.competences.values_list("code", flat=True)) == ["2.1", "5.1"]
    assert skill.is_active
    entry = AuditEntry.objects.get(object_type="skills.recognisedskill", object_id=skill.pk)
    assert entry.action == "create"
    assert entry.actor == mediator
    assert entry.venue == venue
    assert entry.changes["competences"] == [None, ["2.1", "5.1"]]
    assert "Josiane" not in str(entry.changes)


def test_withdrawing_a_skill_records_who_and_when_in_the_audit_trail(venue, mediator, person):
    skill = _recognise(mediator, venue, person)
    withdraw_skill(actor=mediator, skill=skill)
    skill.refresh_from_db()
    assert skill.revoked_at is not None
    assert skill.revoked_by == mediator
    entry = AuditEntry.objects.get(object_id=skill.pk, action="update")
    assert list(entry.changes) == ["revoked_at"]


def test_a_skill_cannot_be_withdrawn_twice(venue, mediator, person):
    skill = _recognise(mediator, venue, person)
    withdraw_skill(actor=mediator, skill=skill)
    with pytest.raises(SkillError, match="déjà été retirée"):
        withdraw_skill(actor=mediator, skill=skill)
    assert AuditEntry.objects.filter(object_id=skill.pk, action="update").count() == 1


def test_a_date_in_the_future_is_refused_and_nothing_is_written(venue, mediator, person):
    with pytest.raises(SkillError, match="ne peut pas être dans le futur"):
        _recognise(mediator, venue, person, evidence_date=TOMORROW)
    assert not RecognisedSkill.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_person_of_another_venue_is_refused_and_nothing_is_written(venue, other_venue, mediator):
    stranger = PersonFactory(venue=other_venue)
    with pytest.raises(SkillError, match="pas suivie par ce lieu"):
        _recognise(mediator, venue, stranger)
    assert not RecognisedSkill.objects.exists()
    assert not AuditEntry.objects.exists()


def test_person_has_skill_counts_only_active_skills_of_that_kind(venue, mediator, person):
    assert not person_has_skill(person, SkillKind.PEER_ANIMATION)
    skill = _recognise(mediator, venue, person)
    assert person_has_skill(person, SkillKind.PEER_ANIMATION)
    assert not person_has_skill(person, SkillKind.REPAIR)
    assert not person_has_skill(PersonFactory(venue=venue), SkillKind.PEER_ANIMATION)
    withdraw_skill(actor=mediator, skill=skill)
    assert not person_has_skill(person, SkillKind.PEER_ANIMATION)


# --- views --------------------------------------------------------------------------------------


def _post(client, venue, person, **data):
    payload = {
        "label": "Répare des ordinateurs portables",
        "kind": SkillKind.REPAIR,
        "evidence_note": "A changé le disque de trois portables au repair café.",
        "evidence_date": YESTERDAY.isoformat(),
    }
    return client.post(reverse("skills:recognise", args=[venue.slug, person.pk]), payload | data)


def test_the_form_recognises_a_skill_and_returns_to_the_person(mediator_client, venue, person):
    load_pix_framework()
    competence = PixCompetence.objects.get(code="5.1")
    response = _post(mediator_client, venue, person, competences=[competence.pk])
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[venue.slug, person.pk])
    skill = RecognisedSkill.objects.get()
    assert skill.kind == SkillKind.REPAIR
    assert list(skill.competences.all()) == [competence]
    assert person_has_skill(person, SkillKind.REPAIR)


def test_the_form_opens_with_today_as_the_date(mediator_client, venue, person):
    response = mediator_client.get(reverse("skills:recognise", args=[venue.slug, person.pk]))
    assert response.status_code == 200
    assert f'value="{timezone.localdate().isoformat()}"' in response.content.decode()


def test_the_form_refuses_a_future_date_with_a_clear_message(mediator_client, venue, person):
    response = _post(mediator_client, venue, person, evidence_date=TOMORROW.isoformat())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Le formulaire n’a pas été enregistré" in page
    assert "La date ne peut pas être dans le futur" in page
    assert 'aria-describedby="id_evidence_date_error"' in page
    assert not RecognisedSkill.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_form_says_plainly_what_is_missing(mediator_client, venue, person):
    response = _post(
        mediator_client, venue, person, label="   ", kind="", evidence_note="", evidence_date=""
    )
    page = response.content.decode()
    assert "Décrivez la compétence en quelques mots." in page
    assert "Choisissez ce que cette compétence permet." in page
    assert "Notez ce que vous avez constaté" in page
    assert "Indiquez le jour où la compétence a été constatée." in page
    assert not RecognisedSkill.objects.exists()


def test_a_person_of_another_venue_cannot_be_reached_from_this_venue(
    coordinator_client, venue, other_venue
):
    stranger = PersonFactory(venue=other_venue)
    assert _post(coordinator_client, venue, stranger).status_code == 404
    assert not RecognisedSkill.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_withdraw_button_withdraws_and_says_so(mediator_client, venue, mediator, person):
    skill = _recognise(mediator, venue, person)
    response = mediator_client.post(
        reverse("skills:withdraw", args=[venue.slug, skill.pk]), follow=True
    )
    assert "est retirée" in response.content.decode()
    skill.refresh_from_db()
    assert skill.revoked_by == mediator


def test_withdrawing_twice_says_it_is_already_withdrawn(mediator_client, venue, mediator, person):
    skill = _recognise(mediator, venue, person)
    url = reverse("skills:withdraw", args=[venue.slug, skill.pk])
    mediator_client.post(url)
    response = mediator_client.post(url, follow=True)
    assert "Cette compétence a déjà été retirée." in response.content.decode()


def test_a_skill_of_another_venue_cannot_be_withdrawn(
    coordinator_client, venue, other_venue, mediator
):
    stranger = PersonFactory(venue=other_venue)
    skill = _recognise(None, other_venue, stranger)
    response = coordinator_client.post(reverse("skills:withdraw", args=[venue.slug, skill.pk]))
    assert response.status_code == 404
    skill.refresh_from_db()
    assert skill.is_active
