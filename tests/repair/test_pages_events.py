"""Staff pages of repair events: the list, creating and editing one, the queue page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.repair import actions, impact
from comptoir.repair.models import RepairEvent
from comptoir.repair.outcome import record_outcome
from comptoir.venues.roles import Role
from tests.conftest import client_for
from tests.factories import MembershipFactory, PersonFactory, UserFactory
from tests.queries import query_budget
from tests.repair.helpers import make_event, peer_repairer

pytestmark = pytest.mark.django_db


def fixed_laptop(event, actor):
    item = actions.intake_item(actor=actor, event=event, category_id=16, problem="Lent")
    actions.start_repair(actor=actor, item=item)
    return record_outcome(actor=actor, item=item, repair_status="fixed")


def test_the_list_shows_upcoming_and_past_events_with_their_impact(
    mediator_client, mediator, venue
):
    past = make_event(venue, starts_at=timezone.now() - datetime.timedelta(days=7))
    fixed_laptop(past, mediator)
    make_event(venue, starts_at=timezone.now() + datetime.timedelta(days=3))
    page = mediator_client.get(reverse("repair:index", args=[venue.slug])).content.decode()
    assert "Programmer un repair café" in page
    assert page.count("Repair café du samedi") == 2
    laptop = f"{impact.co2e_avoided_kg(16):.1f}".replace(".", ",")
    assert f"{laptop} kg" in page
    assert "0,0 kg" in page  # the upcoming one has no impact yet


def test_the_list_keeps_its_query_budget(mediator_client, mediator, venue):
    url = reverse("repair:index", args=[venue.slug])
    for days in range(1, 13):
        event = make_event(venue, starts_at=timezone.now() - datetime.timedelta(days=days))
        fixed_laptop(event, mediator)
    with query_budget(12):
        assert mediator_client.get(url).status_code == 200


def test_a_volunteer_sees_the_list_without_the_new_event_button(venue):
    volunteer = UserFactory(username="benevole")
    MembershipFactory(user=volunteer, venue=venue, role=Role.VOLUNTEER)
    page = client_for(volunteer).get(reverse("repair:index", args=[venue.slug]))
    assert page.status_code == 200
    assert "Programmer un repair café" not in page.content.decode()


def test_creating_an_event_with_staff_and_peer_repairers(mediator_client, mediator, venue):
    karim = peer_repairer(venue)
    response = mediator_client.post(
        reverse("repair:event_create", args=[venue.slug]),
        {
            "title": "Repair café de printemps",
            "date": "2026-04-11",
            "start_time": "14:00",
            "end_time": "17:00",
            "repairers": [mediator.pk],
            "peer_repairers": [karim.pk],
        },
    )
    event = RepairEvent.objects.get(title="Repair café de printemps")
    assert response.status_code == 302
    assert response["Location"] == reverse("repair:event", args=[venue.slug, event.pk])
    assert list(event.peer_repairers.all()) == [karim]
    assert list(event.repairers.all()) == [mediator]
    assert timezone.localtime(event.starts_at).hour == 14


def test_a_peer_without_repair_skill_is_refused_and_nothing_is_written(mediator_client, venue):
    someone = PersonFactory(venue=venue, first_name="Léon")
    response = mediator_client.post(
        reverse("repair:event_create", args=[venue.slug]),
        {
            "title": "Repair café",
            "date": "2026-04-11",
            "start_time": "14:00",
            "end_time": "17:00",
            "peer_repairers": [someone.pk],
        },
    )
    assert response.status_code == 200
    assert "Léon n’a pas de compétence de réparation reconnue" in response.content.decode()
    assert not RepairEvent.objects.exists()


def test_an_end_before_the_start_is_shown_with_what_was_typed(mediator_client, venue):
    response = mediator_client.post(
        reverse("repair:event_create", args=[venue.slug]),
        {"title": "Mon repair", "date": "2026-04-11", "start_time": "17:00", "end_time": "14:00"},
    )
    page = response.content.decode()
    assert "La fin doit être après le début." in page
    assert 'value="Mon repair"' in page
    assert not RepairEvent.objects.exists()


def test_editing_an_event_changes_its_times_and_repairers(mediator_client, mediator, venue):
    event = make_event(venue, mediator)
    karim = peer_repairer(venue)
    response = mediator_client.post(
        reverse("repair:event_edit", args=[venue.slug, event.pk]),
        {
            "title": "Repair café déplacé",
            "date": "2026-05-02",
            "start_time": "10:00",
            "end_time": "12:30",
            "peer_repairers": [karim.pk],
        },
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Repair café déplacé"
    assert timezone.localtime(event.ends_at).time() == datetime.time(12, 30)
    assert list(event.peer_repairers.all()) == [karim]


def test_the_event_page_shows_the_queue_and_the_impact_box(mediator_client, mediator, venue):
    event = make_event(venue, mediator)
    fixed_laptop(event, mediator)
    actions.intake_item(
        actor=mediator, event=event, category_id=19, problem="L’écran est cassé", first_name="Zoé"
    )
    page = mediator_client.get(reverse("repair:event", args=[venue.slug, event.pk])).content
    page = page.decode()
    assert "En attente (1)" in page and "Zoé" in page and "Prendre en charge" in page
    assert "Terminé (1)" in page and "Réparé" in page
    assert "kg CO2e" in page
    assert "restarters.net" in page and "Fixometer" in page
    assert reverse("repair:export_ords", args=[venue.slug]) in page


def test_the_event_page_keeps_its_query_budget(mediator_client, mediator, venue):
    event = make_event(venue, mediator, peer_repairers=[peer_repairer(venue)])
    for _n in range(15):
        fixed_laptop(event, mediator)
        actions.intake_item(
            actor=mediator,
            event=event,
            category_id=19,
            problem="Batterie",
            person=PersonFactory(venue=venue),
        )
    with query_budget(12):
        response = mediator_client.get(reverse("repair:event", args=[venue.slug, event.pk]))
    assert response.content.decode().count("Prendre en charge<") == 15


def test_the_venue_home_shows_the_next_event_and_its_queue(mediator_client, mediator, venue):
    event = make_event(venue, mediator)
    actions.intake_item(actor=mediator, event=event, category_id=16, problem="Lent")
    page = mediator_client.get(reverse("venues:home", args=[venue.slug])).content.decode()
    assert "1 objet en attente" in page
    assert reverse("repair:event", args=[venue.slug, event.pk]) in page


def test_the_volunteer_hours_counted_on_the_day_replace_the_estimate(
    mediator_client, mediator, venue
):
    event = make_event(venue, mediator)
    url = reverse("repair:event_edit", args=[venue.slug, event.pk])
    start = timezone.localtime(event.starts_at)
    fields = {
        "title": event.title,
        "date": start.date().isoformat(),
        "start_time": start.strftime("%H:%M"),
        "end_time": timezone.localtime(event.ends_at).strftime("%H:%M"),
        "repairers": [mediator.pk],
    }
    estimate = event.volunteer_minutes()
    page = mediator_client.get(reverse("repair:event", args=[venue.slug, event.pk])).content
    assert "(estimées)" in page.decode()
    assert "Heures bénévoles comptées sur place" in mediator_client.get(url).content.decode()
    # A negative number is refused, with what was typed kept.
    response = mediator_client.post(url, fields | {"volunteer_hours": "-2"})
    assert response.status_code == 200
    event.refresh_from_db()
    assert event.recorded_volunteer_minutes is None
    assert mediator_client.post(url, fields | {"volunteer_hours": "7,5"}).status_code == 302
    event.refresh_from_db()
    assert event.recorded_volunteer_minutes == 450 != estimate
    page = mediator_client.get(reverse("repair:event", args=[venue.slug, event.pk])).content
    assert "7,5 h" in page.decode() and "(estimées)" not in page.decode()
    # Emptied: back to the estimate.
    assert mediator_client.post(url, fields | {"volunteer_hours": ""}).status_code == 302
    event.refresh_from_db()
    assert event.recorded_volunteer_minutes is None
    # Not asked when the event is being scheduled.
    create = mediator_client.get(reverse("repair:event_create", args=[venue.slug])).content
    assert "Heures bénévoles comptées sur place" not in create.decode()
