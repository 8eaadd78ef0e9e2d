"""A meeting as an .ics file and the personal calendar feed, parsed back with icalendar."""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from agenda.calendar import feed_calendar, site_url
from agenda.models import Meeting
from decisions.models import FollowUp
from tests.factories import (
    AgendaItemFactory,
    FollowUpFactory,
    MeetingFactory,
    TopicFactory,
    UserFactory,
    seeded_party,
)

D = datetime.date
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TODAY = D(2026, 11, 22)


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(b"".join(response) if response.streaming else response.content)


def events_by_uid(calendar: Calendar) -> dict:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def meetings(db, today):
    today(TODAY)
    published = MeetingFactory(
        date=D(2026, 12, 14),
        start_time=datetime.time(10, 0),
        location="Ministerie van Justitie en Veiligheid, Den Haag",
        agenda_status=Meeting.AgendaStatus.PUBLISHED,
    )
    AgendaItemFactory(meeting=published, topic=TopicFactory(name="Roosterdruk"), position=1)
    AgendaItemFactory(
        meeting=published, topic=TopicFactory(name="BOA"), title="Bodycams voor BOA's", position=2
    )
    return SimpleNamespace(
        published=published,
        all_day=MeetingFactory(date=D(2027, 2, 8), kind=Meeting.Kind.EXTRA, location=""),
        summer=MeetingFactory(date=D(2027, 6, 14), start_time=datetime.time(13, 30)),
        last_month=MeetingFactory(date=D(2026, 11, 2), status=Meeting.Status.HELD),
        long_ago=MeetingFactory(date=D(2026, 9, 1), status=Meeting.Status.HELD),
    )


# --- one meeting ---------------------------------------------------------------------------------


def test_meeting_ics_with_a_start_time(member_client, meetings):
    meeting = meetings.published
    response = member_client.get(reverse("agenda:meeting_ics", kwargs={"pk": meeting.pk}))

    assert response["Content-Disposition"] == 'attachment; filename="lovp-14-december-2026.ics"'
    calendar = parse(response)
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"meeting-{meeting.pk}@lovp-besluitvolger"
    assert str(event["SUMMARY"]) == "LOVP 14 december 2026"
    start = event.decoded("DTSTART")
    assert start == datetime.datetime(2026, 12, 14, 10, 0, tzinfo=AMSTERDAM)
    assert start.tzinfo.key == "Europe/Amsterdam"
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert event.decoded("DTEND") == datetime.datetime(2026, 12, 14, 13, 0, tzinfo=AMSTERDAM)
    assert str(event["LOCATION"]) == "Ministerie van Justitie en Veiligheid, Den Haag"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "DTSTAMP" in event
    url = f"http://testserver/vergaderingen/{meeting.pk}/"
    assert str(event["URL"]) == url
    description = str(event["DESCRIPTION"])
    assert "Agenda:\n1. Roosterdruk\n2. Bodycams voor BOA's\n" in description
    assert description.endswith(url)
    # The time zone is described in the file itself, for calendar apps that need it.
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Amsterdam"]


def test_meeting_ics_keeps_the_local_time_in_summer(member_client, meetings):
    calendar = parse(member_client.get(reverse("agenda:meeting_ics", kwargs={"pk": meetings.summer.pk})))
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert start == datetime.datetime(2027, 6, 14, 13, 30, tzinfo=AMSTERDAM)
    assert start.astimezone(datetime.UTC).hour == 11  # CEST, two hours ahead of UTC
    assert event.decoded("DTEND") - start == datetime.timedelta(hours=3)


def test_meeting_ics_without_a_start_time_is_an_all_day_event(member_client, meetings):
    meeting = meetings.all_day
    calendar = parse(member_client.get(reverse("agenda:meeting_ics", kwargs={"pk": meeting.pk})))
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Extra LOVP 8 februari 2027"
    assert event.decoded("DTSTART") == D(2027, 2, 8)
    assert not isinstance(event.decoded("DTSTART"), datetime.datetime)
    assert event.decoded("DTEND") == D(2027, 2, 9)
    assert "LOCATION" not in event
    # No agenda items: only the link.
    assert "Agenda:" not in str(event["DESCRIPTION"])
    assert calendar.timezones == []


def test_meeting_ics_does_not_show_a_draft_agenda(member_client, meetings):
    meeting = meetings.published
    meeting.agenda_status = Meeting.AgendaStatus.DRAFT
    meeting.save()
    calendar = parse(member_client.get(reverse("agenda:meeting_ics", kwargs={"pk": meeting.pk})))
    description = str(calendar.walk("VEVENT")[0]["DESCRIPTION"])
    assert "Roosterdruk" not in description
    assert "De agenda is nog in voorbereiding." in description


def test_meeting_ics_needs_a_login(anonymous_client, meetings):
    url = reverse("agenda:meeting_ics", kwargs={"pk": meetings.published.pk})
    response = anonymous_client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_meeting_ics_of_an_unknown_meeting(member_client, db):
    assert member_client.get(reverse("agenda:meeting_ics", kwargs={"pk": 999999})).status_code == 404


def test_meeting_page_links_to_its_ics(member_client, meetings):
    meeting = meetings.published
    response = member_client.get(meeting.get_absolute_url())
    assert reverse("agenda:meeting_ics", kwargs={"pk": meeting.pk}).encode() in response.content
    assert "In mijn agenda (.ics)" in response.content.decode()


# --- the personal feed ---------------------------------------------------------------------------


@pytest.fixture
def feed_user(db):
    user = UserFactory(username="kees", member=True)  # party: korpschef
    user.renew_calendar_token()
    user.save()
    return user


def feed_url(token: str) -> str:
    return reverse("agenda:calendar_feed", kwargs={"token": token})


@pytest.fixture
def follow_ups(meetings, korpschef):
    item = AgendaItemFactory(meeting=meetings.last_month, topic=TopicFactory(name="Inzetbaarheid"))
    return SimpleNamespace(
        mine=FollowUpFactory(
            agenda_item=item,
            description="Landelijk plan inzetbaarheid agenderen",
            owner=korpschef,
            target_kind=FollowUp.TargetKind.DATE,
            target_date=D(2026, 12, 31),
        ),
        mine_overdue=FollowUpFactory(
            agenda_item=item,
            description="Evaluatie piketregeling",
            owner=korpschef,
            target_kind=FollowUp.TargetKind.DATE,
            target_date=D(2026, 10, 1),
        ),
        mine_done=FollowUpFactory(
            agenda_item=item,
            owner=korpschef,
            target_kind=FollowUp.TargetKind.DATE,
            target_date=D(2026, 12, 1),
            done=True,
        ),
        mine_without_due_date=FollowUpFactory(
            agenda_item=item, owner=korpschef, target_kind=FollowUp.TargetKind.UNSPECIFIED
        ),
        someone_elses=FollowUpFactory(
            agenda_item=item,
            owner=seeded_party("om"),
            target_kind=FollowUp.TargetKind.DATE,
            target_date=D(2026, 12, 31),
        ),
    )


def test_feed_works_without_login(anonymous_client, feed_user, meetings, follow_ups):
    response = anonymous_client.get(feed_url(feed_user.calendar_token))
    calendar = parse(response)

    assert str(calendar["X-WR-CALNAME"]) == "LOVP-besluitvolger"
    events = events_by_uid(calendar)
    # Meetings from 30 days ago on; the due dates of the party's unresolved follow-ups that have one.
    assert set(events) == {
        f"meeting-{meetings.last_month.pk}@lovp-besluitvolger",
        f"meeting-{meetings.published.pk}@lovp-besluitvolger",
        f"meeting-{meetings.all_day.pk}@lovp-besluitvolger",
        f"meeting-{meetings.summer.pk}@lovp-besluitvolger",
        f"follow-up-{follow_ups.mine.pk}@lovp-besluitvolger",
        f"follow-up-{follow_ups.mine_overdue.pk}@lovp-besluitvolger",
    }

    meeting = events[f"meeting-{meetings.published.pk}@lovp-besluitvolger"]
    assert str(meeting["SUMMARY"]) == "LOVP 14 december 2026"
    assert meeting.decoded("DTSTART") == datetime.datetime(2026, 12, 14, 10, 0, tzinfo=AMSTERDAM)
    assert str(meeting["URL"]) == f"http://testserver/vergaderingen/{meetings.published.pk}/"
    assert events[f"meeting-{meetings.all_day.pk}@lovp-besluitvolger"].decoded("DTSTART") == D(2027, 2, 8)

    due = events[f"follow-up-{follow_ups.mine.pk}@lovp-besluitvolger"]
    assert str(due["SUMMARY"]) == "Vervolgactie: Landelijk plan inzetbaarheid agenderen (uiterlijk)"
    assert due.decoded("DTSTART") == D(2026, 12, 31)
    assert due.decoded("DTEND") == D(2027, 1, 1)
    assert str(due["TRANSP"]) == "TRANSPARENT"
    link = f"http://testserver/vervolgacties/{follow_ups.mine.pk}/"
    assert str(due["URL"]) == link
    assert link in str(due["DESCRIPTION"])
    assert "Onderwerp: Inzetbaarheid" in str(due["DESCRIPTION"])


def test_feed_of_someone_without_a_party_has_only_meetings(anonymous_client, meetings, follow_ups):
    user = UserFactory(username="secretaris", secretariat=True)
    user.renew_calendar_token()
    user.save()
    events = events_by_uid(parse(anonymous_client.get(feed_url(user.calendar_token))))
    assert len(events) == 4
    assert all(uid.startswith("meeting-") for uid in events)


def test_feed_with_an_unknown_token_is_not_found(anonymous_client, feed_user):
    assert anonymous_client.get(feed_url("onbekend-adres")).status_code == 404


def test_revoked_feed_is_not_found(anonymous_client, feed_user):
    token = feed_user.calendar_token
    feed_user.revoke_calendar_token()
    feed_user.save()
    assert anonymous_client.get(feed_url(token)).status_code == 404


def test_renewed_feed_only_works_at_the_new_address(anonymous_client, feed_user):
    old = feed_user.calendar_token
    new = feed_user.renew_calendar_token()
    feed_user.save()
    assert anonymous_client.get(feed_url(old)).status_code == 404
    assert anonymous_client.get(feed_url(new)).status_code == 200


def test_feed_of_an_inactive_user_is_not_found(anonymous_client, feed_user):
    feed_user.is_active = False
    feed_user.save()
    assert anonymous_client.get(feed_url(feed_user.calendar_token)).status_code == 404


def test_feed_is_not_cached_or_indexed(anonymous_client, feed_user):
    response = anonymous_client.get(feed_url(feed_user.calendar_token))
    assert "no-cache" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def _calendar_world(count: int, korpschef):
    for number in range(count):
        meeting = MeetingFactory(date=TODAY + datetime.timedelta(days=number), start_time=datetime.time(10))
        item = AgendaItemFactory(meeting=meeting)
        FollowUpFactory(
            agenda_item=item,
            owner=korpschef,
            target_kind=FollowUp.TargetKind.DATE,
            target_date=TODAY + datetime.timedelta(days=number),
        )


@pytest.mark.parametrize("count", [10, 60])
def test_feed_queries_do_not_grow_with_its_events(
    anonymous_client, feed_user, korpschef, today, count, django_assert_max_num_queries
):
    today(TODAY)
    _calendar_world(count, korpschef)
    # The user, the meetings, their agenda items, the user's groups (may they read confidential
    # text?), the follow-ups.
    with django_assert_max_num_queries(5):
        calendar = parse(anonymous_client.get(feed_url(feed_user.calendar_token)))
    assert len(calendar.walk("VEVENT")) == 2 * count


def test_feed_can_be_built_without_a_request(feed_user, meetings, follow_ups, settings):
    settings.SITE_URL = "https://lovp.example.nl"
    calendar = Calendar.from_ical(feed_calendar(feed_user, absolute_url=site_url, today=TODAY))
    urls = {str(event["URL"]) for event in calendar.walk("VEVENT")}
    assert f"https://lovp.example.nl/vervolgacties/{follow_ups.mine.pk}/" in urls
