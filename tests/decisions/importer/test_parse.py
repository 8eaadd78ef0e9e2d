"""parse_minutes on the two published terugkoppelingen, and on bad input."""

import datetime
from pathlib import Path

import pytest

from decisions.importer import ImportReadError, parse_minutes, read_document

from .test_reading import make_docx, make_pdf

D = datetime.date

_REPO = Path(__file__).resolve().parents[3]
SEEDS = next(
    (path for path in (_REPO.parent / "shared" / "seeds", Path("/work/shared/seeds")) if path.is_dir()),
    _REPO.parent / "shared" / "seeds",
)
SEED_1 = SEEDS / "lovp-terugkoppeling-2020-11-23.txt"
SEED_2 = SEEDS / "lovp-terugkoppeling-2021-02.txt"


def seed_1():
    return parse_minutes(
        SEED_1.read_text(encoding="utf-8"), meeting_date=D(2020, 11, 23), meetings=[D(2021, 2, 8)]
    )


def seed_2():
    return parse_minutes(SEED_2.read_text(encoding="utf-8"), meeting_date=D(2021, 2, 8))


def follow_ups(proposal):
    return {
        (item.heading, f.text, f.target.kind, f.target.date, f.target.phrase, f.decision_index is not None)
        for item in proposal.items
        for f in item.follow_ups
    }


def decisions(proposal):
    return {(item.heading, d.text) for item in proposal.items for d in item.decisions}


# --- seed 1: 23 november 2020 ------------------------------------------------------------------------

SEED_1_FEBRUARY = (
    "Afgesproken is dat het landelijke plan en een doorsnede van de regionale plannen in het LOVP van "
    "februari op "
    "de agenda staan."
)
SEED_1_APRIL = "Afspraak is dat dit goed wordt gemonitord en in april als onderwerp wederom wordt besproken."
SEED_1_ICT = (
    "Er is afgesproken dat een aantal thema’s rond ICT en intelligence in het LOVP van februari worden "
    "besproken "
    "(het overzetten van eigen beheerde omgevingen naar het PDC, de ontwikkelagenda intelligence en "
    "ontwikkelingen "
    "rond TOOI (Team openbare orde inlichtingen)."
)
SEED_1_FREEZE = (
    "Afgesproken is de doelen die op de verschillende thema’s gesteld zijn te blijven bevriezen op het "
    "niveau van "
    "2019 en de resultaten met coulance te bezien."
)


def test_seed_1_headings():
    proposal = seed_1()
    assert proposal.title == "Bestuurlijke terugkoppeling LOVP 23 november 2020"
    assert [item.heading for item in proposal.items] == [
        "Roosterdruk",
        "Bewaken en beveiligen",
        "BOA",
        "Jaarwisseling",
        "Veiligheidsagenda",
        "Dienstverlening",
        "Tot slot",
    ]
    assert proposal.introduction.startswith("In het LOVP van 23 november jl. is onder meer gesproken over")
    assert all("In het LOVP van 23 november jl." not in item.summary for item in proposal.items)


def test_seed_1_follow_ups_exactly():
    assert follow_ups(seed_1()) == {
        ("Roosterdruk", SEED_1_FEBRUARY, "month", D(2021, 2, 28), "in het LOVP van februari", True),
        (
            "Roosterdruk",
            "Ook wordt daar teruggekoppeld hoe de gesprekken met de vakbonden verlopen.",
            "month",
            D(2021, 2, 28),
            "in het LOVP van februari",
            False,
        ),
        ("Bewaken en beveiligen", SEED_1_APRIL, "month", D(2021, 4, 30), "in april", True),
        (
            "Veiligheidsagenda",
            "Deze doelstellingen liggen begin 2021 nog ter bespreking voor.",
            "period",
            D(2021, 3, 31),
            "begin 2021",
            False,
        ),
        ("Tot slot", SEED_1_ICT, "month", D(2021, 2, 28), "in het LOVP van februari", True),
        (
            "Tot slot",
            "Dit onderwerp wordt een volgend LOVP uitgebreider geagendeerd.",
            "next_meeting",
            D(2021, 2, 8),
            "een volgend LOVP",
            False,
        ),
    }


def test_seed_1_decisions_exactly():
    assert decisions(seed_1()) == {
        ("Roosterdruk", SEED_1_FEBRUARY),
        ("Bewaken en beveiligen", SEED_1_APRIL),
        ("Veiligheidsagenda", SEED_1_FREEZE),
        ("Tot slot", SEED_1_ICT),
    }


def test_seed_1_follow_ups_point_at_their_decision():
    for item in seed_1().items:
        for follow_up in item.follow_ups:
            if follow_up.decision_index is not None:
                assert item.decisions[follow_up.decision_index].text == follow_up.text


def test_seed_1_next_meeting_unknown_without_meetings():
    proposal = parse_minutes(SEED_1.read_text(encoding="utf-8"), meeting_date=D(2020, 11, 23))
    last = proposal.items[-1].follow_ups[-1]
    assert (last.target.kind, last.target.date) == ("next_meeting", None)


# --- seed 2: 8 februari 2021 --------------------------------------------------------------------------

SEED_2_REKENKAMER = (
    "Afgesproken is dit rapport waarvan de inhoud nu nog niet openbaar is, te bespreken in het volgende LOVP."
)
SEED_2_SEPTEMBER = (
    "Afgesproken is dat in september dit onderwerp nogmaals wordt geagendeerd, waarbij onder andere de "
    "aspecten "
    "‘samenwerking buitenland’, ‘sluiten van woningen bij vondst zwaar vuurwerk’ en ‘preventief "
    "fouilleren’ aan bod "
    "komen."
)
SEED_2_HERIJKING = (
    "Er zijn afspraken gemaakt om het komende half jaar tot een herijking van de landelijke "
    "veiligheidsagenda te "
    "komen, waarbij is uitgesproken dat dit om het verminderen dan wel neerwaarts bijstellen van de gemaakte "
    "afspraken gaat."
)
SEED_2_WODC = (
    "Naar aanleiding van het WODC-onderzoek naar sterkteverdeling is afgesproken dat er een nieuw model "
    "voor nieuwe "
    "sterkte moet komen dat vooral pragmatisch ingestoken moet worden (in de plaats van het huidige (H)BVS)."
)


def test_seed_2_headings():
    proposal = seed_2()
    assert proposal.title is None
    assert [item.heading for item in proposal.items] == [
        "Bewaken en beveiligen",
        "Inzetbaarheid van politie",
        "Veiligheidsbeeld",
        "Jaarwisseling",
        "Herijking landelijke veiligheidsagenda",
        "Taskforce capaciteit",
        "Hoger en anders opgeleiden",
        "WODC-onderzoek",
        "Ondermijning en de plannen richting de Voorjaarsnota",
    ]


def test_seed_2_page_break_inside_a_sentence():
    item = next(item for item in seed_2().items if item.heading == "Hoger en anders opgeleiden")
    assert "concrete maatregelen en realisatie lang op zich laat wachten" in item.summary
    assert "\n" not in item.summary


def test_seed_2_follow_ups_exactly():
    assert follow_ups(seed_2()) == {
        ("Inzetbaarheid van politie", SEED_2_REKENKAMER, "next_meeting", None, "in het volgende LOVP", True),
        ("Jaarwisseling", SEED_2_SEPTEMBER, "month", D(2021, 9, 30), "in september", True),
        (
            "Herijking landelijke veiligheidsagenda",
            "Dit voorstel komt terug in het LOVP van juni.",
            "month",
            D(2021, 6, 30),
            "in het LOVP van juni",
            False,
        ),
        (
            "Ondermijning en de plannen richting de Voorjaarsnota",
            "Over ondermijning en de plannen richting de Voorjaarsnota wordt op 9 maart a.s. apart "
            "besluitvormend "
            "gesproken.",
            "date",
            D(2021, 3, 9),
            "op 9 maart a.s.",
            False,
        ),
    }


def test_seed_2_decisions_exactly():
    assert decisions(seed_2()) == {
        ("Inzetbaarheid van politie", SEED_2_REKENKAMER),
        ("Jaarwisseling", SEED_2_SEPTEMBER),
        ("Herijking landelijke veiligheidsagenda", SEED_2_HERIJKING),
        ("WODC-onderzoek", SEED_2_WODC),
    }


def test_seed_2_next_meeting_known():
    proposal = parse_minutes(
        SEED_2.read_text(encoding="utf-8"),
        meeting_date=D(2021, 2, 8),
        meetings=[D(2020, 11, 23), D(2021, 3, 9), D(2021, 4, 12)],
    )
    rekenkamer = proposal.items[1].follow_ups[0]
    assert (rekenkamer.target.kind, rekenkamer.target.date) == ("next_meeting", D(2021, 3, 9))
    ondermijning = proposal.items[-1].follow_ups[0]
    assert (ondermijning.target.kind, ondermijning.target.date) == ("meeting", D(2021, 3, 9))


def test_owners_are_whatever_the_sentences_name():
    assert {f.owner for p in (seed_1(), seed_2()) for item in p.items for f in item.follow_ups} == {None}


# --- other formats of the same text -----------------------------------------------------------------


def test_seed_2_as_pdf_gives_the_same_proposal():
    lines = SEED_2.read_text(encoding="utf-8").splitlines()
    middle = len(lines) // 2
    data = make_pdf([[*lines[:middle], "1"], ["Terugkoppeling LOVP | pagina 2", *lines[middle:], "2"]])
    proposal = parse_minutes(read_document(data, "seed2.pdf"), meeting_date=D(2021, 2, 8))
    assert proposal.to_json_dict() == seed_2().to_json_dict()


def test_seed_1_as_docx_gives_the_same_follow_ups():
    text = SEED_1.read_text(encoding="utf-8")
    data = make_docx([(line.strip(), None) for line in text.splitlines() if line.strip()])
    proposal = parse_minutes(
        read_document(data, "seed1.docx"), meeting_date=D(2020, 11, 23), meetings=[D(2021, 2, 8)]
    )
    assert follow_ups(proposal) == follow_ups(seed_1())
    assert decisions(proposal) == decisions(seed_1())


# --- the JSON shape -------------------------------------------------------------------------------------


def test_to_json_dict_schema():
    data = seed_1().to_json_dict()
    assert set(data) == {"meeting_date", "items"}
    assert data["meeting_date"] == "2020-11-23"
    for item in data["items"]:
        assert set(item) == {"topic", "summary", "decisions", "follow_ups"}
        assert isinstance(item["summary"], str) and item["summary"]
        for decision in item["decisions"]:
            assert set(decision) == {"text"}
        for follow_up in item["follow_ups"]:
            assert set(follow_up) == {"text", "owner", "target"}
            assert set(follow_up["target"]) == {"kind", "date", "phrase"}
            assert follow_up["target"]["kind"] in (
                "meeting",
                "month",
                "date",
                "next_meeting",
                "period",
                "unspecified",
            )
    roosterdruk = data["items"][0]
    assert roosterdruk["follow_ups"][0]["target"] == {
        "kind": "month",
        "date": "2021-02-28",
        "phrase": "in het LOVP van februari",
    }


def test_summary_keeps_paragraphs_apart():
    text = (
        "Roosterdruk\n"
        "De politie maakt plannen.\n"
        "\n"
        "Het gezag wordt betrokken en dit komt in het LOVP van mei terug.\n"
    )
    proposal = parse_minutes(text, meeting_date=D(2021, 2, 8))
    assert proposal.items[0].summary == (
        "De politie maakt plannen.\n\nHet gezag wordt betrokken en dit komt in het LOVP van mei terug."
    )


# --- bad input ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "leeg"),
        ("   \n \n\t", "leeg"),
        (
            "Dit is een tekst zonder kopjes. Het is een lange alinea in het Nederlands die over de politie "
            "gaat en "
            "waarin van alles wordt verteld, maar er staat geen enkel onderwerp op een eigen regel.",
            "geen onderwerpen",
        ),
        (
            "Feedback from the national police consultation\n"
            "Staffing\n"
            "The mayors asked about the state of affairs. It was agreed that the national plan will be on "
            "the "
            "agenda of the meeting in February and that the unions will be consulted by the chief of "
            "police.\n",
            "Nederlands",
        ),
    ],
    ids=["empty", "blank", "no-headings", "english"],
)
def test_bad_text_raises_a_dutch_error(text, message):
    with pytest.raises(ImportReadError, match=message):
        parse_minutes(text, meeting_date=D(2021, 2, 8))


def test_the_language_check_lets_short_dutch_texts_through():
    proposal = parse_minutes("Rondvraag\nEr zijn geen punten.\n", meeting_date=D(2021, 2, 8))
    assert [item.heading for item in proposal.items] == ["Rondvraag"]
