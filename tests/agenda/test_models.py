import datetime

import pytest
from django.utils import translation

from agenda.models import Meeting, MeetingStateError, Topic
from tests.factories import AgendaItemFactory, MeetingFactory, TopicFactory

pytestmark = pytest.mark.django_db


class TestMeetingTitle:
    def test_regular_meeting_is_called_lovp_with_the_dutch_date(self):
        meeting = MeetingFactory(date=datetime.date(2020, 11, 23))
        with translation.override("nl"):
            assert meeting.title == "LOVP 23 november 2020"
            assert str(meeting) == "LOVP 23 november 2020"

    def test_extra_meeting_says_so(self):
        meeting = MeetingFactory(date=datetime.date(2021, 3, 9), extra=True)
        with translation.override("nl"):
            assert meeting.title == "Extra LOVP 9 maart 2021"

    def test_english_uses_english_month_names(self):
        meeting = MeetingFactory(date=datetime.date(2021, 3, 9))
        with translation.override("en"):
            assert "9 March 2021" in meeting.title


class TestMeetingTransitions:
    def test_new_meeting_is_planned(self):
        meeting = Meeting.objects.create(date=datetime.date(2021, 2, 8))
        assert meeting.status == Meeting.Status.PLANNED
        assert not meeting.is_held

    def test_mark_held(self):
        meeting = MeetingFactory()
        meeting.mark_held()
        meeting.save()
        meeting.refresh_from_db()
        assert meeting.is_held

    def test_mark_held_twice_is_refused(self):
        meeting = MeetingFactory()
        meeting.mark_held()
        with pytest.raises(MeetingStateError):
            meeting.mark_held()
        assert meeting.status == Meeting.Status.HELD

    def test_reopen_a_held_meeting(self):
        meeting = MeetingFactory(held=True)
        meeting.reopen()
        assert meeting.status == Meeting.Status.PLANNED

    def test_reopen_a_planned_meeting_is_refused(self):
        meeting = MeetingFactory()
        with pytest.raises(MeetingStateError):
            meeting.reopen()
        assert meeting.status == Meeting.Status.PLANNED


class TestMeetingQuerySet:
    def test_in_month_after_and_upcoming(self):
        january = MeetingFactory(date=datetime.date(2021, 1, 20), held=True)
        february = MeetingFactory(date=datetime.date(2021, 2, 8))
        late_february = MeetingFactory(date=datetime.date(2021, 2, 22))
        MeetingFactory(date=datetime.date(2021, 3, 1))

        assert list(Meeting.objects.in_month(datetime.date(2021, 2, 14))) == [february, late_february]
        assert Meeting.objects.after(datetime.date(2021, 1, 20)).first() == february
        assert Meeting.objects.after(datetime.date(2021, 1, 19)).first() == january
        # Held meetings are not upcoming; a planned meeting on the day itself is.
        assert Meeting.objects.upcoming(datetime.date(2021, 1, 1)).first() == february
        assert Meeting.objects.upcoming(datetime.date(2021, 2, 8)).first() == february


class TestTopic:
    def test_slug_is_generated_from_the_name(self):
        topic = Topic.objects.create(name="Bewaken en beveiligen")
        assert topic.slug == "bewaken-en-beveiligen"
        assert topic.get_absolute_url() == "/onderwerpen/bewaken-en-beveiligen/"

    def test_slug_handles_accents_and_punctuation(self):
        topic = Topic.objects.create(name="Geweldsmiddelen BOA’s")
        assert topic.slug == "geweldsmiddelen-boas"

    def test_slug_stays_when_the_topic_is_renamed(self):
        topic = Topic.objects.create(name="Roosterdruk")
        topic.name = "Inzetbaarheid en roosterdruk"
        topic.save()
        topic.refresh_from_db()
        assert topic.slug == "roosterdruk"

    def test_a_chosen_slug_is_kept(self):
        topic = Topic.objects.create(name="Rondvraag", slug="tot-slot")
        assert topic.slug == "tot-slot"


class TestAgendaItem:
    def test_heading_is_the_topic_name_unless_a_title_is_given(self):
        topic = TopicFactory(name="Rondvraag")
        assert AgendaItemFactory(topic=topic, title="").heading == "Rondvraag"
        assert AgendaItemFactory(topic=topic, title="Tot slot").heading == "Tot slot"

    def test_absolute_url_points_into_the_meeting_page(self):
        item = AgendaItemFactory()
        assert item.get_absolute_url() == f"/vergaderingen/{item.meeting.pk}/#agendapunt-{item.pk}"
