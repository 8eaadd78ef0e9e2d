"""Background jobs about follow-ups. Each calls a service and is safe to run twice."""

import datetime

from celery import shared_task
from django.utils import timezone

from decisions import services


@shared_task(name="decisions.flag_overdue", acks_late=True)
def flag_overdue() -> dict:
    result = services.followups_flag_overdue(on=timezone.localdate())
    return {"flagged": result.flagged, "cleared": result.cleared, "overdue": result.overdue}


@shared_task(
    name="decisions.send_reminders",
    acks_late=True,
    autoretry_for=(services.ReminderDeliveryError,),
    retry_backoff=60,
    retry_backoff_max=1800,
    max_retries=8,
)
def send_reminders(on: str | None = None) -> dict:
    """`on` (ISO date) pins the week on a retry, so a retry after midnight on Sunday still sends the
    week it was meant for."""
    day = datetime.date.fromisoformat(on) if on else timezone.localdate()
    result = services.reminders_send(on=day)
    return {"week": f"{result.iso_year}-W{result.iso_week:02d}", "sent": result.sent, "recipients": result.recipients}
