"""Back-up and restore with Django's own tools, as README.md ("Back-up en herstel") describes them:
dumpdata with natural keys, an empty database (flush), loaddata; the data must come back unchanged."""

import datetime
import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command

from agenda.models import Meeting
from decisions import services as decision_services
from decisions.models import FollowUp, Postponement, ReminderLog
from lovp.models import User
from tests.test_fixtures import load_demo_data

# The same as the README's command: what migrate recreates by itself, and the sessions, stay out.
EXCLUDE = ["contenttypes", "auth.permission", "sessions"]

pytestmark = [
    # A real flush and a real restore, committed, as on a server; not inside a test transaction.
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("restore_migrated_rows"),
]


def dump() -> str:
    out = io.StringIO()
    call_command(
        "dumpdata",
        "--natural-foreign",
        "--natural-primary",
        "--all",  # the base manager: every row, also what a custom default manager would leave out
        *(f"--exclude={label}" for label in EXCLUDE),
        stdout=out,
    )
    return out.getvalue()


def rows(dumped: str) -> list[tuple]:
    """Every serialized row, in a stable order: model, primary key (None for rows known by their
    natural key, such as topics, parties, users and groups) and all fields."""
    return sorted(
        (row["model"], json.dumps(row.get("pk")), json.dumps(row["fields"], sort_keys=True))
        for row in json.loads(dumped)
    )


def row_counts() -> dict[str, int]:
    """How many rows each model has in the database (not in a dump), for what the dump includes."""
    return {
        model._meta.label_lower: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.app_label not in EXCLUDE
        and model._meta.label_lower not in EXCLUDE
    }


def test_dumpdata_flush_loaddata_gives_back_the_same_data(tmp_path):
    load_demo_data()
    secretariat = User.objects.get(username="secretariaat")
    follow_up = FollowUp.objects.unresolved().order_by("pk").first()
    decision_services.followup_postpone(
        follow_up=follow_up,
        target_kind=FollowUp.TargetKind.MONTH,
        target_month=datetime.date(2021, 6, 1),
        reason="Het landelijke plan is nog niet klaar.",
        by=secretariat,
    )
    ReminderLog.objects.create(
        user=User.objects.get(username="korpschef"),
        iso_year=2021,
        iso_week=6,
        status=ReminderLog.Status.SENT,
        follow_up_ids=[follow_up.pk],
        attempts=1,
        sent_at=datetime.datetime(2021, 2, 8, 7, 0, tzinfo=datetime.UTC),
    )
    assert Postponement.objects.count() == 1
    assert FollowUp.history.filter(id=follow_up.pk).exists()  # the postponement's history record

    backup = tmp_path / "backup.json"
    backup.write_text(dump())
    before = rows(backup.read_text())
    models = {model for model, _pk, _fields in before}
    counts = row_counts()
    # Every row of every model is in the back-up.
    assert {model: sum(1 for row in before if row[0] == model) for model in counts} == counts
    assert {
        "agenda.meeting",
        "agenda.topic",
        "agenda.agendaitem",
        "decisions.decision",
        "decisions.followup",
        "decisions.party",
        "decisions.postponement",
        "decisions.reminderlog",
        "decisions.historicalfollowup",
        "lovp.user",
        "auth.group",
    } <= models

    call_command("flush", "--no-input", verbosity=0)
    assert not FollowUp.objects.exists() and not User.objects.exists()

    call_command("loaddata", str(backup), verbosity=0)

    assert rows(dump()) == before
    assert row_counts() == counts
    restored = FollowUp.objects.get(pk=follow_up.pk)
    assert restored.postponements.get().postponed_by.username == "secretariaat"
    assert restored.history.count() == FollowUp.history.filter(id=follow_up.pk).count() > 0
    assert User.objects.get(username="korpschef").check_password("korpschef-demo")
    # loaddata moved the sequences past the restored primary keys: new rows can be added.
    Meeting.objects.create(date=datetime.date(2021, 4, 12))
