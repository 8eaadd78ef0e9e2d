"""Searching summaries, agreements and follow-ups.

On PostgreSQL this is full-text search in the `dutch` configuration, so a search for "beveiligen"
finds "beveiliging" (the snowball stemmer reduces both to "beveil"). The vectors below are indexed
by GIN expression indexes (agenda/migrations/0006_search_index.py and
decisions/migrations/0005_search_indexes.py); change them together or the indexes go unused.

Stemming does not split Dutch compounds: "vuurwerkverbod" stems to itself and would never find a
text that only says "vuurwerk". So a long query word that starts with a word the indexed texts
contain ("vuurwerk") also matches that word as a prefix ("vuurwerk:*": vuurwerk, vuurwerkoverlast,
...). See `compound_heads`.

On SQLite (make run) there is no full-text search: every word must occur, case-insensitively, in
one of the searched fields.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from agenda.models import AgendaItem, Meeting
from decisions.models import Decision, FollowUp

CONFIG = "dutch"
MAX_QUERY_LENGTH = 200
# ts_headline marks hits with these; the headline is escaped as a whole and only then are they
# turned into <mark> tags, so nothing else in the text can become HTML.
START_SEL = "\ue000"
STOP_SEL = "\ue001"

# The searched text of each kind, as indexed (see the module docstring).
AGENDA_ITEM_VECTOR = SearchVector("title", "summary", config=CONFIG)
DECISION_VECTOR = SearchVector("text", config=CONFIG)
FOLLOW_UP_VECTOR = SearchVector("description", "promise_text", "resolution", config=CONFIG)

# Compound splitting: a head must be at least this long, and so must what follows it.
MIN_HEAD = 5
MIN_TAIL = 4
WORD = re.compile(r"\w+")
OPERATOR = re.compile(r"(^|\s)-\w|\bor\b", re.IGNORECASE)


@dataclass
class Hit:
    title: str
    url: str
    snippet: SafeString
    context: str = ""
    follow_up: FollowUp | None = None


@dataclass
class Group:
    key: str
    label: str
    count: int
    hits: list[Hit] = field(default_factory=list)

    @property
    def capped(self) -> bool:
        return self.count > len(self.hits)


def search(text: str, *, limit: int = 25, include_draft_agendas: bool = False, user=None) -> list[Group]:
    """The hits for a search text, grouped by kind, at most `limit` per kind with the full count.

    Agenda items of a draft agenda (and their agreements) are left out unless asked for: members
    see a draft agenda only once the secretariat publishes it. Text that is confidential for `user`
    today (lovp.confidentiality; without a user, all confidential text) is not searched at all: a
    hit, or even a count, would tell what it says.
    """
    # PostgreSQL text cannot hold a NUL character; a query with one was a server error.
    text = text.replace("\x00", " ").strip()[:MAX_QUERY_LENGTH]
    if not text:
        return []
    today = timezone.localdate()
    items = AgendaItem.objects.not_hidden_for(user, on=today).select_related("meeting", "topic")
    decisions = Decision.objects.not_hidden_for(user, on=today).select_related(
        "agenda_item__meeting", "agenda_item__topic"
    )
    if not include_draft_agendas:
        items = items.exclude(meeting__agenda_status=Meeting.AgendaStatus.DRAFT)
        decisions = decisions.exclude(agenda_item__meeting__agenda_status=Meeting.AgendaStatus.DRAFT)
    follow_ups = FollowUp.objects.not_hidden_for(user, on=today).with_relations()
    if connection.vendor == "postgresql":
        searcher = _FullText(text, searched=(items, decisions, follow_ups))
    else:
        searcher = _Contains(text)
    return searcher.groups(items=items, decisions=decisions, follow_ups=follow_ups, limit=limit)


def highlight(headline: str) -> SafeString:
    """Escape a ts_headline result and turn only its hit markers into <mark> tags."""
    escaped = escape(headline)
    return mark_safe(escaped.replace(START_SEL, "<mark>").replace(STOP_SEL, "</mark>"))


def _plain(text: str) -> SafeString:
    return escape(Truncator(text).words(40))


def _query_words(text: str) -> list[str]:
    return [word.lower() for word in WORD.findall(text) if "_" not in word]


def _uses_operators(text: str) -> bool:
    """Whether the text uses web search syntax: "a phrase", -exclude or an "or"."""
    return '"' in text or OPERATOR.search(text) is not None


def compound_heads(
    words: list[str], *, searched: tuple[QuerySet, QuerySet, QuerySet] | None = None
) -> dict[str, str]:
    """For each long word, the longest prefix that is a word of its own in the searched texts.

    "vuurwerkverbod" -> "vuurwerk" when some summary, agreement or follow-up says "vuurwerk".
    `searched`: the agenda items, decisions and follow-ups the search may look in (by default the
    texts that are not confidential today), so a confidential text does not shape the query either.
    One query, whatever the number of words; each probe uses the GIN indexes.
    """
    candidates = {
        word: [word[:end] for end in range(len(word) - MIN_TAIL, MIN_HEAD - 1, -1)]
        for word in words
        if len(word) >= MIN_HEAD + MIN_TAIL and word.isalpha()
    }
    prefixes = sorted({prefix for options in candidates.values() for prefix in options})
    if not prefixes:
        return {}
    # "prefix" is the column of the unnest() below; each probe is an EXISTS on one indexed vector.
    probe = SearchQuery(RawSQL("prefix", []), config=CONFIG)
    if searched is None:
        today = timezone.localdate()
        searched = tuple(
            model.objects.not_hidden_for(None, on=today) for model in (AgendaItem, Decision, FollowUp)
        )
    items, decisions, follow_ups = searched
    probes = [
        items.annotate(vector=AGENDA_ITEM_VECTOR).filter(vector=probe),
        decisions.annotate(vector=DECISION_VECTOR).filter(vector=probe),
        follow_ups.annotate(vector=FOLLOW_UP_VECTOR).filter(vector=probe),
    ]
    conditions, params = [], [prefixes]
    for queryset in probes:
        sql, probe_params = queryset.order_by().values("pk").query.sql_with_params()
        conditions.append(f"EXISTS ({sql})")
        params.extend(probe_params)
    with connection.cursor() as cursor:
        where = " OR ".join(conditions)
        cursor.execute(f"SELECT prefix FROM unnest(%s::text[]) AS prefix WHERE {where}", params)
        known = {row[0] for row in cursor.fetchall()}
    heads = {}
    for word, options in candidates.items():
        head = next((prefix for prefix in options if prefix in known), None)
        if head:
            heads[word] = head
    return heads


class _FullText:
    def __init__(self, text: str, *, searched: tuple[QuerySet, QuerySet, QuerySet]):
        self.query = self._build_query(text, searched=searched)

    @staticmethod
    def _build_query(text: str, *, searched):
        words = _query_words(text)
        if _uses_operators(text) or not words:
            return SearchQuery(text, config=CONFIG, search_type="websearch")
        heads = compound_heads(words, searched=searched)
        terms = [f"({word} | {heads[word]}:*)" if word in heads else word for word in words]
        return SearchQuery(" & ".join(terms), config=CONFIG, search_type="raw")

    def _matching(self, queryset: QuerySet, vector) -> QuerySet:
        return (
            queryset.annotate(vector=vector, rank=SearchRank(vector, self.query))
            .filter(vector=self.query)
            .order_by("-rank", "-pk")
        )

    def _headline(self, expression, *, fragments: int = 0):
        """The text around the hits. Fragments (up to two passages around hits) suit long
        summaries; for short texts PostgreSQL would clip them to a few words, so those get one
        passage of up to 35 words."""
        options = {"max_fragments": fragments, "fragment_delimiter": " … "} if fragments else {}
        return SearchHeadline(
            expression,
            self.query,
            config=CONFIG,
            start_sel=START_SEL,
            stop_sel=STOP_SEL,
            max_words=35,
            min_words=15,
            **options,
        )

    def groups(self, *, items: QuerySet, decisions: QuerySet, follow_ups: QuerySet, limit: int):
        items = self._matching(items, AGENDA_ITEM_VECTOR)
        decisions = self._matching(decisions, DECISION_VECTOR)
        follow_ups = self._matching(follow_ups, FOLLOW_UP_VECTOR)
        return [
            _agenda_item_group(
                items.count(),
                items.annotate(headline=self._headline(F("summary"), fragments=2))[:limit],
            ),
            _decision_group(
                decisions.count(), decisions.annotate(headline=self._headline(F("text")))[:limit]
            ),
            _follow_up_group(
                follow_ups.count(),
                follow_ups.annotate(
                    headline=self._headline(
                        Concat(
                            "description", Value(" "), "promise_text", Value(" "), "resolution",
                            output_field=TextField(),
                        )
                    )
                )[:limit],
            ),
        ]


class _Contains:
    def __init__(self, text: str):
        self.words = _query_words(text) or [text]

    def _matching(self, queryset: QuerySet, fields: list[str]) -> QuerySet:
        for word in self.words:
            condition = Q()
            for name in fields:
                condition |= Q(**{f"{name}__icontains": word})
            queryset = queryset.filter(condition)
        return queryset.order_by("-pk")

    def groups(self, *, items: QuerySet, decisions: QuerySet, follow_ups: QuerySet, limit: int):
        items = self._matching(items, ["title", "summary"])
        decisions = self._matching(decisions, ["text"])
        follow_ups = self._matching(follow_ups, ["description", "promise_text", "resolution"])
        return [
            _agenda_item_group(items.count(), items[:limit]),
            _decision_group(decisions.count(), decisions[:limit]),
            _follow_up_group(follow_ups.count(), follow_ups[:limit]),
        ]


def _snippet(row, fallback: str) -> SafeString:
    headline = getattr(row, "headline", None)
    return highlight(headline) if headline is not None else _plain(fallback)


def _agenda_item_group(count: int, items) -> Group:
    return Group(
        key="samenvattingen",
        label=_("Samenvattingen"),
        count=count,
        hits=[
            Hit(
                title=item.heading,
                url=item.get_absolute_url(),
                snippet=_snippet(item, item.summary),
                context=item.meeting.title,
            )
            for item in items
        ],
    )


def _decision_group(count: int, decisions) -> Group:
    return Group(
        key="afspraken",
        label=_("Afspraken"),
        count=count,
        hits=[
            Hit(
                title=decision.agenda_item.heading,
                url=decision.agenda_item.get_absolute_url(),
                snippet=_snippet(decision, decision.text),
                context=decision.agenda_item.meeting.title,
            )
            for decision in decisions
        ],
    )


def _follow_up_group(count: int, follow_ups) -> Group:
    return Group(
        key="vervolgacties",
        label=_("Vervolgacties"),
        count=count,
        hits=[
            Hit(
                title=Truncator(follow_up.description).chars(120),
                url=follow_up.get_absolute_url(),
                snippet=_snippet(follow_up, follow_up.description),
                context=f"{follow_up.topic} · {follow_up.agenda_item.meeting.title}",
                follow_up=follow_up,
            )
            for follow_up in follow_ups
        ],
    )
