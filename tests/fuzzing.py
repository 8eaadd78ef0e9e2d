"""Hostile input for the property-based tests (tests/test_fuzz_forms.py, tests/test_fuzz_filters.py).

Requests are sent with a raw, percent-encoded body or query string, so that values the test client
would refuse to encode (lone surrogates, bytes that are no UTF-8, Latin-1 text) still reach the view.
Every response must be one of ALLOWED_STATUSES and say something; a request that is not a success
leaves the stored data as it was (compare `snapshot()` before and after).
"""

import datetime
import os
from collections import Counter
from urllib.parse import urlencode

from django.contrib.messages import get_messages
from hypothesis import strategies as st

from agenda.models import AgendaItem, DraftAgendaLine, Meeting, Topic
from decisions.models import Decision, FollowUp, MinutesImport, Party, Postponement, ReminderLog
from lovp.models import User

ALLOWED_STATUSES = {200, 302, 400, 403, 404, 405}

# The number of examples each fuzz test ran, reported at the end of its module.
EXAMPLES: Counter = Counter()
# FUZZ_SCALE=10 runs ten times as many examples (a longer hunt); the default keeps the suite quick.
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))


def examples(count: int) -> int:
    return max(1, round(count * SCALE))


# The sharpest values, tried more often than the rest: each of these once broke a page, here or in
# applications like it (a NUL in a PostgreSQL query, "²".isdigit(), ids beyond a bigint, ...).
SHARP = [
    "\x00",
    "a\x00b",
    "²",
    "٣",
    str(2**63),
    "9" * 40,
    "-1",
    "0",
    "",
    "10000-01-01",
    "0001-01-01",
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "\ud800",
    b"\xff\xfe",
    "x" * 5000,
]

HOSTILE_TEXT = [
    "",
    " ",
    "\t\r\n",
    "0",
    "-1",
    "-0",
    "1.5",
    "1e309",
    "NaN",
    "Infinity",
    "None",
    "null",
    "true",
    "on",
    "[]",
    "{}",
    str(2**31),
    str(2**63),
    str(-(2**63) - 1),
    "9" * 40,
    "٣",  # an Arabic-Indic digit: str.isdigit() says yes, int() agrees
    "²",  # a superscript two: str.isdigit() says yes, int() does not
    "Ⅻ",
    "' OR '1'='1",
    "1; DROP TABLE agenda_meeting; --",
    "') UNION SELECT password FROM lovp_user --",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    '"><svg onload=alert(3)>',
    "{{ 7*7 }}{% debug %}",
    "${jndi:ldap://x/a}",
    "%s%s%s%n",
    "../../../../etc/passwd",
    "\x00",
    "a\x00b",
    "\x01\x02\x1b[31m",
    "\u202e\u200b\ufeff",
    "🎉👍🏽",
    "Ĳsselmeer – “vergadering” ‘ok’",
    "x" * 5000,
    "woord " * 3000,
    "2021-02-30",
    "2021-13-01",
    "0000-00-00",
    "9999-12-31",
    "10000-01-01",
    "31-12-99999",
    "1-1-1",
    "29-02-2021",
    "2021-02",
    "februari 2021",
    "smarch 2021",
    "25:61",
    "-:-",
    'a" OR "b"="b',
    "a | b & !c <-> d:*",  # tsquery operators
    '"unterminated',
    "-",
    "or",
]

# Dates around the seeded data, in the formats the forms and filters accept, and some they do not.
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d-%m-%y", "%Y/%m/%d", "%d %B %Y"]


def dates() -> st.SearchStrategy:
    return st.builds(
        lambda day, fmt: day.strftime(fmt),
        st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)),
        st.sampled_from(DATE_FORMATS),
    )


def hostile() -> st.SearchStrategy:
    """One hostile value: a str, or bytes (sent as they are, so not necessarily UTF-8)."""
    return st.one_of(
        st.sampled_from(HOSTILE_TEXT),
        st.text(max_size=40),
        st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3),  # lone surrogates
        st.text(st.characters(max_codepoint=0xFF), max_size=20).map(lambda text: text.encode("latin-1")),
        st.binary(max_size=16),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        dates(),
    )


def value(*valid) -> st.SearchStrategy:
    """A value for one field: one of the valid ones (so the rest of the form gets checked too), or hostile."""
    strategies = [st.sampled_from(SHARP), hostile()]
    if valid:
        strategies.insert(0, st.sampled_from([str(v) for v in valid]))
    return st.one_of(strategies)


def form_data(fields: dict[str, st.SearchStrategy], *, required: tuple[str, ...] = ()) -> st.SearchStrategy:
    """POST or GET data: the `required` fields always, the others sometimes, each now and then twice."""

    def maybe_twice(strategy):
        return st.one_of(strategy, st.lists(strategy, min_size=2, max_size=3))

    return st.fixed_dictionaries(
        {name: maybe_twice(fields[name]) for name in required},
        optional={name: maybe_twice(strategy) for name, strategy in fields.items() if name not in required},
    )


def _encode(data: dict) -> str:
    pairs = []
    for name, values in data.items():
        for item in values if isinstance(values, list) else [values]:
            if isinstance(item, str):
                item = item.encode("utf-8", "surrogatepass")
            pairs.append((name, item))
    return urlencode(pairs)


def post(client, url: str, data: dict):
    return client.post(url, data=_encode(data), content_type="application/x-www-form-urlencoded")


def get(client, url: str, data: dict, headers: dict | None = None):
    query = _encode(data)
    return client.get(f"{url}?{query}" if query else url, headers=headers)


# The rows a request could change. Sessions are left out: they change on every request.
SNAPSHOT_MODELS = [
    Meeting,
    Topic,
    AgendaItem,
    Decision,
    FollowUp,
    Postponement,
    DraftAgendaLine,
    MinutesImport,
    ReminderLog,
    Party,
]


def snapshot() -> dict:
    rows = {model._meta.label: list(model.objects.order_by("pk").values()) for model in SNAPSHOT_MODELS}
    rows["users"] = list(
        User.objects.order_by("pk").values("pk", "weekly_digest", "calendar_token", "party_id")
    )
    # The audit trail (simple_history): a refused request adds no entry.
    rows["history"] = [model.history.count() for model in (Meeting, AgendaItem, Decision, FollowUp)]
    return rows


def pages_for(meetings, topics, follow_ups) -> list[str]:
    """The pages that show these rows, and the lists, files and feeds that take in everything."""
    from django.urls import reverse

    urls = [
        reverse("dashboard"),
        reverse("agenda:meeting_list"),
        reverse("agenda:topic_list"),
        reverse("decisions:followup_list"),
        f"{reverse('decisions:followup_list')}?ordering=-topic&status=open&status=done",
        f"{reverse('decisions:followup_export')}?format=csv",
        f"{reverse('decisions:followup_export')}?format=xlsx",
        reverse("decisions:my_followups"),
        f"{reverse('search')}?q=terugkomen",
    ]
    for meeting in meetings:
        urls += [
            meeting.get_absolute_url(),
            reverse("agenda:meeting_ics", args=[meeting.pk]),
            reverse("agenda:draft_agenda", args=[meeting.pk]),
            reverse("agenda:agenda_print", args=[meeting.pk]),
            reverse("decisions:meeting_publication", args=[meeting.pk, "txt"]),
            reverse("decisions:meeting_publication", args=[meeting.pk, "docx"]),
        ]
    urls += [topic.get_absolute_url() for topic in topics]
    urls += [follow_up.get_absolute_url() for follow_up in follow_ups]
    return urls


def visit(client, urls: list[str]) -> None:
    """Every page answers (a 500 raises in the test client); a stored value must not break one later."""
    for url in urls:
        response = client.get(url)
        assert response.status_code in ALLOWED_STATUSES, (url, response.status_code)
        if response.streaming:
            b"".join(response.streaming_content)


def report_examples(config, prefix: str) -> None:
    """Print how many examples each fuzz test ran (also when pytest captures the output)."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        reporter.write_line("")
        for name in sorted(EXAMPLES):
            if name.startswith(prefix):
                reporter.write_line(f"hypothesis {name}: {EXAMPLES[name]} examples, none answered with a 500")


def level_messages(response, level_tag: str) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request) if message.level_tag == level_tag]


def check(
    response, *, before: dict, method: str = "POST", success_marker: str | None = None, empty: bool = False
) -> None:
    """The response is an answer (never a 500), with something to read; a refused request changed nothing.

    A success is a redirect without an error message; anything else is a refusal. `success_marker`:
    text of a page (200) that is the next step of a form rather than a refusal; it saves nothing.
    `empty`: nothing was sent, so the page shows the (unbound) form again without complaint.
    """
    status = response.status_code
    assert status in ALLOWED_STATUSES, status
    succeeded = status == 302 and not level_messages(response, "error")
    if status != 302:
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body.strip(), f"{status} without a message"
        html = body.decode("utf-8", "replace")
        next_step = success_marker is not None and success_marker in html and "alert-danger" not in html
        if method == "POST" and status == 200 and not next_step and not empty:
            assert any(
                mark in html for mark in ("invalid-feedback", "errorlist", "alert-danger", "alert-warning")
            ), "a refused form says what is wrong"
    if not succeeded:
        assert snapshot() == before, "a refused request changed stored data"
