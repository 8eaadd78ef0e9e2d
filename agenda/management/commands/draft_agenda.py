from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from agenda import services
from agenda.models import Meeting
from lovp.management.dates import parse_date_option


class Command(BaseCommand):
    help = (
        "Stelt de conceptagenda samen. Zonder --meeting: de dagelijkse controle (de eerstvolgende "
        "vergadering binnen DRAFT_AGENDA_LEAD_DAYS dagen). Met --meeting: die vergadering."
    )

    def add_arguments(self, parser):
        parser.add_argument("--meeting", type=int, help="Het nummer (id) van de vergadering.")
        parser.add_argument("--date", type=parse_date_option, help="Doe alsof het vandaag deze datum is (JJJJ-MM-DD).")

    def handle(self, *args, meeting=None, date=None, **options):
        on = date or timezone.localdate()
        if meeting is None:
            result = services.draft_agenda_check(on=on)
            if result.meeting_id is None:
                self.stdout.write("Geen vergadering binnen de termijn: geen conceptagenda gemaakt.")
                return
            target = Meeting.objects.get(pk=result.meeting_id)
            self.stdout.write(f"{target.title}: {result.lines_added} regels toegevoegd.")
            if result.secretariat_to_notify:
                self.stdout.write("Het secretariaat krijgt een e-mail.")
            return
        try:
            target = Meeting.objects.get(pk=meeting)
        except Meeting.DoesNotExist:
            raise CommandError(f"Er is geen vergadering met nummer {meeting}.") from None
        result = services.draft_agenda_build(meeting=target, on=on)
        self.stdout.write(
            f"{target.title}: {result.lines_added} regels toegevoegd, {result.items_created} agendapunten aangemaakt."
        )
        for line in target.draft_lines.select_related("agenda_item__topic", "follow_up").order_by(
            "agenda_item__position", "position"
        ):
            self.stdout.write(f"  [{line.get_decision_display()}] {line.agenda_item.heading}: {line.reason}")
