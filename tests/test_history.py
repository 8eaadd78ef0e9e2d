"""The audit trail (lovp.history): every change recorded with who or what made it, and shown in Dutch."""

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from agenda import services as agenda_services
from agenda.models import AgendaItem, DraftAgendaLine, Meeting
from decisions import services as decision_services
from decisions.import_services import ImportedFollowUp, ImportedItem, minutes_import_save
from decisions.models import Decision, FollowUp
from lovp.history import HISTORY_LIMIT, object_history
from tests.factories import (
    AgendaItemFactory,
    DecisionFactory,
    FollowUpFactory,
    MeetingFactory,
    TopicFactory,
    UserFactory,
    seeded_party,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def november(db):
    return MeetingFactory(date=D(2020, 11, 23), held=True)


@pytest.fixture
def february(db):
    return MeetingFactory(date=D(2021, 2, 8))


@pytest.fixture
def item(november):
    return AgendaItemFactory(
        meeting=november, topic=TopicFactory(name="Roosterdruk"), summary="Stand van zaken."
    )


@pytest.fixture
def follow_up(item, february):
    return FollowUpFactory(
        agenda_item=item,
        description="Landelijk plan agenderen",
        target_kind=FollowUp.TargetKind.MEETING,
        target_meeting=february,
    )


def latest(model, pk):
    return model.history.filter(id=pk).order_by("-history_date", "-history_id").first()


# --- who and what is recorded -------------------------------------------------------------------


def test_a_web_edit_is_recorded_with_the_user(secretariat_client, secretariat_user, follow_up, korpschef):
    response = secretariat_client.post(
        reverse("decisions:followup_update", args=[follow_up.pk]),
        {
            "version": follow_up.version,
            "description": "Landelijk plan en regionale plannen agenderen",
            "owner": korpschef.pk,
            "target_kind": "month",
            "target_month": "2021-03",
        },
    )
    assert response.status_code == 302
    record = latest(FollowUp, follow_up.pk)
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "~",
        secretariat_user,
        None,
    )
    assert record.description == "Landelijk plan en regionale plannen agenderen"
    assert set(record.diff_against(record.prev_record).changed_fields) >= {
        "description",
        "target_kind",
        "target_month",
    }


def test_resolving_on_the_web_is_recorded_with_the_user(secretariat_client, secretariat_user, follow_up):
    secretariat_client.post(
        reverse("decisions:followup_resolve", args=[follow_up.pk]),
        {"resolution": "Besproken.", "meeting": ""},
    )
    record = latest(FollowUp, follow_up.pk)
    assert (record.status, record.history_user) == (FollowUp.Status.DONE, secretariat_user)


def test_the_import_is_recorded_with_the_importer(february, secretariat_user):
    item = ImportedItem(
        heading="Taskforce capaciteit",
        summary="De werkzaamheden zijn toegelicht.",
        decisions=["De korpschef komt in juni terug op de resultaten."],
        follow_ups=[
            ImportedFollowUp(
                description="Resultaten taskforce",
                promise_text="in het LOVP van juni",
                target_kind=FollowUp.TargetKind.MONTH,
                target_month=D(2021, 6, 1),
            )
        ],
    )
    minutes_import_save(meeting=february, items=[item], source_text="Terugkoppeling", by=secretariat_user)

    for model in (AgendaItem, Decision, FollowUp):
        record = model.history.get()
        assert (record.history_type, record.history_user, record.history_change_reason) == (
            "+",
            secretariat_user,
            "Import: terugkoppeling",
        ), model


def test_the_import_command_is_recorded_as_the_import(tmp_path: Path):
    source = tmp_path / "terugkoppeling.txt"
    source.write_text(
        "Bestuurlijke terugkoppeling LOVP 8 februari 2021\n\nTaskforce capaciteit\nDe werkzaamheden van de "
        "taskforce zijn toegelicht. De korpschef komt in het LOVP van juni terug op de resultaten.\n",
        encoding="utf-8",
    )
    call_command("import_minutes", str(source), stdout=None)

    records = [*Meeting.history.all(), *AgendaItem.history.all(), *FollowUp.history.all()]
    assert {type(record).__name__ for record in records} == {
        "HistoricalMeeting",
        "HistoricalAgendaItem",
        "HistoricalFollowUp",
    }
    assert {(record.history_user, record.history_change_reason) for record in records} == {
        (None, "Import: terugkoppeling")
    }
    # Shown with the import as the one who did it.
    entry = object_history(FollowUp.objects.get())[0]
    assert (entry.actor, entry.action) == ("Import: terugkoppeling", "aangemaakt")


def test_the_jobs_record_themselves(follow_up, february):
    """Building the draft agenda, publishing it and holding the meeting: each names itself."""
    agenda_services.draft_agenda_build(meeting=february, on=D(2021, 1, 15))
    new_item = february.agenda_items.get()
    record = latest(AgendaItem, new_item.pk)
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "+",
        None,
        "Taak: conceptagenda",
    )
    record = latest(Meeting, february.pk)
    assert (record.agenda_status, record.history_change_reason) == ("draft", "Taak: conceptagenda")

    DraftAgendaLine.objects.filter(meeting=february).update(decision=DraftAgendaLine.Decision.ACCEPTED)
    assert agenda_services.agenda_publish(meeting=february) == 1
    record = latest(FollowUp, follow_up.pk)
    assert (record.status, record.history_user, record.history_change_reason) == (
        FollowUp.Status.SCHEDULED,
        None,
        "Taak: agenda gepubliceerd",
    )

    assert agenda_services.meeting_mark_held(meeting=february) == 1
    record = latest(FollowUp, follow_up.pk)
    assert (record.status, record.history_change_reason) == (
        FollowUp.Status.OPEN,
        "Taak: vergadering gehouden",
    )
    follow_up.refresh_from_db()
    assert follow_up.overdue_since == february.date

    entries = object_history(follow_up)
    assert [(entry.actor, entry.action) for entry in entries[:2]] == [
        ("Taak: vergadering gehouden", "gewijzigd"),
        ("Taak: agenda gepubliceerd", "gewijzigd"),
    ]
    assert [(change.label, change.old, change.new) for change in entries[0].changes] == [
        ("Status", "geagendeerd", "open")
    ]


def test_the_overdue_mark_stays_out_of_the_history(follow_up):
    before = FollowUp.history.count()
    result = decision_services.followups_flag_overdue(on=D(2021, 3, 1))
    assert result.flagged == 1
    assert FollowUp.history.count() == before


def test_a_new_meeting_re_pointing_follow_ups_is_recorded(item):
    follow_up = FollowUpFactory(
        agenda_item=item, target_kind=FollowUp.TargetKind.MONTH, target_month=D(2021, 2, 1)
    )
    february = agenda_services.meeting_save(meeting=Meeting(date=D(2021, 2, 8)))
    record = latest(FollowUp, follow_up.pk)
    assert (record.target_meeting_id, record.history_change_reason) == (
        february.pk,
        "Taak: vergaderkalender bijgewerkt",
    )


# --- what people see ----------------------------------------------------------------------------


def test_the_follow_up_page_shows_the_changes_in_dutch(secretariat_client, follow_up):
    secretariat_client.post(
        reverse("decisions:followup_resolve", args=[follow_up.pk]),
        {"resolution": "Besproken.", "meeting": ""},
    )
    response = secretariat_client.get(follow_up.get_absolute_url())

    assertContains(response, '<h2 id="geschiedenis">Geschiedenis</h2>', html=True)
    assertContains(response, "<strong>Sanne Secretaris</strong>: gewijzigd")
    assertContains(response, "<li>Status: open → afgerond</li>", html=True)
    assertContains(response, "<li>Afhandeling: (leeg) → Besproken.</li>", html=True)
    assertContains(response, "<li>Afgehandeld door: (leeg) → Sanne Secretaris</li>", html=True)
    entries = response.context["history"]
    assert [entry.action for entry in entries] == ["gewijzigd", "aangemaakt"]


def test_the_meeting_page_shows_the_meeting_and_its_agenda_items(secretariat_client, item, november):
    decision = DecisionFactory(agenda_item=item, text="Landelijk plan in februari.")
    item.summary = "Stand van zaken inzetbaarheid."
    item.save()
    decision.delete()
    november.location = "Utrecht"
    november.save()

    response = secretariat_client.get(november.get_absolute_url())

    assertContains(response, "<li>Locatie: Den Haag → Utrecht</li>", html=True)
    assertContains(response, "Geschiedenis van dit agendapunt (4 wijzigingen)")
    assertContains(
        response, "<li>Samenvatting: Stand van zaken. → Stand van zaken inzetbaarheid.</li>", html=True
    )
    assertContains(response, "Afspraak ‘Landelijk plan in februari.’ verwijderd")


def test_a_removed_agenda_item_stays_in_the_meeting_history(secretariat_client, november):
    item = AgendaItemFactory(meeting=november, topic=TopicFactory(name="Vuurwerk"))
    item.delete()
    response = secretariat_client.get(november.get_absolute_url())
    assertContains(response, "Agendapunt ‘Vuurwerk’ verwijderd")


def test_members_do_not_see_the_history(member_client, follow_up, november):
    for url in (follow_up.get_absolute_url(), november.get_absolute_url()):
        response = member_client.get(url)
        assert response.status_code == 200
        assertNotContains(response, 'id="geschiedenis"')
        assertNotContains(response, "Geschiedenis van dit agendapunt")


def test_the_newest_changes_are_shown_and_no_more(follow_up):
    for n in range(HISTORY_LIMIT + 5):
        follow_up.description = f"Versie {n}"
        follow_up.save()
    entries = object_history(follow_up)
    assert len(entries) == HISTORY_LIMIT
    assert [(change.old, change.new) for change in entries[0].changes] == [
        (f"Versie {HISTORY_LIMIT + 3}", f"Versie {HISTORY_LIMIT + 4}")
    ]


# --- a fixed number of queries ------------------------------------------------------------------


def edit_follow_up(follow_up, n: int, *, users, meetings, parties) -> None:
    """One change of many kinds at once: text, status (a choice), linked rows (meeting, party, user)."""
    follow_up.description = f"Versie {n}"
    follow_up.status = FollowUp.Status.DONE if n % 2 else FollowUp.Status.OPEN
    follow_up.owner = parties[n % 2]
    follow_up.target_meeting = meetings[n % 2]
    follow_up.resolved_by = users[n % 2] if n % 2 else None
    follow_up._history_user = users[n % 2]
    follow_up.save()


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_follow_up_page_does_not_grow_with_its_history(
    secretariat_client, secretariat_user, follow_up, february, django_assert_max_num_queries
):
    users = [secretariat_user, UserFactory(first_name="Piet")]
    meetings = [february, MeetingFactory(date=D(2021, 4, 12))]
    parties = [seeded_party("korpschef"), seeded_party("minister-jenv")]
    follow_up.target_kind = FollowUp.TargetKind.MEETING
    edit_follow_up(follow_up, 1, users=users, meetings=meetings, parties=parties)
    url = follow_up.get_absolute_url()
    once = count_queries(secretariat_client, url)

    for n in range(2, 31):
        edit_follow_up(follow_up, n, users=users, meetings=meetings, parties=parties)
    with django_assert_max_num_queries(once):
        response = secretariat_client.get(url)
    assert len(response.context["history"]) == HISTORY_LIMIT
    assert all(entry.changes for entry in response.context["history"])


def test_the_meeting_page_does_not_grow_with_its_history(
    secretariat_client, secretariat_user, november, item, django_assert_max_num_queries
):
    users = [secretariat_user, UserFactory(first_name="Piet")]
    decision = DecisionFactory(agenda_item=item)
    other_item = AgendaItemFactory(meeting=november)

    def edit(n):
        for row, name, value in (
            (november, "location", f"Zaal {n}"),
            (item, "summary", f"Verslag {n}"),
            (other_item, "title", f"Titel {n}"),
            (decision, "text", f"Afspraak {n}"),
        ):
            setattr(row, name, value)
            row._history_user = users[n % 2]
            row.save()

    edit(1)
    url = november.get_absolute_url()
    once = count_queries(secretariat_client, url)
    for n in range(2, 31):
        edit(n)
    with django_assert_max_num_queries(once):
        response = secretariat_client.get(url)
    assert len(response.context["history"]) == HISTORY_LIMIT
