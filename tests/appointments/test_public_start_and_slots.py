"""A visitor chooses a reason, then a day, then a time — no account needed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.appointments.models import BookingPolicy
from comptoir.appointments.public_forms import format_start
from comptoir.venues.models import Closure
from tests.appointments.factories_public import BookableTypeFactory, at, make_desk, open_every_day
from tests.factories import MembershipFactory, UserFactory, VenueFactory
from tests.queries import query_budget

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(venue):
    return make_desk(venue, name="Mon smartphone", duration_minutes=45)


# --- The reasons ---------------------------------------------------------------------------------


def test_the_start_page_lists_the_reasons_visitors_can_book(client, desk):
    outreach = VenueFactory(outreach=True, name="Médiathèque Jean-Macé", address="2 rue Jean")
    BookableTypeFactory(
        venue=desk.venue,
        name="Démarches en ligne",
        mode="outreach",
        outreach_venue=outreach,
        duration_minutes=90,
        mediators=[desk.mediator],
    )
    BookableTypeFactory(venue=desk.venue, by_phone=True, mediators=[desk.mediator])
    response = client.get(desk.start_url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mon smartphone" in html
    assert "45 minutes" in html
    assert "Apportez votre téléphone et son chargeur." in html
    assert "Démarches en ligne" in html and "1 h 30" in html
    assert "Dans un lieu partenaire" in html and "Médiathèque Jean-Macé" in html
    assert "Par téléphone : nous vous appelons." in html
    assert desk.slots_url in html


def test_the_start_page_hides_what_cannot_be_booked_online(client, desk, other_venue):
    BookableTypeFactory(venue=desk.venue, name="Réservé équipe", staff_only=True,
                        mediators=[desk.mediator])  # fmt: skip
    BookableTypeFactory(venue=desk.venue, name="Plus proposé", retired=True,
                        mediators=[desk.mediator])  # fmt: skip
    BookableTypeFactory(venue=desk.venue, name="Personne pour le faire")
    BookableTypeFactory(venue=other_venue, name="Ailleurs seulement", mediators=[desk.mediator])
    html = client.get(desk.start_url).content.decode()
    for hidden in [
        "Réservé équipe",
        "Plus proposé",
        "Personne pour le faire",
        "Ailleurs seulement",
    ]:
        assert hidden not in html


def test_a_venue_with_no_online_booking_says_to_call(client, venue):
    venue.phone = "+33478000000"
    venue.save()
    response = client.get(reverse("appointments:public_start", args=[venue.slug]))
    html = response.content.decode()
    assert "ne propose pas de rendez-vous en ligne" in html
    assert "04 78 00 00 00" in html


def test_an_unknown_venue_is_a_404(client, db):
    assert client.get(reverse("appointments:public_start", args=["nulle-part"])).status_code == 404


# --- Days and times -------------------------------------------------------------------------------


def test_days_with_free_slots_are_offered_then_the_times_of_the_chosen_day(client, desk):
    response = client.get(desk.slots_url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choisissez un jour" in html
    picker = response.context["picker"]
    assert len(picker.days) == 14  # open every day: a page of 14 days
    assert picker.days[0].day >= timezone.localdate()
    assert picker.selected is None and not picker.times

    day = timezone.localdate() + datetime.timedelta(days=3)
    response = client.get(desk.slots_url, {"day": day.isoformat()})
    picker = response.context["picker"]
    assert picker.selected == day
    assert [c.start.strftime("%H:%M") for c in picker.morning][:2] == ["09:00", "09:30"]
    assert picker.afternoon[-1].start.strftime("%H:%M") == "16:00"  # 45 min before 17:00
    book_url = reverse("appointments:public_book", args=[desk.venue.slug, desk.kind.pk])
    assert f'href="{book_url}?start={format_start(at(3, 10))}"' in response.content.decode()
    assert 'aria-current="date"' in response.content.decode()


def test_closed_days_and_days_beyond_the_horizon_are_not_offered(client, desk):
    BookingPolicy.objects.create(venue=desk.venue, horizon_days=10)
    closed = timezone.localdate() + datetime.timedelta(days=4)
    Closure.objects.create(venue=desk.venue, start_date=closed, end_date=closed, reason="Travaux")
    days = [c.day for c in client.get(desk.slots_url).context["picker"].days]
    assert closed not in days
    assert max(days) <= timezone.localdate() + datetime.timedelta(days=10)
    response = client.get(desk.slots_url, {"day": closed.isoformat()})
    assert "Plus aucune heure n’est libre ce jour-là" in response.content.decode()


def test_the_next_days_come_fourteen_at_a_time(client, desk):
    first_page = client.get(desk.slots_url).context["picker"]
    assert first_page.next_href and not first_page.previous_href
    second_page = client.get(first_page.next_href).context["picker"]
    assert second_page.days[0].day == first_page.days[-1].day + datetime.timedelta(days=1)
    assert second_page.previous_href
    assert "Jours suivants" in client.get(desk.slots_url).content.decode()


def test_a_reason_with_no_free_slot_says_so_and_gives_the_phone(client, venue):
    venue.phone = "+33478000000"
    venue.save()
    kind = BookableTypeFactory(venue=venue)  # nobody offers it: no hours, no slot
    response = client.get(reverse("appointments:public_slots", args=[venue.slug, kind.pk]))
    html = response.content.decode()
    assert "Il n’y a plus de créneau libre pour le moment." in html
    assert "04 78 00 00 00" in html


@pytest.mark.parametrize("trait", ["staff_only", "retired"])
def test_a_reason_not_bookable_online_is_a_404(client, desk, trait):
    kind = BookableTypeFactory(venue=desk.venue, mediators=[desk.mediator], **{trait: True})
    url = reverse("appointments:public_slots", args=[desk.venue.slug, kind.pk])
    assert client.get(url).status_code == 404


def test_another_venues_reason_is_a_404_under_this_venue(client, desk, other_venue):
    kind = BookableTypeFactory(venue=other_venue, mediators=[desk.mediator])
    url = reverse("appointments:public_slots", args=[desk.venue.slug, kind.pk])
    assert client.get(url).status_code == 404


def test_htmx_gets_only_the_picker(client, desk):
    day = timezone.localdate() + datetime.timedelta(days=2)
    response = client.get(desk.slots_url, {"day": day.isoformat()}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="picker"')
    assert "<h1>" not in html
    restore = client.get(
        desk.slots_url,
        {"day": day.isoformat()},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<h1>" in restore.content.decode()  # a history restore needs the whole page


def test_the_slots_page_has_a_constant_query_budget(client, desk):
    for n in range(6):  # more mediators and hours: the same number of queries
        colleague = UserFactory(username=f"colleague-{n}")
        MembershipFactory(user=colleague, venue=desk.venue, role="mediator")
        open_every_day(desk.venue, colleague, start=datetime.time(13), end=datetime.time(19))
        desk.kind.mediators.add(colleague)
    day = timezone.localdate() + datetime.timedelta(days=2)
    with query_budget(10):
        response = client.get(desk.slots_url, {"day": day.isoformat()})
    assert response.status_code == 200
    assert response.context["picker"].afternoon[-1].start.strftime("%H:%M") == "18:00"
