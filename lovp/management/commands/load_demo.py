"""Load the demo data of fixtures/*.json into an empty database.

`make run` calls this on every start: it loads the demo only while the database has no meetings yet,
so data entered by hand is never overwritten. `--force` loads the fixtures again regardless (objects
with the same primary key are updated, not duplicated).
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from agenda import services as agenda_services
from agenda.models import Meeting
from decisions import services as decision_services


def fixture_paths() -> list[Path]:
    """The demo fixtures, in a stable order."""
    return sorted((Path(settings.BASE_DIR) / "fixtures").glob("*.json"))


class Command(BaseCommand):
    help = "Laadt de demogegevens uit fixtures/*.json als er nog geen vergaderingen zijn (--force: altijd)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the fixtures even when the database already has meetings.",
        )

    def handle(self, *args, force: bool = False, **options):
        if Meeting.objects.exists() and not force:
            self.stdout.write("Demo data is already there (the database has meetings); nothing loaded.")
            return
        paths = fixture_paths()
        if not paths:
            raise CommandError(f"No demo fixtures found in {Path(settings.BASE_DIR) / 'fixtures'}.")
        # One loaddata call for all files: references between the files are resolved at the end.
        call_command("loaddata", *[str(path) for path in paths], verbosity=options.get("verbosity", 1))
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded from {', '.join(path.name for path in paths)}.")
        )
        self.plan_next_meeting()

    def plan_next_meeting(self) -> None:
        """The seeds are from 2020 and 2021; so that the demo shows what the jobs do today, plan the
        next LOVP on the first Monday three weeks from now, flag what is over time and assemble its
        draft agenda, as the daily jobs would."""
        today = timezone.localdate()
        if Meeting.objects.upcoming(today).exists():
            return
        day = today + datetime.timedelta(days=21)
        day += datetime.timedelta(days=(7 - day.weekday()) % 7)
        meeting = agenda_services.meeting_save(
            meeting=Meeting(date=day, start_time=datetime.time(10, 0), location="Den Haag")
        )
        flagged = decision_services.followups_flag_overdue(on=today)
        draft = agenda_services.draft_agenda_build(meeting=meeting, on=today)
        self.stdout.write(
            f"Planned {meeting.title} with a draft agenda of {draft.lines_added} lines; "
            f"{flagged.overdue} follow-ups are over time."
        )
