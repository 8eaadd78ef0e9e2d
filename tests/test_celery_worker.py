"""Issue 4, the jobs in real Celery worker processes on Redis, against the test database in PostgreSQL
and a real SMTP server (tests/smtp.py): each task runs end to end, and its effect is in the database
and at the mail server.

How it is wired:
- Two worker processes (`celery -A lovp worker --pool=solo`) start once for this module, with the
  test settings, DATABASE_URL pointing at the test database, their own Redis database (flushed before
  and after) and EMAIL_URL pointing at the module's SMTP server. `--prefetch-multiplier=1` (the tasks
  are acks_late) makes a worker hold one message at a time, so two messages sent at once go to both.
- Tasks are enqueued by a small `python -c` process with exactly the workers' environment, calling
  `.delay()` as the application does (or a service that enqueues on commit). That is the same broker,
  serializer and routing as production, without re-pointing the broker of this test process, whose
  Celery app was configured from settings when pytest started.
- The tests are transactional (django_db(transaction=True)): the workers only see committed rows.
  The flush after each test empties every table; the demo_data fixture seeds the role groups and
  parties again first, and restore_migrated_rows leaves them for the next module.

Skipped when Redis is unreachable, unless REQUIRE_SERVICES=1 (as in CI): then that is a failure.
"""

import datetime
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from agenda import services as agenda_services
from agenda.models import DraftAgendaLine, Meeting
from decisions.models import FollowUp, ReminderLog
from lovp.models import User
from tests.factories import UserFactory
from tests.smtp import LocalSMTPServer

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("restore_migrated_rows"),
]

BASE_DIR = Path(__file__).resolve().parent.parent
CELERY = str(Path(sys.executable).with_name("celery"))
# A Redis database of its own: not the default 15 of settings_test, which other tests may publish to.
WORKER_REDIS_DB = 13
TIMEOUT = 60
# The options asked for, plus: one reserved message per worker (so two messages go to two workers),
# and no gossip, mingle or heartbeat between the workers (faster start, nothing the tests need). The
# log at INFO has the "ready." and "Task ... succeeded" lines the tests wait for.
WORKER_OPTIONS = [
    "worker", "--pool=solo", "--concurrency=1", "--prefetch-multiplier=1",
    "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info",
]  # fmt: skip
D = datetime.date
DEMO_ADDRESSES = sorted(
    [
        "anne.devries@lovp.example",
        "sanne.bakker@lovp.example",
        "bram.visser@lovp.example",
        "karin.jansen@lovp.example",
    ]
)


def broker_url() -> str:
    parts = urllib.parse.urlsplit(settings.CELERY_BROKER_URL)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{WORKER_REDIS_DB}"))


def database_url(db: dict) -> str:
    credentials = urllib.parse.quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + urllib.parse.quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return (
        f"postgres://{credentials}@{host}/{db['NAME']}" if credentials else f"postgres://{host}/{db['NAME']}"
    )


def redis_or_skip(url: str) -> redis.Redis:
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        message = f"Redis at {url} is unreachable ({error}): the Celery worker tests need it"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(message + " and REQUIRE_SERVICES=1")
        pytest.skip(message)
    return client


class Worker:
    def __init__(self, name: str, env: dict, log_dir: str):
        self.name = name
        self.log_path = Path(log_dir) / f"{name}.log"
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [CELERY, "-A", "lovp", *WORKER_OPTIONS, "-n", f"{name}@%h"],
            cwd=BASE_DIR,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_until_ready(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"worker {self.name} exited with {self.process.returncode}:\n{self.log()}")
            if " ready." in self.log():
                return
            time.sleep(0.2)
        pytest.fail(f"worker {self.name} not ready after {TIMEOUT}s:\n{self.log()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # warm shutdown: finishes the task at hand
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log.close()


class Jobs:
    """The running workers, their SMTP server, and helpers to enqueue and to wait."""

    def __init__(self, env: dict, workers: list[Worker], mail_server: LocalSMTPServer, broker: redis.Redis):
        self.env = env
        self.broker = broker
        self.workers = workers
        self.mail_server = mail_server
        self._log_start = {worker.name: 0 for worker in workers}

    def start_test(self) -> None:
        self.mail_server.clear()
        self.mail_server.delay = 0
        self._log_start = {worker.name: len(worker.log()) for worker in self.workers}

    def log_since_start(self, worker: Worker) -> str:
        return worker.log()[self._log_start[worker.name] :]

    def run(self, code: str) -> None:
        """Run Django code in a fresh process with the workers' environment (to enqueue)."""
        done = subprocess.run(
            [sys.executable, "-c", f"import django\ndjango.setup()\n{code}"],
            cwd=BASE_DIR,
            env=self.env,
            timeout=TIMEOUT,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, f"enqueueing failed:\n{code}\n{done.stderr}"

    def received(self, task: str) -> int:
        """How many messages for a task the workers took from the queue since this test started."""
        return sum(_count(self.log_since_start(worker), task, "received") for worker in self.workers)

    def succeeded(self, task: str) -> int:
        """How many runs of a task the workers finished since this test started."""
        return sum(_count(self.log_since_start(worker), task, "succeeded in") for worker in self.workers)

    def idle(self) -> bool:
        """Nothing waiting in the queue and nothing being worked on (acks_late: unacked until done)."""
        return not self.broker.llen("celery") and not self.broker.hlen("unacked")

    def wait_for(self, condition, what: str):
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            value = condition()
            if value:
                return value
            for worker in self.workers:
                if worker.process.poll() is not None:
                    pytest.fail(f"worker {worker.name} died:\n{worker.log()}")
            time.sleep(0.2)
        logs = "\n".join(f"--- {w.name}\n{self.log_since_start(w)[-3000:]}" for w in self.workers)
        pytest.fail(f"timed out after {TIMEOUT}s waiting for {what}\n{logs}")


def _count(log: str, task: str, event: str) -> int:
    """Lines such as "Task agenda.notify_draft_ready[<id>] received" in a worker's log."""
    return sum(1 for line in log.splitlines() if f"Task {task}[" in line and f"] {event}" in line)


@pytest.fixture(scope="module")
def jobs(django_db_setup, django_db_blocker):
    url = broker_url()
    broker = redis_or_skip(url)
    broker.flushdb()
    with django_db_blocker.unblock():
        test_database = database_url(connection.settings_dict)
    mail_server = LocalSMTPServer().start()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lovp.settings_test",
        "DATABASE_URL": test_database,
        "CELERY_BROKER_URL": url,
        "EMAIL_URL": mail_server.url,
        "SITE_URL": "http://testserver",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    workers = []
    with tempfile.TemporaryDirectory(prefix="lovp-celery-") as log_dir:
        try:
            for i in range(2):
                workers.append(Worker(f"w{i}", env, log_dir))
            deadline = time.monotonic() + TIMEOUT
            for worker in workers:
                worker.wait_until_ready(deadline)
            yield Jobs(env, workers, mail_server, broker)
        finally:
            for worker in workers:
                worker.stop()
            mail_server.stop()
            broker.flushdb()
            broker.close()
            with django_db_blocker.unblock():
                connection.close()


@pytest.fixture
def worker(jobs) -> Jobs:
    jobs.start_test()
    yield jobs
    # Nothing may be left running into the flush of the database after this test.
    jobs.wait_for(jobs.idle, "the workers to finish")


def test_the_workers_use_the_test_database_and_their_own_broker(worker):
    host = urllib.parse.urlsplit(broker_url()).netloc.rsplit("@", 1)[-1]
    for w in worker.workers:
        assert re.search(rf"Connected to redis://\S*{re.escape(host)}/{WORKER_REDIS_DB}\n", w.log()), w.log()
    assert connection.settings_dict["NAME"].startswith("test_")
    assert urllib.parse.urlsplit(worker.env["DATABASE_URL"]).path == "/" + connection.settings_dict["NAME"]


def test_flag_overdue(worker, demo_data):
    worker.run("from decisions.tasks import flag_overdue\nflag_overdue.delay()")

    worker.wait_for(lambda: FollowUp.objects.filter(pk=3, overdue_since__isnull=False).exists(), "the flag")
    # Today (the worker's clock) is long after all demo due dates: everything unresolved with a
    # due date or a held target meeting is over time, each since the day it became so.
    assert dict(FollowUp.objects.values_list("pk", "overdue_since")) == {
        1: D(2021, 2, 8),
        2: D(2021, 2, 8),
        5: D(2021, 2, 8),
        6: D(2021, 2, 8),
        3: D(2021, 5, 1),
        10: D(2021, 3, 10),
        9: D(2021, 7, 1),
        8: D(2021, 10, 1),
        4: None,
        7: None,
    }


def test_draft_agenda_check_builds_and_tells_the_secretariat(worker, demo_data):
    meeting = agenda_services.meeting_save(
        meeting=Meeting(date=timezone.localdate() + datetime.timedelta(days=10))
    )

    worker.run("from agenda.tasks import draft_agenda_check\ndraft_agenda_check.delay()")

    worker.wait_for(
        lambda: Meeting.objects.filter(pk=meeting.pk, draft_notified_at__isnull=False).exists(), "the draft"
    )
    lines = DraftAgendaLine.objects.filter(meeting=meeting)
    due = {1, 2, 3, 5, 6, 7, 8, 9, 10}  # all unresolved demo follow-ups are due by then
    assert set(lines.exclude(follow_up=None).values_list("follow_up_id", flat=True)) == due
    standing = set(lines.filter(follow_up=None).values_list("agenda_item__topic__slug", flat=True))
    assert standing == {"mededelingen", "rondvraag"}
    assert Meeting.objects.get(pk=meeting.pk).agenda_status == Meeting.AgendaStatus.DRAFT
    # notify_draft_ready, enqueued by the worker on commit, e-mails the secretariat.
    worker.wait_for(lambda: worker.succeeded("agenda.notify_draft_ready") == 1, "the e-mail task")
    (message,) = worker.mail_server.messages
    assert message["To"] == "sanne.bakker@lovp.example"
    assert message["Subject"] == f"Conceptagenda klaar voor {meeting.title}"
    body = message.get_body(("plain",)).get_content()
    assert f"http://testserver/vergaderingen/{meeting.pk}/conceptagenda/" in body

    # The next day's check (run again now) adds nothing and tells nobody again.
    worker.run("from agenda.tasks import draft_agenda_check\ndraft_agenda_check.delay()")
    worker.wait_for(lambda: worker.succeeded("agenda.draft_agenda_check") == 2, "the second check")
    worker.wait_for(worker.idle, "the workers to finish")
    time.sleep(1)  # a second notify_draft_ready (not acks_late) would have been received by now
    assert lines.count() == 11
    assert worker.received("agenda.notify_draft_ready") == 1
    assert len(worker.mail_server.messages) == 1


def test_build_draft_agenda(worker, demo_data):
    meeting = agenda_services.meeting_save(
        meeting=Meeting(date=timezone.localdate() + datetime.timedelta(days=90))
    )

    worker.run(f"from agenda.tasks import build_draft_agenda\nbuild_draft_agenda.delay({meeting.pk})")

    worker.wait_for(lambda: DraftAgendaLine.objects.filter(meeting=meeting).count() == 11, "eleven lines")
    assert Meeting.objects.get(pk=meeting.pk).agenda_status == Meeting.AgendaStatus.DRAFT
    assert (
        DraftAgendaLine.objects.get(meeting=meeting, follow_up_id=7).reason
        == "terugkomafspraak uit LOVP 8 februari 2021"
    )


def test_send_reminders(worker, demo_data):
    digest = UserFactory(username="lezer", weekly_digest=True)

    worker.run("from decisions.tasks import send_reminders\nsend_reminders.delay('2021-05-03')")

    worker.wait_for(lambda: ReminderLog.objects.filter(status="sent").count() == 2, "two reminders sent")
    logs = ReminderLog.objects.select_related("user")
    assert {(log.user.username, log.iso_year, log.iso_week) for log in logs} == {
        ("korpschef", 2021, 18),
        ("lezer", 2021, 18),
    }
    assert worker.mail_server.recipients() == sorted(["karin.jansen@lovp.example", digest.email])
    message = next(m for m in worker.mail_server.messages if m["To"] == "karin.jansen@lovp.example")
    assert message["Subject"] == "LOVP-besluitvolger: 5 vervolgacties zijn over tijd (week 18)"
    assert "http://testserver/vervolgacties/3/" in message.get_body(("plain",)).get_content()


def test_send_reminders_twice_at_once_in_two_workers(worker, demo_data):
    readers = [UserFactory(username=f"lezer{n}", weekly_digest=True) for n in range(8)]
    expected = sorted(["karin.jansen@lovp.example", *(reader.email for reader in readers)])
    worker.mail_server.delay = 0.2  # so the two runs overlap

    worker.run(
        "from decisions.tasks import send_reminders\n"
        "send_reminders.delay('2021-05-03')\n"
        "send_reminders.delay('2021-05-03')"
    )

    worker.wait_for(lambda: worker.succeeded("decisions.send_reminders") == 2, "both runs")
    assert worker.mail_server.recipients() == expected
    assert ReminderLog.objects.filter(status="sent").count() == len(expected)
    # Each worker took one of the two.
    for w in worker.workers:
        assert "Task decisions.send_reminders[" in worker.log_since_start(w), w.name


def test_notify_agenda_published(worker, demo_data):
    meeting = agenda_services.meeting_save(
        meeting=Meeting(date=timezone.localdate() + datetime.timedelta(days=10))
    )
    agenda_services.draft_agenda_build(meeting=meeting, on=timezone.localdate())
    for line in DraftAgendaLine.objects.filter(meeting=meeting):
        agenda_services.draft_line_decide(line=line, decision="accepted")

    # Published the way the view does it: the service enqueues the e-mail on commit.
    worker.run(
        "from agenda.models import Meeting\nfrom agenda.services import agenda_publish\n"
        f"agenda_publish(meeting=Meeting.objects.get(pk={meeting.pk}))"
    )

    worker.wait_for(
        lambda: Meeting.objects.filter(pk=meeting.pk, members_notified_at__isnull=False).exists(),
        "the notice",
    )
    worker.wait_for(lambda: len(worker.mail_server.messages) == 4, "four e-mails")
    assert (
        worker.mail_server.recipients()
        == DEMO_ADDRESSES
        == sorted(User.objects.values_list("email", flat=True))
    )
    assert {m["Subject"] for m in worker.mail_server.messages} == {f"Agenda {meeting.title}"}
    assert set(FollowUp.objects.filter(draft_lines__meeting=meeting).values_list("status", flat=True)) == {
        "scheduled"
    }

    # The task again (a retry, a second enqueue): no second e-mail.
    worker.run(
        "from agenda.tasks import notify_agenda_published\n"
        f"notify_agenda_published.delay({meeting.pk})\nnotify_agenda_published.delay({meeting.pk})"
    )
    worker.wait_for(lambda: worker.succeeded("agenda.notify_agenda_published") == 3, "the repeats")
    assert worker.mail_server.recipients() == DEMO_ADDRESSES
