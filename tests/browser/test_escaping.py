"""Text is text, in a real Chromium: the secretariat types HTML with a script into the one-screen agenda
item form (summary, agreement, follow-up); every page that shows it shows the characters as typed,
and nothing runs.

The pages also send a Content-Security-Policy that would block an inline script; so besides "no dialog
opened" the test checks the DOM: no <script> or <img> element came from the text.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from agenda.models import Meeting, Topic
from decisions.models import FollowUp
from lovp.models import User
from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("restore_migrated_rows"),
]

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(2)>"
SUMMARY = f"Samenvatting {SCRIPT} en {IMAGE} einde"
DECISION = f"Afspraak {IMAGE} {SCRIPT}"
FOLLOW_UP = f"Vervolgactie {SCRIPT} {IMAGE}"


@pytest.fixture
def meetings(migrated_rows):
    today = timezone.localdate()
    held = Meeting.objects.create(date=today - datetime.timedelta(days=30), status=Meeting.Status.HELD)
    planned = Meeting.objects.create(date=today + datetime.timedelta(days=30))
    Topic.objects.create(name="Bewaken en beveiligen")
    user = User.objects.create_user("sanne", password="geheim-wachtwoord-1", first_name="Sanne")
    user.groups.add(Group.objects.get(name="secretariaat"))
    return held, planned


def assert_shown_as_text(page, *texts: str) -> None:
    """The page shows each text literally, and no element was made from it."""
    body = page.locator("body").inner_text()
    for text in texts:
        assert text in body, (page.url, text)
    injected = page.evaluate(
        """() => ({
            images: document.querySelectorAll('img[src="x"], img[onerror]').length,
            scripts: [...document.scripts].filter((s) => s.textContent.includes('alert(')).length,
            handlers: document.querySelectorAll('[onerror], [onload]').length,
        })"""
    )
    assert injected == {"images": 0, "scripts": 0, "handlers": 0}, page.url


def test_html_typed_into_the_forms_is_shown_as_text_everywhere(page, meetings):
    held, planned = meetings
    dialogs: list[str] = []

    def refuse(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    log_in(page, "sanne", "geheim-wachtwoord-1")

    # The secretariat enters the agenda item, its agreement and a follow-up (over time) in one form.
    page.goto(held.get_absolute_url())
    page.get_by_role("link", name="Agendapunt toevoegen").first.click()
    page.locator('[name="item-topic"]').select_option(label="Bewaken en beveiligen")
    page.locator('[name="item-summary"]').fill(SUMMARY)
    page.locator('[name="decisions-0-text"]').fill(DECISION)
    page.locator('[name="followups-0-description"]').fill(FOLLOW_UP)
    page.locator('[name="followups-0-target_kind"]').select_option(value="date")
    due = timezone.localdate() - datetime.timedelta(days=10)
    page.locator('[name="followups-0-target_date"]').fill(due.isoformat())
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.get_by_text("is opgeslagen").first.wait_for()
    follow_up = FollowUp.objects.get()
    assert follow_up.description == FOLLOW_UP  # stored as typed: escaping is the pages' job

    # The draft agenda of the next meeting proposes the follow-up (it is over time).
    page.goto(reverse("agenda:draft_agenda", args=[planned.pk]))
    page.get_by_role("button", name="Conceptagenda bijwerken").click()
    page.get_by_text("De conceptagenda is bijgewerkt").wait_for()

    pages = {
        "meeting": (held.get_absolute_url(), [SUMMARY, DECISION, FOLLOW_UP]),
        "topic dossier": (follow_up.topic.get_absolute_url(), [SUMMARY, DECISION, FOLLOW_UP]),
        "follow-up list": (reverse("decisions:followup_list"), [FOLLOW_UP]),
        "follow-up detail": (follow_up.get_absolute_url(), [FOLLOW_UP]),
        "dashboard": (reverse("dashboard"), [FOLLOW_UP]),
        "search": (f"{reverse('search')}?q=alert", [FOLLOW_UP]),
        "draft agenda": (reverse("agenda:draft_agenda", args=[planned.pk]), [FOLLOW_UP]),
        "printable agenda": (reverse("agenda:agenda_print", args=[planned.pk]), [FOLLOW_UP]),
    }
    for name, (url, texts) in pages.items():
        response = page.goto(url)
        assert response.status == 200, name
        page.wait_for_load_state("load")
        assert_shown_as_text(page, *texts)

    # The search found all three texts, with the hits marked inside the escaped text.
    page.goto(f"{reverse('search')}?q=alert")
    assert page.locator("#aantal-resultaten").inner_text().startswith("3 resultaten")
    assert page.locator(".search-snippet mark").count() >= 3
    assert dialogs == []
