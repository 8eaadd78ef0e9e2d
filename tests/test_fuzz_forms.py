"""Bad input never breaks a form: every form of the application gets random and hostile values.

The answer is a page that says what is wrong (200), a redirect, or 400/403/404/405 with a message,
never a 500; and a request that is refused leaves the stored data exactly as it was
(tests/fuzzing.py). The number of examples each test ran is reported at the end of the module.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agenda.models import DraftAgendaLine, Meeting, Topic
from decisions.models import FollowUp
from tests.factories import AgendaItemFactory, DecisionFactory, FollowUpFactory, MeetingFactory, TopicFactory
from tests.fuzzing import (
    EXAMPLES,
    check,
    examples,
    form_data,
    hostile,
    pages_for,
    post,
    report_examples,
    snapshot,
    value,
    visit,
)

D = datetime.date
FUZZ = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "database": None,
}
# Ids that are not there: 0, far beyond the last row, and beyond what a bigint holds.
UNKNOWN_IDS = [0, 987654, 2**31, 2**63, 10**30]

TARGET_KINDS = [kind for kind, _label in FollowUp.TargetKind.choices]


@pytest.fixture(scope="module", autouse=True)
def _report_examples(request):
    yield
    report_examples(request.config, "forms:")


@pytest.fixture
def world(db, korpschef, today):
    today(D(2021, 3, 1))
    held = MeetingFactory(date=D(2021, 2, 8), held=True, agenda_status=Meeting.AgendaStatus.PUBLISHED)
    planned = MeetingFactory(date=D(2021, 4, 12), agenda_status=Meeting.AgendaStatus.DRAFT)
    topic = TopicFactory(name="Jaarwisseling")
    item = AgendaItemFactory(meeting=held, topic=topic, summary="Gesproken over het vuurwerkverbod.")
    decision = DecisionFactory(agenda_item=item)
    open_follow_up = FollowUpFactory(agenda_item=item, owner=korpschef, decision=decision)
    done_follow_up = FollowUpFactory(agenda_item=item, done=True)
    draft_item = AgendaItemFactory(meeting=planned, topic=topic)
    line = DraftAgendaLine.objects.create(
        meeting=planned, agenda_item=draft_item, follow_up=open_follow_up, reason="terugkomafspraak"
    )
    return {
        "held": held,
        "planned": planned,
        "topic": topic,
        "item": item,
        "decision": decision,
        "open": open_follow_up,
        "done": done_follow_up,
        "line": line,
        "party": korpschef,
    }


@pytest.fixture
def pages_still_answer(world, secretariat_client, member_client, member_user):
    """After the examples: the pages, files and feeds that show what they stored still answer. A value
    a form accepts can break a page later (a meeting on 9999-12-31 broke everyone's calendar feed)."""
    models = (Meeting, Topic, FollowUp)
    last = {
        model: model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0 for model in models
    }
    member_user.renew_calendar_token()
    member_user.save()
    yield

    def stored(model, *existing):
        return [*existing, *model.objects.filter(pk__gt=last[model]).order_by("-pk")[:4]]

    urls = pages_for(
        stored(Meeting, world["held"], world["planned"]),
        stored(Topic, world["topic"]),
        stored(FollowUp, world["open"], world["done"]),
    )
    feed = reverse("agenda:calendar_feed", kwargs={"token": member_user.calendar_token})
    visit(secretariat_client, [*urls, feed])
    visit(member_client, [url for url in urls if "conceptagenda" not in url])


def ids(*rows) -> st.SearchStrategy:
    return st.sampled_from([row.pk for row in rows] + UNKNOWN_IDS)


def run(client, url: str, data: dict, name: str, **check_options) -> None:
    before = snapshot()
    response = post(client, url, data)
    check(response, before=before, empty=not data, **check_options)
    EXAMPLES[f"forms:{name}"] += 1


# --- meetings and topics ---------------------------------------------------------------------------------


MEETING_FIELDS = {
    "date": value("2021-05-10", "10-5-2021"),
    "start_time": value("10:00", "9:30"),
    "kind": value("regular", "extra"),
    "location": value("Den Haag"),
    "notes": value("Toelichting."),
}


@pytest.mark.usefixtures("pages_still_answer")
@settings(max_examples=examples(15), **FUZZ)
@given(data=st.data())
def test_meeting_form(world, secretariat_client, member_client, data):
    client = data.draw(
        st.sampled_from([secretariat_client, secretariat_client, member_client]), label="client"
    )
    pk = data.draw(st.one_of(st.none(), ids(world["planned"], world["held"])), label="meeting")
    url = reverse("agenda:meeting_create") if pk is None else reverse("agenda:meeting_update", args=[pk])
    run(client, url, data.draw(form_data(MEETING_FIELDS), label="data"), "meeting")


TOPIC_FIELDS = {
    "name": value("Nieuw onderwerp"),
    "description": value("Omschrijving."),
    "is_standing": value("on"),
}


@pytest.mark.usefixtures("pages_still_answer")
@settings(max_examples=examples(10), **FUZZ)
@given(data=st.data())
def test_topic_form(world, secretariat_client, data):
    slug = data.draw(st.sampled_from([None, world["topic"].slug, "bestaat-niet"]), label="topic")
    url = reverse("agenda:topic_create") if slug is None else reverse("agenda:topic_update", args=[slug])
    run(secretariat_client, url, data.draw(form_data(TOPIC_FIELDS), label="data"), "topic")


# --- the one-screen agenda item form ---------------------------------------------------------------------


def management(prefix: str) -> dict:
    # Row counts stay small or are no count at all; huge counts have a test of their own (below).
    counts = st.sampled_from(["0", "1", "2", "", "-1", "abc", "1.5", "\x00", "٢", "²", "0x1"])
    return {
        f"{prefix}-TOTAL_FORMS": counts,
        f"{prefix}-INITIAL_FORMS": counts,
        f"{prefix}-MIN_NUM_FORMS": value(0),
        f"{prefix}-MAX_NUM_FORMS": value(1000),
    }


def agenda_item_fields(world) -> dict:
    follow_up, decision = world["open"], world["decision"]
    fields = {
        "item-topic": value(world["topic"].pk, *UNKNOWN_IDS),
        "item-title": value("Titel"),
        "item-kind": value("discussion", "decision", "information"),
        "item-position": value(1, ""),
        "item-introducer": value("Korpschef"),
        "item-summary": value("Samenvatting."),
        "item-is_confidential": value("on"),
        "item-public_from": value("2021-06-01"),
        "item-version": value(world["item"].version),
        **management("decisions"),
        **management("followups"),
    }
    for index in (0, 1):
        fields |= {
            f"decisions-{index}-text": value("Afgesproken."),
            f"decisions-{index}-kind": value("agreement", "decision"),
            f"decisions-{index}-id": value(decision.pk, *UNKNOWN_IDS),
            f"decisions-{index}-DELETE": value("on"),
            f"followups-{index}-description": value("Terugkomen."),
            f"followups-{index}-topic": value(world["topic"].pk),
            f"followups-{index}-owner": value(world["party"].pk),
            f"followups-{index}-promise_text": value("in het volgende LOVP"),
            f"followups-{index}-target_kind": value(*TARGET_KINDS),
            f"followups-{index}-target_meeting": value(world["planned"].pk),
            f"followups-{index}-target_month": value("2021-06", "juni 2021"),
            f"followups-{index}-target_date": value("2021-06-30"),
            f"followups-{index}-is_confidential": value("on"),
            f"followups-{index}-public_from": value("2021-07-01"),
            f"followups-{index}-id": value(follow_up.pk, world["done"].pk, *UNKNOWN_IDS),
            f"followups-{index}-version": value(follow_up.version),
            f"followups-{index}-DELETE": value("on"),
        }
    return fields


@pytest.mark.usefixtures("pages_still_answer")
@settings(max_examples=examples(25), **FUZZ)
@given(data=st.data())
def test_agenda_item_form_with_its_formsets(world, secretariat_client, data):
    meeting_pk = data.draw(ids(world["held"], world["planned"]), label="meeting")
    item_pk = data.draw(st.one_of(st.none(), ids(world["item"])), label="item")
    if item_pk is None:
        url = reverse("agenda:agenda_item_create", args=[meeting_pk])
    else:
        url = reverse("agenda:agenda_item_update", args=[meeting_pk, item_pk])
    fields = agenda_item_fields(world)
    post_data = data.draw(
        form_data(fields, required=("item-topic", "decisions-TOTAL_FORMS", "followups-TOTAL_FORMS"))
    )
    run(secretariat_client, url, post_data, "agenda item")


@pytest.mark.parametrize("prefix", ["decisions", "followups"])
def test_a_huge_number_of_rows_is_refused_before_building_them(world, secretariat_client, prefix):
    """TOTAL_FORMS=99999 used to build and render over a thousand forms (minutes of work); now: 400."""
    url = reverse("agenda:agenda_item_update", args=[world["held"].pk, world["item"].pk])
    data = {
        "item-topic": world["topic"].pk,
        "decisions-TOTAL_FORMS": "0",
        "decisions-INITIAL_FORMS": "0",
        "followups-TOTAL_FORMS": "0",
        "followups-INITIAL_FORMS": "0",
        f"{prefix}-TOTAL_FORMS": "99999",
    }
    before = snapshot()
    response = post(secretariat_client, url, data)
    assert response.status_code == 400
    assert "te veel" in response.content.decode()
    assert snapshot() == before

    review = {"step": "save", "source_text": MINUTES, "meeting": world["held"].pk}
    for name in ("items", "decisions", "followups"):
        review |= {f"{name}-TOTAL_FORMS": "0", f"{name}-INITIAL_FORMS": "0"}
    review[f"{prefix}-TOTAL_FORMS"] = str(10**30)
    response = post(secretariat_client, reverse("decisions:minutes_import"), review)
    assert response.status_code == 400
    assert snapshot() == before


# --- follow-ups --------------------------------------------------------------------------------------------


def follow_up_fields(world) -> dict:
    return {
        "description": value("Terugkomen op het rapport."),
        "topic": value(world["topic"].pk),
        "owner": value(world["party"].pk),
        "decision": value(world["decision"].pk),
        "promise_text": value("in het LOVP van juni"),
        "target_kind": value(*TARGET_KINDS),
        "target_meeting": value(world["planned"].pk, world["held"].pk),
        "target_month": value("2021-06", "06-2021", "juni 2021"),
        "target_date": value("2021-06-30", "30-6-2021"),
        "is_confidential": value("on"),
        "public_from": value("2021-07-01"),
        "version": value(world["open"].version),
    }


@pytest.mark.usefixtures("pages_still_answer")
@settings(max_examples=examples(20), **FUZZ)
@given(data=st.data())
def test_follow_up_create_and_edit(world, secretariat_client, member_client, data):
    client = data.draw(
        st.sampled_from([secretariat_client, secretariat_client, member_client]), label="client"
    )
    if data.draw(st.booleans(), label="create"):
        url = reverse("decisions:followup_create", args=[data.draw(ids(world["item"]), label="item")])
    else:
        url = reverse(
            "decisions:followup_update", args=[data.draw(ids(world["open"], world["done"]), label="pk")]
        )
    run(
        client,
        url,
        data.draw(form_data(follow_up_fields(world), required=("description", "target_kind"))),
        "follow-up",
    )


@pytest.mark.usefixtures("pages_still_answer")
@settings(max_examples=examples(20), **FUZZ)
@given(data=st.data())
def test_postpone_resolve_and_drop(world, secretariat_client, data):
    action = data.draw(st.sampled_from(["postpone", "resolve", "drop"]), label="action")
    pk = data.draw(ids(world["open"], world["done"]), label="pk")
    url = reverse(f"decisions:followup_{action}", args=[pk])
    meetings = (world["held"].pk, world["planned"].pk, *UNKNOWN_IDS)
    fields = {
        "postpone": {
            "target_kind": value(*TARGET_KINDS),
            "target_meeting": value(*meetings),
            "target_month": value("2021-06"),
            "target_date": value("2021-06-30"),
            "promise_text": value("in juni"),
            "reason": value("Het rapport is er nog niet."),
        },
        "resolve": {"resolution": value("Besproken."), "meeting": value(*meetings)},
        "drop": {"reason": value("Niet meer nodig."), "meeting": value(*meetings)},
    }[action]
    run(secretariat_client, url, data.draw(form_data(fields), label="data"), "postpone/resolve/drop")


# --- the draft agenda --------------------------------------------------------------------------------------


@pytest.mark.usefixtures("pages_still_answer")
@settings(max_examples=examples(15), **FUZZ)
@given(data=st.data())
def test_draft_line_edit_decide_and_move(world, secretariat_client, data):
    line = world["line"]
    meeting_pk = data.draw(ids(world["planned"], world["held"]), label="meeting")
    line_pk = data.draw(ids(line), label="line")
    action = data.draw(st.sampled_from(["update", "decide", "move"]), label="action")
    url = reverse(f"agenda:draft_line_{action}", args=[meeting_pk, line_pk])
    fields = {
        "update": {
            "reason": value("terugkomafspraak uit februari"),
            "origin_text": value("in het volgende LOVP"),
        },
        "decide": {"decision": value(*DraftAgendaLine.Decision.values)},
        "move": {"direction": value("up", "down")},
    }[action]
    run(secretariat_client, url, data.draw(form_data(fields), label="data"), "draft line")


# --- importing a terugkoppeling ---------------------------------------------------------------------------


MINUTES = """Bestuurlijke terugkoppeling LOVP 8 februari 2021

Jaarwisseling
Een terugblik op de jaarwisseling. Afgesproken is dat de korpschef in het LOVP van juni terugkomt op
de handhaving. De minister stuurt voor 1 mei een brief.

Inzetbaarheid van politie
Afgesproken is dit rapport te bespreken in het volgende LOVP.

Tot slot
Niets.
"""


@st.composite
def mangled_minutes(draw) -> str:
    """The text of a terugkoppeling with hostile pieces put in, cut out and repeated."""
    text = MINUTES
    for _round in range(draw(st.integers(0, 4))):
        position = draw(st.integers(0, len(text)))
        operation = draw(st.sampled_from(["insert", "cut", "repeat"]))
        if operation == "insert":
            piece = draw(hostile())
            piece = piece.decode("latin-1") if isinstance(piece, bytes) else piece
            text = text[:position] + piece + text[position:]
        elif operation == "cut":
            text = text[:position] + text[position + draw(st.integers(1, 200)) :]
        else:
            text = text[:position] + text[position:][: draw(st.integers(1, 300))] * 3 + text[position:]
    return text


@settings(max_examples=examples(20), **FUZZ)
@given(data=st.data())
def test_import_start(world, secretariat_client, data):
    fields = {
        "step": value("read"),
        "meeting": value(world["held"].pk, world["planned"].pk, *UNKNOWN_IDS),
        "meeting_date": value("2021-02-08", "8-2-2021"),
        "text": st.one_of(mangled_minutes(), hostile()),
    }
    run(
        secretariat_client,
        reverse("decisions:minutes_import"),
        data.draw(form_data(fields), label="data"),
        "import start",
        success_marker='name="step" value="save"',
    )


UPLOAD_STARTS = [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe", b"{\\rtf1"]


@settings(max_examples=examples(10), **FUZZ)
@given(
    name=st.one_of(
        st.sampled_from(
            ["verslag.txt", "verslag.docx", "verslag.pdf", "verslag", ".pdf", "a" * 300 + ".txt"]
        ),
        st.text(min_size=1, max_size=30),
    ),
    start=st.sampled_from(UPLOAD_STARTS),
    body=st.one_of(
        st.binary(max_size=300), st.just(MINUTES.encode("utf-8")), st.just(MINUTES.encode("cp1252"))
    ),
)
def test_import_upload(world, secretariat_client, name, start, body):
    name = name.replace("\x00", "").replace("/", "_") or "x"
    upload = SimpleUploadedFile(name, start + body)
    before = snapshot()
    response = secretariat_client.post(
        reverse("decisions:minutes_import"), {"step": "read", "meeting": world["held"].pk, "file": upload}
    )
    check(response, before=before, success_marker='name="step" value="save"')
    EXAMPLES["forms:import upload"] += 1


def review_fields(world) -> dict:
    fields = {
        "step": value("save"),
        "meeting": value(world["held"].pk, *UNKNOWN_IDS),
        "meeting_date": value("2021-02-08"),
        "source_name": value("verslag.txt"),
        "source_text": st.one_of(mangled_minutes(), hostile()),
        **management("items"),
        **management("decisions"),
        **management("followups"),
    }
    for index in (0, 1):
        fields |= {
            f"items-{index}-include": value("on"),
            f"items-{index}-heading": value("Jaarwisseling"),
            f"items-{index}-topic": value(world["topic"].pk, ""),
            f"items-{index}-summary": value("Een terugblik."),
            f"decisions-{index}-item": value(0, 1),
            f"decisions-{index}-index": value(0, 1),
            f"decisions-{index}-include": value("on"),
            f"decisions-{index}-text": value("Afgesproken is dat."),
            f"followups-{index}-item": value(0, 1),
            f"followups-{index}-decision_index": value(0, ""),
            f"followups-{index}-sentence_number": value(0, 1),
            f"followups-{index}-include": value("on"),
            f"followups-{index}-promise_text": value("in het LOVP van juni"),
            f"followups-{index}-description": value("Terugkomen op de handhaving."),
            f"followups-{index}-topic": value(world["topic"].pk, ""),
            f"followups-{index}-owner": value(world["party"].pk),
            f"followups-{index}-target_kind": value(*TARGET_KINDS),
            f"followups-{index}-target_meeting": value(world["planned"].pk),
            f"followups-{index}-target_month": value("2021-06"),
            f"followups-{index}-target_date": value("2021-06-30"),
        }
    return fields


@pytest.mark.usefixtures("pages_still_answer")
@settings(max_examples=examples(25), **FUZZ)
@given(data=st.data())
def test_import_review(world, secretariat_client, data):
    post_data = data.draw(form_data(review_fields(world), required=("step", "source_text")), label="data")
    run(secretariat_client, reverse("decisions:minutes_import"), post_data, "import review")


# --- the profile -------------------------------------------------------------------------------------------


@settings(max_examples=examples(8), **FUZZ)
@given(data=st.data())
def test_profile_digest(world, member_client, data):
    post_data = data.draw(form_data({"weekly_digest": value("on", "")}), label="data")
    run(member_client, reverse("profile_digest"), post_data, "profile digest")


def test_a_date_at_the_end_of_time_does_not_break_the_calendars(world, secretariat_client, member_user):
    """A meeting on 9999-12-31 (the form takes it) made every calendar feed fail: there is no day after."""
    response = secretariat_client.post(
        reverse("agenda:meeting_create"), {"date": "9999-12-31", "start_time": "23:30", "kind": "regular"}
    )
    assert response.status_code == 302
    response = secretariat_client.post(
        reverse("decisions:followup_update", args=[world["open"].pk]),
        {
            "description": "Tot het einde der tijden",
            "target_kind": "date",
            "target_date": "9999-12-31",
            "version": world["open"].version,
        },
    )
    assert response.status_code == 302
    world["held"].date = D(1, 1, 1)
    world["held"].save()
    member_user.renew_calendar_token()
    member_user.save()

    far = Meeting.objects.get(date=D(9999, 12, 31))
    for url in (
        reverse("agenda:calendar_feed", kwargs={"token": member_user.calendar_token}),
        reverse("agenda:meeting_ics", args=[far.pk]),
        reverse("agenda:meeting_ics", args=[world["held"].pk]),
    ):
        response = secretariat_client.get(url)
        assert response.status_code == 200
        assert b"BEGIN:VCALENDAR" in response.content
