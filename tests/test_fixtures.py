"""The demo data in fixtures/ loads into a freshly migrated database and is internally consistent."""

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command

from agenda.models import AgendaItem, Meeting, Topic
from decisions.models import Decision, FollowUp, Party
from lovp.models import User

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"

MEETING_1_ITEMS = [
    ("Roosterdruk", "inzetbaarheid-en-roosterdruk"),
    ("Bewaken en beveiligen", "bewaken-en-beveiligen"),
    ("BOA", "geweldsmiddelen-boa"),
    ("Jaarwisseling", "jaarwisseling"),
    ("Veiligheidsagenda", "landelijke-veiligheidsagenda"),
    ("Dienstverlening", "dienstverlening"),
    ("Tot slot", "rondvraag"),
]
MEETING_2_ITEMS = [
    ("Bewaken en beveiligen", "bewaken-en-beveiligen"),
    ("Inzetbaarheid van politie", "inzetbaarheid-en-roosterdruk"),
    ("Veiligheidsbeeld", "veiligheidsbeeld"),
    ("Jaarwisseling", "jaarwisseling"),
    ("Herijking landelijke veiligheidsagenda", "landelijke-veiligheidsagenda"),
    ("Taskforce capaciteit", "taskforce-capaciteit"),
    ("Hoger en anders opgeleiden", "hoger-en-anders-opgeleiden"),
    ("WODC-onderzoek", "sterkteverdeling"),
    ("Ondermijning en de plannen richting de Voorjaarsnota", "ondermijning"),
]

# (meeting pk, agenda item title, start of the agreement text)
DECISIONS = [
    (1, "Roosterdruk", "Afgesproken is dat het landelijke plan en een doorsnede"),
    (1, "Bewaken en beveiligen", "Afspraak is dat dit goed wordt gemonitord en in april"),
    (1, "Veiligheidsagenda", "Afgesproken is de doelen die op de verschillende thema’s"),
    (1, "Tot slot", "Er is afgesproken dat een aantal thema’s rond ICT en intelligence"),
    (2, "Inzetbaarheid van politie", "Afgesproken is dit rapport waarvan de inhoud"),
    (2, "Jaarwisseling", "Afgesproken is dat in september dit onderwerp nogmaals"),
    (2, "Herijking landelijke veiligheidsagenda", "Er zijn afspraken gemaakt om het komende half jaar"),
    (2, "WODC-onderzoek", "Naar aanleiding van het WODC-onderzoek naar sterkteverdeling"),
]

D = datetime.date
# What must come back, from where, by whom and when; due and target_meeting as resolve_target() computes them.
FOLLOW_UPS = {
    1: dict(
        meeting=1,
        item="Roosterdruk",
        topic="inzetbaarheid-en-roosterdruk",
        decision=True,
        owner="korpschef",
        kind="month",
        target=2,
        due=D(2021, 2, 28),
        status="open",
    ),
    2: dict(
        meeting=1,
        item="Roosterdruk",
        topic="inzetbaarheid-en-roosterdruk",
        decision=False,
        owner="korpschef",
        kind="month",
        target=2,
        due=D(2021, 2, 28),
        status="open",
    ),
    3: dict(
        meeting=1,
        item="Bewaken en beveiligen",
        topic="bewaken-en-beveiligen",
        decision=True,
        owner="korpschef",
        kind="month",
        target=None,
        due=D(2021, 4, 30),
        status="open",
    ),
    4: dict(
        meeting=1,
        item="Veiligheidsagenda",
        topic="landelijke-veiligheidsagenda",
        decision=False,
        owner="korpschef",
        kind="period",
        target=None,
        due=D(2021, 3, 31),
        status="done",
    ),
    5: dict(
        meeting=1,
        item="Tot slot",
        topic="ict-en-intelligence",
        decision=True,
        owner="korpschef",
        kind="month",
        target=2,
        due=D(2021, 2, 28),
        status="open",
    ),
    6: dict(
        meeting=1,
        item="Tot slot",
        topic="inzet-politiehonden",
        decision=False,
        owner="korpschef",
        kind="next_meeting",
        target=2,
        due=D(2021, 2, 8),
        status="open",
    ),
    7: dict(
        meeting=2,
        item="Inzetbaarheid van politie",
        topic="inzetbaarheid-en-roosterdruk",
        decision=True,
        owner="minister-jenv",
        kind="next_meeting",
        target=None,
        due=None,
        status="open",
    ),
    8: dict(
        meeting=2,
        item="Jaarwisseling",
        topic="jaarwisseling",
        decision=True,
        owner="minister-jenv",
        kind="month",
        target=None,
        due=D(2021, 9, 30),
        status="open",
    ),
    9: dict(
        meeting=2,
        item="Herijking landelijke veiligheidsagenda",
        topic="landelijke-veiligheidsagenda",
        decision=False,
        owner="eenheidschefs",
        kind="month",
        target=None,
        due=D(2021, 6, 30),
        status="open",
    ),
    10: dict(
        meeting=2,
        item="Ondermijning en de plannen richting de Voorjaarsnota",
        topic="ondermijning",
        decision=False,
        owner="minister-jenv",
        kind="date",
        target=None,
        due=D(2021, 3, 9),
        status="open",
    ),
}

# username: (password, is_secretariat, is_superuser, group names, party slug)
USERS = {
    "admin": ("admin-demo-2020", True, True, set(), None),
    "secretariaat": ("secretariaat-demo", True, False, {"secretariaat"}, "secretariaat-lovp"),
    "burgemeester": ("burgemeester-demo", False, False, {"lid"}, "regioburgemeesters"),
    "korpschef": ("korpschef-demo", False, False, {"lid"}, "korpschef"),
}


def load_demo_data():
    # Sorted, as the shell expands fixtures/*.json: topics must exist before the agenda items that
    # refer to them by natural key, hence the numbered file names.
    files = sorted(str(path) for path in FIXTURES_DIR.glob("*.json"))
    assert files, "no fixtures found"
    call_command("loaddata", *files, verbosity=0)


@pytest.fixture
def demo_data(db):
    load_demo_data()


@pytest.mark.django_db
def test_meetings(demo_data):
    meetings = list(Meeting.objects.order_by("pk"))
    assert [(m.pk, m.date, m.status, m.kind, m.location) for m in meetings] == [
        (1, D(2020, 11, 23), "held", "regular", "Den Haag"),
        (2, D(2021, 2, 8), "held", "regular", "Den Haag"),
    ]
    assert meetings[0].start_time is None
    assert meetings[0].notes.startswith("In het LOVP van 23 november jl. is onder meer gesproken over")
    assert meetings[0].notes.endswith("is het thema dienstverlening door de politie toegelicht.")


@pytest.mark.django_db
def test_topics_and_parties(demo_data):
    assert Topic.objects.count() == 15
    assert set(Topic.objects.filter(is_standing=True).values_list("slug", flat=True)) == {
        "mededelingen",
        "rondvraag",
    }
    assert not Topic.objects.filter(description="").exists()
    # Parties come from the migration; the fixtures only refer to them.
    assert Party.objects.count() == 7


@pytest.mark.django_db
@pytest.mark.parametrize("meeting_pk, expected", [(1, MEETING_1_ITEMS), (2, MEETING_2_ITEMS)])
def test_agenda_items(demo_data, meeting_pk, expected):
    items = list(
        AgendaItem.objects.filter(meeting_id=meeting_pk).select_related("topic").order_by("position")
    )
    assert [(item.title, item.topic.slug) for item in items] == expected
    assert [item.position for item in items] == list(range(1, len(expected) + 1))
    for item in items:
        assert item.source == "manual"
        assert item.summary and "\n" not in item.summary and "  " not in item.summary
        assert item.summary == item.summary.strip()
    assert AgendaItem.objects.count() == 16


@pytest.mark.django_db
def test_agenda_item_kinds_and_introducers(demo_data):
    kinds = dict(AgendaItem.objects.values_list("pk", "kind"))
    assert {pk for pk, kind in kinds.items() if kind == "information"} == set(
        AgendaItem.objects.filter(
            title__in=["Dienstverlening", "Veiligheidsbeeld", "Taskforce capaciteit"]
        ).values_list("pk", flat=True)
    )
    assert AgendaItem.objects.get(kind="decision").title == "Veiligheidsagenda"
    introduced = set(
        AgendaItem.objects.exclude(introducer="").values_list("meeting_id", "title", "introducer")
    )
    assert introduced == {
        (1, "Roosterdruk", "Regioburgemeesters"),
        (2, "Bewaken en beveiligen", "Korpschef"),
        (2, "Veiligheidsbeeld", "Korpschef"),
        (2, "Taskforce capaciteit", "Korpschef"),
    }


@pytest.mark.django_db
def test_decisions(demo_data):
    decisions = list(Decision.objects.select_related("agenda_item").order_by("pk"))
    assert len(decisions) == len(DECISIONS)
    for decision, (meeting_pk, title, start) in zip(decisions, DECISIONS, strict=True):
        assert decision.agenda_item.meeting_id == meeting_pk
        assert decision.agenda_item.title == title
        assert decision.kind == "agreement"
        assert decision.position == 1
        assert decision.text.startswith(start)
        # The agreement is quoted word for word from the summary of its agenda item.
        assert decision.text in decision.agenda_item.summary


@pytest.mark.django_db
def test_follow_ups(demo_data):
    follow_ups = {
        fu.pk: fu for fu in FollowUp.objects.select_related("agenda_item", "topic", "owner", "decision")
    }
    assert set(follow_ups) == set(FOLLOW_UPS)
    for pk, expected in FOLLOW_UPS.items():
        fu = follow_ups[pk]
        assert fu.agenda_item.meeting_id == expected["meeting"], pk
        assert fu.agenda_item.title == expected["item"], pk
        assert fu.topic.slug == expected["topic"], pk
        assert fu.owner.slug == expected["owner"], pk
        assert fu.target_kind == expected["kind"], pk
        assert fu.target_meeting_id == expected["target"], pk
        assert fu.due_date == expected["due"], pk
        assert fu.status == expected["status"], pk
        kind, due = expected["kind"], expected["due"]
        assert fu.postponement_count == 0, pk
        assert fu.promise_text and fu.promise_text in fu.agenda_item.summary, pk
        if expected["decision"]:
            assert fu.decision.agenda_item_id == fu.agenda_item_id, pk
            assert fu.promise_text == fu.decision.text, pk
        else:
            assert fu.decision is None, pk
        if kind == "month":
            assert fu.target_month is not None and fu.target_month.day == 1, pk
        if kind in ("date", "period"):
            assert fu.target_date == due, pk


@pytest.mark.django_db
def test_resolved_follow_up(demo_data):
    fu = FollowUp.objects.get(pk=4)
    assert fu.is_resolved
    assert fu.resolved_in_id == 2
    assert fu.resolution
    assert fu.resolved_at == datetime.datetime(2021, 2, 8, 15, 0, tzinfo=datetime.UTC)
    assert set(FollowUp.objects.unresolved().values_list("pk", flat=True)) == set(FOLLOW_UPS) - {4}


@pytest.mark.django_db
def test_stored_targets_match_resolve_target(demo_data):
    for fu in FollowUp.objects.all():
        stored = (fu.target_meeting_id, fu.due_date)
        fu.resolve_target()
        assert (fu.target_meeting_id, fu.due_date) == stored, fu.pk


@pytest.mark.django_db
@pytest.mark.parametrize("username", sorted(USERS))
def test_demo_users_log_in(demo_data, client, username):
    password, is_secretariat, is_superuser, groups, party = USERS[username]
    assert client.login(username=username, password=password)
    user = User.objects.get(username=username)
    assert user.is_secretariat is is_secretariat
    assert user.is_superuser is is_superuser
    assert user.group_names == groups
    assert (user.party.slug if user.party else None) == party
    assert user.email.endswith("@lovp.example")
    assert not client.login(username=username, password="wrong-password")


@pytest.mark.django_db
def test_loading_twice_changes_nothing(demo_data):
    models = (Topic, Party, Meeting, AgendaItem, Decision, FollowUp, User)
    before = {model: model.objects.count() for model in models}
    load_demo_data()
    assert {model: model.objects.count() for model in models} == before


@pytest.mark.django_db
def test_new_rows_after_loading_get_fresh_primary_keys(demo_data):
    # loaddata resets the PostgreSQL sequences past the explicit pks of the fixtures.
    meeting = Meeting.objects.create(date=D(2021, 6, 14))
    assert meeting.pk > 2
    user = User.objects.create_user("nieuw", password="nieuw-wachtwoord")
    assert user.pk > 4
