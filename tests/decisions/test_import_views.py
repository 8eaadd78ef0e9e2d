"""The import screen (/importeren/): read a published terugkoppeling, review the proposal, save it."""

import datetime
import json
import re
from pathlib import Path

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localdate

from agenda.models import AgendaItem, Meeting, Topic
from decisions.models import Decision, FollowUp, MinutesImport, Party
from lovp.models import User
from tests.conftest import error_messages, success_messages
from tests.decisions.importer.test_parse import SEED_1, SEED_2
from tests.decisions.importer.test_reading import make_docx
from tests.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

D = datetime.date
URL = reverse("decisions:minutes_import")
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

SEED_1_HEADINGS = [
    "Roosterdruk",
    "Bewaken en beveiligen",
    "BOA",
    "Jaarwisseling",
    "Veiligheidsagenda",
    "Dienstverlening",
    "Tot slot",
]
SEED_2_HEADINGS = [
    "Bewaken en beveiligen",
    "Inzetbaarheid van politie",
    "Veiligheidsbeeld",
    "Jaarwisseling",
    "Herijking landelijke veiligheidsagenda",
    "Taskforce capaciteit",
    "Hoger en anders opgeleiden",
    "WODC-onderzoek",
    "Ondermijning en de plannen richting de Voorjaarsnota",
]
VAKBONDEN = "Ook wordt daar teruggekoppeld hoe de gesprekken met de vakbonden verlopen."
FEBRUARI = (
    "Afgesproken is dat het landelijke plan en een doorsnede van de regionale plannen in het LOVP van "
    "februari op de agenda staan."
)
POLITIEHONDEN = "Dit onderwerp wordt een volgend LOVP uitgebreider geagendeerd."


def seed_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (AgendaItem, Decision, FollowUp, MinutesImport, Topic)
    }


@pytest.fixture
def topics(db):
    """The 15 topics of the demo data (Rondvraag and Mededelingen standing), nothing else."""
    call_command("loaddata", str(FIXTURES / "demo_1_topics.json"), verbosity=0)


@pytest.fixture
def meetings(db):
    """The two meetings of the seeds, held and still empty."""
    return (
        MeetingFactory(date=D(2020, 11, 23), held=True),
        MeetingFactory(date=D(2021, 2, 8), held=True),
    )


# --- the form as a browser submits it -------------------------------------------------------------


def review_form(response) -> dict[str, str]:
    """The fields of the review form exactly as a browser submits them: ticked boxes only, the
    selected option of each select, the text of each textarea (without the one newline right after
    the opening tag, which HTML drops), hidden fields and the management forms included; line ends
    as CRLF, as the HTML form encoding has them."""
    document = lxml.html.fromstring(response.content.decode())
    (form,) = [form for form in document.forms if form.xpath(".//input[@name='step'][@value='save']")]
    textareas = set(form.xpath(".//textarea/@name"))
    fields: dict[str, str] = {}
    for name, value in form.form_values():
        assert name not in fields, f"field {name} appears twice"
        if name in textareas and value.startswith("\n"):
            value = value[1:]
        fields[name] = re.sub(r"\r\n|\r|\n", "\r\n", value)
    return fields


def row(fields: dict, prefix: str, field: str, value: str) -> str:
    """The prefix ("followups-3-") of the one row of a formset whose `field` holds `value`."""
    found = [
        name[: -len(field)]
        for name, current in fields.items()
        if name.startswith(f"{prefix}-") and name.endswith(f"-{field}") and current == value
    ]
    assert len(found) == 1, (prefix, field, value, found)
    return found[0]


def read(client, meeting, text, **extra):
    return client.post(URL, {"step": "read", "meeting": meeting.pk if meeting else "", "text": text, **extra})


def html(response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(response.content.decode())


# --- who may -------------------------------------------------------------------------------------


def test_members_may_not_import(member_client, meetings):
    assert member_client.get(URL).status_code == 403
    response = read(member_client, meetings[0], seed_text(SEED_1))
    assert response.status_code == 403
    assert member_client.post(URL, {"step": "save"}).status_code == 403
    assert AgendaItem.objects.count() == 0


def test_anonymous_visitors_are_sent_to_the_login_page(anonymous_client):
    response = anonymous_client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- step 1: the start page ----------------------------------------------------------------------


def test_start_page(secretariat_client, meetings):
    response = secretariat_client.get(URL)
    assert response.status_code == 200
    assert "decisions/import_start.html" in [template.name for template in response.templates]
    form = html(response).xpath("//form[.//input[@name='step'][@value='read']]")[0]
    assert form.get("enctype") == "multipart/form-data"
    assert {"meeting", "meeting_date", "text", "file"} <= set(form.xpath(".//*[@name]/@name"))
    assert [option.text for option in form.xpath(".//select[@name='meeting']/option")][1:] == [
        "LOVP 8 februari 2021",
        "LOVP 23 november 2020",
    ]


def test_start_page_chooses_the_meeting_it_was_opened_from(secretariat_client, meetings):
    response = secretariat_client.get(URL, {"meeting": meetings[0].pk})
    selected = html(response).xpath("//select[@name='meeting']/option[@selected]/@value")
    assert selected == [str(meetings[0].pk)]
    # Nonsense in the address is ignored, not an error.
    for nonsense in ("abc", "999999", "-1"):
        response = secretariat_client.get(URL, {"meeting": nonsense})
        assert response.status_code == 200
        assert html(response).xpath("//select[@name='meeting']/option[@selected]/@value") in ([], [""])


# --- step 1 -> review, step 2 -> saved -----------------------------------------------------------


def test_review_shows_the_proposal_and_saves_nothing(secretariat_client, topics, meetings):
    before = counts()
    response = read(secretariat_client, meetings[0], seed_text(SEED_1))

    assert response.status_code == 200
    assert "decisions/import_review.html" in [template.name for template in response.templates]
    page = html(response)
    assert [
        heading.text_content().strip()
        for heading in page.xpath("//section[contains(@class,'import-item')]//h2")
    ] == [f"{number}. {heading}" for number, heading in enumerate(SEED_1_HEADINGS, start=1)]
    # Every follow-up sentence is marked in the source text, and its row links to the mark.
    marks = page.xpath("//mark[starts-with(@id, 'zin-')]")
    assert [mark.get("id") for mark in marks] == [f"zin-{number}" for number in range(6)]
    assert [mark.text_content() for mark in marks][1] == VAKBONDEN
    assert [mark.text_content() for mark in marks][5] == POLITIEHONDEN
    assert set(page.xpath("//a[@class='promise']/@href")) == {f"#zin-{number}" for number in range(6)}
    # The proposal's topics are the existing ones.
    fields = review_form(response)
    assert fields[row(fields, "items", "heading", "Roosterdruk") + "topic"] == str(
        Topic.objects.get(slug="inzetbaarheid-en-roosterdruk").pk
    )
    assert fields[row(fields, "items", "heading", "Tot slot") + "topic"] == str(
        Topic.objects.get(slug="rondvraag").pk
    )
    dogs = row(fields, "followups", "promise_text", POLITIEHONDEN)
    assert fields[dogs + "topic"] == str(Topic.objects.get(slug="inzet-politiehonden").pk)
    assert fields[dogs + "target_kind"] == "next_meeting"
    assert "al ingelezen" not in response.content.decode()
    assert counts() == before


def test_confirming_the_proposal_saves_it_as_imported(secretariat_client, secretariat_user, topics, meetings):
    review = read(secretariat_client, meetings[0], seed_text(SEED_1))
    response = secretariat_client.post(URL, review_form(review))

    assert response.status_code == 302
    assert response["Location"] == meetings[0].get_absolute_url()
    assert success_messages(response) == [
        "De terugkoppeling is ingelezen: 7 agendapunten, 4 afspraken en 6 vervolgacties."
    ]
    items = list(meetings[0].agenda_items.order_by("position"))
    assert [item.heading for item in items] == SEED_1_HEADINGS
    assert [item.position for item in items] == list(range(1, 8))
    assert {item.source for item in items} == {AgendaItem.Source.IMPORTED}
    assert {item.created_by for item in items} == {secretariat_user}
    assert Decision.objects.filter(agenda_item__meeting=meetings[0]).count() == 4
    assert FollowUp.objects.filter(agenda_item__meeting=meetings[0], status="open").count() == 6
    record = MinutesImport.objects.get()
    assert (record.meeting, record.imported_by, record.source_name) == (meetings[0], secretariat_user, "")
    assert (record.item_count, record.decision_count, record.follow_up_count) == (7, 4, 6)
    assert " ".join(record.source_text.split()) == " ".join(seed_text(SEED_1).split())

    page = secretariat_client.get(response["Location"])
    assert "Roosterdruk" in page.content.decode()


def test_unticked_rows_are_left_out(secretariat_client, topics, meetings):
    review = read(secretariat_client, meetings[0], seed_text(SEED_1))
    fields = review_form(review)
    del fields[row(fields, "followups", "promise_text", VAKBONDEN) + "include"]
    february = row(fields, "decisions", "text", FEBRUARI)
    del fields[february + "include"]
    del fields[row(fields, "items", "heading", "BOA") + "include"]

    response = secretariat_client.post(URL, fields)

    assert response.status_code == 302
    assert success_messages(response) == [
        "De terugkoppeling is ingelezen: 6 agendapunten, 3 afspraken en 5 vervolgacties."
    ]
    assert list(meetings[0].agenda_items.order_by("position").values_list("title", flat=True)) == [
        "Roosterdruk",
        "",
        "",
        "Veiligheidsagenda",
        "",
        "Tot slot",
    ]
    assert not FollowUp.objects.filter(promise_text=VAKBONDEN).exists()
    assert not Decision.objects.filter(text=FEBRUARI).exists()
    # The follow-up that came from the dropped agreement stays, without the link.
    assert FollowUp.objects.get(promise_text=FEBRUARI).decision is None
    # Positions of the remaining agreements are counted without the dropped one.
    assert list(Decision.objects.values_list("position", flat=True)) == [1, 1, 1]


def test_dropping_an_item_drops_its_agreements_and_follow_ups(secretariat_client, topics, meetings):
    fields = review_form(read(secretariat_client, meetings[0], seed_text(SEED_1)))
    del fields[row(fields, "items", "heading", "Tot slot") + "include"]
    secretariat_client.post(URL, fields)
    assert AgendaItem.objects.count() == 6
    assert not FollowUp.objects.filter(promise_text=POLITIEHONDEN).exists()
    assert not Decision.objects.filter(agenda_item__title="Tot slot").exists()
    assert MinutesImport.objects.get().follow_up_count == 4


def test_corrections_are_saved_as_corrected(secretariat_client, topics, meetings, korpschef):
    fields = review_form(read(secretariat_client, meetings[0], seed_text(SEED_1)))
    vakbonden = row(fields, "followups", "promise_text", VAKBONDEN)
    assert fields[vakbonden + "target_kind"] == "month"
    assert fields[vakbonden + "target_month"] == "2021-02"
    # The browser still sends the (hidden) month field along when the kind changes.
    fields[vakbonden + "target_kind"] = "date"
    fields[vakbonden + "target_date"] = "2021-02-15"
    fields[vakbonden + "owner"] = str(korpschef.pk)
    fields[vakbonden + "description"] = "Terugkoppelen hoe de gesprekken met de vakbonden verlopen"
    boa = row(fields, "items", "heading", "BOA")
    fields[boa + "heading"] = "Pilot korte wapenstok BOA"
    fields[boa + "summary"] = "Kort gesproken over de pilots."
    dogs = row(fields, "followups", "promise_text", POLITIEHONDEN)
    fields[dogs + "topic"] = str(Topic.objects.get(slug="rondvraag").pk)

    response = secretariat_client.post(URL, fields)

    assert response.status_code == 302
    follow_up = FollowUp.objects.get(promise_text=VAKBONDEN)
    assert follow_up.description == "Terugkoppelen hoe de gesprekken met de vakbonden verlopen"
    assert follow_up.owner == korpschef
    assert (follow_up.target_kind, follow_up.target_month, follow_up.target_date) == (
        "date",
        None,
        D(2021, 2, 15),
    )
    assert (follow_up.due_date, follow_up.target_meeting) == (D(2021, 2, 15), None)
    item = AgendaItem.objects.get(title="Pilot korte wapenstok BOA")
    assert (item.topic.slug, item.summary) == ("geweldsmiddelen-boa", "Kort gesproken over de pilots.")
    assert FollowUp.objects.get(promise_text=POLITIEHONDEN).topic.slug == "rondvraag"


def test_an_unmatched_heading_becomes_a_new_topic(secretariat_client, topics, meetings):
    fields = review_form(read(secretariat_client, meetings[0], seed_text(SEED_1)))
    dienstverlening = row(fields, "items", "heading", "Dienstverlening")
    fields[dienstverlening + "topic"] = ""
    fields[dienstverlening + "heading"] = "Visie op dienstverlening"

    secretariat_client.post(URL, fields)

    topic = Topic.objects.get(name="Visie op dienstverlening")
    assert (topic.slug, topic.is_standing) == ("visie-op-dienstverlening", False)
    item = AgendaItem.objects.get(topic=topic)
    # The heading is the topic's name: the item needs no title of its own.
    assert (item.title, item.heading) == ("", "Visie op dienstverlening")


def test_import_for_a_meeting_that_does_not_exist_yet(secretariat_client, topics):
    response = secretariat_client.post(
        URL, {"step": "read", "meeting_date": "2021-02-08", "text": seed_text(SEED_2)}
    )
    assert response.status_code == 200
    assert Meeting.objects.count() == 0
    response = secretariat_client.post(URL, review_form(response))
    meeting = Meeting.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    assert (meeting.date, meeting.status) == (D(2021, 2, 8), Meeting.Status.HELD)
    assert meeting.agenda_items.count() == 9


def test_upload_of_a_text_file_keeps_its_name(secretariat_client, topics, meetings):
    upload = SimpleUploadedFile("terugkoppeling-februari.txt", SEED_2.read_bytes(), content_type="text/plain")
    response = secretariat_client.post(URL, {"step": "read", "meeting": meetings[1].pk, "file": upload})
    assert response.status_code == 200
    secretariat_client.post(URL, review_form(response))
    assert MinutesImport.objects.get().source_name == "terugkoppeling-februari.txt"
    assert meetings[1].agenda_items.count() == 9


def test_upload_of_a_docx_file(secretariat_client, topics, meetings):
    data = make_docx(
        [
            ("Bestuurlijke terugkoppeling LOVP 8 februari 2021", "Title"),
            ("Jaarwisseling", "Heading 1"),
            (
                "Een terugblik op de jaarwisseling. Afgesproken is dat in september dit onderwerp "
                "nogmaals wordt geagendeerd.",
                None,
            ),
        ]
    )
    upload = SimpleUploadedFile("terugkoppeling.docx", data)
    response = secretariat_client.post(URL, {"step": "read", "meeting": meetings[1].pk, "file": upload})
    assert response.status_code == 200
    fields = review_form(response)
    assert fields["items-0-heading"] == "Jaarwisseling"
    assert fields["followups-0-target_month"] == "2021-09"


def test_items_are_added_after_the_existing_ones(secretariat_client, topics, meetings):
    AgendaItemFactory(meeting=meetings[1], topic=Topic.objects.get(slug="mededelingen"), position=4)
    fields = review_form(read(secretariat_client, meetings[1], seed_text(SEED_2)))
    secretariat_client.post(URL, fields)
    positions = list(meetings[1].agenda_items.order_by("position").values_list("position", flat=True))
    assert positions == list(range(4, 14))


# --- the same text twice --------------------------------------------------------------------------


def test_the_same_text_twice_is_refused(secretariat_client, topics, meetings):
    text = seed_text(SEED_1)
    secretariat_client.post(URL, review_form(read(secretariat_client, meetings[0], text)))
    before = counts()

    # Reflowed (other line breaks and spaces) it is still the same text.
    again = read(
        secretariat_client, meetings[0], "\n".join(" ".join(line.split()) for line in text.splitlines())
    )
    assert again.status_code == 200
    warning = html(again).xpath("//div[contains(@class,'alert-warning')]")[0].text_content()
    assert "al ingelezen" in warning
    assert "LOVP 23 november 2020" in warning

    response = secretariat_client.post(URL, review_form(again))

    assert response.status_code == 200
    assert error_messages(response) == [
        f"Deze terugkoppeling is al ingelezen op "
        f"{date_format(localdate(MinutesImport.objects.get().imported_at), 'j F Y')}, bij "
        "LOVP 23 november 2020. Er is niets dubbel opgeslagen."
    ]
    assert "decisions/import_review.html" in [template.name for template in response.templates]
    assert counts() == before


def test_the_same_text_for_another_meeting_is_refused_too(secretariat_client, topics, meetings):
    text = seed_text(SEED_2)
    secretariat_client.post(URL, review_form(read(secretariat_client, meetings[1], text)))
    before = counts()
    response = secretariat_client.post(URL, review_form(read(secretariat_client, meetings[0], text)))
    assert response.status_code == 200
    assert "al ingelezen" in error_messages(response)[0]
    assert counts() == before
    assert meetings[0].agenda_items.count() == 0


# --- an invalid review ----------------------------------------------------------------------------


def test_an_invalid_review_saves_nothing_and_keeps_what_was_typed(
    secretariat_client, topics, meetings, korpschef
):
    fields = review_form(read(secretariat_client, meetings[0], seed_text(SEED_1)))
    vakbonden = row(fields, "followups", "promise_text", VAKBONDEN)
    fields[vakbonden + "target_month"] = ""
    fields[vakbonden + "description"] = "Gesprekken met de vakbonden terugkoppelen"
    fields[vakbonden + "owner"] = str(korpschef.pk)
    roosterdruk = row(fields, "items", "heading", "Roosterdruk")
    fields[roosterdruk + "heading"] = "Roosterdruk en inzetbaarheid"
    before = counts()

    response = secretariat_client.post(URL, fields)

    assert response.status_code == 200
    assert counts() == before
    assert error_messages(response) == ["Er is nog niets opgeslagen. Verbeter de fouten hieronder."]
    page = html(response)
    month = page.xpath(f"//input[@name='{vakbonden}target_month']")[0]
    assert "is-invalid" in month.get("class")
    feedback = month.getparent().xpath(".//*[contains(@class,'invalid-feedback')]")
    assert [element.text_content().strip() for element in feedback] == [
        "Vul de maand in waarin het terugkomt."
    ]
    # Only that field is in error.
    assert len(page.xpath("//*[contains(@class,'invalid-feedback')]")) == 1
    again = review_form(response)
    assert again[vakbonden + "description"] == "Gesprekken met de vakbonden terugkoppelen"
    assert again[vakbonden + "owner"] == str(korpschef.pk)
    assert again[vakbonden + "target_kind"] == "month"
    assert again[roosterdruk + "heading"] == "Roosterdruk en inzetbaarheid"
    assert again["source_text"] == fields["source_text"]
    # The sentences are still marked in the source text.
    assert len(page.xpath("//mark[starts-with(@id, 'zin-')]")) == 6

    # Fixed, it saves.
    again[vakbonden + "target_month"] = "2021-03"
    assert secretariat_client.post(URL, again).status_code == 302
    follow_up = FollowUp.objects.get(promise_text=VAKBONDEN)
    assert (follow_up.target_month, follow_up.owner) == (D(2021, 3, 1), korpschef)
    assert AgendaItem.objects.filter(title="Roosterdruk en inzetbaarheid").exists()


def test_the_empty_topic_choices_keep_their_labels_after_an_error(secretariat_client, topics, meetings):
    fields = review_form(read(secretariat_client, meetings[0], seed_text(SEED_1)))
    fields[row(fields, "followups", "promise_text", VAKBONDEN) + "target_month"] = ""
    page = html(secretariat_client.post(URL, fields))
    assert (
        page.xpath("//select[@name='items-0-topic']/option[@value='']")[0].text == "Nieuw onderwerp (de kop)"
    )
    assert page.xpath("//select[@name='followups-0-topic']/option[@value='']")[0].text == (
        "Het onderwerp van het agendapunt"
    )


def test_paragraphs_of_a_summary_survive_the_review(secretariat_client, meetings):
    from decisions.publication import publication_text

    text = (
        "Taskforce capaciteit\n\n"
        "De werkzaamheden van de taskforce zijn toegelicht door de korpschef van de politie.\n\n"
        "Daarnaast is gesproken over het onderwijs aan de Politieacademie en de aspiranten.\n"
    )
    fields = review_form(read(secretariat_client, meetings[1], text))
    assert secretariat_client.post(URL, fields).status_code == 302
    assert "van de politie.\n\nDaarnaast" in publication_text(meetings[1])


def test_posted_values_are_escaped_in_the_marked_source(secretariat_client, topics, meetings):
    fields = review_form(read(secretariat_client, meetings[0], seed_text(SEED_1)))
    fields[row(fields, "followups", "promise_text", VAKBONDEN) + "sentence_number"] = (
        '"><script>alert(1)</script>'
    )
    response = secretariat_client.post(URL, fields)
    assert response.status_code == 200
    assert AgendaItem.objects.count() == 0
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"items-0-heading": ""}, "items-0-heading", "Geef dit agendapunt een kop."),
        ({"decisions-0-text": "  "}, "decisions-0-text", "Vul de tekst van de afspraak in"),
        ({"followups-1-description": ""}, "followups-1-description", "Beschrijf wat er terug moet komen"),
        ({"followups-3-target_date": ""}, "followups-3-target_date", "Vul de datum in."),
        ({"followups-1-target_month": "dertiende maand"}, "followups-1-target_month", "Vul een maand in"),
    ],
)
def test_other_review_errors_are_shown_beside_the_field(
    secretariat_client, topics, meetings, change, field, message
):
    fields = review_form(read(secretariat_client, meetings[0], seed_text(SEED_1)))
    fields.update(change)
    before = counts()
    response = secretariat_client.post(URL, fields)
    assert response.status_code == 200
    assert counts() == before
    element = html(response).xpath(f"//*[@name='{field}']")[0]
    assert "is-invalid" in element.get("class")
    assert message in element.getparent().text_content()


def test_an_unticked_row_is_not_checked(secretariat_client, topics, meetings):
    fields = review_form(read(secretariat_client, meetings[0], seed_text(SEED_1)))
    vakbonden = row(fields, "followups", "promise_text", VAKBONDEN)
    fields[vakbonden + "target_month"] = ""
    del fields[vakbonden + "include"]
    assert secretariat_client.post(URL, fields).status_code == 302
    assert FollowUp.objects.count() == 5


def test_a_review_without_its_source_text_saves_nothing(secretariat_client, topics, meetings):
    fields = review_form(read(secretariat_client, meetings[0], seed_text(SEED_1)))
    fields["source_text"] = ""
    response = secretariat_client.post(URL, fields)
    assert response.status_code == 200
    assert AgendaItem.objects.count() == 0


def test_a_review_without_management_forms_saves_nothing(secretariat_client, topics, meetings):
    fields = review_form(read(secretariat_client, meetings[0], seed_text(SEED_1)))
    fields = {name: value for name, value in fields.items() if "_FORMS" not in name}
    response = secretariat_client.post(URL, fields)
    assert response.status_code == 200
    assert AgendaItem.objects.count() == 0


def test_a_review_without_a_meeting_says_to_start_again(secretariat_client, topics, meetings):
    fields = review_form(read(secretariat_client, meetings[0], seed_text(SEED_1)))
    fields["meeting"] = ""
    response = secretariat_client.post(URL, fields)
    assert response.status_code == 200
    assert "De vergadering ontbreekt. Begin opnieuw met inlezen." in response.content.decode()
    assert AgendaItem.objects.count() == 0


# --- bad input in step 1 --------------------------------------------------------------------------

ENGLISH = (
    "Security briefing\n\nThe mayors asked about the deployment of the police. It was agreed that the "
    "plans will be discussed at the next meeting in February, and that the ministry would report on the "
    "progress of the unions."
)
NO_HEADINGS = (
    "De (regio)burgemeesters hebben gevraagd naar de stand van zaken op inzetbaarheid. De politie is "
    "binnen de eenheden bezig met het maken van de plannen om roosterdruk tegen te gaan. Dit gebeurt in "
    "afstemming met het gezag. Ook wordt er aan een landelijk plan gewerkt."
)


def _corrupt_docx() -> bytes:
    return b"PK\x03\x04" + bytes(range(256)) * 8


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"text": ""}, "text", "Plak de tekst van de terugkoppeling, of kies een bestand."),
        ({"text": "   \n\n  "}, "text", "Plak de tekst van de terugkoppeling, of kies een bestand."),
        ({"text": NO_HEADINGS}, None, "Er zijn geen onderwerpen gevonden"),
        ({"text": ENGLISH}, None, "niet in het Nederlands"),
        (
            {
                "file": lambda: SimpleUploadedFile(
                    "x.pdf", bytes(range(256)) * 40, content_type="application/pdf"
                )
            },
            "file",
            "Het PDF-bestand kan niet worden gelezen",
        ),
        (
            {"file": lambda: SimpleUploadedFile("verslag.docx", _corrupt_docx())},
            "file",
            "Het Word-bestand kan niet",
        ),
        ({"file": lambda: SimpleUploadedFile("verslag.txt", b"")}, "file", None),
        (
            {
                "file": lambda: SimpleUploadedFile(
                    "groot.txt", b"a" * (20 * 1024 * 1024), content_type="text/plain"
                )
            },
            "file",
            "Dit bestand is te groot (meer dan 10 MB).",
        ),
        (
            {"file": lambda: SimpleUploadedFile("verslag.xlsx", b"kolom1;kolom2")},
            "file",
            "Bestandstype .xlsx",
        ),
    ],
    ids=[
        "empty",
        "blank",
        "no-headings",
        "english",
        "binary-pdf",
        "corrupt-docx",
        "empty-file",
        "20mb",
        "xlsx",
    ],
)
def test_bad_input_is_explained_in_dutch(secretariat_client, topics, meetings, data, field, message):
    data = {name: value() if callable(value) else value for name, value in data.items()}
    before = counts()
    response = secretariat_client.post(URL, {"step": "read", "meeting": meetings[0].pk, **data})

    assert response.status_code == 200
    assert "decisions/import_start.html" in [template.name for template in response.templates]
    assert counts() == before
    form = response.context["form"]
    if field is None:
        errors = form.non_field_errors()
        alert = html(response).xpath("//div[contains(@class,'alert-danger')]")[0].text_content()
        assert message in alert
    else:
        errors = form.errors[field]
        element = html(response).xpath(f"//*[@name='{field}']")[0]
        assert "is-invalid" in element.get("class")
        if message:
            assert message in element.getparent().text_content()
    assert len(errors) == 1
    if message:
        assert message in errors[0]
    # The meeting stays chosen.
    assert html(response).xpath("//select[@name='meeting']/option[@selected]/@value") == [str(meetings[0].pk)]


def test_without_a_meeting(secretariat_client, topics):
    response = secretariat_client.post(URL, {"step": "read", "text": seed_text(SEED_2)})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "meeting": ["Kies de vergadering, of vul de datum van een nieuwe vergadering in."]
    }
    # What was pasted is still there.
    assert html(response).xpath("//textarea[@name='text']")[0].text_content().strip().startswith("Bewaken")
    assert Meeting.objects.count() == 0 and AgendaItem.objects.count() == 0


@pytest.mark.parametrize("value", ["23-13-2020", "gisteren", "2020-02-30", "99999-01-01"])
def test_a_malformed_meeting_date(secretariat_client, topics, value):
    response = secretariat_client.post(
        URL, {"step": "read", "meeting_date": value, "text": seed_text(SEED_2)}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["meeting_date"]
    assert errors["meeting_date"] == ["Voer een geldige datum in."]
    element = html(response).xpath("//input[@name='meeting_date']")[0]
    assert "is-invalid" in element.get("class")
    assert Meeting.objects.count() == 0


def test_an_unknown_meeting(secretariat_client, topics):
    response = secretariat_client.post(URL, {"step": "read", "meeting": "424242", "text": seed_text(SEED_2)})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["meeting"]
    assert AgendaItem.objects.count() == 0


def test_a_meeting_date_that_exists_already_uses_no_new_meeting(secretariat_client, topics, meetings):
    """The field says "Of: datum van een vergadering die er nog niet is"; when the secretariat types the
    date of a meeting that exists after all, its items go to that meeting, not to a duplicate."""
    response = secretariat_client.post(
        URL, {"step": "read", "meeting_date": "2021-02-08", "text": seed_text(SEED_2)}
    )
    secretariat_client.post(URL, review_form(response))
    assert Meeting.objects.filter(date=D(2021, 2, 8)).count() == 1
    assert meetings[1].agenda_items.count() == 9


# --- done when: the seeds give the demo data ------------------------------------------------------


def _fixture_meetings() -> dict:
    """demo_3_meetings.json read as data, not loaded: per meeting date its items, decisions, follow-ups."""
    rows = json.loads((FIXTURES / "demo_3_meetings.json").read_text(encoding="utf-8"))
    by_model: dict[str, dict] = {}
    for entry in rows:
        by_model.setdefault(entry["model"], {})[entry["pk"]] = entry["fields"]
    meetings = by_model["agenda.meeting"]
    items = by_model["agenda.agendaitem"]
    decisions = by_model["decisions.decision"]
    expected = {}
    for meeting_pk, meeting in meetings.items():
        day = D.fromisoformat(meeting["date"])
        dates = {pk: D.fromisoformat(m["date"]) for pk, m in meetings.items()}
        own = sorted(
            (pk for pk, item in items.items() if item["meeting"] == meeting_pk),
            key=lambda pk: items[pk]["position"],
        )
        expected[day] = {
            "items": [
                (items[pk]["title"], items[pk]["topic"][0], " ".join(items[pk]["summary"].split()))
                for pk in own
            ],
            "decisions": [
                (items[d["agenda_item"]]["title"], d["position"], d["text"])
                for d in sorted(
                    decisions.values(), key=lambda d: (items[d["agenda_item"]]["position"], d["position"])
                )
                if d["agenda_item"] in own
            ],
            "follow_ups": sorted(
                (
                    items[f["agenda_item"]]["title"],
                    f["topic"][0],
                    f["promise_text"],
                    f["target_kind"],
                    D.fromisoformat(f["target_month"]) if f["target_month"] else None,
                    D.fromisoformat(f["target_date"]) if f["target_date"] else None,
                    D.fromisoformat(f["due_date"]) if f["due_date"] else None,
                    dates.get(f["target_meeting"]),
                    decisions[f["decision"]]["text"] if f["decision"] else None,
                    "open",
                    f["description"],
                    f["owner"][0] if f["owner"] else None,
                )
                for f in by_model["decisions.followup"].values()
                if f["agenda_item"] in own
            ),
        }
    return expected


def _saved(day: datetime.date) -> dict:
    meeting = Meeting.objects.get(date=day)
    items = list(meeting.agenda_items.select_related("topic").order_by("position"))
    return {
        "items": [(item.heading, item.topic.slug, " ".join(item.summary.split())) for item in items],
        "decisions": [
            (d.agenda_item.heading, d.position, d.text)
            for d in Decision.objects.filter(agenda_item__meeting=meeting)
            .select_related("agenda_item__topic")
            .order_by("agenda_item__position", "position")
        ],
        "follow_ups": sorted(
            (
                f.agenda_item.heading,
                f.topic.slug,
                f.promise_text,
                f.target_kind,
                f.target_month,
                f.target_date,
                f.due_date,
                f.target_meeting.date if f.target_meeting else None,
                f.decision.text if f.decision else None,
                f.status,
                f.description,
                f.owner.slug if f.owner else None,
            )
            for f in FollowUp.objects.filter(agenda_item__meeting=meeting).select_related(
                "agenda_item__topic", "topic", "decision", "owner", "target_meeting"
            )
        ),
    }


@pytest.fixture
def demo_secretariat(topics):
    call_command("loaddata", str(FIXTURES / "demo_2_users.json"), verbosity=0)
    return User.objects.get(username="secretariaat")


def _import_as_the_secretariat(client, meeting, seed, expected_follow_ups):
    """Read the seed, fill in the descriptions and owners as the fixture has them, save."""
    fields = review_form(read(client, meeting, seed_text(seed)))
    parties = {party.slug: party.pk for party in Party.objects.all()}
    for _item, _topic, promise, *_rest, description, owner in expected_follow_ups:
        prefix = row(fields, "followups", "promise_text", promise)
        fields[prefix + "description"] = description
        fields[prefix + "owner"] = str(parties[owner])
    response = client.post(URL, fields)
    assert response.status_code == 302, response.context and [
        form.errors for form in response.context["follow_ups"].forms if form.errors
    ]
    return response


def test_the_seeds_give_the_demo_data(client, demo_secretariat):
    expected = _fixture_meetings()
    assert sorted(expected) == [D(2020, 11, 23), D(2021, 2, 8)]
    first = Meeting.objects.create(date=D(2020, 11, 23), status=Meeting.Status.HELD)
    second = Meeting.objects.create(date=D(2021, 2, 8), status=Meeting.Status.HELD)
    client.force_login(demo_secretariat)

    _import_as_the_secretariat(client, first, SEED_1, expected[first.date]["follow_ups"])
    _import_as_the_secretariat(client, second, SEED_2, expected[second.date]["follow_ups"])

    for day in (first.date, second.date):
        saved = _saved(day)
        assert saved["items"] == expected[day]["items"], day
        assert saved["decisions"] == expected[day]["decisions"], day
        assert saved["follow_ups"] == expected[day]["follow_ups"], day
    assert AgendaItem.objects.count() == 16
    assert Decision.objects.count() == 8
    assert FollowUp.objects.count() == 10
    assert set(AgendaItem.objects.values_list("source", flat=True)) == {"imported"}
    # No topic was invented: every heading found one of the 15 demo topics.
    assert Topic.objects.count() == 15


def test_imported_titles_against_the_demo_titles(client, demo_secretariat):
    """The demo data gives every agenda item a title, also where it is the topic's name
    ("Jaarwisseling"); the import leaves the title empty there, so the heading shown is the same."""
    expected = _fixture_meetings()
    meeting = Meeting.objects.create(date=D(2021, 2, 8), status=Meeting.Status.HELD)
    client.force_login(demo_secretariat)
    _import_as_the_secretariat(client, meeting, SEED_2, expected[meeting.date]["follow_ups"])
    names = dict(Topic.objects.values_list("slug", "name"))
    assert list(meeting.agenda_items.order_by("position").values_list("title", flat=True)) == [
        "" if title == names[slug] else title for title, slug, _summary in expected[meeting.date]["items"]
    ]
    assert list(meeting.agenda_items.order_by("position").values_list("title", flat=True)) == [
        "",
        "Inzetbaarheid van politie",
        "",
        "",
        "Herijking landelijke veiligheidsagenda",
        "",
        "",
        "WODC-onderzoek",
        "Ondermijning en de plannen richting de Voorjaarsnota",
    ]


def test_the_proposal_alone_needs_only_descriptions_and_owners(client, demo_secretariat):
    """Without corrections the import differs from the demo data only in the follow-ups'
    descriptions (the sentence itself) and owners (none where the text names no party)."""
    expected = _fixture_meetings()
    meeting = Meeting.objects.create(date=D(2020, 11, 23), status=Meeting.Status.HELD)
    Meeting.objects.create(date=D(2021, 2, 8), status=Meeting.Status.HELD)
    client.force_login(demo_secretariat)
    review = read(client, meeting, seed_text(SEED_1))
    assert client.post(URL, review_form(review)).status_code == 302
    saved = _saved(meeting.date)
    assert saved["items"] == expected[meeting.date]["items"]
    assert saved["decisions"] == expected[meeting.date]["decisions"]
    assert [entry[:-2] for entry in saved["follow_ups"]] == [
        entry[:-2] for entry in expected[meeting.date]["follow_ups"]
    ]
    assert all(entry[-2] == entry[2] for entry in saved["follow_ups"])
