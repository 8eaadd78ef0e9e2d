"""Bad input never breaks a list: every filter parameter of the follow-up list, its export and the
search gets random and hostile values. The answer is the list (with the filter's complaint), a 400
that says what is wrong, or a 404, never a 500; and looking changes nothing (tests/fuzzing.py)."""

import datetime

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agenda.models import Meeting
from decisions import services
from decisions.models import FollowUp
from tests.factories import AgendaItemFactory, FollowUpFactory, MeetingFactory, TopicFactory
from tests.fuzzing import EXAMPLES, check, examples, form_data, get, hostile, report_examples, snapshot, value

D = datetime.date
FUZZ = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "database": None,
}


@pytest.fixture(scope="module", autouse=True)
def _report_examples(request):
    yield
    report_examples(request.config, "filters:")


@pytest.fixture
def world(db, korpschef, today, secretariat_user):
    today(D(2021, 3, 1))
    held = MeetingFactory(date=D(2021, 2, 8), held=True, agenda_status=Meeting.AgendaStatus.PUBLISHED)
    planned = MeetingFactory(date=D(2021, 4, 12), agenda_status=Meeting.AgendaStatus.PUBLISHED)
    topic = TopicFactory(name="Jaarwisseling")
    item = AgendaItemFactory(
        meeting=held, topic=topic, summary="Gesproken over het vuurwerkverbod en de handhaving."
    )
    follow_ups = [
        FollowUpFactory(agenda_item=item, owner=korpschef, description="Handhaving evalueren"),
        FollowUpFactory(agenda_item=item, owner=None, description="Cijfers delen", is_confidential=True),
        FollowUpFactory(agenda_item=item, done=True, description="Brief aan de gemeenten"),
        FollowUpFactory(agenda_item=item, target_kind=FollowUp.TargetKind.DATE, target_date=D(2021, 2, 1)),
    ]
    services.followup_postpone(
        follow_up=follow_ups[0],
        target_kind=FollowUp.TargetKind.MEETING,
        target_meeting=planned,
        reason="Nog niet klaar.",
        by=secretariat_user,
    )
    return {"held": held, "planned": planned, "topic": topic, "party": korpschef}


def filter_fields(world) -> dict:
    meetings = (world["held"].pk, world["planned"].pk, 0, 2**63, 10**30)
    return {
        "status": value(*FollowUp.Status.values),
        "topic": value(world["topic"].slug, "bestaat-niet"),
        "owner": value(world["party"].pk, "geen", 0, 2**63),
        "overdue": value("1", "0"),
        "next_meeting": value("1"),
        "q": value("handhaving", "jaarwisseling cijfers", "Handhaving evalueren"),
        "meeting": value(*meetings),
        "target_meeting": value(*meetings),
        "due_after": value("2021-01-01", "1-2-2021"),
        "due_before": value("2021-12-31", "31/12/2021"),
        "postponed_min": value(0, 1, 2),
        "ordering": value("due", "-due", "topic", "-topic", "created", "-created"),
        "page": st.one_of(value(1, 2, "last"), st.integers(min_value=-(2**70), max_value=2**70).map(str)),
    }


def look(client, url: str, params: dict, name: str, headers: dict | None = None) -> None:
    before = snapshot()
    response = get(client, url, params, headers)
    check(response, before=before, method="GET")
    EXAMPLES[f"filters:{name}"] += 1


def clients(secretariat_client, member_client):
    return st.sampled_from([secretariat_client, member_client])


@settings(max_examples=examples(45), **FUZZ)
@given(data=st.data())
def test_follow_up_list_filters(world, secretariat_client, member_client, data):
    client = data.draw(clients(secretariat_client, member_client), label="client")
    params = data.draw(form_data(filter_fields(world)), label="params")
    look(client, reverse("decisions:followup_list"), params, "follow-up list")


@settings(max_examples=examples(10), **FUZZ)
@given(data=st.data())
def test_follow_up_list_filters_through_htmx(world, member_client, data):
    params = data.draw(form_data(filter_fields(world)), label="params")
    look(
        member_client,
        reverse("decisions:followup_list"),
        params,
        "follow-up list (htmx)",
        {"HX-Request": "true"},
    )


@settings(max_examples=examples(30), **FUZZ)
@given(data=st.data())
def test_export_filters_and_format(world, secretariat_client, member_client, data):
    client = data.draw(clients(secretariat_client, member_client), label="client")
    fields = filter_fields(world) | {"format": value("csv", "xlsx")}
    params = data.draw(form_data(fields), label="params")
    look(client, reverse("decisions:followup_export"), params, "export")


@settings(max_examples=examples(40), **FUZZ)
@given(data=st.data())
def test_search(world, secretariat_client, member_client, data):
    client = data.draw(clients(secretariat_client, member_client), label="client")
    query = st.one_of(
        value(
            "handhaving",
            "vuurwerkverbod",
            "vuurwerkverbodhandhaving",
            '"de handhaving"',
            "-vuurwerk handhaving",
            "handhaving or cijfers",
        ),
        st.lists(
            st.sampled_from(["handhaving", "or", "-", '"', "&", "|", "!", ":*", "(", ")", "\\", "'", "<->"])
        ).map(" ".join),
    )
    params = data.draw(form_data({"q": query, "page": value(1)}), label="params")
    look(client, reverse("search"), params, "search")


@settings(max_examples=examples(12), **FUZZ)
@given(data=st.data())
def test_other_addresses_with_parameters(world, secretariat_client, data):
    """The import page takes ?meeting=; the calendar feed a token in its address."""
    if data.draw(st.booleans(), label="import"):
        params = data.draw(form_data({"meeting": value(world["held"].pk, 0, 2**63)}), label="params")
        look(secretariat_client, reverse("decisions:minutes_import"), params, "import ?meeting")
    else:
        token = data.draw(
            hostile().filter(lambda v: isinstance(v, str) and v and "/" not in v), label="token"
        )
        try:
            url = reverse("agenda:calendar_feed", kwargs={"token": token})
        except Exception:  # noqa: BLE001 - a token the URL pattern does not take cannot be asked for
            return
        look(secretariat_client, url, {}, "calendar feed token")


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("search", {"q": "\x00"}),  # PostgreSQL text cannot hold a NUL: was a 500
        ("decisions:minutes_import", {"meeting": "²"}),  # "²".isdigit(), but int("²") fails: was a 500
        ("decisions:minutes_import", {"meeting": "9" * 40}),
        ("decisions:followup_list", {"postponed_min": str(10**30)}),
        ("decisions:followup_list", {"page": str(10**30)}),
        ("decisions:followup_export", {"q": "\x00", "format": "xlsx"}),
    ],
)
def test_inputs_that_once_broke_a_page(world, secretariat_client, name, params):
    before = snapshot()
    response = get(secretariat_client, reverse(name), params)
    check(response, before=before, method="GET")
