"""decisions.importer.reading: bytes to text, and messy published text to title/intro/sections."""

import datetime
import io

import pytest

from decisions.importer.reading import MAX_BYTES, ImportReadError, heading_text, read_document, reflow

D = datetime.date


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal PDF: one text line per entry, Helvetica in WinAnsi encoding, one page per list."""

    def escape(line: str) -> bytes:
        raw = line.encode("cp1252")
        return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    objects: list[bytes | None] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        None,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for lines in pages:
        stream = b"BT /F1 11 Tf 14 TL 56 800 Td " + b" ".join(
            b"(" + escape(line) + b") Tj T*" for line in lines
        )
        stream += b" ET"
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        contents = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % contents
        )
        kids.append(len(objects))
    objects[1] = (
        b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids)
    )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def make_docx(paragraphs: list[tuple[str, str | None]]) -> bytes:
    import docx

    document = docx.Document()
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- read_document -------------------------------------------------------------------------------

TEXT = "Jaarwisseling\nAfgesproken is dat ‘preventief fouilleren’ in september terugkomt. Eén coördinatie.\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        TEXT.encode("utf-8-sig"),
        TEXT.encode("cp1252"),
        TEXT.encode("utf-16"),
    ],
    ids=["utf-8", "utf-8-sig", "cp1252", "utf-16"],
)
def test_reads_text_in_each_encoding(data):
    assert read_document(data, "terugkoppeling.txt").strip() == TEXT.strip()


def test_reads_docx_paragraphs_and_tables():
    import docx

    document = docx.Document()
    document.add_heading("Korte terugkoppeling LOVP 8 februari 2021", level=1)
    document.add_paragraph("Jaarwisseling", style="Heading 2")
    document.add_paragraph("Afgesproken is dat in september dit onderwerp nogmaals wordt geagendeerd.")
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "Tekst in een tabel."
    buffer = io.BytesIO()
    document.save(buffer)

    text = read_document(buffer.getvalue(), "terugkoppeling.docx")
    assert text.split("\n\n") == [
        "Korte terugkoppeling LOVP 8 februari 2021",
        "Jaarwisseling",
        "Afgesproken is dat in september dit onderwerp nogmaals wordt geagendeerd.",
        "Tekst in een tabel.",
    ]


def test_reads_pdf_text_of_every_page():
    data = make_pdf(
        [["Jaarwisseling", "Afgesproken is dat ‘dit’ nogmaals wordt geagen-"], ["deerd in september."]]
    )
    text = read_document(data, "terugkoppeling.pdf")
    assert "Jaarwisseling" in text and "‘dit’" in text and "deerd in september." in text


def test_the_content_decides_over_the_name():
    data = make_pdf([["Jaarwisseling", "Dit komt in september terug."]])
    assert "Jaarwisseling" in read_document(data, "verkeerd-genoemd.txt")


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "leeg.txt", "leeg"),
        (b"   \n\n  ", "spaties.txt", "geen tekst"),
        (b"\x00\x01\x02\x03binary\x00\xff" * 100, "binair.txt", "binaire gegevens"),
        (bytes(range(1, 32)) * 50, "stuurtekens.txt", "binaire gegevens"),
        (b"PK\x03\x04 dit is geen zip", "kapot.docx", "Word-bestand kan niet worden gelezen"),
        (b"gewoon tekst, geen docx", "kapot.docx", "Word-bestand kan niet worden gelezen"),
        (b"%PDF-1.4\n kapot", "kapot.pdf", "PDF-bestand kan niet worden gelezen"),
        (b"geen pdf", "kapot.pdf", "PDF-bestand kan niet worden gelezen"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "oud.doc", ".doc"),
        (b"tekst", "plaatje.png", "niet ondersteund"),
        (b"a" * (20 * 1024 * 1024), "groot.txt", "te groot"),
    ],
)
def test_bad_input_raises_a_dutch_error(data, filename, message):
    with pytest.raises(ImportReadError, match=message):
        read_document(data, filename)


def test_the_limit_is_ten_megabytes():
    assert MAX_BYTES == 10 * 1024 * 1024
    read_document(b"Jaarwisseling\n" + b"a" * (MAX_BYTES - 100), "net-niet.txt")
    with pytest.raises(ImportReadError, match="te groot"):
        read_document(b"a" * (MAX_BYTES + 1), "net-te-groot.txt")


def test_a_pdf_without_text_is_refused():
    with pytest.raises(ImportReadError, match="geen tekst"):
        read_document(make_pdf([[]]), "scan.pdf")


# --- reflow: headings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Roosterdruk", "Roosterdruk"),
        ("BOA", "BOA"),
        (
            "Ondermijning en de plannen richting de Voorjaarsnota",
            "Ondermijning en de plannen richting de Voorjaarsnota",
        ),
        ("3. Jaarwisseling", "Jaarwisseling"),
        ("WODC-onderzoek", "WODC-onderzoek"),
        ("agenda staan. Ook wordt daar teruggekoppeld hoe de gesprekken met de vakbonden verlopen.", None),
        ("door de politie toegelicht.", None),
        ("De korpschef en de", None),
        ("Kwaliteit is essentieel. Ook", None),
        ("Roosterdruk:", None),
        ("Eén, twee,", None),
        ("• Eerste punt", None),
        ("Een heel lange regel met veel te veel woorden om nog een kop te zijn", None),
        ("lang op zich laat wachten", None),
        ("Wat betekent dit?", None),
    ],
)
def test_heading_shape(line, expected):
    assert heading_text(line) == expected


# As published: a blank line after every line, lines broken mid-sentence, space-only lines, a page break.
DOUBLE_SPACED = "\n\n".join(
    [
        " ",
        " ",
        "Bestuurlijke terugkoppeling LOVP 23 november 2020 ",
        "In het LOVP van 23 november jl. is onder meer gesproken over de stand van zaken rond ",
        "roosterdruk en de jaarwisseling.  ",
        "Roosterdruk ",
        "De (regio)burgemeesters hebben gevraagd naar de stand van zaken op inzetbaarheid. De politie is ",
        "binnen de eenheden bezig met het maken van de plannen om roosterdruk tegen te gaan. Afgesproken is ",
        "dat het plan in het LOVP van februari op de agenda staat, zo is in het overleg met de ",
        "Korpschef ",
        "besproken en de vakbonden.",
        "Jaarwisseling ",
        "Dit onderwerp komt ook terug in de eenheden om te bespreken met de gezagen. ",
        " ",
        " ",
        "",
        "Tot slot ",
        "De uitzending is kort aan bod gekomen. Dit onderwerp ",
        "wordt een volgend LOVP uitgebreider geagendeerd. ",
        "",
    ]
)


def test_double_spaced_text_with_mid_sentence_breaks():
    document = reflow(DOUBLE_SPACED)
    assert document.title == "Bestuurlijke terugkoppeling LOVP 23 november 2020"
    assert document.title_date == D(2020, 11, 23)
    assert document.introduction == (
        "In het LOVP van 23 november jl. is onder meer gesproken over de stand van zaken rond roosterdruk "
        "en de "
        "jaarwisseling."
    )
    assert [section.heading for section in document.sections] == ["Roosterdruk", "Jaarwisseling", "Tot slot"]
    # "Korpschef" stands alone between blank lines but runs on from "met de": no heading.
    assert document.sections[0].paragraphs == [
        "De (regio)burgemeesters hebben gevraagd naar de stand van zaken op inzetbaarheid. De politie is "
        "binnen "
        "de eenheden bezig met het maken van de plannen om roosterdruk tegen te gaan. Afgesproken is dat "
        "het plan "
        "in het LOVP van februari op de agenda staat, zo is in het overleg met de Korpschef besproken en de "
        "vakbonden."
    ]
    assert document.sections[2].paragraphs == [
        "De uitzending is kort aan bod gekomen. Dit onderwerp wordt een volgend LOVP uitgebreider "
        "geagendeerd."
    ]


SINGLE_SPACED = """\
Korte terugkoppeling LOVP
8 februari 2021

Bewaken en beveiligen
Er is door de korpschef een update gegeven over de inzet ten aanzien van bewaken en beveiligen.
Structurele financiering is een belangrijk aandachtspunt, ook richting de middelen uit het ondermijnings-
fonds en de politie-
inzet. Dit raakt de politie-organisatie en de BOA-
bevoegdheden in Noord-
Holland, met voor-
en nadelen. De online-
fraude neemt toe; online-fraude blijft een punt.
Een nieuwe alinea begint hier na een korte regel en loopt gewoon door op de volgende regel van de tekst.

Hoger en anders opgeleiden
Ten aanzien van het onderwerp hoger en anders opgeleiden hebben de regioburgemeesters aangegeven dat
concrete maatregelen en realisatie
2
Korte terugkoppeling LOVP 8 februari 2021 | pagina 2



lang op zich laat wachten en het van belang te vinden dat het ook echt om versterking moet gaan.
- 3 -
Pagina 3 van 4

Rondvraag
Afgesproken is:
• de korpschef stelt een plan op;
• het plan komt in juni terug.
Er waren geen andere punten.
"""


def test_single_spaced_text_with_page_breaks_hyphenation_and_lists():
    document = reflow(SINGLE_SPACED)
    assert document.title == "Korte terugkoppeling LOVP"
    assert document.published == D(2021, 2, 8)
    assert document.introduction == ""
    assert [section.heading for section in document.sections] == [
        "Bewaken en beveiligen",
        "Hoger en anders opgeleiden",
        "Rondvraag",
    ]
    first = document.sections[0].paragraphs
    assert "ondermijningsfonds" in first[0]
    assert "politie-inzet" in first[0]  # the vowels would merge
    assert "politie-organisatie" in first[0]  # a hyphen inside a line is kept
    assert "BOA-bevoegdheden" in first[0]  # abbreviation
    assert "Noord-Holland" in first[0]  # capital after the hyphen
    assert "voor- en nadelen" in first[0]
    assert "De online-fraude neemt toe" in first[0]  # the document writes it with a hyphen elsewhere
    # A short line that ends a sentence ends the paragraph.
    assert first[0].endswith("online-fraude blijft een punt.")
    assert first[1].startswith("Een nieuwe alinea begint hier")
    # The page break (page number, running footer, blank lines) is inside one sentence.
    assert document.sections[1].paragraphs == [
        "Ten aanzien van het onderwerp hoger en anders opgeleiden hebben de regioburgemeesters aangegeven "
        "dat "
        "concrete maatregelen en realisatie lang op zich laat wachten en het van belang te vinden dat het "
        "ook "
        "echt om versterking moet gaan."
    ]
    assert document.sections[2].paragraphs == [
        "Afgesproken is:\n• de korpschef stelt een plan op;\n• het plan komt in juni terug.",
        "Er waren geen andere punten.",
    ]


def test_a_repeated_running_header_is_dropped_after_its_first_occurrence():
    text = (
        "Terugkoppeling LOVP 12 april 2022 - vertrouwelijk\n"
        "Roosterdruk\n"
        "De politie werkt aan plannen om de roosterdruk in de basisteams tegen te gaan en\n"
        "Terugkoppeling LOVP 12 april 2022 - vertrouwelijk\n"
        "bespreekt die met het gezag.\n"
        "Terugkoppeling LOVP 12 april 2022 - vertrouwelijk\n"
        "BOA\n"
        "Er is kort gesproken.\n"
    )
    document = reflow(text)
    assert document.title == "Terugkoppeling LOVP 12 april 2022 - vertrouwelijk"
    assert [(s.heading, s.paragraphs) for s in document.sections] == [
        (
            "Roosterdruk",
            [
                "De politie werkt aan plannen om de roosterdruk in de basisteams tegen te gaan en "
                "bespreekt die "
                "met het gezag."
            ],
        ),
        ("BOA", ["Er is kort gesproken."]),
    ]


def test_space_only_lines_tabs_and_crlf_are_blank():
    text = "Roosterdruk\r\n \t \r\nDe politie maakt plannen.\r\n\u00a0\r\nBOA\r\nEr is kort gesproken.\r\n"
    document = reflow(text)
    assert [(s.heading, s.paragraphs) for s in document.sections] == [
        ("Roosterdruk", ["De politie maakt plannen."]),
        ("BOA", ["Er is kort gesproken."]),
    ]


def test_a_short_line_ending_a_paragraph_is_not_a_heading():
    text = (
        "Veiligheidsagenda\n"
        "De doelen voor 2021 lagen voor. Met een nieuw Kabinet kunnen vervolgens nieuwe afspraken voor\n"
        "2022 worden gemaakt.\n"
        "Dienstverlening\n"
        "De visie op dienstverlening is toegelicht.\n"
    )
    assert [s.heading for s in reflow(text).sections] == ["Veiligheidsagenda", "Dienstverlening"]


def test_a_heading_needs_text_after_it():
    document = reflow("Roosterdruk\nDe politie maakt plannen.\nSlotwoord")
    assert [s.heading for s in document.sections] == ["Roosterdruk"]
    assert document.sections[0].paragraphs == ["De politie maakt plannen. Slotwoord"]


def test_a_list_of_topics_in_the_introduction_is_not_a_row_of_headings():
    text = (
        "Terugkoppeling LOVP 12 april 2022\n\n"
        "Besproken zijn:\nRoosterdruk\nJaarwisseling\n\n"
        "Roosterdruk\nDe politie maakt plannen.\n\n"
        "Jaarwisseling\nHet verbod blijft.\n"
    )
    document = reflow(text)
    assert [s.heading for s in document.sections] == ["Roosterdruk", "Jaarwisseling"]
    assert document.introduction.startswith("Besproken zijn:")


def test_numbered_headings_and_soft_hyphens():
    text = (
        "1. Roosterdruk\nDe ondermijnings\u00ad\nfonds-middelen en de ver\u00adkeers-\ndoden.\n"
        "2) BOA\nKort besproken.\n"
    )
    document = reflow(text)
    assert [s.heading for s in document.sections] == ["Roosterdruk", "BOA"]
    assert document.sections[0].paragraphs == ["De ondermijningsfonds-middelen en de verkeersdoden."]


def test_docx_document_reflows_like_text():
    data = make_docx(
        [
            ("Korte terugkoppeling LOVP 8 februari 2021", "Title"),
            ("Jaarwisseling", "Heading 2"),
            ("Afgesproken is dat in september dit onderwerp nogmaals wordt geagendeerd.", None),
            ("Handhaving blijft een aandachtspunt.", None),
            ("Tot slot", "Heading 2"),
            ("Dit voorstel komt terug in het LOVP van juni.", None),
        ]
    )
    document = reflow(read_document(data, "t.docx"))
    assert document.title == "Korte terugkoppeling LOVP 8 februari 2021"
    assert [(s.heading, len(s.paragraphs)) for s in document.sections] == [
        ("Jaarwisseling", 2),
        ("Tot slot", 1),
    ]
