"""The topic dossier at scale: "Nog open" shows the first 50, and the timeline is paged by meeting,
the most recent page first (agenda.views.TopicDetailView, topic_timeline)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.formats import date_format

from agenda.models import Meeting
from agenda.views import TopicDetailView, topic_timeline
from decisions import services
from decisions.models import FollowUp, Postponement
from tests.conftest import SESSION_SAVE_QUERIES
from tests.factories import AgendaItemFactory, DecisionFactory, FollowUpFactory, MeetingFactory, TopicFactory

D = datetime.date
FIRST_MONDAY = D(2019, 1, 7)
PER_PAGE = TopicDetailView.MEETINGS_PER_PAGE


def weekly_meetings(count: int) -> list[Meeting]:
    """Held meetings a week apart from 7 January 2019, oldest first."""
    return [
        MeetingFactory(date=FIRST_MONDAY + datetime.timedelta(weeks=n), held=True) for n in range(count)
    ]


def long_date(day: datetime.date) -> str:
    return date_format(day, "j F Y")


def title(meeting: Meeting) -> str:
    return f"{meeting.title}</a></h3>"


def timeline(html: str) -> str:
    return html[html.index('id="tijdlijn"'):]


def still_open(html: str) -> str:
    return html[html.index('id="nog-open"'):html.index('id="tijdlijn"')]


@pytest.fixture
def long_topic(db, today, secretariat_user):
    """Jaarwisseling on the agenda of weekly meetings from 7 January 2019: page 1 the latest
    PER_PAGE, page 2 the first five (to 4 February)."""
    today(D(2019, 1, 1))
    topic = TopicFactory(name="Jaarwisseling")
    meetings = weekly_meetings(PER_PAGE + 5)
    items = [
        AgendaItemFactory(meeting=m, topic=topic, summary=f"Besproken op {m.date:%d-%m}.") for m in meetings
    ]
    DecisionFactory(agenda_item=items[1], text="Afgesproken in de tweede vergadering.")
    early = FollowUpFactory(agenda_item=items[0], description="Vroeg afgerond")
    late = FollowUpFactory(agenda_item=items[1], description="Laat afgerond")
    postponed = FollowUpFactory(agenda_item=items[2], description="Uitgesteld in het begin")
    outside = FollowUpFactory(agenda_item=items[-3], description="Buiten de vergadering vervallen")

    today(D(2019, 1, 23))  # between the third and fourth meeting: page 2
    services.followup_postpone(
        follow_up=postponed, target_kind=FollowUp.TargetKind.MEETING, target_meeting=meetings[-1],
        reason="Nog geen cijfers.", by=secretariat_user,
    )
    early.mark_done(resolution="Afgerond in de derde vergadering.", meeting=meetings[2], by=secretariat_user)
    early.save()
    last = meetings[-1]
    late.mark_done(resolution="Afgerond in de laatste vergadering.", meeting=last, by=secretariat_user)
    late.save()
    today(meetings[-3].date + datetime.timedelta(days=2))  # on page 1

    outside.drop(reason="Ingehaald door de actualiteit.", meeting=None, by=secretariat_user)
    outside.save()

    today(meetings[-1].date + datetime.timedelta(days=14))
    return {"topic": topic, "meetings": meetings}


def test_the_default_page_is_the_most_recent(member_client, long_topic):
    meetings = long_topic["meetings"]
    html = member_client.get(long_topic["topic"].get_absolute_url()).content.decode()

    last = long_date(meetings[-1].date)
    assert f"Pagina 1 van 2: vergaderingen van 11 februari 2019 tot en met {last}, oudste eerst." in html
    shown = timeline(html)
    assert all(title(meeting) in shown for meeting in meetings[5:])
    assert not any(title(meeting) in shown for meeting in meetings[:5])
    # Oldest first within the page.
    positions = [shown.index(title(meeting)) for meeting in meetings[5:]]
    assert positions == sorted(positions)
    assert '<nav aria-label="Pagina’s van de tijdlijn" class="no-print">' in html
    assert 'href="?pagina=2#tijdlijn">Eerdere vergaderingen</a>' in html
    assert "Latere vergaderingen" not in html


def test_an_earlier_page_has_the_older_meetings(member_client, long_topic):
    meetings = long_topic["meetings"]
    html = member_client.get(long_topic["topic"].get_absolute_url() + "?pagina=2").content.decode()

    shown = timeline(html)
    assert all(title(meeting) in shown for meeting in meetings[:5])
    assert not any(title(meeting) in shown for meeting in meetings[5:])
    assert "Afgesproken in de tweede vergadering." in shown
    assert 'href="?pagina=1#tijdlijn">Latere vergaderingen</a>' in html
    assert "Eerdere vergaderingen" not in html
    assert "Deze afdruk bevat alleen deze pagina van de tijdlijn." in html


def test_a_page_shows_what_happened_in_its_window(member_client, long_topic):
    meetings = long_topic["meetings"]
    url = long_topic["topic"].get_absolute_url()
    latest = timeline(member_client.get(url).content.decode())
    earlier = timeline(member_client.get(url + "?pagina=2").content.decode())

    # Resolved at a meeting on page 2: there, and not on page 1.
    assert "Afgerond in de derde vergadering." in earlier
    assert "Afgerond in de derde vergadering." not in latest
    # Born on page 2, resolved on page 1: born on one page, resolved on the other.
    assert "Laat afgerond</a> (Korpschef): komt terug in" in earlier
    assert "Afgerond in de laatste vergadering." not in earlier
    assert "Afgerond in de laatste vergadering." in latest
    assert "Laat afgerond</a> (Korpschef)" not in latest
    # A postponement dated on page 2 (23 January, between the third and fourth meeting).
    assert "23 januari 2019</span> · Uitgesteld" in earlier
    assert "Reden: Nog geen cijfers." in earlier
    assert "Uitgesteld" not in latest
    # A resolution outside a meeting, dated on page 1.
    assert f"{long_date(meetings[-3].date + datetime.timedelta(days=2))}</span> · Vervallen" in latest
    assert "Ingehaald door de actualiteit." in latest
    assert "Ingehaald door de actualiteit." not in earlier


def test_a_middle_page_has_what_was_postponed_or_resolved_in_its_window(
    member_client, db, today, secretariat_user
):
    """Born on the oldest page, postponed and resolved outside a meeting on the middle one, and
    resolved later still: on the middle page for what happened there, and nothing else."""
    today(D(2019, 1, 1))
    topic = TopicFactory(name="Cameratoezicht")
    meetings = weekly_meetings(2 * PER_PAGE + 5)
    items = [AgendaItemFactory(meeting=meeting, topic=topic) for meeting in meetings]
    postponed = FollowUpFactory(agenda_item=items[0], description="Later besproken")
    dropped = FollowUpFactory(agenda_item=items[1], description="Tussendoor vervallen")
    middle = meetings[5 + PER_PAGE // 2].date + datetime.timedelta(days=1)  # on page 2
    today(middle)
    services.followup_postpone(
        follow_up=postponed, target_kind=FollowUp.TargetKind.MEETING, target_meeting=meetings[-1],
        reason="Eerst het advies.", by=secretariat_user,
    )
    dropped.drop(reason="Overbodig geworden.", meeting=None, by=secretariat_user)
    dropped.save()
    today(meetings[-1].date)
    postponed.mark_done(resolution="Eindelijk afgerond.", meeting=meetings[-1], by=secretariat_user)
    postponed.save()
    url = topic.get_absolute_url()

    oldest, between, latest = (
        timeline(member_client.get(url, {"pagina": number}).content.decode()) for number in (3, 2, 1)
    )

    assert f"{long_date(middle)}</span> · Uitgesteld" in between and "Reden: Eerst het advies." in between
    assert f"{long_date(middle)}</span> · Vervallen" in between and "Overbodig geworden." in between
    assert "Later besproken</a> (Korpschef): komt terug in" in oldest
    assert "Eindelijk afgerond." in latest
    assert "Uitgesteld" not in oldest + latest and "Overbodig geworden." not in oldest + latest
    assert "Eindelijk afgerond." not in oldest + between


def test_a_meeting_on_the_boundary_belongs_to_the_later_page(member_client, long_topic):
    """A page runs up to the first meeting of the next one: events of that day are on the next page."""
    meetings = long_topic["meetings"]
    fifth, sixth = meetings[4], meetings[5]  # the last of page 2, the first of page 1
    follow_up = FollowUp.objects.get(description="Uitgesteld in het begin")
    elsewhere = MeetingFactory(date=sixth.date, held=True, extra=True)  # the topic was not on its agenda
    follow_up.mark_done(resolution="Afgerond in het extra LOVP.", meeting=elsewhere, by=None)
    follow_up.save()
    url = long_topic["topic"].get_absolute_url()

    latest = timeline(member_client.get(url).content.decode())
    earlier = timeline(member_client.get(url + "?pagina=2").content.decode())

    assert "Afgerond in het extra LOVP." in latest and "Afgerond in het extra LOVP." not in earlier
    assert title(fifth) in earlier and title(sixth) in latest


def test_two_meetings_on_one_day_that_a_page_boundary_would_part_go_together(member_client, long_topic):
    """The last meeting of page 2 gets an extra meeting on the same day: both show on page 1 (the
    window of page 2 ends on that day), and nothing is lost or shown twice."""
    meetings = long_topic["meetings"]
    topic = long_topic["topic"]
    Meeting.objects.filter(pk=meetings[5].pk).update(date=meetings[4].date, kind=Meeting.Kind.EXTRA)
    url = topic.get_absolute_url()

    latest = timeline(member_client.get(url).content.decode())
    earlier = timeline(member_client.get(url + "?pagina=2").content.decode())

    same_day = [f"{meeting.title}</a></h3>" for meeting in Meeting.objects.filter(date=meetings[4].date)]
    assert len(same_day) == 2
    assert all(heading in latest and heading not in earlier for heading in same_day)
    for meeting in meetings[:4]:
        assert title(meeting) in earlier and title(meeting) not in latest
    summaries = [f"Besproken op {meeting.date:%d-%m}." for meeting in meetings]
    assert all((summary in latest) != (summary in earlier) for summary in set(summaries))


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1.5", ""])
def test_a_bad_page_number_is_no_error(member_client, long_topic, page):
    response = member_client.get(long_topic["topic"].get_absolute_url(), {"pagina": page})

    assert response.status_code == 200
    assert "Pagina " in response.content.decode()


def test_a_draft_agenda_is_no_page_of_its_own_for_a_member(member_client, secretariat_client, db, today):
    today(D(2019, 7, 1))
    topic = TopicFactory(name="Roosterdruk")
    for meeting in weekly_meetings(PER_PAGE):
        AgendaItemFactory(meeting=meeting, topic=topic)
    draft = MeetingFactory(date=D(2019, 7, 8), agenda_status=Meeting.AgendaStatus.DRAFT)
    AgendaItemFactory(meeting=draft, topic=topic, title="Voorstel op de conceptagenda")

    member = member_client.get(topic.get_absolute_url()).content.decode()
    secretariat = secretariat_client.get(topic.get_absolute_url()).content.decode()

    assert "Pagina’s van de tijdlijn" not in member and "Voorstel op de conceptagenda" not in member
    assert "Pagina 1 van 2" in secretariat and "Voorstel op de conceptagenda" in secretariat


def test_a_topic_without_agenda_items_shows_its_follow_ups_on_one_page(member_client, db, today):
    today(D(2019, 7, 1))
    topic = TopicFactory(name="Bodycams")
    elsewhere = AgendaItemFactory(meeting=MeetingFactory(date=D(2019, 3, 4), held=True))
    FollowUpFactory(agenda_item=elsewhere, topic=topic, description="Bodycams evalueren")

    html = member_client.get(topic.get_absolute_url()).content.decode()

    assert "Bodycams evalueren" in still_open(html)
    assert "Bodycams evalueren" in timeline(html)
    assert "LOVP 4 maart 2019</a></h3>" in timeline(html)
    assert "Pagina’s van de tijdlijn" not in html


# --- Nog open -------------------------------------------------------------------------------------


@pytest.fixture
def many_open(db, today):
    """60 open follow-ups on one topic, due one day after another from 1 February 2021, the
    earliest made last; and one done."""
    today(D(2021, 1, 4))
    topic = TopicFactory(name="Ondermijning")
    item = AgendaItemFactory(meeting=MeetingFactory(date=D(2021, 1, 4), held=True), topic=topic)
    for n in reversed(range(60)):
        FollowUpFactory(
            agenda_item=item, description=f"Open nummer {n + 1:02d}.", target_kind=FollowUp.TargetKind.DATE,
            target_date=D(2021, 2, 1) + datetime.timedelta(days=n),
        )
    FollowUpFactory(agenda_item=item, description="Al afgerond.", done=True)
    return topic


def test_more_than_fifty_open_shows_the_first_fifty_and_the_total(member_client, many_open):
    html = still_open(member_client.get(many_open.get_absolute_url()).content.decode())

    assert [f"Open nummer {n:02d}." in html for n in range(1, 61)] == [True] * 50 + [False] * 10
    assert html.index("Open nummer 01.") < html.index("Open nummer 02.") < html.index("Open nummer 50.")
    assert "Al afgerond." not in html
    assert "Dit zijn de eerste 50 van 60 openstaande vervolgacties." in html
    link = f'{reverse("decisions:followup_list")}?topic=ondermijning&amp;status=open&amp;status=scheduled'
    assert f'href="{link}">Alle 60 in de lijst met vervolgacties</a>' in html
    assert "Komt terug in 1 februari 2021, uiterlijk 1 februari 2021." in html


def test_the_link_to_all_open_follow_ups_lists_them(member_client, many_open):
    response = member_client.get(
        reverse("decisions:followup_list"), {"topic": "ondermijning", "status": ["open", "scheduled"]}
    )

    assert "60 vervolgacties" in response.content.decode()


def test_fifty_open_or_fewer_need_no_total(member_client, many_open):
    FollowUp.objects.filter(description__in=[f"Open nummer {n}." for n in range(51, 61)]).update(
        status=FollowUp.Status.DROPPED
    )

    html = still_open(member_client.get(many_open.get_absolute_url()).content.decode())

    assert "Open nummer 50." in html
    assert "openstaande vervolgacties" not in html
    assert "In de lijst met vervolgacties" in html


def test_when_it_comes_back_without_due_dates_among_the_first_fifty(member_client, many_open):
    """Open follow-ups without a due date come last; when none of the first fifty has one, the one
    that does come back at a meeting is still named."""
    FollowUp.objects.filter(topic=many_open).update(due_date=None, target_meeting=None)
    last = FollowUp.objects.filter(topic=many_open, status=FollowUp.Status.OPEN).order_by("pk").last()
    FollowUp.objects.filter(pk=last.pk).update(target_meeting=MeetingFactory(date=D(2021, 3, 8)))

    html = still_open(member_client.get(many_open.get_absolute_url()).content.decode())

    assert "Komt terug in 1 februari 2021." in html  # the target label of a date target


# --- queries --------------------------------------------------------------------------------------


def dossier_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_queries_do_not_grow_with_the_topic(
    member_client, secretariat_client, db, today, secretariat_user, django_assert_max_num_queries
):
    """5 follow-ups at 2 meetings, or 60 at 30 (resolved, postponed, on two pages): the same queries."""
    today(D(2019, 7, 1))
    small = TopicFactory(name="Klein onderwerp")
    small_items = [AgendaItemFactory(meeting=m, topic=small) for m in weekly_meetings(2)]
    for n in range(5):
        FollowUpFactory(agenda_item=small_items[n % 2], description=f"Klein {n}")

    large = TopicFactory(name="Groot onderwerp")
    large_items = [AgendaItemFactory(meeting=m, topic=large) for m in weekly_meetings(30)]
    for item in large_items:
        DecisionFactory(agenda_item=item)
    for n in range(60):
        follow_up = FollowUpFactory(agenda_item=large_items[n % 30], description=f"Groot {n}")
        if n % 3 == 0:
            later = large_items[(n + 5) % 30].meeting
            follow_up.mark_done(resolution="Klaar.", meeting=later, by=secretariat_user)
            follow_up.save()
        elif n % 3 == 1:
            Postponement.objects.create(
                follow_up=follow_up, previous_target_kind=FollowUp.TargetKind.NEXT_MEETING,
                previous_target_label="eerder", new_target_label="later", reason="Later.",
            )

    member_client.get(reverse("agenda:topic_list"))  # the first request after logging in saves the session
    counts = {
        url: dossier_queries(member_client, url)
        for url in (
            small.get_absolute_url(),
            large.get_absolute_url(),
            large.get_absolute_url() + "?pagina=2",
        )
    }
    assert len(set(counts.values())) == 1, counts
    # As tests/agenda/test_dossier.py allows, here with the session saved on the first request.
    with django_assert_max_num_queries(9 + SESSION_SAVE_QUERIES):
        secretariat_client.get(large.get_absolute_url())


# --- topic_timeline -------------------------------------------------------------------------------


def test_topic_timeline_keeps_to_its_window(long_topic):
    """Rows may reach outside the window; only what happened inside it is on the timeline."""
    meetings = long_topic["meetings"]
    topic = long_topic["topic"]
    items = list(topic.agenda_items.select_related("meeting").order_by("meeting__date"))
    follow_ups = list(FollowUp.objects.with_relations().prefetch_related("postponements").filter(topic=topic))
    since, until = meetings[3].date, meetings[-1].date

    events = topic_timeline(items, follow_ups, since=since, until=until)

    assert [e["meeting"] for e in events if e["kind"] == "meeting"] == meetings[3:-1]
    assert all(since <= e["date"] < until for e in events)
    assert not any(e["kind"] == "postponed" for e in events)  # 23 January is before the window
    (resolved,) = [e for e in events if e["kind"] == "resolved"]
    assert resolved["follow_up"].description == "Buiten de vergadering vervallen"
    born = [b["follow_up"].description for e in events if e["kind"] == "meeting" for b in e["born"]]
    assert born == ["Buiten de vergadering vervallen"]


def test_topic_timeline_puts_a_resolution_without_a_date_with_the_birth(long_topic):
    meetings = long_topic["meetings"]
    topic = long_topic["topic"]
    FollowUp.objects.filter(description="Vroeg afgerond").update(resolved_in=None, resolved_at=None)
    follow_ups = list(FollowUp.objects.with_relations().prefetch_related("postponements").filter(topic=topic))

    earlier = topic_timeline([], follow_ups, until=meetings[5].date)
    latest = topic_timeline([], follow_ups, since=meetings[5].date)

    undated = [e for e in earlier if e["kind"] == "resolved" and e["date"] is None]
    assert [e["follow_up"].description for e in undated] == ["Vroeg afgerond"]
    assert earlier[-1] is undated[0]  # at the end of the page
    assert not any(e["kind"] == "resolved" and e["date"] is None for e in latest)


def test_topic_timeline_without_a_window_has_everything(long_topic):
    topic = long_topic["topic"]
    items = list(topic.agenda_items.select_related("meeting").order_by("meeting__date"))
    follow_ups = list(FollowUp.objects.with_relations().prefetch_related("postponements").filter(topic=topic))

    events = topic_timeline(items, follow_ups)

    assert len([e for e in events if e["kind"] == "meeting"]) == PER_PAGE + 5
    assert [e["kind"] for e in events if e["kind"] != "meeting"] == ["postponed", "resolved"]
    assert [e["date"] for e in events] == sorted(e["date"] for e in events)
