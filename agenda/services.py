"""Workflows around meetings and agenda items, shared by views, tasks and management commands."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from agenda.models import AgendaItem, Meeting, MeetingStateError


@transaction.atomic
def meeting_save(*, meeting: Meeting) -> Meeting:
    """Create or change a meeting and re-point the follow-ups whose target it affects."""
    from decisions.services import followup_targets_refresh

    previous_date = None
    if meeting.pk:
        previous_date = Meeting.objects.filter(pk=meeting.pk).values_list("date", flat=True).first()
    meeting.save()
    if previous_date != meeting.date:
        followup_targets_refresh(changed_dates=[day for day in (previous_date, meeting.date) if day])
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting) -> None:
    """Remove a meeting that has nothing recorded; refuse one that does (its history must stay)."""
    from decisions.models import FollowUp
    from decisions.services import followup_targets_refresh

    if meeting.agenda_items.exists():
        raise MeetingStateError(_("Deze vergadering heeft agendapunten en kan daarom niet worden verwijderd."))
    if meeting.targeted_follow_ups.filter(target_kind=FollowUp.TargetKind.MEETING).exists():
        raise MeetingStateError(
            _("Er zijn vervolgacties die in deze vergadering terugkomen. Verplaats die eerst.")
        )
    day = meeting.date
    # Month and next-meeting targets were only pointing here because it was on the calendar.
    meeting.targeted_follow_ups.update(target_meeting=None)
    meeting.resolved_follow_ups.update(resolved_in=None)
    meeting.delete()
    followup_targets_refresh(changed_dates=[day])


@transaction.atomic
def agenda_item_save(
    *,
    item: AgendaItem,
    decisions: Iterable = (),
    follow_ups: Iterable = (),
    deleted: Iterable = (),
    by=None,
) -> AgendaItem:
    """Save an agenda item with its decisions and follow-ups as entered on one screen."""
    if item.pk is None:
        item.created_by = by
        if not item.position:
            last = item.meeting.agenda_items.order_by("-position").values_list("position", flat=True).first()
            item.position = (last or 0) + 1
    item.save()
    for obj in deleted:
        if obj.pk:
            obj.delete()
    for decision in decisions:
        decision.agenda_item = item
        decision.save()
    for follow_up in follow_ups:
        follow_up.agenda_item = item
        if follow_up.topic_id is None:
            follow_up.topic = item.topic
        follow_up.resolve_target()
        follow_up.save()
    return item
