"""Issue 4, the weekly reminder e-mails as a mail server receives them: a real SMTP server on
127.0.0.1 (aiosmtpd, tests/smtp.py) that the test reads back.

What it must hold: a Dutch e-mail in plain text and HTML, listing what is over time and what is due
at the next meeting, each with its topic, origin meeting, how long it has been over time and a link;
only to those it concerns; exactly once per person per week, also when run twice, when run by two
workers at once, and when the mail server is down on the first try. A long list is cut short: the
oldest few (ReminderLog.LIST_LIMIT), how many there are in all, and a link to the whole list.
"""

import datetime
import random
import re
import threading
from io import StringIO
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.http import QueryDict
from django.utils.html import escape

from agenda.models import Meeting
from decisions import tasks
from decisions.filters import FollowUpFilter
from decisions.models import FollowUp, ReminderLog
from decisions.services import ReminderDeliveryError, followups_flag_overdue, reminders_send
from tests.factories import AgendaItemFactory, FollowUpFactory, MeetingFactory, UserFactory, seeded_party
from tests.smtp import LocalSMTPServer, free_port

pytestmark = pytest.mark.django_db

D = datetime.date
MONDAY = D(2021, 5, 3)  # ISO week 2021-W18
KORPSCHEF = "karin.jansen@lovp.example"  # the demo member for the party Korpschef
DIGEST = "lezer@lovp.example"
EVERYONE = sorted([KORPSCHEF, DIGEST])


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server for this test; Django in this process sends to it."""
    settings.SITE_URL = "https://lovp.example"
    with LocalSMTPServer() as server, server.settings():
        yield server


@pytest.fixture
def week_18(demo_data):
    """The demo data on Monday 3 May 2021, after the morning's overdue flag: korpschef's follow-ups
    1, 2, 3, 5 and 6 are over time; a planned meeting on 14 June has one korpschef item due; one
    member (not of a party with over-time items) subscribed to the weekly digest."""
    june = MeetingFactory(date=D(2021, 6, 14))
    due_next = FollowUpFactory(
        agenda_item_id=9,
        topic_id=FollowUp.objects.get(pk=1).topic_id,
        description="Voortgang van het landelijke plan tegen roosterdruk",
        target_kind=FollowUp.TargetKind.MEETING,
        target_meeting=june,
    )
    UserFactory(username="lezer", weekly_digest=True, member=True, party=None)
    UserFactory(username="oud-lid", member=True, is_active=False)
    UserFactory(username="zonder-adres", member=True, email="")
    followups_flag_overdue(on=MONDAY)
    return due_next


def body(message, subtype: str) -> str:
    return message.get_body(preferencelist=(subtype,)).get_content()


def item_block(text: str, description: str) -> str:
    """The lines of the plain-text e-mail about one follow-up: "- description", then its details."""
    lines = text.splitlines()
    start = lines.index(f"- {description}")
    block = [lines[start]]
    for line in lines[start + 1 :]:
        if not line.strip() or line.startswith("- "):
            break
        block.append(line)
    return "\n".join(block)


class TestTheEmail:
    def test_to_whom(self, week_18, smtp_server):
        result = reminders_send(on=MONDAY)
        # Korpschef: its party owns over-time items; the digest reader asked for it. Not the other
        # demo users (their parties have nothing over time), nor the inactive or address-less members.
        assert smtp_server.recipients() == EVERYONE
        assert (result.recipients, result.sent) == (2, 2)

    def test_dutch_plain_text_and_html_with_what_is_over_time_and_due_next(self, week_18, smtp_server):
        reminders_send(on=MONDAY)

        (message,) = [m for m in smtp_server.messages if m["To"] == KORPSCHEF]
        assert message["Subject"] == "LOVP-besluitvolger: 5 vervolgacties zijn over tijd (week 18)"
        assert message.get_content_type() == "multipart/alternative"
        text, html = body(message, "plain"), body(message, "html")
        assert text.startswith("Beste Karin,")
        assert '<html lang="nl">' in html

        three = FollowUp.objects.get(pk=3)
        block = item_block(text, three.description)
        assert "Onderwerp: Bewaken en beveiligen" in block
        assert "Afgesproken in: LOVP 23 november 2020" in block
        assert "Over tijd sinds 1 mei 2021 (2\xa0dagen)." in block
        assert "https://lovp.example/vervolgacties/3/" in block

        one = item_block(text, FollowUp.objects.get(pk=1).description)
        assert "Onderwerp: Inzetbaarheid en roosterdruk" in one
        assert "Over tijd sinds 8 februari 2021 (" in one
        assert "https://lovp.example/vervolgacties/1/" in one

        # Over time first, then what comes back at the next meeting.
        assert "Deze vervolgacties zijn over tijd." in text
        assert "Deze vervolgacties komen terug in LOVP 14 juni 2021:" in text
        due_next = item_block(text, week_18.description)
        assert text.index("Deze vervolgacties komen terug in") < text.index(f"- {week_18.description}")
        assert "Afgesproken in: LOVP 8 februari 2021" in due_next
        assert "Over tijd" not in due_next
        assert f"https://lovp.example/vervolgacties/{week_18.pk}/" in due_next
        for pk in (1, 2, 3, 5, 6):
            assert f"https://lovp.example/vervolgacties/{pk}/" in text, pk
        assert "https://lovp.example/vervolgacties/10/" not in text  # the minister's, not korpschef's

        assert '<a href="https://lovp.example/vervolgacties/3/">' in html
        assert "Over tijd sinds 1 mei 2021 (2\xa0dagen)." in html
        assert "Onderwerp: Bewaken en beveiligen" in html
        assert "Afgesproken in: LOVP 23 november 2020" in html
        assert "Komt terug in LOVP 14 juni 2021" in html
        assert f'<a href="https://lovp.example/vervolgacties/{week_18.pk}/">' in html
        assert 'href="https://lovp.example/profiel/"' in html

    def test_the_digest_lists_everything(self, week_18, smtp_server):
        reminders_send(on=MONDAY)
        (message,) = [m for m in smtp_server.messages if m["To"] == DIGEST]
        assert message["Subject"] == "LOVP-besluitvolger: 6 vervolgacties zijn over tijd (week 18)"
        text = body(message, "plain")
        for pk in (1, 2, 3, 5, 6, 10, week_18.pk):
            assert f"https://lovp.example/vervolgacties/{pk}/" in text, pk
        assert "Over tijd sinds 10 maart 2021" in item_block(text, FollowUp.objects.get(pk=10).description)

    def test_a_weekly_overview_without_anything_over_time(self, demo_data, smtp_server):
        Meeting.objects.filter(pk=2).update(status=Meeting.Status.PLANNED)
        UserFactory(username="lezer", weekly_digest=True)
        reminders_send(on=D(2021, 1, 4))
        (message,) = smtp_server.messages
        assert message["Subject"] == "LOVP-besluitvolger: weekoverzicht (week 1)"
        text = body(message, "plain")
        assert "Deze vervolgacties komen terug in LOVP 8 februari 2021:" in text
        assert "Over tijd" not in text

    def test_over_time_since_is_right_before_the_daily_flag_ran(self, demo_data, smtp_server):
        # No overdue_since yet: the day after the due date, or the day the target meeting was held.
        reminders_send(on=MONDAY)
        (message,) = smtp_server.messages
        text = body(message, "plain")
        assert "Over tijd sinds 1 mei 2021 (2\xa0dagen)." in item_block(
            text, FollowUp.objects.get(pk=3).description
        )
        assert "Over tijd sinds 8 februari 2021 (" in item_block(text, FollowUp.objects.get(pk=1).description)


# --- long lists -----------------------------------------------------------------------------------

LIMIT = ReminderLog.LIST_LIMIT
Kind = FollowUp.TargetKind


@pytest.fixture
def crowded(db):
    """Monday 3 May 2021, without the demo data: korpschef owns LIMIT + 5 follow-ups over time (due on
    different days in March, created in a shuffled order) and LIMIT + 2 due at the next meeting, on
    14 June; the regioburgemeesters own two over time, due on the same day and older than all of
    korpschef's. Ids in the order a reminder lists them: the oldest first."""
    origin = AgendaItemFactory(meeting=MeetingFactory(date=D(2021, 2, 8), held=True))
    june = MeetingFactory(date=D(2021, 6, 14))
    days = list(range(LIMIT + 5))
    random.Random(18).shuffle(days)
    korpschef_overdue = [
        FollowUpFactory(
            agenda_item=origin, target_kind=Kind.DATE, target_date=D(2021, 3, 1) + datetime.timedelta(day)
        )
        for day in days
    ]
    burgemeesters = [
        FollowUpFactory(
            agenda_item=origin,
            owner=seeded_party("regioburgemeesters"),
            target_kind=Kind.DATE,
            target_date=D(2021, 2, 20),
        )
        for _ in range(2)
    ]
    due_next = [
        FollowUpFactory(agenda_item=origin, target_kind=Kind.MEETING, target_meeting=june)
        for _ in range(LIMIT + 2)
    ]
    return SimpleNamespace(
        korpschef_overdue=[item.pk for item in sorted(korpschef_overdue, key=lambda item: item.due_date)],
        burgemeesters=[item.pk for item in burgemeesters],
        due_next=[item.pk for item in due_next],
    )


def item_links(text: str) -> list[int]:
    """The follow-ups an e-mail links to, in the order it lists them."""
    return [int(pk) for pk in re.findall(r"https://lovp\.example/vervolgacties/(\d+)/", text)]


def list_link(text: str, line_start: str) -> str:
    """The address at the end of the plain-text line that starts with `line_start`."""
    (url,) = [
        line.removeprefix(f"{line_start}: ") for line in text.splitlines() if line.startswith(line_start)
    ]
    return url


def followups_at(url: str) -> set[int]:
    """What the follow-up list shows at an address from an e-mail (its filters; the day is frozen)."""
    filterset = FollowUpFilter(data=QueryDict(urlsplit(url).query), queryset=FollowUp.objects.all())
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("pk", flat=True))


class TestLongLists:
    def test_a_party_member_gets_the_oldest_how_many_there_are_and_a_link_to_them_all(
        self, crowded, smtp_server, korpschef, today
    ):
        UserFactory(username="kees", first_name="Kees", member=True)

        reminders_send(on=MONDAY)

        (message,) = smtp_server.messages
        assert message["Subject"] == f"LOVP-besluitvolger: {LIMIT + 5} vervolgacties zijn over tijd (week 18)"
        text, html = body(message, "plain"), body(message, "html")
        # The LIMIT oldest over time, then the LIMIT first due next; the regioburgemeesters' not at all.
        listed = crowded.korpschef_overdue[:LIMIT] + crowded.due_next[:LIMIT]
        assert item_links(text) == listed
        assert item_links(html) == listed

        overdue_url = f"https://lovp.example/vervolgacties/?overdue=1&owner={korpschef.pk}"
        due_next_url = f"https://lovp.example/vervolgacties/?next_meeting=1&overdue=0&owner={korpschef.pk}"
        assert list_link(text, "En nog 5 andere vervolgacties over tijd") == overdue_url
        assert list_link(text, "En nog 2 andere vervolgacties die dan terugkomen") == due_next_url
        last_overdue = f"/vervolgacties/{crowded.korpschef_overdue[LIMIT - 1]}/"
        assert (
            text.index(last_overdue)
            < text.index("En nog 5")
            < text.index("Deze vervolgacties komen terug in")
        )
        assert f'<a href="{escape(overdue_url)}">En nog 5 andere vervolgacties over tijd</a>' in html
        assert (
            f'<a href="{escape(due_next_url)}">En nog 2 andere vervolgacties die dan terugkomen</a>' in html
        )

        # The links show all of them: the list's filters on the day of the e-mail.
        today(MONDAY)
        assert followups_at(overdue_url) == set(crowded.korpschef_overdue)
        assert followups_at(due_next_url) == set(crowded.due_next)

    def test_the_digest_lists_the_oldest_of_everyone(self, crowded, smtp_server, today):
        UserFactory(username="lezer", weekly_digest=True)

        reminders_send(on=MONDAY)

        (message,) = smtp_server.messages
        assert message["Subject"] == f"LOVP-besluitvolger: {LIMIT + 7} vervolgacties zijn over tijd (week 18)"
        text, html = body(message, "plain"), body(message, "html")
        listed = crowded.burgemeesters + crowded.korpschef_overdue[: LIMIT - 2] + crowded.due_next[:LIMIT]
        assert item_links(text) == listed
        assert item_links(html) == listed
        overdue_url = list_link(text, "En nog 7 andere vervolgacties over tijd")
        due_next_url = list_link(text, "En nog 2 andere vervolgacties die dan terugkomen")
        assert overdue_url == "https://lovp.example/vervolgacties/?overdue=1"
        assert due_next_url == "https://lovp.example/vervolgacties/?next_meeting=1&overdue=0"
        today(MONDAY)
        assert followups_at(overdue_url) == {*crowded.korpschef_overdue, *crowded.burgemeesters}
        assert followups_at(due_next_url) == set(crowded.due_next)

    def test_a_retry_says_what_the_first_try_would_have_said(self, crowded, smtp_server):
        UserFactory(member=True)
        smtp_server.refuse_next(1)
        with pytest.raises(ReminderDeliveryError):
            reminders_send(on=MONDAY)
        log = ReminderLog.objects.get()
        assert (log.overdue_total, log.due_next_total) == (LIMIT + 5, LIMIT + 2)

        # Before the retry, three of the oldest are done and two more follow-ups are over time.
        FollowUp.objects.filter(pk__in=crowded.korpschef_overdue[:3]).update(status=FollowUp.Status.DONE)
        origin = FollowUp.objects.get(pk=crowded.due_next[0]).agenda_item
        FollowUpFactory.create_batch(2, agenda_item=origin, target_kind=Kind.DATE, target_date=D(2021, 4, 1))
        reminders_send(on=MONDAY)

        (message,) = smtp_server.messages
        assert message["Subject"] == f"LOVP-besluitvolger: {LIMIT + 5} vervolgacties zijn over tijd (week 18)"
        text = body(message, "plain")
        assert item_links(text) == crowded.korpschef_overdue[:LIMIT] + crowded.due_next[:LIMIT]
        assert "En nog 5 andere vervolgacties over tijd: " in text
        assert "En nog 2 andere vervolgacties die dan terugkomen: " in text
        log.refresh_from_db()
        assert (log.status, log.attempts, log.overdue_total, log.due_next_total) == (
            "sent",
            2,
            LIMIT + 5,
            LIMIT + 2,
        )

    def test_large_numbers_in_dutch(self, crowded, smtp_server):
        # A reminder planned when 1 234 were over time and 2 due next, sent on a retry. It lists the
        # LIMIT oldest over time and the first due next.
        user = UserFactory(username="lid", party=None)
        ReminderLog.objects.create(
            user=user,
            iso_year=2021,
            iso_week=18,
            follow_up_ids=crowded.korpschef_overdue[:LIMIT] + crowded.due_next[:1],
            overdue_total=1234,
            due_next_total=2,
        )

        reminders_send(on=MONDAY)

        (message,) = smtp_server.messages
        assert message["Subject"] == "LOVP-besluitvolger: 1.234 vervolgacties zijn over tijd (week 18)"
        text = body(message, "plain")
        assert item_links(text) == crowded.korpschef_overdue[:LIMIT] + crowded.due_next[:1]
        others = f"{1234 - LIMIT:,}".replace(",", ".")  # 1.209: Dutch digit grouping
        assert list_link(text, f"En nog {others} andere vervolgacties over tijd") == (
            "https://lovp.example/vervolgacties/?overdue=1"
        )
        assert list_link(text, "En nog 1 andere vervolgactie die dan terugkomt") == (
            "https://lovp.example/vervolgacties/?next_meeting=1&overdue=0"
        )


class TestExactlyOnce:
    def test_run_twice_one_e_mail_per_person(self, week_18, smtp_server):
        first = reminders_send(on=MONDAY)
        second = reminders_send(on=MONDAY)
        assert (first.sent, second.sent, second.already_sent) == (2, 0, 2)
        assert smtp_server.recipients() == EVERYONE
        assert smtp_server.attempts == 2
        assert set(ReminderLog.objects.values_list("status", "attempts")) == {("sent", 1)}

    def test_the_command_twice(self, week_18, smtp_server):
        for _ in range(2):
            call_command("send_reminders", "--date", "2021-05-03", stdout=StringIO())
        assert smtp_server.recipients() == EVERYONE

    def test_mail_server_down_on_the_first_try(self, week_18, settings):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 5
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False

        with pytest.raises(ReminderDeliveryError):
            reminders_send(on=MONDAY)

        logs = list(ReminderLog.objects.all())
        assert len(logs) == 2
        assert {(log.status, log.attempts, log.sent_at) for log in logs} == {("pending", 1, None)}
        assert all("ConnectionRefusedError" in log.last_error for log in logs)

        with LocalSMTPServer() as server, server.settings():
            retry = reminders_send(on=MONDAY)
        assert retry.sent == 2
        assert server.recipients() == EVERYONE
        assert {(log.status, log.attempts, log.last_error) for log in ReminderLog.objects.all()} == {
            ("sent", 2, "")
        }

    def test_mail_server_refuses_the_first_message(self, week_18, smtp_server):
        smtp_server.refuse_next(1)

        with pytest.raises(ReminderDeliveryError, match="451"):
            reminders_send(on=MONDAY)
        assert smtp_server.messages == []
        assert not ReminderLog.objects.filter(status=ReminderLog.Status.SENT).exists()
        assert set(ReminderLog.objects.values_list("status", flat=True)) == {"pending"}

        reminders_send(on=MONDAY)
        assert smtp_server.recipients() == EVERYONE
        assert set(ReminderLog.objects.values_list("status", flat=True)) == {"sent"}

    def test_mail_server_refuses_halfway(self, week_18, smtp_server):
        # The first e-mail is accepted, the second refused: only the second is sent again.
        smtp_server.refuse_next(1, after=1)
        with pytest.raises(ReminderDeliveryError):
            reminders_send(on=MONDAY)
        statuses = sorted(ReminderLog.objects.values_list("status", flat=True))
        assert statuses == ["pending", "sent"]
        assert len(smtp_server.messages) == 1

        reminders_send(on=MONDAY)
        assert smtp_server.recipients() == EVERYONE
        assert set(ReminderLog.objects.values_list("status", flat=True)) == {"sent"}

    def test_the_command_says_nothing_was_marked_sent(self, week_18, settings):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 5
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        with pytest.raises(
            CommandError, match="De mailserver weigert of is onbereikbaar: .*Niets is als verstuurd"
        ):
            call_command("send_reminders", "--date", "2021-05-03", stdout=StringIO())
        assert not ReminderLog.objects.filter(status=ReminderLog.Status.SENT).exists()

    def test_the_task_retries_and_then_sends_once(self, week_18, smtp_server):
        # Task.apply runs the task here; its autoretry on ReminderDeliveryError runs at once too.
        smtp_server.refuse_next(1)
        result = tasks.send_reminders.apply(kwargs={"on": "2021-05-03"}, throw=False)
        assert result.successful(), result.traceback
        assert result.get() == {"week": "2021-W18", "sent": 2, "recipients": 2}
        assert smtp_server.attempts == 3  # refused once, then both accepted
        assert smtp_server.recipients() == EVERYONE


@pytest.mark.usefixtures("restore_migrated_rows")
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_one_e_mail_per_person(demo_data, settings):
    """Two senders at the same moment, each with its own database connection (as two Celery worker
    processes would be); committed data, so each sees what the other claimed."""
    settings.SITE_URL = "https://lovp.example"
    for n in range(6):
        UserFactory(username=f"lezer{n}", weekly_digest=True)
    followups_flag_overdue(on=MONDAY)
    expected = sorted([KORPSCHEF, *(f"lezer{n}@lovp.example" for n in range(6))])
    start = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            start.wait(timeout=10)
            results.append(reminders_send(on=MONDAY, batch_size=2))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    # The server takes a moment per message, so the two runs overlap.
    with LocalSMTPServer(delay=0.1) as server, server.settings():
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert errors == []
    assert server.recipients() == expected
    assert sum(result.sent for result in results) == len(expected)
    assert all(result.sent > 0 for result in results), "the two runs did not overlap"
    assert all(result.recipients == len(expected) for result in results)
    assert ReminderLog.objects.count() == len(expected)
    assert set(ReminderLog.objects.values_list("status", "attempts")) == {("sent", 1)}
