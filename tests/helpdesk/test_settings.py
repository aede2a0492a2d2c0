"""Settings: the timebox, the extension, the kiosk switch; enabling and revoking devices."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from comptoir.helpdesk.models import DeviceKind, HelpdeskSettings, KioskDevice, hash_device_token
from comptoir.helpdesk.permissions import COOKIE_NAMES
from tests.helpdesk.factories import KioskDeviceFactory

pytestmark = pytest.mark.django_db


def settings_url(venue):
    return reverse("helpdesk:settings", args=[venue.slug])


def enable_url(venue):
    return reverse("helpdesk:enable_device", args=[venue.slug])


def test_the_defaults_apply_until_the_venue_saves_its_own(coordinator_client, venue):
    page = coordinator_client.get(settings_url(venue)).content.decode()
    assert 'name="timebox_minutes" value="15"' in page
    assert 'name="extension_minutes" value="10"' in page
    assert not HelpdeskSettings.objects.exists()  # reading never writes


def test_a_coordinator_changes_the_timebox(coordinator_client, venue):
    response = coordinator_client.post(
        settings_url(venue),
        {
            "timebox_minutes": "20",
            "extension_minutes": "5",
            "kiosk_enabled": "on",
            "board_display": "initial",
        },
    )
    assert response["Location"] == settings_url(venue)
    settings = HelpdeskSettings.objects.get(venue=venue)
    assert (settings.timebox_minutes, settings.extension_minutes) == (20, 5)
    assert settings.kiosk_enabled
    assert settings.board_display == "initial"


def test_a_bad_timebox_is_shown_again_with_a_plain_message(coordinator_client, venue):
    response = coordinator_client.post(
        settings_url(venue),
        {"timebox_minutes": "300", "extension_minutes": "5", "board_display": "first_name"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in page
    assert 'value="300"' in page
    assert not HelpdeskSettings.objects.exists()


def test_enabling_this_browser_as_kiosk_sets_a_long_lived_secure_cookie(
    coordinator_client, coordinator, venue
):
    response = coordinator_client.post(
        enable_url(venue), {"kind": "kiosk", "kiosk-name": "Tablette de l’entrée"}
    )
    assert response["Location"] == reverse("helpdesk:kiosk", args=[venue.slug])
    cookie = response.cookies[COOKIE_NAMES[DeviceKind.KIOSK]]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) >= 365 * 24 * 3600
    device = KioskDevice.objects.get()
    assert (device.name, device.kind, device.created_by) == (
        "Tablette de l’entrée",
        DeviceKind.KIOSK,
        coordinator,
    )
    token = cookie.value.split(":")[0]
    assert device.token_hash == hash_device_token(token)  # only the hash is stored
    assert token not in device.token_hash

    # The browser now opens the kiosk, and the settings page says which device it is.
    coordinator_client.logout()
    coordinator_client.cookies[cookie.key] = cookie.value
    assert coordinator_client.get(response["Location"]).status_code == 200


def test_enabling_again_replaces_this_browsers_previous_device(coordinator_client, venue):
    coordinator_client.post(enable_url(venue), {"kind": "board", "board-name": "Télé"})
    coordinator_client.post(enable_url(venue), {"kind": "board", "board-name": "Télé 2"})
    assert KioskDevice.objects.filter(revoked_at__isnull=True).get().name == "Télé 2"
    page = coordinator_client.get(settings_url(venue)).content.decode()
    assert "ce navigateur" in page
    assert "Appareils retirés" in page


def test_a_device_without_a_name_gets_its_kind_as_name(coordinator_client, venue):
    coordinator_client.post(enable_url(venue), {"kind": "board"})
    assert KioskDevice.objects.get().name == "Écran de la file"


def test_an_unknown_kind_is_refused(coordinator_client, venue):
    response = coordinator_client.post(enable_url(venue), {"kind": "toaster"})
    assert response["Location"] == settings_url(venue)
    assert not KioskDevice.objects.exists()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Choisissez d’activer une borne ou un écran."
    ]


def test_revoking_a_device(coordinator_client, coordinator, venue):
    device = KioskDeviceFactory(venue=venue)
    response = coordinator_client.post(
        reverse("helpdesk:revoke_device", args=[venue.slug, device.pk])
    )
    assert response["Location"] == settings_url(venue)
    device.refresh_from_db()
    assert device.revoked_at is not None
    assert device.revoked_by == coordinator


def test_another_venues_device_is_a_404(coordinator_client, venue, other_venue):
    device = KioskDeviceFactory(venue=other_venue)
    url = reverse("helpdesk:revoke_device", args=[venue.slug, device.pk])
    assert coordinator_client.post(url).status_code == 404
    device.refresh_from_db()
    assert device.revoked_at is None


def test_a_mediator_cannot_configure(mediator_client, venue):
    assert mediator_client.get(settings_url(venue)).status_code == 403
    assert mediator_client.post(enable_url(venue), {"kind": "kiosk"}).status_code == 403
    assert not KioskDevice.objects.exists()
