"""Workflows around decisions and follow-ups, shared by views, tasks and management commands."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Case, Count, DateField, F, Func, OuterRef, Q, Subquery, When, Window
from django.db.models.functions import Coalesce, Least, RowNumber
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
    held_target = Meeting.objects.filter(
        pk=OuterRef("target_meeting_id"), status=Meeting.Status.HELD, date__lte=on
    ).values("date")[:1]
    held_target_date = Subquery(held_target)
    day_after_due = Case(
        When(due_date__lt=on, then=NextDay(F("due_date"))), default=None, output_field=DateField()
    )
    # The earlier of the two (LEAST skips NULL on PostgreSQL, not elsewhere: hence the Coalesces).
    since = Least(Coalesce(day_after_due, held_target_date), Coalesce(held_target_date, day_after_due))
    # One UPDATE for everything newly over time: one pass, as the equivalent hand-written UPDATE.
    flagged = overdue.filter(overdue_since__isnull=True).update(overdue_since=since)
    # A target meeting held before the due date passed: over time since that meeting, not since the
    # due date. Only moves a mark earlier, once.
    earlier = overdue.filter(overdue_since__gt=F("target_meeting__date"), target_meeting__status=Meeting.Status.HELD)
    earlier.update(overdue_since=held_target_date)
    # Marks of rows no longer over time (resolved, postponed, or their meeting moved): the marked
    # rows are few (followup_overdue_mark_idx), so they are read by id.
    marked = FollowUp.objects.filter(overdue_since__isnull=False)
    still_overdue = overdue.filter(overdue_since__isnull=False).values("pk")
    cleared = marked.exclude(pk__in=still_overdue).update(overdue_since=None)
    return OverdueFlagResult(flagged=flagged, cleared=cleared, overdue=overdue.count())


class ReminderDeliveryError(Exception):
    """The mail server refused or could not be reached; the reminders stay pending for a retry."""


@dataclass(frozen=True)
class ReminderResult:
    iso_year: int
    iso_week: int
    recipients: int
    sent: int
    already_sent: int


# The oldest first, as the follow-up list shows them (decisions.filters.DEFAULT_ORDERING).
OLDEST_FIRST = (F("due_date").asc(nulls_last=True), F("pk").asc())


@dataclass(frozen=True)
class PlannedReminder:
    """What one reminder lists (the oldest over time, then the oldest due next, at most
    ReminderLog.LIST_LIMIT of each) and how many there are in all. Shared by all who get the same."""

    follow_up_ids: tuple[int, ...]
    overdue_total: int
    due_next_total: int


@dataclass(frozen=True)
class _Section:
    """Follow-ups of one section of the reminders, per owner (None: no owner yet): how many, and the
    oldest few; and the oldest few of all owners together."""

    counts: dict[int | None, int]
    oldest: dict[int | None, list[int]]
    oldest_overall: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _reminder_section(follow_ups, *, limit: int) -> _Section:
    """Two queries, however many follow-ups: a count per owner, and the `limit` oldest per owner."""
    counts = dict(follow_ups.order_by().values_list("owner_id").annotate(count=Count("pk")))
    ranked = follow_ups.annotate(rank=Window(RowNumber(), partition_by=F("owner_id"), order_by=OLDEST_FIRST))
    rows = ranked.filter(rank__lte=limit).order_by(*OLDEST_FIRST).values_list("pk", "owner_id")
    oldest: dict[int | None, list[int]] = {}
    oldest_overall: list[int] = []
    # The oldest of all owners are among the oldest of each owner, and the rows come oldest first.
    for pk, owner_id in rows:
        oldest.setdefault(owner_id, []).append(pk)
        if len(oldest_overall) < limit:
            oldest_overall.append(pk)
    return _Section(counts=counts, oldest=oldest, oldest_overall=oldest_overall)


def reminder_plan(*, on: datetime.date) -> dict[int, PlannedReminder]:
    """Who gets a reminder this week, and what it lists, in six queries however many people and
    follow-ups there are.

    Members whose party owns over-time follow-ups get those and their party's items due at the next
    meeting; members who subscribed to the weekly digest get everything over time and due next. Each
    lists at most ReminderLog.LIST_LIMIT per section, the oldest first, with the totals. Everyone who
    gets the same list shares one PlannedReminder, so memory grows with the people and the parties,
    not with the follow-ups.
    """
    from lovp.models import User

    limit = ReminderLog.LIST_LIMIT
    next_meeting = Meeting.objects.upcoming(on).first()
    overdue = _reminder_section(FollowUp.objects.overdue(on=on), limit=limit)
    if next_meeting is not None:
        due_next = _reminder_section(
            FollowUp.objects.due_for_meeting(next_meeting).not_overdue(on=on), limit=limit
        )
    else:
        due_next = _Section(counts={}, oldest={}, oldest_overall=[])

    digest = PlannedReminder(
        follow_up_ids=(*overdue.oldest_overall, *due_next.oldest_overall),
        overdue_total=overdue.total,
        due_next_total=due_next.total,
    )
    for_party = {
        party_id: PlannedReminder(
            follow_up_ids=(*overdue.oldest[party_id], *due_next.oldest.get(party_id, [])),
            overdue_total=count,
            due_next_total=due_next.counts.get(party_id, 0),
        )
        for party_id, count in overdue.counts.items()
        if party_id is not None
    }
    plan = {}
    # By party: the reminders are sent in this order, so a batch needs the follow-ups of few parties.
    recipients = (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .order_by("party_id", "pk")
        .values_list("pk", "party_id", "weekly_digest")
    )
    for user_id, party_id, weekly_digest in recipients:
        if weekly_digest and (digest.overdue_total or digest.due_next_total):
            plan[user_id] = digest
        elif party_id in for_party:
            plan[user_id] = for_party[party_id]
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

    Queries, for R recipients: 6 for the plan (reminder_plan), ceil(R / 1000) inserts, 1 count, then
    per batch of `batch_size` reminders 7 (claim, mark "sending", the users with their groups, the
    follow-ups they list, the next meeting, mark "sent"), and 1 to find nothing left: none per person.
    Inside a transaction (as in the tests) each batch adds its savepoints.
    """
    from django.core import mail

    from decisions.emails import reminder_messages

    iso_year, iso_week, _weekday = on.isocalendar()
    plan = reminder_plan(on=on)
    ReminderLog.objects.bulk_create(
        [
            ReminderLog(
                user_id=user_id,
                iso_year=iso_year,
                iso_week=iso_week,
                follow_up_ids=list(reminder.follow_up_ids),
                overdue_total=reminder.overdue_total,
                due_next_total=reminder.due_next_total,
            )
            for user_id, reminder in plan.items()
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
