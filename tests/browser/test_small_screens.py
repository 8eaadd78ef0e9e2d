"""Issue 8: on a phone (390 px wide) and a tablet (820 px) the dashboard, the follow-up list and a
follow-up detail page fit the screen: no sideways scrolling of the page. Tables either turn into
stacked cards (the follow-up table on a phone) or scroll inside their own box.

Screenshots land in test-results/screenshots/ (git-ignored), e.g. dashboard-390.png, for a person to
look at.
"""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.test_accessibility import AXE_OPTIONS, format_violations, record_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("restore_migrated_rows"),
]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"

PHONE, TABLET, DESKTOP = 390, 820, 1280

PAGES = [
    ("dashboard", "/"),
    ("followups", "/vervolgacties/"),
    ("followup-detail", "/vervolgacties/1/"),
]


def overflow(page) -> int:
    """How many pixels the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def wider_than_the_window(page) -> list[str]:
    """Elements (outside a scrolling table box) that stick out past the right edge of the window."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(el => !el.closest('.table-responsive'))
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
            .filter(el => getComputedStyle(el).visibility !== 'hidden' && el.getClientRects().length)
            .map(el => `${el.tagName.toLowerCase()}#${el.id}.${[...el.classList].join('.')}`)
            .slice(0, 10)"""
    )


@pytest.mark.parametrize("width", [PHONE, TABLET])
def test_pages_fit_a_phone_and_a_tablet(page, demo_data, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 844 if width == PHONE else 1180})
    log_in(page, "korpschef", "korpschef-demo")
    found = {}
    for label, url in PAGES:
        page.goto(url)
        page.screenshot(path=SCREENSHOTS / f"{label}-{width}.png", full_page=True)
        assert overflow(page) <= 0, f"{label} at {width} px scrolls sideways: {wider_than_the_window(page)}"
        assert wider_than_the_window(page) == [], label
        # The cards and the folded menu must be as accessible as the wide layout.
        record_violations(found, label, Axe().run(page, options=AXE_OPTIONS).response)
    assert found == {}, "\n" + format_violations(found)


def test_follow_up_table_is_stacked_cards_on_a_phone(page, demo_data):
    """On a phone (and a tablet) each follow-up is a card: every value with its column name beside it."""
    page.set_viewport_size({"width": PHONE, "height": 844})
    log_in(page, "korpschef", "korpschef-demo")
    page.goto("/vervolgacties/")
    first_row = page.locator("#resultaten table.followup-table tbody tr").first
    expect(first_row).to_be_visible()
    assert (
        page.locator("#resultaten table.followup-table thead").evaluate(
            "el => getComputedStyle(el).position === 'absolute' || getComputedStyle(el).display === 'none'"
        )
        or page.locator("#resultaten table.followup-table thead").bounding_box()["height"] <= 1
    )
    cells = first_row.locator("td")
    # Stacked: the cells are below one another, each as wide as the card.
    boxes = [cells.nth(i).bounding_box() for i in range(cells.count())]
    assert all(later["y"] > earlier["y"] for earlier, later in zip(boxes, boxes[1:], strict=False))
    labels = [
        cells.nth(i).evaluate("el => getComputedStyle(el, '::before').content")
        for i in range(1, cells.count())
    ]
    assert '"Onderwerp"' in labels and '"Status"' in labels

    # On a laptop it is a table again, with its header row.
    page.set_viewport_size({"width": DESKTOP, "height": 800})
    expect(page.locator("#resultaten table.followup-table thead th").first).to_be_visible()
    boxes = [cells.nth(i).bounding_box() for i in range(2)]
    assert boxes[0]["y"] == boxes[1]["y"]


def test_header_is_one_tidy_bar_on_a_laptop(page, demo_data):
    """At 1280 px the name, the menu, the search box and the account links fit in one bar (it used to
    wrap into three rows)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": DESKTOP, "height": 800})
    log_in(page, "secretariaat", "secretariaat-demo")
    page.goto("/")
    page.screenshot(path=SCREENSHOTS / f"dashboard-{DESKTOP}.png")
    header = page.locator("header.site-header")
    search = header.get_by_role("searchbox", name="Zoeken")
    menu = header.get_by_role("link", name="Vervolgacties", exact=True)
    expect(search).to_be_visible()
    # The search box sits in the row of the menu.
    assert abs(search.bounding_box()["y"] - menu.bounding_box()["y"]) < 30
    assert header.bounding_box()["height"] < 150
    assert overflow(page) <= 0
