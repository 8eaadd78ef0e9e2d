"""`manage.py load_demo`, which `make run` calls on every start, loads the demo data only once."""

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from agenda.models import Meeting

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"

# The logins the README and `make run` print.
DEMO_LOGINS = [
    ("admin", "admin-demo-2020"),
    ("secretariaat", "secretariaat-demo"),
    ("burgemeester", "burgemeester-demo"),
    ("korpschef", "korpschef-demo"),
]


@pytest.fixture(autouse=True)
def _demo_fixtures_present():
    if not sorted(FIXTURES_DIR.glob("*.json")):
        pytest.skip("fixtures/ has no demo data (*.json) yet")


def load_demo(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_loads_the_demo_into_an_empty_database():
    assert not Meeting.objects.exists()

    output = load_demo()

    assert Meeting.objects.exists()
    assert "loaded" in output


@pytest.mark.django_db
def test_second_call_does_not_duplicate():
    load_demo()
    meetings = Meeting.objects.count()

    output = load_demo()

    assert Meeting.objects.count() == meetings
    assert "already there" in output


@pytest.mark.django_db
def test_force_reloads_without_duplicating():
    load_demo()
    meetings = Meeting.objects.count()
    Meeting.objects.filter(pk=Meeting.objects.order_by("pk").first().pk).update(location="gewijzigd")

    output = load_demo("--force")

    assert Meeting.objects.count() == meetings
    assert not Meeting.objects.filter(location="gewijzigd").exists()
    assert "loaded" in output


@pytest.mark.django_db
def test_leaves_a_database_with_meetings_alone():
    Meeting.objects.create(date="2030-01-07", location="Den Haag")

    output = load_demo()

    assert Meeting.objects.count() == 1
    assert "already there" in output


@pytest.mark.django_db
@pytest.mark.parametrize(("username", "password"), DEMO_LOGINS)
def test_demo_logins_work(username, password):
    load_demo()

    user = authenticate(username=username, password=password)

    assert user is not None, f"demo login {username} / {password} does not work"
    assert user.is_active
    if username == "admin":
        assert user.is_superuser and user.is_staff
