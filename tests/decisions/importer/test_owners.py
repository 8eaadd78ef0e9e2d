"""decisions.importer.owners: the party a follow-up sentence names, or None."""

import pytest

from decisions.importer.owners import find_owner


@pytest.mark.parametrize(
    ("sentence", "slug"),
    [
        ("De korpschef komt met een voorstel naar het LOVP van oktober.", "korpschef"),
        ("De minister komt hier in het najaar van 2024 op terug in het LOVP.", "minister-jenv"),
        ("De minister van Justitie en Veiligheid komt hierop terug.", "minister-jenv"),
        ("De regioburgemeesters agenderen dit in april.", "regioburgemeesters"),
        ("De (regio)burgemeesters komen in juni met een voorstel.", "regioburgemeesters"),
        ("De burgemeesters komen in juni met een voorstel.", "regioburgemeesters"),
        ("De eenheidschefs komen voor de zomer met een voorstel.", "eenheidschefs"),
        ("Het OM koppelt de resultaten in mei terug.", "om"),
        ("Het Openbaar Ministerie koppelt de resultaten in mei terug.", "om"),
        ("De politie komt in het volgende LOVP terug op de inzet.", "korpschef"),
        ("De Politieacademie presenteert in maart het nieuwe onderwijsplan.", "politieacademie"),
        ("Het secretariaat zet dit in juni op de agenda.", "secretariaat-lovp"),
        # the agent of a passive wins over a recipient named earlier
        ("Aan de minister wordt door de korpschef in april teruggekoppeld.", "korpschef"),
        # a party in a setting or as a recipient is not the owner; the next one is
        ("Binnen de politie wordt door het OM in mei een voorstel gedaan.", "om"),
        ("Namens de regioburgemeesters komt de minister hierop terug.", "minister-jenv"),
    ],
)
def test_owner_named_in_the_sentence(sentence, slug):
    assert find_owner(sentence, "") == slug


@pytest.mark.parametrize(
    "sentence",
    [
        "Afgesproken is dat het landelijke plan in het LOVP van februari op de agenda staan.",
        "Dit voorstel komt terug in het LOVP van juni.",
        "De uitkomsten worden voor de zomer teruggekoppeld aan het LOVP.",
        "Dit rapport over inzetbaarheid bij de politie wordt in het volgende LOVP besproken.",
        "De uitkomsten worden in april teruggekoppeld aan de minister.",
        "Het overleg met de politie-organisatie komt in mei terug.",
        "De minister van BZK komt hierop terug.",
    ],
)
def test_no_owner_when_the_sentence_names_nobody_who_acts(sentence):
    assert find_owner(sentence, "") is None


def test_the_section_is_not_used_to_guess():
    section = (
        "De eenheidschefs krijgen een belangrijke rol om tot dit voorstel te komen. Dit voorstel komt terug."
    )
    assert find_owner("Dit voorstel komt terug in het LOVP van juni.", section) is None
