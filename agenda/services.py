"""Workflows around meetings and agenda items, shared by views, tasks and management commands."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from agenda.models import AgendaItem, DraftAgendaLine, Meeting, MeetingStateError, Topic
from lovp.history import REASON_AGENDA_PUBLISHED, REASON_DRAFT_AGENDA, REASON_MEETING_HELD, record_as
from lovp.locking import version_claim


@transaction.atomic
def meeting_save(*, meeting: Meeting) -> Meeting:
    """Create or change a meeting and re-point the follow-ups whose target it affects."""
    from decisions.services import followup_targets_refresh

    previous_date = None
    if meeting.pk:
        previous_date = Meeting.objects.filter(pk=meeting.pk).values_list("date", flat=True).first()
    meeting.save()
    if previous_date != meeting.date:
        from decisions.models import FollowUp

        # Promised for this very meeting: the due date moves with it.
        meeting.targeted_follow_ups.filter(target_kind=FollowUp.TargetKind.MEETING).unresolved().update(
            due_date=meeting.date
        )
        followup_targets_refresh(changed_dates=[day for day in (previous_date, meeting.date) if day])
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting) -> None:
    """Remove a meeting that has nothing recorded; refuse one that does (its history must stay)."""
    from decisions.models import FollowUp
    from decisions.services import followup_targets_refresh

    if meeting.agenda_items.exists():
        raise MeetingStateError(
            _(
                "Deze vergadering heeft agendapunten en kan daarom niet worden verwijderd. "
                "U kunt haar wel archiveren."
            )
        )
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
def meeting_archive(*, meeting: Meeting) -> Meeting:
    """Put a meeting away instead of deleting it: hidden from the meeting list, everything recorded at
    it (agenda items, agreements, follow-ups) kept and still shown everywhere else."""
    if meeting.archived_at is None:
        meeting.archived_at = timezone.now()
        meeting.save(update_fields=["archived_at", "updated_at"])
    return meeting


@transaction.atomic
def meeting_unarchive(*, meeting: Meeting) -> Meeting:
    if meeting.archived_at is not None:
        meeting.archived_at = None
        meeting.save(update_fields=["archived_at", "updated_at"])
    return meeting


@transaction.atomic
def agenda_item_save(
    *,
    item: AgendaItem,
    decisions: Iterable = (),
    follow_ups: Iterable = (),
    deleted: Iterable = (),
    by=None,
) -> AgendaItem:
    """Save an agenda item with its decisions and follow-ups as entered on one screen.

    The item and its existing follow-ups carry the version the form was filled in on: when someone
    else saved one of them since, nothing is saved (lovp.locking.StaleEditError).
    """
    if item.pk is None:
        item.created_by = by
        if not item.position:
            last = item.meeting.agenda_items.order_by("-position").values_list("position", flat=True).first()
            item.position = (last or 0) + 1
    else:
        version_claim(item)
    for row in [*follow_ups, *deleted]:
        if row.pk and hasattr(row, "version"):  # the follow-ups; agreements have no version
            version_claim(row)
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


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting) -> int:
    """Mark a meeting as held. What was due there and is still unresolved becomes an over-time
    carry-over: open again, over time since the meeting. Returns how many were carried over."""
    from decisions.models import FollowUp

    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.mark_held()
    meeting.save(update_fields=["status", "updated_at"])
    left_over = FollowUp.objects.filter(pk__in=FollowUp.objects.left_over_from(meeting).values("pk"))
    # Not dealt with at the meeting: no longer scheduled. Those whose promise was this meeting (or
    # whose due date has passed) are now over time, since the meeting; one discussed early but
    # promised for later keeps its own due date.
    overdue_now = FollowUp.objects.overdue(on=meeting.date)
    overdue = set(left_over.filter(pk__in=overdue_now.values("pk")).values_list("pk", flat=True))
    reopened, flagged = [], []
    for follow_up in left_over.select_for_update().order_by("pk"):
        if follow_up.status != FollowUp.Status.OPEN:
            follow_up.status = FollowUp.Status.OPEN
            follow_up.version += 1
            reopened.append(follow_up)
        elif follow_up.pk in overdue and follow_up.overdue_since is None:
            flagged.append(follow_up)
        if follow_up.pk in overdue and follow_up.overdue_since is None:
            follow_up.overdue_since = meeting.date
    # The status change is an edit, in the audit trail; the over-time mark is derived, and is not.
    bulk_update_with_history(
        reopened, FollowUp, ["status", "overdue_since", "version"], default_change_reason=REASON_MEETING_HELD
    )
    FollowUp.objects.bulk_update(flagged, ["overdue_since"])
    return len(overdue)


@dataclass(frozen=True)
class DraftAgendaResult:
    meeting_id: int
    items_created: int
    lines_added: int


def _draft_reason(follow_up, *, meeting: Meeting, on: datetime.date) -> str:
    origin = follow_up.agenda_item.meeting.title
    if follow_up.is_overdue(on=on):
        since = follow_up.overdue_start()
        return _("over tijd sinds %(date)s; terugkomafspraak uit %(meeting)s") % {
            "date": formats.date_format(since, "j F Y"),
            "meeting": origin,
        }
    return _("terugkomafspraak uit %(meeting)s") % {"meeting": origin}


@transaction.atomic
def draft_agenda_build(*, meeting: Meeting, on: datetime.date) -> DraftAgendaResult:
    """Assemble (or bring up to date) the draft agenda of a meeting from what is due.

    Proposes: the standing topics; every unresolved follow-up whose target is this meeting or whose
    due date falls on or before it; every over-time follow-up not yet on another coming agenda.
    Lines are grouped by topic into agenda items. A re-run only adds what is new: a follow-up is
    never proposed twice for the same meeting, and nothing the secretariat accepted, rejected,
    edited or reordered is touched. A published agenda is left alone.
    """
    from decisions.models import FollowUp

    with translation.override(settings.LANGUAGE_CODE):
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.agenda_status == Meeting.AgendaStatus.PUBLISHED:
            return DraftAgendaResult(meeting_id=meeting.pk, items_created=0, lines_added=0)

        items_by_topic: dict[int, AgendaItem] = {}
        for item in meeting.agenda_items.order_by("position", "pk"):
            items_by_topic.setdefault(item.topic_id, item)
        next_item_position = max((item.position for item in items_by_topic.values()), default=0) + 1
        line_positions: dict[int, int] = {}
        for item_id, position in meeting.draft_lines.values_list("agenda_item_id", "position"):
            line_positions[item_id] = max(position, line_positions.get(item_id, 0))
        standing_done = set(
            meeting.draft_lines.filter(follow_up__isnull=True).values_list("agenda_item__topic_id", flat=True)
        )
        standing = list(Topic.objects.filter(is_standing=True).exclude(pk__in=standing_done).order_by("name"))
        on_other_agenda = DraftAgendaLine.objects.exclude(meeting=meeting).filter(
            meeting__status=Meeting.Status.PLANNED
        ).exclude(decision=DraftAgendaLine.Decision.REJECTED)
        candidates = list(
            FollowUp.objects.unresolved()
            .filter(
                Q(pk__in=FollowUp.objects.due_for_meeting(meeting).values("pk"))
                | Q(pk__in=FollowUp.objects.overdue(on=on).exclude(pk__in=on_other_agenda.values("follow_up_id")).values("pk"))
            )
            .exclude(agenda_item__meeting=meeting)
            .exclude(pk__in=meeting.draft_lines.filter(follow_up__isnull=False).values("follow_up_id"))
            .with_relations()
            .order_by("topic__name", F("due_date").asc(nulls_last=True), "pk")
        )

        # The agenda items still missing, created together (one INSERT and one history INSERT,
        # whatever the number of topics), in the order they are first needed.
        new_items: list[AgendaItem] = []
        for topic, source in [
            *((topic, AgendaItem.Source.STANDING) for topic in standing),
            *((follow_up.topic, AgendaItem.Source.FOLLOW_UP) for follow_up in candidates),
        ]:
            if topic.pk not in items_by_topic:
                item = AgendaItem(meeting=meeting, topic=topic, position=next_item_position, source=source)
                items_by_topic[topic.pk] = item
                new_items.append(item)
                next_item_position += 1
        if new_items:
            bulk_create_with_history(new_items, AgendaItem, default_change_reason=REASON_DRAFT_AGENDA)
            if any(item.pk is None for item in new_items):  # a database that returns no ids on insert
                new_topics = [item.topic_id for item in new_items]
                created = {row.topic_id: row for row in meeting.agenda_items.filter(topic__in=new_topics)}
                for item in new_items:
                    items_by_topic[item.topic_id] = created[item.topic_id]

        new_lines = []

        def add_line(item: AgendaItem, **fields) -> None:
            line_positions[item.pk] = line_positions.get(item.pk, 0) + 1
            new_lines.append(
                DraftAgendaLine(meeting=meeting, agenda_item=item, position=line_positions[item.pk], **fields)
            )

        for topic in standing:
            add_line(items_by_topic[topic.pk], reason=_("vast agendapunt"))
        for follow_up in candidates:
            add_line(
                items_by_topic[follow_up.topic_id],
                follow_up=follow_up,
                reason=_draft_reason(follow_up, meeting=meeting, on=on)[:300],
                origin_text=follow_up.promise_text or follow_up.description,
            )
        DraftAgendaLine.objects.bulk_create(new_lines, batch_size=2000)
        if meeting.agenda_status == Meeting.AgendaStatus.NONE and (new_lines or items_by_topic):
            meeting.agenda_status = Meeting.AgendaStatus.DRAFT
            record_as(meeting, reason=REASON_DRAFT_AGENDA).save(update_fields=["agenda_status", "updated_at"])
        return DraftAgendaResult(
            meeting_id=meeting.pk, items_created=len(new_items), lines_added=len(new_lines)
        )


@dataclass(frozen=True)
class DraftAgendaCheckResult:
    meeting_id: int | None
    lines_added: int
    secretariat_to_notify: bool


@transaction.atomic
def draft_agenda_check(*, on: datetime.date) -> DraftAgendaCheckResult:
    """The daily check: when the next planned meeting is within DRAFT_AGENDA_LEAD_DAYS, build its
    draft agenda; the first time there is one, tell the secretariat (once, after commit)."""
    from agenda.tasks import notify_draft_ready

    horizon = on + datetime.timedelta(days=settings.DRAFT_AGENDA_LEAD_DAYS)
    meeting = Meeting.objects.upcoming(on).filter(date__lte=horizon).first()
    if meeting is None or meeting.agenda_status == Meeting.AgendaStatus.PUBLISHED:
        return DraftAgendaCheckResult(meeting_id=meeting.pk if meeting else None, lines_added=0, secretariat_to_notify=False)
    result = draft_agenda_build(meeting=meeting, on=on)
    notify = (
        Meeting.objects.filter(pk=meeting.pk, draft_notified_at__isnull=True, agenda_status=Meeting.AgendaStatus.DRAFT)
        .update(draft_notified_at=timezone.now())
        == 1
    )
    if notify:
        transaction.on_commit(lambda: notify_draft_ready.delay(meeting.pk))
    return DraftAgendaCheckResult(meeting_id=meeting.pk, lines_added=result.lines_added, secretariat_to_notify=notify)


@transaction.atomic
def draft_line_decide(*, line: DraftAgendaLine, decision: str) -> DraftAgendaLine:
    meeting = Meeting.objects.select_for_update().get(pk=line.meeting_id)
    if meeting.agenda_status == Meeting.AgendaStatus.PUBLISHED:
        raise MeetingStateError(_("De agenda is al gepubliceerd en kan niet meer worden gewijzigd."))
    line.decision = decision
    line.save(update_fields=["decision"])
    return line


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, offset: int) -> None:
    """Move an agenda item one place up (-1) or down (+1), renumbering the meeting's items."""
    items = list(AgendaItem.objects.select_for_update().filter(meeting_id=item.meeting_id).order_by("position", "pk"))
    before = {row.pk: row.position for row in items}
    _move(items, item.pk, offset)
    moved = [row for row in items if row.position != before[row.pk]]
    for row in moved:
        row.version += 1
    bulk_update_with_history(moved, AgendaItem, ["position", "version"])


@transaction.atomic
def draft_line_move(*, line: DraftAgendaLine, offset: int) -> None:
    """Move a line one place up or down within its agenda item."""
    lines = list(
        DraftAgendaLine.objects.select_for_update().filter(agenda_item_id=line.agenda_item_id).order_by("position", "pk")
    )
    _move(lines, line.pk, offset)
    DraftAgendaLine.objects.bulk_update(lines, ["position"])


def _move(rows: list, pk: int, offset: int) -> None:
    index = next(i for i, row in enumerate(rows) if row.pk == pk)
    target = min(max(index + offset, 0), len(rows) - 1)
    rows.insert(target, rows.pop(index))
    for position, row in enumerate(rows, start=1):
        row.position = position


@transaction.atomic
def agenda_publish(*, meeting: Meeting) -> int:
    """Publish a meeting's agenda: the accepted follow-ups become scheduled, agenda items that only
    held rejected proposals go, and the members are e-mailed (after commit, once)."""
    from agenda.tasks import notify_agenda_published
    from decisions.models import FollowUp

    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.agenda_status == Meeting.AgendaStatus.PUBLISHED:
        raise MeetingStateError(_("De agenda is al gepubliceerd."))
    undecided = meeting.draft_lines.filter(decision=DraftAgendaLine.Decision.PROPOSED).count()
    if undecided:
        raise MeetingStateError(
            ngettext(
                "Er is nog %(count)d voorgestelde regel. Neem hem op of wijs hem af, en publiceer dan.",
                "Er zijn nog %(count)d voorgestelde regels. Neem ze op of wijs ze af, en publiceer dan.",
                undecided,
            )
            % {"count": undecided}
        )
    accepted = meeting.draft_lines.filter(decision=DraftAgendaLine.Decision.ACCEPTED, follow_up__isnull=False)
    on_agenda = list(
        FollowUp.objects.unresolved()
        .filter(pk__in=accepted.values("follow_up_id"))
        .select_for_update()
        .order_by("pk")
    )
    newly_scheduled = [follow_up for follow_up in on_agenda if follow_up.status != FollowUp.Status.SCHEDULED]
    for follow_up in newly_scheduled:
        follow_up.schedule()
        follow_up.version += 1
    bulk_update_with_history(
        newly_scheduled, FollowUp, ["status", "version"], default_change_reason=REASON_AGENDA_PUBLISHED
    )
    # Items the draft proposed whose every line was rejected, and that nobody wrote anything in.
    unused = meeting.agenda_items.filter(
        source__in=[AgendaItem.Source.FOLLOW_UP, AgendaItem.Source.STANDING], summary="", follow_ups__isnull=True
    ).exclude(draft_lines__decision=DraftAgendaLine.Decision.ACCEPTED)
    for item in unused:
        record_as(item, reason=REASON_AGENDA_PUBLISHED).delete()
    meeting.agenda_status = Meeting.AgendaStatus.PUBLISHED
    meeting.agenda_published_at = timezone.now()
    record_as(meeting, reason=REASON_AGENDA_PUBLISHED).save(
        update_fields=["agenda_status", "agenda_published_at", "updated_at"]
    )
    transaction.on_commit(lambda: notify_agenda_published.delay(meeting.pk))
    return len(on_agenda)
