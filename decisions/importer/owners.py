"""Who carries a follow-up, when the sentence names them: a party slug of decisions/migrations/0003.

Only the sentence itself counts: a sentence that names nobody has no owner, even when the section
mentions a party elsewhere (a guess would look like a fact on the review screen).

When a sentence names several parties, the owner is the first one that acts: the agent of a passive
("wordt door de korpschef teruggekoppeld"), else the first party that is not in a phrase that makes
it the recipient or the setting ("aan de minister", "bij de politie", "binnen de politie", "met het
OM", "van de eenheidschefs"). A sentence whose parties are all recipients or settings has no owner.
"""

from __future__ import annotations

import re

# (slug, pattern); more specific patterns first ("Politieacademie" before "politie").
PARTY_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("politieacademie", re.compile(r"\b(?:de\s+)?politie\s*academie\b", re.IGNORECASE)),
    (
        "minister-jenv",
        re.compile(
            r"\b(?:de\s+)?minister(?!-)(?:\s+van\s+(?:justitie(?:\s+en\s+veiligheid)?|j\s*(?:&|en)\s*v|jenv))?\b"
            r"(?!\s+van\s+(?!justitie|j\s*(?:&|en)\s*v|jenv)\w)"
            r"|\b(?:het\s+)?ministerie\s+van\s+(?:justitie(?:\s+en\s+veiligheid)?|j\s*(?:&|en)\s*v|jenv)\b"
            r"|\bJ(?:&|en)V\b",
            re.IGNORECASE,
        ),
    ),
    (
        "regioburgemeesters",
        re.compile(
            r"(?:\bde\s+)?(?:\(regio\)\s*burgemeesters?\b|\bregio\(?\s*-?burgemeesters?\)?|\bburgemeesters\b"
            r"|\bhet\s+veiligheidsberaad\b)",
            re.IGNORECASE,
        ),
    ),
    ("eenheidschefs", re.compile(r"\b(?:de\s+)?(?:eenheidschefs?|politiechefs?)\b", re.IGNORECASE)),
    (
        "korpschef",
        re.compile(
            r"\b(?:de\s+)?korpschef\b|\b(?:de\s+|het\s+)?(?:nationale\s+)?(?:politie|korps)(?![\w-])",
            re.IGNORECASE,
        ),
    ),
    (
        "om",
        re.compile(
            r"\b(?:het\s+)?OM\b(?!-)|\b(?:het\s+)?openbaar\s+ministerie\b|\b(?:het\s+)?college\s+van\s+procureurs-generaal\b",
        ),
    ),
    ("secretariaat-lovp", re.compile(r"\b(?:het\s+)?secretariaat\b|\bde\s+secretaris\b", re.IGNORECASE)),
]
_OM_CASELESS = re.compile(r"\bopenbaar\s+ministerie\b|\bcollege\s+van\s+procureurs-generaal\b", re.IGNORECASE)

# A party right after one of these words is a recipient or a setting, not the one who acts.
_NOT_ACTING = re.compile(
    r"\b(?:aan|bij|binnen|van|met|voor|naar|over|tussen|richting|vanuit|uit|in|namens|tegen|zonder)\s*$",
    re.IGNORECASE,
)
_AGENT = re.compile(r"\bdoor\s*$", re.IGNORECASE)


def _mentions(sentence: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for slug, pattern in PARTY_PATTERNS:
        matches = list(pattern.finditer(sentence))
        if slug == "om":
            matches += list(_OM_CASELESS.finditer(sentence))
        for match in matches:
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            taken.append(span)
            found.append((span[0], span[1], slug))
    return sorted(found)


def find_owner(sentence: str, section_text: str = "") -> str | None:
    """The slug of the party that the sentence makes responsible, or None.

    `section_text` is accepted for the caller's convenience but deliberately not used to guess.
    """
    mentions = _mentions(sentence)
    for start, _end, slug in mentions:
        if _AGENT.search(sentence[:start]):
            return slug
    for start, _end, slug in mentions:
        if not _NOT_ACTING.search(sentence[:start]):
            return slug
    return None
