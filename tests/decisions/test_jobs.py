"""Issue 4, the jobs about follow-ups: the daily overdue flag (decisions.services.followups_flag_overdue,
command flag_overdue), the carry-over when a meeting is held (agenda.services.meeting_mark_held), the
weekly reminders' recipients and log (reminder_plan / reminders_send, command send_reminders), and the
Celery beat schedule that runs them.

The reminder e-mails themselves, against a real SMTP server, are in tests/test_reminders_smtp.py; the
tasks in a real worker in tests/test_celery_worker.py.
"""

import copy
import datetime
from io import StringIO

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command, execute_from_command_line
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agenda import services as agenda_services
from agenda.models import DraftAgendaLine, Meeting, MeetingStateError
from decisions.models import FollowUp, ReminderLog
from decisions.services import followup_postpone, followups_flag_overdue, reminder_plan, reminders_send
from lovp.celery import app as celery_app
from tests.conftest import error_messages, success_messages
from tests.factories import AgendaItemFactory, FollowUpFactory, MeetingFactory, UserFactory, seeded_party

pytestmark = pytest.mark.django_db

D = datetime.date
Kind = FollowUp.TargetKind
# Demo follow-ups (tests/test_fixtures.py): 1, 2, 5 (month February 2021) and 6 (next meeting) were due
# at meeting 2 (8 February 2021, held); 3 is "in april"; 4 is done; 10 is due 9 March 2021.
KORPSCHEF_DUE_AT_MEETING_2 = {1, 2, 5, 6}


def overdue_since() -> dict[int, datetime.date | None]:
    return dict(FollowUp.objects.values_list("pk", "overdue_since"))


def overdue_pks(on: datetime.date) -> set[int]:
    return set(FollowUp.objects.overdue(on=on).values_list("pk", flat=True))


# --- over time on the demo data ------------------------------------------------------------------


class TestTheAprilFollowUpOnTheDemoData:
    """Follow-up 3, "Bewaken en beveiligen", was promised for April 2021 (no meeting in April)."""

    def test_not_over_time_on_30_april(self, demo_data, today):
        on = today(D(2021, 4, 30))
        assert timezone.localdate() == on
        assert 3 not in overdue_pks(on)
        assert FollowUp.objects.get(pk=3).is_overdue(on=on) is False

        result = followups_flag_overdue(on=timezone.localdate())

        assert FollowUp.objects.get(pk=3).overdue_since is None
        assert result.overdue == 5  # 1, 2, 5, 6 (meeting 2 was held) and 10 (9 March)

    def test_over_time_on_1_may(self, demo_data, today):
        on = today(D(2021, 5, 1))
        assert 3 in overdue_pks(on)
        assert FollowUp.objects.get(pk=3).is_overdue(on=on) is True

        result = followups_flag_overdue(on=timezone.localdate())

        assert FollowUp.objects.get(pk=3).overdue_since == D(2021, 5, 1)
        assert (result.flagged, result.cleared, result.overdue) == (6, 0, 6)

    def test_the_command_on_30_april_and_1_may(self, demo_data, today):
        today(D(2021, 4, 30))
        out = StringIO()
        call_command("flag_overdue", stdout=out)
        assert out.getvalue().strip() == (
            "2021-04-30: 5 vervolgacties nieuw over tijd gemarkeerd, 0 markeringen gewist, 5 nu over tijd."
        )
        assert FollowUp.objects.get(pk=3).overdue_since is None

        with time_machine.travel(datetime.datetime(2021, 5, 1, 6, 0, tzinfo=datetime.UTC), tick=False):
            out = StringIO()
            call_command("flag_overdue", stdout=out)
        assert out.getvalue().strip() == (
            "2021-05-01: 1 vervolgacties nieuw over tijd gemarkeerd, 0 markeringen gewist, 6 nu over tijd."
        )
        assert FollowUp.objects.get(pk=3).overdue_since == D(2021, 5, 1)

    def test_all_marks_on_1_may(self, demo_data):
        followups_flag_overdue(on=D(2021, 5, 1))
        assert overdue_since() == {
            # Due at meeting 2, which was held without resolving them: over time since that day,
            # although the month of February only ended on the 28th.
            1: D(2021, 2, 8),
            2: D(2021, 2, 8),
            5: D(2021, 2, 8),
            6: D(2021, 2, 8),
            3: D(2021, 5, 1),
            10: D(2021, 3, 10),
            4: None,  # done
            7: None,  # "the next meeting" after 8 February: none planned yet
            8: None,  # September 2021
            9: None,  # June 2021
        }

    def test_the_command_with_a_date(self, demo_data):
        out = StringIO()
        call_command("flag_overdue", "--date", "2021-05-01", stdout=out)
        assert out.getvalue().strip() == (
            "2021-05-01: 6 vervolgacties nieuw over tijd gemarkeerd, 0 markeringen gewist, 6 nu over tijd."
        )
        assert FollowUp.objects.get(pk=3).overdue_since == D(2021, 5, 1)


# --- the flag, on follow-ups made for the purpose -----------------------------------------------------


@pytest.fixture
def november():
    return MeetingFactory(date=D(2020, 11, 23), held=True)


@pytest.fixture
def february():
    return MeetingFactory(date=D(2021, 2, 8))


@pytest.fixture
def item(november):
    return AgendaItemFactory(meeting=november)


def hold(meeting: Meeting) -> Meeting:
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    meeting.refresh_from_db()
    return meeting


class TestFlagOverdue:
    def test_marks_the_day_each_became_over_time(self, item, february):
        by_date = FollowUpFactory(agenda_item=item, target_kind=Kind.DATE, target_date=D(2021, 3, 9))
        by_period = FollowUpFactory(agenda_item=item, target_kind=Kind.PERIOD, target_date=D(2021, 3, 31))
        by_meeting = FollowUpFactory(agenda_item=item, target_kind=Kind.NEXT_MEETING)
        month_with_meeting = FollowUpFactory(agenda_item=item, month=True)  # February, meeting on the 8th
        not_yet = FollowUpFactory(agenda_item=item, target_kind=Kind.DATE, target_date=D(2021, 4, 1))
        unspecified = FollowUpFactory(agenda_item=item, target_kind=Kind.UNSPECIFIED)
        done = FollowUpFactory(agenda_item=item, target_kind=Kind.DATE, target_date=D(2021, 1, 1), done=True)
        assert by_meeting.target_meeting == month_with_meeting.target_meeting == february
        hold(february)

        result = followups_flag_overdue(on=D(2021, 4, 1))

        assert overdue_since() == {
            by_date.pk: D(2021, 3, 10),  # the day after the due date
            by_period.pk: D(2021, 4, 1),
            by_meeting.pk: D(2021, 2, 8),  # the day the target meeting was held
            month_with_meeting.pk: D(2021, 2, 8),
            not_yet.pk: None,
            unspecified.pk: None,
            done.pk: None,
        }
        assert (result.flagged, result.cleared, result.overdue) == (4, 0, 4)

    def test_a_held_meeting_counts_from_its_own_date_before_the_month_is_over(self, item, february):
        month = FollowUpFactory(agenda_item=item, month=True)
        hold(february)
        assert followups_flag_overdue(on=D(2021, 2, 10)).flagged == 1
        assert FollowUp.objects.get(pk=month.pk).overdue_since == D(2021, 2, 8)

    def test_a_planned_target_meeting_in_the_past_is_not_yet_over_time_by_itself(self, item, february):
        # The meeting of 8 February is not marked held yet; the month of February is not over.
        month = FollowUpFactory(agenda_item=item, month=True)
        result = followups_flag_overdue(on=D(2021, 2, 10))
        assert (result.flagged, result.overdue) == (0, 0)
        assert FollowUp.objects.get(pk=month.pk).overdue_since is None

    def test_clears_the_mark_of_what_was_resolved_or_postponed_since(self, item, february, secretariat_user):
        resolved = FollowUpFactory(agenda_item=item, target_kind=Kind.DATE, target_date=D(2021, 3, 1))
        dropped = FollowUpFactory(agenda_item=item, target_kind=Kind.DATE, target_date=D(2021, 3, 1))
        postponed = FollowUpFactory(agenda_item=item, target_kind=Kind.DATE, target_date=D(2021, 3, 1))
        still_over_time = FollowUpFactory(agenda_item=item, target_kind=Kind.DATE, target_date=D(2021, 3, 1))
        assert followups_flag_overdue(on=D(2021, 4, 1)).flagged == 4
        resolved.refresh_from_db()
        dropped.refresh_from_db()

        resolved.mark_done(resolution="Besproken.", meeting=None, by=secretariat_user)
        resolved.save()
        dropped.drop(reason="Niet meer nodig.", meeting=None, by=secretariat_user)
        dropped.save()
        followup_postpone(
            follow_up=postponed,
            target_kind=Kind.MONTH,
            target_month=D(2021, 6, 1),
            reason="Het rapport is later klaar.",
            by=secretariat_user,
        )
        result = followups_flag_overdue(on=D(2021, 4, 2))

        assert (result.flagged, result.cleared, result.overdue) == (0, 3, 1)
        assert overdue_since() == {
            resolved.pk: None,
            dropped.pk: None,
            postponed.pk: None,
            still_over_time.pk: D(2021, 3, 2),
        }

    def test_running_twice_changes_nothing_the_second_time(self, demo_data):
        first = followups_flag_overdue(on=D(2021, 5, 1))
        marks = overdue_since()
        updated = dict(FollowUp.objects.values_list("pk", "updated_at"))

        second = followups_flag_overdue(on=D(2021, 5, 1))

        assert first.flagged == 6
        assert (second.flagged, second.cleared, second.overdue) == (0, 0, 6)
        assert overdue_since() == marks
        assert dict(FollowUp.objects.values_list("pk", "updated_at")) == updated

    def test_is_set_based(self, item, february, django_assert_num_queries):
        hold(february)

        def add(count: int) -> None:
            rows = []
            for n in range(count):
                common = {"agenda_item": item, "topic": item.topic, "description": f"Vervolgactie {n}"}
                if n % 2:
                    rows.append(
                        FollowUp(
                            **common, target_kind=Kind.DATE, target_date=D(2021, 3, 1), due_date=D(2021, 3, 1)
                        )
                    )
                else:
                    rows.append(
                        FollowUp(
                            **common,
                            target_kind=Kind.MEETING,
                            target_meeting=february,
                            due_date=february.date,
                        )
                    )
                # A mark left on one resolved since: cleared.
                rows.append(
                    FollowUp(
                        **common,
                        target_kind=Kind.DATE,
                        target_date=D(2021, 3, 1),
                        due_date=D(2021, 3, 1),
                        status=FollowUp.Status.DONE,
                        overdue_since=D(2021, 3, 2),
                    )
                )
            FollowUp.objects.bulk_create(rows)

        add(5)
        with CaptureQueriesContext(connection) as five:
            result = followups_flag_overdue(on=D(2021, 4, 1))
        assert (result.flagged, result.cleared, result.overdue) == (5, 5, 5)
        assert len(five) <= 10, [query["sql"] for query in five]

        add(200)
        with django_assert_num_queries(len(five)):
            result = followups_flag_overdue(on=D(2021, 4, 1))
        assert (result.flagged, result.cleared, result.overdue) == (200, 200, 205)
        assert not FollowUp.objects.overdue(on=D(2021, 4, 1)).filter(overdue_since__isnull=True).exists()


# --- holding a meeting ---------------------------------------------------------------------------------


@pytest.fixture
def february_planned(demo_data):
    """The demo data as it was on the morning of 8 February 2021: meeting 2 planned, its agenda
    published, follow-ups 1, 2, 5 and 6 scheduled for it."""
    Meeting.objects.filter(pk=2).update(
        status=Meeting.Status.PLANNED, agenda_status=Meeting.AgendaStatus.PUBLISHED
    )
    FollowUp.objects.filter(pk__in=[1, 2, 5]).update(status=FollowUp.Status.SCHEDULED)
    return Meeting.objects.get(pk=2)


def left_over_section(html: str) -> str:
    start = html.index('id="overgebleven"')
    return html[start : html.index("<h2", start + 1)]


class TestMarkHeld:
    def test_unresolved_follow_ups_due_there_become_over_time_carry_overs(self, february_planned):
        carried = agenda_services.meeting_mark_held(meeting=february_planned)

        assert carried == 4
        assert Meeting.objects.get(pk=2).status == Meeting.Status.HELD
        follow_ups = {fu.pk: fu for fu in FollowUp.objects.all()}
        for pk in KORPSCHEF_DUE_AT_MEETING_2:
            assert (follow_ups[pk].status, follow_ups[pk].overdue_since) == ("open", D(2021, 2, 8)), pk
        # Done stays done; what was born at the meeting or due later is left alone.
        assert (follow_ups[4].status, follow_ups[4].overdue_since) == ("done", None)
        for pk in (3, 7, 8, 9, 10):
            assert (follow_ups[pk].status, follow_ups[pk].overdue_since) == ("open", None), pk
        assert overdue_pks(D(2021, 2, 8)) == KORPSCHEF_DUE_AT_MEETING_2

    def test_an_earlier_mark_is_kept(self, february_planned):
        FollowUp.objects.filter(pk=6).update(overdue_since=D(2021, 2, 1))
        agenda_services.meeting_mark_held(meeting=february_planned)
        assert FollowUp.objects.get(pk=6).overdue_since == D(2021, 2, 1)

    def test_a_held_meeting_cannot_be_held_again(self, february_planned):
        agenda_services.meeting_mark_held(meeting=february_planned)
        with pytest.raises(MeetingStateError, match="al als gehouden"):
            agenda_services.meeting_mark_held(meeting=february_planned)

    def test_the_view_and_the_meeting_page(self, february_planned, secretariat_client, member_client, today):
        today(D(2021, 2, 8))
        response = secretariat_client.post(reverse("agenda:meeting_mark_held", args=[2]))

        assert response.status_code == 302 and response["Location"] == "/vergaderingen/2/"
        assert success_messages(response) == ["De vergadering staat nu als gehouden."]
        assert Meeting.objects.get(pk=2).is_held
        page = member_client.get("/vergaderingen/2/")
        section = left_over_section(page.content.decode())
        assert "Wat er nog openstaat uit deze vergadering" in section
        for pk in KORPSCHEF_DUE_AT_MEETING_2:
            assert f'href="/vervolgacties/{pk}/"' in section, pk
        for pk in (3, 4, 7, 8, 9, 10):
            assert f'href="/vervolgacties/{pk}/"' not in section, pk
        assert section.count("status-overdue") == 4

    def test_the_view_warns_how_many_were_carried_over(self, february_planned, secretariat_client):
        response = secretariat_client.post(reverse("agenda:meeting_mark_held", args=[2]), follow=True)
        assert "4 vervolgacties zijn niet afgehandeld en staan nu over tijd." in response.content.decode()

    def test_the_view_refuses_to_hold_twice(self, february_planned, secretariat_client):
        secretariat_client.post(reverse("agenda:meeting_mark_held", args=[2]))
        response = secretariat_client.post(reverse("agenda:meeting_mark_held", args=[2]))
        assert error_messages(response) == ["Deze vergadering is al als gehouden gemarkeerd."]

    def test_members_may_not(self, february_planned, member_client):
        response = member_client.post(reverse("agenda:meeting_mark_held", args=[2]))
        assert response.status_code == 403
        assert Meeting.objects.get(pk=2).status == Meeting.Status.PLANNED

    def test_nothing_left_over_when_all_was_handled(
        self, february_planned, secretariat_user, secretariat_client
    ):
        for follow_up in FollowUp.objects.filter(pk__in=KORPSCHEF_DUE_AT_MEETING_2):
            follow_up.mark_done(resolution="Besproken.", meeting=february_planned, by=secretariat_user)
            follow_up.save()
        assert agenda_services.meeting_mark_held(meeting=february_planned) == 0
        assert 'id="overgebleven"' not in secretariat_client.get("/vergaderingen/2/").content.decode()

    @staticmethod
    def accept_on_the_agenda(meeting: Meeting, follow_up_pk: int) -> None:
        """As publishing would leave it: accepted on the meeting's agenda, scheduled."""
        follow_up = FollowUp.objects.get(pk=follow_up_pk)
        item = meeting.agenda_items.filter(topic=follow_up.topic).first() or AgendaItemFactory(
            meeting=meeting, topic=follow_up.topic, summary=""
        )
        DraftAgendaLine.objects.create(
            meeting=meeting,
            agenda_item=item,
            follow_up=follow_up,
            reason="op verzoek van de minister",
            decision=DraftAgendaLine.Decision.ACCEPTED,
        )
        FollowUp.objects.filter(pk=follow_up_pk).update(status=FollowUp.Status.SCHEDULED)

    def test_an_accepted_follow_up_with_another_target_is_listed_as_left_over(
        self, february_planned, secretariat_client
    ):
        late = FollowUpFactory(
            agenda_item_id=1,
            description="Plan van aanpak roosterdruk per eenheid",
            target_kind=Kind.DATE,
            target_date=D(2021, 1, 31),
        )
        self.accept_on_the_agenda(february_planned, late.pk)

        assert agenda_services.meeting_mark_held(meeting=february_planned) == 5
        assert FollowUp.objects.get(pk=late.pk).status == FollowUp.Status.OPEN
        assert late.pk in overdue_pks(D(2021, 2, 8))
        section = left_over_section(secretariat_client.get("/vergaderingen/2/").content.decode())
        assert f'href="/vervolgacties/{late.pk}/"' in section

    def test_one_discussed_early_but_promised_for_later_keeps_its_due_date(self, february_planned):
        # Follow-up 10 (due 9 March 2021) was put on the agenda of 8 February and not handled there:
        # no longer scheduled, but not over time before its own due date.
        self.accept_on_the_agenda(february_planned, 10)

        assert agenda_services.meeting_mark_held(meeting=february_planned) == 4
        follow_up = FollowUp.objects.get(pk=10)
        assert (follow_up.status, follow_up.overdue_since) == (FollowUp.Status.OPEN, None)
        assert 10 not in overdue_pks(D(2021, 3, 9))
        assert followups_flag_overdue(on=D(2021, 3, 10)).flagged == 1
        assert FollowUp.objects.get(pk=10).overdue_since == D(2021, 3, 10)


# --- reminders: who gets one, and the log ---------------------------------------------------------


MONDAY = D(2021, 5, 3)  # ISO week 2021-W18


@pytest.fixture
def june(demo_data):
    """A planned meeting after the demo meetings, with one korpschef follow-up due there."""
    meeting = MeetingFactory(date=D(2021, 6, 14))
    due_next = FollowUpFactory(
        agenda_item_id=9,
        topic_id=FollowUp.objects.get(pk=1).topic_id,
        description="Voortgang van het landelijke plan tegen roosterdruk",
        target_kind=Kind.MEETING,
        target_meeting=meeting,
    )
    return meeting, due_next


def planned(reminder) -> tuple[list[int], int, int]:
    return list(reminder.follow_up_ids), reminder.overdue_total, reminder.due_next_total


class TestReminderRecipients:
    def test_who_gets_which_items(self, june):
        _meeting, due_next = june
        korpschef_member = UserFactory(username="korpschef2", member=True)
        UserFactory(username="oud-lid", member=True, is_active=False)
        UserFactory(username="zonder-email", member=True, email="")
        UserFactory(username="burgemeester2", party=seeded_party("regioburgemeesters"))
        digest = UserFactory(username="lezer", weekly_digest=True)
        UserFactory(username="oude-lezer", weekly_digest=True, is_active=False)
        followups_flag_overdue(on=MONDAY)

        plan = reminder_plan(on=MONDAY)

        # Over time (by due date), then due next; with how many of each there are in all.
        korpschef_items = ([6, 1, 2, 5, 3, due_next.pk], 5, 1)
        assert {user_id: planned(reminder) for user_id, reminder in plan.items()} == {
            4: korpschef_items,  # the demo user "korpschef"
            korpschef_member.pk: korpschef_items,
            digest.pk: ([6, 1, 2, 5, 10, 3, due_next.pk], 6, 1),  # everything over time and due next
        }
        assert plan[4] is plan[korpschef_member.pk]  # one list per party, not one per person

    def test_nobody_when_nothing_is_over_time_and_no_digest(self, demo_data):
        assert reminder_plan(on=D(2021, 1, 4)) == {}

    def test_a_digest_reader_gets_what_is_due_next_even_when_nothing_is_over_time(self, demo_data):
        Meeting.objects.filter(pk=2).update(status=Meeting.Status.PLANNED)
        digest = UserFactory(username="lezer", weekly_digest=True)
        plan = reminder_plan(on=D(2021, 1, 4))
        assert {user_id: planned(reminder) for user_id, reminder in plan.items()} == {
            digest.pk: ([6, 1, 2, 5], 0, 4)
        }

    def test_the_log_records_user_week_and_items(self, june):
        _meeting, due_next = june
        digest = UserFactory(username="lezer", weekly_digest=True)

        result = reminders_send(on=MONDAY)

        assert (result.iso_year, result.iso_week, result.recipients, result.sent) == (2021, 18, 2, 2)
        logs = {log.user.username: log for log in ReminderLog.objects.select_related("user")}
        assert set(logs) == {"korpschef", "lezer"}
        for log in logs.values():
            assert (log.iso_year, log.iso_week, log.status, log.attempts) == (2021, 18, "sent", 1)
            assert log.sent_at is not None
        assert logs["korpschef"].follow_up_ids == [6, 1, 2, 5, 3, due_next.pk]
        assert (logs["korpschef"].overdue_total, logs["korpschef"].due_next_total) == (5, 1)
        assert (logs["lezer"].overdue_total, logs["lezer"].due_next_total) == (6, 1)
        assert logs["lezer"].user == digest
        assert sorted(address for message in mail.outbox for address in message.to) == [
            "karin.jansen@lovp.example",
            digest.email,
        ]

    def test_twice_in_a_week_sends_once(self, june):
        reminders_send(on=MONDAY)
        again = reminders_send(on=D(2021, 5, 7))  # the Friday of the same week
        assert (again.sent, again.already_sent) == (0, 1)
        assert len(mail.outbox) == 1
        next_week = reminders_send(on=D(2021, 5, 10))
        assert (next_week.iso_week, next_week.sent) == (19, 1)
        assert len(mail.outbox) == 2


class TestRemindersAtScale:
    """Reminders for many people about many follow-ups: a fixed number of queries, one list per party."""

    @pytest.fixture
    def add(self, db):
        origin = AgendaItemFactory(meeting=MeetingFactory(date=D(2021, 2, 8), held=True))
        june = MeetingFactory(date=D(2021, 6, 14))
        parties = [seeded_party(slug) for slug in ("korpschef", "regioburgemeesters", "om")]

        def add(*, people: int = 0, follow_ups: int = 0) -> None:
            for n in range(follow_ups):  # over time, or due at the meeting in June
                target = {"target_kind": Kind.MEETING, "target_meeting": june}
                if n % 2:
                    target = {
                        "target_kind": Kind.DATE,
                        "target_date": D(2021, 3, 1) + datetime.timedelta(n % 40),
                    }
                FollowUpFactory(agenda_item=origin, owner=parties[n % 3], **target)
            for n in range(people):  # one in four reads the digest
                UserFactory(member=True, party=parties[n % 3], weekly_digest=n % 4 == 0)

        return add

    def test_the_number_of_queries_does_not_grow_with_people_or_follow_ups(
        self, add, django_assert_num_queries
    ):
        add(people=5, follow_ups=10)
        with CaptureQueriesContext(connection) as few:
            assert reminders_send(on=MONDAY).sent == 5

        add(people=55)
        with django_assert_num_queries(len(few)):
            assert reminders_send(on=MONDAY + datetime.timedelta(weeks=1)).sent == 60

        add(follow_ups=190)
        with django_assert_num_queries(len(few)):
            assert reminders_send(on=MONDAY + datetime.timedelta(weeks=2)).sent == 60
        log = ReminderLog.objects.filter(iso_week=20, user__weekly_digest=True).first()
        assert (len(log.follow_up_ids), log.overdue_total, log.due_next_total) == (
            2 * ReminderLog.LIST_LIMIT,
            100,
            100,
        )

    def test_one_list_per_party_however_many_members(self, add):
        add(people=60, follow_ups=200)
        plan = reminder_plan(on=MONDAY)
        assert len(plan) == 60
        assert len({id(reminder) for reminder in plan.values()}) == 4  # three parties and the digest
        assert max(len(reminder.follow_up_ids) for reminder in plan.values()) == 2 * ReminderLog.LIST_LIMIT


# --- the management commands ---------------------------------------------------------------------------


class TestCommands:
    def test_send_reminders_prints_what_it_did(self, june):
        out = StringIO()
        call_command("send_reminders", "--date", "2021-05-03", stdout=out)
        assert out.getvalue().splitlines() == [
            "Week 2021-W18: 1 ontvangers, 1 e-mails verstuurd, 0 waren deze week al verstuurd.",
            "  korpschef <karin.jansen@lovp.example>: verstuurd, 5 over tijd, 1 voor de volgende vergadering",
        ]

        out = StringIO()
        call_command("send_reminders", "--date", "2021-05-04", stdout=out)
        assert out.getvalue().splitlines()[0] == (
            "Week 2021-W18: 1 ontvangers, 0 e-mails verstuurd, 1 waren deze week al verstuurd."
        )
        assert len(mail.outbox) == 1

    def test_send_reminders_without_a_date_uses_today(self, demo_data, today):
        today(MONDAY)
        out = StringIO()
        call_command("send_reminders", stdout=out)
        assert out.getvalue().startswith("Week 2021-W18: 1 ontvangers, 1 e-mails verstuurd")

    @pytest.mark.parametrize("command", ["flag_overdue", "draft_agenda", "send_reminders"])
    def test_a_wrong_date_is_a_clear_error(self, demo_data, command):
        with pytest.raises(CommandError, match="‘2021-13-01’ is geen datum; schrijf hem als JJJJ-MM-DD"):
            call_command(command, "--date", "2021-13-01", stdout=StringIO())
        assert not FollowUp.objects.filter(overdue_since__isnull=False).exists()
        assert not ReminderLog.objects.exists()

    @pytest.mark.parametrize("command", ["flag_overdue", "draft_agenda", "send_reminders"])
    def test_a_wrong_date_on_the_command_line_is_a_usage_error_not_a_traceback(self, command, capsys):
        with pytest.raises(SystemExit) as exit_info:
            execute_from_command_line(["manage.py", command, "--date", "2021-13-01"])
        assert exit_info.value.code == 2
        stderr = capsys.readouterr().err
        assert "argument --date: ‘2021-13-01’ is geen datum; schrijf hem als JJJJ-MM-DD." in stderr
        assert "Traceback" not in stderr


# --- the schedule --------------------------------------------------------------------------------------


class TestBeatSchedule:
    def test_three_jobs_with_their_times(self):
        schedule = settings.CELERY_BEAT_SCHEDULE
        assert {entry["task"]: entry["schedule"] for entry in schedule.values()} == {
            "decisions.flag_overdue": crontab(hour=6, minute=0),
            "agenda.draft_agenda_check": crontab(hour=6, minute=30),
            "decisions.send_reminders": crontab(hour=8, minute=0, day_of_week="monday"),
        }
        reminders = next(e["schedule"] for e in schedule.values() if e["task"] == "decisions.send_reminders")
        assert reminders.day_of_week == {1}
        assert settings.CELERY_TIMEZONE == "Europe/Amsterdam"
        assert celery_app.conf.timezone == "Europe/Amsterdam"
        assert celery_app.conf.beat_schedule == schedule

    def test_the_tasks_exist(self):
        celery_app.loader.import_default_modules()
        for entry in settings.CELERY_BEAT_SCHEDULE.values():
            assert entry["task"] in celery_app.tasks
        for name in (
            "decisions.flag_overdue",
            "decisions.send_reminders",
            "agenda.draft_agenda_check",
            "agenda.build_draft_agenda",
            "agenda.notify_draft_ready",
            "agenda.notify_agenda_published",
        ):
            assert name in celery_app.tasks, name

    @pytest.mark.parametrize(
        "utc, due",
        [
            # 06:00 in Amsterdam is 04:00 UTC in summer (CEST) and 05:00 UTC in winter (CET).
            (datetime.datetime(2021, 5, 3, 3, 59), False),
            (datetime.datetime(2021, 5, 3, 4, 0), True),
            (datetime.datetime(2021, 1, 4, 4, 30), False),
            (datetime.datetime(2021, 1, 4, 5, 0), True),
        ],
    )
    def test_flag_overdue_runs_at_six_amsterdam_time(self, utc, due):
        entry = next(
            e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "decisions.flag_overdue"
        )
        schedule = copy.copy(entry["schedule"])
        schedule.app = celery_app  # its timezone: CELERY_TIMEZONE
        now = utc.replace(tzinfo=datetime.UTC)
        last_run = now - datetime.timedelta(hours=12)
        with time_machine.travel(now, tick=False):
            assert schedule.is_due(last_run).is_due is due
