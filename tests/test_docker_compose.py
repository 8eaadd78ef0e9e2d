"""docker-compose.yml describes a production-like stack that settings.py and the README agree with.

No Docker engine runs where the tests run, so the file is parsed and checked rather than started.
"""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
SETTINGS_FILE = ROOT / "lovp" / "settings.py"
README_FILE = ROOT / "README.md"

APP_SERVICES = ["web", "worker", "beat"]
REQUIRED_APP_VARIABLES = ["DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY", "EMAIL_URL"]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def environment(service: dict) -> dict[str, str]:
    """A service's environment as a dict, whether written as a mapping or as a list of NAME=value."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {str(name): "" if value is None else str(value) for name, value in env.items()}


def command(service: dict) -> str:
    value = service.get("command") or ""
    return " ".join(value) if isinstance(value, list) else str(value)


def variables_read_by_settings() -> set[str]:
    """Names settings.py reads with django-environ: env.str("NAME", ...), env.db_url("NAME"), ..."""
    source = SETTINGS_FILE.read_text(encoding="utf-8")
    return set(re.findall(r"\benv(?:\.\w+)?\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']", source))


def test_settings_reader_finds_the_known_variables():
    # Guards the regular expression itself: if it found nothing, the checks below would be empty.
    expected = {"DATABASE_URL", "SECRET_KEY", "CELERY_BROKER_URL", "REDIS_URL", "DEBUG"}
    assert expected <= variables_read_by_settings()


def test_the_six_services_exist(compose):
    assert {"postgres", "redis", "web", "worker", "beat", "mailpit"} <= set(compose["services"])


def test_images_of_the_backing_services(compose):
    services = compose["services"]
    assert services["postgres"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    assert services["mailpit"]["image"].startswith("axllent/mailpit")


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_are_built_from_the_dockerfile(compose, name):
    assert compose["services"][name].get("build"), f"{name} is not built from the Dockerfile"
    assert (ROOT / "Dockerfile").is_file()


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_get_the_production_variables(compose, name):
    env = environment(compose["services"][name])
    for variable in REQUIRED_APP_VARIABLES:
        assert env.get(variable), f"{name} has no {variable}"
    assert env["DATABASE_URL"].startswith("postgres://") and "@postgres:5432/" in env["DATABASE_URL"]
    assert env["CELERY_BROKER_URL"].startswith("redis://redis:6379")
    assert env["EMAIL_URL"] == "smtp://mailpit:1025"
    assert env["DEBUG"] in {"0", "false", "False", "off"}
    # The stack refuses to start without a real secret key: no default baked into the file.
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")


def test_app_services_share_one_environment(compose):
    environments = [environment(compose["services"][name]) for name in APP_SERVICES]
    assert environments[0] == environments[1] == environments[2]


def test_every_compose_variable_is_read_by_settings(compose):
    read = variables_read_by_settings()
    for name in APP_SERVICES:
        unknown = set(environment(compose["services"][name])) - read
        assert not unknown, f"{name} sets variables settings.py never reads: {sorted(unknown)}"


def test_every_compose_variable_is_documented_in_the_readme(compose):
    readme = README_FILE.read_text(encoding="utf-8")
    for variable in environment(compose["services"]["web"]):
        assert f"`{variable}`" in readme, f"README.md does not document {variable}"


def test_every_variable_in_the_readme_table_is_read_by_settings():
    readme = README_FILE.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\|\s*`([A-Z][A-Z0-9_]*)`", readme, flags=re.MULTILINE))
    assert documented, "README.md has no table of environment variables"
    unknown = documented - variables_read_by_settings()
    assert not unknown, f"README.md documents variables settings.py never reads: {sorted(unknown)}"


def test_web_runs_migrations_then_gunicorn(compose):
    cmd = command(compose["services"]["web"])
    assert "migrate" in cmd
    assert "collectstatic" in cmd
    assert re.search(r"gunicorn\s+lovp\.wsgi:application\b", cmd)
    assert cmd.index("migrate") < cmd.index("gunicorn")
    assert "--bind 0.0.0.0:8000" in cmd


@pytest.mark.parametrize(("name", "role"), [("worker", "worker"), ("beat", "beat")])
def test_worker_and_beat_run_celery(compose, name, role):
    assert re.search(rf"\bcelery -A lovp {role}\b", command(compose["services"][name]))


def test_mailpit_ports(compose):
    mailpit = compose["services"]["mailpit"]
    published = " ".join(str(port) for port in mailpit.get("ports", []) + mailpit.get("expose", []))
    assert "8025" in published
    assert "1025" in published
