#!/usr/bin/env python
"""The scale benchmark: seed a database at a given scale and print how fast the pages and jobs are.

    .venv/bin/python bench/run.py --meetings 20000 --follow-ups 1000000 --users 10000

Needs PostgreSQL (--server, default postgres://postgres@127.0.0.1:5432). The database is named after
the scale (lovp_bench_<meetings>_<follow-ups>_<users>); it is seeded with `seed_demo` the first time
and reused afterwards (--reseed starts again). See bench/README.md for what is measured and how.
"""

import argparse
import datetime
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"
SEARCH_WORD = "vakbonden"


@dataclass
class Figure:
    name: str
    median_ms: float
    p95_ms: float
    queries: int
    requests: int
    size: int = 0
    floor_ms: float | None = None
    admin_ms: float | None = None
    admin_queries: int | None = None
    note: str = ""

    @property
    def floor_ratio(self) -> float | None:
        return self.median_ms / self.floor_ms if self.floor_ms else None

    @property
    def admin_ratio(self) -> float | None:
        return self.median_ms / self.admin_ms if self.admin_ms else None


@dataclass
class Job:
    name: str
    seconds: float
    queries: int
    result: str
    reference_seconds: float | None = None
    note: str = ""


@dataclass
class Report:
    scale: dict
    seed_seconds: float | None = None
    pages: list[Figure] = field(default_factory=list)
    floors: list[Figure] = field(default_factory=list)
    jobs: list[Job] = field(default_factory=list)
    memory: list[dict] = field(default_factory=list)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--meetings", type=int, default=20000)
    parser.add_argument("--follow-ups", type=int, default=1000000)
    parser.add_argument("--users", type=int, default=10000)
    parser.add_argument(
        "--requests", type=int, default=50, help="timed requests per page (at least 50 for the figures)"
    )
    parser.add_argument(
        "--server", default=os.environ.get("BENCH_SERVER", DEFAULT_SERVER), help="PostgreSQL server URL"
    )
    parser.add_argument("--database", help="database name (default: named after the scale)")
    parser.add_argument("--reseed", action="store_true", help="drop and seed the database again")
    parser.add_argument(
        "--export-rows",
        type=int,
        nargs="*",
        default=[10000, 100000],
        help="export sizes for the peak-memory probe",
    )
    parser.add_argument("--markdown", type=Path, help="also write the results as Markdown to this file")
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    parser.add_argument(
        "--parts",
        default="jobs,pages,memory",
        help="what to measure, comma-separated (default: jobs,pages,memory)",
    )
    parser.add_argument("--probe-export", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# --- database ------------------------------------------------------------------------------------


def prepare_database(args) -> tuple[str, bool]:
    """Create the database if needed; returns its URL and whether it must be seeded."""
    import psycopg

    name = args.database or f"lovp_bench_{args.meetings}_{args.follow_ups}_{args.users}"
    try:
        admin = psycopg.connect(f"{args.server}/postgres", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        sys.exit(f"PostgreSQL is not reachable at {args.server}: {error}")
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
        if exists and args.reseed:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = False
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
    return f"{args.server}/{name}", not exists


def drop_database(args, url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(f"{args.server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()


# --- measuring -----------------------------------------------------------------------------------


def consume(response) -> int:
    if response.streaming:
        size = sum(len(chunk) for chunk in response.streaming_content)
    else:
        size = len(response.content)
    response.close()
    return size


def measure(client, url: str, *, name: str, requests: int, warmup: int = 3) -> Figure:
    """Server time of `requests` GETs in this process (the test client runs the whole middleware
    stack, the view and the templates, and the body is read to the end), and the queries of one more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        response = client.get(url)
        consume(response)
        if response.status_code != 200:
            raise RuntimeError(f"{name}: {url} answered {response.status_code}")
    timings = []
    size = 0
    for _ in range(requests):
        started = time.perf_counter()
        size = consume(client.get(url))
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        consume(client.get(url))
    timings.sort()
    p95 = timings[min(len(timings) - 1, math.ceil(0.95 * len(timings)) - 1)]
    return Figure(
        name=name,
        median_ms=statistics.median(timings),
        p95_ms=p95,
        queries=len(captured),
        requests=requests,
        size=size,
    )


def timed(function, *args, **kwargs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        result = function(*args, **kwargs)
        seconds = time.perf_counter() - started
    return result, seconds, len(captured)


# --- the scenario --------------------------------------------------------------------------------


@dataclass
class Subjects:
    """What the pages are measured on: chosen from the data, the same way at every scale."""

    member: object
    admin: object
    topic: object
    meeting: object
    last_page: int
    admin_last_page: int
    window_10k: tuple[datetime.date, datetime.date, int]
    today: datetime.date


def pick_subjects() -> Subjects:
    from django.db.models import Count
    from django.utils import timezone

    from agenda.models import Meeting, Topic
    from decisions.models import FollowUp
    from lovp.models import User

    member = pick_member()
    admin = User.objects.filter(username="bench-beheer").first() or User.objects.create_superuser(
        "bench-beheer", "beheer@bench.example", None
    )
    # The topic with the most follow-ups: the heaviest dossier.
    topic_id = (
        FollowUp.objects.order_by()
        .values("topic")
        .annotate(count=Count("pk"))
        .order_by("-count")
        .first()["topic"]
    )
    topic = Topic.objects.get(pk=topic_id)
    # A held meeting with a typical number of follow-ups agreed at it (the median).
    held = (
        Meeting.objects.held()
        .annotate(count=Count("agenda_items__follow_ups"))
        .filter(count__gt=0)
        .order_by("count", "pk")
        .values_list("pk", "count")
    )
    total_held = held.count()
    meeting = Meeting.objects.get(pk=held[total_held // 2][0])
    total = FollowUp.objects.count()
    return Subjects(
        member=member,
        admin=admin,
        topic=topic,
        meeting=meeting,
        last_page=max(1, math.ceil(total / 50)),
        admin_last_page=max(1, math.ceil(total / 100)),
        window_10k=due_window(10000),
        today=timezone.localdate(),
    )


def due_window(rows: int) -> tuple[datetime.date, datetime.date, int]:
    """A range of due dates holding about `rows` follow-ups, in the middle of the data."""
    from decisions.models import FollowUp

    dated = FollowUp.objects.filter(due_date__isnull=False).order_by("due_date", "pk")
    total = dated.count()
    start_index = max(0, (total - rows) // 2)
    end_index = min(total - 1, start_index + max(rows - 1, 0))
    start = dated.values_list("due_date", flat=True)[start_index]
    end = dated.values_list("due_date", flat=True)[end_index]
    count = FollowUp.objects.filter(due_date__gte=start, due_date__lte=end).count()
    return start, end, count


def run_jobs(report: Report, subjects: Subjects) -> None:
    from django.core import mail
    from django.db import connection

    from agenda import services as agenda_services
    from agenda.models import AgendaItem, DraftAgendaLine, Meeting
    from decisions import services
    from decisions.models import FollowUp, ReminderLog

    today = subjects.today

    # flag_overdue, from no marks at all (the worst day: everything is newly over time) and then on
    # an ordinary day (nothing new), beside the single SQL UPDATE that sets the same marks.
    FollowUp.objects.filter(overdue_since__isnull=False).update(overdue_since=None)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) decisions_followup")
    result, seconds, queries = timed(services.followups_flag_overdue, on=today)
    flagged = dict(FollowUp.objects.filter(overdue_since__isnull=False).values_list("pk", "overdue_since"))
    FollowUp.objects.filter(overdue_since__isnull=False).update(overdue_since=None)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) decisions_followup")
    raw_seconds = raw_flag_update(today)
    raw_flagged = dict(
        FollowUp.objects.filter(overdue_since__isnull=False).values_list("pk", "overdue_since")
    )
    same = "gelijk" if raw_flagged == flagged else f"VERSCHILLEND ({len(raw_flagged)} tegen {len(flagged)})"
    report.jobs.append(
        Job(
            name="flag_overdue (eerste keer: alles nieuw over tijd)",
            seconds=seconds,
            queries=queries,
            result=f"{result.flagged} gemarkeerd, {result.overdue} over tijd",
            reference_seconds=raw_seconds,
            note=f"ruwe UPDATE markeert {len(raw_flagged)}; uitkomst {same}",
        )
    )
    FollowUp.objects.filter(overdue_since__isnull=False).update(overdue_since=None)
    services.followups_flag_overdue(on=today)
    result, seconds, queries = timed(services.followups_flag_overdue, on=today)
    report.jobs.append(
        Job(
            name="flag_overdue (gewone dag: niets nieuws)",
            seconds=seconds,
            queries=queries,
            result=f"{result.flagged} gemarkeerd, {result.cleared} gewist",
        )
    )

    # draft_agenda for the next planned meeting, from scratch.
    meeting = Meeting.objects.upcoming(today).first()
    DraftAgendaLine.objects.filter(meeting__status=Meeting.Status.PLANNED).delete()
    AgendaItem.objects.filter(meeting__status=Meeting.Status.PLANNED, follow_ups__isnull=True).delete()
    Meeting.objects.filter(status=Meeting.Status.PLANNED).update(agenda_status=Meeting.AgendaStatus.NONE)
    meeting.refresh_from_db()
    built, seconds, queries = timed(agenda_services.draft_agenda_build, meeting=meeting, on=today)
    report.jobs.append(
        Job(
            name="draft_agenda (volgende vergadering)",
            seconds=seconds,
            queries=queries,
            result=f"{built.lines_added} regels, {built.items_created} agendapunten",
        )
    )
    _, seconds, queries = timed(agenda_services.draft_agenda_build, meeting=meeting, on=today)
    report.jobs.append(
        Job(name="draft_agenda (nogmaals: niets nieuws)", seconds=seconds, queries=queries, result="0 regels")
    )

    # send_reminders for every user, into the in-memory outbox.
    iso_year, iso_week, _ = today.isocalendar()
    ReminderLog.objects.filter(iso_year=iso_year, iso_week=iso_week).delete()
    mail.outbox = []
    sent, seconds, queries = timed(services.reminders_send, on=today)
    from lovp.models import User

    users = User.objects.filter(is_active=True).count()
    report.jobs.append(
        Job(
            name=f"send_reminders ({users} gebruikers)",
            seconds=seconds,
            queries=queries,
            result=f"{sent.sent} e-mails aan {sent.recipients} ontvangers",
            note=f"{queries / max(sent.recipients, 1):.3f} queries per ontvanger",
        )
    )
    mail.outbox = []


RAW_FLAG_SQL = """
UPDATE decisions_followup AS f
SET overdue_since = LEAST(
    CASE WHEN f.due_date < %(today)s THEN f.due_date + 1 END,
    (SELECT m.date FROM agenda_meeting AS m
     WHERE m.id = f.target_meeting_id AND m.status = 'held' AND m.date <= %(today)s)
)
WHERE f.status IN ('open', 'scheduled')
  AND f.overdue_since IS NULL
  AND (f.due_date < %(today)s
       OR EXISTS (SELECT 1 FROM agenda_meeting AS m
                  WHERE m.id = f.target_meeting_id AND m.status = 'held' AND m.date <= %(today)s))
"""


def raw_flag_update(today: datetime.date) -> float:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(RAW_FLAG_SQL, {"today": today})
        return time.perf_counter() - started


def run_pages(report: Report, subjects: Subjects, *, requests: int) -> None:
    from django.test import Client

    member = Client()
    member.force_login(subjects.member)
    admin = Client()
    admin.force_login(subjects.admin)

    floor = measure(member, "/bench/trivial/", name="triviale pagina (basislayout)", requests=requests)
    bare = measure(member, "/bench/bare/", name="kale HttpResponse", requests=requests)
    report.floors += [floor, bare]

    topic, meeting = subjects.topic, subjects.meeting
    start, end, rows = subjects.window_10k
    changelist = "/beheer/decisions/followup/"
    pages = [
        ("dashboard", "/", f"{changelist}?over_tijd=1"),
        ("vervolgacties: alles", "/vervolgacties/", changelist),
        (
            "vervolgacties: onderwerp + over tijd",
            f"/vervolgacties/?topic={topic.slug}&overdue=1",
            f"{changelist}?topic__id__exact={topic.pk}&over_tijd=1",
        ),
        (
            f"vervolgacties: zoeken '{SEARCH_WORD}'",
            f"/vervolgacties/?q={SEARCH_WORD}",
            f"{changelist}?q={SEARCH_WORD}",
        ),
        (
            "vervolgacties: laatste pagina",
            f"/vervolgacties/?page={subjects.last_page}",
            f"{changelist}?p={subjects.admin_last_page}",
        ),
        (
            "dossier (grootste onderwerp)",
            f"/onderwerpen/{topic.slug}/",
            f"{changelist}?topic__id__exact={topic.pk}",
        ),
        (
            "vergadering (mediaan)",
            f"/vergaderingen/{meeting.pk}/",
            f"{changelist}?target_meeting__id__exact={meeting.pk}",
        ),
        (
            f"CSV-export ({rows} rijen)",
            f"/vervolgacties/export/?format=csv&due_after={start}&due_before={end}",
            f"{changelist}?due_date__gte={start}&due_date__lte={end}",
        ),
        (
            f"XLSX-export ({rows} rijen)",
            f"/vervolgacties/export/?format=xlsx&due_after={start}&due_before={end}",
            f"{changelist}?due_date__gte={start}&due_date__lte={end}",
        ),
    ]
    for name, url, admin_url in pages:
        figure = measure(member, url, name=name, requests=requests)
        reference = measure(admin, admin_url, name=f"admin: {name}", requests=requests)
        figure.floor_ms = floor.median_ms
        figure.admin_ms = reference.median_ms
        figure.admin_queries = reference.queries
        report.pages.append(figure)
        print(
            f"  {name}: {figure.median_ms:.1f} ms, {figure.queries} queries "
            f"(admin {reference.median_ms:.1f} ms)",
            flush=True,
        )


def run_memory_probes(report: Report, args, url: str) -> None:
    """Peak memory of one export in a fresh process, per size: what the process holds at rest after
    a first small request, and its peak while writing the file."""
    from decisions.models import FollowUp

    for rows in args.export_rows:
        rows = min(rows, FollowUp.objects.filter(due_date__isnull=False).count())
        for export_format in ("csv", "xlsx"):
            probe = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--probe-export",
                    json.dumps({"rows": rows, "format": export_format}),
                ],
                env={**os.environ, "DATABASE_URL": url},
                capture_output=True,
                text=True,
                check=True,
            )
            report.memory.append(json.loads(probe.stdout.strip().splitlines()[-1]))


def probe_export(spec: str) -> None:
    spec = json.loads(spec)
    setup_django(os.environ["DATABASE_URL"])
    from django.test import Client

    client = Client()
    client.force_login(pick_member())
    start, end, rows = due_window(spec["rows"])
    consume(
        client.get(f"/vervolgacties/export/?format={spec['format']}&due_after={start}&due_before={start}")
    )
    at_rest = memory_kb("VmHWM")
    started = time.perf_counter()
    size = consume(
        client.get(f"/vervolgacties/export/?format={spec['format']}&due_after={start}&due_before={end}")
    )
    seconds = time.perf_counter() - started
    peak = memory_kb("VmHWM")
    print(
        json.dumps(
            {
                "format": spec["format"],
                "rows": rows,
                "bytes": size,
                "seconds": round(seconds, 2),
                "rest_mb": round(at_rest / 1024, 1),
                "peak_mb": round(peak / 1024, 1),
            }
        )
    )


def memory_kb(field: str) -> int:
    """This process's peak (VmHWM) or current (VmRSS) resident memory. Not getrusage's ru_maxrss: on
    Linux that survives fork and exec, so a child would report its parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def pick_member():
    """A member with a party (what most users are), made if the data has none."""
    from decisions.models import Party
    from lovp import roles
    from lovp.models import User

    member = (
        User.objects.filter(groups__name=roles.MEMBER, party__isnull=False, is_active=True)
        .exclude(party__slug="secretariaat-lovp")
        .order_by("pk")
        .first()
    )
    if member is None:
        member = User.objects.filter(username="bench-lid").first() or User.objects.create_user(
            "bench-lid", "lid@bench.example", party=Party.objects.order_by("pk").first()
        )
    return member


# --- printing ------------------------------------------------------------------------------------


def ratio(value: float | None) -> str:
    return f"{value:.2f}x" if value is not None else "-"


def markdown(report: Report) -> str:
    lines = []
    scale = report.scale

    def nl(number: int) -> str:  # Dutch thousands separator
        return f"{number:,}".replace(",", ".")

    lines.append(
        f"Schaal: {nl(scale['follow_ups'])} vervolgacties, {nl(scale['meetings'])} vergaderingen, "
        f"{nl(scale['users'])} gebruikers ({nl(scale['overdue'])} over tijd, {scale['topics']} onderwerpen, "
        f"{nl(scale['agenda_items'])} agendapunten, {nl(scale['postponements'])} keer uitgesteld)."
    )
    if report.seed_seconds is not None:
        lines.append(f"Seeden: {report.seed_seconds:.0f} s.")
    lines.append("")
    lines.append("| Referentie | mediaan ms | p95 ms | queries |")
    lines.append("|---|---:|---:|---:|")
    for figure in report.floors:
        lines.append(f"| {figure.name} | {figure.median_ms:.1f} | {figure.p95_ms:.1f} | {figure.queries} |")
    lines.append("")
    lines.append(
        "| Pagina | mediaan ms | p95 ms | queries | x triviaal | admin mediaan ms | admin queries | x admin |"
    )
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for figure in report.pages:
        lines.append(
            f"| {figure.name} | {figure.median_ms:.1f} | {figure.p95_ms:.1f} | {figure.queries} | "
            f"{ratio(figure.floor_ratio)} | {figure.admin_ms:.1f} | {figure.admin_queries} | "
            f"{ratio(figure.admin_ratio)} |"
        )
    lines.append("")
    lines.append("| Taak | seconden | queries | uitkomst | referentie s | x referentie | opmerking |")
    lines.append("|---|---:|---:|---|---:|---:|---|")
    for job in report.jobs:
        reference = f"{job.reference_seconds:.2f}" if job.reference_seconds is not None else "-"
        factor = ratio(job.seconds / job.reference_seconds) if job.reference_seconds else "-"
        lines.append(
            f"| {job.name} | {job.seconds:.2f} | {job.queries} | {job.result} | {reference} | {factor} | "
            f"{job.note} |"
        )
    if report.memory:
        lines.append("")
        lines.append("| Export | rijen | bytes | seconden | RSS in rust MB | piek-RSS MB |")
        lines.append("|---|---:|---:|---:|---:|---:|")
        for probe in report.memory:
            lines.append(
                f"| {probe['format'].upper()} | {probe['rows']} | {probe['bytes']} | {probe['seconds']} | "
                f"{probe['rest_mb']} | {probe['peak_mb']} |"
            )
    return "\n".join(lines) + "\n"


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    python = platform.python_version()
    return f"{platform.node()}: {os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, Python {python}"


# --- main ----------------------------------------------------------------------------------------


def main(argv=None) -> Report:
    args = parse_args(argv)
    if args.probe_export:
        probe_export(args.probe_export)
        return None
    url, must_seed = prepare_database(args)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from agenda.models import AgendaItem, Meeting, Topic
    from decisions.models import FollowUp, Postponement

    call_command("migrate", verbosity=0)
    if not must_seed and Meeting.objects.count() < 2:
        must_seed = True
    started_all = time.perf_counter()
    print(f"Database {connection.settings_dict['NAME']} ({machine()})", flush=True)
    report = Report(scale={})
    if must_seed:
        started = time.perf_counter()
        call_command("seed_demo", meetings=args.meetings, follow_ups=args.follow_ups, users=args.users)
        report.seed_seconds = time.perf_counter() - started
    from django.utils import timezone

    report.scale = {
        "meetings": Meeting.objects.count(),
        "follow_ups": FollowUp.objects.count(),
        "users": args.users,
        "overdue": FollowUp.objects.overdue(on=timezone.localdate()).count(),
        "topics": Topic.objects.count(),
        "agenda_items": AgendaItem.objects.count(),
        "postponements": Postponement.objects.count(),
    }
    subjects = pick_subjects()
    parts = set(args.parts.split(","))
    if "jobs" in parts:
        print("Taken ...", flush=True)
        run_jobs(report, subjects)
    # The job measurements rewrite every over-time row several times (each starts from no marks);
    # a real day changes a few hundred. Vacuum, as autovacuum would, so the pages meet the table
    # of an ordinary day (index-only scans need an up-to-date visibility map).
    with connection.cursor() as cursor:
        for table in (
            "decisions_followup",
            "agenda_agendaitem",
            "agenda_draftagendaline",
            "decisions_reminderlog",
        ):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    if "pages" in parts:
        print("Pagina's ...", flush=True)
        run_pages(report, subjects, requests=args.requests)
    if args.export_rows and "memory" in parts:
        print("Geheugen van exports ...", flush=True)
        run_memory_probes(report, args, url)
    text = markdown(report)
    print()
    print(text)
    print(f"Totaal {time.perf_counter() - started_all:.0f} s.")
    if args.markdown:
        args.markdown.write_text(text)
    if args.drop:
        drop_database(args, url)
    return report


if __name__ == "__main__":
    main()
