"""Setting up an authenticator app, recovery codes, turning it off."""

import re

from django.urls import reverse
from django.utils.html import escape
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from comptoir.accounts import two_factor
from tests.accounts.conftest import code_for, give_app, key_from_secret, verified_client
from tests.conftest import PASSWORD, client_for

SECRET = re.compile(r'<p class="secret"><code>((?:[A-Z2-7]{4} ){7}[A-Z2-7]{4})</code></p>')
CODES = re.compile(r"<li><code>([a-z2-7]{8})</code></li>")


def secret_on(page: str) -> str:
    match = SECRET.search(page)
    assert match, "the key is shown in 8 groups of 4 characters"
    return match.group(1)


def set_up_app(client) -> tuple[str, list[str]]:
    """Set up an app as a person would: read the key, type the app's code.
    Returns the key and the recovery codes shown once."""
    key = key_from_secret(secret_on(client.get(reverse("accounts:setup")).content.decode()))
    response = client.post(reverse("accounts:setup"), {"code": code_for(key)})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    return key, CODES.findall(page)


def test_the_security_page_is_linked_from_every_staff_page(mediator):
    page = client_for(mediator).get(reverse("venues:dashboard")).content.decode()
    assert f'href="{reverse("accounts:security")}"' in page
    assert "Sécurité du compte" in page


def test_the_setup_page_shows_a_qr_code_and_the_key_to_type(mediator):
    client = client_for(mediator)
    response = client.get(reverse("accounts:setup"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'src="data:image/svg+xml' in page
    assert "QR code" in page
    secret = secret_on(page)
    # The same key while the page is reloaded, and nothing stored before a code.
    assert secret_on(client.get(reverse("accounts:setup")).content.decode()) == secret
    assert not TOTPDevice.objects.filter(user=mediator).exists()
    # The QR code holds the same key, for Comptoir.
    uri = two_factor.provisioning_uri(mediator, key_from_secret(secret))
    assert f"secret={secret.replace(' ', '')}" in uri
    assert "issuer=Comptoir" in uri
    # On the phone itself, a link opens the app with the key.
    assert f'href="{escape(uri)}"' in page


def test_the_app_is_confirmed_only_by_a_right_first_code(mediator):
    client = client_for(mediator)
    page = client.get(reverse("accounts:setup")).content.decode()
    key = key_from_secret(secret_on(page))
    wrong = "000000" if code_for(key) != "000000" else "111111"

    response = client.post(reverse("accounts:setup"), {"code": wrong})
    assert response.status_code == 200
    assert "Ce code ne correspond pas" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=mediator).exists()

    response = client.post(reverse("accounts:setup"), {"code": code_for(key)})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:recovery_codes"))
    device = TOTPDevice.objects.get(user=mediator)
    assert device.confirmed
    assert device.key == key
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_recovery_codes_are_shown_once(mediator):
    client = client_for(mediator)
    _key, codes = set_up_app(client)
    assert len(codes) == 8
    assert len(set(codes)) == 8
    assert set(codes) == set(StaticToken.objects.values_list("token", flat=True))
    page = client.get(reverse("accounts:recovery_codes")).content.decode()
    assert not CODES.findall(page)
    assert "Il vous reste 8 codes de secours" in page


def test_new_recovery_codes_replace_the_old_ones(mediator):
    client = client_for(mediator)
    _key, old_codes = set_up_app(client)
    response = client.post(reverse("accounts:recovery_codes"))
    new_codes = CODES.findall(client.get(response["Location"]).content.decode())
    assert len(new_codes) == 8
    assert not set(new_codes) & set(old_codes)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new_codes)


def test_after_the_setup_the_next_log_in_asks_for_a_code(mediator):
    client = client_for(mediator)
    key, _codes = set_up_app(client)
    client.post(reverse("logout"))
    response = client.post(reverse("login"), {"username": mediator.username, "password": PASSWORD})
    assert response["Location"] == reverse("accounts:verify")
    response = client.post(reverse("accounts:verify"), {"code": code_for(key, steps_ahead=1)})
    assert response["Location"] == reverse("venues:dashboard")


def test_a_new_app_replaces_the_old_one(mediator):
    device, _codes = give_app(mediator)
    client = verified_client(mediator, device)
    key, _codes = set_up_app(client)
    assert list(TOTPDevice.objects.filter(user=mediator).values_list("key", flat=True)) == [key]
    assert client.get(reverse("venues:dashboard")).status_code == 200


def test_turning_off_asks_for_the_password_again(mediator):
    device, _codes = give_app(mediator)
    client = verified_client(mediator, device)
    page = client.get(reverse("accounts:security")).content.decode()
    assert "Activée" in page
    assert "Désactiver" in page

    response = client.post(reverse("accounts:turn_off"), {"password": "not-my-password"})
    assert response.status_code == 200
    assert "Ce n’est pas votre mot de passe" in response.content.decode()
    assert TOTPDevice.objects.filter(user=mediator).exists()

    response = client.post(reverse("accounts:turn_off"), {"password": PASSWORD})
    assert response["Location"] == reverse("accounts:security")
    assert not TOTPDevice.objects.filter(user=mediator).exists()
    assert not mediator.staticdevice_set.exists()
    assert client.get(reverse("venues:dashboard")).status_code == 200
    client.post(reverse("logout"))
    response = client.post(reverse("login"), {"username": mediator.username, "password": PASSWORD})
    assert response["Location"] == reverse("venues:dashboard")


def test_a_session_not_verified_cannot_change_the_second_factor(mediator):
    """Someone with an old session (opened before the app) cannot replace or remove it."""
    client = client_for(mediator)
    give_app(mediator)
    for response in [
        client.get(reverse("accounts:setup")),
        client.post(reverse("accounts:turn_off"), {"password": PASSWORD}),
        client.post(reverse("accounts:recovery_codes")),
    ]:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:verify"))
    assert TOTPDevice.objects.filter(user=mediator).exists()


def test_the_security_pages_need_a_log_in(client):
    for url in [reverse("accounts:security"), reverse("accounts:setup")]:
        assert client.get(url)["Location"].startswith(reverse("login"))
