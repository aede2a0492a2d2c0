"""Coordinators configure appointments: reasons, each mediator's hours and
absences, and the venue's booking rules."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from comptoir.appointments.models import (
    AppointmentMode,
    AppointmentType,
    AvailabilityException,
    BookingPolicy,
    WeeklyAvailability,
)
from comptoir.journal.cra import Theme
from tests.appointments.factories import (
    AppointmentTypeFactory,
    WeeklyAvailabilityFactory,
    local,
    make_appointment,
    mediator_at,
    next_weekday,
)
from tests.factories import UserFactory, VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def camille(venue):
    return mediator_at(venue, "camille", first_name="Camille", last_name="Roux")


def type_data(**changes):
    data = {
        "name": "Démarches en ligne",
        "description": "Apportez vos identifiants.",
        "duration_minutes": "45",
        "mode": AppointmentMode.ON_SITE,
        "outreach_venue": "",
        "mediators": [],
        "theme": Theme.ADMIN_PROCEDURES,
        "bookable_online": "on",
        "active": "on",
    }
    return data | changes


# --- Reasons ----------------------------------------------------------------------------------


def test_the_list_shows_the_venues_reasons_only(coordinator_client, venue, other_venue, camille):
    AppointmentTypeFactory(venue=venue, name="Smartphone", mediators=[camille])
    AppointmentTypeFactory(venue=other_venue, name="Ailleurs")
    page = coordinator_client.get(reverse("appointments:types", args=[venue.slug])).content.decode()
    assert "Smartphone" in page and "Camille Roux" in page
    assert "Ailleurs" not in page


def test_a_coordinator_creates_a_reason(coordinator_client, venue, camille, coordinator):
    url = reverse("appointments:type_create", args=[venue.slug])
    page = coordinator_client.get(url).content.decode()
    assert "Camille Roux" in page  # mediators and coordinators of the venue are offered
    response = coordinator_client.post(url, type_data(mediators=[camille.pk, coordinator.pk]))
    assert response.status_code == 302
    reason = AppointmentType.objects.get()
    assert reason.venue == venue
    assert reason.duration_minutes == 45
    assert set(reason.mediators.all()) == {camille, coordinator}
    assert reason.theme == Theme.ADMIN_PROCEDURES
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Le motif « Démarches en ligne » est enregistré."
    ]


def test_a_reason_needs_someone_to_offer_it_and_a_duration_by_quarter_hour(
    coordinator_client, venue
):
    url = reverse("appointments:type_create", args=[venue.slug])
    response = coordinator_client.post(url, type_data(duration_minutes="50"))
    page = response.content.decode()
    assert "Cochez au moins une personne qui propose ce motif." in page
    assert "Sélectionnez un choix valide" in page
    assert 'value="Démarches en ligne"' in page  # what was typed is kept
    assert not AppointmentType.objects.exists()


def test_only_the_venues_staff_may_offer_a_reason(coordinator_client, venue, other_venue):
    stranger = mediator_at(other_venue, "stranger")
    volunteer = mediator_at(venue, "volunteer", role="volunteer")
    url = reverse("appointments:type_create", args=[venue.slug])
    for user in (stranger, volunteer, UserFactory(username="nobody")):
        response = coordinator_client.post(url, type_data(mediators=[user.pk]))
        assert response.status_code == 200
    assert not AppointmentType.objects.exists()


def test_an_outreach_reason_needs_a_partner_place_of_the_network(
    coordinator_client, venue, camille
):
    partner = VenueFactory(network=venue.network, outreach=True, name="Médiathèque")
    foreign = VenueFactory(network__slug="autre-reseau", outreach=True, name="Loin")
    url = reverse("appointments:type_create", args=[venue.slug])
    data = type_data(mode=AppointmentMode.OUTREACH, mediators=[camille.pk])
    page = coordinator_client.post(url, data).content.decode()
    assert "Choisissez le lieu partenaire où a lieu le rendez-vous." in page
    assert "Médiathèque" in page and "Loin" not in page
    coordinator_client.post(url, data | {"outreach_venue": foreign.pk})
    assert not AppointmentType.objects.exists()
    coordinator_client.post(url, data | {"outreach_venue": partner.pk})
    assert AppointmentType.objects.get().outreach_venue == partner


def test_a_reason_on_site_forgets_a_partner_place(coordinator_client, venue, camille):
    partner = VenueFactory(network=venue.network, outreach=True)
    url = reverse("appointments:type_create", args=[venue.slug])
    coordinator_client.post(url, type_data(mediators=[camille.pk], outreach_venue=partner.pk))
    assert AppointmentType.objects.get().outreach_venue is None


def test_a_coordinator_edits_and_retires_a_reason(coordinator_client, venue, camille):
    reason = AppointmentTypeFactory(venue=venue, name="Ancien nom", mediators=[camille])
    url = reverse("appointments:type_edit", args=[venue.slug, reason.pk])
    assert 'value="Ancien nom"' in coordinator_client.get(url).content.decode()
    data = type_data(name="Nouveau nom", mediators=[camille.pk])
    del data["active"]
    coordinator_client.post(url, data)
    reason.refresh_from_db()
    assert (reason.name, reason.active) == ("Nouveau nom", False)


def test_a_reason_of_another_venue_is_a_404(coordinator_client, venue, other_venue):
    foreign = AppointmentTypeFactory(venue=other_venue)
    url = reverse("appointments:type_edit", args=[venue.slug, foreign.pk])
    assert coordinator_client.get(url).status_code == 404
    assert coordinator_client.post(url, type_data()).status_code == 404


# --- Hours, absences, booking rules -----------------------------------------------------------


def availability_url(venue, mediator=None):
    url = reverse("appointments:availability", args=[venue.slug])
    return f"{url}?mediator={mediator.pk}" if mediator else url


def mediator_data(mediator, hours=(), absences=(), existing_hours=(), existing_absences=()):
    """POST data for one mediator's hours and absences (existing rows kept as they are)."""
    data = {"section": "mediator", "mediator": mediator.pk}
    rows = [
        (row.pk, row.weekday, f"{row.start:%H:%M}", f"{row.end:%H:%M}") for row in existing_hours
    ]
    rows += [(None, *row) for row in hours]
    data |= {"hours-TOTAL_FORMS": len(rows), "hours-INITIAL_FORMS": len(existing_hours)}
    for i, (pk, weekday, start, end) in enumerate(rows):
        data |= {
            f"hours-{i}-id": pk or "",
            f"hours-{i}-weekday": weekday,
            f"hours-{i}-start": start,
            f"hours-{i}-end": end,
        }
    rows = [(a.pk, a.start_date, a.end_date, a.kind) for a in existing_absences]
    rows += [(None, *row) for row in absences]
    data |= {"absences-TOTAL_FORMS": len(rows), "absences-INITIAL_FORMS": len(existing_absences)}
    for i, (pk, start, end, kind) in enumerate(rows):
        data |= {
            f"absences-{i}-id": pk or "",
            f"absences-{i}-start_date": start,
            f"absences-{i}-end_date": end,
            f"absences-{i}-kind": kind,
        }
    return data


def test_the_page_lists_the_mediators_and_shows_the_first(coordinator_client, venue, camille):
    WeeklyAvailabilityFactory(venue=venue, mediator=camille, weekday=2)
    page = coordinator_client.get(availability_url(venue, camille)).content.decode()
    assert "Semaine type de Camille Roux au lieu" in page
    assert 'value="09:00"' in page
    assert "Règles de réservation du lieu" in page


def test_someone_outside_the_venue_cannot_be_chosen(
    coordinator_client, venue, other_venue, camille
):
    stranger = mediator_at(other_venue, "stranger", first_name="Étranger")
    WeeklyAvailabilityFactory(venue=other_venue, mediator=stranger)
    response = coordinator_client.post(
        availability_url(venue), mediator_data(stranger, hours=[(1, "09:00", "12:00")])
    )
    assert response.status_code == 302
    assert not WeeklyAvailability.objects.filter(venue=venue, mediator=stranger).exists()
    # The first mediator of the venue was edited instead: the id is never trusted.
    page = coordinator_client.get(availability_url(venue, stranger)).content.decode()
    assert "Étranger" not in page


def test_a_coordinator_sets_weekly_hours(coordinator_client, venue, camille):
    response = coordinator_client.post(
        availability_url(venue),
        mediator_data(camille, hours=[(0, "09:00", "12:00"), (0, "14:00", "17:30"), ("", "", "")]),
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?mediator={camille.pk}#disponibilites")
    rows = WeeklyAvailability.objects.filter(venue=venue, mediator=camille).order_by("start")
    assert [(r.weekday, f"{r.start:%H:%M}", f"{r.end:%H:%M}") for r in rows] == [
        (0, "09:00", "12:00"),
        (0, "14:00", "17:30"),
    ]


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ([(0, "12:00", "09:00")], "L’heure de fin doit suivre l’heure de début."),
        (
            [(0, "09:00", "12:00"), (0, "11:00", "14:00")],
            "Cette plage chevauche une autre plage du lundi (09:00–12:00).",
        ),
        ([(0, "09:10", "12:00")], "au quart d’heure près"),
        ([("", "09:00", "12:00")], "Choisissez le jour."),
    ],
)
def test_wrong_hours_are_explained_and_nothing_is_saved(
    coordinator_client, venue, camille, hours, message
):
    response = coordinator_client.post(availability_url(venue), mediator_data(camille, hours=hours))
    assert response.status_code == 200
    page = response.content.decode().replace("&#x27;", "’")
    assert message in page
    assert "Les disponibilités n’ont pas été enregistrées" in page
    assert not WeeklyAvailability.objects.exists()


def test_an_overlap_with_an_existing_row_is_caught_too(coordinator_client, venue, camille):
    existing = WeeklyAvailabilityFactory(venue=venue, mediator=camille, weekday=3)
    response = coordinator_client.post(
        availability_url(venue),
        mediator_data(camille, existing_hours=[existing], hours=[(3, "11:30", "13:00")]),
    )
    assert "chevauche" in response.content.decode()
    assert WeeklyAvailability.objects.count() == 1


def test_the_same_hours_on_another_day_are_fine_and_rows_can_be_deleted(
    coordinator_client, venue, camille
):
    existing = WeeklyAvailabilityFactory(venue=venue, mediator=camille, weekday=3)
    data = mediator_data(camille, existing_hours=[existing], hours=[(4, "09:00", "12:00")])
    data["hours-0-DELETE"] = "on"
    coordinator_client.post(availability_url(venue), data)
    assert list(WeeklyAvailability.objects.values_list("weekday", flat=True)) == [4]


def test_an_absence_is_recorded_and_booked_appointments_are_pointed_out(
    coordinator_client, venue, camille
):
    reason = AppointmentTypeFactory(venue=venue, mediators=[camille])
    day = next_weekday(1, min_days=2)
    make_appointment(reason, camille, local(day, 10))
    response = coordinator_client.post(
        availability_url(venue),
        mediator_data(camille, absences=[(day, day + datetime.timedelta(days=2), "sick")]),
    )
    assert response.status_code == 302
    absence = AvailabilityException.objects.get()
    assert (absence.venue, absence.mediator, absence.kind) == (venue, camille, "sick")
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts[0] == "Les disponibilités de Camille Roux sont enregistrées."
    assert texts[1].startswith("1 rendez-vous déjà prévus pendant cette absence")


def test_an_absence_ending_before_it_starts_is_refused(coordinator_client, venue, camille):
    day = next_weekday(1)
    response = coordinator_client.post(
        availability_url(venue),
        mediator_data(camille, absences=[(day, day - datetime.timedelta(days=1), "leave")]),
    )
    assert (
        "La fin de l’absence ne peut pas précéder son début."
        in response.content.decode().replace("&#x27;", "’")
    )
    assert not AvailabilityException.objects.exists()


def test_the_booking_rules_are_saved(coordinator_client, venue, camille):
    response = coordinator_client.post(
        availability_url(venue),
        {
            "section": "policy",
            "policy-min_notice_hours": "24",
            "policy-horizon_days": "28",
            "policy-max_bookings_per_contact_per_day": "1",
        },
    )
    assert response.status_code == 302
    policy = BookingPolicy.objects.get(venue=venue)
    assert (
        policy.min_notice_hours,
        policy.horizon_days,
        policy.max_bookings_per_contact_per_day,
    ) == (24, 28, 1)


def test_a_horizon_of_zero_days_is_refused(coordinator_client, venue):
    response = coordinator_client.post(
        availability_url(venue),
        {
            "section": "policy",
            "policy-min_notice_hours": "2",
            "policy-horizon_days": "0",
            "policy-max_bookings_per_contact_per_day": "2",
        },
    )
    assert response.status_code == 200
    assert "Le formulaire n’a pas été enregistré" in response.content.decode()
    assert not BookingPolicy.objects.exists()
