"""Import a published LOVP terugkoppeling: from its text to a proposal of topics, agreements and
follow-ups that the secretariat reviews before anything is saved.

    text = read_document(data, filename)            # .txt / .docx / .pdf -> str
    proposal = parse_minutes(text, meeting_date=..., meetings=[later meeting dates])
    proposal.to_json_dict()                          # the shape `import_minutes --json` prints

Pure Python: nothing here touches the database. The rules live in reading.py (layout), extraction.py
(sentences, agreements, promises), targets.py (Dutch time phrases) and owners.py (parties).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .extraction import analyse_section, split_sentences
from .owners import find_owner
from .reading import Document, ImportReadError, Section, read_document, reflow
from .targets import Target, resolve_target

__all__ = [
    "Document",
    "ImportReadError",
    "Proposal",
    "ProposedDecision",
    "ProposedFollowUp",
    "ProposedItem",
    "Section",
    "Target",
    "find_owner",
    "parse_minutes",
    "read_document",
    "reflow",
    "resolve_target",
    "split_sentences",
]


@dataclass
class ProposedDecision:
    text: str

    def to_json_dict(self) -> dict:
        return {"text": self.text}


@dataclass
class ProposedFollowUp:
    text: str
    owner: str | None
    target: Target
    # Index into the item's decisions when the same sentence is also an agreement.
    decision_index: int | None = None

    def to_json_dict(self) -> dict:
        return {"text": self.text, "owner": self.owner, "target": self.target.to_json_dict()}


@dataclass
class ProposedItem:
    heading: str
    summary: str
    decisions: list[ProposedDecision] = field(default_factory=list)
    follow_ups: list[ProposedFollowUp] = field(default_factory=list)

    def to_json_dict(self) -> dict:
        return {
            "topic": self.heading,
            "summary": self.summary,
            "decisions": [decision.to_json_dict() for decision in self.decisions],
            "follow_ups": [follow_up.to_json_dict() for follow_up in self.follow_ups],
        }


@dataclass
class Proposal:
    meeting_date: datetime.date
    title: str | None
    items: list[ProposedItem] = field(default_factory=list)
    introduction: str = ""
    published: datetime.date | None = None

    def to_json_dict(self) -> dict:
        return {
            "meeting_date": self.meeting_date.isoformat(),
            "items": [item.to_json_dict() for item in self.items],
        }


# --- language ------------------------------------------------------------------------------------

# Common Dutch function words that are not English words as well ("in", "is" and "de" are left out
# of the comparison, or counted for Dutch only where English has no such word).
DUTCH_WORDS = frozenset(
    """
    de het een en van dat te op voor met zijn niet aan er die ook om door bij naar wordt worden over
    als dit deze of tot nog maar zal hebben heeft kan uit wel zich dan daar hun haar waar wat hoe
    is in zoals tussen binnen onder na al geen meer moet moeten gaat komt werd was
    """.split()
)
ENGLISH_WORDS = frozenset(
    """
    the and of to that for with on be are was were it this by as will have has at from an not which
    their they there been would should can could about into after before between under than these
    those we our is in
    """.split()
)
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)


def looks_dutch(text: str) -> bool:
    """Enough common Dutch words, and more of them than English ones."""
    words = [word.lower() for word in _WORDS.findall(text)]
    if len(words) < 8:
        return any(word in DUTCH_WORDS - ENGLISH_WORDS for word in words)
    dutch = sum(1 for word in words if word in DUTCH_WORDS and word not in ENGLISH_WORDS)
    english = sum(1 for word in words if word in ENGLISH_WORDS and word not in DUTCH_WORDS)
    return dutch / len(words) >= 0.12 and dutch > english


# --- the proposal --------------------------------------------------------------------------------


def parse_minutes(
    text: str, *, meeting_date: datetime.date, meetings: Sequence[datetime.date] = ()
) -> Proposal:
    """Topics, agreements and follow-ups proposed from a terugkoppeling of the meeting on `meeting_date`.

    `meetings` are the dates of known meetings (those after `meeting_date` matter): "het volgende
    LOVP" resolves to the first of them. Raises ImportReadError (Dutch message) for an empty text, a
    text that is not Dutch, and a text in which no topic headings are found.
    """
    if text is None or not text.strip():
        raise ImportReadError("De tekst is leeg: er is niets om in te lezen.")
    if not looks_dutch(text):
        raise ImportReadError(
            "De tekst lijkt niet in het Nederlands geschreven. Alleen Nederlandstalige terugkoppelingen "
            "van het LOVP kunnen worden ingelezen."
        )
    document = reflow(text)
    if not document.sections:
        raise ImportReadError(
            "Er zijn geen onderwerpen gevonden: de tekst heeft geen kopjes. Zet elk onderwerp als korte kop "
            "op een eigen regel boven de tekst die erbij hoort."
        )
    meetings = tuple(sorted(set(meetings)))
    items = [_item(section, meeting_date=meeting_date, meetings=meetings) for section in document.sections]
    return Proposal(
        meeting_date=meeting_date,
        title=document.title,
        items=items,
        introduction=document.introduction,
        published=document.published,
    )


def _item(
    section: Section, *, meeting_date: datetime.date, meetings: Sequence[datetime.date]
) -> ProposedItem:
    item = ProposedItem(heading=section.heading, summary=section.text)
    for finding in analyse_section(section.paragraphs, meeting_date=meeting_date, meetings=meetings):
        decision_index = None
        if finding.is_agreement:
            decision_index = len(item.decisions)
            item.decisions.append(ProposedDecision(text=finding.text))
        if finding.is_promise:
            item.follow_ups.append(
                ProposedFollowUp(
                    text=finding.text,
                    owner=find_owner(finding.text, section.text),
                    target=finding.target,
                    decision_index=decision_index,
                )
            )
    return item
