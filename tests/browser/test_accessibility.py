"""Issue 8: every page, for every role, passes axe-core's WCAG 2.1 A and AA checks in a real Chromium.

PAGES below is the list of pages a person can open. A new page without a row makes
test_every_page_has_an_accessibility_check fail: the URL names come from the URL configuration (as
in tests/test_permissions.py), and which role may open which page from its MATRIX. Forms are also
checked in their error state (sent empty), the follow-up list also after htmx has replaced its
results.

axe-core comes with the axe-playwright-python package; nothing is downloaded while the tests run.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import expect

from agenda import services as agenda_services
from agenda.models import AgendaItem, DraftAgendaLine, Meeting
from decisions.models import FollowUp
from lovp.models import User
from tests.browser.conftest import log_in
from tests.factories import MeetingFactory
from tests.test_permissions import ANONYMOUS, MATRIX, MEMBER, SECRETARIAT, project_url_names

# WCAG 2.0 and 2.1, levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Also axe's best practices (landmarks, order of headings, one h1, ...): they pass, and must keep passing.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": [*AXE_TAGS, "best-practice"]},
    "resultTypes": ["violations"],
}

POST_ONLY = "an action without a page: POST only (GET answers 405)"

# URL names that are not pages a person reads, each with the reason.
NOT_PAGES = {
    "logout": POST_ONLY,
    "set_language": POST_ONLY + "; the language switch itself is in the footer of every page",
    "profile_digest": POST_ONLY,
    "profile_feed_renew": POST_ONLY,
    "profile_feed_revoke": POST_ONLY,
    "agenda:meeting_mark_held": POST_ONLY,
    "agenda:meeting_archive": POST_ONLY,
    "agenda:meeting_unarchive": POST_ONLY,
    "agenda:draft_agenda_build": POST_ONLY,
    "agenda:draft_agenda_publish": POST_ONLY,
    "agenda:draft_line_decide": POST_ONLY,
    "agenda:draft_line_move": POST_ONLY,
    "agenda:agenda_item_move": POST_ONLY,
    "decisions:followup_reopen": POST_ONLY,
    "agenda:meeting_ics": "a download: the meeting as an .ics calendar file",
    "agenda:calendar_feed": "a download: the calendar feed, read by calendar apps",
    "decisions:followup_export": "a download: the follow-up list as CSV or Excel",
    "decisions:meeting_publication": "a download: the publication of a meeting as .txt or .docx",
}


@dataclass
class World:
    """The demo data, plus a planned meeting with a draft agenda, one with a published agenda and an
    empty one."""

    meeting: Meeting
    follow_up: FollowUp
    item: AgendaItem
    draft_meeting: Meeting
    published_meeting: Meeting
    empty_meeting: Meeting
    line: DraftAgendaLine
    reset_user: User
    extra: dict = field(default_factory=dict)


@pytest.fixture
def world(demo_data):
    today = timezone.localdate()
    draft_meeting = MeetingFactory(date=today + datetime.timedelta(days=30))
    agenda_services.draft_agenda_build(meeting=draft_meeting, on=today)
    published_meeting = MeetingFactory(date=today + datetime.timedelta(days=60))
    agenda_services.draft_agenda_build(meeting=published_meeting, on=today)
    Meeting.objects.filter(pk=published_meeting.pk).update(agenda_status=Meeting.AgendaStatus.PUBLISHED)
    meeting = Meeting.objects.get(pk=1)
    return World(
        meeting=meeting,
        follow_up=FollowUp.objects.get(pk=1),
        item=meeting.agenda_items.order_by("position").first(),
        draft_meeting=draft_meeting,
        published_meeting=published_meeting,
        empty_meeting=MeetingFactory(date=today + datetime.timedelta(days=90)),
        line=DraftAgendaLine.objects.filter(meeting=draft_meeting, follow_up__isnull=False).first(),
        reset_user=User.objects.get(username="burgemeester"),
    )


# --- what a person does on a page before it is checked ----------------------------------------


def submit_empty(page):
    """Send the page's form with its text fields emptied (the browser's own checks off): its error
    state."""
    with page.expect_navigation():
        page.evaluate(
            """() => {
                const form = document.querySelector('main form[method=post]:not([action])');
                form.noValidate = true;
                for (const field of form.querySelectorAll('input, textarea')) {
                    if (['text', 'email', 'password', 'date', 'month', 'number', 'url', 'search', 'time']
                            .includes(field.type) || field.tagName === 'TEXTAREA') {
                        if (!field.readOnly) field.value = '';
                    }
                }
                form.querySelector('[type=submit]').click();
            }"""
        )
    expect(page.locator(".invalid-feedback, .errorlist li, .alert-danger").first).to_be_visible()


def filter_with_htmx(page):
    """Tick a status: htmx replaces the results (and, out of band, the counts)."""
    with page.expect_response(lambda response: "/vervolgacties/" in response.url):
        page.get_by_label("Afgerond").check()
    # The live region outside the replaced results tells screen reader users the new count.
    expect(page.locator("#filtermelding[role=status]")).to_have_text(
        re.compile(r"^\d+ vervolgacties? gevonden\.$")
    )


def read_minutes(page):
    """Paste a publication and ask for the proposal: the review screen."""
    page.get_by_label("Vergadering", exact=True).select_option(index=1)
    page.get_by_label("Tekst van de terugkoppeling").fill(
        "Terugkoppeling LOVP\n\nRoosterdruk\nAfgesproken is dat het landelijke plan in het LOVP van "
        "februari op de agenda staat.\n"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Voorstel maken").click()
    expect(page.get_by_role("heading", name="Voorstel controleren")).to_be_visible()


@dataclass(frozen=True)
class Page:
    label: str
    name: str | None  # the URL name; None for a page that is no URL (404)
    roles: tuple[str, ...]
    kwargs: Callable[[World], dict] = lambda w: {}
    query: str = ""
    status: int = 200
    action: Callable | None = None
    path: str | None = None  # instead of name


BOTH = (MEMBER, SECRETARIAT)
SEC = (SECRETARIAT,)

PAGES = [
    # Without logging in.
    Page("login", "login", (ANONYMOUS,)),
    Page("login-error", "login", (ANONYMOUS,), action=submit_empty),
    Page("password-reset", "password_reset", (ANONYMOUS, *BOTH)),
    Page("password-reset-error", "password_reset", (ANONYMOUS,), action=submit_empty),
    Page("password-reset-done", "password_reset_done", (ANONYMOUS, *BOTH)),
    Page(
        "password-reset-confirm",
        "password_reset_confirm",
        (ANONYMOUS,),
        kwargs=lambda w: {
            "uidb64": urlsafe_base64_encode(force_bytes(w.reset_user.pk)),
            "token": default_token_generator.make_token(w.reset_user),
        },
    ),
    Page(
        "password-reset-confirm-error",
        "password_reset_confirm",
        (ANONYMOUS,),
        kwargs=lambda w: {
            "uidb64": urlsafe_base64_encode(force_bytes(w.reset_user.pk)),
            "token": default_token_generator.make_token(w.reset_user),
        },
        action=submit_empty,
    ),
    Page(
        "password-reset-invalid-link",
        "password_reset_confirm",
        (ANONYMOUS,),
        kwargs=lambda w: {"uidb64": "MQ", "token": "verlopen-link"},
    ),
    Page("password-reset-complete", "password_reset_complete", (ANONYMOUS, *BOTH)),
    # Reading, for everyone logged in.
    Page("dashboard", "dashboard", BOTH),
    Page("followups", "decisions:followup_list", BOTH),
    Page(
        "followups-filtered", "decisions:followup_list", BOTH, query="status=open&status=scheduled&overdue=1"
    ),
    Page(
        "followups-invalid-filter",
        "decisions:followup_list",
        BOTH,
        query="due_after=gisteren&postponed_min=x",
    ),
    Page("followups-htmx", "decisions:followup_list", (MEMBER,), action=filter_with_htmx),
    Page("followup-detail", "decisions:followup_detail", BOTH, kwargs=lambda w: {"pk": w.follow_up.pk}),
    Page("meetings", "agenda:meeting_list", BOTH),
    Page("meetings-archived", "agenda:meeting_list", SEC, query="archived=1"),
    Page("meeting-detail", "agenda:meeting_detail", BOTH, kwargs=lambda w: {"pk": w.meeting.pk}),
    Page(
        "meeting-detail-planned", "agenda:meeting_detail", BOTH, kwargs=lambda w: {"pk": w.draft_meeting.pk}
    ),
    Page("topics", "agenda:topic_list", BOTH),
    Page("topic-dossier", "agenda:topic_detail", BOTH, kwargs=lambda w: {"slug": w.follow_up.topic.slug}),
    Page("search", "search", BOTH),
    Page("search-results", "search", BOTH, query="q=jaarwisseling"),
    Page("search-nothing-found", "search", (MEMBER,), query="q=zeppelin"),
    Page("my-followups", "decisions:my_followups", BOTH),
    Page("profile", "profile", BOTH),
    Page("password-change", "password_change", BOTH),
    Page("password-change-error", "password_change", (MEMBER,), action=submit_empty),
    Page("agenda-print", "agenda:agenda_print", BOTH, kwargs=lambda w: {"pk": w.published_meeting.pk}),
    Page("agenda-print-draft", "agenda:agenda_print", SEC, kwargs=lambda w: {"pk": w.draft_meeting.pk}),
    # Error pages.
    Page("403", "agenda:meeting_create", (MEMBER,), status=403),
    Page("404", None, BOTH, path="/vervolgacties/999999/", status=404),
    # The secretariat's forms, each also in its error state.
    Page("meeting-create", "agenda:meeting_create", SEC),
    Page("meeting-create-error", "agenda:meeting_create", SEC, action=submit_empty),
    Page("meeting-update", "agenda:meeting_update", SEC, kwargs=lambda w: {"pk": w.meeting.pk}),
    Page(
        "meeting-update-error",
        "agenda:meeting_update",
        SEC,
        kwargs=lambda w: {"pk": w.meeting.pk},
        action=submit_empty,
    ),
    Page("meeting-delete", "agenda:meeting_delete", SEC, kwargs=lambda w: {"pk": w.empty_meeting.pk}),
    Page("meeting-archive", "agenda:meeting_delete", SEC, kwargs=lambda w: {"pk": w.meeting.pk}),
    Page(
        "agenda-item-create", "agenda:agenda_item_create", SEC, kwargs=lambda w: {"meeting_pk": w.meeting.pk}
    ),
    Page(
        "agenda-item-create-error",
        "agenda:agenda_item_create",
        SEC,
        kwargs=lambda w: {"meeting_pk": w.meeting.pk},
        action=submit_empty,
    ),
    Page(
        "agenda-item-update",
        "agenda:agenda_item_update",
        SEC,
        kwargs=lambda w: {"meeting_pk": w.meeting.pk, "pk": w.item.pk},
    ),
    Page(
        "agenda-item-update-error",
        "agenda:agenda_item_update",
        SEC,
        kwargs=lambda w: {"meeting_pk": w.meeting.pk, "pk": w.item.pk},
        action=submit_empty,
    ),
    Page(
        "agenda-item-delete",
        "agenda:agenda_item_delete",
        SEC,
        kwargs=lambda w: {"meeting_pk": w.meeting.pk, "pk": w.item.pk},
    ),
    Page("topic-create", "agenda:topic_create", SEC),
    Page("topic-create-error", "agenda:topic_create", SEC, action=submit_empty),
    Page("topic-update", "agenda:topic_update", SEC, kwargs=lambda w: {"slug": w.follow_up.topic.slug}),
    Page(
        "topic-update-error",
        "agenda:topic_update",
        SEC,
        kwargs=lambda w: {"slug": w.follow_up.topic.slug},
        action=submit_empty,
    ),
    Page("followup-create", "decisions:followup_create", SEC, kwargs=lambda w: {"agenda_item_pk": w.item.pk}),
    Page(
        "followup-create-error",
        "decisions:followup_create",
        SEC,
        kwargs=lambda w: {"agenda_item_pk": w.item.pk},
        action=submit_empty,
    ),
    Page("followup-update", "decisions:followup_update", SEC, kwargs=lambda w: {"pk": w.follow_up.pk}),
    Page(
        "followup-update-error",
        "decisions:followup_update",
        SEC,
        kwargs=lambda w: {"pk": w.follow_up.pk},
        action=submit_empty,
    ),
    Page("followup-postpone", "decisions:followup_postpone", SEC, kwargs=lambda w: {"pk": w.follow_up.pk}),
    Page(
        "followup-postpone-error",
        "decisions:followup_postpone",
        SEC,
        kwargs=lambda w: {"pk": w.follow_up.pk},
        action=submit_empty,
    ),
    Page("followup-resolve", "decisions:followup_resolve", SEC, kwargs=lambda w: {"pk": w.follow_up.pk}),
    Page(
        "followup-resolve-error",
        "decisions:followup_resolve",
        SEC,
        kwargs=lambda w: {"pk": w.follow_up.pk},
        action=submit_empty,
    ),
    Page("followup-drop", "decisions:followup_drop", SEC, kwargs=lambda w: {"pk": w.follow_up.pk}),
    Page(
        "followup-drop-error",
        "decisions:followup_drop",
        SEC,
        kwargs=lambda w: {"pk": w.follow_up.pk},
        action=submit_empty,
    ),
    Page("draft-agenda", "agenda:draft_agenda", SEC, kwargs=lambda w: {"pk": w.draft_meeting.pk}),
    Page(
        "draft-line-update",
        "agenda:draft_line_update",
        SEC,
        kwargs=lambda w: {"pk": w.draft_meeting.pk, "line_pk": w.line.pk},
    ),
    Page(
        "draft-line-update-error",
        "agenda:draft_line_update",
        SEC,
        kwargs=lambda w: {"pk": w.draft_meeting.pk, "line_pk": w.line.pk},
        action=submit_empty,
    ),
    Page("import-start", "decisions:minutes_import", SEC),
    Page("import-start-error", "decisions:minutes_import", SEC, action=submit_empty),
    Page("import-review", "decisions:minutes_import", SEC, action=read_minutes),
]


def test_every_page_has_an_accessibility_check():
    names = project_url_names()
    covered = {page.name for page in PAGES if page.name}
    assert names - covered - set(NOT_PAGES) == set(), "pages without an accessibility check"
    assert covered & set(NOT_PAGES) == set()
    assert set(NOT_PAGES) - names == set(), "exclusions for URLs that no longer exist"
    # What the permission table says each role may open is checked for that role.
    may_open = {
        (name, role)
        for name, method, *statuses in MATRIX
        if method == "GET"
        for role, status in zip((ANONYMOUS, MEMBER, SECRETARIAT), statuses, strict=False)
        if status == 200 and name not in NOT_PAGES
    }
    checked = {(page.name, role) for page in PAGES for role in page.roles if page.status == 200}
    assert may_open - checked == set(), "pages a role may open but which are not checked for that role"
    # An action without a page really has none.
    for name, method, _anonymous, member, secretariat, _admin in MATRIX:
        if NOT_PAGES.get(name) == POST_ONLY and method == "GET":
            assert (member, secretariat) == (405, 405), name


def record_violations(found: dict, label: str, results: dict) -> None:
    """Collect violations as {(rule, element): [pages]}: one line per fault, however many pages show it."""
    for violation in results["violations"]:
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            key = (f"{violation['id']} ({violation['impact']})", f"{node['html'][:200]} :: {summary[:300]}")
            found.setdefault(key, []).append(label)


def format_violations(found: dict) -> str:
    return "\n".join(
        f"{rule}: {element}\n    on: {', '.join(pages)}" for (rule, element), pages in found.items()
    )


USERS = {MEMBER: ("korpschef", "korpschef-demo"), SECRETARIAT: ("secretariaat", "secretariaat-demo")}


@pytest.mark.parametrize("role", [ANONYMOUS, MEMBER, SECRETARIAT])
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("restore_migrated_rows")
def test_pages_pass_wcag_21_aa(page, live_server, world, role):
    from django.urls import reverse

    if role != ANONYMOUS:
        log_in(page, *USERS[role])
    axe = Axe()
    found = {}
    checked = 0
    for spec in PAGES:
        if role not in spec.roles:
            continue
        url = spec.path or reverse(spec.name, kwargs=spec.kwargs(world))
        if spec.query:
            url += "?" + spec.query
        response = page.goto(url)
        assert response.status == spec.status, f"{spec.label}: {url} answered {response.status}"
        if spec.action:
            spec.action(page)
        results = axe.run(page, options=AXE_OPTIONS).response
        record_violations(found, spec.label, results)
        checked += 1
    assert checked >= 5
    assert found == {}, "\n" + format_violations(found)
