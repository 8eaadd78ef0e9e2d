"""decisions.importer.extraction: sentences, agreements and promises to come back."""

import datetime

import pytest

from decisions.importer.extraction import analyse_section, is_agreement, split_sentences

D = datetime.date
MEETING = D(2022, 11, 14)


# --- sentences -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "Dit gebeurt in afstemming met het gezag. Ook wordt er aan een landelijk plan gewerkt.",
            ["Dit gebeurt in afstemming met het gezag.", "Ook wordt er aan een landelijk plan gewerkt."],
        ),
        (
            "Hierover wordt op 9 maart a.s. apart besluitvormend gesproken. Er is kort gesproken.",
            ["Hierover wordt op 9 maart a.s. apart besluitvormend gesproken.", "Er is kort gesproken."],
        ),
        (
            "Het rapport komt op 9 maart a.s. De minister reageert.",
            ["Het rapport komt op 9 maart a.s.", "De minister reageert."],
        ),
        (
            "In het LOVP van 23 november jl. is onder meer gesproken over o.a. BOA’s en bijv. OM-zaken.",
            ["In het LOVP van 23 november jl. is onder meer gesproken over o.a. BOA’s en bijv. OM-zaken."],
        ),
        (
            "Er komt een model i.p.v. het huidige (H)BVS. Deze opdracht wordt belegd.",
            ["Er komt een model i.p.v. het huidige (H)BVS.", "Deze opdracht wordt belegd."],
        ),
        (
            "Er komt een model (in de plaats van het huidige (H)BVS). Deze opdracht wordt belegd.",
            ["Er komt een model (in de plaats van het huidige (H)BVS).", "Deze opdracht wordt belegd."],
        ),
        (
            "De aspecten ‘samenwerking buitenland’ en ‘preventief fouilleren’ komen aan bod. Tot slot.",
            ["De aspecten ‘samenwerking buitenland’ en ‘preventief fouilleren’ komen aan bod.", "Tot slot."],
        ),
        (
            "Hij zei: ‘Dit is goed.’ Daarna volgde de korpschef.",
            ["Hij zei: ‘Dit is goed.’", "Daarna volgde de korpschef."],
        ),
        (
            "Dhr. J. de Vries van de t.a.v. de eenheid. Nieuw punt.",
            ["Dhr. J. de Vries van de t.a.v. de eenheid.", "Nieuw punt."],
        ),
        ("Wat betekent dit? Dat zien we in april.", ["Wat betekent dit?", "Dat zien we in april."]),
        (
            "Afgesproken is:\n• de korpschef stelt een plan op;\n• het plan komt in juni terug. Verder "
            "niets.",
            [
                "Afgesproken is:\n• de korpschef stelt een plan op;\n• het plan komt in juni terug. Verder "
                "niets."
            ],
        ),
        ("• Eerste punt.\n• Tweede punt.", ["• Eerste punt.", "• Tweede punt."]),
    ],
)
def test_split_sentences(paragraph, expected):
    assert split_sentences(paragraph) == expected


# --- agreements ----------------------------------------------------------------------------------

AGREEMENTS = [
    "Afgesproken is de doelen te blijven bevriezen op het niveau van 2019.",
    "Afgesproken is dat het landelijke plan in het LOVP van februari op de agenda staat.",
    "Afspraak is dat dit goed wordt gemonitord.",
    "De afspraak is dat de eenheden een plan maken.",
    "Er is afgesproken dat een aantal thema’s in het LOVP van februari worden besproken.",
    "Er zijn afspraken gemaakt om het komende half jaar tot een herijking te komen.",
    "Er is een afspraak gemaakt over de inzet bij demonstraties.",
    "Naar aanleiding van het onderzoek is afgesproken dat er een nieuw model komt.",
    "In het LOVP wordt afgesproken dat de korpschef een voorstel doet.",
    "Het LOVP heeft afgesproken de pilot te verlengen.",
    "Besloten is de pilot te verlengen.",
    "Er is besloten de pilot te verlengen.",
    "Het LOVP stemt in met het voorstel van de korpschef.",
    "Is overeengekomen dat de kosten worden gedeeld.",
    "De leden gaan akkoord met de verdeling.",
    "Het LOVP heeft ingestemd met de voorgestelde werkwijze.",
    "Het LOVP besluit de verdeling van de extra sterkte in het eerste kwartaal van 2023 vast te stellen.",
    "De leden spreken af dat de eenheden elk een plan maken.",
]


@pytest.mark.parametrize("sentence", AGREEMENTS)
def test_agreement(sentence):
    assert is_agreement(sentence)


NOT_AGREEMENTS = [
    "Met een nieuw Kabinet kunnen vervolgens nieuwe afspraken voor 2022 worden gemaakt.",
    "Zoals eerder afgesproken worden de doelen bevroren.",
    "De eerder afgesproken doelen blijven staan.",
    "Waarbij is uitgesproken dat het om het neerwaarts bijstellen van de gemaakte afspraken gaat.",
    "De gemaakte afspraken worden neerwaarts bijgesteld.",
    "Is afgesproken wie dit oppakt?",
    "Er moeten nog afspraken worden gemaakt met de vakbonden.",
    "Er is nog niets afgesproken over de verdeling.",
    "Er zijn geen nieuwe afspraken gemaakt.",
    "Over de verdeling is niet besloten.",
    "Dit voorstel komt terug in het LOVP van juni.",
    "De minister heeft dit bevestigd.",
]


@pytest.mark.parametrize("sentence", NOT_AGREEMENTS)
def test_not_an_agreement(sentence):
    assert not is_agreement(sentence)


# --- promises ------------------------------------------------------------------------------------


def _one(sentence: str, meeting_date=MEETING, meetings=()):
    findings = analyse_section([sentence], meeting_date=meeting_date, meetings=meetings)
    assert len(findings) <= 1
    return findings[0] if findings else None


# (wording, sentence, kind, phrase): each wording of coming back to the LOVP with its own example.
PROMISES = [
    (
        "op de agenda staan",
        "Afgesproken is dat het landelijke plan in het LOVP van februari op de agenda staan.",
        "month",
        "in het LOVP van februari",
    ),
    ("op de agenda zetten", "De korpschef zet de evaluatie in juni op de agenda.", "month", "in juni"),
    (
        "op de agenda komen",
        "Het plan van aanpak komt in het LOVP van maart op de agenda.",
        "month",
        "in het LOVP van maart",
    ),
    (
        "wederom besproken",
        "Afspraak is dat dit goed wordt gemonitord en in april als onderwerp wederom wordt besproken.",
        "month",
        "in april",
    ),
    (
        "nogmaals geagendeerd",
        "Afgesproken is dat in september dit onderwerp nogmaals wordt geagendeerd.",
        "month",
        "in september",
    ),
    ("opnieuw besproken", "Het onderwerp wordt na de zomer opnieuw besproken.", "period", "na de zomer"),
    (
        "geagendeerd",
        "Dit onderwerp wordt een volgend LOVP uitgebreider geagendeerd.",
        "next_meeting",
        "een volgend LOVP",
    ),
    (
        "is geagendeerd voor",
        "Het onderwerp is geagendeerd voor het LOVP van juni.",
        "month",
        "voor het LOVP van juni",
    ),
    ("geagendeerd, vague time", "Dit onderwerp wordt binnenkort geagendeerd.", "unspecified", "binnenkort"),
    ("agenderen", "De eenheidschefs agenderen de evaluatie eind 2023.", "period", "eind 2023"),
    ("komt terug in", "Dit voorstel komt terug in het LOVP van juni.", "month", "in het LOVP van juni"),
    (
        "komt op terug",
        "De minister komt hier in het najaar van 2024 op terug in het LOVP.",
        "period",
        "in het najaar van 2024",
    ),
    ("komt terug, no time", "De korpschef komt hierop terug.", "unspecified", None),
    ("terugkomen", "Het LOVP zal hier eind 2023 op terugkomen.", "period", "eind 2023"),
    (
        "terug te komen",
        "De minister zegt toe in het volgende LOVP op de uitkomsten terug te komen.",
        "next_meeting",
        "in het volgende LOVP",
    ),
    (
        "ter bespreking voor",
        "Deze doelstellingen liggen begin 2023 nog ter bespreking voor.",
        "period",
        "begin 2023",
    ),
    (
        "ter besluitvorming voorliggen",
        "Het plan zal in het LOVP van april ter besluitvorming voorliggen.",
        "month",
        "in het LOVP van april",
    ),
    (
        "teruggekoppeld",
        "De uitkomsten worden voor de zomer teruggekoppeld aan het LOVP.",
        "period",
        "voor de zomer",
    ),
    (
        "terugkoppeling",
        "In het LOVP van september volgt een terugkoppeling over de pilot.",
        "month",
        "In het LOVP van september",
    ),
    (
        "koppelt terug",
        "De korpschef koppelt de resultaten begin volgend jaar terug.",
        "period",
        "begin volgend jaar",
    ),
    (
        "komt naar het LOVP",
        "De korpschef komt met een voorstel naar het LOVP van oktober.",
        "month",
        "naar het LOVP van oktober",
    ),
    (
        "in het LOVP ter sprake",
        "Dit komt in het volgende LOVP ter sprake.",
        "next_meeting",
        "in het volgende LOVP",
    ),
    (
        "doorgeschoven naar",
        "Het onderwerp wordt doorgeschoven naar het LOVP van mei.",
        "month",
        "naar het LOVP van mei",
    ),
    (
        "een sessie aan wijden",
        "Het LOVP zal in het eerste kwartaal van 2023 een sessie aan dit thema wijden.",
        "period",
        "in het eerste kwartaal van 2023",
    ),
    (
        "apart besluitvormend gesproken",
        "Over ondermijning en de plannen richting de Voorjaarsnota wordt op 9 maart a.s. apart "
        "besluitvormend gesproken.",
        "date",
        "op 9 maart a.s.",
    ),
    (
        "apart gesproken",
        "Over de begroting wordt in het LOVP van mei apart gesproken.",
        "month",
        "in het LOVP van mei",
    ),
    (
        "bespreken in het volgende LOVP",
        "Afgesproken is dit rapport waarvan de inhoud nu nog niet openbaar is, te bespreken in het "
        "volgende LOVP.",
        "next_meeting",
        "in het volgende LOVP",
    ),
    (
        "bespreken in het volgende LOVP (2)",
        "We bespreken de evaluatie in het volgende LOVP.",
        "next_meeting",
        "in het volgende LOVP",
    ),
    (
        "in het LOVP van <maand> worden besproken",
        "De resultaten van de pilot zullen in het LOVP van oktober worden besproken.",
        "month",
        "in het LOVP van oktober",
    ),
    (
        "aan de orde komen",
        "De evaluatie komt in het LOVP van juni aan de orde.",
        "month",
        "in het LOVP van juni",
    ),
    ("presenteren", "De korpschef zal in maart het landelijke plan presenteren.", "month", "in maart"),
    (
        "met een voorstel komen",
        "De eenheidschefs komen voor de zomer met een voorstel.",
        "period",
        "voor de zomer",
    ),
    (
        "vast te stellen",
        "Het LOVP besluit de verdeling in het eerste kwartaal van 2023 vast te stellen.",
        "period",
        "in het eerste kwartaal van 2023",
    ),
    (
        "neemt mee naar het LOVP",
        "De korpschef neemt de signalen mee naar het volgende LOVP.",
        "next_meeting",
        "naar het volgende LOVP",
    ),
    (
        "ingegaan",
        "In de volgende vergadering wordt hierop ingegaan.",
        "next_meeting",
        "In de volgende vergadering",
    ),
    (
        "teruggekomen",
        "Hierop wordt in het LOVP van oktober teruggekomen.",
        "month",
        "in het LOVP van oktober",
    ),
    (
        "informeren met het LOVP",
        "De minister informeert het LOVP in april over de voortgang.",
        "month",
        "het LOVP in april",
    ),
]


@pytest.mark.parametrize(("wording", "sentence", "kind", "phrase"), PROMISES, ids=[p[0] for p in PROMISES])
def test_promise(wording, sentence, kind, phrase):
    finding = _one(sentence)
    assert finding is not None and finding.is_promise, wording
    assert (finding.target.kind, finding.target.phrase) == (kind, phrase)


NOT_PROMISES = [
    "Half februari verschijnt een rapport van de Algemene Rekenkamer over inzetbaarheid bij de politie.",
    "Zijn termijn loopt per 1 juni a.s. af.",
    "Dit onderwerp komt ook terug in de eenheden om te bespreken met de gezagen.",
    "Met een nieuw Kabinet kunnen vervolgens nieuwe afspraken voor 2022 worden gemaakt.",
    "Er zijn afspraken gemaakt om het komende half jaar tot een herijking van de landelijke "
    "veiligheidsagenda te "
    "komen, waarbij is uitgesproken dat dit om het verminderen van de gemaakte afspraken gaat.",
    "Afgesproken is de doelen die op de verschillende thema’s gesteld zijn te blijven bevriezen op het "
    "niveau van 2019.",
    "In het LOVP van 23 november jl. is onder meer gesproken over de jaarwisseling.",
    "Ook kwam kort het betekenisvol afdoen ter sprake.",
    "Het onderwerp is in het LOVP van september besproken.",
    "Het stond in het LOVP van september op de agenda.",
    "De visie op dienstverlening is toegelicht.",
    "Er is een terugkoppeling gegeven over de jaarwisseling.",
    "De minister informeert de Tweede Kamer in april over de voortgang.",
    "Het plan wordt in mei in de driehoek besproken.",
    "De regioburgemeesters spreken in april met de vakbonden.",
    "De start van de pilot is uitgesteld.",
    "Op korte termijn wordt nog geen verlichting van de inzet uit de basisteams verwacht.",
    "Belangrijkste vraag was of de sterkte weer spoedig terug zal vloeien.",
    "Op het moment dat de plannen zijn gemaakt, kan opnieuw worden bezien hoe realistisch de "
    "doelstellingen zijn.",
    "Daarnaast is aandacht gevraagd voor het snel behandelen van een conceptwetsvoorstel.",
    "Ook is kort de Zembla uitzending rond de inzet van politiehonden aan bod gekomen.",
    "Ook is de aanpak van online-fraude aan de orde geweest.",
    "De doelen voor 2021 lagen voor.",
    "Bij dit laatste thema is nadrukkelijk ook verzocht mee te nemen hoe de informatiepositie zich "
    "ontwikkelt.",
]


@pytest.mark.parametrize("sentence", NOT_PROMISES)
def test_not_a_promise(sentence):
    finding = _one(sentence, meeting_date=D(2020, 11, 23))
    assert finding is None or not finding.is_promise


def test_an_agreement_with_a_time_is_both():
    finding = _one("Afgesproken is dat in september dit onderwerp nogmaals wordt geagendeerd.")
    assert finding.is_agreement and finding.is_promise


def test_an_agreement_without_a_time_to_come_back_is_only_a_decision():
    finding = _one("Er is afgesproken dat de eenheden een plan maken.")
    assert finding.is_agreement and not finding.is_promise


def test_daar_takes_over_the_previous_promise_in_the_section():
    paragraphs = [
        "Afgesproken is dat het landelijke plan in het LOVP van februari op de agenda staan. "
        "Ook wordt daar teruggekoppeld hoe de gesprekken met de vakbonden verlopen."
    ]
    first, second = analyse_section(paragraphs, meeting_date=D(2020, 11, 23))
    assert second.is_promise and second.inherited and not second.is_agreement
    assert second.target == first.target
    assert (second.target.kind, second.target.date) == ("month", D(2021, 2, 28))


def test_daar_without_an_earlier_promise_is_nothing():
    findings = analyse_section(
        ["Ook wordt daar teruggekoppeld hoe de gesprekken met de vakbonden verlopen."], meeting_date=MEETING
    )
    # "teruggekoppeld" still promises to come back, but there is nothing to inherit from.
    assert [(f.is_promise, f.inherited, f.target.kind) for f in findings] == [(True, False, "unspecified")]


def test_dan_wel_is_not_a_back_reference():
    paragraphs = [
        "Dit komt terug in het LOVP van juni. De eenheden bespreken het plan meer dan eens, dan wel in de "
        "driehoek."
    ]
    findings = analyse_section(paragraphs, meeting_date=MEETING)
    assert len(findings) == 1
