"""The staff log-in refuses guessing: a username, or an address, is locked after
repeated failures, with a plain message saying from when to try again."""

import datetime
import logging
import math
import time
from unittest import mock

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comptoir.accounts import throttle
from tests.accounts.conftest import is_logged_in
from tests.conftest import PASSWORD

LOCKED = "Trop de tentatives de connexion ont échoué"


def log_in(client, username, password="wrong-password"):
    return client.post(reverse("login"), {"username": username, "password": password})


def local_time(seconds_from_now: float, now: float | None = None) -> str:
    end = (now or time.time()) + seconds_from_now
    moment = datetime.datetime.fromtimestamp(math.ceil(end / 60) * 60, tz=datetime.UTC)
    return timezone.localtime(moment).strftime("%H:%M")


def test_five_wrong_passwords_lock_the_username_and_say_until_when(client, mediator):
    for _attempt in range(4):
        response = log_in(client, mediator.username)
        assert response.status_code == 200
        assert LOCKED not in response.content.decode()
    response = log_in(client, mediator.username)
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page
    assert 'role="alert"' in page
    # In the local time zone (Europe/Paris), 15 minutes from now.
    assert local_time(15 * 60) in page or local_time(15 * 60 + 60) in page
    assert f'value="{mediator.username}"' in page


def test_the_lock_holds_even_with_the_right_password_which_is_not_even_checked(client, mediator):
    for _attempt in range(5):
        log_in(client, mediator.username)
    with mock.patch("comptoir.accounts.forms.authenticate") as authenticate:
        response = log_in(client, mediator.username, PASSWORD)
    authenticate.assert_not_called()
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not is_logged_in(client)


def test_an_unknown_username_is_locked_the_same_way(client, mediator):
    """The message never tells whether the account exists."""
    for _attempt in range(5):
        known = log_in(client, mediator.username)
        unknown = log_in(client, "nobody-here")
    assert known.status_code == unknown.status_code == 429
    assert known.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()


def test_the_username_is_counted_whatever_its_case_and_spaces(client, mediator):
    for typed in ["Mediator-Cafe-du-Port", " mediator-cafe-du-port", "MEDIATOR-CAFE-DU-PORT "]:
        log_in(client, typed)
    log_in(client, mediator.username)
    response = log_in(client, mediator.username.upper())
    assert response.status_code == 429


def test_the_lock_ends_after_fifteen_minutes(client, mediator):
    for _attempt in range(5):
        log_in(client, mediator.username)
    assert log_in(client, mediator.username, PASSWORD).status_code == 429

    later = time.time() + 14 * 60
    with mock.patch.object(throttle, "now", return_value=later):
        assert log_in(client, mediator.username, PASSWORD).status_code == 429
    later = time.time() + 15 * 60 + 61
    with mock.patch.object(throttle, "now", return_value=later):
        response = log_in(client, mediator.username, PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(client)


def test_a_successful_log_in_clears_the_username_count(client, mediator):
    for _attempt in range(4):
        log_in(client, mediator.username)
    assert log_in(client, mediator.username, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _attempt in range(4):
        assert log_in(client, mediator.username).status_code == 200
    assert log_in(client, mediator.username).status_code == 429


def test_other_usernames_are_not_locked_by_one_being_guessed(client, mediator, coordinator):
    for _attempt in range(5):
        log_in(client, mediator.username)
    assert log_in(client, coordinator.username, PASSWORD).status_code == 302


def test_one_address_is_refused_after_thirty_failures_whatever_the_usernames(mediator):
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for number in range(29):
        assert log_in(guesser, f"guess-{number}").status_code == 200
    assert log_in(guesser, "guess-29").status_code == 429
    # Even a real account with its right password, from that address…
    response = log_in(guesser, mediator.username, PASSWORD)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert (
        local_time(30 * 60) in response.content.decode()
        or local_time(30 * 60 + 60) in response.content.decode()
    )
    # …while the same person from elsewhere logs in.
    elsewhere = Client(REMOTE_ADDR="198.51.100.4")
    assert log_in(elsewhere, mediator.username, PASSWORD).status_code == 302


def test_the_limits_come_from_the_settings(client, settings, mediator):
    settings.COMPTOIR_LOGIN_FAILURES_PER_USERNAME = 2
    log_in(client, mediator.username)
    assert log_in(client, mediator.username).status_code == 429


def test_a_lock_out_is_logged_for_the_operators(client, mediator, caplog):
    with caplog.at_level(logging.WARNING, logger="comptoir.accounts"):
        for _attempt in range(5):
            log_in(client, mediator.username)
    [record] = [r for r in caplog.records if r.name.startswith("comptoir.accounts")]
    assert record.levelno == logging.WARNING
    assert mediator.username in record.getMessage()
    assert "127.0.0.1" in record.getMessage()


def test_the_admin_log_in_is_locked_too(client, mediator):
    mediator.is_staff = True
    mediator.save()
    for _attempt in range(5):
        client.post(
            reverse("admin:login"), {"username": mediator.username, "password": "wrong-password"}
        )
    response = client.post(
        reverse("admin:login"), {"username": mediator.username, "password": PASSWORD}
    )
    assert LOCKED in response.content.decode()
    assert not is_logged_in(client)
