"""The import_minutes management command."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from agenda.models import Meeting
from decisions.models import Decision, FollowUp

from .test_parse import SEED_1, SEED_2
from .test_reading import make_pdf

pytestmark = pytest.mark.django_db

D = datetime.date


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_minutes", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_json_seed_1_prints_one_json_document():
    Meeting.objects.create(date=D(2021, 2, 8))
    Meeting.objects.create(date=D(2020, 9, 1))  # before the meeting: not "the next one"
    out, err = run(SEED_1, "--meeting-date", "2020-11-23", "--dry-run", "--json")
    data = json.loads(out)
    assert err == ""
    assert data["meeting_date"] == "2020-11-23"
    assert [item["topic"] for item in data["items"]] == [
        "Roosterdruk",
        "Bewaken en beveiligen",
        "BOA",
        "Jaarwisseling",
        "Veiligheidsagenda",
        "Dienstverlening",
        "Tot slot",
    ]
    targets = [
        (f["target"]["kind"], f["target"]["date"], f["target"]["phrase"])
        for i in data["items"]
        for f in i["follow_ups"]
    ]
    assert targets == [
        ("month", "2021-02-28", "in het LOVP van februari"),
        ("month", "2021-02-28", "in het LOVP van februari"),
        ("month", "2021-04-30", "in april"),
        ("period", "2021-03-31", "begin 2021"),
        ("month", "2021-02-28", "in het LOVP van februari"),
        ("next_meeting", "2021-02-08", "een volgend LOVP"),
    ]
    assert sum(len(item["decisions"]) for item in data["items"]) == 4
    assert "’" in out  # ensure_ascii=False
    assert out.startswith('{\n  "meeting_date"')  # indent=2


def test_dry_run_json_seed_2():
    out, _ = run(SEED_2, "--meeting-date", "2021-02-08", "--dry-run", "--json")
    data = json.loads(out)
    assert len(data["items"]) == 9
    follow_ups = [f for item in data["items"] for f in item["follow_ups"]]
    assert [f["target"] for f in follow_ups] == [
        {"kind": "next_meeting", "date": None, "phrase": "in het volgende LOVP"},
        {"kind": "month", "date": "2021-09-30", "phrase": "in september"},
        {"kind": "month", "date": "2021-06-30", "phrase": "in het LOVP van juni"},
        {"kind": "date", "date": "2021-03-09", "phrase": "op 9 maart a.s."},
    ]


def test_dry_run_writes_nothing():
    run(SEED_1, "--meeting-date", "2020-11-23", "--dry-run", "--json")
    run(SEED_1, "--meeting-date", "2020-11-23", "--dry-run")
    assert Decision.objects.count() == 0 and FollowUp.objects.count() == 0 and Meeting.objects.count() == 0


def test_without_dry_run_it_saves_once():
    out, _ = run(SEED_1, "--meeting-date", "2020-11-23")
    assert "Opgeslagen bij LOVP 23 november 2020: 7 agendapunten, 4 afspraken, 6 vervolgacties." in out
    assert Meeting.objects.get().date.isoformat() == "2020-11-23"
    assert (Decision.objects.count(), FollowUp.objects.count()) == (4, 6)
    with pytest.raises(CommandError, match="al ingelezen"):
        run(SEED_1, "--meeting-date", "2020-11-23")
    assert (Decision.objects.count(), FollowUp.objects.count()) == (4, 6)


def test_summary_in_dutch():
    out, _ = run(SEED_2, "--meeting-date", "2021-02-08", "--dry-run")
    assert "9 onderwerpen, 4 afspraken, 4 vervolgacties." in out
    assert "# Ondermijning en de plannen richting de Voorjaarsnota" in out
    assert "op 9 maart a.s. (uiterlijk 9 maart 2021)" in out


def test_json_without_dry_run_keeps_stdout_pure():
    out, err = run(SEED_2, "--meeting-date", "2021-02-08", "--json")
    json.loads(out)
    assert "Opgeslagen bij LOVP 8 februari 2021" in err


def test_meeting_date_from_the_title():
    out, _ = run(SEED_1, "--dry-run", "--json")
    assert json.loads(out)["meeting_date"] == "2020-11-23"


def test_reads_a_pdf(tmp_path):
    path = tmp_path / "terugkoppeling.pdf"
    path.write_bytes(make_pdf([["Herijking", "Dit voorstel komt terug in het LOVP van juni."]]))
    out, _ = run(path, "--meeting-date", "2021-02-08", "--dry-run", "--json")
    assert json.loads(out)["items"][0]["follow_ups"][0]["target"]["date"] == "2021-06-30"


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"", ["--meeting-date", "2021-02-08"], "leeg"),
        (b"\x00\x01binary" * 50, ["--meeting-date", "2021-02-08"], "binaire gegevens"),
        (b"Roosterdruk\nDe politie maakt plannen.\n", [], "--meeting-date"),
        (b"Roosterdruk\nDe politie maakt plannen.\n", ["--meeting-date", "23-11-2020"], "JJJJ-MM-DD"),
    ],
)
def test_errors_are_command_errors_in_dutch(tmp_path, content, args, message):
    path = tmp_path / "bestand.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(path, *args, "--dry-run")


def test_missing_file():
    with pytest.raises(CommandError, match="kan niet worden geopend"):
        run("/bestaat/niet.txt", "--meeting-date", "2021-02-08", "--dry-run")
