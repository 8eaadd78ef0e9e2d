"""Sentences of a section, and which of them are agreements (decisions) or promises (follow-ups).

Agreements: "Afgesproken is ...", "Er is afgesproken ...", "is afgesproken dat", "wordt afgesproken",
"Afspraak is ...", "De afspraak is ...", "Er zijn afspraken gemaakt ...", "is besloten", "Het LOVP
besluit", "is overeengekomen", "stemt in met", "heeft ingestemd", "gaat akkoord met", "spreekt af".
Not: a reference to an earlier agreement ("zoals afgesproken", "de eerder afgesproken doelen", "de
gemaakte afspraken"), an agreement that may come ("kunnen ... nieuwe afspraken worden gemaakt") or
a question.

Promises to come back to this consultation, in these strengths:

* strong wordings, which by themselves mean "comes back here": on the agenda (op de agenda
  staan/zetten/komen, geagendeerd, agenderen), comes back (komt terug in/op, terugkomen), ter
  bespreking/besluitvorming voor(liggen), teruggekoppeld/terugkoppelen, komt ... naar het LOVP, ter
  sprake komen/brengen, doorgeschoven/verschoven naar, a session devoted to it (een sessie wijden,
  een bijeenkomst organiseren), apart/besluitvormend/wederom/nogmaals/opnieuw bespreken/spreken;
* general wordings (bespreken, behandelen, aan de orde/aan bod komen, presenteren, toelichten,
  voorleggen, rapporteren, volgt, met een voorstel komen), which count only when the sentence names
  the LOVP ("in het LOVP van mei", "het volgende overleg", "de volgende vergadering") or a time that
  can be resolved ("in april", "voor de zomer"; not a vague "binnenkort"); spreken and informeren
  happen with many others and count only with the LOVP named;
* the nouns terugkoppeling/agendering/bespreking with a present verb, likewise.

A participle must not be in the past ("is besproken", "werd teruggekoppeld", "kwam ter sprake"): it
needs "wordt/worden/zal/zullen/...", or a time ahead with "is/zijn" for wordings that place a topic
("is geagendeerd voor", "is doorgeschoven naar het LOVP van mei"). A
sentence that names another forum and not the LOVP ("komt terug in de eenheden", "met de gezagen",
"in de Tweede Kamer", "in de driehoek") is no promise. A sentence that refers back ("Ook wordt daar
teruggekoppeld ...": daar, dan, daarin, op dat moment, in dat overleg) counts as naming the LOVP
when an earlier promise in the same section exists, and takes over its target (kind, date and
phrase, so the phrase is then the earlier sentence's) when it has none of its own.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .targets import UNSPECIFIED, Target, resolve_target

_I = re.IGNORECASE

# --- sentences -----------------------------------------------------------------------------------

# Abbreviations after which a full stop never ends a sentence.
ABBREVIATIONS = frozenset(
    """
    o.a bijv bv i.p.v m.b.t t.a.v d.w.z i.v.m m.n n.a.v t.b.v c.q e.g i.e mr dhr mevr mw dr drs ir ing
    prof nr nrs art blz pag ca vs incl excl evt max min o.l.v i.o.m i.s.m i.c.m t.o.v m.i.v zgn z.g
    resp vgl zie jan feb febr mrt apr jun jul aug sep sept okt nov dec st v.w.b i.h.k.v m.u.v ong gem
    """.split()
)
_BOUNDARY = re.compile(r"[.!?…]+[’”'\")\]»]*\s+(?=[A-ZÀ-ÖØ-Þ0-9‘“'\"(\[•])")
_LIST_LINE = re.compile(r"^• ")


def _split_run(text: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        punctuation = match.group(0).rstrip()
        before = text[start : match.start()]
        token = re.search(r"(\S+)$", before)
        word = token.group(1).lstrip("(‘“'\"[").lower() if token else ""
        if punctuation.startswith(".") and len(punctuation.rstrip("’”'\")]»")) == 1:
            if word in ABBREVIATIONS or re.fullmatch(r"[A-ZÀ-Þ]", token.group(1) if token else ""):
                continue  # "o.a. De ..." is rare; "J. de Vries" and "bijv. OM" are not
        sentences.append(text[start:end].strip())
        start = end
    if text[start:].strip():
        sentences.append(text[start:].strip())
    return sentences


def split_sentences(paragraph: str) -> list[str]:
    """The sentences of a paragraph. A lead-in ending with ":" and its list items (lines starting
    with "• ") make one sentence; other list items are sentences of their own."""
    units: list[str] = []
    lines = paragraph.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.rstrip().endswith(":") and index + 1 < len(lines) and _LIST_LINE.match(lines[index + 1]):
            sentences = _split_run(" ".join(line.split()))
            head = sentences.pop() if sentences else ""
            units.extend(sentences)
            items = []
            index += 1
            while index < len(lines) and _LIST_LINE.match(lines[index]):
                items.append(lines[index].strip())
                index += 1
            units.append("\n".join([head, *items]))
            continue
        units.extend(_split_run(" ".join(line.split())))
        index += 1
    return [unit for unit in units if unit]


# --- agreements ----------------------------------------------------------------------------------

_AGREEMENT = [
    re.compile(p, _I)
    for p in (
        r"\bafgesproken\b",
        r"^(?:\W*)(?:de\s+|een\s+)?afspraak\s+(?:is|was|luidt)\b",
        r"\bafspraak\s+is\s+dat\b",
        r"\b(?:is|zijn|werd|werden)\s+(?:(?:er|nu|ook|daarom|verder|tevens|nog|concrete|duidelijke|heldere|"
        r"nadere|de\s+volgende|enkele|een\s+aantal)\s+)*(?:een\s+|de\s+)?(?:afspraak|afspraken)\s+gemaakt\b",
        r"\b(?:afspraak|afspraken)\s+(?:is|zijn|werd|werden)\s+gemaakt\b",
        r"\b(?:maakt|maken|maakten)\s+(?:\w+\s+){0,3}?(?:de|een|duidelijke|heldere|nadere)\s+afspra(?:ak|ken)\b",
        r"\b(?:is|wordt|werd)\s+(?:(?:er|nu|ook|daarom|verder|tevens|vervolgens)\s+)*besloten\b",
        r"\bbesloten\s+(?:is|wordt|werd)\b",
        r"\b(?:het\s+LOVP|de\s+leden|partijen)\s+(?:\w+\s+){0,2}?(?:besluit|besluiten|besloot|besloten)\b",
        r"\bovereengekomen\b",
        r"\b(?:stemt|stemmen|stemde|stemden)\s+(?:\w+\s+){0,4}?in\s+met\b",
        r"\b(?:is|wordt|werd|heeft|hebben)\s+(?:\w+\s+){0,3}?ingestemd\b",
        r"\b(?:spreekt|spreken|sprak|spraken)\b[^.,;]{0,60}?\baf\b(?=\s+(?:dat|om|te)\b|\s*[.,;]|$)",
        r"\b(?:gaat|gaan|ging|gingen)\s+(?:\w+\s+){0,3}?akkoord\b",
        r"\bakkoord\s+(?:gegeven|gegaan)\b",
    )
]
_AGREEMENT_NOT = [
    re.compile(p, _I)
    for p in (
        r"\bzoals\b[^.]{0,80}\b(?:afgesproken|overeengekomen|besloten)\b",
        r"\b(?:de|het|een|die|deze|dit|eerder|eerdere|reeds|al|destijds|vooraf|vorige)\s+"
        r"(?:afgesproken|overeengekomen)\b",
        r"\b(?:kunnen|kan|zou|zouden|moeten|moet|mogelijk|eventueel|wellicht)\b[^.,]{0,60}\bafspra(?:ak|ken)\b",
        r"\b(?:niet|niets|geen)\b[^.,;]{0,30}\b(?:afgesproken|besloten|overeengekomen|ingestemd)\b",
        r"\bgeen\s+(?:\w+\s+)?afspra(?:ak|ken)\b",
    )
]


def is_agreement(sentence: str) -> bool:
    text = sentence.strip()
    if text.endswith("?"):
        return False
    if not any(pattern.search(text) for pattern in _AGREEMENT):
        return False
    # An excluded wording only disqualifies when no other agreement wording stands beside it.
    masked = text
    for pattern in _AGREEMENT_NOT:
        masked = pattern.sub(" ", masked)
    return any(pattern.search(masked) for pattern in _AGREEMENT)


# --- promises ------------------------------------------------------------------------------------

LOVP_REFERENCE = re.compile(
    r"\bLOVP\b"
    r"|\b(?:dit|het|deze|dat|een|het\s+volgende|het\s+eerstvolgende|het\s+komende|een\s+volgend|een\s+volgende)\s+"
    r"(?:landelijk\s+|bestuurlijk\s+)?overleg\b(?!\s+(?:met|tussen|van|in|binnen)\b)"
    r"|\b(?:de|een)\s+(?:volgende|eerstvolgende|komende|aankomende|extra|aparte)\s+(?:vergadering|bijeenkomst)\b"
    r"|\b(?:deze|die|dit)\s+(?:vergadering|gremium|tafel)\b",
    _I,
)
OTHER_FORUM = re.compile(
    r"\b(?:in|binnen|bij|met|aan|naar|door)\s+(?:de|het|alle|elke|iedere)\s+"
    r"(?:eenheden|eenheid|regio(?:'s|’s)?|regionale\s+\w+|lokale\s+\w+|driehoek(?:en)?|driehoeksoverleg|gezagen"
    r"|gemeenteraad|gemeenteraden|(?:tweede\s+|eerste\s+)?kamer|ministerraad|kabinet|veiligheidsberaad"
    r"|basisteams?|districten|korpsleiding|ondernemingsraad|(?:centrale\s+)?ondernemingsraad|colleges?\s+van\s+b\s*&\s*w)\b"
    r"|\bin\s+het\s+(?:regionaal|regionale|lokaal|lokale|districtelijk|commissie)\w*\b"
    r"|\b(?:commissiedebat|kamerdebat|kamerbrief|algemeen\s+overleg|notaoverleg)\b"
    r"|\b(?:tweede|eerste)\s+kamer\b",
    _I,
)
BACK_REFERENCE = re.compile(
    r"\b(?:daar|daarin|daarbij|dan|op\s+dat\s+moment|tegelijk(?:ertijd)?|in\s+(?:dat|die|hetzelfde|"
    r"dezelfde)\s+(?:LOVP|overleg|vergadering|bijeenkomst))\b",
    _I,
)
# "dan" that does not mean "then": "meer dan", "dan wel", "eerder dan".
_NOT_THEN = re.compile(
    r"\b(?:meer|minder|eerder|later|beter|anders|groter|kleiner|liever|hoger|lager|sneller|langer|korter|"
    r"niet\s+meer)\s+dan\b|\bdan\s+(?:wel|ook\s+wel|ook)\b",
    _I,
)


def refers_back(sentence: str) -> bool:
    """The sentence points at a time or meeting named before it ("Ook wordt daar teruggekoppeld")."""
    return bool(BACK_REFERENCE.search(_NOT_THEN.sub(" ", sentence)))


_FUTURE_AUX = re.compile(
    r"\b(?:wordt|worden|zal|zullen|gaat|gaan|moet|moeten|kan|kunnen|zou|zouden|komt|komen|staat|staan|"
    r"ligt|liggen|volgt|volgen|vindt|wil|willen|te)\b",
    _I,
)
_PERFECT_AUX = re.compile(r"\b(?:is|zijn)\b", _I)
_PAST = re.compile(
    r"\b(?:werd|werden|was|waren|heeft|hebben|had|hadden|kwam|kwamen|stond|stonden|lag|lagen|geweest|"
    r"bracht|brachten|besprak|bespraken|sprak|spraken|koppelde|koppelden|gekomen)\b",
    _I,
)
_CLAUSE_SPLIT = re.compile(
    r"[,;:()]|\s[-–—]\s|\b(?:en|maar|dat|waarbij|waarin|waarna|omdat|zodat|nadat|terwijl|doordat|want|"
    r"hoewel|voordat|zodra)\b",
    _I,
)

PARTICIPLE, FINITE, PRESENT, NOUN = "participle", "finite", "present", "noun"
# MOVED: "doorgeschoven/verschoven naar": strong, but only with a time or the LOVP named.
# LOVP_ONLY: general wordings that need the LOVP (or "daar") named; a time alone is not enough.
STRONG, MOVED, GENERAL, LOVP_ONLY = "strong", "moved", "general", "lovp_only"

# (strength, form, pattern). A pattern finds the promise wording; its form decides how tense is read.
_PROMISES: list[tuple[str, str, re.Pattern]] = [
    (STRONG, PRESENT, re.compile(r"\bop\s+de\s+(?:\w+\s+)?agenda\b", _I)),
    (STRONG, PARTICIPLE, re.compile(r"\bgeagendeerd\b", _I)),
    (STRONG, FINITE, re.compile(r"\bagender(?:en|t)\b|\bagendeert\b", _I)),
    (STRONG, FINITE, re.compile(r"\bkom(?:t|en)\b[^,;.()]{0,80}?\bterug\b", _I)),
    (STRONG, FINITE, re.compile(r"\bterug\s*(?:te\s+)?komen\b|\bterugkomt\b", _I)),
    (STRONG, PARTICIPLE, re.compile(r"\bteruggekomen\b", _I)),
    (
        STRONG,
        NOUN,
        re.compile(
            r"\bter\s+(?:bespreking|besluitvorming|vaststelling|consultatie|instemming|goedkeuring|advisering)\b",
            _I,
        ),
    ),
    (STRONG, PARTICIPLE, re.compile(r"\bteruggekoppeld\b", _I)),
    (STRONG, FINITE, re.compile(r"\bterugkoppel(?:en|t)\b|\bkoppel(?:t|en)\b[^,;.()]{0,60}?\bterug\b", _I)),
    (
        STRONG,
        FINITE,
        re.compile(
            r"\b(?:kom(?:t|en)|breng(?:t|en)|ga(?:at|an)|neemt|nemen)\b[^,;.()]{0,60}?\bnaar\s+het\s+(?:\w+\s+)?LOVP\b",
            _I,
        ),
    ),
    (
        STRONG,
        PARTICIPLE,
        re.compile(
            r"\bgebracht\b[^,;.()]{0,30}?\bnaar\s+het\s+(?:\w+\s+)?LOVP\b|\bnaar\s+het\s+(?:\w+\s+)?LOVP\b[^,;.()]{0,30}?\bgebracht\b",
            _I,
        ),
    ),
    (
        STRONG,
        FINITE,
        re.compile(
            r"\b(?:kom(?:t|en)|breng(?:t|en)|zal|zullen)\b[^,;.()]{0,60}?\bter\s+sprake\b|\bter\s+sprake\s+(?:kom(?:t|en)|breng(?:t|en))\b",
            _I,
        ),
    ),
    (STRONG, PARTICIPLE, re.compile(r"\bter\s+sprake\s+gebracht\b", _I)),
    (MOVED, PARTICIPLE, re.compile(r"\b(?:doorgeschoven|verschoven|verplaatst)\b", _I)),
    (
        MOVED,
        FINITE,
        re.compile(
            r"\bdoorschuiven\b|\bschuif?t\b[^,;.()]{0,40}?\bdoor\b|\bschuiven\b[^,;.()]{0,40}?\bdoor\b", _I
        ),
    ),
    (
        STRONG,
        PRESENT,
        re.compile(
            r"\b(?:sessie|themasessie|werksessie|themabijeenkomst|heidag|bijeenkomst|extra\s+LOVP)\b[^.]{0,60}?"
            r"\b(?:wijden|wijdt|organiseren|organiseert|plannen|houden|beleggen|inplannen)\b"
            r"|\b(?:wijden|wijdt|organiseren|organiseert|plannen|houden|beleggen|inplannen)\b[^.]{0,60}?"
            r"\b(?:sessie|themasessie|werksessie|themabijeenkomst|heidag|bijeenkomst|extra\s+LOVP)\b",
            _I,
        ),
    ),
    (
        STRONG,
        PARTICIPLE,
        re.compile(
            r"\b(?:sessie|themasessie|werksessie|themabijeenkomst|heidag|bijeenkomst|extra\s+LOVP)\b[^.]{0,60}?"
            r"\b(?:gewijd|georganiseerd|gepland|gehouden|belegd|ingepland)\b",
            _I,
        ),
    ),
    (
        STRONG,
        PARTICIPLE,
        re.compile(
            r"\b(?:apart|afzonderlijk|separaat|besluitvormend|wederom|nogmaals|opnieuw)\b(?:\s+\S+){0,3}?\s+"
            r"(?:gesproken|besproken|geagendeerd|behandeld|stilgestaan)\b",
            _I,
        ),
    ),
    (
        STRONG,
        FINITE,
        re.compile(
            r"\b(?:apart|afzonderlijk|separaat|besluitvormend|wederom|nogmaals|opnieuw)\b(?:\s+\S+){0,3}?\s+"
            r"(?:spreken|spreekt|bespreken|bespreekt|agenderen|behandelen|behandelt|stilstaan|aan\s+de\s+orde|"
            r"aan\s+bod)\b",
            _I,
        ),
    ),
    # Talking and informing happen with many others: only a promise when the LOVP is named.
    (LOVP_ONLY, PARTICIPLE, re.compile(r"\b(?:gesproken|geïnformeerd|geinformeerd)\b", _I)),
    (LOVP_ONLY, FINITE, re.compile(r"\b(?:spreken|spreekt|informeren|informeert)\b", _I)),
    (
        GENERAL,
        PARTICIPLE,
        re.compile(
            r"\b(?:besproken|behandeld|gepresenteerd|toegelicht|voorgelegd|gerapporteerd|stilgestaan|vastgesteld|"
            r"ingegaan|vervolgd)\b",
            _I,
        ),
    ),
    (
        GENERAL,
        FINITE,
        re.compile(
            r"\b(?:bespreken|bespreekt|behandelen|behandelt|presenteren|presenteert|toelichten|"
            r"voorleggen|rapporteren|rapporteert|stilstaan|vaststellen|volgt|volgen|ingaan)\b"
            r"|\bvast\s+te\s+stellen\b|\bga(?:at|an)\b[^,;.()]{0,40}\bin\s+op\b"
            r"|\blicht\b[^,;.()]{0,40}\btoe\b|\blegt\b[^,;.()]{0,40}\bvoor\b"
            r"|\b(?:aan\s+de\s+orde|aan\s+bod)\s+(?:kom(?:t|en)|stellen)\b"
            r"|\b(?:kom(?:t|en)|zal|zullen)\b[^,;.()]{0,60}\baan\s+(?:de\s+orde|bod)\b"
            r"|\b(?:kom(?:t|en))\s+(?:\w+\s+){0,4}?met\s+(?:een|het|de)\s+(?:\w+\s+)?"
            r"(?:voorstel|plan|notitie|uitwerking|update|voortgangsrapportage|reactie|analyse|advies|evaluatie)\b",
            _I,
        ),
    ),
    (GENERAL, NOUN, re.compile(r"\b(?:terugkoppeling|agendering|bespreking)\b", _I)),
]


def _clause(sentence: str, start: int, end: int) -> str:
    """The clause around a match: from the previous to the next clause boundary."""
    left = 0
    for boundary in _CLAUSE_SPLIT.finditer(sentence, 0, start):
        left = boundary.end()
    following = _CLAUSE_SPLIT.search(sentence, end)
    right = following.start() if following else len(sentence)
    return sentence[left:right]


# Participles that with "is/zijn" still look ahead: "is geagendeerd voor / doorgeschoven naar het
# LOVP van mei".
# "is besproken", "is teruggekoppeld" have happened.
_PLACEMENT = re.compile(
    r"\b(?:geagendeerd|doorgeschoven|verschoven|verplaatst|gepland|ingepland|belegd|georganiseerd)\b", _I
)


def _tense_allows(
    form: str, clause: str, sentence: str, *, time_ahead: bool, names_lovp: bool, wording: str = ""
) -> bool:
    if form == FINITE:
        return True
    if form == PRESENT:
        return not _PAST.search(clause)
    if form == NOUN:
        return bool(_FUTURE_AUX.search(clause) or _FUTURE_AUX.search(sentence)) and not _PAST.search(clause)
    # A participle: "wordt besproken" comes, "is besproken" / "werd besproken" has been.
    if _FUTURE_AUX.search(clause):
        return True
    if _PAST.search(clause):
        return False
    if _PERFECT_AUX.search(clause):
        return time_ahead and bool(_PLACEMENT.search(wording))
    if _PAST.search(sentence):
        return False
    if _FUTURE_AUX.search(sentence):
        return True
    return time_ahead or (names_lovp and not _PERFECT_AUX.search(sentence))


@dataclass(frozen=True)
class PromiseReading:
    """Why a sentence is (or is not) a promise."""

    is_promise: bool
    strength: str | None = None
    refers_back: bool = False


def read_promise(sentence: str, target: Target, *, has_previous: bool = False) -> PromiseReading:
    """Is `sentence` a promise to come back to this consultation? `target` is its own resolved time;
    `has_previous` tells whether an earlier promise in the section exists for "daar"/"dan"."""
    names_lovp = bool(LOVP_REFERENCE.search(sentence))
    back = has_previous and refers_back(sentence)
    if OTHER_FORUM.search(sentence) and not names_lovp and not back:
        return PromiseReading(False)
    time_ahead = target.kind != UNSPECIFIED
    for strength, form, pattern in _PROMISES:
        for match in pattern.finditer(sentence):
            clause = _clause(sentence, match.start(), match.end())
            allowed = _tense_allows(
                form, clause, sentence, time_ahead=time_ahead, names_lovp=names_lovp, wording=match.group(0)
            )
            if not allowed:
                continue
            if strength == MOVED and not (time_ahead or names_lovp):
                continue  # "de start is verschoven" without saying to when is no promise
            if strength == LOVP_ONLY:
                if names_lovp or back:
                    return PromiseReading(True, strength, back)
                continue
            if strength == STRONG or names_lovp or time_ahead or back:
                return PromiseReading(True, strength, back)
    return PromiseReading(False)


# --- a section -----------------------------------------------------------------------------------


@dataclass
class Finding:
    """One sentence that is an agreement, a promise, or both."""

    text: str
    is_agreement: bool
    is_promise: bool
    target: Target
    inherited: bool = False


def analyse_section(
    paragraphs: Sequence[str], *, meeting_date: datetime.date, meetings: Sequence[datetime.date] = ()
) -> list[Finding]:
    """The agreements and promises of a section, in order of the text."""
    findings: list[Finding] = []
    previous_promise: Finding | None = None
    for paragraph in paragraphs:
        for sentence in split_sentences(paragraph):
            target = resolve_target(sentence, meeting_date=meeting_date, meetings=meetings)
            promise = read_promise(sentence, target, has_previous=previous_promise is not None)
            agreement = is_agreement(sentence)
            inherited = False
            if promise.is_promise and target.kind == UNSPECIFIED and promise.refers_back and previous_promise:
                target, inherited = previous_promise.target, True
            if agreement or promise.is_promise:
                finding = Finding(sentence, agreement, promise.is_promise, target, inherited)
                findings.append(finding)
                if promise.is_promise:
                    previous_promise = finding
    return findings
