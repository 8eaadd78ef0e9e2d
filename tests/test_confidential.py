"""Confidential agenda items and follow-ups (lovp.confidentiality): members see that they exist, not what
they say; the secretariat sees everything. Every page, file, feed and e-mail that shows their text is
checked here with a member and with the secretariat."""

import csv
import datetime
import io
import re

import docx
import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from agenda.emails import agenda_published_messages
from agenda.models import AgendaItem, DraftAgendaLine, Meeting
from decisions import services
from decisions.emails import reminder_messages
from decisions.models import Decision, FollowUp, ReminderLog
from tests.conftest import agenda_item_data, error_messages
from tests.factories import (
    AgendaItemFactory,
    DecisionFactory,
    FollowUpFactory,
    MeetingFactory,
    TopicFactory,
    UserFactory,
)

D = datetime.date
TODAY = D(2021, 3, 1)

# Words that only occur in confidential text (still confidential on TODAY): a member never sees them.
SECRETS = [
    "Kopgeheim",  # title of the confidential agenda item
    "Zwartboekgeheim",  # its summary
    "Inbrenggeheim",  # who brought it in
    "Afspraakgeheim",  # its agreement
    "Erfgeheim",  # a follow-up agreed there (confidential because the item is)
    "Vervolggeheim",  # a follow-up confidential of its own
    "Beloftegeheim",  # its original wording
    "Redengeheim",  # why it was postponed
    "Afgerondgeheim",  # a resolved confidential follow-up
    "Afhandelinggeheim",  # how it was resolved
    "Straksgeheim",  # a follow-up public only from June
    "Aprilgeheim",  # a confidential agenda item of the next meeting
    "Regelgeheim",  # why a confidential follow-up is on its draft agenda
]
# Confidential once, public since February: everyone reads them.
FORMERLY_SECRET = ["Voorheengeheim", "Vroegergeheim"]
HIDDEN_FOLLOW_UP = "Vertrouwelijke vervolgactie"


def leaked(text: str) -> list[str]:
    return [word for word in SECRETS if word.lower() in text.lower()]


@pytest.fixture
def world(db, today, korpschef, secretariat_user):
    """A held meeting of 8 February 2021 with a public and a confidential agenda item and follow-ups of
    every kind; the next meeting (12 April, agenda published) with a confidential item. Today is 1 March."""
    today(D(2021, 2, 8))
    february = MeetingFactory(date=D(2021, 2, 8), held=True, agenda_status=Meeting.AgendaStatus.PUBLISHED)
    april = MeetingFactory(date=D(2021, 4, 12), agenda_status=Meeting.AgendaStatus.PUBLISHED)
    jaarwisseling = TopicFactory(name="Jaarwisseling")
    ondermijning = TopicFactory(name="Ondermijning")
    politiebestel = TopicFactory(name="Politiebestel")
    public_item = AgendaItemFactory(
        meeting=february,
        topic=jaarwisseling,
        position=1,
        summary="Openbare samenvatting over de jaarwisseling.",
    )
    secret_item = AgendaItemFactory(
        meeting=february,
        topic=ondermijning,
        position=2,
        title="Kopgeheim over de aanpak",
        summary="Zwartboekgeheim is besproken.",
        introducer="Inbrenggeheim",
        is_confidential=True,
    )
    DecisionFactory(agenda_item=secret_item, text="Afspraakgeheim is gemaakt.")
    formerly_item = AgendaItemFactory(
        meeting=february,
        topic=politiebestel,
        position=3,
        summary="Vroegergeheim was ooit vertrouwelijk.",
        is_confidential=True,
        public_from=D(2021, 2, 15),
    )
    date_target = {"target_kind": FollowUp.TargetKind.DATE}
    inherited = FollowUpFactory(
        agenda_item=secret_item,
        description="Erfgeheim opvolgen",
        owner=korpschef,
        target_date=D(2021, 2, 20),
        promise_text="Beloftegeheim bij het agendapunt",
        **date_target,
    )
    own = FollowUpFactory(
        agenda_item=public_item,
        description="Vervolggeheim uitzoeken",
        promise_text="Beloftegeheim",
        owner=korpschef,
        target_date=D(2021, 3, 20),
        is_confidential=True,
        **date_target,
    )
    resolved = FollowUpFactory(
        agenda_item=public_item,
        description="Afgerondgeheim regelen",
        owner=korpschef,
        is_confidential=True,
        target_date=D(2021, 2, 28),
        **date_target,
    )
    formerly = FollowUpFactory(
        agenda_item=public_item,
        description="Voorheengeheim afstemmen",
        owner=korpschef,
        is_confidential=True,
        public_from=D(2021, 2, 1),
        target_date=D(2021, 2, 25),
        **date_target,
    )
    later = FollowUpFactory(
        agenda_item=public_item,
        description="Straksgeheim voorbereiden",
        owner=korpschef,
        is_confidential=True,
        public_from=D(2021, 6, 1),
        target_date=D(2021, 2, 26),
        **date_target,
    )
    public = FollowUpFactory(
        agenda_item=public_item,
        description="Openbare vervolgactie",
        owner=korpschef,
        target_date=D(2021, 2, 27),
        **date_target,
    )
    today(D(2021, 2, 15))
    for target in (D(2021, 3, 10), D(2021, 3, 20)):
        services.followup_postpone(
            follow_up=own,
            target_kind=FollowUp.TargetKind.DATE,
            target_date=target,
            reason="Redengeheim: het rapport is er nog niet.",
            by=secretariat_user,
        )
    resolved.mark_done(resolution="Afhandelinggeheim is geregeld.", meeting=february, by=secretariat_user)
    resolved.save()
    april_item = AgendaItemFactory(
        meeting=april,
        topic=ondermijning,
        position=1,
        title="Aprilgeheim",
        introducer="Inbrenggeheim",
        is_confidential=True,
    )
    DraftAgendaLine.objects.create(
        meeting=april,
        agenda_item=april_item,
        follow_up=inherited,
        reason="Regelgeheim: over tijd",
        decision=DraftAgendaLine.Decision.ACCEPTED,
    )
    today(TODAY)
    own.refresh_from_db()
    return {
        "february": february,
        "april": april,
        "ondermijning": ondermijning,
        "jaarwisseling": jaarwisseling,
        "public_item": public_item,
        "secret_item": secret_item,
        "formerly_item": formerly_item,
        "april_item": april_item,
        "inherited": inherited,
        "own": own,
        "resolved": resolved,
        "formerly": formerly,
        "later": later,
        "public": public,
    }


# --- the rule ------------------------------------------------------------------------------------------


def test_the_rule_on_rows(world, member_user, secretariat_user, superuser):
    hidden = {pk for pk in FollowUp.objects.hidden_for(member_user, on=TODAY).values_list("pk", flat=True)}
    assert hidden == {world[name].pk for name in ("inherited", "own", "resolved", "later")}
    assert not FollowUp.objects.hidden_for(secretariat_user, on=TODAY).exists()
    assert not FollowUp.objects.hidden_for(superuser, on=TODAY).exists()
    assert set(AgendaItem.objects.hidden_for(member_user, on=TODAY)) == {
        world["secret_item"],
        world["april_item"],
    }
    assert set(Decision.objects.hidden_for(member_user, on=TODAY)) == set(
        world["secret_item"].decisions.all()
    )
    # Without a user (code that forgot to say for whom) confidential text stays hidden.
    assert FollowUp.objects.hidden_for(None, on=TODAY).count() == 4
    assert world["own"].is_hidden_for(member_user, on=TODAY)
    assert not world["own"].is_hidden_for(secretariat_user, on=TODAY)


@pytest.mark.parametrize(
    ("public_from", "hidden"),
    [
        (None, True),
        (TODAY - datetime.timedelta(days=1), False),
        (TODAY, False),
        (TODAY + datetime.timedelta(days=1), True),
    ],
)
def test_public_from_makes_it_public_from_that_day_on(
    world, member_client, secretariat_client, public_from, hidden
):
    own = world["own"]
    own.public_from = public_from
    own.save()

    member_html = member_client.get(own.get_absolute_url()).content.decode()
    assert ("Vervolggeheim" in member_html) is not hidden
    assert ("Beloftegeheim" in member_html) is not hidden
    assert (HIDDEN_FOLLOW_UP in member_html) is hidden
    assert "Vervolggeheim" in secretariat_client.get(own.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("public_from", "hidden"),
    [(D(2021, 2, 28), False), (TODAY, False), (D(2021, 3, 2), True)],
)
def test_an_agenda_items_public_from_also_frees_its_follow_ups(world, member_client, public_from, hidden):
    item = world["secret_item"]
    item.public_from = public_from
    item.save()

    meeting_html = member_client.get(world["february"].get_absolute_url()).content.decode()
    follow_up_html = member_client.get(world["inherited"].get_absolute_url()).content.decode()
    for word in ("Zwartboekgeheim", "Afspraakgeheim", "Kopgeheim"):
        assert (word in meeting_html) is not hidden
    assert ("Erfgeheim" in follow_up_html) is not hidden


@pytest.mark.parametrize(
    ("item_public_from", "own_public_from"), [(D(2021, 2, 1), D(2021, 6, 1)), (D(2021, 6, 1), D(2021, 2, 1))]
)
def test_the_stricter_of_follow_up_and_agenda_item_wins(
    world, member_user, item_public_from, own_public_from
):
    item, follow_up = world["secret_item"], world["inherited"]
    item.public_from = item_public_from
    item.save()
    follow_up.is_confidential, follow_up.public_from = True, own_public_from
    follow_up.save()
    follow_up = FollowUp.objects.with_relations().get(pk=follow_up.pk)
    assert follow_up.is_hidden_for(member_user, on=TODAY)
    assert follow_up.is_hidden_for(member_user, on=D(2021, 6, 1)) is False


days = st.dates(min_value=D(2020, 1, 1), max_value=D(2022, 12, 31))
flags = st.tuples(st.booleans(), st.none() | days)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(item_flags=flags, own_flags=flags, on=days, secretariat=st.booleans())
def test_the_queryset_and_the_row_agree(
    db, member_user, secretariat_user, item_flags, own_flags, on, secretariat
):
    """FollowUpQuerySet.hidden_for (SQL) and FollowUp.is_hidden_for (Python) are the same rule."""
    user = secretariat_user if secretariat else member_user
    item = AgendaItemFactory(is_confidential=item_flags[0], public_from=item_flags[1])
    follow_up = FollowUpFactory(agenda_item=item, is_confidential=own_flags[0], public_from=own_flags[1])
    decision = DecisionFactory(agenda_item=item)
    follow_up = FollowUp.objects.with_relations().get(pk=follow_up.pk)

    in_sql = FollowUp.objects.hidden_for(user, on=on).filter(pk=follow_up.pk).exists()
    assert in_sql is follow_up.is_hidden_for(user, on=on)
    assert FollowUp.objects.not_hidden_for(user, on=on).filter(pk=follow_up.pk).exists() is not in_sql
    assert AgendaItem.objects.hidden_for(user, on=on).filter(pk=item.pk).exists() is item.is_hidden_for(
        user, on=on
    )
    assert Decision.objects.hidden_for(user, on=on).filter(pk=decision.pk).exists() is item.is_hidden_for(
        user, on=on
    )
    if secretariat:
        assert not in_sql


# --- pages ---------------------------------------------------------------------------------------------


def pages(world) -> dict[str, str]:
    list_url = reverse("decisions:followup_list")
    return {
        "meeting": world["february"].get_absolute_url(),
        "next meeting": world["april"].get_absolute_url(),
        "dossier ondermijning": world["ondermijning"].get_absolute_url(),
        "dossier jaarwisseling": world["jaarwisseling"].get_absolute_url(),
        "follow-up list": list_url,
        "follow-up list, resolved": f"{list_url}?status=done",
        "dashboard": reverse("dashboard"),
        "my follow-ups": reverse("decisions:my_followups"),
        "printable agenda": reverse("agenda:agenda_print", args=[world["april"].pk]),
        **{
            f"follow-up {name}": world[name].get_absolute_url()
            for name in ("inherited", "own", "resolved", "later", "formerly", "public")
        },
    }


def test_members_read_no_confidential_text_on_any_page(world, member_client):
    for name, url in pages(world).items():
        response = member_client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert leaked(html) == [], name


def test_htmx_results_leak_nothing_either(world, member_client):
    response = member_client.get(reverse("decisions:followup_list"), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert leaked(html) == []
    assert html.count(HIDDEN_FOLLOW_UP) == 4  # inherited, own, resolved, later


def test_the_meeting_page(world, member_client, secretariat_client):
    member = member_client.get(world["february"].get_absolute_url()).content.decode()
    # The item is there, with its topic and kind; what was said is not.
    assert "2. Ondermijning (vertrouwelijk)" in member
    assert "Dit agendapunt is vertrouwelijk" in member
    assert "Openbare samenvatting over de jaarwisseling." in member
    assert "Vroegergeheim was ooit vertrouwelijk." in member
    assert member.count(HIDDEN_FOLLOW_UP) >= 3
    secretariat = secretariat_client.get(world["february"].get_absolute_url()).content.decode()
    for word in (
        "Kopgeheim",
        "Zwartboekgeheim",
        "Inbrenggeheim",
        "Afspraakgeheim",
        "Erfgeheim",
        "Vervolggeheim",
    ):
        assert word in secretariat
    assert "confidential-mark" in secretariat
    assert HIDDEN_FOLLOW_UP not in secretariat


def test_the_follow_up_list_keeps_status_and_dates(world, member_client, secretariat_client):
    member = member_client.get(reverse("decisions:followup_list")).content.decode()
    row = re.search(
        rf'<tr class="[^"]*">\s*<td><a href="{world["own"].get_absolute_url()}">(.*?)</tr>', member, re.S
    )
    assert HIDDEN_FOLLOW_UP in row.group(1)
    assert "20 maart 2021" in row.group(1)
    assert "Korpschef" in row.group(1)
    assert "Jaarwisseling" in row.group(1)
    assert "Vervolggeheim" in secretariat_client.get(reverse("decisions:followup_list")).content.decode()


@pytest.mark.parametrize(
    "word", ["Vervolggeheim", "Beloftegeheim", "Afhandelinggeheim", "Erfgeheim", "Straksgeheim"]
)
def test_the_list_filter_q_does_not_find_hidden_text(world, member_client, secretariat_client, word):
    url = reverse("decisions:followup_list")
    member = member_client.get(url, {"q": word}).content.decode()
    assert "0 vervolgacties" in member
    secretariat = secretariat_client.get(url, {"q": word}).content.decode()
    assert "0 vervolgacties" not in secretariat


def test_the_list_filter_q_still_finds_a_hidden_follow_up_by_its_topic(world, member_client):
    member = member_client.get(reverse("decisions:followup_list"), {"q": "ondermijning"}).content.decode()
    assert "1 vervolgactie" in member
    assert HIDDEN_FOLLOW_UP in member
    assert leaked(member) == []
    formerly = member_client.get(reverse("decisions:followup_list"), {"q": "voorheengeheim"}).content.decode()
    assert "1 vervolgactie" in formerly


def test_the_follow_up_page(world, member_client, secretariat_client):
    own = world["own"]
    member = member_client.get(own.get_absolute_url()).content.decode()
    assert f"<h1>{HIDDEN_FOLLOW_UP}</h1>" in member
    assert "Deze vervolgactie is vertrouwelijk" in member
    assert "20 maart 2021" in member  # the due date
    assert "Keer uitgesteld" in member
    secretariat = secretariat_client.get(own.get_absolute_url()).content.decode()
    for word in ("Vervolggeheim", "Beloftegeheim", "Redengeheim"):
        assert word in secretariat

    resolved_member = member_client.get(world["resolved"].get_absolute_url()).content.decode()
    assert "Afgerond" in resolved_member or "afgerond" in resolved_member
    assert (
        "Afhandelinggeheim" in secretariat_client.get(world["resolved"].get_absolute_url()).content.decode()
    )

    # Agreed at a confidential item: the item's title and agreement are hidden too.
    inherited = member_client.get(world["inherited"].get_absolute_url()).content.decode()
    assert "Ondermijning (vertrouwelijk)" in inherited
    inherited_secretariat = secretariat_client.get(world["inherited"].get_absolute_url()).content.decode()
    assert "Kopgeheim over de aanpak" in inherited_secretariat


def test_the_topic_dossier(world, member_client, secretariat_client):
    for topic, words in (
        ("ondermijning", ["Zwartboekgeheim", "Afspraakgeheim", "Erfgeheim", "Kopgeheim"]),
        (
            "jaarwisseling",
            ["Vervolggeheim", "Redengeheim", "Afgerondgeheim", "Afhandelinggeheim", "Straksgeheim"],
        ),
    ):
        url = world[topic].get_absolute_url()
        member = member_client.get(url).content.decode()
        assert leaked(member) == []
        assert HIDDEN_FOLLOW_UP in member
        secretariat = secretariat_client.get(url).content.decode()
        for word in words:
            assert word in secretariat, (topic, word)
    ondermijning = member_client.get(world["ondermijning"].get_absolute_url()).content.decode()
    assert "Vertrouwelijk agendapunt" in ondermijning
    jaarwisseling = member_client.get(world["jaarwisseling"].get_absolute_url()).content.decode()
    assert "Voorheengeheim afstemmen" in jaarwisseling


def test_the_dashboard_and_my_follow_ups(world, member_client, secretariat_client):
    member = member_client.get(reverse("dashboard")).content.decode()
    assert "Ondermijning (vertrouwelijk)" in member  # on the agenda of the next meeting
    assert HIDDEN_FOLLOW_UP in member  # over time (Erfgeheim) and often postponed (Vervolggeheim)
    secretariat = secretariat_client.get(reverse("dashboard")).content.decode()
    for word in ("Aprilgeheim", "Vervolggeheim"):
        assert word in secretariat

    mine = member_client.get(reverse("decisions:my_followups")).content.decode()
    assert mine.count(HIDDEN_FOLLOW_UP) == 3
    assert "Voorheengeheim afstemmen" in mine
    assert "Openbare vervolgactie" in mine


@pytest.mark.parametrize(
    "word",
    [
        "Zwartboekgeheim",
        "Afspraakgeheim",
        "Vervolggeheim",
        "Beloftegeheim",
        "Afhandelinggeheim",
        "Kopgeheim",
        "Erfgeheim",
        "Straksgeheim",
    ],
)
def test_search_neither_finds_nor_shows_hidden_text(world, member_client, secretariat_client, word):
    member = member_client.get(reverse("search"), {"q": word}).content.decode()
    assert f"0 resultaten voor ‘{word}’" in member
    assert leaked(member.replace(word, "")) == []  # the page repeats the question, nothing else
    secretariat = secretariat_client.get(reverse("search"), {"q": word}).content.decode()
    assert f"0 resultaten voor ‘{word}’" not in secretariat


def test_search_finds_formerly_confidential_text(world, member_client):
    member = member_client.get(reverse("search"), {"q": "vroegergeheim"}).content.decode()
    assert "1 resultaat voor" in member


def test_a_compound_is_not_split_on_a_confidential_word(world, member_user, secretariat_user):
    """The query itself must not depend on confidential text: split on "zwartboekgeheimwerk" (a word only
    a confidential summary has), "zwartboekgeheimwerkplaats" would find the public "...werkxyz" and so
    tell a member that the confidential word exists."""
    from lovp import search

    AgendaItemFactory(meeting=world["february"], summary="Het zwartboekgeheimwerk.", is_confidential=True)
    AgendaItemFactory(meeting=world["february"], summary="Een zwartboekgeheimwerkxyz.")
    as_member = search.search("zwartboekgeheimwerkplaats", user=member_user)
    assert sum(group.count for group in as_member) == 0
    as_secretariat = search.search("zwartboekgeheimwerkplaats", user=secretariat_user)
    assert sum(group.count for group in as_secretariat) >= 1


def test_the_draft_agenda_is_for_the_secretariat_and_marks_confidential_items(
    world, member_client, secretariat_client
):
    url = reverse("agenda:draft_agenda", args=[world["april"].pk])
    assert member_client.get(url).status_code == 403
    secretariat = secretariat_client.get(url).content.decode()
    assert "Aprilgeheim" in secretariat
    assert "confidential-mark" in secretariat


def test_the_printable_agenda(world, member_client, secretariat_client):
    url = reverse("agenda:agenda_print", args=[world["april"].pk])
    member = member_client.get(url).content.decode()
    assert "Ondermijning (vertrouwelijk)" in member
    assert HIDDEN_FOLLOW_UP in member
    assert "Regelgeheim" not in member  # the line's reason is text about it too
    secretariat = secretariat_client.get(url).content.decode()
    assert "Aprilgeheim" in secretariat
    assert "Inbrenggeheim" in secretariat
    assert "Erfgeheim opvolgen" in secretariat


# --- files, feeds and e-mails --------------------------------------------------------------------------


def csv_text(client) -> str:
    response = client.get(reverse("decisions:followup_export"), {"format": "csv"})
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


def xlsx_text(client) -> str:
    response = client.get(reverse("decisions:followup_export"), {"format": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    return "\n".join(
        " ".join(str(cell) for cell in row if cell is not None) for row in sheet.iter_rows(values_only=True)
    )


@pytest.mark.parametrize("read", [csv_text, xlsx_text], ids=["csv", "xlsx"])
def test_exports(world, member_client, secretariat_client, read):
    member = read(member_client)
    assert leaked(member) == []
    assert member.count(HIDDEN_FOLLOW_UP) == 4
    assert "Voorheengeheim" in member
    secretariat = read(secretariat_client)
    for word in ("Vervolggeheim", "Beloftegeheim", "Afhandelinggeheim", "Erfgeheim", "Straksgeheim"):
        assert word in secretariat


def test_export_rows_status_and_dates_stay(world, member_client):
    rows = list(csv.reader(io.StringIO(csv_text(member_client)), delimiter=";"))
    own = next(row for row in rows if row[0] == HIDDEN_FOLLOW_UP and row[6] == "2021-03-20")
    assert own[1] == "Jaarwisseling"
    assert own[3] == "open"
    assert own[9] == "" and own[11] == ""  # original wording, resolution


def feed_text(client, user) -> str:
    user.renew_calendar_token()
    user.save()
    response = client.get(reverse("agenda:calendar_feed", kwargs={"token": user.calendar_token}))
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    return "\n".join(
        f"{event.get('SUMMARY')}\n{event.get('DESCRIPTION')}" for event in calendar.walk("VEVENT")
    )


def test_the_calendar_feed(world, anonymous_client, member_user, korpschef):
    member = feed_text(anonymous_client, member_user)
    assert leaked(member) == []
    assert f"Vervolgactie: {HIDDEN_FOLLOW_UP} (uiterlijk)" in member
    assert "Ondermijning (vertrouwelijk)" in member
    secretariat_user = UserFactory(username="secretaris-met-partij", secretariat=True, party=korpschef)
    secretariat = feed_text(anonymous_client, secretariat_user)
    for word in ("Vervolggeheim", "Erfgeheim", "Kopgeheim", "Aprilgeheim"):
        assert word in secretariat


def test_the_meeting_calendar_file(world, member_client, secretariat_client):
    url = reverse("agenda:meeting_ics", args=[world["april"].pk])
    member = member_client.get(url).content.decode()
    assert "Aprilgeheim" not in member
    assert "Ondermijning (vertrouwelijk)" in member
    assert "Aprilgeheim" in secretariat_client.get(url).content.decode()


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_the_publication_download(world, member_client, secretariat_client, fmt):
    url = reverse("decisions:meeting_publication", args=[world["february"].pk, fmt])

    def text(client) -> str:
        response = client.get(url)
        assert response.status_code == 200
        if fmt == "txt":
            return response.content.decode()
        return "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)

    member = text(member_client)
    assert leaked(member) == []
    assert "ondermijning" not in member.lower()  # left out, also from the introduction
    assert "Vroegergeheim" in member
    secretariat = text(secretariat_client)
    assert "Kopgeheim over de aanpak (vertrouwelijk)" in secretariat
    assert "Zwartboekgeheim" in secretariat
    assert "Afspraakgeheim" in secretariat


def test_reminder_emails(world, member_user, korpschef):
    secretariat_user = UserFactory(username="secretaris-met-partij", secretariat=True, party=korpschef)
    ids = [world[name].pk for name in ("inherited", "own", "later", "formerly", "public")]
    logs = [
        ReminderLog.objects.create(user=user, iso_year=2021, iso_week=9, follow_up_ids=ids)
        for user in (member_user, secretariat_user)
    ]
    (_log, to_member), (_log2, to_secretariat) = reminder_messages(logs=logs, on=TODAY)

    for body in (to_member.body, to_member.alternatives[0].content):
        assert leaked(body) == []
        assert body.count(HIDDEN_FOLLOW_UP) == 3
        assert "Voorheengeheim" in body
    for body in (to_secretariat.body, to_secretariat.alternatives[0].content):
        for word in ("Erfgeheim", "Vervolggeheim", "Straksgeheim"):
            assert word in body


def test_reminder_emails_are_built_with_a_fixed_number_of_queries(
    world, korpschef, django_assert_num_queries
):
    """Whether each recipient may read confidential text comes with the users, not a query per user."""

    def logs_for(users):
        return [
            ReminderLog.objects.create(user=user, iso_year=2021, iso_week=9, follow_up_ids=[world["own"].pk])
            for user in users
        ]

    logs = logs_for([UserFactory(member=True), UserFactory(secretariat=True, party=korpschef)])
    with CaptureQueriesContext(connection) as two:
        reminder_messages(logs=logs, on=TODAY)
    logs += logs_for([UserFactory(member=True) for _ in range(5)])
    with django_assert_num_queries(len(two)):
        reminder_messages(logs=logs, on=TODAY)


def test_agenda_published_emails(world, member_user, secretariat_user):
    messages = {message.to[0]: message for message in agenda_published_messages(world["april"])}
    to_member = messages[member_user.email]
    for body in (to_member.body, to_member.alternatives[0].content):
        assert "Aprilgeheim" not in body
        assert "Ondermijning (vertrouwelijk)" in body
    to_secretariat = messages[secretariat_user.email]
    for body in (to_secretariat.body, to_secretariat.alternatives[0].content):
        assert "Aprilgeheim" in body


def test_superusers_see_everything(world, superuser_client):
    html = superuser_client.get(world["february"].get_absolute_url()).content.decode()
    assert "Zwartboekgeheim" in html
    assert HIDDEN_FOLLOW_UP not in html


# --- the secretariat sets the mark ---------------------------------------------------------------------


def test_the_forms_offer_the_mark(world, secretariat_client):
    item_form = secretariat_client.get(
        reverse("agenda:agenda_item_create", args=[world["april"].pk])
    ).content.decode()
    for name in (
        "item-is_confidential",
        "item-public_from",
        "followups-0-is_confidential",
        "followups-0-public_from",
    ):
        assert f'name="{name}"' in item_form
    follow_up_form = secretariat_client.get(reverse("decisions:followup_update", args=[world["public"].pk]))
    html = follow_up_form.content.decode()
    assert 'name="is_confidential"' in html
    assert 'name="public_from"' in html


def test_the_secretariat_marks_an_agenda_item_and_a_follow_up_confidential(
    world, secretariat_client, member_client
):
    meeting = world["april"]
    data = agenda_item_data(
        topic=world["jaarwisseling"],
        summary="Vertrouwelijkbesproken in het formulier.",
        follow_ups=[{"description": "Formuliervervolg nagaan", "target_kind": "next_meeting"}],
    )
    data.update({"item-is_confidential": "on", "item-public_from": "2021-09-01"})
    data["followups-0-is_confidential"] = "on"
    data["followups-0-public_from"] = "2021-10-01"
    response = secretariat_client.post(reverse("agenda:agenda_item_create", args=[meeting.pk]), data)
    assert response.status_code == 302, error_messages(response)
    item = AgendaItem.objects.get(summary="Vertrouwelijkbesproken in het formulier.")
    assert (item.is_confidential, item.public_from) == (True, D(2021, 9, 1))
    follow_up = item.follow_ups.get()
    assert (follow_up.is_confidential, follow_up.public_from) == (True, D(2021, 10, 1))
    assert "Vertrouwelijkbesproken" not in member_client.get(meeting.get_absolute_url()).content.decode()

    response = secretariat_client.post(
        reverse("decisions:followup_create", args=[world["public_item"].pk]),
        {"description": "Nieuw geheimpje", "target_kind": "unspecified", "is_confidential": "on"},
    )
    assert response.status_code == 302
    created = FollowUp.objects.get(description="Nieuw geheimpje")
    assert created.is_confidential and created.public_from is None


def test_the_secretariat_makes_a_follow_up_public_again(world, secretariat_client, member_client):
    own = world["own"]
    response = secretariat_client.post(
        reverse("decisions:followup_update", args=[own.pk]),
        {
            "description": own.description,
            "target_kind": "date",
            "target_date": "2021-03-20",
            "version": own.version,
        },
    )
    assert response.status_code == 302, error_messages(response)
    own.refresh_from_db()
    assert not own.is_confidential
    assert "Vervolggeheim" in member_client.get(own.get_absolute_url()).content.decode()


@pytest.mark.parametrize("form", ["agenda item", "follow-up"])
def test_a_public_from_date_without_the_mark_is_refused(world, secretariat_client, form):
    if form == "agenda item":
        data = agenda_item_data(topic=world["jaarwisseling"], summary="Bijna vergeten aan te vinken.")
        data["item-public_from"] = "2021-09-01"
        url = reverse("agenda:agenda_item_create", args=[world["april"].pk])
    else:
        data = {
            "description": "Bijna vergeten aan te vinken.",
            "target_kind": "unspecified",
            "public_from": "2021-09-01",
        }
        url = reverse("decisions:followup_create", args=[world["public_item"].pk])
    before = (AgendaItem.objects.count(), FollowUp.objects.count())

    response = secretariat_client.post(url, data)

    assert response.status_code == 200
    assert "Zet ‘vertrouwelijk’ aan, of laat ‘openbaar vanaf’ leeg" in response.content.decode()
    assert (AgendaItem.objects.count(), FollowUp.objects.count()) == before
