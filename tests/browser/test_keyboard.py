"""Issue 8: the main flows work with the keyboard alone.

The secretariat logs in, skips to the content, filters the follow-ups, opens one, postpones it and
reorders the draft agenda of the next meeting: only Tab, Enter, Space, arrow keys and typing, no
clicks. On the way every element that gets the focus must show it (an outline), and Tab must keep
moving on (no keyboard trap).
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agenda import services as agenda_services
from agenda.models import AgendaItem
from decisions.models import FollowUp, Postponement
from tests.factories import MeetingFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("restore_migrated_rows"),
]

FOCUSED = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    // The label without crispy-forms' "*" for a required field.
    const label = el.labels && el.labels.length ? el.labels[0].innerText.replace(/\\*\\s*$/, '') : '';
    const box = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(),
        id: el.id,
        text: (el.innerText || el.getAttribute('aria-label') || label || el.value || '')
            .trim().replace(/\\s+/g, ' '),
        label: label.trim().replace(/\\s+/g, ' '),
        outline: style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth),
        visible: box.width > 1 && box.height > 1,
    };
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def tab_to(page, text: str, *, exact: bool = True, limit: int = 120) -> dict:
    """Press Tab until the focus is on the element with this text (its label for a form field).

    Every stop must show where the focus is; the focus must move on each time (no trap)."""
    previous = None
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        assert now != previous, f"keyboard trap at {now}"
        previous = now
        if now["tag"] == "body":  # past the end of the page, to the browser; the next Tab starts at the top
            continue
        assert now["visible"] and now["outline"] >= 2, f"focus not visible on {now}"
        names = (now["text"], now["label"])
        if any(name == text if exact else text in name for name in names):
            return now
    raise AssertionError(f"{text!r} not reached with Tab")


@pytest.fixture
def next_meeting(demo_data):
    """A planned meeting a month from now, with the draft agenda the daily job makes."""
    today = timezone.localdate()
    meeting = MeetingFactory(date=today + datetime.timedelta(days=30))
    agenda_services.draft_agenda_build(meeting=meeting, on=today)
    assert meeting.agenda_items.count() >= 2
    return meeting


def item_headings(page) -> list[str]:
    return [re.sub(r"^\d+\.\s*", "", text) for text in page.locator("h2[id$=-kop]").all_inner_texts()]


def test_secretariat_works_through_with_the_keyboard_only(page, next_meeting):
    follow_up = FollowUp.objects.get(description__startswith="Vuurwerkverbod opnieuw agenderen")

    # Log in: the focus starts in the user name field.
    page.goto("/inloggen/")
    assert focused(page)["label"] == "Gebruikersnaam"
    page.keyboard.type("secretariaat")
    tab_to(page, "Wachtwoord")
    page.keyboard.type("secretariaat-demo")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Overzicht", level=1)).to_be_visible()

    # The first Tab reaches the skip link; Enter moves the focus to the content, and the next Tab
    # goes on from there.
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["text"] == "Naar de inhoud" and skip["visible"] and skip["outline"] >= 2
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "inhoud"
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('inhoud').contains(document.activeElement)")

    # The follow-up list, by the main menu; filter it on a topic by typing in the select.
    tab_to(page, "Vervolgacties")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Vervolgacties", level=1)).to_be_visible()
    before = page.locator("#aantal-resultaten").inner_text()
    tab_to(page, "Onderwerp")
    page.keyboard.type("Jaarwis")
    expect(page.get_by_label("Onderwerp")).to_have_value("jaarwisseling")
    expect(page.locator("#aantal-resultaten")).not_to_have_text(before)
    expect(page.locator("#filtermelding")).to_have_text(re.compile(r"vervolgacties? gevonden"))
    assert "topic=jaarwisseling" in page.url

    # Open the follow-up.
    tab_to(page, follow_up.description)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=follow_up.description, level=1)).to_be_visible()

    # Postpone it to the next meeting, with a reason.
    tab_to(page, "Uitstellen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "Komt nu terug in")
    page.keyboard.type("de volgende")
    expect(page.get_by_label("Komt nu terug in")).to_have_value("next_meeting")
    tab_to(page, "Reden van uitstel")
    page.keyboard.type("Het onderzoek is nog niet klaar.")
    tab_to(page, "Uitstellen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("uitgesteld")
    postponement = Postponement.objects.get(follow_up=follow_up)
    assert postponement.reason == "Het onderzoek is nog niet klaar."

    # The draft agenda of the next meeting: move the second agenda item up with Space.
    tab_to(page, "Vergaderingen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, next_meeting.title)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "Conceptagenda")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    headings = item_headings(page)
    second = headings[1]
    tab_to(page, f"‘{second}’ omhoog")
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert item_headings(page)[:2] == [second, headings[0]]
    items = AgendaItem.objects.filter(meeting=next_meeting).order_by("position")
    assert [item.heading for item in items][:2] == [second, headings[0]]
