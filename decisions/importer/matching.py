"""Matching the headings of a terugkoppeling to the topics that already exist.

Pure Python: it is given (id, name, is_standing) of the existing topics and returns ids.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .extraction import split_sentences

# Closing sections gather loose ends; they belong to the standing "Rondvraag" topic.
CLOSING_HEADINGS = frozenset(
    {"tot slot", "rondvraag", "afsluiting", "overige onderwerpen", "overig", "wat verder ter tafel komt", "varia"}
)
STOPWORDS = frozenset(
    "de het een en van voor in op met over naar bij aan om rond te tot door als of uit ook".split()
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class KnownTopic:
    id: int
    name: str
    is_standing: bool = False


def words(text: str) -> set[str]:
    return {word for word in (w.lower() for w in _WORD.findall(text)) if word not in STOPWORDS and len(word) > 1}


def _score(topic: KnownTopic, text_words: set[str]) -> float:
    topic_words = words(topic.name)
    if not topic_words:
        return 0.0
    return len(topic_words & text_words) / len(topic_words)


def _best(topics: Sequence[KnownTopic], text_words: set[str], *, minimum: float) -> KnownTopic | None:
    scored = [(_score(topic, text_words), -len(words(topic.name)), topic) for topic in topics]
    scored = [entry for entry in scored if entry[0] >= minimum]
    if not scored:
        return None
    scored.sort(key=lambda entry: (entry[0], entry[1]), reverse=True)
    return scored[0][2]


def match_heading(heading: str, summary: str, topics: Sequence[KnownTopic]) -> KnownTopic | None:
    """The existing topic a section is about, or None for a new topic.

    The heading decides first (half of a topic's words in it is enough: "Roosterdruk" is
    "Inzetbaarheid en roosterdruk"); failing that, a topic named in full in the section's first
    sentence ("Naar aanleiding van het WODC-onderzoek naar sterkteverdeling ...").
    """
    normalized = " ".join(heading.lower().split()).rstrip(":")
    if normalized in CLOSING_HEADINGS:
        closing = [topic for topic in topics if topic.is_standing and topic.name.lower() in CLOSING_HEADINGS]
        if closing:
            return closing[0]
    exact = [topic for topic in topics if topic.name.lower() == normalized]
    if exact:
        return exact[0]
    found = _best(topics, words(heading), minimum=0.5)
    if found is not None:
        return found
    sentences = split_sentences(summary)
    if sentences:
        return _best([topic for topic in topics if not topic.is_standing], words(sentences[0]), minimum=1.0)
    return None


def match_follow_up_topic(
    sentence: str, summary: str, section_topic: KnownTopic | None, topics: Sequence[KnownTopic]
) -> KnownTopic | None:
    """A follow-up is about its section's topic, except in a closing section ("Tot slot"), where each
    promise is about a theme of its own, named in the sentence or the one before it."""
    if section_topic is None or not section_topic.is_standing:
        return section_topic
    sentences = split_sentences(summary)
    context = sentence
    for index, candidate in enumerate(sentences):
        if candidate.strip() == sentence.strip() and index > 0:
            context = f"{sentences[index - 1]} {sentence}"
            break
    found = _best([topic for topic in topics if not topic.is_standing], words(context), minimum=1.0)
    return found or section_topic
