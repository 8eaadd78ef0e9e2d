"""The topic dossier: a timeline of everything that happened to a topic, in date order."""

import datetime

import pytest

from agenda.models import Meeting
from decisions import services
from decisions.models import FollowUp
from tests.conftest import SESSION_SAVE_QUERIES
from tests.factories import AgendaItemFactory, DecisionFactory, FollowUpFactory, MeetingFactory, TopicFactory


@pytest.fixture
def dossier(db, today, secretariat_user):
    """Jaarwisseling over three meetings: born, postponed, resolved in a meeting, dropped outside one."""
    today(datetime.date(2020, 11, 23))
    november = MeetingFactory(date=datetime.date(2020, 11, 23), held=True)
    february = MeetingFactory(date=datetime.date(2021, 2, 8), held=True)
    april = MeetingFactory(date=datetime.date(2021, 4, 12))
    topic = TopicFactory(name="Jaarwisseling")
    first = AgendaItemFactory(meeting=november, topic=topic, summary="Gesproken over het vuurwerkverbod.")
    DecisionFactory(agenda_item=first, text="Afgesproken is de handhaving te evalueren.")
    evaluate = FollowUpFactory(
        agenda_item=first, description="Handhaving evalueren", target_kind=FollowUp.TargetKind.MEETING,
        target_meeting=february,
    )
    figures = FollowUpFactory(agenda_item=first, description="Cijfers delen")

    today(datetime.date(2021, 1, 15))
    services.followup_postpone(
        follow_up=evaluate, target_kind=FollowUp.TargetKind.MEETING, target_meeting=april,
        reason="Het rapport is nog niet klaar.", by=secretariat_user,
    )

    today(datetime.date(2021, 2, 8))
    second = AgendaItemFactory(meeting=february, topic=topic, summary="Terugblik op de jaarwisseling.")
    figures.mark_done(resolution="De cijfers zijn gedeeld.", meeting=february, by=secretariat_user)
    figures.save()
    letter = FollowUpFactory(agenda_item=second, description="Brief aan de gemeenten")

    today(datetime.date(2021, 2, 20))
    letter.drop(reason="Niet meer nodig na het kabinetsbesluit.", meeting=None, by=secretariat_user)
    letter.save()

    today(datetime.date(2021, 3, 1))
    return {"topic": topic, "november": november, "february": february, "april": april}


def timeline(html: str) -> str:
    return html[html.index('id="tijdlijn"'):]


def in_order(text: str, *parts: str) -> bool:
    positions = [text.index(part) for part in parts]
    return positions == sorted(positions)


def test_events_are_in_date_order(member_client, dossier):
    html = member_client.get(dossier["topic"].get_absolute_url()).content.decode()

    assert in_order(
        timeline(html),
        "LOVP 23 november 2020</a></h3>",
        "Gesproken over het vuurwerkverbod.",
        "Afgesproken is de handhaving te evalueren.",
        "Handhaving evalueren",  # born in November ...
        "Cijfers delen",
        "15 januari 2021</span> · Uitgesteld",  # ... postponed in January ...
        "LOVP 8 februari 2021</a></h3>",
        "Terugblik op de jaarwisseling.",
        "Brief aan de gemeenten",  # born in February
        "De cijfers zijn gedeeld.",  # resolved in February
        "20 februari 2021</span> · Vervallen",  # dropped outside a meeting
        "Niet meer nodig na het kabinetsbesluit.",
    )


def test_a_postponement_says_from_what_to_what_and_why(member_client, dossier):
    html = timeline(member_client.get(dossier["topic"].get_absolute_url()).content.decode())

    assert "van LOVP 8 februari 2021 naar LOVP 12 april 2021." in html
    assert "Reden: Het rapport is nog niet klaar." in html
    # At birth the promise was February, whatever it is now.
    assert "Handhaving evalueren</a> (Korpschef): komt terug in LOVP 8 februari 2021." in html


def test_what_is_still_open_and_when_it_comes_back(member_client, dossier):
    html = member_client.get(dossier["topic"].get_absolute_url()).content.decode()

    still_open = html[html.index('id="nog-open"'):html.index('id="tijdlijn"')]
    assert "Handhaving evalueren" in still_open
    assert "Cijfers delen" not in still_open and "Brief aan de gemeenten" not in still_open
    assert "Komt terug in LOVP 12 april 2021, uiterlijk 12 april 2021." in still_open


def test_a_meeting_where_only_something_was_resolved_is_in_the_timeline(
    member_client, dossier, secretariat_user
):
    extra = MeetingFactory(date=datetime.date(2021, 3, 9), held=True, extra=True)
    follow_up = FollowUp.objects.get(description="Handhaving evalueren")
    follow_up.mark_done(resolution="Besproken in het extra LOVP.", meeting=extra, by=secretariat_user)
    follow_up.save()

    html = timeline(member_client.get(dossier["topic"].get_absolute_url()).content.decode())

    meetings = ("LOVP 8 februari 2021</a></h3>", "Extra LOVP 9 maart 2021</a></h3>")
    assert in_order(html, *meetings, "Besproken in het extra LOVP.")
    assert "Niet als agendapunt besproken." in html


def test_a_draft_agenda_is_in_the_dossier_for_the_secretariat_only(
    member_client, secretariat_client, dossier
):
    april = dossier["april"]
    Meeting.objects.filter(pk=april.pk).update(agenda_status=Meeting.AgendaStatus.DRAFT)
    AgendaItemFactory(meeting=april, topic=dossier["topic"], title="Voorstel evaluatie", summary="")
    url = dossier["topic"].get_absolute_url()

    assert "Voorstel evaluatie" not in member_client.get(url).content.decode()
    assert "Voorstel evaluatie" in secretariat_client.get(url).content.decode()


def test_the_dossier_prints_without_navigation(member_client, dossier):
    html = member_client.get(dossier["topic"].get_absolute_url()).content.decode()

    assert '<nav aria-label="Kruimelpad" class="no-print">' in html
    assert "Dossier, afgedrukt op 1 maart 2021." in html


@pytest.mark.parametrize("count", [10, 500])
def test_dossier_queries_do_not_grow_with_the_rows(member_client, today, bulk_follow_ups, count,
                                                   django_assert_max_num_queries):
    today(datetime.date(2021, 3, 1))
    topic = bulk_follow_ups(count)

    with django_assert_max_num_queries(9 + SESSION_SAVE_QUERIES):
        response = member_client.get(topic.get_absolute_url())
    assert response.content.decode().count("Bulkvervolgactie ") >= count
