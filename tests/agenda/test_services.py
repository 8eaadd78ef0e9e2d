"""Month and next-meeting targets follow the calendar: agenda.services re-points them when meetings
are added, moved or removed."""

import datetime

import pytest

from agenda import services
from agenda.models import AgendaItem, Meeting, MeetingStateError
from decisions.models import FollowUp
from tests.factories import AgendaItemFactory, FollowUpFactory, MeetingFactory, TopicFactory

pytestmark = pytest.mark.django_db

D = datetime.date
Kind = FollowUp.TargetKind


def fresh(follow_up: FollowUp) -> FollowUp:
    return FollowUp.objects.get(pk=follow_up.pk)


@pytest.fixture
def origin():
    return MeetingFactory(date=D(2020, 11, 23), held=True)


@pytest.fixture
def item(origin):
    return AgendaItemFactory(meeting=origin)


def new_meeting(day: D, **fields) -> Meeting:
    return services.meeting_save(meeting=Meeting(date=day, **fields))


def move(meeting: Meeting, day: D) -> Meeting:
    meeting.date = day
    return services.meeting_save(meeting=meeting)


class TestMonthTarget:
    def test_follows_the_meeting_in_that_month(self, item):
        follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.MONTH, target_month=D(2021, 4, 1))
        assert (follow_up.target_meeting, follow_up.due_date) == (None, D(2021, 4, 30))

        april = new_meeting(D(2021, 4, 15))
        assert (fresh(follow_up).target_meeting, fresh(follow_up).due_date) == (april, D(2021, 4, 30))

        move(april, D(2021, 5, 3))
        assert (fresh(follow_up).target_meeting, fresh(follow_up).due_date) == (None, D(2021, 4, 30))

        move(april, D(2021, 4, 26))
        assert fresh(follow_up).target_meeting == april

    def test_an_earlier_meeting_in_the_month_takes_over(self, item):
        late = new_meeting(D(2021, 4, 26))
        follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.MONTH, target_month=D(2021, 4, 1))
        assert follow_up.target_meeting == late
        early = new_meeting(D(2021, 4, 6))
        assert fresh(follow_up).target_meeting == early

    def test_other_months_are_left_alone(self, item):
        february = new_meeting(D(2021, 2, 8))
        follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.MONTH, target_month=D(2021, 2, 1))
        new_meeting(D(2021, 4, 15))
        assert fresh(follow_up).target_meeting == february

    def test_deleting_the_meeting_of_the_month(self, item):
        april = new_meeting(D(2021, 4, 15))
        follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.MONTH, target_month=D(2021, 4, 1))
        assert follow_up.target_meeting == april

        services.meeting_delete(meeting=april)

        assert not Meeting.objects.filter(pk=april.pk).exists()
        assert (fresh(follow_up).target_meeting, fresh(follow_up).due_date) == (None, D(2021, 4, 30))

    def test_deleting_one_of_two_meetings_in_the_month_points_at_the_other(self, item):
        first = new_meeting(D(2021, 4, 6))
        second = new_meeting(D(2021, 4, 26))
        follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.MONTH, target_month=D(2021, 4, 1))
        assert follow_up.target_meeting == first
        services.meeting_delete(meeting=first)
        assert fresh(follow_up).target_meeting == second


class TestNextMeetingTarget:
    def test_follows_the_first_meeting_after_the_origin(self, item):
        february = new_meeting(D(2021, 2, 8))
        follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.NEXT_MEETING)
        assert (follow_up.target_meeting, follow_up.due_date) == (february, D(2021, 2, 8))

        january = new_meeting(D(2021, 1, 20))
        assert (fresh(follow_up).target_meeting, fresh(follow_up).due_date) == (january, D(2021, 1, 20))

        move(january, D(2021, 3, 1))
        assert (fresh(follow_up).target_meeting, fresh(follow_up).due_date) == (february, D(2021, 2, 8))

    def test_planning_the_first_next_meeting(self, item):
        follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.NEXT_MEETING)
        assert follow_up.target_meeting is None
        february = new_meeting(D(2021, 2, 8))
        assert (fresh(follow_up).target_meeting, fresh(follow_up).due_date) == (february, D(2021, 2, 8))

    def test_moving_the_target_later_past_another_meeting(self, item):
        january = new_meeting(D(2021, 1, 20))
        february = new_meeting(D(2021, 2, 8))
        follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.NEXT_MEETING)
        assert follow_up.target_meeting == january
        move(january, D(2021, 2, 22))
        assert fresh(follow_up).target_meeting == february

    def test_a_meeting_before_the_origin_does_not_count(self, item):
        february = new_meeting(D(2021, 2, 8))
        follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.NEXT_MEETING)
        new_meeting(D(2020, 10, 5))
        assert fresh(follow_up).target_meeting == february

    def test_deleting_the_next_meeting(self, item):
        january = new_meeting(D(2021, 1, 20))
        february = new_meeting(D(2021, 2, 8))
        follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.NEXT_MEETING)
        assert follow_up.target_meeting == january

        services.meeting_delete(meeting=january)

        assert (fresh(follow_up).target_meeting, fresh(follow_up).due_date) == (february, D(2021, 2, 8))

    def test_deleting_the_only_next_meeting(self, item):
        february = new_meeting(D(2021, 2, 8))
        follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.NEXT_MEETING)
        services.meeting_delete(meeting=february)
        assert (fresh(follow_up).target_meeting, fresh(follow_up).due_date) == (None, None)

    def test_moving_the_origin_meeting_later_re_points_its_follow_ups(self):
        origin = new_meeting(D(2021, 1, 20))
        february = new_meeting(D(2021, 2, 8))
        april = new_meeting(D(2021, 4, 12))
        follow_up = FollowUpFactory(
            agenda_item=AgendaItemFactory(meeting=origin), target_kind=Kind.NEXT_MEETING
        )
        assert follow_up.target_meeting == february

        # The secretariat corrects a mistyped date: the meeting was on 1 March, not 20 January.
        move(origin, D(2021, 3, 1))

        assert (fresh(follow_up).target_meeting, fresh(follow_up).due_date) == (april, D(2021, 4, 12))


class TestResolvedFollowUpsStay:
    def test_done_and_dropped_follow_ups_are_not_re_pointed(self, item):
        february = new_meeting(D(2021, 2, 8))
        done_next = FollowUpFactory(agenda_item=item, target_kind=Kind.NEXT_MEETING, done=True)
        dropped_month = FollowUpFactory(
            agenda_item=item, target_kind=Kind.MONTH, target_month=D(2021, 4, 1), dropped=True
        )
        open_next = FollowUpFactory(agenda_item=item, target_kind=Kind.NEXT_MEETING)
        assert done_next.target_meeting == february

        january = new_meeting(D(2021, 1, 20))
        new_meeting(D(2021, 4, 15))

        assert (fresh(done_next).target_meeting, fresh(done_next).due_date) == (february, D(2021, 2, 8))
        assert fresh(dropped_month).target_meeting is None
        assert fresh(open_next).target_meeting == january


class TestMeetingSave:
    def test_changing_anything_but_the_date_leaves_targets_alone(self, item):
        february = new_meeting(D(2021, 2, 8))
        follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.NEXT_MEETING)
        february.location = "Utrecht"
        services.meeting_save(meeting=february)
        assert Meeting.objects.get(pk=february.pk).location == "Utrecht"
        assert fresh(follow_up).target_meeting == february

    def test_a_fixed_meeting_target_keeps_its_meeting(self, item):
        """A follow-up promised for one particular meeting keeps that meeting when others are added."""
        april = new_meeting(D(2021, 4, 12))
        follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.MEETING, target_meeting=april)
        new_meeting(D(2021, 2, 8))
        new_meeting(D(2021, 4, 6))
        assert (fresh(follow_up).target_meeting, fresh(follow_up).due_date) == (april, D(2021, 4, 12))

    def test_moving_a_fixed_target_meeting_moves_the_due_date(self, item):
        april = new_meeting(D(2021, 4, 12))
        follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.MEETING, target_meeting=april)
        assert follow_up.due_date == D(2021, 4, 12)

        move(april, D(2021, 4, 19))

        assert fresh(follow_up).due_date == D(2021, 4, 19)
        assert not FollowUp.objects.overdue(on=D(2021, 4, 15)).exists()


class TestMeetingDelete:
    def test_a_meeting_with_agenda_items_cannot_be_deleted(self, item):
        meeting = new_meeting(D(2021, 2, 8))
        AgendaItemFactory(meeting=meeting, topic=TopicFactory(name="Roosterdruk"))
        with pytest.raises(MeetingStateError):
            services.meeting_delete(meeting=meeting)
        assert Meeting.objects.filter(pk=meeting.pk).exists()
        assert AgendaItem.objects.filter(meeting=meeting).count() == 1

    def test_a_meeting_that_is_a_fixed_target_cannot_be_deleted(self, item):
        april = new_meeting(D(2021, 4, 12))
        follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.MEETING, target_meeting=april)
        with pytest.raises(MeetingStateError):
            services.meeting_delete(meeting=april)
        assert Meeting.objects.filter(pk=april.pk).exists()
        assert fresh(follow_up).target_meeting == april

    def test_deleting_a_meeting_someone_resolved_a_follow_up_in(self, item, secretariat_user):
        april = new_meeting(D(2021, 4, 12))
        follow_up = FollowUpFactory(agenda_item=item, target_kind=Kind.DATE, target_date=D(2021, 5, 1))
        follow_up.mark_done(resolution="Schriftelijk afgedaan.", meeting=april, by=secretariat_user)
        follow_up.save()
        services.meeting_delete(meeting=april)
        follow_up = fresh(follow_up)
        assert follow_up.resolved_in is None
        assert follow_up.status == FollowUp.Status.DONE
