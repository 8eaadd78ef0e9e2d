"""Read a published LOVP terugkoppeling and show what it proposes.

    python manage.py import_minutes terugkoppeling.pdf --meeting-date 2020-11-23 --dry-run --json

With --json the proposal is printed as one JSON document (see decisions.importer.Proposal); without
it as a short Dutch summary. Without --dry-run the proposal is saved as it is (topics matched, no
owners corrected) for the meeting on that date, created when there is none; the review screen in
the web application is where the secretariat corrects a proposal before saving.
"""

import argparse
import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import date_format

from agenda.models import Meeting
from decisions.import_services import (
    MinutesAlreadyImported,
    imported_from_proposal,
    meeting_on,
    minutes_import_save,
)
from decisions.importer import ImportReadError, parse_minutes, read_document, reflow


def _iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"ongeldige datum '{value}': gebruik JJJJ-MM-DD") from error


class Command(BaseCommand):
    help = (
        "Leest een gepubliceerde terugkoppeling van het LOVP (.txt, .docx of .pdf) en toont de voorgestelde "
        "onderwerpen, afspraken en vervolgacties."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="het bestand met de terugkoppeling")
        parser.add_argument(
            "--meeting-date",
            type=_iso_date,
            help="datum van de vergadering (JJJJ-MM-DD); zonder deze optie de datum uit de titel",
        )
        parser.add_argument("--dry-run", action="store_true", help="alleen tonen, niets opslaan")
        parser.add_argument("--json", action="store_true", help="het voorstel als JSON tonen")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                f"Het bestand {path} kan niet worden geopend: {error.strerror or error}."
            ) from error
        try:
            text = read_document(data, path.name)
            meeting_date = options["meeting_date"] or reflow(text).title_date
            if meeting_date is None:
                raise CommandError(
                    "De vergaderdatum staat niet in de titel van het document; geef hem op met "
                    "--meeting-date JJJJ-MM-DD."
                )
            meetings = list(Meeting.objects.after(meeting_date).values_list("date", flat=True))
            proposal = parse_minutes(text, meeting_date=meeting_date, meetings=meetings)
        except ImportReadError as error:
            raise CommandError(str(error)) from error

        if options["json"]:
            self.stdout.write(json.dumps(proposal.to_json_dict(), ensure_ascii=False, indent=2))
        else:
            self._summary(proposal)
        if options["dry_run"]:
            return
        meeting = meeting_on(meeting_date)
        try:
            record = minutes_import_save(
                meeting=meeting,
                items=imported_from_proposal(proposal),
                source_text=text,
                source_name=path.name,
            )
        except MinutesAlreadyImported as error:
            raise CommandError(str(error)) from error
        # With --json stdout holds only the JSON document; the report goes to stderr.
        (self.stderr if options["json"] else self.stdout).write(
            f"Opgeslagen bij {record.meeting.title}: {record.item_count} agendapunten, "
            f"{record.decision_count} afspraken, {record.follow_up_count} vervolgacties."
        )

    def _summary(self, proposal) -> None:
        write = self.stdout.write
        title = proposal.title or "Terugkoppeling zonder titel"
        write(f"{title} (vergadering van {date_format(proposal.meeting_date, 'j F Y')})")
        decisions = sum(len(item.decisions) for item in proposal.items)
        follow_ups = sum(len(item.follow_ups) for item in proposal.items)
        write(f"{len(proposal.items)} onderwerpen, {decisions} afspraken, {follow_ups} vervolgacties.")
        for item in proposal.items:
            write("")
            write(f"# {item.heading}")
            for decision in item.decisions:
                write(f"  Afspraak: {decision.text}")
            for follow_up in item.follow_ups:
                target = follow_up.target
                when = target.phrase or "niet bepaald"
                if target.date:
                    when = f"{when} (uiterlijk {date_format(target.date, 'j F Y')})"
                owner = f", eigenaar: {follow_up.owner}" if follow_up.owner else ""
                write(f"  Vervolgactie: {follow_up.text} -> {when}{owner}")
