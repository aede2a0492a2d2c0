"""Production settings: `check --deploy` is clean, and the headers and cookies a
browser gets over HTTPS are the strict ones.

Ordinary headers (CSP, X-Frame-Options, nosniff…) are also checked in
tests/ops/test_health_and_headers.py; this module adds what only production turns on.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from comptoir.ops import checks
from tests.conftest import PASSWORD

pytestmark = pytest.mark.slow  # runs manage.py in subprocesses: left out of make test-quick

ROOT = Path(__file__).resolve().parents[2]


def production_environment(var_dir: Path) -> dict:
    """A clean environment as on a server: no DEBUG, no DATABASE_URL (SQLite in var_dir)."""
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT"}
    env = {name: value for name, value in os.environ.items() if name in keep}
    env.update(
        {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "COMPTOIR_HTTPS": "true",
            "ALLOWED_HOSTS": "comptoir.example.org",
            "COMPTOIR_VAR_DIR": str(var_dir),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


def test_check_deploy_gives_no_warning_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output and "?: (security." not in output, output


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_environment(tmp_path)
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


# --- The public development key (comptoir.E001) ------------------------------------------------


def _without_key(var_dir: Path, **extra: str) -> dict:
    """A server that forgot SECRET_KEY, and COMPTOIR_HTTPS / COMPTOIR_REQUIRE_SECRET_KEY."""
    env = production_environment(var_dir)
    for name in ("SECRET_KEY", "COMPTOIR_HTTPS"):
        del env[name]
    return {**env, **extra}


def _run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_refuses_the_development_key_when_debug_is_off(tmp_path):
    result = _run(_without_key(tmp_path), "manage.py", "check", "--deploy")
    assert result.returncode != 0
    assert "comptoir.E001" in result.stderr and "development key" in result.stderr


def test_the_web_application_refuses_to_start_with_the_development_key(tmp_path):
    """What gunicorn (and runserver) load: config.wsgi."""
    result = _run(_without_key(tmp_path), "-c", "import config.wsgi")
    assert result.returncode != 0
    assert "ImproperlyConfigured: comptoir.E001: SECRET_KEY is the public development key" in (
        result.stderr
    )


def test_a_development_machine_still_starts_with_debug_on(tmp_path):
    env = _without_key(tmp_path, DEBUG="true")
    assert _run(env, "-c", "import config.wsgi").returncode == 0
    assert "comptoir.E001" not in _run(env, "manage.py", "check", "--deploy").stderr


def test_the_check_needs_debug_off_and_the_development_key(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    assert [error.id for error in checks.check_secret_key()] == ["comptoir.E001"]
    with pytest.raises(ImproperlyConfigured, match=r"comptoir\.E001"):
        checks.refuse_development_key()
    settings.SECRET_KEY = secrets.token_urlsafe(50)
    assert checks.check_secret_key() == []
    checks.refuse_development_key()
    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    settings.DEBUG = True
    assert checks.check_secret_key() == []


# --- What a browser gets over HTTPS (the settings COMPTOIR_HTTPS=true gives) ----------------------


@pytest.fixture
def https(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.LANGUAGE_COOKIE_SECURE = True
    return settings


@pytest.mark.django_db
def test_plain_http_is_sent_to_https_except_the_health_check(https):
    client = Client()
    response = client.get(reverse("home"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    assert client.get(reverse("healthz")).status_code == 200


@pytest.mark.django_db
def test_https_pages_carry_hsts_and_the_strict_policy(https):
    response = Client().get(reverse("home"), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    csp = {
        directive.split()[0]: directive.split()[1:]
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    }
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_over_https(https, mediator):
    client = Client()
    form = client.get(reverse("login"), secure=True)
    csrf = form.cookies["csrftoken"]
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"
    response = client.post(
        reverse("login"),
        {"username": mediator.username, "password": PASSWORD},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"


PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name) for name in [
    "DEBUG", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD", "X_FRAME_OPTIONS", "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY", "ALLOWED_HOSTS", "LANGUAGE_COOKIE_SECURE",
]}))
"""


def test_comptoir_https_turns_every_https_protection_on(tmp_path):
    env = production_environment(tmp_path) | {"DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "ALLOWED_HOSTS": ["comptoir.example.org"],
        "LANGUAGE_COOKIE_SECURE": True,
    }


@pytest.mark.django_db
def test_the_language_cookie_is_secure_and_out_of_scripts_reach(https):
    response = Client().post(reverse("set_language"), {"language": "en", "next": "/"}, secure=True)
    cookie = response.cookies["comptoir_language"]
    assert cookie.value == "en"
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
