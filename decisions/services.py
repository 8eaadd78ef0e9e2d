"""Workflows around decisions and follow-ups, shared by views, tasks and management commands."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import DateField, F, Func, OuterRef, Q, Subquery
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from agenda.models import AgendaItem, Meeting, Topic
from decisions.models import Decision, FollowUp, Party, Postponement, ReminderLog
from lovp.history import REASON_CALENDAR
from lovp.locking import version_claim


@transaction.atomic
def followup_create(
    *,
    agenda_item: AgendaItem,
    description: str,
    topic: Topic | None = None,
    owner: Party | None = None,
    decision: Decision | None = None,
    promise_text: str = "",
    target_kind: str = FollowUp.TargetKind.NEXT_MEETING,
    target_meeting: Meeting | None = None,
    target_month: datetime.date | None = None,
    target_date: datetime.date | None = None,
    is_confidential: bool = False,
    public_from: datetime.date | None = None,
) -> FollowUp:
    follow_up = FollowUp(
        agenda_item=agenda_item,
        description=description,
        topic=topic or agenda_item.topic,
        owner=owner,
        decision=decision,
        promise_text=promise_text,
        target_kind=target_kind,
        target_meeting=target_meeting,
        target_month=target_month,
        target_date=target_date,
        is_confidential=is_confidential,
        public_from=public_from,
    )
    # Validate the target as given (the model's constraints) before working out where it points.
    follow_up.full_clean()
    follow_up.resolve_target()
    follow_up.save()
    return follow_up


@transaction.atomic
def followup_update(*, follow_up: FollowUp) -> FollowUp:
    """Save a follow-up as changed in its edit form. Its `version` is the one the form was filled in
    on: when someone else saved it since, nothing is saved (lovp.locking.StaleEditError)."""
    version_claim(follow_up)
    if follow_up.topic_id is None:
        follow_up.topic = follow_up.agenda_item.topic
    follow_up.resolve_target()
    follow_up.save()
    return follow_up


@transaction.atomic
def followup_resolve(*, follow_up: FollowUp, resolution: str, meeting: Meeting | None, by) -> FollowUp:
    version_claim(follow_up)
    follow_up.mark_done(resolution=resolution, meeting=meeting, by=by)
    follow_up.save()
    return follow_up


@transaction.atomic
def followup_drop(*, follow_up: FollowUp, reason: str, meeting: Meeting | None, by) -> FollowUp:
    version_claim(follow_up)
    follow_up.drop(reason=reason, meeting=meeting, by=by)
    follow_up.save()
    return follow_up


@transaction.atomic
def followup_reopen(*, follow_up: FollowUp) -> FollowUp:
    version_claim(follow_up)
    follow_up.reopen()
    follow_up.save()
    return follow_up


@transaction.atomic
def followup_postpone(
    *,
    follow_up: FollowUp,
    target_kind: str,
    target_meeting: Meeting | None = None,
    target_month: datetime.date | None = None,
    target_date: datetime.date | None = None,
    promise_text: str = "",
    reason: str,
    by,
) -> Postponement:
    """Move a follow-up to a new target, keeping what the target was, why it moved, who and when."""
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    follow_up._require_unresolved()
    postponement = Postponement(
        follow_up=follow_up,
        previous_target_kind=follow_up.target_kind,
        previous_target_label=str(follow_up.target_label),
        previous_promise_text=follow_up.promise_text,
        previous_due_date=follow_up.due_date,
        previous_target_meeting=follow_up.target_meeting,
        reason=reason,
        postponed_by=by,
    )
    # "The next meeting" now means the one after today, or after the meeting it was due at if that
    # is still to come: never the meeting it is being postponed from.
    current_meeting_date = follow_up.target_meeting.date if follow_up.target_meeting else None
    follow_up.next_meeting_after = max(filter(None, [timezone.localdate(), current_meeting_date]))
    follow_up.target_kind = target_kind
    follow_up.target_meeting = target_meeting
    follow_up.target_month = target_month
    follow_up.target_date = target_date
    if promise_text:
        follow_up.promise_text = promise_text
    # A postponed item is no longer on the agenda it was scheduled for.
    follow_up.status = FollowUp.Status.OPEN
    follow_up.postponement_count += 1
    follow_up.version += 1  # the row is locked above: an edit form opened before this is now stale
    follow_up.resolve_target()
    follow_up.save()
    postponement.new_target_label = str(follow_up.target_label)
    postponement.new_due_date = follow_up.due_date
    postponement.save()
    return postponement


def followup_targets_refresh(*, changed_dates: Iterable[datetime.date]) -> int:
    """Re-resolve the month and next-meeting targets that meetings on these dates may have changed.

    Called whenever a meeting is added, moved or removed, so that "in april" and "het volgende LOVP"
    always point at the meeting that is now on the calendar. Returns how many follow-ups moved.
    """
    dates = sorted(set(changed_dates))
    if not dates:
        return 0
    months = {day.replace(day=1) for day in dates}
    month_targets = Q(target_kind=FollowUp.TargetKind.MONTH, target_month__in=months)
    next_meeting_targets = (
        Q(target_kind=FollowUp.TargetKind.NEXT_MEETING, agenda_item__meeting__date__lte=dates[-1])
        & (Q(target_meeting__isnull=True) | Q(target_meeting__date__gte=dates[0]))
    )
    candidates = list(FollowUp.objects.unresolved().filter(month_targets | next_meeting_targets))
    changed = []
    for follow_up in candidates:
        before = (follow_up.target_meeting_id, follow_up.due_date)
        follow_up.resolve_target()
        if (follow_up.target_meeting_id, follow_up.due_date) != before:
            changed.append(follow_up)
    # Derived from the calendar, so no new version (an open edit form works it out again on saving),
    # but in the audit trail: the meeting a follow-up comes back in is what people look at.
    bulk_update_with_history(
        changed, FollowUp, ["target_meeting", "due_date"], default_change_reason=REASON_CALENDAR
    )
    return len(changed)


class NextDay(Func):
    """The day after a date column, in SQL (PostgreSQL: date + 1; SQLite: date(x, '+1 day'))."""

    output_field = DateField()
    template = "(%(expressions)s + 1)"

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="date(%(expressions)s, '+1 day')", **extra_context)


@dataclass(frozen=True)
class OverdueFlagResult:
    flagged: int
    cleared: int
    overdue: int


@transaction.atomic
def followups_flag_overdue(*, on: datetime.date) -> OverdueFlagResult:
    """Mark the follow-ups that became over time since the last run, with the day they did, and clear
    the mark of those resolved or postponed since. Set-based: a handful of UPDATEs, no row loop.

    Safe to run twice: a second run on the same day finds nothing new to mark or clear.
    """
    overdue = FollowUp.objects.overdue(on=on)
    held_target_date = Subquery(Meeting.objects.filter(pk=OuterRef("target_meeting_id")).values("date")[:1])
    flagged_by_date = overdue.filter(overdue_since__isnull=True, due_date__lt=on).update(
        overdue_since=NextDay(F("due_date"))
    )
    held_targets = overdue.filter(target_meeting__status=Meeting.Status.HELD, target_meeting__date__lte=on)
    flagged_by_meeting = held_targets.filter(overdue_since__isnull=True).update(overdue_since=held_target_date)
    # A target meeting held before the due date passed: over time since that meeting, not since the
    # due date. Only moves a mark earlier, once.
    held_targets.filter(overdue_since__gt=F("target_meeting__date")).update(overdue_since=held_target_date)
    cleared = (
        FollowUp.objects.filter(overdue_since__isnull=False)
        .exclude(pk__in=overdue.values("pk"))
        .update(overdue_since=None)
    )
    return OverdueFlagResult(flagged=flagged_by_date + flagged_by_meeting, cleared=cleared, overdue=overdue.count())


class ReminderDeliveryError(Exception):
    """The mail server refused or could not be reached; the reminders stay pending for a retry."""


@dataclass(frozen=True)
class ReminderResult:
    iso_year: int
    iso_week: int
    recipients: int
    sent: int
    already_sent: int


def reminder_plan(*, on: datetime.date) -> dict[int, list[int]]:
    """Who gets a reminder this week, and which follow-ups it lists, in a fixed number of queries.

    Members whose party owns over-time follow-ups get those and their party's items due at the next
    meeting; members who subscribed to the weekly digest get everything over time and due next.
    """
    from lovp.models import User

    next_meeting = Meeting.objects.upcoming(on).first()
    overdue_rows = list(FollowUp.objects.overdue(on=on).order_by("due_date", "pk").values_list("pk", "owner_id"))
    due_next_rows = []
    if next_meeting is not None:
        due_next_rows = list(
            FollowUp.objects.due_for_meeting(next_meeting)
            .not_overdue(on=on)
            .order_by("due_date", "pk")
            .values_list("pk", "owner_id")
        )
    overdue_by_owner: dict[int | None, list[int]] = {}
    for pk, owner_id in overdue_rows:
        overdue_by_owner.setdefault(owner_id, []).append(pk)
    due_next_by_owner: dict[int | None, list[int]] = {}
    for pk, owner_id in due_next_rows:
        due_next_by_owner.setdefault(owner_id, []).append(pk)

    plan = {}
    recipients = User.objects.filter(is_active=True).exclude(email="").values_list("pk", "party_id", "weekly_digest")
    for user_id, party_id, weekly_digest in recipients:
        if weekly_digest and (overdue_rows or due_next_rows):
            plan[user_id] = [pk for pk, _owner in overdue_rows] + [pk for pk, _owner in due_next_rows]
        elif party_id is not None and overdue_by_owner.get(party_id):
            plan[user_id] = overdue_by_owner[party_id] + due_next_by_owner.get(party_id, [])
    return plan


def reminders_send(*, on: datetime.date, batch_size: int = 500, connection=None) -> ReminderResult:
    """Send this ISO week's reminder e-mails, exactly once per person.

    1. One ReminderLog row per recipient and week is inserted; the unique constraint makes a second
       run, a second beat or a retried task insert nothing new.
    2. Pending rows are claimed in batches with SELECT ... FOR UPDATE SKIP LOCKED and marked
       "sending" in a committed transaction, so a second worker running at the same time never
       claims the same row.
    3. The e-mails go out over one SMTP connection; rows are marked "sent" only after the server
       accepted them. A refused or unreachable server puts them back to "pending" and raises
       ReminderDeliveryError, so the Celery task retries and sends them then.
    """
    from django.core import mail

    from decisions.emails import reminder_messages

    iso_year, iso_week, _weekday = on.isocalendar()
    plan = reminder_plan(on=on)
    ReminderLog.objects.bulk_create(
        [
            ReminderLog(user_id=user_id, iso_year=iso_year, iso_week=iso_week, follow_up_ids=follow_up_ids)
            for user_id, follow_up_ids in plan.items()
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    this_week = ReminderLog.objects.filter(iso_year=iso_year, iso_week=iso_week)
    already_sent = this_week.filter(status=ReminderLog.Status.SENT).count()
    sent = 0
    while True:
        with transaction.atomic():
            claimed = list(
                this_week.filter(status=ReminderLog.Status.PENDING)
                .select_for_update(skip_locked=True)
                .order_by("pk")[:batch_size]
            )
            if not claimed:
                break
            this_week.filter(pk__in=[log.pk for log in claimed]).update(
                status=ReminderLog.Status.SENDING, attempts=F("attempts") + 1
            )
        messages = reminder_messages(logs=claimed, on=on)
        delivered: list[int] = []
        try:
            smtp = connection or mail.get_connection()
            with smtp:
                for log, message in messages:
                    message.connection = smtp
                    message.send()
                    delivered.append(log.pk)
        except Exception as error:  # any failure of the mail server: keep the rest for a retry
            this_week.filter(pk__in=delivered).update(status=ReminderLog.Status.SENT, sent_at=timezone.now())
            this_week.filter(pk__in=[log.pk for log in claimed if log.pk not in delivered]).update(
                status=ReminderLog.Status.PENDING, last_error=f"{type(error).__name__}: {error}"[:1000]
            )
            raise ReminderDeliveryError(str(error)) from error
        this_week.filter(pk__in=delivered).update(status=ReminderLog.Status.SENT, sent_at=timezone.now(), last_error="")
        sent += len(delivered)
    return ReminderResult(
        iso_year=iso_year, iso_week=iso_week, recipients=len(plan), sent=sent, already_sent=already_sent
    )
