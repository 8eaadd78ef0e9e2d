"""The secretariat reads a published terugkoppeling into a meeting, in a real Chromium."""

import datetime
import importlib
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from agenda.models import AgendaItem, Meeting
from decisions.models import FollowUp, MinutesImport
from tests.browser.conftest import log_in
from tests.decisions.importer.test_parse import SEED_2
from tests.factories import PASSWORD, MeetingFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SEPTEMBER = "Afgesproken is dat in september dit onderwerp nogmaals wordt geagendeerd"


@pytest.fixture(autouse=True)
def _seeded(db):
    """The role groups and parties of the data migrations (a transactional test before this one may
    have emptied every table) and the demo topics."""
    from django.apps import apps

    importlib.import_module("lovp.migrations.0002_roles").create_roles(apps, None)
    importlib.import_module("decisions.migrations.0003_seed_parties").seed_parties(apps, None)
    call_command("loaddata", str(FIXTURES / "demo_1_topics.json"), verbosity=0)


@pytest.fixture
def secretariat(db):
    return UserFactory(username="sanne", first_name="Sanne", secretariat=True)


def test_secretariat_imports_a_terugkoppeling(page, secretariat):
    meeting = MeetingFactory(date=datetime.date(2021, 2, 8), held=True)
    MeetingFactory(date=datetime.date(2020, 11, 23), held=True)

    log_in(page, secretariat.username, PASSWORD)
    page.goto("/importeren/")
    page.get_by_label("Vergadering", exact=True).select_option(label="LOVP 8 februari 2021")
    page.get_by_label("Tekst van de terugkoppeling").fill(SEED_2.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Voorstel maken").click()

    expect(page.get_by_role("heading", name="Voorstel controleren")).to_be_visible()
    expect(page.locator("section.import-item h2")).to_have_count(9)
    expect(page.get_by_role("heading", name="8. WODC-onderzoek")).to_be_visible()
    expect(page.locator("mark[id^='zin-']")).to_have_count(4)
    assert AgendaItem.objects.count() == 0

    september = page.locator("[data-target-fields]", has_text=SEPTEMBER)
    # Only the month field of "een maand" shows.
    expect(september.get_by_label("Maand")).to_have_value("2021-09")
    expect(september.get_by_label("Datum")).to_be_hidden()
    september.get_by_label("Overnemen").uncheck()
    page.get_by_role("button", name="Alles opslaan").click()

    page.wait_for_url(f"**{meeting.get_absolute_url()}")
    expect(
        page.get_by_text("De terugkoppeling is ingelezen: 9 agendapunten, 4 afspraken en 3 vervolgacties.")
    ).to_be_visible()
    for number, heading in [
        (1, "Bewaken en beveiligen"),
        (8, "WODC-onderzoek"),
        (9, "Ondermijning en de plannen richting de Voorjaarsnota"),
    ]:
        expect(page.get_by_role("heading", name=f"{number}. {heading}", exact=True)).to_be_visible()
    assert set(meeting.agenda_items.values_list("source", flat=True)) == {AgendaItem.Source.IMPORTED}
    assert FollowUp.objects.count() == 3
    assert not FollowUp.objects.filter(promise_text__startswith=SEPTEMBER).exists()
    assert MinutesImport.objects.get().meeting == meeting


def test_paragraphs_survive_the_review_in_the_browser(page, secretariat):
    """What a browser sends back from a textarea has CRLF line ends; the paragraphs of a summary
    must still be paragraphs when the meeting is published again."""
    from decisions.publication import publication_text

    meeting = MeetingFactory(date=datetime.date(2021, 2, 8), held=True)
    log_in(page, secretariat.username, PASSWORD)
    page.goto(f"/importeren/?meeting={meeting.pk}")
    page.get_by_label("Tekst van de terugkoppeling").fill(
        "Taskforce capaciteit\n\n"
        "De werkzaamheden van de taskforce zijn toegelicht door de korpschef van de politie.\n\n"
        "Daarnaast is gesproken over het onderwijs aan de Politieacademie en de aspiranten.\n"
    )
    page.get_by_role("button", name="Voorstel maken").click()
    page.get_by_role("button", name="Alles opslaan").click()
    page.wait_for_url(f"**{meeting.get_absolute_url()}")

    summary = Meeting.objects.get(pk=meeting.pk).agenda_items.get().summary
    assert summary.replace("\r\n", "\n") == (
        "De werkzaamheden van de taskforce zijn toegelicht door de korpschef van de politie.\n\n"
        "Daarnaast is gesproken over het onderwijs aan de Politieacademie en de aspiranten."
    )
    assert "van de politie.\n\nDaarnaast" in publication_text(meeting)
