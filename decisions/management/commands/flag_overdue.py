from django.core.management.base import BaseCommand
from django.utils import timezone

from decisions import services
from lovp.management.dates import parse_date_option


class Command(BaseCommand):
    help = "Markeert vervolgacties die over tijd zijn geraakt en wist de markering van afgehandelde."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=parse_date_option, help="Doe alsof het vandaag deze datum is (JJJJ-MM-DD).")

    def handle(self, *args, date=None, **options):
        on = date or timezone.localdate()
        result = services.followups_flag_overdue(on=on)
        self.stdout.write(
            f"{on:%Y-%m-%d}: {result.flagged} vervolgacties nieuw over tijd gemarkeerd, "
            f"{result.cleared} markeringen gewist, {result.overdue} nu over tijd."
        )
