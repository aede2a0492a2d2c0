"""A staff member who lost their phone and their recovery codes: the administrator
removes their second factor with `manage.py reset_two_factor <username>`."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import give_app
from tests.conftest import PASSWORD


def test_the_command_removes_the_app_and_the_recovery_codes(client, mediator, capsys):
    give_app(mediator)
    call_command("reset_two_factor", mediator.username)
    assert not TOTPDevice.objects.filter(user=mediator).exists()
    assert not StaticDevice.objects.filter(user=mediator).exists()
    assert "Second factor removed" in capsys.readouterr().out
    response = client.post(reverse("login"), {"username": mediator.username, "password": PASSWORD})
    assert response["Location"] == reverse("venues:dashboard")


def test_the_command_also_lifts_a_lock_out(client, mediator):
    give_app(mediator)
    for _attempt in range(5):
        client.post(reverse("login"), {"username": mediator.username, "password": "wrong"})
    call_command("reset_two_factor", mediator.username)
    response = client.post(reverse("login"), {"username": mediator.username, "password": PASSWORD})
    assert response.status_code == 302


def test_an_unknown_username_is_an_error(db):
    with pytest.raises(CommandError, match="No user named"):
        call_command("reset_two_factor", "nobody")


def test_a_coordinator_of_a_strict_venue_sets_up_a_new_app_at_the_next_log_in(
    client, venue, coordinator
):
    venue.require_two_factor = True
    venue.save()
    give_app(coordinator)
    call_command("reset_two_factor", coordinator.username)
    response = client.post(
        reverse("login"), {"username": coordinator.username, "password": PASSWORD}
    )
    assert response["Location"].startswith(reverse("accounts:setup"))
