"""A meeting as the published "Bestuurlijke terugkoppeling" (decisions.publication), and its download."""

import datetime
import io

import docx
import pytest
from django.conf import settings
from django.urls import reverse

from agenda.models import Meeting
from decisions.importer import parse_minutes
from decisions.models import Decision, FollowUp
from decisions.publication import publication_docx, publication_text, publication_title
from tests.factories import AgendaItemFactory, DecisionFactory, MeetingFactory, TopicFactory

pytestmark = pytest.mark.django_db

D = datetime.date
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def url(meeting, fmt: str) -> str:
    return reverse("decisions:meeting_publication", kwargs={"pk": meeting.pk, "fmt": fmt})


@pytest.fixture
def first(demo_data):
    return Meeting.objects.get(date=D(2020, 11, 23))


@pytest.fixture
def second(demo_data):
    return Meeting.objects.get(date=D(2021, 2, 8))


def paragraphs(text: str) -> list[str]:
    return text.rstrip("\n").split("\n\n")


# --- the text -------------------------------------------------------------------------------------


def test_title_and_introduction(first):
    text = publication_text(first)
    title, introduction, *sections = paragraphs(text)
    assert title == "Bestuurlijke terugkoppeling LOVP 23 november 2020"
    assert title == publication_title(first)
    # The topics in order, as the published text would name them; "Tot slot" (Rondvraag) is standing.
    assert introduction == (
        "In het LOVP van 23 november is onder meer gesproken over roosterdruk, bewaken en beveiligen, BOA, "
        "jaarwisseling, veiligheidsagenda en dienstverlening."
    )
    assert [section.split("\n")[0] for section in sections] == [
        "Roosterdruk",
        "Bewaken en beveiligen",
        "BOA",
        "Jaarwisseling",
        "Veiligheidsagenda",
        "Dienstverlening",
        "Tot slot",
    ]


def test_a_section_per_agenda_item_with_its_summary(first):
    sections = paragraphs(publication_text(first))[2:]
    items = list(first.agenda_items.order_by("position"))
    assert len(sections) == len(items)
    for section, item in zip(sections, items, strict=True):
        assert section.split("\n") == [item.heading, item.summary]


def test_agreements_in_the_summary_are_not_repeated(first):
    text = publication_text(first)
    for decision in Decision.objects.filter(agenda_item__meeting=first):
        assert text.count(decision.text) == 1


def test_agreements_not_in_the_summary_follow_it():
    meeting = MeetingFactory(date=D(2021, 4, 12), held=True)
    item = AgendaItemFactory(
        meeting=meeting,
        topic=TopicFactory(name="Geweldsmiddelen BOA"),
        title="BOA",
        summary="Er is gesproken over\nde pilots met de korte wapenstok.",
    )
    DecisionFactory(
        agenda_item=item, text="Afgesproken is dat de pilots in het LOVP van juni terugkomen.", position=1
    )
    DecisionFactory(agenda_item=item, text="De pilots worden geëvalueerd.", position=2)
    DecisionFactory(agenda_item=item, text="Er is gesproken over de pilots", position=3)  # in the summary

    assert paragraphs(publication_text(meeting))[2].split("\n") == [
        "BOA",
        "Er is gesproken over de pilots met de korte wapenstok.",
        "Afgesproken is dat de pilots in het LOVP van juni terugkomen.",
        "De pilots worden geëvalueerd.",
    ]


def test_items_without_anything_to_say_are_left_out():
    meeting = MeetingFactory(date=D(2021, 4, 12), held=True)
    AgendaItemFactory(
        meeting=meeting, topic=TopicFactory(name="Mededelingen", is_standing=True), summary="", position=1
    )
    AgendaItemFactory(
        meeting=meeting, topic=TopicFactory(name="Jaarwisseling"), summary="Besproken.", position=2
    )
    assert publication_text(meeting) == (
        "Bestuurlijke terugkoppeling LOVP 12 april 2021\n\n"
        "In het LOVP van 12 april is onder meer gesproken over jaarwisseling.\n\n"
        "Jaarwisseling\nBesproken.\n"
    )


def test_a_meeting_without_items_is_only_a_title():
    meeting = MeetingFactory(date=D(2021, 4, 12))
    assert publication_text(meeting) == "Bestuurlijke terugkoppeling LOVP 12 april 2021\n"


# --- round trip -----------------------------------------------------------------------------------


def _round_trip(meeting):
    later = list(Meeting.objects.filter(date__gt=meeting.date).values_list("date", flat=True))
    proposal = parse_minutes(publication_text(meeting), meeting_date=meeting.date, meetings=later)
    assert proposal.title == publication_title(meeting)
    parsed = {
        "headings": [item.heading for item in proposal.items],
        "decisions": [
            (item.heading, decision.text) for item in proposal.items for decision in item.decisions
        ],
        "follow_ups": sorted(
            (item.heading, follow_up.text, follow_up.target.kind, follow_up.target.date)
            for item in proposal.items
            for follow_up in item.follow_ups
        ),
    }
    items = meeting.agenda_items.order_by("position")
    stored = {
        "headings": [item.heading for item in items],
        "decisions": [
            (decision.agenda_item.heading, decision.text)
            for decision in Decision.objects.filter(agenda_item__meeting=meeting)
            .select_related("agenda_item__topic")
            .order_by("agenda_item__position", "position")
        ],
        "follow_ups": sorted(
            (follow_up.agenda_item.heading, follow_up.promise_text, follow_up.target_kind, follow_up.due_date)
            for follow_up in FollowUp.objects.filter(agenda_item__meeting=meeting).select_related(
                "agenda_item__topic"
            )
        ),
    }
    return parsed, stored


@pytest.mark.parametrize("day", [D(2020, 11, 23), D(2021, 2, 8)])
def test_round_trip(demo_data, day):
    parsed, stored = _round_trip(Meeting.objects.get(date=day))
    assert parsed["headings"] == stored["headings"]
    assert parsed["decisions"] == stored["decisions"]
    assert parsed["follow_ups"] == stored["follow_ups"]
    assert len(stored["follow_ups"]) == (6 if day.month == 11 else 4)


def test_round_trip_with_agreements_below_the_summary():
    meeting = MeetingFactory(date=D(2021, 4, 12), held=True)
    MeetingFactory(date=D(2021, 6, 14))
    item = AgendaItemFactory(
        meeting=meeting,
        topic=TopicFactory(name="Geweldsmiddelen BOA"),
        title="BOA",
        summary="Er is gesproken over de pilots met de korte wapenstok.",
    )
    decision = DecisionFactory(
        agenda_item=item, text="Afgesproken is dat de pilots in het LOVP van juni terugkomen."
    )
    FollowUp.objects.create(
        agenda_item=item,
        topic=item.topic,
        decision=decision,
        description="Pilots",
        promise_text=decision.text,
        target_kind="month",
        target_month=D(2021, 6, 1),
        due_date=D(2021, 6, 30),
    )
    parsed, stored = _round_trip(meeting)
    assert parsed == stored


# --- .docx ----------------------------------------------------------------------------------------


def test_docx(first):
    document = docx.Document(io.BytesIO(publication_docx(first)))
    assert document.core_properties.title == "Bestuurlijke terugkoppeling LOVP 23 november 2020"
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        ("Heading 1", "Bestuurlijke terugkoppeling LOVP 23 november 2020"),
        *[("Heading 2", item.heading) for item in first.agenda_items.order_by("position")],
    ]
    texts = [p.text for p in document.paragraphs]
    assert texts[1].startswith("In het LOVP van 23 november is onder meer gesproken over roosterdruk")
    for item in first.agenda_items.all():
        assert texts.count(item.summary) == 1


def test_docx_of_a_meeting_with_only_standing_items():
    meeting = MeetingFactory(date=D(2021, 4, 12), held=True)
    rondvraag = TopicFactory(name="Rondvraag", is_standing=True)
    AgendaItemFactory(meeting=meeting, topic=rondvraag, summary="Er waren geen vragen.")
    texts = [p.text for p in docx.Document(io.BytesIO(publication_docx(meeting))).paragraphs]
    assert sum("Er waren geen vragen." in text for text in texts) == 1


# --- the downloads --------------------------------------------------------------------------------


def test_download_docx(secretariat_client, first):
    response = secretariat_client.get(url(first, "docx"))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == 'attachment; filename="terugkoppeling-lovp-2020-11-23.docx"'
    document = docx.Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Bestuurlijke terugkoppeling LOVP 23 november 2020"
    assert {"Roosterdruk", "BOA", "Tot slot"} <= set(texts)


def test_download_text(secretariat_client, second):
    response = secretariat_client.get(url(second, "txt"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="terugkoppeling-lovp-2021-02-08.txt"'
    assert response.content.decode("utf-8") == publication_text(second)


def test_members_may_download(member_client, first):
    assert member_client.get(url(first, "txt")).status_code == 200
    assert member_client.get(url(first, "docx")).status_code == 200


def test_the_text_is_dutch_in_the_english_interface(member_client, first):
    member_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = member_client.get(url(first, "txt"))
    assert response["Content-Language"] == "en"
    assert response.content.decode().startswith("Bestuurlijke terugkoppeling LOVP 23 november 2020\n")


@pytest.mark.parametrize("fmt", ["pdf", "doc", "TXT", "html"])
def test_other_formats_are_not_found(secretariat_client, first, fmt):
    assert secretariat_client.get(url(first, fmt)).status_code == 404


def test_an_unknown_meeting_is_not_found(secretariat_client, db):
    assert secretariat_client.get("/vergaderingen/424242/terugkoppeling.txt").status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(anonymous_client, first):
    response = anonymous_client.get(url(first, "txt"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_meeting_page_links_to_the_downloads(member_client, first):
    page = member_client.get(first.get_absolute_url()).content.decode()
    assert url(first, "docx") in page
    assert url(first, "txt") in page


def test_members_do_not_get_a_draft_agenda_through_the_download(member_client, secretariat_client):
    meeting = MeetingFactory(date=D(2021, 4, 12), agenda_status=Meeting.AgendaStatus.DRAFT)
    AgendaItemFactory(
        meeting=meeting, topic=TopicFactory(name="Nog geheim onderwerp"), summary="Concepttekst."
    )
    page = member_client.get(meeting.get_absolute_url()).content.decode()
    assert "Nog geheim onderwerp" not in page
    assert "Nog geheim onderwerp" in secretariat_client.get(url(meeting, "txt")).content.decode()
    assert "Nog geheim onderwerp" not in member_client.get(url(meeting, "txt")).content.decode()


def test_the_docx_leaves_out_control_characters_instead_of_failing(db):
    """Found by the form fuzzing: a topic name with a control character broke the .docx download."""
    import io

    from docx import Document

    from decisions.publication import publication_docx
    from tests.factories import AgendaItemFactory, MeetingFactory, TopicFactory

    meeting = MeetingFactory(held=True)
    topic = TopicFactory(name="Vuurwerk\x0b en \x01overlast")
    AgendaItemFactory(meeting=meeting, topic=topic, summary="Besproken.\x1f")

    document = Document(io.BytesIO(publication_docx(meeting)))

    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "Vuurwerk en overlast" in texts
