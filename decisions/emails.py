"""The e-mails about follow-ups: built here, sent by the services."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agenda.models import Meeting
from decisions.models import FollowUp, ReminderLog
from lovp.confidentiality import sees_confidential


def absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}"


def followup_list_url(**filters) -> str:
    """The follow-up list with filters (named at the top of decisions/filters.py), as an absolute address."""
    return absolute(f"{reverse('decisions:followup_list')}?{urlencode(filters)}")


@dataclass(frozen=True)
class _Line:
    """One follow-up in a reminder, as its reader may read it: the same in plain text and HTML."""

    description: str
    topic: str
    origin: str  # the meeting where it was agreed
    url: str
    over_time: str = ""  # "Over tijd sinds 1 mei 2021 (2 dagen)."


def _over_time(item: FollowUp, *, on: datetime.date) -> str:
    since = item.overdue_start()
    if since is None:
        return _("Over tijd.")
    return _("Over tijd sinds %(date)s (%(duration)s).") % {
        "date": formats.date_format(since, "j F Y"),
        "duration": timesince(since, on),
    }


@dataclass(frozen=True)
class _ReminderLists:
    """What a reminder lists, rendered as plain text and as HTML, with the subject it gives the e-mail."""

    subject: str
    text: str
    html: str


def reminder_messages(
    *, logs: list[ReminderLog], on: datetime.date
) -> list[tuple[ReminderLog, EmailMultiAlternatives]]:
    """One Dutch e-mail (plain text and HTML) per reminder, built with a fixed number of queries.

    Everyone of a party gets the same lists, and every digest reader too: the lists are rendered once
    per distinct reminder and whether its reader may see confidential text, the greeting per person.
    """
    from lovp.models import User

    # With their groups: whether a user may read confidential text (User.is_secretariat).
    users = User.objects.prefetch_related("groups").in_bulk([log.user_id for log in logs])
    follow_up_ids = {pk for log in logs for pk in log.follow_up_ids}
    # What the lists show: topic, origin meeting, target meeting (over time?), agenda item (confidential?).
    follow_ups = FollowUp.objects.select_related("topic", "agenda_item__meeting", "target_meeting")
    follow_ups = follow_ups.in_bulk(follow_up_ids)
    next_meeting = Meeting.objects.upcoming(on).first()
    rendered: dict[tuple, _ReminderLists] = {}
    messages = []
    with translation.override("nl"):
        for log in logs:
            user = users[log.user_id]
            # The digest is about everyone's follow-ups, a party member's reminder about the party's.
            owner = None if user.weekly_digest else user.party_id
            key = (
                log.iso_week,
                tuple(log.follow_up_ids),
                log.overdue_total,
                log.due_next_total,
                owner,
                sees_confidential(user),
            )
            if key not in rendered:
                rendered[key] = _reminder_lists(
                    log=log, reader=user, owner=owner, follow_ups=follow_ups, next_meeting=next_meeting, on=on
                )
            lists = rendered[key]
            context = {
                "user": user,
                "lists": lists.text,
                "list_url": absolute("/vervolgacties/?overdue=1"),
                "profile_url": absolute("/profiel/"),
            }
            message = EmailMultiAlternatives(
                subject=lists.subject,
                body=render_to_string("emails/reminder.txt", context),
                to=[user.email],
            )
            context["lists"] = lists.html
            message.attach_alternative(render_to_string("emails/reminder.html", context), "text/html")
            messages.append((log, message))
    return messages


def _reminder_lists(
    *,
    log: ReminderLog,
    reader,
    owner: int | None,
    follow_ups: dict[int, FollowUp],
    next_meeting: Meeting | None,
    on: datetime.date,
) -> _ReminderLists:
    """The lists of one reminder as `reader` may read them; `owner` is the party whose list the links
    point to (None: everyone's)."""
    overdue_total, due_next_total = log.overdue_total, log.due_next_total
    if overdue_total or due_next_total:
        overdue_ids, due_next_ids = log.listed_ids()
    else:
        # Planned before the totals were stored (migration 0010): it lists everything, in one list.
        listed = [pk for pk in log.follow_up_ids if pk in follow_ups]
        overdue_ids = [pk for pk in listed if follow_ups[pk].is_overdue(on=on)]
        due_next_ids = [pk for pk in listed if not follow_ups[pk].is_overdue(on=on)]
        overdue_total, due_next_total = len(overdue_ids), len(due_next_ids)
    overdue = [follow_ups[pk] for pk in overdue_ids if pk in follow_ups]
    due_next = [follow_ups[pk] for pk in due_next_ids if pk in follow_ups]
    owner_filter = {} if owner is None else {"owner": owner}

    def line(item: FollowUp, **extra) -> _Line:
        return _Line(
            # As this reader may read it (lovp.confidentiality).
            description=item.description_for(reader, on=on),
            topic=str(item.topic),
            origin=item.agenda_item.meeting.title,
            url=absolute(item.get_absolute_url()),
            **extra,
        )

    context = {
        "overdue": [line(item, over_time=_over_time(item, on=on)) for item in overdue],
        "overdue_more": overdue_total - len(overdue_ids),
        "overdue_url": followup_list_url(overdue=1, **owner_filter),
        "due_next": [line(item) for item in due_next],
        "due_next_more": due_next_total - len(due_next_ids),
        # Not over time: those due next that are over time already are in the list above.
        "due_next_url": followup_list_url(next_meeting=1, overdue=0, **owner_filter),
        "next_meeting": next_meeting,
    }
    if overdue_total:
        subject = ngettext(
            "LOVP-besluitvolger: %(count)s vervolgactie is over tijd (week %(week)d)",
            "LOVP-besluitvolger: %(count)s vervolgacties zijn over tijd (week %(week)d)",
            overdue_total,
        ) % {"count": intcomma(overdue_total), "week": log.iso_week}
    else:
        subject = _("LOVP-besluitvolger: weekoverzicht (week %(week)d)") % {"week": log.iso_week}
    return _ReminderLists(
        subject=subject,
        text=render_to_string("emails/reminder_lists.txt", context),
        html=render_to_string("emails/reminder_lists.html", context),
    )
