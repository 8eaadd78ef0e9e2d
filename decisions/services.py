"""Workflows around decisions and follow-ups, shared by views, tasks and management commands."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from agenda.models import AgendaItem, Meeting, Topic
from decisions.models import Decision, FollowUp, Party, Postponement


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
    )
    follow_up.resolve_target()
    follow_up.full_clean()
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
    follow_up.target_kind = target_kind
    follow_up.target_meeting = target_meeting
    follow_up.target_month = target_month
    follow_up.target_date = target_date
    if promise_text:
        follow_up.promise_text = promise_text
    # A postponed item is no longer on the agenda it was scheduled for.
    follow_up.status = FollowUp.Status.OPEN
    follow_up.postponement_count += 1
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
        Q(target_kind=FollowUp.TargetKind.NEXT_MEETING, agenda_item__meeting__date__lt=dates[-1])
        & (Q(target_meeting__isnull=True) | Q(target_meeting__date__gte=dates[0]))
    )
    candidates = list(FollowUp.objects.unresolved().filter(month_targets | next_meeting_targets))
    changed = []
    for follow_up in candidates:
        before = (follow_up.target_meeting_id, follow_up.due_date)
        follow_up.resolve_target()
        if (follow_up.target_meeting_id, follow_up.due_date) != before:
            changed.append(follow_up)
    FollowUp.objects.bulk_update(changed, ["target_meeting", "due_date"])
    return len(changed)
