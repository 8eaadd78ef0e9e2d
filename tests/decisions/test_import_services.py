"""Saving a reviewed terugkoppeling (decisions.import_services) and the import_minutes command."""

import datetime
import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils.formats import date_format
from django.utils.timezone import localdate

from agenda.models import AgendaItem, Meeting, Topic
from decisions.import_services import (
    ImportedFollowUp,
    ImportedItem,
    MinutesAlreadyImported,
    fingerprint,
    imported_from_proposal,
    meeting_on,
    minutes_import_save,
)
from decisions.importer import parse_minutes
from decisions.models import Decision, FollowUp, MinutesImport
from tests.decisions.importer.test_parse import SEED_1, SEED_2
from tests.factories import AgendaItemFactory, FollowUpFactory, MeetingFactory, TopicFactory, seeded_party

pytestmark = pytest.mark.django_db

D = datetime.date

TEXT = (
    "Bestuurlijke terugkoppeling LOVP 8 februari 2021\n\n"
    "Taskforce capaciteit\n"
    "De werkzaamheden van de taskforce zijn toegelicht. De korpschef komt in het LOVP van juni terug op de "
    "resultaten van de taskforce.\n\n"
    "Cybercrime\n"
    "De aanpak van online-fraude is besproken. De minister zal dit op 12 april in het LOVP toelichten. "
    "Afgesproken is dat de regioburgemeesters dit onderwerp op 1 mei bespreken in het LOVP.\n"
)


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (AgendaItem, Decision, FollowUp, MinutesImport, Topic)
    }


@pytest.fixture
def taskforce(db):
    return TopicFactory(name="Taskforce capaciteit")


@pytest.fixture
def meeting(db):
    return MeetingFactory(date=D(2021, 2, 8), held=True)


# --- the proposal as items ------------------------------------------------------------------------


def test_imported_from_proposal(taskforce):
    proposal = parse_minutes(TEXT, meeting_date=D(2021, 2, 8), meetings=[D(2021, 4, 12)])
    first, second = imported_from_proposal(proposal)

    assert (first.heading, first.topic, first.decisions) == ("Taskforce capaciteit", taskforce, [])
    (returns,) = first.follow_ups
    assert returns.owner == seeded_party("korpschef")
    assert (returns.target_kind, returns.target_month, returns.target_date) == ("month", D(2021, 6, 1), None)
    assert returns.topic is None  # the item's own topic
    assert returns.description == returns.promise_text
    assert returns.promise_text.startswith("De korpschef komt in het LOVP van juni terug")

    assert (second.heading, second.topic) == ("Cybercrime", None)  # a new topic
    assert second.decisions == [
        "Afgesproken is dat de regioburgemeesters dit onderwerp op 1 mei bespreken in het LOVP."
    ]
    minister, mayors = second.follow_ups
    # A known meeting's date ("op 12 april") is proposed as that date.
    assert (minister.target_kind, minister.target_date, minister.target_meeting) == (
        "date",
        D(2021, 4, 12),
        None,
    )
    assert minister.owner == seeded_party("minister-jenv")
    assert (mayors.target_kind, mayors.target_date, mayors.decision_index) == ("date", D(2021, 5, 1), 0)
    assert mayors.owner == seeded_party("regioburgemeesters")
    assert counts() == {"AgendaItem": 0, "Decision": 0, "FollowUp": 0, "MinutesImport": 0, "Topic": 1}


def test_imported_from_proposal_without_any_topics():
    proposal = parse_minutes(SEED_2.read_text(encoding="utf-8"), meeting_date=D(2021, 2, 8))
    items = imported_from_proposal(proposal)
    assert len(items) == 9
    assert {item.topic for item in items} == {None}
    assert {follow_up.topic for item in items for follow_up in item.follow_ups} == {None}


# --- saving ---------------------------------------------------------------------------------------


def test_meeting_on_a_day(meeting):
    assert meeting_on(meeting.date) == meeting
    new = meeting_on(D(2021, 3, 9))
    assert (new.pk, new.date, new.status) == (None, D(2021, 3, 9), Meeting.Status.HELD)
    assert Meeting.objects.count() == 1


def test_minutes_import_save(taskforce, meeting, secretariat_user):
    june = MeetingFactory(date=D(2021, 6, 14))
    proposal = parse_minutes(TEXT, meeting_date=meeting.date, meetings=[june.date])

    record = minutes_import_save(
        meeting=meeting,
        items=imported_from_proposal(proposal),
        source_text=TEXT,
        source_name="x.txt",
        by=secretariat_user,
    )

    assert (record.meeting, record.source_name, record.imported_by) == (meeting, "x.txt", secretariat_user)
    assert (record.item_count, record.decision_count, record.follow_up_count) == (2, 1, 3)
    assert record.fingerprint == fingerprint(TEXT)
    items = list(meeting.agenda_items.order_by("position"))
    assert [(item.position, item.title, item.topic.name, item.source) for item in items] == [
        (1, "", "Taskforce capaciteit", "imported"),
        (2, "", "Cybercrime", "imported"),
    ]
    assert Topic.objects.get(name="Cybercrime").slug == "cybercrime"
    assert {item.created_by for item in items} == {secretariat_user}
    decision = Decision.objects.get()
    assert (decision.agenda_item, decision.position, decision.kind) == (items[1], 1, "agreement")
    by_owner = {follow_up.owner.slug: follow_up for follow_up in FollowUp.objects.all()}
    assert by_owner["korpschef"].target_meeting == june
    assert by_owner["korpschef"].due_date == D(2021, 6, 30)
    assert by_owner["korpschef"].topic == taskforce
    assert by_owner["regioburgemeesters"].decision == decision
    assert by_owner["regioburgemeesters"].due_date == D(2021, 5, 1)
    assert by_owner["minister-jenv"].decision is None
    assert by_owner["minister-jenv"].topic.name == "Cybercrime"
    assert {follow_up.status for follow_up in by_owner.values()} == {"open"}


def test_a_follow_up_may_be_about_another_topic(meeting, taskforce):
    other = TopicFactory(name="Inzet politiehonden")
    items = [
        ImportedItem(
            heading="Tot slot",
            summary="Dit komt terug.",
            follow_ups=[
                ImportedFollowUp(
                    description="Honden", promise_text="", target_kind="unspecified", topic=other
                )
            ],
        )
    ]
    minutes_import_save(meeting=meeting, items=items, source_text="Tot slot\nDit komt terug.")
    follow_up = FollowUp.objects.get()
    assert follow_up.topic == other
    assert follow_up.agenda_item.topic.name == "Tot slot"
    assert (follow_up.due_date, follow_up.target_meeting) == (None, None)


def test_an_agreement_index_that_is_not_there_links_nothing(meeting, taskforce):
    items = [
        ImportedItem(
            heading="Taskforce capaciteit",
            summary="",
            topic=taskforce,
            decisions=["Afgesproken is iets."],
            follow_ups=[
                ImportedFollowUp(
                    description="Terugkomen",
                    promise_text="",
                    target_kind="date",
                    target_date=D(2021, 3, 1),
                    decision_index=3,
                )
            ],
        )
    ]
    minutes_import_save(meeting=meeting, items=items, source_text="tekst")
    assert FollowUp.objects.get().decision is None


def test_a_heading_like_an_existing_topic_reuses_it(meeting, taskforce):
    items = [ImportedItem(heading="taskforce capaciteit", summary="")]
    minutes_import_save(meeting=meeting, items=items, source_text="tekst")
    item = AgendaItem.objects.get()
    assert item.topic == taskforce
    assert Topic.objects.count() == 1


def test_items_come_after_the_ones_already_there(meeting, taskforce):
    AgendaItemFactory(meeting=meeting, position=3)
    minutes_import_save(
        meeting=meeting,
        items=[ImportedItem(heading="A", summary=""), ImportedItem(heading="B", summary="")],
        source_text="tekst",
    )
    assert list(meeting.agenda_items.order_by("position").values_list("position", flat=True)) == [3, 4, 5]


def test_everything_or_nothing(meeting, taskforce):
    before = counts()
    items = [
        ImportedItem(
            heading="Taskforce capaciteit", summary="Eerst.", topic=taskforce, decisions=["Afgesproken."]
        ),
        ImportedItem(
            heading="Nieuw onderwerp",
            summary="Daarna.",
            follow_ups=[ImportedFollowUp(description="Zonder maand", promise_text="", target_kind="month")],
        ),
    ]
    with pytest.raises(ValidationError):
        minutes_import_save(meeting=meeting, items=items, source_text="tekst")
    assert counts() == before
    assert not Topic.objects.filter(name="Nieuw onderwerp").exists()


def test_a_new_meeting_is_created_and_takes_over_what_was_promised_for_it(taskforce):
    earlier = MeetingFactory(date=D(2020, 11, 23), held=True)
    waiting = FollowUpFactory(agenda_item=AgendaItemFactory(meeting=earlier, topic=taskforce))
    assert waiting.target_meeting is None

    record = minutes_import_save(
        meeting=Meeting(date=D(2021, 2, 8), status=Meeting.Status.HELD),
        items=[ImportedItem(heading="Taskforce capaciteit", summary="", topic=taskforce)],
        source_text="tekst",
    )

    meeting = Meeting.objects.get(date=D(2021, 2, 8))
    assert record.meeting == meeting
    assert meeting.status == Meeting.Status.HELD
    waiting.refresh_from_db()
    assert (waiting.target_meeting, waiting.due_date) == (meeting, meeting.date)


def test_the_same_text_is_refused_the_second_time(meeting, taskforce):
    text = SEED_2.read_text(encoding="utf-8")
    first = minutes_import_save(
        meeting=meeting, items=[ImportedItem(heading="A", summary="")], source_text=text
    )
    before = counts()
    other = MeetingFactory(date=D(2021, 3, 9))
    folded = " ".join(text.split())
    assert fingerprint(folded) == fingerprint(text)

    with pytest.raises(MinutesAlreadyImported) as refused:
        minutes_import_save(meeting=other, items=[ImportedItem(heading="B", summary="")], source_text=folded)

    assert refused.value.existing == first
    assert str(refused.value) == (
        f"Deze terugkoppeling is al ingelezen op {date_format(localdate(first.imported_at), 'j F Y')}, "
        "bij LOVP 8 februari 2021. "
        "Er is niets dubbel opgeslagen."
    )
    assert counts() == before


def test_another_text_is_not_refused(meeting):
    minutes_import_save(meeting=meeting, items=[], source_text="Eerste tekst.")
    minutes_import_save(meeting=meeting, items=[], source_text="Eerste tekst, verbeterd.")
    assert MinutesImport.objects.count() == 2
    assert fingerprint("Eerste tekst.") != fingerprint("eerste tekst.")


# --- the import_minutes command -------------------------------------------------------------------


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_minutes", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_saves_once_and_then_refuses(taskforce):
    out, err = run(SEED_1)

    meeting = Meeting.objects.get()
    assert (meeting.date, meeting.status) == (D(2020, 11, 23), Meeting.Status.HELD)
    assert "Opgeslagen bij LOVP 23 november 2020: 7 agendapunten, 4 afspraken, 6 vervolgacties." in out
    assert err == ""
    assert meeting.agenda_items.count() == 7
    assert set(meeting.agenda_items.values_list("source", flat=True)) == {"imported"}
    assert MinutesImport.objects.get().source_name == SEED_1.name
    before = counts()

    with pytest.raises(
        CommandError, match="Deze terugkoppeling is al ingelezen op .*, bij LOVP 23 november 2020"
    ):
        run(SEED_1)
    assert counts() == before
    assert Meeting.objects.count() == 1


def test_command_uses_the_meeting_on_that_date(meeting):
    planned = MeetingFactory(date=D(2021, 4, 12))
    out, _ = run(SEED_2, "--meeting-date", "2021-02-08")
    assert meeting.agenda_items.count() == 9
    assert Meeting.objects.count() == 2
    # "in het volgende LOVP": the meeting after it.
    follow_up = FollowUp.objects.get(target_kind="next_meeting")
    assert (follow_up.target_meeting, follow_up.due_date) == (planned, planned.date)


def test_command_dry_run_writes_nothing():
    out, err = run(SEED_1, "--dry-run", "--json")
    assert json.loads(out)["meeting_date"] == "2020-11-23"
    assert err == ""
    assert counts() == {"AgendaItem": 0, "Decision": 0, "FollowUp": 0, "MinutesImport": 0, "Topic": 0}
    assert Meeting.objects.count() == 0


def test_command_json_without_dry_run_reports_on_stderr(meeting):
    out, err = run(SEED_2, "--meeting-date", "2021-02-08", "--json")
    assert len(json.loads(out)["items"]) == 9
    assert err.startswith(
        "Opgeslagen bij LOVP 8 februari 2021: 9 agendapunten, 4 afspraken, 4 vervolgacties."
    )
