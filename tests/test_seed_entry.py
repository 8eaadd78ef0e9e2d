"""The first seed, the feedback on the LOVP of 23 November 2020, entered the way the secretariat
would: through the web forms, one agenda item per screen. Then the February meeting is planned, and
a member reads it all back."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from agenda.models import AgendaItem, Meeting, Topic
from decisions.models import Decision, FollowUp
from tests.conftest import agenda_item_data, success_messages

pytestmark = pytest.mark.django_db

D = datetime.date
SEED = Path("/work/shared/seeds/lovp-terugkoppeling-2020-11-23.txt")
HEADINGS = [
    "Roosterdruk",
    "Bewaken en beveiligen",
    "BOA",
    "Jaarwisseling",
    "Veiligheidsagenda",
    "Dienstverlening",
    "Tot slot",
]
TITLE = "Bestuurlijke terugkoppeling LOVP 23 november 2020"

# Topics to create, with the agenda item headings that use them. "Tot slot" is the round of any
# other business: the standing topic "Rondvraag", with the heading kept as the item's title.
TOPICS = [
    ("Roosterdruk", False),
    ("Bewaken en beveiligen", False),
    ("BOA", False),
    ("Jaarwisseling", False),
    ("Veiligheidsagenda", False),
    ("Dienstverlening", False),
    ("Rondvraag", True),
    ("ICT en intelligence", False),
    ("Inzet politiehonden", False),
]

FEBRUARY = "in het LOVP van februari"
PLAN = "Landelijk plan tegen roosterdruk en een doorsnede van de regionale plannen agenderen"
VAKBONDEN = "Terugkoppelen hoe de gesprekken met de vakbonden verlopen"
BEWAKEN = "Druk op het stelsel bewaken en beveiligen en op de basisteams opnieuw bespreken"
MENSENHANDEL = "Doelstelling mensenhandel, in overleg met de gezagen bepaald, ter bespreking voorleggen"
ICT = (
    "Thema’s rond ICT en intelligence bespreken: eigen beheerde omgevingen naar het PDC, ontwikkelagenda "
    "intelligence, TOOI en de informatiepositie online"
)
HONDEN = "Inzet van politiehonden na de Zembla-uitzending uitgebreider agenderen"

ITEMS = {
    "Roosterdruk": {
        "topic": "Roosterdruk",
        "introducer": "(regio)burgemeesters",
        "decisions": [
            {
                "text": "Afgesproken is dat het landelijke plan en een doorsnede van de regionale "
                "plannen in het LOVP van februari op de agenda staan.",
                "kind": "agreement",
            },
            {
                "text": "Ook wordt daar teruggekoppeld hoe de gesprekken met de vakbonden verlopen.",
                "kind": "commitment",
            },
        ],
        "follow_ups": [
            {
                "description": PLAN,
                "target_kind": "month",
                "target_month": "2021-02",
                "promise_text": FEBRUARY,
            },
            {
                "description": VAKBONDEN,
                "target_kind": "month",
                "target_month": "februari 2021",
                "promise_text": FEBRUARY,
            },
        ],
    },
    "Bewaken en beveiligen": {
        "topic": "Bewaken en beveiligen",
        "decisions": [
            {
                "text": "Afspraak is dat dit goed wordt gemonitord en in april als onderwerp wederom "
                "wordt besproken."
            },
            {
                "text": "Als de druk op de basisteams in te kleine mate verlicht, is de minister bereid "
                "te bezien of er aanvullende maatregelen nodig zijn.",
                "kind": "commitment",
            },
        ],
        "follow_ups": [
            {
                "description": BEWAKEN,
                "target_kind": "month",
                "target_month": "04-2021",
                "promise_text": "in april",
            },
        ],
    },
    "BOA": {"topic": "BOA", "decisions": [], "follow_ups": []},
    "Jaarwisseling": {
        "topic": "Jaarwisseling",
        "decisions": [
            {
                "text": "De minister heeft bevestigd dat ook het voorhanden hebben van vuurwerk onder "
                "het verbod valt.",
                "kind": "decision",
            },
        ],
        "follow_ups": [],
    },
    "Veiligheidsagenda": {
        "topic": "Veiligheidsagenda",
        "decisions": [
            {
                "text": "Afgesproken is de doelen die op de verschillende thema’s gesteld zijn te "
                "blijven bevriezen op het niveau van 2019 en de resultaten met coulance te bezien."
            },
        ],
        "follow_ups": [
            {
                "description": MENSENHANDEL,
                "target_kind": "period",
                "target_date": "31-03-2021",
                "promise_text": "begin 2021",
            },
        ],
    },
    "Dienstverlening": {"topic": "Dienstverlening", "kind": "information", "decisions": [], "follow_ups": []},
    "Tot slot": {
        "topic": "Rondvraag",
        "title": "Tot slot",
        "decisions": [
            {
                "text": "Er is afgesproken dat een aantal thema’s rond ICT en intelligence in het LOVP "
                "van februari worden besproken."
            },
            {"text": "De inzet van politiehonden wordt een volgend LOVP uitgebreider geagendeerd."},
        ],
        "follow_ups": [
            {
                "description": ICT,
                "topic": "ICT en intelligence",
                "target_kind": "month",
                "target_month": "2021-02",
                "promise_text": FEBRUARY,
            },
            {
                "description": HONDEN,
                "topic": "Inzet politiehonden",
                "target_kind": "next_meeting",
                "promise_text": "een volgend LOVP",
            },
        ],
    },
}


def read_seed() -> tuple[str, dict[str, str]]:
    """The introduction and the paragraph under each heading, with the PDF line breaks undone."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    intro, sections, current = [], {}, None
    for line in lines:
        if line in HEADINGS:
            current = line
            sections[current] = []
        elif line and line != TITLE:
            (sections[current] if current else intro).append(line)
    return " ".join(intro), {heading: " ".join(words) for heading, words in sections.items()}


@pytest.fixture
def seed():
    if not SEED.exists():
        pytest.skip(f"seed file {SEED} is not available")
    intro, sections = read_seed()
    assert list(sections) == HEADINGS
    assert all(sections.values())
    return intro, sections


def test_enter_the_first_seed_through_the_forms(
    seed, secretariat_client, secretariat_user, member_client, korpschef, today
):
    intro, sections = seed
    today(D(2020, 11, 25))

    # The meeting.
    assert secretariat_client.get(reverse("agenda:meeting_create")).status_code == 200
    response = secretariat_client.post(
        reverse("agenda:meeting_create"),
        {"date": "23-11-2020", "start_time": "", "kind": "regular", "location": "", "notes": intro},
    )
    november = Meeting.objects.get()
    assertRedirects(response, november.get_absolute_url(), fetch_redirect_response=False)
    assert november.date == D(2020, 11, 23)

    # The topics it needs.
    for name, standing in TOPICS:
        response = secretariat_client.post(
            reverse("agenda:topic_create"),
            {"name": name, "description": "", "is_standing": "on" if standing else ""},
        )
        assert response.status_code == 302, response.context and response.context["form"].errors
    topics = {topic.name: topic for topic in Topic.objects.all()}
    assert set(topics) == {name for name, _standing in TOPICS}
    assert topics["Rondvraag"].is_standing

    # One screen per heading: summary, agreements and follow-ups in one POST.
    create_url = reverse("agenda:agenda_item_create", args=[november.pk])
    for heading in HEADINGS:
        spec = ITEMS[heading]
        assert secretariat_client.get(create_url).status_code == 200
        data = agenda_item_data(
            topic=topics[spec["topic"]],
            title=spec.get("title", ""),
            kind=spec.get("kind", "discussion"),
            introducer=spec.get("introducer", ""),
            summary=sections[heading],
            decisions=spec["decisions"],
            follow_ups=[
                {**row, "owner": korpschef, "topic": topics[row["topic"]] if "topic" in row else ""}
                for row in spec["follow_ups"]
            ],
            blank_extra=True,
        )
        last = heading == HEADINGS[-1]
        if not last:
            data["save_and_add"] = "1"
        response = secretariat_client.post(create_url, data)
        assert response.status_code == 302, response.context and [
            response.context["form"].errors,
            response.context["decision_formset"].errors,
            response.context["follow_up_formset"].errors,
        ]
        assert success_messages(response) == [f"Het agendapunt ‘{heading}’ is opgeslagen."]
        item = AgendaItem.objects.latest("pk")
        assertRedirects(
            response, item.get_absolute_url() if last else create_url, fetch_redirect_response=False
        )

    # What was stored.
    items = list(november.agenda_items.order_by("position"))
    assert [item.heading for item in items] == HEADINGS
    assert [item.position for item in items] == list(range(1, 8))
    assert all(item.summary == sections[item.heading] for item in items)
    assert Decision.objects.count() == 8
    assert FollowUp.objects.count() == 6
    follow_ups = {follow_up.description: follow_up for follow_up in FollowUp.objects.all()}
    assert all(follow_up.owner == korpschef for follow_up in follow_ups.values())
    assert all(follow_up.status == FollowUp.Status.OPEN for follow_up in follow_ups.values())
    assert follow_ups[PLAN].topic == follow_ups[VAKBONDEN].topic == topics["Roosterdruk"]
    assert follow_ups[ICT].topic == topics["ICT en intelligence"]
    assert follow_ups[HONDEN].topic == topics["Inzet politiehonden"]
    assert follow_ups[ICT].agenda_item.heading == "Tot slot"

    # Before February is planned: month targets are due at the end of the month, the next meeting is unknown.
    expected = {
        PLAN: (D(2021, 2, 1), None, D(2021, 2, 28)),
        VAKBONDEN: (D(2021, 2, 1), None, D(2021, 2, 28)),
        ICT: (D(2021, 2, 1), None, D(2021, 2, 28)),
        BEWAKEN: (D(2021, 4, 1), None, D(2021, 4, 30)),
        MENSENHANDEL: (None, None, D(2021, 3, 31)),
        HONDEN: (None, None, None),
    }
    assert {d: (f.target_month, f.target_meeting, f.due_date) for d, f in follow_ups.items()} == expected
    assert follow_ups[MENSENHANDEL].target_date == D(2021, 3, 31)

    # The February meeting is planned, a week later: the session ended after 8 hours without a request.
    today(D(2020, 12, 1))
    assert secretariat_client.get(reverse("dashboard")).status_code == 302
    secretariat_client.force_login(secretariat_user)
    response = secretariat_client.post(
        reverse("agenda:meeting_create"),
        {"date": "2021-02-08", "start_time": "13:00", "kind": "regular", "location": "Den Haag", "notes": ""},
    )
    february = Meeting.objects.get(date=D(2021, 2, 8))
    assertRedirects(response, february.get_absolute_url(), fetch_redirect_response=False)

    follow_ups = {follow_up.description: follow_up for follow_up in FollowUp.objects.all()}
    expected.update(
        {
            PLAN: (D(2021, 2, 1), february, D(2021, 2, 28)),
            VAKBONDEN: (D(2021, 2, 1), february, D(2021, 2, 28)),
            ICT: (D(2021, 2, 1), february, D(2021, 2, 28)),
            HONDEN: (None, february, D(2021, 2, 8)),
        }
    )
    assert {d: (f.target_month, f.target_meeting, f.due_date) for d, f in follow_ups.items()} == expected

    # A member reads it back.
    today(D(2021, 1, 15))
    response = member_client.get(november.get_absolute_url())
    assert response.status_code == 200
    assertContains(response, "<h1>LOVP 23 november 2020</h1>", html=True)
    assertContains(response, escape(intro))
    for position, heading in enumerate(HEADINGS, start=1):
        assertContains(response, f"{position}. {heading}")
        assertContains(response, escape(sections[heading]))
        for decision in ITEMS[heading]["decisions"]:
            assertContains(response, escape(decision["text"]))
    for description in follow_ups:
        assertContains(response, escape(description))
    assertContains(response, "februari 2021 (LOVP 8 februari 2021)", count=3)
    assertContains(response, "volgende vergadering (LOVP 8 februari 2021)", count=1)
    assertContains(response, "uiterlijk 31 maart 2021", count=1)
    assertContains(response, '<td data-label="Komt terug">april 2021</td>', count=1)
    assertContains(response, '<td data-label="Uiterlijk">30 april 2021</td>', count=1)
    assertNotContains(response, "over tijd")

    response = member_client.get(february.get_absolute_url())
    assert response.status_code == 200
    assertContains(response, "<h1>LOVP 8 februari 2021</h1>", html=True)
    assert {f.description for f in response.context["due_here"]} == {PLAN, VAKBONDEN, ICT, HONDEN}
    for description in (PLAN, VAKBONDEN, ICT, HONDEN):
        assertContains(response, escape(description))
    for description in (BEWAKEN, MENSENHANDEL):
        assertNotContains(response, escape(description))

    response = member_client.get(reverse("agenda:topic_list"))
    for name, _standing in TOPICS:
        assertContains(response, escape(name))

    for topic_name, descriptions in {
        "Roosterdruk": [PLAN, VAKBONDEN],
        "Bewaken en beveiligen": [BEWAKEN],
        "Veiligheidsagenda": [MENSENHANDEL],
        "ICT en intelligence": [ICT],
        "Inzet politiehonden": [HONDEN],
    }.items():
        response = member_client.get(topics[topic_name].get_absolute_url())
        assert response.status_code == 200
        assertContains(response, f"<h1>{escape(topic_name)}</h1>", html=True)
        assertContains(response, "LOVP 23 november 2020")
        assert [f.description for f in response.context["open_follow_ups"]] == descriptions
        for description in descriptions:
            assertContains(response, escape(description))

    response = member_client.get(topics["Rondvraag"].get_absolute_url())
    assertContains(response, "Tot slot")
    assertContains(response, escape(sections["Tot slot"]))

    labels = {
        PLAN: "februari 2021 (LOVP 8 februari 2021)",
        VAKBONDEN: "februari 2021 (LOVP 8 februari 2021)",
        ICT: "februari 2021 (LOVP 8 februari 2021)",
        BEWAKEN: "april 2021",
        MENSENHANDEL: "uiterlijk 31 maart 2021",
        HONDEN: "volgende vergadering (LOVP 8 februari 2021)",
    }
    for description, follow_up in follow_ups.items():
        response = member_client.get(follow_up.get_absolute_url())
        assert response.status_code == 200
        assertContains(response, f"<h1>{escape(description)}</h1>", html=True)
        assertContains(response, labels[description])
        assertContains(response, "Korpschef")
        assertContains(response, f"“{follow_up.promise_text}”")
        assertContains(response, f"LOVP 23 november 2020, {follow_up.agenda_item.heading}")
        assertContains(
            response, date_format(follow_up.due_date, "j F Y") if follow_up.due_date else "nog niet bekend"
        )

    response = member_client.get(reverse("decisions:followup_list"))
    for description in follow_ups:
        assertContains(response, escape(description))
