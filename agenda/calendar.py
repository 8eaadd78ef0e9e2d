"""iCalendar documents: one meeting as an .ics file, and a person's calendar feed.

The builders take `absolute_url`, a function from a path to a full address: a view passes
`request.build_absolute_uri`; code without a request can pass `site_url` (settings.SITE_URL).

They also take the `user` the calendar is for: text that is confidential for that user on the day
(lovp.confidentiality) stays out of it, as on the pages (without a user, all confidential text does).
"""

import datetime
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from agenda.models import CHRONOLOGICAL, AgendaItem, Meeting
from decisions.models import FollowUp

PRODID = "-//LOVP-besluitvolger//Vergaderingen en vervolgacties//NL"
UID_DOMAIN = "lovp-besluitvolger"
CALENDAR_NAME = "LOVP-besluitvolger"
# A meeting with a start time but no end time is entered in calendars as taking this long.
MEETING_DURATION = datetime.timedelta(hours=3)
# The feed shows meetings from this long ago onwards, so last month's meeting is still there.
FEED_HISTORY = datetime.timedelta(days=30)
# How often calendar apps are asked to fetch the feed again (they may take longer).
FEED_REFRESH = datetime.timedelta(hours=1)
# The years the VTIMEZONE covers at most. A date may be typed as 9999-12-31 or 0001-01-01; the
# calendar must still be built (it used to fail on the day after the last day Python knows).
TIMEZONE_YEARS = (datetime.date(1900, 1, 1), datetime.date(2200, 12, 31))

AbsoluteUrl = Callable[[str], str]


def _later(value, delta: datetime.timedelta):
    """value + delta, or value itself when that would pass the first or last day Python knows."""
    try:
        return value + delta
    except OverflowError:
        return value


def site_url(path: str) -> str:
    """`absolute_url` for code that has no request: e-mails, jobs."""
    return f"{settings.SITE_URL}{path}"


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{UID_DOMAIN}"


def follow_up_uid(follow_up: FollowUp) -> str:
    return f"follow-up-{follow_up.pk}@{UID_DOMAIN}"


def meetings_with_agenda(queryset=None):
    """Meetings with their agenda items (and topics) fetched in one extra query, whatever their number."""
    items = AgendaItem.objects.select_related("topic").order_by("position", "pk")
    queryset = Meeting.objects.all() if queryset is None else queryset
    return queryset.prefetch_related(Prefetch("agenda_items", queryset=items))


def meeting_event(
    meeting: Meeting, *, absolute_url: AbsoluteUrl, stamp: datetime.datetime, user=None, on: datetime.date
) -> Event:
    """A meeting as an event; expects meeting.agenda_items to be prefetched (see meetings_with_agenda)."""
    url = absolute_url(meeting.get_absolute_url())
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", stamp)
    event.add("last-modified", meeting.updated_at)
    event.add("summary", meeting.title)
    if meeting.start_time is not None:
        start = datetime.datetime.combine(
            meeting.date, meeting.start_time, tzinfo=ZoneInfo(settings.TIME_ZONE)
        )
        event.add("dtstart", start)
        event.add("dtend", _later(start, MEETING_DURATION))
    else:
        # No time known yet: an all-day entry (DTEND is exclusive).
        event.add("dtstart", meeting.date)
        event.add("dtend", _later(meeting.date, datetime.timedelta(days=1)))
    if meeting.location:
        event.add("location", meeting.location)
    # The meeting takes place on its date; only a cancellation (which the model does not know) is not
    # CONFIRMED. Whether the agenda is final is told in the description.
    event.add("status", "CONFIRMED")
    event.add("url", url)
    event.add("description", _meeting_description(meeting, url, user=user, on=on))
    return event


def _meeting_description(meeting: Meeting, url: str, *, user, on: datetime.date) -> str:
    lines = []
    items = list(meeting.agenda_items.all())
    if meeting.agenda_status == Meeting.AgendaStatus.DRAFT:
        # The draft is the secretariat's working copy; it is not sent out with the invitation.
        lines.append(_("De agenda is nog in voorbereiding."))
    elif items:
        lines.append(_("Agenda:"))
        lines.extend(
            f"{number}. {item.heading_for(user, on=on)}" for number, item in enumerate(items, start=1)
        )
    if lines:
        lines.append("")
    lines.append(_("Vergaderstukken, afspraken en vervolgacties: %(url)s") % {"url": url})
    return "\n".join(lines)


def follow_up_event(
    follow_up: FollowUp, *, absolute_url: AbsoluteUrl, stamp: datetime.datetime, user=None, on: datetime.date
) -> Event:
    """The due date of an unresolved follow-up as an all-day event; expects FollowUp.with_relations()."""
    url = absolute_url(follow_up.get_absolute_url())
    description = follow_up.description_for(user, on=on)
    event = Event()
    event.add("uid", follow_up_uid(follow_up))
    event.add("dtstamp", stamp)
    event.add("last-modified", follow_up.updated_at)
    summary = description if len(description) <= 80 else f"{description[:79]}…"
    event.add("summary", _("Vervolgactie: %(description)s (uiterlijk)") % {"description": summary})
    event.add("dtstart", follow_up.due_date)
    event.add("dtend", _later(follow_up.due_date, datetime.timedelta(days=1)))
    # A deadline, not an appointment: it does not make anyone look busy.
    event.add("transp", "TRANSPARENT")
    event.add("url", url)
    lines = [
        description,
        "",
        _("Onderwerp: %(topic)s") % {"topic": follow_up.topic},
        _("Komt terug in: %(target)s") % {"target": follow_up.target_label},
        _("Afgesproken in: %(meeting)s") % {"meeting": follow_up.agenda_item.meeting.title},
    ]
    if follow_up.owner:
        lines.append(_("Eigenaar: %(owner)s") % {"owner": follow_up.owner})
    lines += ["", url]
    event.add("description", "\n".join(lines))
    return event


def _calendar(events: Iterable[Event], *, dates: list[datetime.date], name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", FEED_REFRESH)
    for event in events:
        calendar.add_component(event)
    if dates:
        # VTIMEZONE for Europe/Amsterdam, covering only the years the events need.
        calendar.add_missing_timezones(
            first_date=_within_timezone_years(_later(min(dates), -datetime.timedelta(days=366))),
            last_date=_within_timezone_years(_later(max(dates), datetime.timedelta(days=366))),
        )
    return calendar


def _within_timezone_years(day: datetime.date) -> datetime.date:
    first, last = TIMEZONE_YEARS
    return min(max(day, first), last)


def meeting_calendar(meeting: Meeting, *, absolute_url: AbsoluteUrl, user=None) -> bytes:
    """One meeting as a calendar file; `meeting` comes from meetings_with_agenda()."""
    event = meeting_event(
        meeting, absolute_url=absolute_url, stamp=timezone.now(), user=user, on=timezone.localdate()
    )
    return _calendar([event], dates=[meeting.date]).to_ical()


def feed_calendar(user, *, absolute_url: AbsoluteUrl, today: datetime.date) -> bytes:
    """A person's calendar: the meetings from a month ago onwards, and the due dates of their party's
    unresolved follow-ups. Three queries, however many meetings and follow-ups there are."""
    stamp = timezone.now()
    meetings = list(
        meetings_with_agenda(Meeting.objects.filter(date__gte=today - FEED_HISTORY)).order_by(*CHRONOLOGICAL)
    )
    events = [
        meeting_event(meeting, absolute_url=absolute_url, stamp=stamp, user=user, on=today)
        for meeting in meetings
    ]
    dates = [meeting.date for meeting in meetings]
    if user.party_id is not None:
        follow_ups = (
            FollowUp.objects.unresolved()
            .with_relations()
            .filter(owner_id=user.party_id, due_date__isnull=False)
            .order_by("due_date", "pk")
        )
        for follow_up in follow_ups:
            event = follow_up_event(follow_up, absolute_url=absolute_url, stamp=stamp, user=user, on=today)
            events.append(event)
            dates.append(follow_up.due_date)
    return _calendar(events, dates=dates, name=CALENDAR_NAME).to_ical()
