"""Shared fixtures: users in each role, logged-in clients, and helpers for the agenda item form."""

import datetime
import importlib

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import translation

from decisions.models import Party
from tests.factories import UserFactory, seeded_party


@pytest.fixture(autouse=True)
def _dutch_by_default():
    """Every test starts (and ends) in the default language, Dutch.

    The locale middleware activates a language for the thread and never deactivates it, so a test
    that switched to English must not leak it into the next one.
    """
    translation.activate("nl")
    yield
    translation.deactivate()


@pytest.fixture
def korpschef(db) -> Party:
    return seeded_party("korpschef")


@pytest.fixture
def secretariat_user(db):
    return UserFactory(username="secretaris", first_name="Sanne", last_name="Secretaris", secretariat=True)


@pytest.fixture
def member_user(db):
    return UserFactory(username="lid", first_name="Kees", last_name="Korpschef", member=True)


@pytest.fixture
def superuser(db):
    return UserFactory(username="beheerder", is_superuser=True, is_staff=True)


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def secretariat_client(secretariat_user) -> Client:
    return _logged_in(secretariat_user)


@pytest.fixture
def member_client(member_user) -> Client:
    return _logged_in(member_user)


@pytest.fixture
def superuser_client(superuser) -> Client:
    return _logged_in(superuser)


@pytest.fixture
def anonymous_client() -> Client:
    return Client()


@pytest.fixture
def today():
    """Freeze "today" (timezone.localdate()) at a date: `today(datetime.date(2021, 2, 8))`."""
    travellers = []

    def freeze(day: datetime.date):
        traveller = time_machine.travel(datetime.datetime(day.year, day.month, day.day, 12, 0), tick=False)
        traveller.start()
        travellers.append(traveller)
        return day

    yield freeze
    for traveller in reversed(travellers):
        traveller.stop()


# The first request after logging in, and then one every SESSION_ACTIVITY_INTERVAL, saves the
# session (lovp.middleware.SessionActivityMiddleware: one is logged out after 8 hours without a
# request). Inside a test's transaction that is three queries: SAVEPOINT, UPDATE and RELEASE
# SAVEPOINT. Query budgets of pages allow for it; it does not grow with the rows.
SESSION_SAVE_QUERIES = 3


def success_messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "success"]


def error_messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]


def management_form(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def agenda_item_data(
    *,
    topic,
    summary: str = "",
    title: str = "",
    kind: str = "discussion",
    introducer: str = "",
    position="",
    decisions=(),
    follow_ups=(),
    blank_extra: bool = False,
    version: int = 1,
) -> dict:
    """POST data for the one-screen agenda item form (prefixes item / decisions / followups).

    `decisions`: dicts with text, kind and optionally id / DELETE. `follow_ups`: dicts with
    description, target_kind and optionally topic, owner, promise_text, target_meeting, target_month,
    target_date, id, version (default 1), DELETE. Existing rows (with an id) are counted as initial
    forms and must come first. `blank_extra` adds the empty extra form a browser sends along.
    `version`: of the agenda item as the form was opened (lovp.locking).
    """
    data = {
        "item-version": version,
        "item-topic": getattr(topic, "pk", topic) or "",
        "item-title": title,
        "item-kind": kind,
        "item-position": position,
        "item-introducer": introducer,
        "item-summary": summary,
    }
    decisions = list(decisions)
    follow_ups = list(follow_ups)
    extra = 1 if blank_extra else 0
    data.update(
        management_form("decisions", len(decisions) + extra, initial=sum(1 for d in decisions if d.get("id")))
    )
    for index, decision in enumerate(decisions):
        data[f"decisions-{index}-text"] = decision["text"]
        data[f"decisions-{index}-kind"] = decision.get("kind", "agreement")
        if decision.get("id"):
            data[f"decisions-{index}-id"] = decision["id"]
        if decision.get("DELETE"):
            data[f"decisions-{index}-DELETE"] = "on"
    if blank_extra:
        index = len(decisions)
        data[f"decisions-{index}-text"] = ""
        data[f"decisions-{index}-kind"] = "agreement"
    data.update(
        management_form(
            "followups", len(follow_ups) + extra, initial=sum(1 for f in follow_ups if f.get("id"))
        )
    )
    for index, follow_up in enumerate(follow_ups):
        prefix = f"followups-{index}-"

        def pk(value):
            return getattr(value, "pk", value) or ""

        data[prefix + "description"] = follow_up["description"]
        data[prefix + "topic"] = pk(follow_up.get("topic"))
        data[prefix + "owner"] = pk(follow_up.get("owner"))
        data[prefix + "promise_text"] = follow_up.get("promise_text", "")
        data[prefix + "target_kind"] = follow_up.get("target_kind", "next_meeting")
        data[prefix + "target_meeting"] = pk(follow_up.get("target_meeting"))
        data[prefix + "target_month"] = follow_up.get("target_month", "")
        data[prefix + "target_date"] = follow_up.get("target_date", "")
        if follow_up.get("id"):
            data[prefix + "id"] = follow_up["id"]
            data[prefix + "version"] = follow_up.get("version", 1)
        if follow_up.get("DELETE"):
            data[prefix + "DELETE"] = "on"
    if blank_extra:
        prefix = f"followups-{len(follow_ups)}-"
        for field in (
            "description",
            "topic",
            "owner",
            "promise_text",
            "target_meeting",
            "target_month",
            "target_date",
        ):
            data[prefix + field] = ""
        data[prefix + "target_kind"] = "next_meeting"
    return data


@pytest.fixture
def bulk_follow_ups(db):
    """Make many follow-ups fast (bulk_create), for pages whose query count must not grow with rows.

    `bulk_follow_ups(500, topic=topic)` spreads them over two held meetings (origin) and a planned
    one (target), three parties and no owner, every status, over time and not (on 1 March 2021),
    with a postponement on every third; all on `topic` (a new topic when none is given).
    Returns the topic.
    """
    from agenda.models import Meeting
    from decisions.models import FollowUp, Postponement
    from tests.factories import AgendaItemFactory, MeetingFactory, TopicFactory

    def make(count: int, *, topic=None):
        topic = topic or TopicFactory()
        held = [
            MeetingFactory(date=datetime.date(2020, 11, 23), held=True),
            MeetingFactory(date=datetime.date(2021, 2, 8), held=True),
        ]
        planned = Meeting.objects.upcoming(datetime.date(2021, 3, 1)).first()
        planned = planned or MeetingFactory(date=datetime.date(2021, 4, 12))
        items = [AgendaItemFactory(meeting=meeting, topic=topic) for meeting in held]
        parties = ("korpschef", "minister-jenv", "regioburgemeesters")
        owners = [*(seeded_party(slug) for slug in parties), None]
        statuses = list(FollowUp.Status.values)
        rows = []
        for n in range(count):
            status = statuses[n % len(statuses)]
            resolved = status in (FollowUp.Status.DONE, FollowUp.Status.DROPPED)
            row = FollowUp(
                description=f"Bulkvervolgactie {n}",
                topic=topic,
                agenda_item=items[n % 2],
                owner=owners[n % len(owners)],
                status=status,
                resolution="Afgehandeld." if resolved else "",
                resolved_in=held[1] if resolved else None,
                postponement_count=n % 4,
            )
            if n % 2:
                row.target_kind = FollowUp.TargetKind.MEETING
                row.target_meeting, row.due_date = planned, planned.date
            else:
                row.target_kind = FollowUp.TargetKind.DATE
                row.target_date = row.due_date = datetime.date(2021, 1, 1) + datetime.timedelta(days=n % 90)
            rows.append(row)
        follow_ups = FollowUp.objects.bulk_create(rows)
        Postponement.objects.bulk_create(
            Postponement(
                follow_up=follow_up,
                previous_target_kind=FollowUp.TargetKind.NEXT_MEETING,
                previous_target_label="LOVP 8 februari 2021",
                new_target_label=follow_up.target_label,
                reason="Nog niet klaar.",
            )
            for follow_up in follow_ups[::3]
        )
        return topic

    return make



def seed_migrated_rows() -> None:
    """(Re)create the rows the data migrations make: the role groups and the parties.

    A transactional test (django_db(transaction=True)) ends with a flush of every table; the flush
    brings back content types and permissions (post_migrate) but not these. (serialized_rollback is
    no help in the browser tests: there the connection object at hand after Playwright has started is
    not the one that holds the serialized contents.)
    """
    from django.apps import apps

    importlib.import_module("lovp.migrations.0002_roles").create_roles(apps, None)
    importlib.import_module("decisions.migrations.0003_seed_parties").seed_parties(apps, None)


@pytest.fixture
def migrated_rows(db):
    """The role groups and parties, also in a transactional test after another one flushed them."""
    seed_migrated_rows()


@pytest.fixture(scope="module")
def restore_migrated_rows(django_db_setup, django_db_blocker):
    """For a module with transactional tests: after the module, put the role groups and parties back,
    for the transactional tests of the next module (which may expect them, as after migrating)."""
    from django.db import connection

    yield
    with django_db_blocker.unblock():
        seed_migrated_rows()
        # Close what this opened: after Playwright has run, this may be a connection object of its
        # own, which nothing else closes, and the test database could not be dropped at the end.
        connection.close()


@pytest.fixture
def demo_data(migrated_rows):
    """The demo data of fixtures/ (meetings of 23 November 2020 and 8 February 2021, follow-ups 1-10,
    users admin / secretariaat / burgemeester / korpschef); see tests/test_fixtures.py."""
    from tests.test_fixtures import load_demo_data

    load_demo_data()


@pytest.fixture
def celery_eager():
    """Run tasks enqueued with .delay() at once, in this process (with the locmem outbox).

    Combine with django_capture_on_commit_callbacks(execute=True): the services enqueue on commit.
    The tests about a real worker are in tests/test_celery_worker.py.
    """
    from lovp.celery import app

    previous = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield app
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


@pytest.fixture(autouse=True)
def _migrated_rows_present(request, django_db_blocker):
    """Every test that uses the database starts with the role groups and parties of the data
    migrations, even after a transactional test flushed every table."""
    uses_db = request.node.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    )
    if uses_db:
        with django_db_blocker.unblock():
            seed_migrated_rows()
