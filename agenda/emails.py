"""E-mails about meetings and their agendas."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from agenda.models import Meeting
from lovp import roles


def _recipients(*, secretariat_only: bool) -> list[str]:
    from lovp.models import User

    users = User.objects.filter(is_active=True).exclude(email="")
    if secretariat_only:
        users = users.filter(groups__name=roles.SECRETARIAT)
    return sorted(set(users.values_list("email", flat=True)))


def _message(*, subject: str, template: str, context: dict, recipients: list[str]) -> EmailMultiAlternatives:
    # One message per recipient keeps addresses private without relying on BCC handling.
    message = EmailMultiAlternatives(subject=subject, body=render_to_string(f"emails/{template}.txt", context))
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    message.to = recipients[:1]
    return message


def draft_ready_messages(meeting: Meeting) -> list[EmailMultiAlternatives]:
    with translation.override("nl"):
        context = {
            "meeting": meeting,
            "url": f"{settings.SITE_URL}{meeting.get_absolute_url()}conceptagenda/",
            "line_count": meeting.draft_lines.count(),
        }
        subject = _("Conceptagenda klaar voor %(meeting)s") % {"meeting": meeting.title}
        return [
            _message(subject=subject, template="draft_ready", context=context, recipients=[address])
            for address in _recipients(secretariat_only=True)
        ]


def agenda_published_messages(meeting: Meeting) -> list[EmailMultiAlternatives]:
    with translation.override("nl"):
        items = list(meeting.agenda_items.select_related("topic").order_by("position", "pk"))
        context = {"meeting": meeting, "items": items, "url": f"{settings.SITE_URL}{meeting.get_absolute_url()}"}
        subject = _("Agenda %(meeting)s") % {"meeting": meeting.title}
        return [
            _message(subject=subject, template="agenda_published", context=context, recipients=[address])
            for address in _recipients(secretariat_only=False)
        ]
