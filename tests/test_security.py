"""Trust: password hashing, lock-out after failed logins, password reset and change, sessions that end,
security headers with a Content-Security-Policy, templates without inline code, `check --deploy`."""

import datetime
import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from lovp import settings as production_settings
from lovp.models import User
from tests.conftest import success_messages
from tests.factories import PASSWORD, UserFactory

BASE_DIR = Path(settings.BASE_DIR)
LOGIN = reverse("login")
DASHBOARD = reverse("dashboard")


def login(client: Client, username: str, password: str, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def logged_in(client: Client) -> bool:
    return client.get(DASHBOARD).status_code == 200


# --- password hashing --------------------------------------------------------------------------


def test_argon2_first_and_pbkdf2_still_accepted():
    hashers = production_settings.PASSWORD_HASHERS
    assert hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in hashers[1:]


@pytest.mark.django_db
def test_demo_password_is_upgraded_to_argon2_at_login(demo_data):
    assert User.objects.get(username="korpschef").password.startswith("pbkdf2_sha256$")
    with override_settings(PASSWORD_HASHERS=production_settings.PASSWORD_HASHERS):
        client = Client()
        assert login(client, "korpschef", "korpschef-demo").status_code == 302
        user = User.objects.get(username="korpschef")
        assert user.password.startswith("argon2$")
        assert user.check_password("korpschef-demo")

        user.set_password("een-ander-wachtwoord")
        assert user.password.startswith("argon2$")


# --- lock-out (django-axes) --------------------------------------------------------------------


def test_axes_guards_every_login_in_production():
    assert getattr(production_settings, "AXES_ENABLED", True)
    assert production_settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert production_settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert production_settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True)
def test_five_wrong_passwords_lock_the_username_from_that_address_for_15_minutes():
    UserFactory(username="secretaris")
    with time_machine.travel(datetime.datetime(2021, 2, 8, 9, 0, tzinfo=datetime.UTC), tick=False) as clock:
        client = Client()
        for _attempt in range(4):
            response = login(client, "secretaris", "fout")
            assert response.status_code == 200
            assert response.context["form"].non_field_errors()

        response = login(client, "secretaris", "fout")
        assert response.status_code == 429
        page = response.content.decode()
        assert "Tijdelijk geblokkeerd" in page
        assert "Probeer het over 15 minuten opnieuw." in page

        # Locked, even with the right password.
        response = login(client, "secretaris", PASSWORD)
        assert response.status_code == 429
        assert "Tijdelijk geblokkeerd" in response.content.decode()
        assert not logged_in(client)

        # Locked is the combination: the same user from another address may still log in...
        elsewhere = Client(REMOTE_ADDR="10.20.30.40")
        assert login(elsewhere, "secretaris", PASSWORD).status_code == 302
        assert logged_in(elsewhere)
        # ...and so may another user from this address.
        UserFactory(username="lid")
        assert login(Client(), "lid", PASSWORD).status_code == 302

        clock.shift(datetime.timedelta(minutes=14))
        assert login(client, "secretaris", PASSWORD).status_code == 429

        # The cool-off counts from the last attempt.
        clock.shift(datetime.timedelta(minutes=15, seconds=1))
        assert login(client, "secretaris", PASSWORD).status_code == 302
        assert logged_in(client)


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True)
def test_a_successful_login_clears_the_failures():
    UserFactory(username="lid")
    client = Client()
    for _attempt in range(4):
        assert login(client, "lid", "fout").status_code == 200
    assert login(client, "lid", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _attempt in range(4):
        assert login(client, "lid", "fout").status_code == 200
    assert login(client, "lid", PASSWORD).status_code == 302


# --- password reset by e-mail ------------------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_by_email_end_to_end():
    user = UserFactory(username="korpschef", first_name="Kees", email="kees@politie.example")
    client = Client()

    login_page = client.get(LOGIN).content.decode()
    assert f'href="{reverse("password_reset")}"' in login_page
    assert "Wachtwoord vergeten?" in login_page

    response = client.get(reverse("password_reset"))
    assert response.status_code == 200
    response = client.post(reverse("password_reset"), {"email": "KEES@politie.example"})
    assert response["Location"] == reverse("password_reset_done")
    assert "Kijk in uw e-mail" in client.get(response["Location"]).content.decode()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kees@politie.example"]
    assert message.subject == "Nieuw wachtwoord voor de LOVP-besluitvolger"
    assert "Beste Kees," in message.body
    assert "Uw gebruikersnaam is: korpschef" in message.body
    link = re.search(r"http://testserver(/wachtwoord-vergeten/[^/\s]+/[^/\s]+/)", message.body).group(1)

    response = client.get(link)
    assert response.status_code == 302
    form_url = response["Location"]
    response = client.get(form_url)
    assert response.status_code == 200
    assert response.context["validlink"]

    new_password = "lente-in-den-haag-2021"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response["Location"] == reverse("password_reset_complete")
    assert "Uw nieuwe wachtwoord is opgeslagen" in client.get(response["Location"]).content.decode()

    assert login(client, "korpschef", PASSWORD).status_code == 200  # the old one no longer works
    assert login(client, "korpschef", new_password)["Location"] == DASHBOARD
    assert User.objects.get(pk=user.pk).check_password(new_password)

    # The link works once.
    response = Client().get(link)
    assert response.status_code == 200
    assert not response.context["validlink"]
    assert "Deze link werkt niet meer" in response.content.decode()


@pytest.mark.django_db
def test_password_reset_for_an_unknown_address_looks_the_same_and_sends_nothing():
    UserFactory(username="lid")
    response = Client().post(reverse("password_reset"), {"email": "onbekend@lovp.example"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


# --- password change ---------------------------------------------------------------------------


def test_password_change_from_the_profile(member_client, member_user):
    profile = member_client.get(reverse("profile")).content.decode()
    assert f'href="{reverse("password_change")}"' in profile

    new_password = "herfst-in-utrecht-2021"
    response = member_client.post(
        reverse("password_change"),
        {"old_password": "fout", "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]

    response = member_client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response["Location"] == reverse("profile")
    assert success_messages(response) == ["Uw wachtwoord is gewijzigd."]
    assert logged_in(member_client)  # this session stays
    assert User.objects.get(pk=member_user.pk).check_password(new_password)


# --- sessions ----------------------------------------------------------------------------------


def test_session_settings():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_ACTIVITY_INTERVAL == 5 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY


def test_a_session_ends_after_8_hours_without_a_request(member_user):
    with time_machine.travel(datetime.datetime(2021, 2, 8, 8, 0, tzinfo=datetime.UTC), tick=False) as clock:
        client = Client()
        client.force_login(member_user)
        response = client.get(DASHBOARD)
        assert response.status_code == 200
        cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        assert not cookie["expires"] and not cookie["max-age"]  # gone when the browser closes

        # Working all day: every request moves the end along.
        for _hour in range(3):
            clock.shift(datetime.timedelta(hours=7, minutes=50))
            assert logged_in(client)

        clock.shift(datetime.timedelta(hours=8, minutes=1))
        response = client.get(DASHBOARD)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)


def test_the_session_is_saved_at_most_once_per_activity_interval(member_user):
    """Page views do not each write the session: only the first after SESSION_ACTIVITY_INTERVAL."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def session_writes(client) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(DASHBOARD).status_code == 200
        return sum(1 for query in captured if query["sql"].startswith("UPDATE \"django_session\""))

    with time_machine.travel(datetime.datetime(2021, 2, 8, 8, 0, tzinfo=datetime.UTC), tick=False) as clock:
        client = Client()
        client.force_login(member_user)
        assert session_writes(client) == 1  # the first request marks the activity
        assert session_writes(client) == 0
        clock.shift(datetime.timedelta(seconds=settings.SESSION_ACTIVITY_INTERVAL - 1))
        assert session_writes(client) == 0
        clock.shift(datetime.timedelta(seconds=1))
        assert session_writes(client) == 1


# --- security headers and the Content-Security-Policy -------------------------------------------

PRODUCTION = {
    "DEBUG": False,
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}

EXPECTED_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}


def parse_csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        if words := part.split():
            directives[words[0]] = words[1:]
    return directives


def assert_security_headers(response):
    assert parse_csp(response["Content-Security-Policy"]) == EXPECTED_CSP
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_security_headers_and_secure_cookies_in_production(member_user):
    with override_settings(**PRODUCTION):
        client = Client()
        response = client.get(LOGIN)
        assert response.status_code == 301
        assert response["Location"] == f"https://testserver{LOGIN}"

        response = client.get(LOGIN, secure=True)
        assert response.status_code == 200
        assert_security_headers(response)
        csrf_cookie = response.cookies[settings.CSRF_COOKIE_NAME]
        assert csrf_cookie["secure"]

        response = client.post(LOGIN, {"username": "lid", "password": PASSWORD}, secure=True)
        assert response.status_code == 302
        session_cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        assert session_cookie["secure"] and session_cookie["httponly"]

        response = client.get(reverse("decisions:followup_list"), secure=True)
        assert response.status_code == 200
        assert_security_headers(response)


class InlineCode(HTMLParser):
    """Collects what the Content-Security-Policy would block in a page: <script> without src (other
    than JSON data), <style> elements, style="..." and on...="..." attributes, javascript: links."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes and attributes.get("type") != "application/json":
            self.found.append(self.get_starttag_text())
        if tag == "style":
            self.found.append(self.get_starttag_text())
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"{tag} {name}={value!r}")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}={value!r}")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found


def test_inline_code_is_recognised():
    """The check below can fail."""
    page = (
        '<script>alert(1)</script><script src="/static/a.js"></script>'
        '<script type="application/json">{}</script><style>p {}</style>'
        '<p style="color: red">x</p><button onclick="go()">y</button><a href="javascript:go()">z</a>'
    )
    assert len(inline_code(page)) == 5


@pytest.mark.django_db
def test_pages_contain_no_inline_code(secretariat_client, world_for_pages):
    for url in world_for_pages:
        response = secretariat_client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode()) == [], url
    anonymous = Client()
    for url in (LOGIN, reverse("password_reset")):
        assert inline_code(anonymous.get(url).content.decode()) == [], url


@pytest.fixture
def world_for_pages(db, korpschef):
    from tests.factories import AgendaItemFactory, FollowUpFactory, MeetingFactory

    item = AgendaItemFactory(meeting=MeetingFactory(date=datetime.date(2020, 11, 23)))
    follow_up = FollowUpFactory(agenda_item=item, owner=korpschef)
    return [
        DASHBOARD,
        reverse("agenda:meeting_list"),
        reverse("agenda:meeting_detail", kwargs={"pk": item.meeting.pk}),
        reverse("agenda:agenda_item_update", kwargs={"meeting_pk": item.meeting.pk, "pk": item.pk}),
        reverse("decisions:followup_list"),
        reverse("decisions:followup_detail", kwargs={"pk": follow_up.pk}),
        reverse("decisions:followup_postpone", kwargs={"pk": follow_up.pk}),
        reverse("search") + "?q=plan",
        reverse("profile"),
        reverse("password_change"),
    ]


TEMPLATE_DIR = BASE_DIR / "templates"
# E-mails are read in mail programs, not under the site's Content-Security-Policy.
MAIL_TEMPLATES = TEMPLATE_DIR / "emails"
INLINE_IN_SOURCE = [
    re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I),
    re.compile(r"<style\b", re.I),
    re.compile(r"\sstyle\s*=", re.I),
    re.compile(r"\son[a-z]+\s*=", re.I),
    re.compile(r"javascript:", re.I),
]


def test_templates_contain_no_inline_code():
    templates = [path for path in TEMPLATE_DIR.rglob("*.html") if MAIL_TEMPLATES not in path.parents]
    assert len(templates) > 20  # the walk works
    found = {
        str(path.relative_to(TEMPLATE_DIR)): match.group(0)
        for path in templates
        for pattern in INLINE_IN_SOURCE
        if (match := pattern.search(path.read_text()))
    }
    assert found == {}


def test_htmx_adds_no_inline_style():
    base = (TEMPLATE_DIR / "base.html").read_text()
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles": false}'>""" in base


# --- manage.py check --deploy ------------------------------------------------------------------


def production_environment(**extra) -> dict[str, str]:
    """Only what a production host sets; nothing of the test process (such as SECURE_SSL_REDIRECT=0)."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "lovp.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "lovp.example.nl",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    }
    return env | extra


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_finds_no_issues():
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", env=production_environment())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_session_age_comes_from_the_environment():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)",
        env=production_environment(SESSION_COOKIE_AGE="1800"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1800"]
