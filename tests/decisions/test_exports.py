"""The follow-up list as CSV and XLSX: read back cell by cell, with the list's filters applied."""

import csv
import datetime
import io
from types import SimpleNamespace

import openpyxl
import pytest
from django.urls import reverse

from agenda.models import Meeting
from decisions.models import FollowUp
from tests.conftest import SESSION_SAVE_QUERIES
from tests.factories import AgendaItemFactory, FollowUpFactory, MeetingFactory, TopicFactory, seeded_party

D = datetime.date
TODAY = D(2026, 11, 22)
EXPORT = reverse("decisions:followup_export")

HEADINGS = [
    "Vervolgactie",
    "Onderwerp",
    "Eigenaar",
    "Status",
    "Over tijd",
    "Komt terug in",
    "Uiterlijk",
    "Afgesproken in",
    "Datum vergadering",
    "Oorspronkelijke formulering",
    "Keer uitgesteld",
    "Afhandeling",
    "Link",
]


@pytest.fixture
def data(db, today, korpschef):
    """Six follow-ups agreed on 14 September 2026; today is 22 November 2026."""
    today(TODAY)
    september = MeetingFactory(date=D(2026, 9, 14), status=Meeting.Status.HELD)
    november = MeetingFactory(date=D(2026, 11, 16), status=Meeting.Status.HELD)
    january = MeetingFactory(date=D(2027, 1, 18))
    roosterdruk = AgendaItemFactory(meeting=september, topic=TopicFactory(name="Roosterdruk"))
    boa = AgendaItemFactory(meeting=september, topic=TopicFactory(name="BOA"))
    om = seeded_party("om")

    w = SimpleNamespace(korpschef=korpschef, om=om, september=september, november=november, january=january)
    w.past_due = FollowUpFactory(
        agenda_item=roosterdruk,
        description="Landelijk plan inzetbaarheid",
        promise_text="in het LOVP van oktober",
        target_kind=FollowUp.TargetKind.DATE,
        target_date=D(2026, 10, 1),
    )
    w.meeting_held = FollowUpFactory(
        agenda_item=boa,
        description="Bodycams evalueren",
        target_kind=FollowUp.TargetKind.MEETING,
        target_meeting=november,
    )
    w.in_time = FollowUpFactory(
        agenda_item=roosterdruk,
        description="Roosters regio Oost",
        target_kind=FollowUp.TargetKind.MONTH,
        target_month=D(2027, 1, 1),
        status=FollowUp.Status.SCHEDULED,
    )
    FollowUp.objects.filter(pk=w.in_time.pk).update(postponement_count=2)
    w.done = FollowUpFactory(
        agenda_item=boa,
        description="Handreiking BOA",
        target_kind=FollowUp.TargetKind.DATE,
        target_date=D(2026, 10, 5),
        done=True,
    )
    w.om_past_due = FollowUpFactory(
        agenda_item=boa,
        description="Vervolging geweld tegen BOA's",
        owner=om,
        target_kind=FollowUp.TargetKind.DATE,
        target_date=D(2026, 10, 15),
    )
    w.no_owner = FollowUpFactory(
        agenda_item=roosterdruk,
        description="=1+1 is geen formule",
        owner=None,
        target_kind=FollowUp.TargetKind.UNSPECIFIED,
    )
    return w


def link(follow_up) -> str:
    return f"http://testserver/vervolgacties/{follow_up.pk}/"


def expected_rows(w) -> list[list]:
    """Every follow-up, in the list's default order (due date, empty last), with typed values."""
    return [
        [
            "Landelijk plan inzetbaarheid",
            "Roosterdruk",
            "Korpschef",
            "open",
            "ja",
            "1 oktober 2026",
            D(2026, 10, 1),
            "LOVP 14 september 2026",
            D(2026, 9, 14),
            "in het LOVP van oktober",
            0,
            "",
            link(w.past_due),
        ],
        [
            "Handreiking BOA",
            "BOA",
            "Korpschef",
            "afgerond",
            "nee",
            "5 oktober 2026",
            D(2026, 10, 5),
            "LOVP 14 september 2026",
            D(2026, 9, 14),
            "",
            0,
            "Besproken en afgerond.",
            link(w.done),
        ],
        [
            "Vervolging geweld tegen BOA's",
            "BOA",
            "Openbaar Ministerie",
            "open",
            "ja",
            "15 oktober 2026",
            D(2026, 10, 15),
            "LOVP 14 september 2026",
            D(2026, 9, 14),
            "",
            0,
            "",
            link(w.om_past_due),
        ],
        [
            "Bodycams evalueren",
            "BOA",
            "Korpschef",
            "open",
            "ja",
            "LOVP 16 november 2026",
            D(2026, 11, 16),
            "LOVP 14 september 2026",
            D(2026, 9, 14),
            "",
            0,
            "",
            link(w.meeting_held),
        ],
        [
            "Roosters regio Oost",
            "Roosterdruk",
            "Korpschef",
            "geagendeerd",
            "nee",
            "januari 2027 (LOVP 18 januari 2027)",
            D(2027, 1, 31),
            "LOVP 14 september 2026",
            D(2026, 9, 14),
            "",
            2,
            "",
            link(w.in_time),
        ],
        [
            "=1+1 is geen formule",
            "Roosterdruk",
            "",
            "open",
            "nee",
            "niet bepaald",
            None,
            "LOVP 14 september 2026",
            D(2026, 9, 14),
            "",
            0,
            "",
            link(w.no_owner),
        ],
    ]


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM: Excel then reads UTF-8
    text = body.decode("utf-8")[1:]
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def read_xlsx(response):
    content = b"".join(response.streaming_content)
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return workbook.worksheets[0]


def as_csv(row: list) -> list[str]:
    def text(value):
        if value is None:
            return ""
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value)

    return [text(value) for value in row]


def as_xlsx(row: list) -> list:
    def cell(value):
        if isinstance(value, datetime.date):
            return datetime.datetime.combine(value, datetime.time())
        return None if value == "" else value  # an empty text is an empty cell

    return [cell(value) for value in row]


# --- CSV -----------------------------------------------------------------------------------------


def test_csv_export(member_client, data):
    response = member_client.get(EXPORT, {"format": "csv"})

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="vervolgacties_alle_2026-11-22.csv"'
    rows = read_csv(response)
    assert rows[0] == HEADINGS
    expected = [as_csv(row) for row in expected_rows(data)]
    # A cell that starts like a formula is made harmless for spreadsheet programs.
    expected[-1][0] = "'=1+1 is geen formule"
    assert rows[1:] == expected


def test_csv_is_the_default_format(member_client, data):
    response = member_client.get(EXPORT)
    assert response["Content-Disposition"] == 'attachment; filename="vervolgacties_alle_2026-11-22.csv"'
    assert len(read_csv(response)) == 7


def test_csv_keeps_line_breaks_and_semicolons_inside_a_cell(member_client, data):
    FollowUp.objects.filter(pk=data.past_due.pk).update(
        resolution="Eerste regel; met puntkomma\nTweede regel"
    )
    rows = read_csv(member_client.get(EXPORT, {"format": "csv", "q": "inzetbaarheid"}))
    assert len(rows) == 2
    assert rows[1][11] == "Eerste regel; met puntkomma\nTweede regel"


# --- XLSX ----------------------------------------------------------------------------------------


def test_xlsx_export(member_client, data):
    response = member_client.get(EXPORT, {"format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="vervolgacties_alle_2026-11-22.xlsx"'
    sheet = read_xlsx(response)
    assert sheet.title == "Vervolgacties"
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADINGS
    assert rows[1:] == [as_xlsx(row) for row in expected_rows(data)]

    # Dates are real dates, shown the Dutch way; text that looks like a formula stays text.
    due = sheet["G2"]
    assert due.is_date
    assert isinstance(due.value, datetime.datetime)
    assert due.number_format == "dd-mm-yyyy"
    assert sheet["I2"].is_date
    assert sheet["A7"].data_type == "s"
    # The heading row stays in view, can filter, and is bold; the columns have a readable width.
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:M7"
    assert sheet["A1"].font.bold
    assert sheet.column_dimensions["A"].width == 60
    assert sheet.column_dimensions["M"].width == 45


def test_xlsx_drops_characters_the_file_format_does_not_allow(member_client, data):
    FollowUp.objects.filter(pk=data.past_due.pk).update(description="Plan\x0b inzetbaarheid")
    sheet = read_xlsx(member_client.get(EXPORT, {"format": "xlsx", "q": "inzetbaarheid"}))
    assert sheet["A2"].value == "Plan inzetbaarheid"


def test_xlsx_without_rows_has_only_the_headings(member_client, data):
    sheet = read_xlsx(member_client.get(EXPORT, {"format": "xlsx", "q": "bestaat-niet"}))
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [HEADINGS]
    assert sheet.auto_filter.ref == "A1:M1"


# --- filters -------------------------------------------------------------------------------------


def test_export_applies_the_list_filters(member_client, data):
    response = member_client.get(EXPORT, {"overdue": "1", "owner": data.korpschef.pk, "format": "xlsx"})

    assert (
        response["Content-Disposition"]
        == 'attachment; filename="vervolgacties_over-tijd_korpschef_2026-11-22.xlsx"'
    )
    sheet = read_xlsx(response)
    links = [row[12] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert links == [link(data.past_due), link(data.meeting_held)]
    assert {row[4] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"ja"}


def test_export_applies_status_and_topic_and_ordering(member_client, data):
    response = member_client.get(
        EXPORT, {"status": ["open", "scheduled"], "topic": "roosterdruk", "ordering": "-due", "format": "csv"}
    )
    rows = read_csv(response)
    assert [row[12] for row in rows[1:]] == [link(data.in_time), link(data.past_due), link(data.no_owner)]
    assert response["Content-Disposition"].startswith(
        'attachment; filename="vervolgacties_open-geagendeerd_roosterdruk_'
    )


def test_export_of_not_overdue_follow_ups(member_client, data):
    rows = read_csv(member_client.get(EXPORT, {"overdue": "0"}))
    assert {row[12] for row in rows[1:]} == {link(data.done), link(data.in_time), link(data.no_owner)}
    assert {row[4] for row in rows[1:]} == {"nee"}


def test_export_with_an_invalid_filter_is_refused(member_client, data):
    response = member_client.get(EXPORT, {"due_after": "gisteren", "format": "xlsx"})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Het filter klopt niet" in response.content.decode()
    assert "Termijn vanaf" in response.content.decode()


@pytest.mark.parametrize("export_format", ["pdf", "XLSX", "json"])
def test_export_in_an_unknown_format_is_refused(member_client, data, export_format):
    response = member_client.get(EXPORT, {"format": export_format})
    assert response.status_code == 400
    assert response.content.decode() == f"Onbekend bestandsformaat ‘{export_format}’. Kies csv of xlsx."


# --- who, and how many queries -------------------------------------------------------------------


def test_export_needs_a_login(anonymous_client, db):
    response = anonymous_client.get(EXPORT, {"format": "xlsx"})
    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('login')}?next=")


def test_secretariat_may_export_too(secretariat_client, data):
    assert len(read_csv(secretariat_client.get(EXPORT))) == 7


def test_export_is_get_only(member_client, data):
    assert member_client.post(EXPORT, {"format": "csv"}).status_code == 405


def _many_follow_ups(count: int, korpschef):
    item = AgendaItemFactory(meeting=MeetingFactory(date=D(2026, 9, 14)))
    for number in range(count):
        FollowUpFactory(
            agenda_item=item,
            owner=korpschef,
            target_kind=FollowUp.TargetKind.DATE,
            target_date=D(2026, 10, 1) + datetime.timedelta(days=number),
        )


@pytest.mark.parametrize("count", [10, 200])
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_export_queries_do_not_grow_with_its_rows(
    member_client, korpschef, today, count, export_format, django_assert_max_num_queries
):
    today(TODAY)
    _many_follow_ups(count, korpschef)
    # Session, user, the owner of the filter, the user's groups (may they read confidential text?),
    # and the follow-ups themselves.
    with django_assert_max_num_queries(5 + SESSION_SAVE_QUERIES):
        response = member_client.get(EXPORT, {"format": export_format, "owner": korpschef.pk, "overdue": "1"})
        content = b"".join(response.streaming_content)
    overdue = min(count, 52)  # due from 1 October on, one a day: over time when due before 22 November
    if export_format == "csv":
        assert content.decode("utf-8-sig").count("\r\n") == overdue + 1
    else:
        assert openpyxl.load_workbook(io.BytesIO(content)).worksheets[0].max_row == overdue + 1
