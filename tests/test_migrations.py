"""Migrations can be undone: every operation has a way back, and a database with the demo data goes
back to an earlier state and forward again without losing what both states hold.

The tests migrate the test database itself, so they are transactional (DDL with pending foreign key
checks cannot run inside the test transaction), and they always migrate fully forward again, also
when they fail.
"""

import pytest
from django.apps import apps as current_apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython, RunSQL

from lovp import roles
from tests.test_fixtures import load_demo_data

PROJECT_APPS = ("lovp", "agenda", "decisions")

# The state of an earlier release: before the draft agenda, reminders, search indexes, minutes
# import, audit history and confidentiality (agenda 0004+, decisions 0005+, lovp 0003).
EARLIER = [
    ("lovp", "0002_roles"),
    ("agenda", "0003_meeting_ordering"),
    ("decisions", "0004_followup_overdue_since_reminderlog"),
]
# Before the data migrations that create the role groups (lovp 0002) and the parties (decisions 0003).
BEFORE_DATA_MIGRATIONS = [
    ("lovp", "0001_initial"),
    ("agenda", "0003_meeting_ordering"),
    ("decisions", "0002_initial"),
]


def project_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return [migration for key, migration in sorted(loader.disk_migrations.items()) if key[0] in PROJECT_APPS]


def test_every_migration_can_be_reversed():
    migrations = project_migrations()
    assert len(migrations) > 10  # the walk works
    irreversible = [
        f"{migration.app_label}.{migration.name}: {operation.describe()}"
        for migration in migrations
        for operation in migration.operations
        if not operation.reversible
    ]
    assert irreversible == []


def test_data_migrations_have_a_real_way_back():
    """A RunPython or RunSQL with RunPython.noop / RunSQL.noop as its reverse is reversible on paper
    only; every one in this project undoes what it did."""
    data_operations = [
        operation
        for migration in project_migrations()
        for operation in migration.operations
        if isinstance(operation, RunPython | RunSQL)
    ]
    assert data_operations  # roles, parties, search indexes
    for operation in data_operations:
        if isinstance(operation, RunPython):
            assert operation.reverse_code not in (None, RunPython.noop), operation.describe()
        else:
            assert operation.reverse_sql not in (None, RunSQL.noop), operation.describe()


def migrate_to(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


def migrate_forward() -> None:
    call_command("migrate", verbosity=0)
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []


def state_apps(targets):
    """The models as they were at `targets`."""
    return MigrationExecutor(connection).loader.project_state(targets).apps


def snapshot(apps) -> dict:
    """Every row of the project's models as `apps` knows them: their columns, and for many-to-many
    fields the related primary keys."""
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        columns = [field.attname for field in model._meta.concrete_fields]
        rows[model._meta.label_lower] = [
            (
                values,
                {
                    field.name: sorted(getattr(obj, field.name).values_list("pk", flat=True))
                    for field in model._meta.many_to_many
                },
            )
            for obj, values in (
                (obj, tuple(getattr(obj, column) for column in columns))
                for obj in model._base_manager.order_by("pk")
            )
        ]
    return rows


def index_names(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, table))


@pytest.fixture
def always_migrated_forward():
    yield
    # Whatever happened, the next test finds the database fully migrated.
    call_command("migrate", verbosity=0)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("restore_migrated_rows", "always_migrated_forward")
def test_back_to_an_earlier_release_and_forward_again_keeps_the_demo_data():
    load_demo_data()
    earlier_apps = state_apps(EARLIER)
    before = snapshot(earlier_apps)
    assert len(before["decisions.followup"]) == 10 and len(before["lovp.user"]) == 4
    assert any(groups["groups"] for _values, groups in before["lovp.user"])
    assert "followup_search_idx" in index_names("decisions_followup")

    migrate_to(EARLIER)
    assert snapshot(earlier_apps) == before
    assert "followup_search_idx" not in index_names("decisions_followup")  # drop_indexes ran
    assert "agenda_draftagendaline" not in connection.introspection.table_names()

    migrate_forward()
    assert snapshot(earlier_apps) == before
    assert "followup_search_idx" in index_names("decisions_followup")
    assert "agendaitem_search_idx" in index_names("agenda_agendaitem")
    # The current models work on the migrated database.
    assert current_apps.get_model("decisions", "FollowUp").objects.count() == 10


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("restore_migrated_rows", "always_migrated_forward")
def test_the_data_migrations_undo_and_redo_the_roles_and_parties():
    Group = current_apps.get_model("auth", "Group")
    Party = current_apps.get_model("decisions", "Party")
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)
    parties = set(Party.objects.values_list("slug", "name", "position"))
    assert parties

    migrate_to(BEFORE_DATA_MIGRATIONS)
    assert not Group.objects.filter(name__in=roles.ALL_ROLES).exists()  # remove_roles ran
    assert not Party.objects.exists()  # unseed_parties ran

    migrate_forward()
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)
    assert set(Party.objects.values_list("slug", "name", "position")) == parties
