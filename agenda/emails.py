"""E-mails about meetings and their agendas."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agenda.models import Meeting
from lovp import roles
from lovp.confidentiality import sees_confidential


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


def _readers_of_confidential_text() -> dict[str, bool]:
    """Every active user's address, and whether it may receive confidential text: only when every
    account with that address may read it (lovp.confidentiality)."""
    from lovp.models import User

    readers: dict[str, bool] = {}
    for user in User.objects.filter(is_active=True).exclude(email="").prefetch_related("groups"):
        readers[user.email] = readers.get(user.email, True) and sees_confidential(user)
    return readers


def agenda_published_messages(meeting: Meeting) -> list[EmailMultiAlternatives]:
    """The published agenda to every member: a confidential item shows its topic only, except to the
    secretariat."""
    with translation.override("nl"):
        today = timezone.localdate()
        items = list(meeting.agenda_items.select_related("topic").order_by("position", "pk"))
        headings = {
            True: [item.heading for item in items],
            False: [item.heading_for(None, on=today) for item in items],
        }
        url = f"{settings.SITE_URL}{meeting.get_absolute_url()}"
        subject = _("Agenda %(meeting)s") % {"meeting": meeting.title}
        return [
            _message(
                subject=subject,
                template="agenda_published",
                context={"meeting": meeting, "headings": headings[reads_all], "url": url},
                recipients=[address],
            )
            for address, reads_all in sorted(_readers_of_confidential_text().items())
        ]
