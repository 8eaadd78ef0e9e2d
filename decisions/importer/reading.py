"""Reading a published terugkoppeling: bytes to text (`read_document`) and text to a structure (`reflow`).

Text as published is messy. PDF extraction breaks lines mid-sentence, hyphenates at line ends, puts
page numbers and running headers between the lines and sometimes a blank line after every line. The
rules in `reflow` are general, not fitted to one document:

* Line gaps. The usual number of blank lines *inside* a sentence (between a line that does not end a
  sentence and a line that starts with a small letter) is the document's line spacing; only a larger
  gap counts as a break. A gap after a line that does not end a sentence is a page break: the
  sentence goes on.
* Headings. A line is a topic heading when it is short (at most 8 words and 80 characters), starts
  with a capital, carries no closing punctuation (. : , ; ! ? -), does not end on a word that cannot
  end a phrase ("de", "van", "en", "wordt", ...), holds no sentence end inside, stands alone (the
  previous line ended a sentence, was a heading-like line or a list item, or a real gap lies between
  them and the previous line does not run on), and is followed by text: a line that starts with a
  capital and is not itself a heading. A short line that continues a sentence, or the last line of a
  paragraph (it ends with a full stop), is therefore never a heading. Numbering ("1.", "2)") is
  stripped from headings.
* Paragraphs. Inside a section a new paragraph starts after a line that ends a sentence when the next
  line starts with a capital and either a real gap lies between them or the line is clearly shorter
  than the document's usual line. List items (•, -, *) stay in the paragraph of a lead-in that ends
  with a colon, one per line.
* Hyphenation. "ondermijnings-\\nfonds" becomes "ondermijningsfonds". The hyphen stays when the next
  part starts with a capital ("Noord-\\nHolland"), the first part is an abbreviation, a number or a
  single letter ("BOA-\\nbevoegdheden", "2021-\\n2022", "e-\\nmail"), the two vowels would otherwise
  merge ("politie-\\ninzet", "zee-\\negel"), the document itself writes the word with a hyphen
  elsewhere, or the next word is "en"/"of" ("voor-\\nen nadelen" becomes "voor- en nadelen").
  Soft hyphens are removed. A hyphen inside a line is never touched ("politie-organisatie" stays).
* Noise. Lines that are only a page number ("3", "- 3 -", "3/5", "Pagina 3 van 5") or a short line
  ending on one ("Terugkoppeling LOVP | pagina 2") are dropped, and so are repeats of a short running
  header or footer (a line with a digit or "LOVP"/"terugkoppeling" in it that appears again further
  on; the first occurrence stays, it is usually the title).
* Top matter. Before the first heading: lines that are only a date ("8 februari 2021", "Datum: ...")
  give `published`; a line among the first ones that names the document ("terugkoppeling",
  "verslag", "LOVP", "overleg", or a full date) is the `title` (short lines above it, such as a
  letterhead, are dropped); the rest is the `introduction`. None of it is a section.
"""

from __future__ import annotations

import datetime
import io
import re
import statistics
import unicodedata
from dataclasses import dataclass, field

from .targets import DATE_ONLY, find_date

MAX_BYTES = 10 * 1024 * 1024


class ImportReadError(Exception):
    """The document cannot be read or holds no terugkoppeling; the message is Dutch, for the user."""


# --- bytes to text -------------------------------------------------------------------------------


def read_document(data: bytes, filename: str) -> str:
    """The text of a .txt, .docx or .pdf file. Raises ImportReadError (Dutch message) when it can't."""
    if data is None or len(data) == 0:
        raise ImportReadError("Het bestand is leeg.")
    if len(data) > MAX_BYTES:
        raise ImportReadError(
            f"Het bestand is te groot ({len(data) / (1024 * 1024):.1f} MB); het maximum is 10 MB."
        )
    name = (filename or "").lower()
    extension = name.rsplit(".", 1)[-1] if "." in name else ""

    # The content decides over the name: a PDF saved as .txt is still a PDF.
    if data.startswith(b"%PDF") or (extension == "pdf" and b"%PDF" in data[:1024]):
        text = _read_pdf(data)
    elif data.startswith(b"PK\x03\x04") or extension == "docx":
        text = _read_docx(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0") or extension == "doc":
        raise ImportReadError(
            "Oude Word-bestanden (.doc) worden niet ondersteund; sla het document op als .docx of .pdf."
        )
    elif extension in ("", "txt", "text", "md"):
        text = _read_text(data)
    elif extension == "pdf":
        raise ImportReadError("Het PDF-bestand kan niet worden gelezen: het is beschadigd of geen PDF.")
    else:
        raise ImportReadError(
            f"Bestandstype .{extension} wordt niet ondersteund; gebruik een .txt-, .docx- of .pdf-bestand."
        )
    if not text.strip():
        raise ImportReadError("Het document bevat geen tekst.")
    return text


def _read_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ImportReadError("Het tekstbestand kan niet worden gelezen (ongeldige UTF-16).") from error
    else:
        if b"\x00" in data:
            raise ImportReadError("Dit is geen tekstbestand: het bevat binaire gegevens.")
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            text = data.decode("cp1252", errors="replace")
    control = sum(1 for char in text if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f\v")
    unknown = text.count("\ufffd")
    if control + unknown > max(2, len(text) // 100):
        raise ImportReadError("Dit is geen tekstbestand: het bevat binaire gegevens.")
    return text


def _read_docx(data: bytes) -> str:
    try:
        import docx  # python-docx
    except ImportError as error:  # pragma: no cover - installed with the project
        raise ImportReadError("Word-bestanden kunnen op deze server niet worden gelezen.") from error
    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[str] = []
        body = document.element.body
        for child in body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                blocks.append(docx.text.paragraph.Paragraph(child, document).text)
            elif tag == "tbl":
                table = docx.table.Table(child, document)
                for row in table.rows:
                    for cell in row.cells:
                        blocks.extend(paragraph.text for paragraph in cell.paragraphs)
    except Exception as error:  # zipfile, lxml and python-docx each raise their own errors
        raise ImportReadError(
            "Het Word-bestand kan niet worden gelezen: het is beschadigd of geen .docx-bestand."
        ) from error
    # One paragraph per line with a blank line between, as a typed document would have it.
    return "\n\n".join(block.replace("\v", "\n") for block in blocks)


def _read_pdf(data: bytes) -> str:
    try:
        from pypdf import PdfReader
    except ImportError as error:  # pragma: no cover - installed with the project
        raise ImportReadError("PDF-bestanden kunnen op deze server niet worden gelezen.") from error
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ImportReadError(
                "Het PDF-bestand is beveiligd met een wachtwoord en kan niet worden gelezen."
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except ImportReadError:
        raise
    except Exception as error:  # pypdf raises many kinds of errors on damaged files
        raise ImportReadError(
            "Het PDF-bestand kan niet worden gelezen: het is beschadigd of geen PDF."
        ) from error
    text = "\n\n".join(pages)
    if not text.strip():
        raise ImportReadError(
            "Het PDF-bestand bevat geen tekst (misschien is het een scan); gebruik een tekstversie van het "
            "document."
        )
    return text


# --- text to structure ---------------------------------------------------------------------------


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass
class Document:
    title: str | None = None
    published: datetime.date | None = None
    introduction: str = ""
    sections: list[Section] = field(default_factory=list)
    # The date written in the title ("... LOVP 23 november 2020"): usually the meeting's date.
    title_date: datetime.date | None = None


@dataclass
class _Line:
    text: str
    gap: int  # blank lines before it

    @property
    def first(self) -> str:
        return self.text[:1]


# Words a phrase (and so a heading or a paragraph) does not end on; a line ending on one runs on.
RUN_ON_WORDS = frozenset(
    """
    de het een en of van in op te voor met aan bij door naar om tot over uit als dat die dit deze wat
    waar is zijn wordt worden zal zullen kan kunnen moet moeten heeft hebben had werd was waren niet
    ook nog maar dan zo er hun haar ons onze hij zij ze wij we men al wel zich dus hoe omdat zodat
    terwijl waarbij waarin waarvan welke tussen tegen zonder binnen onder boven na sinds vanuit
    richting rond via per zoals namelijk alsook gaat gaan komt komen geldt mag mogen zou zouden
    """.split()
)

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:(?:pagina|page|blz\.?|pag\.?|p\.)\s*)?\d{1,3}(?:\s*(?:/|van|of)\s*\d{1,3})?(?:\s*[-–—])?$",
    re.IGNORECASE,
)
# A running footer or header that ends on its page number: "Terugkoppeling LOVP | pagina 2 van 4".
_PAGE_FOOTER = re.compile(
    r"(?:^|[\s|–—-])(?:pagina|page|blz\.?|pag\.)\s*\d{1,3}(?:\s*(?:/|van|of)\s*\d{1,3})?$", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?…][’”'\")\]»]*$")
_BULLET = re.compile(r"^(?:[•·▪◦●○■□‣⁃*]|[-–—](?=\s))\s*")
_NUMBERING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]?|[IVX]{1,4}[.)]|[a-z][.)])\s+(?=\S)")
_INNER_SENTENCE_END = re.compile(r"[.!?]\s+[A-Z]")
_TITLE_WORDS = re.compile(
    r"terugkoppeling|verslag|besluitenlijst|notulen|LOVP|landelijk\s+overleg|\boverleg\b|uitkomsten",
    re.IGNORECASE,
)
_META_FIELD = re.compile(
    r"^(?:kenmerk|ons\s+kenmerk|uw\s+kenmerk|onderwerp|aan|van|cc|bijlagen?|plaats|status|classificatie|versie)\s*:"
    r"|^(?:(?:departementaal\s+|strikt\s+)?vertrouwelijk|concept|openbaar|intern)$",
    re.IGNORECASE,
)
_RUNNING_WORDS = re.compile(r"\d|LOVP|terugkoppeling|vertrouwelijk|concept", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_DUTCH_DIGRAPHS = frozenset("aa ae ai au ee ei eu ie oe oi oo ou ui uu".split())


def _normalise(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n\n").replace("\v", "\n")
    text = _INVISIBLE.sub("", text)
    lines = []
    for raw in text.split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        # A soft hyphen inside a line is invisible; at the end it marks a broken word (kept for _join).
        line = line[:-1].replace("\u00ad", "") + line[-1] if line else line
        lines.append(line)
    return lines


def _ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


def _last_word(text: str) -> str:
    words = re.findall(r"[\w’']+", text.lower())
    return words[-1] if words else ""


def _runs_on(text: str) -> bool:
    """The line visibly continues on the next one: a comma, a hyphen, an open bracket, a linking word."""
    return text.endswith((",", "-", "–", "(", "/", "&", "\u00ad")) or _last_word(text) in RUN_ON_WORDS


def _is_bullet(text: str) -> bool:
    return bool(_BULLET.match(text)) and len(_BULLET.sub("", text)) > 0


def heading_text(line: str) -> str | None:
    """The heading a line would be, by its shape alone; None when it cannot be a heading."""
    text = _NUMBERING.sub("", line.strip(), count=1)
    if not text or len(text) > 80 or len(text.split()) > 8:
        return None
    if not text[0].isupper() or _is_bullet(text):
        return None
    if text[-1] in ".:,;!?-–—(/&\u00ad" or _INNER_SENTENCE_END.search(text):
        return None
    if _last_word(text) in RUN_ON_WORDS:
        return None
    if not re.search(r"[^\W\d_]{2,}", text):
        return None
    return text


def _join(left: str, right: str, vocabulary: set[str]) -> str:
    """Join two lines of one paragraph, undoing hyphenation at the line end."""
    if left.endswith("\u00ad"):
        return left[:-1] + right
    match = re.search(r"([^\W_]+)-$", left)
    first = re.match(r"[^\W_]+", right)
    if not match or not first:
        return f"{left} {right}"
    before, after = match.group(1), first.group(0)
    if after.lower() in ("en", "of", "tot", "dan", "noch", "als"):
        return f"{left} {right}"  # "voor- en nadelen"
    keep = (
        right[0].isupper()
        or before.isupper()
        or before[-1].isdigit()
        or after[0].isdigit()
        or len(before) == 1
        or (before[-1] + after[0]).lower() in _DUTCH_DIGRAPHS
        or (f"{before}-{after}".lower() in vocabulary and f"{before}{after}".lower() not in vocabulary)
    )
    return left + right if keep else left[:-1] + right


_HEADER_WORDS = re.compile(r"LOVP|terugkoppeling|vertrouwelijk|concept|overleg|pagina", re.IGNORECASE)


def _running_lines(lines: list[str]) -> set[int]:
    """Indexes of repeated running headers/footers, all occurrences after the first.

    A short line with a digit or a header word in it counts when it comes back: twice is enough when
    it names the document ("LOVP", "terugkoppeling", ...), otherwise it must come three times, so a
    topic listed in the introduction ("Jaarwisseling 2021-2022") keeps its heading.
    """
    occurrences: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        if not line or _ends_sentence(line) or len(line.split()) > 12 or not _RUNNING_WORDS.search(line):
            continue
        occurrences.setdefault(re.sub(r"\d+", "#", line.lower()), []).append(index)
    repeats: set[int] = set()
    for indexes in occurrences.values():
        needed = 2 if _HEADER_WORDS.search(lines[indexes[0]]) else 3
        if len(indexes) >= needed:
            repeats.update(indexes[1:])
    return repeats


def _is_page_footer(line: str) -> bool:
    return len(line.split()) <= 12 and not _ends_sentence(line) and bool(_PAGE_FOOTER.search(line))


def _to_lines(text: str) -> list[_Line]:
    raw = _normalise(text)
    running = _running_lines(raw)
    lines: list[_Line] = []
    gap = 0
    for index, line in enumerate(raw):
        if not line or _PAGE_NUMBER.match(line) or index in running or _is_page_footer(line):
            gap += 1
            continue
        lines.append(_Line(line, gap))
        gap = 0
    return lines


def _line_gap(lines: list[_Line]) -> int:
    """Blank lines a sentence runs across in this document: its line spacing."""
    gaps = [
        line.gap
        for previous, line in zip(lines, lines[1:], strict=False)
        if not _ends_sentence(previous.text) and line.first.islower()
    ]
    return int(statistics.median_low(gaps)) if gaps else 0


def _split_top(lines: list[_Line]) -> tuple[str | None, datetime.date | None, int]:
    """Title and publication date at the top; returns how many lines they took.

    Short lines above the title (a letterhead, a classification) are passed over when a title follows
    within the first lines; without a title only leading date and "Kenmerk:"-style lines are taken.
    """
    title_at = None
    for index in range(min(len(lines), 8)):
        text = lines[index].text
        following = lines[index + 1] if index + 1 < len(lines) else None
        if _title_like(text) and not (following and following.first.islower()):
            title_at = index
            break
        if _ends_sentence(text) or len(text.split()) > 12:
            break
    title_parts: list[str] = []
    published = None
    index = 0
    while index < len(lines):
        text = lines[index].text
        if DATE_ONLY.match(text.rstrip(".")):
            published = published or find_date(text)
        elif _META_FIELD.match(text):
            pass
        elif title_at is not None and index < title_at:
            pass  # letterhead
        elif title_at is not None and (
            index == title_at or (title_parts and lines[index].gap == 0 and _title_like(text))
        ):
            title_parts.append(text)
        else:
            break
        index += 1
    return (" ".join(title_parts) or None), published, index


def _title_like(text: str) -> bool:
    return (
        not _ends_sentence(text)
        and len(text.split()) <= 15
        and len(text) <= 150
        and text[:1].isupper()
        and bool(_TITLE_WORDS.search(text) or find_date(text))
    )


def reflow(text: str) -> Document:
    """Title, publication date, introduction and topic sections of a terugkoppeling's text."""
    lines = _to_lines(text)
    vocabulary = {word.lower() for line in lines for word in _WORD.findall(line.text)}
    title, published, start = _split_top(lines)
    body = lines[start:]
    line_gap = _line_gap(body)
    widths = [len(line.text) for line in body if len(line.text.split()) >= 6]
    usual_width = statistics.median(widths) if widths else 0

    shapes = [heading_text(line.text) for line in body]

    def continues(index: int) -> bool:
        """Line `index` is a sentence that runs on into the next line."""
        return index + 1 < len(body) and body[index + 1].first.islower() and body[index + 1].gap <= line_gap

    def stands_alone(index: int) -> bool:
        if index == 0:
            return True
        previous = body[index - 1].text
        if _ends_sentence(previous) or _is_bullet(previous) or shapes[index - 1]:
            return True
        return body[index].gap > line_gap and not _runs_on(previous)

    def followed_by_text(index: int) -> bool:
        if index + 1 >= len(body):
            return False
        following = body[index + 1]
        if following.first.islower():
            return False
        return shapes[index + 1] is None or continues(index + 1)

    headings = [
        shapes[index] is not None
        and stands_alone(index)
        and followed_by_text(index)
        and not continues(index)
        and (not usual_width or len(body[index].text) <= max(40, 0.8 * usual_width))
        for index in range(len(body))
    ]

    introduction: list[str] = []
    sections: list[Section] = []
    paragraphs = introduction
    current: str | None = None
    previous: _Line | None = None

    def flush() -> None:
        nonlocal current
        if current:
            paragraphs.append(current)
        current = None

    for index, line in enumerate(body):
        if headings[index]:
            flush()
            sections.append(Section(heading=shapes[index]))
            paragraphs = sections[-1].paragraphs
            previous = None
            continue
        text = line.text
        if _is_bullet(text):
            item = "• " + _BULLET.sub("", text)
            if current is not None and (
                current.rstrip().endswith(":") or current.split("\n")[-1].startswith("• ")
            ):
                current = f"{current}\n{item}"
            else:
                flush()
                current = item
        elif current is None:
            current = text
        elif previous is not None and _starts_paragraph(previous, line, line_gap, usual_width):
            flush()
            current = text
        else:
            last, _, rest = current.rpartition("\n")
            joined = _join(rest, text, vocabulary)
            current = f"{last}\n{joined}" if last else joined
        previous = line
    flush()

    return Document(
        title=title,
        published=published,
        introduction="\n\n".join(introduction),
        sections=sections,
        title_date=find_date(title) if title else None,
    )


def _starts_paragraph(previous: _Line, line: _Line, line_gap: int, usual_width: float) -> bool:
    if not _ends_sentence(previous.text) or line.first.islower():
        return False
    if line.gap > line_gap:
        return True
    return bool(usual_width) and len(previous.text) < 0.7 * usual_width
