"""Load the demo data of fixtures/*.json into an empty database.

`make run` calls this on every start: it loads the demo only while the database has no meetings yet,
so data entered by hand is never overwritten. `--force` loads the fixtures again regardless (objects
with the same primary key are updated, not duplicated).
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from agenda.models import Meeting


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
