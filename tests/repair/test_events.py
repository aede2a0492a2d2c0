import datetime

import pytest
from django.utils import timezone

from comptoir.audit.models import AuditEntry
from comptoir.repair import actions
from comptoir.repair.actions import RepairError
from comptoir.repair.models import RepairEvent
from comptoir.skills.models import RecognisedSkill
from tests.factories import PersonFactory, UserFactory
from tests.repair.helpers import make_event, peer_repairer

pytestmark = pytest.mark.django_db


def test_it_schedules_an_event_with_staff_and_peer_repairers(venue, coordinator, mediator):
    peer = peer_repairer(venue)
    event = make_event(venue, coordinator, repairers=[mediator], peer_repairers=[peer])
    assert list(event.repairers.all()) == [mediator]
    assert list(event.peer_repairers.all()) == [peer]
    assert AuditEntry.objects.filter(venue=venue, object_id=event.pk).exists()


def test_a_person_without_a_recognised_repair_skill_is_refused(venue, coordinator):
    person = PersonFactory(venue=venue, first_name="Lucie")
    with pytest.raises(RepairError, match="Lucie n’a pas de compétence de réparation reconnue"):
        make_event(venue, coordinator, peer_repairers=[person])
    assert not RepairEvent.objects.exists()


def test_a_withdrawn_skill_no_longer_counts(venue, coordinator):
    peer = peer_repairer(venue)
    RecognisedSkill.objects.filter(person=peer).update(revoked_at=timezone.now())
    event = make_event(venue, coordinator)
    with pytest.raises(RepairError, match="compétence de réparation"):
        actions.add_repairer(actor=coordinator, event=event, person=peer)
    assert not event.peer_repairers.exists()


def test_a_person_of_another_venue_cannot_repair_here(venue, other_venue, coordinator):
    stranger = peer_repairer(other_venue)
    event = make_event(venue, coordinator)
    with pytest.raises(RepairError, match="pas suivie par ce lieu"):
        actions.add_repairer(actor=coordinator, event=event, person=stranger)


def test_a_user_outside_the_team_cannot_repair_here(venue, coordinator):
    outsider = UserFactory(first_name="Paul", last_name="Durand")
    with pytest.raises(RepairError, match="Paul Durand ne fait pas partie de l’équipe"):
        make_event(venue, coordinator, repairers=[outsider])


def test_an_event_must_end_after_it_starts(venue, coordinator):
    with pytest.raises(RepairError, match="après son début"):
        make_event(venue, coordinator, hours=0)


def test_volunteer_hours_are_the_duration_times_the_repairers(venue, coordinator, mediator):
    event = make_event(venue, coordinator, hours=3, repairers=[mediator, coordinator])
    actions.add_repairer(actor=coordinator, event=event, person=peer_repairer(venue))
    assert event.volunteer_minutes() == 3 * 60 * 3
    assert event.volunteer_hours() == 9.0


def test_recorded_volunteer_hours_win_over_the_computed_ones(venue, coordinator, mediator):
    event = make_event(venue, coordinator, repairers=[mediator])
    actions.set_volunteer_minutes(actor=coordinator, event=event, minutes=150)
    event.refresh_from_db()
    assert event.volunteer_hours() == 2.5
    with pytest.raises(RepairError, match="négatives"):
        actions.set_volunteer_minutes(actor=coordinator, event=event, minutes=-1)


def test_an_event_at_the_venue_itself_is_not_outreach(venue, other_venue, coordinator):
    here = make_event(venue, coordinator, place=venue)
    away = make_event(
        venue, coordinator, place=other_venue, starts_at=timezone.now() + datetime.timedelta(days=7)
    )
    assert here.place is None and not here.is_outreach
    assert away.is_outreach and away.where == other_venue
