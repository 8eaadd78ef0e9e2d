"""The e-mails about follow-ups: built here, sent by the services."""

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agenda.models import Meeting
from decisions.models import FollowUp, ReminderLog


def absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}"


def reminder_messages(*, logs: list[ReminderLog], on: datetime.date) -> list[tuple[ReminderLog, EmailMultiAlternatives]]:
    """One Dutch e-mail (plain text and HTML) per reminder, built with a fixed number of queries."""
    from lovp.models import User

    # With their groups: whether a user may read confidential text (User.is_secretariat).
    users = User.objects.prefetch_related("groups").in_bulk([log.user_id for log in logs])
    follow_up_ids = {pk for log in logs for pk in log.follow_up_ids}
    follow_ups = FollowUp.objects.with_relations().in_bulk(follow_up_ids)
    next_meeting = Meeting.objects.upcoming(on).first()
    messages = []
    with translation.override("nl"):
        for log in logs:
            user = users[log.user_id]
            items = [follow_ups[pk] for pk in log.follow_up_ids if pk in follow_ups]
            overdue = [item for item in items if item.is_overdue(on=on)]
            due_next = [item for item in items if not item.is_overdue(on=on)]
            # Each follow-up with its description as this user may read it (lovp.confidentiality).
            text = {item.pk: item.description_for(user, on=on) for item in items}
            context = {
                "user": user,
                "today": on,
                "week": log.iso_week,
                "overdue": [
                    (item, text[item.pk], item.overdue_start(), absolute(item.get_absolute_url()))
                    for item in overdue
                ],
                "due_next": [(item, text[item.pk], absolute(item.get_absolute_url())) for item in due_next],
                "next_meeting": next_meeting,
                "list_url": absolute("/vervolgacties/?overdue=1"),
                "profile_url": absolute("/profiel/"),
            }
            if overdue:
                subject = ngettext(
                    "LOVP-besluitvolger: %(count)d vervolgactie is over tijd (week %(week)d)",
                    "LOVP-besluitvolger: %(count)d vervolgacties zijn over tijd (week %(week)d)",
                    len(overdue),
                ) % {"count": len(overdue), "week": log.iso_week}
            else:
                subject = _("LOVP-besluitvolger: weekoverzicht (week %(week)d)") % {"week": log.iso_week}
            message = EmailMultiAlternatives(
                subject=subject,
                body=render_to_string("emails/reminder.txt", context),
                to=[user.email],
            )
            message.attach_alternative(render_to_string("emails/reminder.html", context), "text/html")
            messages.append((log, message))
    return messages
