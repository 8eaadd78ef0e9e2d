"""Fill an empty database with demo data at scale (see lovp.scale_demo), for benchmarks and load tests."""

import time

from django.core.management.base import BaseCommand, CommandError

from lovp.scale_demo import seed_scale


class Command(BaseCommand):
    help = (
        "Vult een lege database met gegenereerde demogegevens op schaal: vergaderingen, onderwerpen, "
        "agendapunten, afspraken, vervolgacties (met uitstel) en gebruikers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--meetings", type=int, default=200, help="Aantal vergaderingen (standaard 200).")
        parser.add_argument(
            "--follow-ups", type=int, default=2000, help="Aantal vervolgacties (standaard 2000)."
        )
        parser.add_argument("--users", type=int, default=100, help="Aantal gebruikers (standaard 100).")
        parser.add_argument(
            "--seed", type=int, default=2020, help="Startwaarde van het toeval, voor herhaalbaarheid."
        )

    def handle(self, *args, meetings, follow_ups, users, seed, **options):
        if meetings < 2 or follow_ups < 0 or users < 0:
            raise CommandError("Geef minstens 2 vergaderingen en geen negatieve aantallen.")
        started = time.perf_counter()

        def progress(message: str) -> None:
            self.stdout.write(f"  {time.perf_counter() - started:7.1f} s  {message}")

        try:
            result = seed_scale(
                meetings=meetings, follow_ups=follow_ups, users=users, seed=seed, progress=progress
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Klaar in {time.perf_counter() - started:.1f} s: {result.meetings} vergaderingen, "
                f"{result.topics} onderwerpen, {result.agenda_items} agendapunten, "
                f"{result.decisions} afspraken, "
                f"{result.follow_ups} vervolgacties ({result.overdue} over tijd, {result.postponements} keer "
                f"uitgesteld), {result.parties} partijen, {result.users} gebruikers."
            )
        )
