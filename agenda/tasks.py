"""Background jobs about meetings. Each takes ids, calls a service, and is safe to run twice."""

from celery import shared_task
from django.core import mail
from django.db import transaction
from django.utils import timezone

from agenda import emails, services
from agenda.models import Meeting


@shared_task(name="agenda.draft_agenda_check", acks_late=True)
def draft_agenda_check() -> dict:
    result = services.draft_agenda_check(on=timezone.localdate())
    return {"meeting_id": result.meeting_id, "lines_added": result.lines_added}


@shared_task(name="agenda.build_draft_agenda", acks_late=True)
def build_draft_agenda(meeting_id: int) -> dict:
    meeting = Meeting.objects.get(pk=meeting_id)
    result = services.draft_agenda_build(meeting=meeting, on=timezone.localdate())
    return {"meeting_id": result.meeting_id, "lines_added": result.lines_added}


@shared_task(name="agenda.notify_draft_ready")
def notify_draft_ready(meeting_id: int) -> int:
    # draft_agenda_check claims draft_notified_at before this is enqueued: it runs once per draft.
    meeting = Meeting.objects.get(pk=meeting_id)
    return mail.get_connection().send_messages(emails.draft_ready_messages(meeting)) or 0


@shared_task(name="agenda.notify_agenda_published", acks_late=True)
def notify_agenda_published(meeting_id: int) -> int:
    with transaction.atomic():
        claimed = Meeting.objects.filter(
            pk=meeting_id, agenda_status=Meeting.AgendaStatus.PUBLISHED, members_notified_at__isnull=True
        ).update(members_notified_at=timezone.now())
    if not claimed:
        return 0
    meeting = Meeting.objects.get(pk=meeting_id)
    return mail.get_connection().send_messages(emails.agenda_published_messages(meeting)) or 0
