"""Search over summaries, agreements and follow-ups: Dutch stemming on PostgreSQL, compounds,
safe highlighting, grouping, and the GIN indexes the queries use."""

import datetime

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.urls import reverse

from agenda.models import AgendaItem, Meeting
from decisions.models import Decision, FollowUp
from lovp import search
from tests.conftest import SESSION_SAVE_QUERIES
from tests.factories import AgendaItemFactory, DecisionFactory, FollowUpFactory, MeetingFactory, TopicFactory

SEARCH_URL = reverse("search")


@pytest.fixture
def meeting(db):
    return MeetingFactory(date=datetime.date(2021, 2, 8), held=True)


def summary(meeting, text: str, **kwargs) -> AgendaItem:
    return AgendaItemFactory(meeting=meeting, topic=TopicFactory(), summary=text, **kwargs)


def found(text: str, **kwargs) -> dict[str, list[str]]:
    """The hit titles (or snippets' plain text) per group for a search text."""
    return {group.key: [hit.url for hit in group.hits] for group in search.search(text, **kwargs)}


# The pairs the `dutch` snowball stemmer really conflates (checked with to_tsvector / to_tsquery on
# PostgreSQL 15): the word in the text, and the word a person searches for.
STEMMED_PAIRS = [
    ("beveiliging", "beveiligen"),
    ("beveiligen", "beveiliging"),
    ("bewaking", "bewaken"),
    ("jaarwisselingen", "jaarwisseling"),
    ("afspraken", "afspraak"),
    ("vergaderingen", "vergadering"),
    ("inzetbaarheid", "inzetbaar"),
    ("verboden", "verbod"),
    ("burgemeesters", "burgemeester"),
]


@pytest.mark.parametrize(("in_text", "query"), STEMMED_PAIRS)
def test_the_dutch_stemmer_conflates_these_pairs(db, in_text, query):
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('dutch', %s) @@ to_tsquery('dutch', %s)", [in_text, query])
        assert cursor.fetchone()[0] is True


@pytest.mark.parametrize(("in_text", "query"), STEMMED_PAIRS)
def test_a_search_finds_other_forms_of_a_word(meeting, in_text, query):
    item = summary(meeting, f"Er is gesproken over de {in_text} in de eenheden.")

    assert found(query)["samenvattingen"] == [item.get_absolute_url()]


def test_the_stemmer_alone_does_not_split_compounds(db):
    """Why search.compound_heads exists: "vuurwerkverbod" stems to itself."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('dutch', 'vuurwerk') @@ to_tsquery('dutch', 'vuurwerkverbod')")
        assert cursor.fetchone()[0] is False


def test_a_compound_finds_its_first_part(meeting):
    fireworks = summary(meeting, "Het voorhanden hebben van vuurwerk valt ook onder het verbod.")
    nuisance = summary(meeting, "De vuurwerkoverlast was groter dan verwacht.")
    ban = summary(meeting, "Het vuurwerkverbod wordt gehandhaafd.")
    summary(meeting, "Geen woord over het onderwerp.")

    hits = found("vuurwerkverbod")["samenvattingen"]

    assert set(hits) == {fireworks.get_absolute_url(), nuisance.get_absolute_url(), ban.get_absolute_url()}
    assert hits[0] == ban.get_absolute_url()  # the exact word ranks first


def test_compound_heads_are_words_that_occur_in_the_texts(meeting):
    assert search.compound_heads(["vuurwerkverbod"]) == {}

    summary(meeting, "Over vuurwerk.")

    assert search.compound_heads(["vuurwerkverbod", "vuurwerk", "de"]) == {"vuurwerkverbod": "vuurwerk"}


def test_a_short_word_is_not_taken_for_a_compound(meeting):
    summary(meeting, "Het vuur en de vuurwapens.")

    assert found("vuurwerk")["samenvattingen"] == []


def test_every_word_must_match(meeting):
    both = summary(meeting, "Handhaving van het vuurwerkverbod in de grensregio.")
    summary(meeting, "Handhaving op straat.")

    assert found("vuurwerkverbod handhaving")["samenvattingen"] == [both.get_absolute_url()]


def test_web_search_syntax_phrases_and_exclusions(meeting):
    phrase = summary(meeting, "Er is gesproken over de openbare orde in de stad.")
    apart = summary(meeting, "De orde van de vergadering was openbaar.")
    abroad = summary(meeting, "Vuurwerk uit het buitenland blijft een aandachtspunt.")
    home = summary(meeting, "Vuurwerk in de eigen gemeente.")

    assert found('"openbare orde"')["samenvattingen"] == [phrase.get_absolute_url()]
    both = {phrase.get_absolute_url(), apart.get_absolute_url()}
    assert set(found("openbare orde")["samenvattingen"]) == both
    assert found("vuurwerk -buitenland")["samenvattingen"] == [home.get_absolute_url()]
    assert abroad.get_absolute_url() in found("vuurwerk")["samenvattingen"]


def test_titles_agreements_and_follow_ups_are_searched_too(meeting):
    titled = summary(meeting, "", title="Beveiliging van bewindspersonen")
    decision = DecisionFactory(
        agenda_item=summary(meeting, "Kort besproken."), text="Afgesproken is de beveiliging te evalueren."
    )
    by_description = FollowUpFactory(description="Stelsel beveiliging opnieuw bespreken")
    by_resolution = FollowUpFactory(
        description="Iets anders", resolution="Besproken; de beveiliging is op orde.", done=True
    )
    by_promise = FollowUpFactory(description="Nog iets", promise_text="Een voorstel over beveiliging.")
    follow_ups = (by_description, by_resolution, by_promise)

    hits = found("beveiligen")

    assert hits["samenvattingen"] == [titled.get_absolute_url()]
    assert hits["afspraken"] == [decision.agenda_item.get_absolute_url()]
    assert set(hits["vervolgacties"]) == {follow_up.get_absolute_url() for follow_up in follow_ups}


def test_highlights_are_marked_and_everything_else_is_escaped(meeting):
    # ts_headline itself drops what looks like an HTML tag; the rest must still be escaped.
    FollowUpFactory(description="<script>alert('x')</script> Het vuurwerk & <b>de</b> regel: 3 < 4 > 2.")

    snippet = search.search("vuurwerk")[2].hits[0].snippet

    assert "<mark>vuurwerk</mark>" in snippet
    assert "<script>" not in snippet and "<b>" not in snippet and "<b " not in snippet
    assert "&amp;" in snippet and "3 &lt; 4 &gt; 2" in snippet
    assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_highlight_escapes_the_headline_and_trusts_only_its_markers():
    headline = f"<img src=x onerror=alert(1)> {search.START_SEL}vuurwerk{search.STOP_SEL} & meer"

    assert search.highlight(headline) == "&lt;img src=x onerror=alert(1)&gt; <mark>vuurwerk</mark> &amp; meer"


def test_the_search_page_groups_hits_by_kind_with_links_and_counts(member_client, meeting):
    item = summary(meeting, "Over de jaarwisselingen.")
    follow_up = FollowUpFactory(description="Terugblik jaarwisseling", agenda_item=item)

    response = member_client.get(SEARCH_URL, {"q": "jaarwisseling"})

    html = response.content.decode()
    assert "2 resultaten voor ‘jaarwisseling’" in html
    groups = [html.index(f'id="groep-{key}"') for key in ("samenvattingen", "afspraken", "vervolgacties")]
    assert groups == sorted(groups)
    assert f'href="{item.get_absolute_url()}"' in html
    assert f'href="{follow_up.get_absolute_url()}"' in html
    assert "<mark>jaarwisselingen</mark>" in html


def test_the_search_page_caps_each_group_and_says_how_many_there_are(member_client, meeting):
    for n in range(30):
        summary(meeting, f"Punt {n} over bewaking.")

    html = member_client.get(SEARCH_URL, {"q": "bewaken"}).content.decode()

    assert html.count('class="search-snippet"') == 25
    assert "De eerste 25 van 30 getoond" in html


def test_a_draft_agenda_is_found_by_the_secretariat_only(member_client, secretariat_client, db):
    planned = MeetingFactory(date=datetime.date(2021, 4, 12), agenda_status=Meeting.AgendaStatus.DRAFT)
    summary(planned, "", title="Voorstel vuurwerkvrije zones")

    query = {"q": "vuurwerkvrije"}
    assert "Voorstel vuurwerkvrije zones" not in member_client.get(SEARCH_URL, query).content.decode()
    assert "Voorstel vuurwerkvrije zones" in secretariat_client.get(SEARCH_URL, query).content.decode()


def test_an_empty_or_odd_search_does_not_fail(member_client, db):
    for text in ("", "   ", "de het een", "!!! & | :*", '"', "-", "a" * 500, "vuur:* & ("):
        response = member_client.get(SEARCH_URL, {"q": text})
        assert response.status_code == 200


def test_the_search_box_is_in_the_menu(member_client, db):
    html = member_client.get("/").content.decode()

    assert f'<form method="get" action="{SEARCH_URL}" role="search"' in html


@pytest.mark.parametrize(
    ("model", "vector", "index"),
    [
        (AgendaItem, search.AGENDA_ITEM_VECTOR, "agendaitem_search_idx"),
        (Decision, search.DECISION_VECTOR, "decision_search_idx"),
        (FollowUp, search.FOLLOW_UP_VECTOR, "followup_search_idx"),
    ],
)
def test_the_queries_use_the_gin_indexes(db, model, vector, index):
    """The indexed expression is exactly the one searched, or PostgreSQL would scan the table."""
    query = SearchQuery("beveiliging", config=search.CONFIG, search_type="websearch")
    with connection.cursor() as cursor:
        # Only a bitmap scan on an index whose expression matches the WHERE clause is left.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = model.objects.annotate(vector=vector).filter(vector=query).order_by().explain()

    assert index in plan


def test_without_postgresql_every_word_is_looked_up_case_insensitively(meeting, monkeypatch):
    """`make run` uses SQLite: no full-text search, a plain contains per word."""
    item = summary(meeting, "Het Vuurwerkverbod <b>geldt</b> overal.")
    summary(meeting, "Alleen vuurwerk.")
    monkeypatch.setattr(connection, "vendor", "sqlite")

    groups = search.search("vuurwerkverbod OVERAL")

    assert [hit.url for hit in groups[0].hits] == [item.get_absolute_url()]
    assert "&lt;b&gt;geldt&lt;/b&gt;" in groups[0].hits[0].snippet


@pytest.mark.parametrize("count", [10, 500])
def test_search_queries_do_not_grow_with_the_rows(member_client, today, bulk_follow_ups, count,
                                                  django_assert_max_num_queries):
    today(datetime.date(2021, 3, 1))
    bulk_follow_ups(count)

    with django_assert_max_num_queries(11 + SESSION_SAVE_QUERIES):
        response = member_client.get(SEARCH_URL, {"q": "bulkvervolgactie"})
    assert f"{count} resultaten" in response.content.decode()
