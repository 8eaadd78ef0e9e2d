import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from agenda.models import Meeting
from decisions.models import FollowUp, FollowUpStateError, last_day_of_month
from tests.factories import AgendaItemFactory, FollowUpFactory, MeetingFactory

pytestmark = pytest.mark.django_db

D = datetime.date
ORIGIN = D(2020, 11, 23)
ON = D(2021, 3, 10)  # "today" in the overdue cases below
Kind = FollowUp.TargetKind
Status = FollowUp.Status


@pytest.fixture
def item():
    return AgendaItemFactory(meeting=MeetingFactory(date=ORIGIN, held=True))


# --- the overdue rule --------------------------------------------------------------------------
# Each case builds one follow-up (from the agenda item of ORIGIN) and says whether it is over time
# on a given day. The QuerySet and the instance method must agree on every one of them.


def date_target(day, **extra):
    def build(item):
        return FollowUpFactory(agenda_item=item, target_kind=Kind.DATE, target_date=day, **extra)

    return build


def period_target(day):
    def build(item):
        return FollowUpFactory(agenda_item=item, target_kind=Kind.PERIOD, target_date=day)

    return build


def meeting_target(day, status):
    def build(item):
        meeting = MeetingFactory(date=day, status=status)
        return FollowUpFactory(agenda_item=item, target_kind=Kind.MEETING, target_meeting=meeting)

    return build


def month_target(month, meeting_day=None, meeting_status=Meeting.Status.PLANNED, **extra):
    def build(item):
        if meeting_day:
            MeetingFactory(date=meeting_day, status=meeting_status)
        return FollowUpFactory(agenda_item=item, target_kind=Kind.MONTH, target_month=month, **extra)

    return build


def next_meeting_target(meeting_day=None, meeting_status=Meeting.Status.PLANNED):
    def build(item):
        if meeting_day:
            MeetingFactory(date=meeting_day, status=meeting_status)
        return FollowUpFactory(agenda_item=item, target_kind=Kind.NEXT_MEETING)

    return build


def unspecified_target(item):
    return FollowUpFactory(agenda_item=item, target_kind=Kind.UNSPECIFIED)


HELD, PLANNED = Meeting.Status.HELD, Meeting.Status.PLANNED

OVERDUE_CASES = [
    # (id, build, on, overdue)
    ("date-due-today", date_target(ON), ON, False),
    ("date-due-yesterday", date_target(ON - datetime.timedelta(days=1)), ON, True),
    ("date-due-tomorrow", date_target(ON + datetime.timedelta(days=1)), ON, False),
    ("period-ends-today", period_target(ON), ON, False),
    ("period-ended-yesterday", period_target(ON - datetime.timedelta(days=1)), ON, True),
    ("meeting-held-today", meeting_target(ON, HELD), ON, True),
    ("meeting-held-yesterday", meeting_target(ON - datetime.timedelta(days=1), HELD), ON, True),
    ("meeting-planned-today", meeting_target(ON, PLANNED), ON, False),
    ("meeting-planned-tomorrow", meeting_target(ON + datetime.timedelta(days=1), PLANNED), ON, False),
    # Looking back at a day before the (held) meeting took place: not over time yet then.
    ("meeting-held-but-after-the-day", meeting_target(ON + datetime.timedelta(days=7), HELD), ON, False),
    ("meeting-planned-passed-not-held", meeting_target(ON - datetime.timedelta(days=1), PLANNED), ON, True),
    # A month target is due on the last day of the month ...
    ("month-last-day", month_target(D(2021, 3, 1)), D(2021, 3, 31), False),
    ("month-over", month_target(D(2021, 3, 1)), D(2021, 4, 1), True),
    # ... or earlier, once the meeting in that month has been held without resolving it.
    ("month-meeting-held-today", month_target(D(2021, 3, 1), D(2021, 3, 10), HELD), ON, True),
    ("month-meeting-held-after-the-day", month_target(D(2021, 3, 1), D(2021, 3, 22), HELD), ON, False),
    # The month's meeting date has passed but it is not marked held: the month is not over.
    ("month-meeting-passed-not-held", month_target(D(2021, 3, 1), D(2021, 3, 8), PLANNED), ON, False),
    ("month-next-year", month_target(D(2021, 4, 1)), ON, False),
    ("next-meeting-held", next_meeting_target(D(2021, 2, 8), HELD), ON, True),
    ("next-meeting-planned-later", next_meeting_target(D(2021, 4, 12), PLANNED), ON, False),
    ("next-meeting-not-planned", next_meeting_target(), D(2030, 1, 1), False),
    ("unspecified-never-by-date", unspecified_target, D(2030, 1, 1), False),
    (
        "scheduled-due-yesterday",
        date_target(ON - datetime.timedelta(days=1), status=Status.SCHEDULED),
        ON,
        True,
    ),
    ("done-due-long-ago", date_target(D(2020, 12, 1), done=True), ON, False),
    ("dropped-due-long-ago", date_target(D(2020, 12, 1), dropped=True), ON, False),
    ("done-month-meeting-held", month_target(D(2021, 3, 1), D(2021, 3, 8), HELD, done=True), ON, False),
    ("dropped-month-over", month_target(D(2021, 1, 1), dropped=True), ON, False),
]


@pytest.mark.parametrize(
    ("build", "on", "overdue"), [case[1:] for case in OVERDUE_CASES], ids=[case[0] for case in OVERDUE_CASES]
)
def test_overdue_queryset_and_instance_agree(item, build, on, overdue):
    follow_up = build(item)

    in_queryset = FollowUp.objects.overdue(on=on).filter(pk=follow_up.pk).exists()
    in_complement = FollowUp.objects.not_overdue(on=on).filter(pk=follow_up.pk).exists()
    from_database = FollowUp.objects.get(pk=follow_up.pk)

    assert in_queryset is overdue
    assert in_complement is not overdue
    assert from_database.is_overdue(on=on) is overdue
    assert follow_up.is_overdue(on=on) is overdue


def test_overdue_counts_each_follow_up_once(item):
    """A follow-up that is over time on both grounds must not be counted twice."""
    meeting = MeetingFactory(date=D(2021, 2, 8), held=True)
    FollowUpFactory(agenda_item=item, target_kind=Kind.MEETING, target_meeting=meeting)
    FollowUpFactory(agenda_item=item, target_kind=Kind.DATE, target_date=D(2021, 3, 31))
    assert FollowUp.objects.overdue(on=D(2021, 3, 10)).count() == 1
    assert FollowUp.objects.overdue(on=D(2021, 4, 1)).count() == 2


# --- resolving the target ------------------------------------------------------------------------


class TestResolveTarget:
    def test_month_is_due_on_its_last_day(self, item):
        follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.MONTH, target_month=D(2021, 2, 1))
        assert follow_up.due_date == D(2021, 2, 28)
        assert follow_up.target_meeting is None

    def test_month_in_a_leap_year(self, item):
        follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.MONTH, target_month=D(2024, 2, 1))
        assert follow_up.due_date == D(2024, 2, 29)
        assert last_day_of_month(D(2021, 4, 15)) == D(2021, 4, 30)
        assert last_day_of_month(D(2021, 12, 1)) == D(2021, 12, 31)

    def test_month_points_at_the_first_meeting_in_that_month(self, item):
        first = MeetingFactory(date=D(2021, 2, 8))
        MeetingFactory(date=D(2021, 2, 22))
        MeetingFactory(date=D(2021, 3, 1))
        follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.MONTH, target_month=D(2021, 2, 1))
        assert follow_up.target_meeting == first
        # Still due at the end of the month, not at the meeting.
        assert follow_up.due_date == D(2021, 2, 28)

    def test_next_meeting_is_the_first_meeting_after_the_origin(self, item):
        MeetingFactory(date=D(2020, 10, 5))
        later = MeetingFactory(date=D(2021, 3, 1))
        sooner = MeetingFactory(date=D(2021, 2, 8))
        follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.NEXT_MEETING)
        assert follow_up.target_meeting == sooner
        assert follow_up.due_date == D(2021, 2, 8)
        assert later != sooner

    def test_next_meeting_not_yet_planned(self, item):
        follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.NEXT_MEETING)
        assert follow_up.target_meeting is None
        assert follow_up.due_date is None

    def test_meeting_target_is_due_on_the_meeting_date(self, item):
        meeting = MeetingFactory(date=D(2021, 4, 12))
        follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.MEETING, target_meeting=meeting)
        assert follow_up.due_date == D(2021, 4, 12)

    @pytest.mark.parametrize("kind", [Kind.DATE, Kind.PERIOD])
    def test_date_and_period_are_due_on_the_date_and_drop_any_meeting(self, item, kind):
        meeting = MeetingFactory(date=D(2021, 3, 1))
        follow_up = FollowUpFactory(
            agenda_item=item, target_kind=kind, target_date=D(2021, 3, 31), target_meeting=meeting
        )
        assert follow_up.due_date == D(2021, 3, 31)
        assert follow_up.target_meeting is None

    def test_unspecified_has_no_due_date(self, item):
        MeetingFactory(date=D(2021, 3, 1))
        follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.UNSPECIFIED)
        assert follow_up.due_date is None
        assert follow_up.target_meeting is None


class TestTargetLabel:
    @pytest.fixture(autouse=True)
    def dutch(self):
        with translation.override("nl"):
            yield

    def test_month_without_and_with_meeting(self, item):
        follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.MONTH, target_month=D(2021, 4, 1))
        assert follow_up.target_label == "april 2021"
        MeetingFactory(date=D(2021, 4, 12))
        follow_up.resolve_target()
        assert follow_up.target_label == "april 2021 (LOVP 12 april 2021)"

    def test_next_meeting(self, item):
        follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.NEXT_MEETING)
        assert follow_up.target_label == "volgende vergadering (nog niet gepland)"
        MeetingFactory(date=D(2021, 2, 8))
        follow_up.resolve_target()
        assert follow_up.target_label == "volgende vergadering (LOVP 8 februari 2021)"

    def test_date_period_meeting_unspecified(self, item):
        assert FollowUpFactory(
            agenda_item=item, target_kind=Kind.DATE, target_date=D(2021, 3, 31)
        ).target_label == ("31 maart 2021")
        assert FollowUpFactory(
            agenda_item=item, target_kind=Kind.PERIOD, target_date=D(2021, 3, 31)
        ).target_label == ("uiterlijk 31 maart 2021")
        meeting = MeetingFactory(date=D(2021, 3, 9), extra=True)
        assert FollowUpFactory(
            agenda_item=item, target_kind=Kind.MEETING, target_meeting=meeting
        ).target_label == ("Extra LOVP 9 maart 2021")
        assert FollowUpFactory(agenda_item=item, target_kind=Kind.UNSPECIFIED).target_label == "niet bepaald"


# --- state transitions ---------------------------------------------------------------------------


class TestFollowUpTransitions:
    def test_mark_done_records_how_where_who_and_when(self, item, secretariat_user, today):
        today(D(2021, 2, 9))
        meeting = MeetingFactory(date=D(2021, 2, 8), held=True)
        follow_up = FollowUpFactory(agenda_item=item)
        follow_up.mark_done(resolution="Plan besproken.", meeting=meeting, by=secretariat_user)
        follow_up.save()
        follow_up.refresh_from_db()
        assert follow_up.status == Status.DONE
        assert follow_up.is_resolved
        assert follow_up.resolution == "Plan besproken."
        assert follow_up.resolved_in == meeting
        assert follow_up.resolved_by == secretariat_user
        assert follow_up.resolved_at.date() == D(2021, 2, 9)

    def test_drop_records_the_reason(self, item, secretariat_user):
        follow_up = FollowUpFactory(agenda_item=item)
        follow_up.drop(reason="Achterhaald.", meeting=None, by=secretariat_user)
        assert follow_up.status == Status.DROPPED
        assert follow_up.resolution == "Achterhaald."
        assert follow_up.resolved_in is None
        assert follow_up.resolved_by == secretariat_user
        assert follow_up.resolved_at is not None

    @pytest.mark.parametrize("trait", ["done", "dropped"])
    @pytest.mark.parametrize("action", ["mark_done", "drop", "schedule"])
    def test_a_resolved_follow_up_cannot_be_closed_or_scheduled_again(
        self, item, trait, action, secretariat_user
    ):
        follow_up = FollowUpFactory(agenda_item=item, **{trait: True})
        status = follow_up.status
        kwargs = {}
        if action == "mark_done":
            kwargs = {"resolution": "Nogmaals.", "meeting": None, "by": secretariat_user}
        elif action == "drop":
            kwargs = {"reason": "Nogmaals.", "meeting": None, "by": secretariat_user}
        with pytest.raises(FollowUpStateError):
            getattr(follow_up, action)(**kwargs)
        assert follow_up.status == status

    def test_reopen_clears_the_resolution(self, item, secretariat_user):
        meeting = MeetingFactory(date=D(2021, 2, 8), held=True)
        follow_up = FollowUpFactory(agenda_item=item)
        follow_up.mark_done(resolution="Klaar.", meeting=meeting, by=secretariat_user)
        follow_up.reopen()
        assert follow_up.status == Status.OPEN
        assert follow_up.resolution == ""
        assert follow_up.resolved_in is None
        assert follow_up.resolved_by is None
        assert follow_up.resolved_at is None

    @pytest.mark.parametrize("status", [Status.OPEN, Status.SCHEDULED])
    def test_reopen_an_unresolved_follow_up_is_refused(self, item, status):
        follow_up = FollowUpFactory(agenda_item=item, status=status)
        with pytest.raises(FollowUpStateError):
            follow_up.reopen()
        assert follow_up.status == status

    def test_schedule_an_open_follow_up(self, item, secretariat_user):
        follow_up = FollowUpFactory(agenda_item=item)
        follow_up.schedule()
        assert follow_up.status == Status.SCHEDULED
        assert not follow_up.is_resolved
        # A scheduled follow-up can still be closed.
        follow_up.mark_done(resolution="Besproken.", meeting=None, by=secretariat_user)
        assert follow_up.status == Status.DONE

    def test_state_error_message_is_dutch(self, item):
        follow_up = FollowUpFactory(agenda_item=item, done=True)
        with (
            translation.override("nl"),
            pytest.raises(FollowUpStateError, match="Deze vervolgactie is al afgerond."),
        ):
            follow_up.schedule()


class TestConstraints:
    @pytest.mark.parametrize(
        "fields",
        [
            {"target_kind": Kind.MEETING},
            {"target_kind": Kind.MONTH},
            {"target_kind": Kind.DATE},
            {"target_kind": Kind.PERIOD},
        ],
    )
    def test_a_target_without_its_value_cannot_be_stored(self, item, fields):
        with pytest.raises(IntegrityError), transaction.atomic():
            FollowUp.objects.create(agenda_item=item, topic=item.topic, description="Zonder doel", **fields)
