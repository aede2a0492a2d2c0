"""Serve the application with gunicorn as production would, and log staff in.

gunicorn runs `config.wsgi` with the bench settings (`loadbench/settings.py`:
the project's settings plus the trivial view), DEBUG off, the static files
collected into a temporary STATIC_ROOT (WhiteNoise's compressed manifest, as in
production; or served from the source folders with --plain-static), on a free
port of 127.0.0.1, against the database the command uses. Staff get their session cookie from a real POST to the login page.
"""

import html
import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

from comptoir.loadbench.urls import TRIVIAL_PATH

HOST = "127.0.0.1"
READY_TIMEOUT = 90.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """The URL of the database this process uses (the test database in tests)."""
    db = connection.settings_dict
    user = urllib.parse.quote(db.get("USER") or "", safe="")
    password = urllib.parse.quote(db.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{urllib.parse.quote(db['NAME'], safe='')}"


def served_secret_key() -> str:
    """The SECRET_KEY gunicorn gets: this process's, unless it is the public development
    key, which the served application refuses with DEBUG off (comptoir.E001); then a
    throw-away one, which this process must sign with too (the kiosk's device cookie)."""
    if getattr(settings, "DEVELOPMENT_SECRET_KEY", None) == settings.SECRET_KEY:
        return secrets.token_urlsafe(50)
    return settings.SECRET_KEY


def server_env(static_root: Path, conn_max_age: int, plain_static: bool = False) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("COMPTOIR_PLAIN_STATIC", "TEMPLATE_STRING_IF_INVALID", "SECURE_SSL_REDIRECT"):
        env.pop(name, None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "comptoir.loadbench.settings",
            "DEBUG": "false",
            "DATABASE_URL": database_url(),
            "DATABASE_CONN_MAX_AGE": str(conn_max_age),
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": HOST,
            "COMPTOIR_HTTPS": "false",
            "STATIC_ROOT": str(static_root),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    if plain_static:
        env["COMPTOIR_PLAIN_STATIC"] = "true"
    return env


def collect_static(env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise CommandError(f"collectstatic failed:\n{result.stderr[-2000:]}")
    return time.perf_counter() - started


class Gunicorn:
    """`with Gunicorn(env, workers, log) as server:` — started, ready, then stopped."""

    def __init__(self, env: dict[str, str], workers: int, log_path: Path) -> None:
        self.env = env
        self.workers = workers
        self.log_path = log_path
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Gunicorn":
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--workers",
            str(self.workers),
            "--bind",
            f"{HOST}:{self.port}",
            # The network dashboard may take seconds under load: never cut it.
            "--timeout",
            "300",
            "--log-level",
            "warning",
            "--error-logfile",
            str(self.log_path),
        ]
        self.process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def wait_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CommandError(f"gunicorn stopped at start:\n{self.log_tail()}")
            try:
                status, _headers, _body = request(self.port, "GET", "/" + TRIVIAL_PATH)
            except OSError:
                status = None
            if status == 200:
                return
            time.sleep(0.3)
        raise CommandError(
            f"gunicorn did not answer within {READY_TIMEOUT:.0f} s:\n{self.log_tail()}"
        )

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        # gunicorn's master stops its workers gracefully on SIGTERM.
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def log_tail(self) -> str:
        try:
            return self.log_path.read_text()[-3000:]
        except OSError:
            return "(no log)"


def request(port: int, method: str, path: str, *, body: str = "", headers=None, timeout=30.0):
    connection_ = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        all_headers = {"Host": f"{HOST}:{port}"}
        all_headers.update(headers or {})
        connection_.request(method, path, body=body or None, headers=all_headers)
        response = connection_.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection_.close()


def cookies_of(headers) -> dict[str, str]:
    jar = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    return {name: morsel.value for name, morsel in jar.items()}


def log_in(port: int, username: str, password: str, login_path: str) -> str:
    """Log in through the login page (GET for the CSRF token, then POST);
    returns the session cookie's value."""
    status, headers, body = request(port, "GET", login_path)
    if status != 200:
        raise CommandError(f"The login page answered {status}.")
    cookies = cookies_of(headers)
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    csrf_cookie = cookies.get(settings.CSRF_COOKIE_NAME)
    if not csrf_cookie or match is None:
        raise CommandError("The login page gave no CSRF token.")
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": html.unescape(match.group(1).decode()),
            "username": username,
            "password": password,
        }
    )
    status, headers, _body = request(
        port,
        "POST",
        login_path,
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"{settings.CSRF_COOKIE_NAME}={csrf_cookie}",
        },
    )
    session = cookies_of(headers).get(settings.SESSION_COOKIE_NAME)
    if status != 302 or not session:
        raise CommandError(f"Could not log in as {username} (the login page answered {status}).")
    return session


def load(port: int, path: str, *, seconds, concurrency, warmup, cookie="", headers=()) -> dict:
    """Run the load generator in its own process and return its figures."""
    command = [
        sys.executable,
        "-m",
        "comptoir.loadbench.loadgen",
        "--port",
        str(port),
        "--path",
        path,
        "--seconds",
        str(seconds),
        "--concurrency",
        str(concurrency),
        "--warmup",
        str(warmup),
    ]
    if cookie:
        command += ["--cookie", cookie]
    for name, value in headers:
        command += ["--header", f"{name}: {value}"]
    result = subprocess.run(
        command, cwd=settings.BASE_DIR, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise CommandError(f"The load generator failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)
