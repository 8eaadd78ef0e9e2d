"""decisions.importer.targets: Dutch time phrases resolved against the meeting date."""

import datetime

import pytest

from decisions.importer.targets import KINDS, Target, add_months, find_date, resolve_target

D = datetime.date
NOV_2020 = D(2020, 11, 23)
FEB_2021 = D(2021, 2, 8)


def test_kinds_are_the_models_target_kinds():
    from decisions.models import FollowUp

    assert set(KINDS) == set(FollowUp.TargetKind.values)


# (sentence, meeting date, known meetings, kind, due date, phrase)
RULES = [
    # next meeting
    (
        "Dit onderwerp wordt een volgend LOVP uitgebreider geagendeerd.",
        NOV_2020,
        [FEB_2021],
        "next_meeting",
        FEB_2021,
        "een volgend LOVP",
    ),
    (
        "Afgesproken is dit rapport te bespreken in het volgende LOVP.",
        FEB_2021,
        [],
        "next_meeting",
        None,
        "in het volgende LOVP",
    ),
    (
        "Dit komt in het eerstvolgende LOVP terug.",
        NOV_2020,
        [D(2021, 6, 1), FEB_2021, D(2020, 9, 1)],
        "next_meeting",
        FEB_2021,
        "in het eerstvolgende LOVP",
    ),
    (
        "De korpschef licht dit toe in de volgende vergadering.",
        NOV_2020,
        [FEB_2021],
        "next_meeting",
        FEB_2021,
        "in de volgende vergadering",
    ),
    ("Dit komt de volgende keer terug.", NOV_2020, [], "next_meeting", None, "de volgende keer"),
    # a meeting in a month
    (
        "Afgesproken is dat het plan in het LOVP van februari op de agenda staat.",
        NOV_2020,
        [],
        "month",
        D(2021, 2, 28),
        "in het LOVP van februari",
    ),
    (
        "Dit voorstel komt terug in het LOVP van juni.",
        FEB_2021,
        [],
        "month",
        D(2021, 6, 30),
        "in het LOVP van juni",
    ),
    (
        "Het onderwerp wordt doorgeschoven naar het LOVP van mei.",
        FEB_2021,
        [],
        "month",
        D(2021, 5, 31),
        "naar het LOVP van mei",
    ),
    (
        "Dit komt in het overleg van september 2022 terug.",
        FEB_2021,
        [],
        "month",
        D(2022, 9, 30),
        "in het overleg van september 2022",
    ),
    # a month
    (
        "Dit wordt in april als onderwerp wederom besproken.",
        NOV_2020,
        [],
        "month",
        D(2021, 4, 30),
        "in april",
    ),
    (
        "Afgesproken is dat in september dit onderwerp nogmaals wordt geagendeerd.",
        FEB_2021,
        [],
        "month",
        D(2021, 9, 30),
        "in september",
    ),
    ("Dit komt in december terug.", NOV_2020, [], "month", D(2020, 12, 31), "in december"),
    ("Dit komt in november terug.", NOV_2020, [], "month", D(2021, 11, 30), "in november"),
    (
        "Dit komt in november terug.",
        D(2020, 11, 2),
        [D(2020, 11, 30)],
        "month",
        D(2020, 11, 30),
        "in november",
    ),
    ("Dit komt deze maand nog terug.", D(2020, 11, 2), [], "month", D(2020, 11, 30), "deze maand"),
    ("Dit komt volgende maand terug.", NOV_2020, [], "month", D(2020, 12, 31), "volgende maand"),
    (
        "Het plan ligt vóór april ter besluitvorming voor.",
        NOV_2020,
        [],
        "period",
        D(2021, 3, 31),
        "vóór april",
    ),
    # an exact date
    (
        "Hierover wordt op 9 maart a.s. apart besluitvormend gesproken.",
        FEB_2021,
        [],
        "date",
        D(2021, 3, 9),
        "op 9 maart a.s.",
    ),
    (
        "Hierover wordt op 9 maart a.s. apart besluitvormend gesproken.",
        FEB_2021,
        [D(2021, 3, 9)],
        "meeting",
        D(2021, 3, 9),
        "op 9 maart a.s.",
    ),
    ("Dit komt terug op 19 april.", FEB_2021, [], "date", D(2021, 4, 19), "op 19 april"),
    ("Dit komt terug op 9 maart 2021.", NOV_2020, [], "date", D(2021, 3, 9), "op 9 maart 2021"),
    ("Dit komt terug op 3 februari.", FEB_2021, [], "date", D(2022, 2, 3), "op 3 februari"),
    (
        "Het LOVP van dinsdag 9 maart bespreekt dit.",
        FEB_2021,
        [],
        "date",
        D(2021, 3, 9),
        "Het LOVP van dinsdag 9 maart",
    ),
    (
        "Uiterlijk 1 apr. 2021 volgt een voorstel.",
        FEB_2021,
        [],
        "date",
        D(2021, 4, 1),
        "Uiterlijk 1 apr. 2021",
    ),
    ("Dit komt terug op 09-03-2021.", FEB_2021, [], "date", D(2021, 3, 9), "op 09-03-2021"),
    # parts of a month
    ("Dit komt begin maart terug.", FEB_2021, [], "period", D(2021, 3, 10), "begin maart"),
    ("Dit komt medio maart terug.", FEB_2021, [], "period", D(2021, 3, 20), "medio maart"),
    ("Dit komt eind maart terug.", FEB_2021, [], "period", D(2021, 3, 31), "eind maart"),
    # parts of a year
    (
        "Deze doelstellingen liggen begin 2021 nog ter bespreking voor.",
        NOV_2020,
        [],
        "period",
        D(2021, 3, 31),
        "begin 2021",
    ),
    ("Dit komt begin volgend jaar terug.", NOV_2020, [], "period", D(2021, 3, 31), "begin volgend jaar"),
    ("Dit komt medio 2021 terug.", NOV_2020, [], "period", D(2021, 6, 30), "medio 2021"),
    ("Dit komt eind 2021 terug.", NOV_2020, [], "period", D(2021, 12, 31), "eind 2021"),
    ("Dit komt eind dit jaar terug.", FEB_2021, [], "period", D(2021, 12, 31), "eind dit jaar"),
    (
        "Dit komt aan het einde van het jaar terug.",
        FEB_2021,
        [],
        "period",
        D(2021, 12, 31),
        "aan het einde van het jaar",
    ),
    ("Dit komt in de loop van 2022 terug.", FEB_2021, [], "period", D(2022, 12, 31), "in de loop van 2022"),
    ("Dit komt in 2022 terug.", FEB_2021, [], "period", D(2022, 12, 31), "in 2022"),
    ("Dit komt volgend jaar terug.", FEB_2021, [], "period", D(2022, 12, 31), "volgend jaar"),
    # quarters and halves
    (
        "Het LOVP zal in het eerste kwartaal van 2023 een sessie aan dit thema wijden.",
        D(2022, 11, 14),
        [],
        "period",
        D(2023, 3, 31),
        "in het eerste kwartaal van 2023",
    ),
    ("Dit komt in Q1 2023 terug.", D(2022, 11, 14), [], "period", D(2023, 3, 31), "in Q1 2023"),
    (
        "Dit komt in het derde kwartaal terug.",
        FEB_2021,
        [],
        "period",
        D(2021, 9, 30),
        "in het derde kwartaal",
    ),
    (
        "Dit komt in het eerste kwartaal terug.",
        NOV_2020,
        [],
        "period",
        D(2021, 3, 31),
        "in het eerste kwartaal",
    ),
    ("Dit komt volgend kwartaal terug.", FEB_2021, [], "period", D(2021, 6, 30), "volgend kwartaal"),
    (
        "Dit komt in het tweede half jaar van 2021 terug.",
        FEB_2021,
        [],
        "period",
        D(2021, 12, 31),
        "in het tweede half jaar van 2021",
    ),
    (
        "Dit komt in de eerste helft van 2022 terug.",
        FEB_2021,
        [],
        "period",
        D(2022, 6, 30),
        "in de eerste helft van 2022",
    ),
    (
        "Dit komt in de tweede helft van het jaar terug.",
        FEB_2021,
        [],
        "period",
        D(2021, 12, 31),
        "in de tweede helft van het jaar",
    ),
    # seasons
    ("Dit komt komend najaar terug.", FEB_2021, [], "period", D(2021, 11, 30), "komend najaar"),
    (
        "De uitkomsten worden voor de zomer teruggekoppeld aan het LOVP.",
        FEB_2021,
        [],
        "period",
        D(2021, 6, 30),
        "voor de zomer",
    ),
    (
        "De uitkomsten worden voor de zomer teruggekoppeld aan het LOVP.",
        D(2021, 9, 6),
        [],
        "period",
        D(2022, 6, 30),
        "voor de zomer",
    ),
    (
        "Het onderwerp wordt na de zomer opnieuw besproken.",
        FEB_2021,
        [],
        "period",
        D(2021, 9, 30),
        "na de zomer",
    ),
    (
        "Het onderwerp komt na het zomerreces terug.",
        FEB_2021,
        [],
        "period",
        D(2021, 9, 30),
        "na het zomerreces",
    ),
    (
        "De minister komt hier in het najaar van 2024 op terug in het LOVP.",
        D(2024, 3, 11),
        [],
        "period",
        D(2024, 11, 30),
        "in het najaar van 2024",
    ),
    ("Dit komt in het voorjaar terug.", NOV_2020, [], "period", D(2021, 5, 31), "in het voorjaar"),
    ("Dit komt in de zomer terug.", FEB_2021, [], "period", D(2021, 8, 31), "in de zomer"),
    ("Dit komt in de herfst terug.", FEB_2021, [], "period", D(2021, 11, 30), "in de herfst"),
    ("Dit komt in de winter terug.", NOV_2020, [], "period", D(2021, 2, 28), "in de winter"),
    (
        "Dit komt voor de jaarwisseling terug.",
        FEB_2021,
        [],
        "period",
        D(2021, 12, 31),
        "voor de jaarwisseling",
    ),
    # durations
    (
        "Er komt het komende half jaar een voorstel.",
        FEB_2021,
        [],
        "period",
        D(2021, 8, 8),
        "het komende half jaar",
    ),
    ("Dit komt binnen drie maanden terug.", FEB_2021, [], "period", D(2021, 5, 8), "binnen drie maanden"),
    ("Dit komt binnen een half jaar terug.", FEB_2021, [], "period", D(2021, 8, 8), "binnen een half jaar"),
    ("Dit komt over twee weken terug.", FEB_2021, [], "period", D(2021, 2, 22), "over twee weken"),
    (
        "Dit komt de komende drie maanden terug.",
        FEB_2021,
        [],
        "period",
        D(2021, 5, 8),
        "de komende drie maanden",
    ),
    # vague or none
    ("Dit komt snel terug.", FEB_2021, [], "unspecified", None, "snel"),
    ("Dit wordt binnenkort geagendeerd.", FEB_2021, [], "unspecified", None, "binnenkort"),
    ("Dit komt op korte termijn terug.", FEB_2021, [], "unspecified", None, "op korte termijn"),
    ("Dit komt te zijner tijd terug.", FEB_2021, [], "unspecified", None, "te zijner tijd"),
    ("Dit komt terug.", FEB_2021, [], "unspecified", None, None),
]


@pytest.mark.parametrize(("sentence", "meeting_date", "meetings", "kind", "due", "phrase"), RULES)
def test_resolves(sentence, meeting_date, meetings, kind, due, phrase):
    target = resolve_target(sentence, meeting_date=meeting_date, meetings=meetings)
    assert (target.kind, target.date, target.phrase) == (kind, due, phrase)
    if phrase:
        assert phrase in sentence


def test_a_month_target_carries_the_first_of_the_month():
    target = resolve_target("in het LOVP van februari", meeting_date=NOV_2020)
    assert target.month == D(2021, 2, 1)
    assert resolve_target("begin 2021", meeting_date=NOV_2020).month is None


@pytest.mark.parametrize(
    ("sentence", "meeting_date"),
    [
        ("In het LOVP van 23 november jl. is gesproken over de jaarwisseling.", NOV_2020),
        ("Op 2 november jl. is het rapport verschenen.", NOV_2020),
        ("Begin 2020 is de pilot gestart.", NOV_2020),
        ("Het plan dateert van 3 maart 2019.", NOV_2020),
        ("De doelen voor 2021 lagen voor.", NOV_2020),
        ("Het gaat om de bewakingseenheden.", NOV_2020),
        ("De Voorjaarsnota biedt ruimte.", FEB_2021),
    ],
)
def test_past_or_no_time_is_no_target(sentence, meeting_date):
    assert resolve_target(sentence, meeting_date=meeting_date) == Target()


def test_the_most_specific_phrase_wins():
    sentence = "Na het rapport van half februari komt dit voor de zomer in het LOVP van juni terug."
    target = resolve_target(sentence, meeting_date=NOV_2020)
    assert (target.kind, target.phrase) == ("month", "in het LOVP van juni")


def test_to_json_dict():
    target = resolve_target("op 9 maart a.s.", meeting_date=FEB_2021)
    assert target.to_json_dict() == {"kind": "date", "date": "2021-03-09", "phrase": "op 9 maart a.s."}
    assert Target().to_json_dict() == {"kind": "unspecified", "date": None, "phrase": None}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bestuurlijke terugkoppeling LOVP 23 november 2020", D(2020, 11, 23)),
        ("Datum: 08-02-2021", D(2021, 2, 8)),
        ("2021-02-08", D(2021, 2, 8)),
        ("8 febr. 2021", D(2021, 2, 8)),
        ("Korte terugkoppeling LOVP", None),
        ("31 februari 2021", None),
    ],
)
def test_find_date(text, expected):
    assert find_date(text) == expected


def test_add_months_clamps_the_day():
    assert add_months(D(2021, 8, 31), 6) == D(2022, 2, 28)
    assert add_months(D(2020, 11, 23), 3) == D(2021, 2, 23)
