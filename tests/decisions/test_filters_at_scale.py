"""What keeps the follow-up list fast with a million rows: the counts from one query, pages read from
either end, and meeting menus that do not list every meeting. Checked against the slow, obvious way."""

import pytest
from django.db.models import Count
from django.http import QueryDict

from agenda.models import Meeting
from decisions.filters import FollowUpFilter
from decisions.models import FollowUp
from decisions.views import TwoEndedPaginator
from tests.decisions.test_filters import data, fill, run  # noqa: F401 (data is a fixture)
from tests.factories import MeetingFactory

QUERIES = [
    "",
    "status=open",
    "status=open&status=scheduled",
    "status=done&status=dropped",
    "owner={korpschef}",
    "owner=geen",
    "owner={minister}&status=dropped",
    "overdue=1",
    "overdue=0&owner={korpschef}",
    "topic=jaarwisseling&status=open",
    "q=vuurwerk",
    "meeting={m2}&owner={korpschef}&status=done",
    "postponed_min=1&status=open",
    "due_before=2021-01-01",  # nothing
]


def counts_the_slow_way(filterset: FollowUpFilter, name: str) -> dict:
    """Per value of one filter's field, the follow-ups under all the other filters, one query each."""
    queryset = FollowUp.objects.all()
    for other, value in filterset.active_values().items():
        if other != name:
            queryset = filterset.filters[other].filter(queryset, value)
    field = filterset.filters[name].field_name
    return {key: count for key, count in queryset.order_by().values_list(field).annotate(count=Count("pk"))}


@pytest.mark.parametrize("query", QUERIES)
def test_counts_from_one_query_match_a_query_per_facet(data, query):  # noqa: F811
    filterset = run(fill(data, query))
    assert filterset.is_valid(), filterset.errors

    counts = filterset.counts()

    assert counts.total == filterset.qs.count()
    assert counts.by_status == counts_the_slow_way(filterset, "status")
    assert counts.by_owner == counts_the_slow_way(filterset, "owner")


def test_counts_of_an_invalid_filter_are_empty(data):  # noqa: F811
    counts = run("due_after=morgen").counts()
    assert (counts.total, counts.by_status, counts.by_owner) == (0, {}, {})


def test_counts_take_one_query(data, django_assert_num_queries):  # noqa: F811
    filterset = run(fill(data, "owner={korpschef}&status=open&topic=jaarwisseling"))
    filterset.is_valid()
    with django_assert_num_queries(1):
        filterset.counts()
        filterset.counts_by("status")
        filterset.counts_by("owner")


@pytest.mark.parametrize("ordering", ["", "ordering=-due", "ordering=topic", "ordering=-created"])
@pytest.mark.parametrize("per_page", [1, 2, 3, 7])
def test_pages_read_from_the_far_end_hold_the_same_rows(data, ordering, per_page):  # noqa: F811
    queryset = run(ordering).qs
    expected = [follow_up.pk for follow_up in queryset]

    paginator = TwoEndedPaginator(queryset, per_page, count=len(expected))
    pages = [[row.pk for row in paginator.page(number).object_list] for number in paginator.page_range]

    assert [pk for page in pages for pk in page] == expected
    assert paginator.num_pages == -(-len(expected) // per_page)


def test_the_last_page_is_read_backwards(data, django_assert_num_queries):  # noqa: F811
    queryset = run("").qs
    paginator = TwoEndedPaginator(queryset, 2, count=7)
    with django_assert_num_queries(1) as captured:
        rows = list(paginator.page(4).object_list)
    sql = captured.captured_queries[0]["sql"]
    assert "OFFSET" not in sql  # the last page is the first from the other end
    assert "DESC" in sql
    assert [row.pk for row in rows] == [row.pk for row in queryset][6:]


def test_meeting_menus_offer_the_latest_meetings_and_the_chosen_one(data):  # noqa: F811
    chosen = data["meetings"]["m1"]  # the oldest
    filterset = FollowUpFilter(data=QueryDict(f"meeting={chosen.pk}"), queryset=FollowUp.objects.all())

    filterset.limit_meeting_choices(limit=2)

    latest = list(Meeting.objects.order_by("-date", "-pk")[:2])
    for name in ("meeting", "target_meeting"):
        offered = [value for value, _label in filterset.form.fields[name].widget.choices if value]
        assert offered == [meeting.pk for meeting in latest] + [chosen.pk]
    # Any meeting is still a valid choice.
    assert filterset.is_valid()
    assert [f.pk for f in filterset.qs] == [
        f.pk for f in FollowUp.objects.filter(agenda_item__meeting=chosen)
    ]


def test_the_list_page_does_not_offer_every_meeting(member_client, db):
    MeetingFactory.create_batch(205)
    response = member_client.get("/vervolgacties/")
    assert response.status_code == 200
    menu = response.context["filterset"].form.fields["target_meeting"].widget.choices
    assert len(menu) == 201  # "alle vergaderingen" and the 200 latest


@pytest.mark.parametrize("value", ["", "1", "geen", None, "onbekend"])
def test_the_fast_select_renders_what_djangos_select_renders(value):
    from django import forms
    from django.test.html import parse_html

    from lovp.forms import FastSelect

    choices = [("", "alle"), (1, "A & B"), ("geen", "<script>x</script>")]
    attrs = {"id": "id_owner", "aria-describedby": "fout-owner", "aria-invalid": "true"}
    expected = forms.Select(choices=choices, attrs={"class": "form-select"}).render(
        "owner", value, attrs=attrs
    )
    actual = FastSelect(choices=choices, attrs={"class": "form-select"}).render("owner", value, attrs=attrs)
    assert parse_html(actual) == parse_html(expected)
