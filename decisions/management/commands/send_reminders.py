from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from decisions import services
from decisions.models import ReminderLog
from lovp.management.dates import parse_date_option


class Command(BaseCommand):
    help = "Verstuurt de wekelijkse herinneringen: één e-mail per persoon per week."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=parse_date_option, help="Doe alsof het vandaag deze datum is (JJJJ-MM-DD).")

    def handle(self, *args, date=None, **options):
        on = date or timezone.localdate()
        try:
            result = services.reminders_send(on=on)
        except services.ReminderDeliveryError as error:
            raise CommandError(
                f"De mailserver weigert of is onbereikbaar: {error}. Niets is als verstuurd gemarkeerd."
            ) from error
        self.stdout.write(
            f"Week {result.iso_year}-W{result.iso_week:02d}: {result.recipients} ontvangers, "
            f"{result.sent} e-mails verstuurd, {result.already_sent} waren deze week al verstuurd."
        )
        logs = ReminderLog.objects.filter(iso_year=result.iso_year, iso_week=result.iso_week).select_related("user")
        for log in logs.order_by("user__username"):
            self.stdout.write(
                f"  {log.user.username} <{log.user.email}>: {log.get_status_display()}, "
                f"{log.overdue_total} over tijd, {log.due_next_total} voor de volgende vergadering"
            )
