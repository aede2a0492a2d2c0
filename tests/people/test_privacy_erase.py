"""Erasure on request: the person is anonymised everywhere, in one transaction; the
statistics and the journal stay; the audit trail says who and when, never what."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks import task_backends

from comptoir.audit.actions import REDACTED
from comptoir.audit.models import AuditEntry
from comptoir.helpdesk.models import HelpRequest
from comptoir.journal.models import Activity
from comptoir.notifications import sms
from comptoir.notifications.models import Message, MessageStatus
from comptoir.people import privacy
from comptoir.people.actions import find_similar_people, match_or_create_person
from comptoir.people.views import search_people
from comptoir.reuse.models import Donation
from comptoir.skills.models import RecognisedSkill
from comptoir.venues.roles import Capability
from tests.conftest import client_for
from tests.factories import PersonFactory
from tests.people.privacy_world import EMAIL, PHONE, known_everywhere, statistics

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


def test_erasing_anonymises_the_person_and_keeps_the_row(trace, coordinator):
    person = privacy.erase_person(actor=coordinator, person=trace.person)
    assert person.pk == trace.person.pk
    assert person.first_name == privacy.ANONYMISED_NAME
    assert (person.phone, person.email, person.postal_code) == ("", "", "")
    assert not person.consent_to_contact
    assert person.consent_at is None and person.consent_wording == ""
    assert person.anonymised_at is not None
    assert not person.can_be_contacted
    # What the reports describe the person with stays.
    assert (person.age_bracket, person.commune, person.insee_code) == (
        trace.person.age_bracket,
        "Lyon",
        "69381",
    )


def test_erasing_clears_what_names_or_reaches_the_person_in_every_app(trace, coordinator):
    privacy.erase_person(actor=coordinator, person=trace.person)
    for record in (
        trace.individual,
        trace.collective,
        trace.appointment,
        trace.registration,
        trace.help_request,
        trace.repair_item,
        trace.donation,
        trace.allocation,
        trace.skill,
        trace.credential,
    ):
        record.refresh_from_db()
    assert trace.individual.notes == ""
    assert trace.collective.notes == "Bonne ambiance."  # about the group, not the person
    assert trace.appointment.first_name == privacy.ANONYMISED_NAME
    assert (trace.appointment.phone, trace.appointment.email, trace.appointment.topic) == (
        "",
        "",
        "",
    )
    assert not trace.appointment.consent_to_reminders
    assert trace.registration.first_name == privacy.ANONYMISED_NAME
    assert (trace.registration.phone, trace.registration.email) == ("", "")
    assert trace.help_request.first_name == ""
    assert trace.repair_item.first_name == ""
    assert trace.repair_item.problem == "Ne s’allume plus"  # the object's fault, for ORDS
    assert trace.donation.notes == "" and trace.donation.place == ""
    assert trace.allocation.eligibility_reason == ""
    assert trace.skill.revoked_at is not None and trace.skill.evidence_note == ""
    assert trace.credential.recipient_name == privacy.ANONYMISED_NAME


def test_the_signed_badge_is_kept_as_issued_and_names_nobody(trace, coordinator):
    signed, jwt = trace.credential.signed_json, trace.credential.signed_jwt
    privacy.erase_person(actor=coordinator, person=trace.person)
    trace.credential.refresh_from_db()
    assert trace.credential.signed_json == signed
    assert trace.credential.signed_jwt == jwt
    assert trace.credential.revoked_at is None
    assert "Josiane" not in str(signed) and EMAIL not in str(signed)


def test_waiting_messages_are_cancelled_and_sent_ones_redacted(trace, coordinator):
    messages = Message.objects.filter(key__startswith=f"appointment:{trace.appointment.pk}:")
    assert messages.filter(status=MessageStatus.PENDING).exists()  # the reminders
    assert messages.filter(status=MessageStatus.SENT).exists()  # the confirmation
    privacy.erase_person(actor=coordinator, person=trace.person)
    everything = Message.objects.all()
    assert not everything.filter(status=MessageStatus.PENDING).exists()
    for message in everything:
        assert message.to == REDACTED
        assert message.body == "" and message.subject == "" and message.attachment_content == ""
        assert "Josiane" not in message.key


def test_the_journal_and_the_statistics_are_unchanged(trace, coordinator, venue):
    before = statistics(venue)
    activities = set(Activity.objects.values_list("pk", "person_id", "date", "duration_minutes"))
    privacy.erase_person(actor=coordinator, person=trace.person)
    assert statistics(venue) == before
    assert set(Activity.objects.values_list("pk", "person_id", "date", "duration_minutes")) == (
        activities
    )
    assert trace.collective.participants.filter(pk=trace.person.pk).exists()


def test_the_erasure_is_in_the_audit_trail_without_any_value(trace, coordinator):
    privacy.erase_person(actor=coordinator, person=trace.person)
    entries = AuditEntry.objects.filter(object_type="people.person", object_id=trace.person.pk)
    erasure = entries.order_by("-pk").first()
    assert erasure.actor == coordinator
    assert set(erasure.changes) == {"anonymised_at", "motif"}
    assert erasure.changes["motif"][1] == privacy.ErasureReason.REQUEST
    # Earlier entries (the creation) keep which fields changed, not their values.
    trail = str(list(entries.values_list("changes", flat=True)))
    for value in ("Lyon", "69001", "J’accepte", PHONE, EMAIL):
        assert value not in trail
    created = entries.get(action="create")
    assert created.changes["commune"] == [REDACTED, REDACTED]


def test_an_anonymised_person_cannot_be_found_nor_matched_again(trace, coordinator, venue):
    privacy.erase_person(actor=coordinator, person=trace.person)
    assert not search_people(venue, "Josiane").exists()
    assert not search_people(venue, "Personne").exists()
    assert find_similar_people(venue, first_name="Personne anonymisée") == []
    again = match_or_create_person(venue, first_name="Josiane", phone=PHONE)
    assert again.pk != trace.person.pk


def _attach_behind_the_guards(trace, venue) -> None:
    """Personal data attached to an erased record without going through the actions (data
    from before the record was closed, a fix by hand in the database…)."""
    Activity.objects.filter(pk=trace.individual.pk).update(notes="Josiane a rappelé.")
    HelpRequest.objects.create(
        venue=venue, day=timezone.localdate(), ticket=99, person=trace.person, first_name="Josiane"
    )
    Donation.objects.filter(pk=trace.donation.pk).update(
        notes="Josiane Martin", place="Chez Josiane"
    )
    RecognisedSkill.objects.filter(pk=trace.skill.pk).update(
        revoked_at=None, evidence_note="Josiane anime très bien."
    )


def test_erasing_again_is_never_refused_and_clears_what_was_attached_since(
    trace, coordinator, venue
):
    first = privacy.erase_person(actor=coordinator, person=trace.person)
    _attach_behind_the_guards(trace, venue)
    count = AuditEntry.objects.count()
    second = privacy.erase_person(actor=coordinator, person=trace.person)
    assert second.anonymised_at == first.anonymised_at  # the date of the first erasure
    assert "Josiane" not in json.dumps(privacy.export_person(second))
    trace.skill.refresh_from_db()
    assert trace.skill.revoked_at is not None
    # The second erasure is in the audit trail too, saying when the first one was.
    assert AuditEntry.objects.count() == count + 1
    entry = AuditEntry.objects.order_by("-pk").first()
    assert entry.changes["anonymised_at"] == [first.anonymised_at.isoformat()] * 2


def test_the_erase_page_erases_an_erased_person_again(mediator_client, trace, coordinator, venue):
    privacy.erase_person(actor=coordinator, person=trace.person)
    _attach_behind_the_guards(trace, venue)
    detail = reverse("people:detail", args=[venue.slug, trace.person.pk])
    url = reverse("people:erase", args=[venue.slug, trace.person.pk])
    assert url in mediator_client.get(detail).content.decode()
    page = mediator_client.get(url)
    assert page.status_code == 200 and "Effacer de nouveau" in page.content.decode()
    response = mediator_client.post(url)
    assert response.status_code == 302 and response["Location"] == detail
    trace.person.refresh_from_db()
    assert "Josiane" not in json.dumps(privacy.export_person(trace.person))


def test_the_erasure_is_one_transaction(trace, coordinator):
    def broken(person_ids, *, actor, now):
        raise RuntimeError("disk full")

    privacy.register(
        privacy.Section(
            key="zz_broken",
            label="x",
            export=list,
            capability=Capability.VIEW_PEOPLE,
            erase=broken,
        )
    )
    try:
        with pytest.raises(RuntimeError):
            privacy.erase_person(actor=coordinator, person=trace.person)
    finally:
        privacy._sections.pop("zz_broken")
    trace.person.refresh_from_db()
    trace.appointment.refresh_from_db()
    assert trace.person.first_name == "Josiane" and trace.person.anonymised_at is None
    assert trace.appointment.phone == PHONE
    assert Message.objects.filter(status=MessageStatus.PENDING).exists()


def test_other_people_are_left_alone(trace, coordinator, venue):
    neighbour = PersonFactory(venue=venue, first_name="Paulette", phone="+33698765432")
    privacy.erase_person(actor=coordinator, person=trace.person)
    neighbour.refresh_from_db()
    assert neighbour.first_name == "Paulette" and neighbour.anonymised_at is None


# --- The pages ----------------------------------------------------------------------------------


def test_the_confirmation_page_says_what_is_kept_and_what_is_deleted(mediator_client, venue):
    person = PersonFactory(venue=venue, first_name="Josiane")
    response = mediator_client.get(reverse("people:erase", args=[venue.slug, person.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ce qui sera effacé" in html and "Ce qui sera gardé, sans son nom" in html
    assert "statistiques" in html
    person.refresh_from_db()
    assert person.anonymised_at is None  # looking is not erasing


def test_confirming_erases_and_shows_the_anonymised_page(mediator_client, mediator, venue):
    person = PersonFactory(venue=venue, first_name="Josiane", phone="+33612345678")
    url = reverse("people:erase", args=[venue.slug, person.pk])
    response = mediator_client.post(url)
    detail = reverse("people:detail", args=[venue.slug, person.pk])
    assert response.status_code == 302 and response["Location"] == detail
    person.refresh_from_db()
    assert person.anonymised_at is not None
    page = mediator_client.get(detail).content.decode()
    assert "Personne anonymisée" in page and "Josiane" not in page
    assert "Effacer ses données" not in page and "Modifier la fiche" not in page
    # An anonymised record cannot be edited back into a person.
    edit = mediator_client.get(reverse("people:edit", args=[venue.slug, person.pk]))
    assert edit.status_code == 302 and edit["Location"] == detail


def test_a_facilitator_may_neither_export_nor_erase(facilitator, venue):
    person = PersonFactory(venue=venue)
    client = client_for(facilitator)
    page = client.get(reverse("people:detail", args=[venue.slug, person.pk])).content.decode()
    assert "Télécharger ses données (JSON)" not in page
    assert reverse("people:export", args=[venue.slug, person.pk]) not in page
    assert "Effacer ses données" not in page
    assert client.get(reverse("people:export", args=[venue.slug, person.pk])).status_code == 403
    assert client.post(reverse("people:erase", args=[venue.slug, person.pk])).status_code == 403
    person.refresh_from_db()
    assert person.anonymised_at is None


def test_another_venues_person_is_a_404_and_stays(coordinator_client, venue, other_venue):
    foreign = PersonFactory(venue=other_venue, first_name="Josiane")
    for name in ("people:erase", "people:export"):
        url = reverse(name, args=[venue.slug, foreign.pk])
        assert coordinator_client.get(url).status_code == 404
    response = coordinator_client.post(reverse("people:erase", args=[venue.slug, foreign.pk]))
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.anonymised_at is None
