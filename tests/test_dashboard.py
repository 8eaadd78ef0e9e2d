"""The dashboard (/): next meeting and its agenda, counts that link to the list, own party first."""

import datetime
import re
from glob import glob

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from agenda.models import Meeting
from decisions.models import FollowUp
from lovp.models import User
from tests.conftest import SESSION_SAVE_QUERIES
from tests.factories import AgendaItemFactory, FollowUpFactory, MeetingFactory, TopicFactory, seeded_party

TODAY = datetime.date(2021, 3, 1)
LIST_URL = reverse("decisions:followup_list")


@pytest.fixture
def calendar(db, today):
    today(TODAY)
    held = MeetingFactory(date=datetime.date(2021, 2, 8), held=True)
    upcoming = MeetingFactory(date=datetime.date(2021, 4, 12))
    topic = TopicFactory(name="Bewaken en beveiligen")
    return {"held": held, "upcoming": upcoming, "item": AgendaItemFactory(meeting=held, topic=topic)}


def date_target(item, day, **kwargs):
    return FollowUpFactory(agenda_item=item, target_kind=FollowUp.TargetKind.DATE, target_date=day, **kwargs)


def section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start:html.index("</section>", start)]


def descriptions(html: str) -> list[str]:
    return re.findall(r'<a href="/vervolgacties/\d+/">([^<]+)</a>', html)


def test_counts_link_to_the_list_filtered_the_same_way(member_client, calendar):
    item = calendar["item"]
    date_target(item, datetime.date(2021, 2, 1), description="Over tijd")
    date_target(item, datetime.date(2021, 4, 1), description="Volgende keer")
    date_target(item, datetime.date(2021, 9, 1), description="Later", status=FollowUp.Status.SCHEDULED)
    date_target(item, datetime.date(2021, 1, 1), description="Klaar", done=True)

    html = member_client.get("/").content.decode()

    links = {
        "telling-open": ("status=open&amp;status=scheduled", 3),
        "telling-over-tijd": ("overdue=1", 1),
        "telling-volgende-vergadering": ("next_meeting=1", 2),  # over time and due before 12 April
    }
    for element_id, (query, count) in links.items():
        match = re.search(rf'href="([^"]+)" id="{element_id}">\s*<span class="count">(\d+)</span>', html)
        assert match.group(1) == f"{LIST_URL}?{query}"
        assert int(match.group(2)) == count
        # The list behind the link shows exactly as many.
        listed = member_client.get(match.group(1).replace("&amp;", "&"))
        assert f"{count} vervolgactie" in listed.content.decode()


def test_own_partys_overdue_items_come_first(member_client, calendar):
    item = calendar["item"]
    minister = seeded_party("minister-jenv")
    date_target(item, datetime.date(2021, 2, 1), description="Van de minister", owner=minister)
    date_target(item, datetime.date(2021, 2, 2), description="Van de korpschef")

    html = member_client.get("/").content.decode()

    own = section(html, "mijn-partij")
    assert "Over tijd bij Korpschef" in own
    assert descriptions(own) == ["Van de korpschef"]
    assert descriptions(section(html, "over-tijd")) == ["Van de minister"]
    order = [html.index(f'id="{name}"') for name in ("mijn-partij", "volgende-vergadering", "over-tijd")]
    assert order == sorted(order)


def test_without_a_party_all_overdue_items_are_in_one_list(superuser_client, calendar):
    date_target(calendar["item"], datetime.date(2021, 2, 1), description="Van de korpschef")

    html = superuser_client.get("/").content.decode()

    assert 'id="mijn-partij"' not in html
    assert descriptions(section(html, "over-tijd")) == ["Van de korpschef"]


def test_often_postponed_lists_unresolved_items_postponed_twice_or_more(member_client, calendar):
    item = calendar["item"]
    twice = date_target(item, datetime.date(2021, 5, 1), description="Twee keer uitgesteld")
    thrice = date_target(item, datetime.date(2021, 6, 1), description="Drie keer uitgesteld")
    once = date_target(item, datetime.date(2021, 6, 1), description="Een keer uitgesteld")
    done = date_target(item, datetime.date(2021, 6, 1), description="Afgerond na uitstel", done=True)
    for follow_up, count in ((twice, 2), (thrice, 3), (once, 1), (done, 4)):
        FollowUp.objects.filter(pk=follow_up.pk).update(postponement_count=count)

    often = section(member_client.get("/").content.decode(), "vaak-uitgesteld")

    assert descriptions(often) == ["Drie keer uitgesteld", "Twee keer uitgesteld"]
    assert "3 keer uitgesteld" in often


@pytest.mark.parametrize(
    ("agenda_status", "heading"),
    [
        (Meeting.AgendaStatus.PUBLISHED, "<h3>Agenda</h3>"),
        (Meeting.AgendaStatus.DRAFT, "<h3>Conceptagenda</h3>"),
    ],
)
def test_next_meeting_shows_its_agenda_and_whether_it_is_a_draft(
    secretariat_client, calendar, agenda_status, heading
):
    upcoming = calendar["upcoming"]
    Meeting.objects.filter(pk=upcoming.pk).update(agenda_status=agenda_status)
    AgendaItemFactory(meeting=upcoming, topic=TopicFactory(name="Jaarwisseling"), position=1)

    next_meeting = section(secretariat_client.get("/").content.decode(), "volgende-vergadering")

    assert "LOVP 12 april 2021" in next_meeting
    assert heading in next_meeting
    assert "<li>Jaarwisseling</li>" in next_meeting


def test_members_do_not_see_a_draft_agenda(member_client, calendar):
    upcoming = calendar["upcoming"]
    Meeting.objects.filter(pk=upcoming.pk).update(agenda_status=Meeting.AgendaStatus.DRAFT)
    AgendaItemFactory(meeting=upcoming, topic=TopicFactory(name="Jaarwisseling"), position=1)

    next_meeting = section(member_client.get("/").content.decode(), "volgende-vergadering")

    assert "LOVP 12 april 2021" in next_meeting
    assert "Jaarwisseling" not in next_meeting
    assert "De agenda wordt voorbereid" in next_meeting


def test_no_agenda_yet(member_client, calendar):
    next_meeting = section(member_client.get("/").content.decode(), "volgende-vergadering")

    assert "Er is nog geen agenda." in next_meeting


@pytest.mark.parametrize("count", [10, 500])
def test_dashboard_queries_do_not_grow_with_the_rows(member_client, today, bulk_follow_ups, count,
                                                     django_assert_max_num_queries):
    today(TODAY)
    bulk_follow_ups(count)
    Meeting.objects.filter(status=Meeting.Status.PLANNED).update(agenda_status=Meeting.AgendaStatus.PUBLISHED)

    with django_assert_max_num_queries(11 + SESSION_SAVE_QUERIES):
        response = member_client.get("/")
    assert response.status_code == 200


# --- Done when: a newcomer answers two questions in two clicks ------------------------------------


@pytest.fixture
def demo(db, today):
    call_command("loaddata", *sorted(glob("fixtures/*.json")), verbosity=0)
    today(datetime.date(2021, 3, 15))
    client = Client()
    client.force_login(User.objects.get(username="burgemeester"))
    return client


def follow_link(client, html: str, text_pattern: str):
    """Click the link whose text matches: GET its href."""
    count = r"(?:<span[^>]*>[^<]*</span>\s*(?:<br>)?\s*)?"  # the big number of a count card
    match = re.search(rf'<a[^>]*href="([^"]+)"[^>]*>\s*{count}{text_pattern}', html)
    assert match, f"no link {text_pattern!r}"
    response = client.get(match.group(1).replace("&amp;", "&"))
    assert response.status_code == 200
    return response.content.decode()


def test_what_is_over_time_for_the_korpschef_in_two_clicks(demo):
    dashboard = demo.get("/").content.decode()

    overdue = follow_link(demo, dashboard, "zijn over tijd")  # click 1: the over-time count
    korpschef = seeded_party("korpschef")
    korpschef_only = follow_link(demo, overdue, r"Korpschef&nbsp;\(\d+\)")  # click 2: the owner

    expected = FollowUp.objects.overdue(on=datetime.date(2021, 3, 15)).filter(owner=korpschef)
    assert expected.count() == 4
    listed = re.findall(r'<td><a href="/vervolgacties/(\d+)/">', korpschef_only)
    assert sorted(map(int, listed)) == sorted(expected.values_list("pk", flat=True))
    assert "4 vervolgacties" in korpschef_only


def test_what_happened_with_jaarwisseling_since_november_2020_in_two_clicks(demo):
    dashboard = demo.get("/").content.decode()

    topics = follow_link(demo, dashboard, "Onderwerpen")  # click 1: the menu
    dossier = follow_link(demo, topics, "Jaarwisseling")  # click 2: the topic

    timeline = dossier[dossier.index('id="tijdlijn"'):]
    assert timeline.index("LOVP 23 november 2020") < timeline.index("LOVP 8 februari 2021")
    assert "onder het verbod zal vallen" in timeline  # what was said in November
    assert "Afgesproken is dat in september dit onderwerp nogmaals wordt geagendeerd" in timeline
    assert "Vuurwerkverbod opnieuw agenderen" in timeline  # the follow-up born in February
    still_open = dossier[dossier.index('id="nog-open"'):dossier.index('id="tijdlijn"')]
    assert "Vuurwerkverbod opnieuw agenderen" in still_open
    assert "Komt terug in september 2021, uiterlijk 30 september 2021." in still_open
