"""Demo data at scale: many meetings, topics, follow-ups and users, for load and speed measurements.

`python manage.py seed_demo --meetings 20000 --follow-ups 1000000 --users 10000` calls `seed_scale`.
The shapes follow the real terugkoppelingen: topics recur over meetings (a few often, many now and
then), most follow-ups come back at the next meeting or in a named month, most old ones are done,
about one in ten is over time, some are postponed several times, a few are confidential.

Rows are generated in Python with a fixed random seed and written in bulk: on PostgreSQL with COPY
(a million follow-ups in a few minutes), elsewhere with batched INSERTs. Primary keys are assigned
here, so no row has to be read back; the sequences are moved past them at the end. The audit trail
(django-simple-history) gets no records for seeded rows, as for rows loaded from a fixture.
"""

import bisect
import calendar
import datetime
import itertools
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from agenda.models import AgendaItem, Meeting, Topic
from decisions.models import Decision, FollowUp, Party, Postponement
from lovp import roles
from lovp.models import User

THEMES = [
    "Roosterdruk",
    "Bewaken en beveiligen",
    "Inzet politiehonden",
    "Jaarwisseling en vuurwerk",
    "Ondermijning",
    "Cybercrime",
    "Landelijke meldkamer",
    "Capaciteit politie",
    "Zorg en veiligheid",
    "Personen met verward gedrag",
    "Demonstraties",
    "Coronamaatregelen",
    "Jeugdcriminaliteit",
    "Drugsbeleid",
    "Huiselijk geweld",
    "Mensenhandel",
    "Cameratoezicht",
    "Evenementen",
    "Voetbal en veiligheid",
    "Radicalisering",
    "Digitale weerbaarheid",
    "Wijkagenten",
    "Handhaving en boa's",
    "Veiligheidsagenda",
    "Informatie-uitwisseling",
    "Begroting politie",
    "Opsporing",
    "High impact crimes",
    "Explosies bij woningen",
    "Witwassen",
    "Georganiseerde criminaliteit",
    "Crisisbeheersing",
    "Formatie en bezetting",
    "Gezagsrol burgemeester",
    "Integriteit",
    "Diversiteit en inclusie",
    "Werving en selectie",
    "Politieonderwijs",
    "Klachtafhandeling",
    "Bodycams",
]
QUALIFIERS = [
    "",
    "Noord-Nederland",
    "Oost-Nederland",
    "Midden-Nederland",
    "Noord-Holland",
    "Amsterdam",
    "Den Haag",
    "Rotterdam",
    "Zeeland-West-Brabant",
    "Oost-Brabant",
    "Limburg",
    "evaluatie",
    "wetgeving",
    "financiering",
    "pilot",
    "monitor",
    "landelijk beeld",
    "uitvoering",
    "kwartaalrapportage",
    "bestuurlijke afspraken",
    "convenant",
    "werkgroep",
    "onderzoek",
    "plan van aanpak",
    "stand van zaken",
]
STANDING_TOPICS = ["Mededelingen", "Rondvraag"]
PLACES = [
    "Amersfoort",
    "Apeldoorn",
    "Arnhem",
    "Breda",
    "Den Bosch",
    "Dordrecht",
    "Eindhoven",
    "Enschede",
    "Groningen",
    "Haarlem",
    "Heerlen",
    "Leeuwarden",
    "Leiden",
    "Maastricht",
    "Nijmegen",
    "Tilburg",
    "Utrecht",
    "Venlo",
    "Zaanstad",
    "Zwolle",
    "Almere",
    "Assen",
    "Deventer",
    "Middelburg",
    "Alkmaar",
]
BODIES = [
    "Gemeente",
    "Burgemeester",
    "Veiligheidsregio",
    "Politie-eenheid",
    "Parket",
    "Regionaal veiligheidsoverleg",
]
FIRST_NAMES = [
    "Anna",
    "Bram",
    "Carla",
    "Daan",
    "Eva",
    "Femke",
    "Gert",
    "Hanna",
    "Iris",
    "Joost",
    "Karin",
    "Lars",
    "Marieke",
    "Noor",
    "Otto",
    "Petra",
    "Quinten",
    "Rianne",
    "Sander",
    "Tessa",
    "Umar",
    "Vera",
    "Wim",
    "Yara",
    "Zeger",
]
LAST_NAMES = [
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "Yilmaz",
]
# The words of follow-up texts. Each appears in a few per cent of the texts at most, as real words do.
ACTIONS = [
    "terugkoppelen",
    "uitwerken",
    "bespreken",
    "agenderen",
    "evalueren",
    "toelichten",
    "voorleggen",
    "inventariseren",
    "afstemmen",
    "rapporteren",
    "herijken",
    "concretiseren",
]
SUBJECTS = [
    "het landelijke plan",
    "een doorsnede van de regionale plannen",
    "de gesprekken met de vakbonden",
    "de voortgang van de pilot",
    "de resultaten van het onderzoek",
    "de inzet van capaciteit",
    "de kosten en baten",
    "het advies van de werkgroep",
    "de uitvoering van het convenant",
    "de knelpunten in de samenwerking",
    "de cijfers over het afgelopen kwartaal",
    "de wettelijke grondslag",
    "de ervaringen van de eenheden",
    "de rol van het gezag",
    "de informatiepositie van gemeenten",
    "het tijdpad",
    "de communicatie naar burgers",
    "de financiële gevolgen",
    "de aanbevelingen van de inspectie",
    "de bezetting in de zomer",
    "de afspraken met het OM",
    "de landelijke richtlijn",
    "de signalen uit de regio",
    "de monitor",
    "de opleiding van nieuwe medewerkers",
]
PROMISES = [
    "in het LOVP van {month} op de agenda",
    "komt terug in het LOVP van {month}",
    "in {month} wederom besproken",
    "in het volgende LOVP teruggekoppeld",
    "voor {date} schriftelijk gedeeld",
    "bij de volgende vergadering",
]
POSTPONE_REASONS = [
    "Het onderzoek is nog niet afgerond.",
    "Op verzoek van de korpschef uitgesteld.",
    "Agenda was te vol.",
    "Wacht op het advies van de werkgroep.",
    "Eerst afstemming met het OM nodig.",
]
RESOLUTIONS = [
    "Besproken en afgerond.",
    "Schriftelijk teruggekoppeld.",
    "Opgenomen in de voortgangsrapportage.",
    "Niet meer nodig: ingehaald door nieuw beleid.",
    "Besproken; geen vervolg nodig.",
]
MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]

# Of the follow-ups whose term has passed, the share still unresolved: with most follow-ups in the
# past, about one in ten is over time.
UNRESOLVED_PAST_SHARE = 0.105
POSTPONED_SHARE = 0.10
CONFIDENTIAL_SHARE = 0.015
NO_OWNER_SHARE = 0.08
DIGEST_SHARE = 0.3
PLANNED_SHARE = 0.02


@dataclass(frozen=True)
class ScaleResult:
    meetings: int
    topics: int
    agenda_items: int
    decisions: int
    follow_ups: int
    postponements: int
    parties: int
    users: int
    overdue: int


@dataclass(frozen=True)
class _Meeting:
    pk: int
    date: datetime.date
    held: bool


def seed_scale(
    *,
    meetings: int,
    follow_ups: int,
    users: int,
    today: datetime.date | None = None,
    seed: int = 2020,
    progress: Callable[[str], None] = lambda message: None,
) -> ScaleResult:
    """Fill an empty database (no meetings yet) with generated meetings, topics, agenda items,
    decisions, follow-ups with postponements, parties and users. Returns what was made."""
    if meetings < 2:
        raise ValueError("At least two meetings are needed.")
    if Meeting.objects.exists():
        raise ValueError("The database already has meetings; seed_demo fills an empty database.")
    today = today or timezone.localdate()
    rng = random.Random(seed)
    now = timezone.now()
    seeded = [Party, User, User.groups.through, Topic, Meeting, AgendaItem, Decision, FollowUp, Postponement]
    with transaction.atomic():
        writer = _BulkWriter(seeded)
        party_ids, party_weights = _seed_parties(writer, rng, users=users)
        progress(f"{len(party_ids)} partijen")
        user_count = _seed_users(writer, rng, users=users, party_ids=party_ids, now=now)
        progress(f"{user_count} gebruikers")
        topic_ids, standing_ids = _seed_topics(writer, meetings=meetings)
        progress(f"{len(topic_ids) + len(standing_ids)} onderwerpen")
        calendar_ = _seed_meetings(writer, rng, meetings=meetings, today=today, now=now)
        progress(f"{len(calendar_)} vergaderingen")
        items, item_count = _seed_agenda_items(writer, rng, calendar_, topic_ids, standing_ids, now=now)
        progress(f"{item_count} agendapunten")
        decision_count, decision_of_item = _seed_decisions(writer, rng, items)
        progress(f"{decision_count} besluiten")
        follow_up_count, postponement_count = _seed_follow_ups(
            writer,
            rng,
            count=follow_ups,
            calendar_=calendar_,
            items=items,
            decision_of_item=decision_of_item,
            party_ids=party_ids,
            party_weights=party_weights,
            today=today,
        )
        progress(f"{follow_up_count} vervolgacties, {postponement_count} keer uitgesteld")
        writer.reset_sequences(seeded)
    writer.analyze()
    return ScaleResult(
        meetings=len(calendar_),
        topics=len(topic_ids) + len(standing_ids),
        agenda_items=item_count,
        decisions=decision_count,
        follow_ups=follow_up_count,
        postponements=postponement_count,
        parties=len(party_ids),
        users=user_count,
        overdue=FollowUp.objects.overdue(on=today).count(),
    )


class _BulkWriter:
    """Writes rows (dicts keyed by column name) to a model's table: COPY on PostgreSQL, batched INSERT
    elsewhere. Primary keys are given by the caller (`next_id`)."""

    BATCH = 2000

    def __init__(self, model_list: list[type[models.Model]]):
        # Read before any COPY starts: while one runs, the connection can answer nothing else.
        self._next: dict[type[models.Model], int] = {
            model: (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1 for model in model_list
        }

    def next_id(self, model: type[models.Model]) -> int:
        pk = self._next[model]
        self._next[model] = pk + 1
        return pk

    def write(self, model: type[models.Model], rows: Iterable[dict]) -> int:
        fields = model._meta.concrete_fields
        columns = [field.column for field in fields]
        table = model._meta.db_table
        count = 0
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
                with cursor.cursor.copy(
                    f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
                ) as copy:
                    for row in rows:
                        copy.write_row([row.get(column) for column in columns])
                        count += 1
            else:
                placeholders = ", ".join(["%s"] * len(columns))
                sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"
                iterator = iter(rows)
                while batch := list(itertools.islice(iterator, self.BATCH)):
                    # Values as the backend stores them (SQLite has no adapter for a time, say).
                    cursor.executemany(
                        sql,
                        [
                            [field.get_db_prep_save(row.get(field.column), connection) for field in fields]
                            for row in batch
                        ],
                    )
                    count += len(batch)
        return count

    def reset_sequences(self, model_list: list[type[models.Model]]) -> None:
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), model_list):
                cursor.execute(sql)

    def analyze(self) -> None:
        """Fresh planner statistics (and, on PostgreSQL, a visibility map for index-only scans), as
        autovacuum would have made them on a database that grew over years."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # VACUUM cannot run in a transaction (a test's); ANALYZE alone then.
                command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
                for model in (Meeting, AgendaItem, Decision, FollowUp, Postponement, User, Topic, Party):
                    cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
            else:
                cursor.execute("ANALYZE")


# --- parties and users ---------------------------------------------------------------------------


def _seed_parties(writer: _BulkWriter, rng: random.Random, *, users: int) -> tuple[list[int], list[float]]:
    """The LOVP's own parties (from the migration) and, for larger scales, the bodies of other
    consultations: about one party per twenty users. The LOVP parties own most follow-ups."""
    existing = list(Party.objects.order_by("position", "pk").values_list("pk", flat=True))
    extra = min(2000, users // 20)
    names = (f"{body} {place}" for body, place in itertools.product(BODIES, PLACES))
    rows = []
    for number in range(extra):
        name = next(names, None) or f"Overlegpartner {number + 1}"
        rows.append(
            {
                "id": writer.next_id(Party),
                "name": name,
                "slug": f"partij-{number + 1}",
                "position": 100 + number,
                "is_active": True,
            }
        )
    writer.write(Party, rows)
    party_ids = existing + [row["id"] for row in rows]
    weights = [8.0] * len(existing) + [1.0] * len(rows)
    return party_ids, weights


def _seed_users(writer: _BulkWriter, rng: random.Random, *, users: int, party_ids: list[int], now) -> int:
    password = make_password("demo-schaal")  # hashed once: hashing per user would take minutes
    member_group, _created = Group.objects.get_or_create(name=roles.MEMBER)
    first_id = None
    rows = []
    for number in range(1, users + 1):
        pk = writer.next_id(User)
        first_id = first_id or pk
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        rows.append(
            {
                "id": pk,
                "password": password,
                "last_login": None,
                "is_superuser": False,
                "username": f"gebruiker{number:05d}",
                "first_name": first,
                "last_name": last,
                "email": f"gebruiker{number:05d}@lovp.example",
                "is_staff": False,
                "is_active": True,
                "date_joined": now,
                "party_id": rng.choice(party_ids) if rng.random() > 0.1 else None,
                "weekly_digest": rng.random() < DIGEST_SHARE,
                "calendar_token": None,
            }
        )
    writer.write(User, rows)
    if rows:
        membership = User.groups.through
        writer.write(
            membership,
            (
                {"id": writer.next_id(membership), "user_id": row["id"], "group_id": member_group.pk}
                for row in rows
            ),
        )
    return len(rows)


# --- topics and meetings -------------------------------------------------------------------------


def _seed_topics(writer: _BulkWriter, *, meetings: int) -> tuple[list[int], list[int]]:
    """About one topic per forty meetings (at least twenty), named after the LOVP's themes."""
    wanted = max(20, min(len(THEMES) * len(QUALIFIERS), meetings // 40))
    names = [
        theme if not qualifier else f"{theme}: {qualifier}" for qualifier in QUALIFIERS for theme in THEMES
    ]
    taken = set(Topic.objects.values_list("name", flat=True))
    rows, standing = [], []
    for number, name in enumerate(name for name in names if name not in taken):
        if number >= wanted:
            break
        rows.append(
            {
                "id": writer.next_id(Topic),
                "name": name,
                "slug": f"onderwerp-{number + 1}",
                "description": "",
                "is_standing": False,
            }
        )
    for name in STANDING_TOPICS:
        topic = Topic.objects.filter(name=name).first()
        if topic is None:
            row = {
                "id": writer.next_id(Topic),
                "name": name,
                "slug": name.lower(),
                "description": "",
                "is_standing": True,
            }
            rows.append(row)
            standing.append(row["id"])
        else:
            standing.append(topic.pk)
    writer.write(Topic, rows)
    return [row["id"] for row in rows if row["id"] not in standing], standing


def _seed_meetings(writer: _BulkWriter, rng: random.Random, *, meetings: int, today, now) -> list[_Meeting]:
    """Meetings on working days: about 2 % still to come (within three months), the rest in the past,
    spread over as many years as ten meetings a year need, at most ten years."""
    planned = max(2, round(meetings * PLANNED_SHARE))
    held = meetings - planned
    years = min(10.0, max(1.0, held / 10))
    past_days = int(years * 365)
    days = sorted(today - datetime.timedelta(days=1 + int(past_days * rng.random())) for _ in range(held))
    days += sorted(today + datetime.timedelta(days=7 + int(83 * rng.random())) for _ in range(planned))
    days = [_working_day(day) for day in days]
    # Held meetings are in the past: a weekend pushed forward may have reached today.
    days = [
        min(day, today - datetime.timedelta(days=1))
        if index < held
        else max(day, today + datetime.timedelta(days=1))
        for index, day in enumerate(days)
    ]
    order = sorted(range(len(days)), key=lambda index: days[index])
    calendar_, rows = [], []
    for index in order:
        day, is_held = days[index], index < held
        pk = writer.next_id(Meeting)
        calendar_.append(_Meeting(pk=pk, date=day, held=is_held))
        rows.append(
            {
                "id": pk,
                "date": day,
                "start_time": datetime.time(10, 0),
                "kind": "extra" if rng.random() < 0.05 else "regular",
                "location": rng.choice(PLACES),
                "status": "held" if is_held else "planned",
                "notes": "",
                "agenda_status": "published" if is_held else "none",
                "agenda_published_at": now if is_held else None,
                "draft_notified_at": None,
                "members_notified_at": now if is_held else None,
                "archived_at": None,
                "created_at": now,
                "updated_at": now,
            }
        )
    writer.write(Meeting, rows)
    return calendar_


def _working_day(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


@dataclass(frozen=True)
class _Item:
    pk: int
    meeting_index: int
    topic_id: int
    confidential: bool


def _seed_agenda_items(
    writer: _BulkWriter, rng: random.Random, calendar_: list[_Meeting], topic_ids, standing_ids, *, now
) -> tuple[list[_Item], int]:
    """Per held meeting the standing topics and two to six others; a few topics come back often,
    most now and then (weights falling with rank). Planned meetings get their agenda from the draft
    agenda job. Returns the items follow-ups can be agreed at (not the standing ones)."""
    weights = list(itertools.accumulate(1 / (rank + 1) ** 0.9 for rank in range(len(topic_ids))))
    items, rows = [], []
    for index, meeting in enumerate(calendar_):
        if not meeting.held:
            continue
        chosen: list[int] = []
        for _ in range(rng.randint(2, 6)):
            topic_id = topic_ids[bisect.bisect(weights, rng.random() * weights[-1])]
            if topic_id not in chosen:
                chosen.append(topic_id)
        lines = [(standing_ids[0], False), *((topic, True) for topic in chosen), (standing_ids[-1], False)]
        for position, (topic_id, discussed) in enumerate(lines, start=1):
            pk = writer.next_id(AgendaItem)
            confidential = discussed and rng.random() < 0.02
            rows.append(
                {
                    "id": pk,
                    "meeting_id": meeting.pk,
                    "topic_id": topic_id,
                    "title": "",
                    "position": position,
                    "kind": rng.choice(["discussion", "discussion", "information", "decision"]),
                    "summary": _summary(rng) if discussed else "",
                    "introducer": "",
                    "source": "manual",
                    "is_confidential": confidential,
                    "public_from": None,
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                    "created_by_id": None,
                }
            )
            if discussed:
                items.append(_Item(pk=pk, meeting_index=index, topic_id=topic_id, confidential=confidential))
    return items, writer.write(AgendaItem, rows)


def _summary(rng: random.Random) -> str:
    return (
        f"De leden hebben gesproken over {rng.choice(SUBJECTS)} en {rng.choice(SUBJECTS)}. "
        f"Afgesproken is om {rng.choice(SUBJECTS)} te {rng.choice(ACTIONS)}."
    )


def _seed_decisions(
    writer: _BulkWriter, rng: random.Random, items: list[_Item]
) -> tuple[int, dict[int, int]]:
    decision_of_item: dict[int, int] = {}

    def rows() -> Iterator[dict]:
        for item in items:
            roll = rng.random()
            for position in range(1 if roll < 0.7 else 2 if roll < 0.85 else 0):
                pk = writer.next_id(Decision)
                decision_of_item.setdefault(item.pk, pk)
                yield {
                    "id": pk,
                    "agenda_item_id": item.pk,
                    "kind": "agreement",
                    "position": position,
                    "text": f"Afgesproken is om {rng.choice(SUBJECTS)} te {rng.choice(ACTIONS)}.",
                    "created_at": timezone.now(),
                    "updated_at": timezone.now(),
                }

    return writer.write(Decision, rows()), decision_of_item


# --- follow-ups ----------------------------------------------------------------------------------


def _seed_follow_ups(
    writer: _BulkWriter,
    rng: random.Random,
    *,
    count: int,
    calendar_: list[_Meeting],
    items: list[_Item],
    decision_of_item: dict[int, int],
    party_ids: list[int],
    party_weights: list[float],
    today: datetime.date,
) -> tuple[int, int]:
    """`count` follow-ups spread over the discussed agenda items, with targets worked out as
    FollowUp.resolve_target would, and statuses as time would have left them."""
    dates = [meeting.date for meeting in calendar_]
    first_in_month: dict[tuple[int, int], int] = {}
    for index, meeting in enumerate(calendar_):
        first_in_month.setdefault((meeting.date.year, meeting.date.month), index)
    owner_cumulative = list(itertools.accumulate(party_weights))
    postponements: list[dict] = []
    tz = timezone.get_current_timezone()

    def meeting_after(day: datetime.date) -> int | None:
        index = bisect.bisect_right(dates, day)
        return index if index < len(calendar_) else None

    def rows() -> Iterator[dict]:
        for _ in range(count):
            item = items[int(rng.random() * len(items))]
            origin = calendar_[item.meeting_index]
            pk = writer.next_id(FollowUp)
            row = _follow_up_target(rng, origin.date, meeting_after, first_in_month, calendar_)
            due, target_index = row.pop("_due"), row.pop("_target")
            target = calendar_[target_index] if target_index is not None else None
            passed = (due is not None and due < today) or (target is not None and target.held)
            created = datetime.datetime.combine(origin.date, datetime.time(16, 0), tzinfo=tz)
            status, resolved_in, resolved_at, resolution = "open", None, None, ""
            if passed and rng.random() >= UNRESOLVED_PAST_SHARE:
                status = "done" if rng.random() < 0.9 else "dropped"
                resolved_in = target.pk if target is not None and target.held else None
                resolved_day = (
                    target.date
                    if resolved_in
                    else min(today, (due or origin.date) + datetime.timedelta(days=10))
                )
                resolved_at = datetime.datetime.combine(resolved_day, datetime.time(17, 0), tzinfo=tz)
                resolution = rng.choice(RESOLUTIONS)
            elif not passed and target is not None and rng.random() < 0.2:
                status = "scheduled"
            postponed = 0
            if rng.random() < POSTPONED_SHARE:
                postponed = min(5, 1 + int(rng.expovariate(1.0)))
                previous_due = due
                for number in range(postponed):
                    previous_due = (previous_due or origin.date) - datetime.timedelta(
                        days=30 * (postponed - number)
                    )
                    postponements.append(
                        {
                            "id": writer.next_id(Postponement),
                            "follow_up_id": pk,
                            "previous_target_kind": "next_meeting",
                            "previous_target_label": "volgende vergadering",
                            "previous_promise_text": "",
                            "previous_due_date": previous_due,
                            "previous_target_meeting_id": None,
                            "new_target_label": "later",
                            "new_due_date": previous_due + datetime.timedelta(days=30),
                            "reason": rng.choice(POSTPONE_REASONS),
                            "postponed_by_id": None,
                            "postponed_at": created + datetime.timedelta(days=30 * (number + 1)),
                        }
                    )
            owner = party_ids[bisect.bisect(owner_cumulative, rng.random() * owner_cumulative[-1])]
            row.update(
                {
                    "id": pk,
                    "description": f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(ACTIONS)}",
                    "topic_id": item.topic_id,
                    "agenda_item_id": item.pk,
                    "decision_id": decision_of_item.get(item.pk),
                    "owner_id": None if rng.random() < NO_OWNER_SHARE else owner,
                    "target_meeting_id": target.pk if target is not None else None,
                    "due_date": due,
                    "status": status,
                    "resolution": resolution,
                    "resolved_in_id": resolved_in,
                    "resolved_at": resolved_at,
                    "resolved_by_id": None,
                    "overdue_since": None,
                    "postponement_count": postponed,
                    "is_confidential": item.confidential or rng.random() < CONFIDENTIAL_SHARE,
                    "public_from": None,
                    "version": 1 + postponed,
                    "created_at": created,
                    "updated_at": created,
                }
            )
            yield row

    written = writer.write(FollowUp, rows())
    return written, writer.write(Postponement, postponements)


def _follow_up_target(rng, origin: datetime.date, meeting_after, first_in_month, calendar_) -> dict:
    """A target as promised, with the meeting and due date it resolves to (FollowUp.resolve_target)."""
    roll = rng.random()
    base = {
        "target_month": None,
        "target_date": None,
        "next_meeting_after": None,
        "_target": None,
        "_due": None,
    }
    if roll < 0.4:
        target = meeting_after(origin)
        base.update(
            target_kind="next_meeting",
            promise_text="in het volgende LOVP teruggekoppeld",
            _target=target,
            _due=calendar_[target].date if target is not None else None,
        )
    elif roll < 0.7:
        month_number = origin.month - 1 + rng.randint(1, 4)
        month = datetime.date(origin.year + month_number // 12, month_number % 12 + 1, 1)
        target = first_in_month.get((month.year, month.month))
        base.update(
            target_kind="month",
            target_month=month,
            _target=target,
            promise_text=f"in het LOVP van {MONTHS[month.month - 1]} op de agenda",
            _due=month.replace(day=calendar.monthrange(month.year, month.month)[1]),
        )
    elif roll < 0.8:
        target = meeting_after(origin + datetime.timedelta(days=rng.randint(20, 120)))
        if target is None:
            target = meeting_after(origin)
        base.update(
            target_kind="meeting" if target is not None else "unspecified",
            promise_text="",
            _target=target,
            _due=calendar_[target].date if target is not None else None,
        )
    elif roll < 0.95:
        day = origin + datetime.timedelta(days=rng.randint(14, 180))
        kind = "date" if roll < 0.9 else "period"
        base.update(
            target_kind=kind,
            target_date=day,
            _due=day,
            promise_text=f"voor {day.day} {MONTHS[day.month - 1]} {day.year} schriftelijk gedeeld",
        )
    else:
        base.update(target_kind="unspecified", promise_text="")
    return base
