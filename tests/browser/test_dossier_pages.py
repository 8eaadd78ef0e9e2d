"""The paged timeline of a topic dossier in a real Chromium: its navigation passes axe (as every page
does in test_accessibility.py, whose demo topics fit on one page) and leads from page to page."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from agenda.views import TopicDetailView
from tests.browser.conftest import log_in
from tests.browser.test_accessibility import AXE_OPTIONS, USERS, format_violations, record_violations
from tests.factories import AgendaItemFactory, FollowUpFactory, MeetingFactory, TopicFactory
from tests.test_permissions import MEMBER, SECRETARIAT

PER_PAGE = TopicDetailView.MEETINGS_PER_PAGE


@pytest.fixture
def long_topic(demo_data):
    """A topic on the agenda of three pages of weekly meetings, with a follow-up at each."""
    topic = TopicFactory(name="Bodycams")
    for n in range(2 * PER_PAGE + 5):
        meeting = MeetingFactory(date=datetime.date(2019, 1, 7) + datetime.timedelta(weeks=n), held=True)
        item = AgendaItemFactory(meeting=meeting, topic=topic, summary=f"Stand van zaken {n + 1}.")
        FollowUpFactory(agenda_item=item, description=f"Bodycams vervolg {n + 1}")
    return topic


@pytest.mark.parametrize("role", [MEMBER, SECRETARIAT])
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("restore_migrated_rows")
def test_the_timeline_pages_pass_wcag_21_aa(page, live_server, long_topic, role):
    log_in(page, *USERS[role])
    axe = Axe()
    found = {}
    for number in (1, 2, 3):
        page.goto(f"{long_topic.get_absolute_url()}?pagina={number}")
        record_violations(found, f"dossier page {number}", axe.run(page, options=AXE_OPTIONS).response)
    assert found == {}, "\n" + format_violations(found)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("restore_migrated_rows")
def test_the_navigation_leads_to_earlier_and_later_meetings(page, live_server, long_topic):
    log_in(page, *USERS[MEMBER])
    page.goto(long_topic.get_absolute_url())
    timeline_pages = page.get_by_role("navigation", name="Pagina’s van de tijdlijn")

    timeline_pages.get_by_role("link", name="Eerdere vergaderingen").click()

    expect(page).to_have_url(f"{live_server.url}{long_topic.get_absolute_url()}?pagina=2#tijdlijn")
    expect(page.get_by_text("Pagina 2 van 3")).to_be_visible()
    expect(page.get_by_text(f"Stand van zaken {PER_PAGE + 5}.", exact=True)).to_be_visible()
    expect(page.get_by_text(f"Stand van zaken {PER_PAGE + 6}.", exact=True)).to_have_count(0)

    timeline_pages.get_by_role("link", name="Latere vergaderingen").click()

    expect(page.get_by_text("Pagina 1 van 3")).to_be_visible()
    expect(page.get_by_text(f"Stand van zaken {2 * PER_PAGE + 5}.", exact=True)).to_be_visible()
