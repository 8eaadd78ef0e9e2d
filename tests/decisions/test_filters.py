"""decisions.filters.FollowUpFilter against a small known data set, one parameter at a time and combined."""

import datetime

import pytest
from django.http import QueryDict
from django.utils import timezone

from agenda.models import Meeting
from decisions.filters import FollowUpFilter, filter_description
from decisions.models import FollowUp
from tests.factories import AgendaItemFactory, FollowUpFactory, MeetingFactory, TopicFactory, seeded_party

TODAY = datetime.date(2021, 3, 1)


@pytest.fixture
def data(db, today):
    """Seven follow-ups with known answers to every filter, on "today" 1 March 2021.

    name  topic  owner      origin  target                     status     over tijd?
    a     J      korpschef  m1      meeting m2 (held 8 Feb)    open       yes (meeting held)
    b     J      minister   m1      date 15 Feb                scheduled  yes (date passed)
    c     B      korpschef  m1      meeting m3 (12 Apr, next)  open       no
    d     B      -          m2      date 1 May                 open       no
    e     J      korpschef  m2      meeting m2                 done       no (resolved)
    f     B      korpschef  m2      unspecified                open       no (no term), 3x postponed
    g     J      minister   m2      date 20 Jan                dropped    no (resolved)
    """
    today(TODAY)
    m1 = MeetingFactory(date=datetime.date(2021, 1, 11), held=True)
    m2 = MeetingFactory(date=datetime.date(2021, 2, 8), held=True)
    m3 = MeetingFactory(date=datetime.date(2021, 4, 12))
    m4 = MeetingFactory(date=datetime.date(2021, 6, 14))
    jaarwisseling = TopicFactory(name="Jaarwisseling")
    bewaken = TopicFactory(name="Bewaken en beveiligen")
    korpschef, minister = seeded_party("korpschef"), seeded_party("minister-jenv")
    items = {
        (m1, jaarwisseling): AgendaItemFactory(meeting=m1, topic=jaarwisseling),
        (m1, bewaken): AgendaItemFactory(meeting=m1, topic=bewaken),
        (m2, jaarwisseling): AgendaItemFactory(meeting=m2, topic=jaarwisseling),
        (m2, bewaken): AgendaItemFactory(meeting=m2, topic=bewaken),
    }
    meeting, date, unspecified = (
        FollowUp.TargetKind.MEETING,
        FollowUp.TargetKind.DATE,
        FollowUp.TargetKind.UNSPECIFIED,
    )
    rows = {
        "a": dict(
            origin=m1,
            topic=jaarwisseling,
            owner=korpschef,
            target_kind=meeting,
            target_meeting=m2,
            description="Vuurwerkverbod evalueren met de eenheden",
        ),
        "b": dict(
            origin=m1,
            topic=jaarwisseling,
            owner=minister,
            target_kind=date,
            target_date=datetime.date(2021, 2, 15),
            status=FollowUp.Status.SCHEDULED,
            description="Brief over de jaarwisseling sturen",
            promise_text="Voor half februari",
        ),
        "c": dict(
            origin=m1,
            topic=bewaken,
            owner=korpschef,
            target_kind=meeting,
            target_meeting=m3,
            description="Pilot teams bewaking toelichten",
        ),
        "d": dict(
            origin=m2,
            topic=bewaken,
            owner=None,
            target_kind=date,
            target_date=datetime.date(2021, 5, 1),
            description="Financiering stelsel uitzoeken",
        ),
        "e": dict(
            origin=m2,
            topic=jaarwisseling,
            owner=korpschef,
            target_kind=meeting,
            target_meeting=m2,
            status=FollowUp.Status.DONE,
            description="Cijfers inzet delen",
            resolution="Gedeeld; de vuurwerkoverlast was kleiner dan verwacht.",
        ),
        "f": dict(
            origin=m2,
            topic=bewaken,
            owner=korpschef,
            target_kind=unspecified,
            description="Rapport over roosterdruk bespreken",
        ),
        "g": dict(
            origin=m2,
            topic=jaarwisseling,
            owner=minister,
            target_kind=date,
            target_date=datetime.date(2021, 1, 20),
            status=FollowUp.Status.DROPPED,
            description="Oud verzoek om extra capaciteit",
        ),
    }
    follow_ups = {}
    for position, (name, row) in enumerate(rows.items()):
        origin = row.pop("origin")
        follow_up = FollowUpFactory(agenda_item=items[(origin, row["topic"])], **row)
        # Distinct creation times, one day apart, in alphabetical order.
        created = timezone.make_aware(datetime.datetime(2021, 1, 1 + position, 12))
        FollowUp.objects.filter(pk=follow_up.pk).update(created_at=created)
        follow_ups[name] = follow_up
    FollowUp.objects.filter(pk=follow_ups["f"].pk).update(postponement_count=3)
    FollowUp.objects.filter(pk=follow_ups["c"].pk).update(postponement_count=1)
    return {
        "follow_ups": follow_ups,
        "meetings": {"m1": m1, "m2": m2, "m3": m3, "m4": m4},
        "korpschef": korpschef,
        "minister": minister,
    }


def run(query: str) -> FollowUpFilter:
    return FollowUpFilter(data=QueryDict(query), queryset=FollowUp.objects.all())


def names(data, filterset: FollowUpFilter) -> list[str]:
    by_pk = {follow_up.pk: name for name, follow_up in data["follow_ups"].items()}
    return [by_pk[follow_up.pk] for follow_up in filterset.qs]


def fill(data, query: str) -> str:
    """Put real ids in a query: {korpschef}, {minister}, {m1} .. {m4}."""
    ids = {"korpschef": data["korpschef"].pk, "minister": data["minister"].pk}
    ids.update({name: meeting.pk for name, meeting in data["meetings"].items()})
    return query.format(**ids)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", "abcdefg"),
        ("status=open", "acdf"),
        ("status=open&status=scheduled", "abcdf"),
        ("status=done&status=dropped", "eg"),
        ("topic=jaarwisseling", "abeg"),
        ("topic=bewaken-en-beveiligen", "cdf"),
        ("owner={korpschef}", "acef"),
        ("owner={minister}", "bg"),
        ("owner=geen", "d"),
        ("overdue=1", "ab"),
        ("overdue=0", "cdefg"),
        ("next_meeting=1", "abc"),
        ("q=vuurwerk", "ae"),  # description of a, resolution of e ("vuurwerkoverlast")
        ("q=FEBRUARI", "b"),  # the original wording, case-insensitive
        ("q=bewaken", "cdf"),  # the topic name
        ("q=rapport roosterdruk", "f"),  # every word must occur
        ("q=rapport vuurwerk", ""),
        ("meeting={m1}", "abc"),
        ("meeting={m2}", "defg"),
        ("target_meeting={m2}", "ae"),
        ("target_meeting={m3}", "c"),
        ("target_meeting={m4}", ""),
        ("due_after=2021-02-15", "bcd"),  # on or after
        ("due_before=2021-02-15", "aegb"),  # on or before, earliest first: g 20 Jan, a/e 8 Feb, b 15 Feb
        ("due_after=15-2-2021&due_before=12-04-2021", "bc"),  # Dutch day-month-year
        ("due_after=01/05/2021", "d"),
        ("postponed_min=1", "cf"),
        ("postponed_min=3", "f"),
        ("postponed_min=0", "abcdefg"),
        # Combinations.
        ("overdue=1&owner={korpschef}", "a"),
        ("overdue=1&topic=jaarwisseling", "ab"),
        ("status=open&topic=bewaken-en-beveiligen&owner={korpschef}", "cf"),
        ("overdue=0&status=open&due_before=2021-06-01", "cd"),
        ("meeting={m2}&status=open&status=done", "def"),
        ("topic=jaarwisseling&q=vuurwerk&status=done", "e"),
    ],
)
def test_each_parameter_and_combinations_give_exactly_the_expected_rows(data, query, expected):
    filterset = run(fill(data, query))

    assert filterset.is_valid(), filterset.errors
    assert sorted(names(data, filterset)) == sorted(expected)


def test_default_order_is_due_date_with_the_ones_without_a_date_last(data):
    # g 20 Jan, a and e 8 Feb (meeting m2; by pk), b 15 Feb, c 12 Apr, d 1 May, f none.
    assert names(data, run("")) == list("gaebcdf")


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("due", "gaebcdf"),
        ("-due", "dcbeagf"),  # latest first, still without a date last
        ("topic", "cdfgaeb"),  # Bewaken before Jaarwisseling; within a topic by due date
        ("-topic", "gaebcdf"),
        ("created", "abcdefg"),
        ("-created", "gfedcba"),
    ],
)
def test_ordering(data, ordering, expected):
    assert names(data, run(f"ordering={ordering}")) == list(expected)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("due_after=gisteren", "due_after"),
        ("due_before=2021-02-30", "due_before"),
        ("topic=bestaat-niet", "topic"),
        ("owner=99999", "owner"),
        ("owner=korpschef", "owner"),
        ("meeting=99999", "meeting"),
        ("target_meeting=abc", "target_meeting"),
        ("postponed_min=twee", "postponed_min"),
        ("postponed_min=1.5", "postponed_min"),
        ("postponed_min=-1", "postponed_min"),
        ("status=klaar", "status"),
        ("overdue=ja", "overdue"),
        ("ordering=prioriteit", "ordering"),
    ],
)
def test_an_invalid_value_is_an_error_on_its_field_and_gives_no_rows(data, query, field):
    filterset = run(f"status=open&{query}")

    assert not filterset.is_valid()
    assert list(filterset.errors) == [field]
    assert list(filterset.qs) == []
    assert filterset.counts_by("status") == {}


def test_counts_per_status_ignore_the_status_filter_but_keep_the_others(data):
    filterset = run("topic=jaarwisseling&status=open")

    assert names(data, filterset) == ["a"]
    assert filterset.counts_by("status") == {"open": 1, "scheduled": 1, "done": 1, "dropped": 1}


def test_counts_per_owner_ignore_the_owner_filter(data):
    filterset = run(fill(data, "overdue=1&owner={korpschef}"))

    assert filterset.counts_by("owner") == {data["korpschef"].pk: 1, data["minister"].pk: 1}


def test_over_time_is_the_models_definition(data, today):
    """The filter and FollowUp.objects.overdue agree, also after the day moves on."""
    seen = []
    for day in (TODAY, datetime.date(2021, 4, 13), datetime.date(2021, 7, 1)):
        today(day)
        expected = set(FollowUp.objects.overdue(on=day).values_list("pk", flat=True))
        assert {follow_up.pk for follow_up in run("overdue=1").qs} == expected
        seen.append(names(data, run("overdue=1")))
    assert [sorted(day) for day in seen] == [["a", "b"], ["a", "b", "c"], ["a", "b", "c", "d"]]


def test_due_at_the_next_meeting_is_empty_when_no_meeting_is_planned(data):
    Meeting.objects.filter(status=Meeting.Status.PLANNED).update(status=Meeting.Status.HELD)

    assert list(run("next_meeting=1").qs) == []


def test_unbound_filter_gives_everything_in_the_default_order(data):
    filterset = FollowUpFilter(queryset=FollowUp.objects.all())

    assert names(data, filterset) == list("gaebcdf")


def test_result_rows_come_with_their_relations(data, django_assert_num_queries):
    follow_ups = list(run("").qs)
    with django_assert_num_queries(0):
        labels = [
            (f.topic.name, str(f.owner), f.agenda_item.meeting.title, f.target_label) for f in follow_ups
        ]
    assert len(labels) == 7


@pytest.mark.parametrize(
    ("query", "description"),
    [
        ("", "alle"),
        ("overdue=1&owner={korpschef}", "over-tijd_korpschef"),
        ("status=open&status=scheduled&topic=jaarwisseling", "open-geagendeerd_jaarwisseling"),
        ("owner=geen&overdue=0", "niet-over-tijd_zonder-eigenaar"),
        ("next_meeting=1&postponed_min=2", "volgende-vergadering_2x-uitgesteld"),
        ("due_after=1-2-2021&due_before=2021-03-31", "vanaf-2021-02-01_tot-2021-03-31"),
        ("target_meeting={m3}&meeting={m1}", "afgesproken-2021-01-11_terug-2021-04-12"),
        ("q=Vuurwerk+overlast%21", "zoek-vuurwerk-overlast"),
        ("ordering=-due", "alle"),
        ("due_after=gisteren&owner={korpschef}", "alle"),  # invalid: nothing is filtered
    ],
)
def test_filter_description_names_the_active_filters(data, query, description):
    assert filter_description(run(fill(data, query))) == description
