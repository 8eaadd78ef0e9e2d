"""Matching the headings and follow-ups of a terugkoppeling to the topics that exist (pure Python)."""

import json
from pathlib import Path

import pytest

from decisions.importer.matching import KnownTopic, match_follow_up_topic, match_heading

from .test_parse import seed_1, seed_2

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"

# The 15 topics of the demo data, with the ids they would get in a fresh database.
TOPICS = [
    KnownTopic(number, entry["fields"]["name"], entry["fields"]["is_standing"])
    for number, entry in enumerate(
        json.loads((FIXTURES / "demo_1_topics.json").read_text(encoding="utf-8")), start=1
    )
]
BY_NAME = {topic.name: topic for topic in TOPICS}

WODC = (
    "Naar aanleiding van het WODC-onderzoek naar sterkteverdeling is afgesproken dat er een nieuw model "
    "voor nieuwe sterkte moet komen dat vooral pragmatisch ingestoken moet worden (in de plaats van het "
    "huidige (H)BVS). Deze opdracht moet gezamenlijk binnen de politieorganisatie belegd worden."
)
TOT_SLOT = (
    "Er is afgesproken dat een aantal thema’s rond ICT en intelligence in het LOVP van februari worden "
    "besproken (het overzetten van eigen beheerde omgevingen naar het PDC, de ontwikkelagenda "
    "intelligence en ontwikkelingen rond TOOI (Team openbare orde inlichtingen). Bij dit laatste thema is "
    "nadrukkelijk ook verzocht mee te nemen hoe de informatiepositie online (social media) zich "
    "ontwikkelt binnen de politie-organisatie. Daarnaast is aandacht gevraagd voor het snel behandelen "
    "van een conceptwetsvoorstel voor het uitbreiden van de toepassing van artikel 174A gemeentewet. Dit "
    "gaat over de mogelijkheid om woningen te sluiten wanneer daarop beschietingen plaatsvinden. Ook is "
    "kort de Zembla uitzending rond de inzet van politiehonden aan bod gekomen. Dit onderwerp wordt een "
    "volgend LOVP uitgebreider geagendeerd."
)
ICT_SENTENCE = (
    "Er is afgesproken dat een aantal thema’s rond ICT en intelligence in het LOVP van februari worden "
    "besproken (het overzetten van eigen beheerde omgevingen naar het PDC, de ontwikkelagenda "
    "intelligence en ontwikkelingen rond TOOI (Team openbare orde inlichtingen)."
)
DOGS_SENTENCE = "Dit onderwerp wordt een volgend LOVP uitgebreider geagendeerd."


def name(topic: KnownTopic | None) -> str | None:
    return topic.name if topic else None


@pytest.mark.parametrize(
    ("heading", "summary", "expected"),
    [
        # Half of the topic's words in the heading is enough.
        ("Roosterdruk", "", "Inzetbaarheid en roosterdruk"),
        ("Inzetbaarheid van politie", "", "Inzetbaarheid en roosterdruk"),
        ("BOA", "", "Geweldsmiddelen BOA"),
        ("Veiligheidsagenda", "", "Landelijke veiligheidsagenda"),
        ("Herijking landelijke veiligheidsagenda", "", "Landelijke veiligheidsagenda"),
        ("Ondermijning en de plannen richting de Voorjaarsnota", "", "Ondermijning"),
        # The name itself, in any case, with a colon.
        ("Jaarwisseling", "", "Jaarwisseling"),
        ("bewaken en beveiligen:", "", "Bewaken en beveiligen"),
        ("Hoger en anders opgeleiden", "", "Hoger en anders opgeleiden"),
        ("Mededelingen", "", "Mededelingen"),
        # Closing sections are the standing Rondvraag.
        ("Tot slot", TOT_SLOT, "Rondvraag"),
        ("Tot slot:", "", "Rondvraag"),
        ("TOT  SLOT", "", "Rondvraag"),
        ("Rondvraag", "", "Rondvraag"),
        ("Afsluiting", "", "Rondvraag"),
        ("Wat verder ter tafel komt", "", "Rondvraag"),
        # A heading that names no topic: the topic named in full in the first sentence.
        ("WODC-onderzoek", WODC, "Sterkteverdeling"),
        ("Onderzoek", "Het veiligheidsbeeld is toegelicht. Er is gesproken over messen.", "Veiligheidsbeeld"),
        # Unknown: a new topic.
        ("Cybercrime", "De korpschef heeft de aanpak van online-fraude toegelicht.", None),
        ("Cybercrime", "", None),
        ("", "", None),
        # Half a word is not a word: "Ondermijnende criminaliteit" is not "Ondermijning".
        ("Ondermijnende criminaliteit", "", None),
        # Only the first sentence counts, and only in full.
        ("Onderzoek", "Er is een rapport verschenen. Het gaat over sterkteverdeling.", None),
        ("Onderzoek", "Er is gesproken over de inzet van de ME.", None),
        # Standing topics are never found through the text.
        ("Overleg", "De rondvraag leverde niets op.", None),
    ],
)
def test_match_heading(heading, summary, expected):
    assert name(match_heading(heading, summary, TOPICS)) == expected


def test_the_closer_match_wins():
    topics = [KnownTopic(1, "Landelijke veiligheidsagenda"), KnownTopic(2, "Veiligheidsagenda")]
    assert name(match_heading("Veiligheidsagenda", "", topics)) == "Veiligheidsagenda"
    # All of a topic's words beat half of another's.
    topics = [KnownTopic(1, "Inzet politiehonden"), KnownTopic(2, "Politiehonden")]
    assert name(match_heading("Politiehonden", "", topics)) == "Politiehonden"


def test_a_closing_heading_without_a_standing_closing_topic():
    topics = [topic for topic in TOPICS if topic.name != "Rondvraag"]
    assert match_heading("Tot slot", "Er is verder niets besproken.", topics) is None


def test_no_topics_at_all():
    assert match_heading("Roosterdruk", WODC, []) is None
    assert match_follow_up_topic(DOGS_SENTENCE, TOT_SLOT, None, []) is None


@pytest.mark.parametrize(
    ("sentence", "summary", "section", "expected"),
    [
        # In a section about a topic, the follow-up is about that topic, whatever it names.
        (
            "Dit voorstel komt terug in het LOVP van juni.",
            "",
            "Landelijke veiligheidsagenda",
            "Landelijke veiligheidsagenda",
        ),
        (
            "Afgesproken is dat de inzet van politiehonden in juni terugkomt.",
            "",
            "Jaarwisseling",
            "Jaarwisseling",
        ),
        # In "Tot slot" each promise is about the theme it names ...
        (ICT_SENTENCE, TOT_SLOT, "Rondvraag", "ICT en intelligence"),
        # ... or the sentence before it names.
        (DOGS_SENTENCE, TOT_SLOT, "Rondvraag", "Inzet politiehonden"),
        # A promise naming no theme stays with the closing section.
        (
            "Dit komt in het LOVP van juni terug.",
            "Er is gesproken. Dit komt in het LOVP van juni terug.",
            "Rondvraag",
            "Rondvraag",
        ),
        # Not the sentence after it.
        (
            "Dit komt in juni terug.",
            "Dit komt in juni terug. Het gaat over de inzet van politiehonden.",
            "Rondvraag",
            "Rondvraag",
        ),
        # The first sentence has nothing before it.
        (
            ICT_SENTENCE,
            ICT_SENTENCE + " Ook is de inzet van politiehonden genoemd.",
            "Rondvraag",
            "ICT en intelligence",
        ),
        # Standing topics are not themes: "Mededelingen" named in a closing promise is not taken.
        (
            "De mededelingen komen in juni terug.",
            "De mededelingen komen in juni terug.",
            "Rondvraag",
            "Rondvraag",
        ),
    ],
)
def test_match_follow_up_topic(sentence, summary, section, expected):
    assert name(match_follow_up_topic(sentence, summary, BY_NAME[section], TOPICS)) == expected


def test_a_follow_up_in_a_new_topic_stays_with_that_topic():
    summary = (
        "De korpschef heeft de aanpak van online-fraude toegelicht. "
        "Afgesproken is dat dit samen met het veiligheidsbeeld in juni terugkomt."
    )
    sentence = "Afgesproken is dat dit samen met het veiligheidsbeeld in juni terugkomt."
    assert match_heading("Cybercrime", summary, TOPICS) is None
    # None: the topic of its agenda item, the new "Cybercrime".
    assert match_follow_up_topic(sentence, summary, None, TOPICS) is None


@pytest.mark.parametrize(
    ("proposal", "expected"),
    [
        (
            seed_1,
            [
                ("Roosterdruk", "Inzetbaarheid en roosterdruk"),
                ("Bewaken en beveiligen", "Bewaken en beveiligen"),
                ("BOA", "Geweldsmiddelen BOA"),
                ("Jaarwisseling", "Jaarwisseling"),
                ("Veiligheidsagenda", "Landelijke veiligheidsagenda"),
                ("Dienstverlening", "Dienstverlening"),
                ("Tot slot", "Rondvraag"),
            ],
        ),
        (
            seed_2,
            [
                ("Bewaken en beveiligen", "Bewaken en beveiligen"),
                ("Inzetbaarheid van politie", "Inzetbaarheid en roosterdruk"),
                ("Veiligheidsbeeld", "Veiligheidsbeeld"),
                ("Jaarwisseling", "Jaarwisseling"),
                ("Herijking landelijke veiligheidsagenda", "Landelijke veiligheidsagenda"),
                ("Taskforce capaciteit", "Taskforce capaciteit"),
                ("Hoger en anders opgeleiden", "Hoger en anders opgeleiden"),
                ("WODC-onderzoek", "Sterkteverdeling"),
                ("Ondermijning en de plannen richting de Voorjaarsnota", "Ondermijning"),
            ],
        ),
    ],
    ids=["seed-1", "seed-2"],
)
def test_the_seed_headings(proposal, expected):
    items = proposal().items
    assert [
        (item.heading, name(match_heading(item.heading, item.summary, TOPICS))) for item in items
    ] == expected


def test_the_seed_1_follow_ups():
    found = []
    for item in seed_1().items:
        section = match_heading(item.heading, item.summary, TOPICS)
        for follow_up in item.follow_ups:
            found.append(name(match_follow_up_topic(follow_up.text, item.summary, section, TOPICS)))
    assert found == [
        "Inzetbaarheid en roosterdruk",
        "Inzetbaarheid en roosterdruk",
        "Bewaken en beveiligen",
        "Landelijke veiligheidsagenda",
        "ICT en intelligence",
        "Inzet politiehonden",
    ]
