"""A member filters the follow-up list to what is over time on one topic, and downloads it for Excel."""

import datetime
import importlib

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from decisions.models import FollowUp
from tests.browser.conftest import log_in
from tests.factories import (
    PASSWORD,
    AgendaItemFactory,
    FollowUpFactory,
    MeetingFactory,
    TopicFactory,
    UserFactory,
    seeded_party,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _seeded(db):
    """The role groups and parties of the data migrations: a transactional test before this one may
    have emptied every table."""
    from django.apps import apps

    importlib.import_module("lovp.migrations.0002_roles").create_roles(apps, None)
    importlib.import_module("decisions.migrations.0003_seed_parties").seed_parties(apps, None)


def days(n: int) -> datetime.date:
    """A day relative to the real today: the live server and the browser run on the real clock."""
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def follow_ups(db):
    held = MeetingFactory(date=days(-60), held=True)
    MeetingFactory(date=days(30))
    jaarwisseling = TopicFactory(name="Jaarwisseling")
    bewaken = TopicFactory(name="Bewaken en beveiligen")
    on_fireworks = AgendaItemFactory(meeting=held, topic=jaarwisseling)
    on_security = AgendaItemFactory(meeting=held, topic=bewaken)

    def make(item, description, due_in_days, **kwargs):
        return FollowUpFactory(
            agenda_item=item, description=description, target_kind=FollowUp.TargetKind.DATE,
            target_date=days(due_in_days), **kwargs,
        )

    make(on_fireworks, "Vuurwerkverbod evalueren", -10)
    make(on_fireworks, "Brief aan de Kamer over vuurwerk", -5, owner=seeded_party("minister-jenv"))
    make(on_fireworks, "Cijfers van de jaarwisseling delen", 60)
    make(on_fireworks, "Handhaving besproken", -20, done=True)
    make(on_security, "Pilot bewaking toelichten", -3)


def test_member_filters_to_over_time_items_of_one_topic_and_downloads_them(page, follow_ups, tmp_path):
    UserFactory(username="kees", first_name="Kees", member=True)

    log_in(page, "kees", PASSWORD)
    page.get_by_role("link", name="Vervolgacties", exact=True).click()
    expect(page.locator("#aantal-resultaten")).to_have_text("5 vervolgacties")
    # Set by this page; a full page load would lose it.
    page.evaluate("window.zelfdePagina = true")

    page.get_by_label("Onderwerp").select_option(label="Jaarwisseling")
    page.get_by_label("Over tijd", exact=True).select_option(label="alleen over tijd")
    page.get_by_role("button", name="Filteren").click()

    expect(page.locator("#aantal-resultaten")).to_have_text("2 vervolgacties")
    rows = page.locator("#resultaten tbody tr")
    expect(rows).to_have_count(2)
    assert rows.locator("td:first-child").all_inner_texts() == [
        "Vuurwerkverbod evalueren",
        "Brief aan de Kamer over vuurwerk",
    ]
    for index in range(2):
        expect(rows.nth(index)).to_have_class("is-overdue")
        expect(rows.nth(index).locator(".status-overdue")).to_have_text("over tijd")
    # The list was updated in place, and the address can be shared.
    assert page.evaluate("window.zelfdePagina") is True
    assert "topic=jaarwisseling" in page.url and "overdue=1" in page.url
    # Counts beside the status filter follow the other filters.
    expect(page.locator("#telling-status-open")).to_have_text("2")
    expect(page.locator("#telling-status-done")).to_have_text("0")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Downloaden als Excel").click()
    download = download_info.value

    assert download.suggested_filename.endswith(".xlsx")
    assert "over-tijd" in download.suggested_filename and "jaarwisseling" in download.suggested_filename
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    sheet = openpyxl.load_workbook(saved).active
    values = list(sheet.values)
    assert values[0][0] == "Vervolgactie"
    assert [row[0] for row in values[1:]] == ["Vuurwerkverbod evalueren", "Brief aan de Kamer over vuurwerk"]


def test_the_shared_address_shows_the_same_list(page, follow_ups):
    UserFactory(username="kees", first_name="Kees", member=True)

    log_in(page, "kees", PASSWORD)
    page.goto("/vervolgacties/?topic=jaarwisseling&overdue=1")

    expect(page.locator("#aantal-resultaten")).to_have_text("2 vervolgacties")
    expect(page.get_by_label("Onderwerp")).to_have_value("jaarwisseling")
    expect(page.get_by_label("Over tijd", exact=True)).to_have_value("1")
