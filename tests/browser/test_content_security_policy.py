"""Under the Content-Security-Policy the pages still work, and Chromium reports no violations: no
inline script or style of the templates, Bootstrap or htmx is refused."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import PASSWORD, AgendaItemFactory, FollowUpFactory, MeetingFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("restore_migrated_rows"),
]


def test_pages_work_without_csp_violations(page, migrated_rows, korpschef):
    item = AgendaItemFactory(meeting=MeetingFactory(held=True))
    FollowUpFactory(agenda_item=item, owner=korpschef, description="Landelijk plan agenderen")
    FollowUpFactory(agenda_item=item, owner=korpschef, description="Vakbonden terugkoppelen")
    UserFactory(username="secretaris", secretariat=True)

    messages = []
    page.on("console", lambda message: messages.append(message.text))
    response = page.goto(reverse("login"))
    assert "default-src 'self'" in response.headers["content-security-policy"]
    log_in(page, "secretaris", PASSWORD)

    # htmx: the filter replaces the results without a page load.
    page.goto(reverse("decisions:followup_list"))
    expect(page.get_by_text("Vakbonden terugkoppelen")).to_be_visible()
    page.evaluate("window.zelfdePagina = true")  # a full page load would lose it
    page.locator("#id_q").fill("landelijk")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_text("Vakbonden terugkoppelen")).to_be_hidden()
    expect(page.get_by_text("Landelijk plan agenderen")).to_be_visible()
    assert page.evaluate("window.zelfdePagina") is True

    # The agenda item form with its own scripts (formsets, target fields) and Bootstrap's.
    page.goto(reverse("agenda:agenda_item_update", kwargs={"meeting_pk": item.meeting.pk, "pk": item.pk}))
    expect(page.locator("form")).not_to_have_count(0)
    page.goto(reverse("profile"))
    page.goto(reverse("password_reset"))

    violations = [text for text in messages if "Content Security Policy" in text]
    assert violations == []
