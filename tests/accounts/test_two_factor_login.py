"""Log-in with a second factor: after the password, the app's code (or a
recovery code); only then is the person logged in, and verified."""

import time

from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from comptoir.accounts.views import PENDING
from tests.accounts.conftest import code_for, give_app, is_logged_in
from tests.conftest import PASSWORD, client_for

WRONG_CODE = "Ce code ne convient pas"
LOCKED = "Trop de tentatives de connexion ont échoué"


def password_step(client, user, next_url=""):
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def code_step(client, code):
    return client.post(reverse("accounts:verify"), {"code": code})


def test_after_the_password_a_user_with_an_app_is_asked_for_the_code(client, mediator):
    device, _codes = give_app(mediator)

    response = password_step(client, mediator)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:verify")
    assert not is_logged_in(client)
    page = client.get(reverse("accounts:verify")).content.decode()
    assert "Code de vérification" in page
    assert 'autocomplete="one-time-code"' in page

    response = code_step(client, code_for(device.key))
    assert response.status_code == 302
    assert response["Location"] == reverse("venues:dashboard")
    assert is_logged_in(client)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    response = client.get(reverse("venues:dashboard"))
    assert response.status_code == 200
    assert response.wsgi_request.user.is_verified()


def test_a_user_without_an_app_logs_in_with_the_password_alone(client, mediator):
    response = password_step(client, mediator)
    assert response["Location"] == reverse("venues:dashboard")
    response = client.get(reverse("venues:dashboard"))
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_verified()


def test_the_page_asked_for_is_reached_after_the_code(client, mediator, venue):
    device, _codes = give_app(mediator)
    home = reverse("venues:home", args=[venue.slug])
    password_step(client, mediator, next_url=home)
    response = code_step(client, code_for(device.key))
    assert response["Location"] == home


def test_staff_pages_stay_closed_between_the_password_and_the_code(client, mediator, venue):
    give_app(mediator)
    password_step(client, mediator)
    for url in [
        reverse("venues:dashboard"),
        reverse("venues:home", args=[venue.slug]),
        reverse("people:list", args=[venue.slug]),
        reverse("accounts:security"),
        reverse("accounts:setup"),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    assert client.post(reverse("accounts:turn_off"), {"password": PASSWORD}).status_code == 302
    assert mediator.totpdevice_set.exists()


def test_a_wrong_code_is_refused_plainly(client, mediator):
    device, _codes = give_app(mediator)
    password_step(client, mediator)
    wrong = "000000" if code_for(device.key) != "000000" else "111111"
    response = code_step(client, wrong)
    assert response.status_code == 200
    page = response.content.decode()
    assert WRONG_CODE in page
    assert 'role="alert"' in page
    assert not is_logged_in(client)


def test_wrong_codes_count_toward_the_lock_out(client, mediator):
    device, _codes = give_app(mediator)
    password_step(client, mediator)
    for _attempt in range(4):
        assert code_step(client, "12345a").status_code == 200
    response = code_step(client, "12345a")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    # Locked: the right code is refused too.
    assert code_step(client, code_for(device.key)).status_code == 429
    assert not is_logged_in(client)


def test_giving_the_password_again_does_not_reset_the_count_of_wrong_codes(client, mediator):
    """Someone who knows the password cannot try codes for ever."""
    give_app(mediator)
    password_step(client, mediator)
    for _attempt in range(4):
        code_step(client, "12345a")
    password_step(client, mediator)
    assert code_step(client, "12345a").status_code == 429


def test_a_recovery_code_works_once(client, mediator):
    _device, codes = give_app(mediator)
    assert len(codes) == 8
    password_step(client, mediator)
    response = code_step(client, codes[0].upper()[:4] + " " + codes[0][4:])
    assert response.status_code == 302
    assert is_logged_in(client)
    page = client.get(response["Location"]).content.decode()
    assert "Il vous en reste 7" in page

    client.post(reverse("logout"))
    password_step(client, mediator)
    response = code_step(client, codes[0])
    assert response.status_code == 200
    assert WRONG_CODE in response.content.decode()
    assert not is_logged_in(client)
    assert code_step(client, codes[1]).status_code == 302


def test_the_same_app_code_cannot_be_used_twice(client, mediator):
    device, _codes = give_app(mediator)
    code = code_for(device.key)
    password_step(client, mediator)
    assert code_step(client, code).status_code == 302
    client.post(reverse("logout"))
    password_step(client, mediator)
    assert code_step(client, code).status_code == 200


RESTART = "reprenez depuis le début"


def test_the_code_step_without_the_password_offers_to_start_again(client, mediator):
    give_app(mediator)
    for response in [client.get(reverse("accounts:verify")), code_step(client, "123456")]:
        page = response.content.decode()
        assert RESTART in page
        assert f'href="{reverse("login")}"' in page
        assert 'name="code"' not in page
    assert not is_logged_in(client)


def test_the_code_step_expires_after_five_minutes(client, mediator):
    device, _codes = give_app(mediator)
    password_step(client, mediator)
    session = client.session
    session[PENDING] = {**session[PENDING], "at": time.time() - 5 * 60 - 1}
    session.save()
    response = code_step(client, code_for(device.key))
    assert RESTART in response.content.decode()
    assert not is_logged_in(client)


def test_a_session_opened_before_the_app_was_set_up_must_give_the_code(mediator, venue):
    client = client_for(mediator)  # logged in with the password alone
    device, _codes = give_app(mediator)
    home = reverse("venues:home", args=[venue.slug])
    # The session notices within minutes; here, at its next check.
    session = client.session
    session["comptoir_two_factor"]["at"] = 0
    session.save()

    response = client.get(home)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:verify"))
    response = client.post(response["Location"], {"code": code_for(device.key), "next": home})
    assert response["Location"] == home
    assert client.get(home).status_code == 200


def test_an_htmx_request_is_redirected_by_htmx(mediator, venue):
    client = client_for(mediator)
    give_app(mediator)
    session = client.session
    session["comptoir_two_factor"]["at"] = 0
    session.save()
    response = client.get(reverse("venues:home", args=[venue.slug]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("accounts:verify"))


def test_the_next_address_must_stay_on_the_site(mediator):
    client = client_for(mediator)
    device, _codes = give_app(mediator)
    response = client.post(
        reverse("accounts:verify"),
        {"code": code_for(device.key), "next": "https://evil.example.com/"},
    )
    assert response["Location"] == reverse("venues:dashboard")
