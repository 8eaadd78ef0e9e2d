"""Saving a reviewed terugkoppeling: one transaction, source "imported", never the same text twice."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from agenda.models import AgendaItem, Meeting, Topic
from decisions.models import Decision, FollowUp, MinutesImport, Party
from lovp.history import REASON_IMPORT, record_as


class MinutesAlreadyImported(Exception):
    def __init__(self, existing: MinutesImport):
        self.existing = existing
        super().__init__(
            _("Deze terugkoppeling is al ingelezen op %(date)s, bij %(meeting)s. Er is niets dubbel opgeslagen.")
            % {
                "date": formats.date_format(timezone.localdate(existing.imported_at), "j F Y"),
                "meeting": existing.meeting.title,
            }
        )


@dataclass
class ImportedFollowUp:
    description: str
    promise_text: str
    target_kind: str
    target_month: datetime.date | None = None
    target_date: datetime.date | None = None
    target_meeting: Meeting | None = None
    owner: Party | None = None
    # None: the topic of its agenda item.
    topic: Topic | None = None
    decision_index: int | None = None


@dataclass
class ImportedItem:
    heading: str
    summary: str
    # None: a new topic named after the heading.
    topic: Topic | None = None
    decisions: list[str] = field(default_factory=list)
    follow_ups: list[ImportedFollowUp] = field(default_factory=list)


def fingerprint(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def meeting_on(day: datetime.date) -> Meeting:
    """The meeting on a day, or a new (held) one to be saved with the import."""
    return Meeting.objects.filter(date=day).order_by("pk").first() or Meeting(date=day, status=Meeting.Status.HELD)


def find_previous_import(text: str) -> MinutesImport | None:
    return MinutesImport.objects.select_related("meeting").filter(fingerprint=fingerprint(text)).first()


@transaction.atomic
def minutes_import_save(
    *,
    meeting: Meeting,
    items: list[ImportedItem],
    source_text: str,
    source_name: str = "",
    by=None,
) -> MinutesImport:
    """Store what the secretariat confirmed: agenda items, agreements and follow-ups of one meeting.

    Their history names the import as the reason, and `by` (none from the command line) as who.
    """
    previous = find_previous_import(source_text)
    if previous is not None:
        raise MinutesAlreadyImported(previous)
    if meeting.pk is None:
        from agenda.services import meeting_save

        meeting = meeting_save(meeting=record_as(meeting, reason=REASON_IMPORT, user=by))
    position = (meeting.agenda_items.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    decision_count = follow_up_count = 0
    for imported in items:
        topic = imported.topic or _topic_named(imported.heading)
        agenda_item = AgendaItem(
            meeting=meeting,
            topic=topic,
            title="" if imported.heading == topic.name else imported.heading,
            summary=imported.summary,
            position=position,
            source=AgendaItem.Source.IMPORTED,
            created_by=by,
        )
        record_as(agenda_item, reason=REASON_IMPORT, user=by).save()
        position += 1
        decisions = [
            Decision(agenda_item=agenda_item, text=text, kind=Decision.Kind.AGREEMENT, position=index)
            for index, text in enumerate(imported.decisions, start=1)
        ]
        for decision in decisions:
            record_as(decision, reason=REASON_IMPORT, user=by).save()
        decision_count += len(decisions)
        for proposed in imported.follow_ups:
            follow_up = FollowUp(
                agenda_item=agenda_item,
                description=proposed.description,
                promise_text=proposed.promise_text,
                topic=proposed.topic or topic,
                owner=proposed.owner,
                decision=decisions[proposed.decision_index]
                if proposed.decision_index is not None and proposed.decision_index < len(decisions)
                else None,
                target_kind=proposed.target_kind,
                target_month=proposed.target_month,
                target_date=proposed.target_date,
                target_meeting=proposed.target_meeting,
            )
            follow_up.full_clean()
            follow_up.resolve_target()
            record_as(follow_up, reason=REASON_IMPORT, user=by).save()
            follow_up_count += 1
    return MinutesImport.objects.create(
        meeting=meeting,
        fingerprint=fingerprint(source_text),
        source_name=source_name[:255],
        source_text=source_text,
        imported_by=by,
        item_count=len(items),
        decision_count=decision_count,
        follow_up_count=follow_up_count,
    )


def _topic_named(name: str) -> Topic:
    slug = slugify(name)[:200] or "onderwerp"
    topic = Topic.objects.filter(slug=slug).first() or Topic.objects.filter(name__iexact=name).first()
    return topic or Topic.objects.create(name=name[:200], slug=slug)


def imported_from_proposal(proposal) -> list[ImportedItem]:
    """The parser's proposal as items ready to save: headings matched to existing topics, follow-ups
    in a closing section ("Tot slot") to the theme they name, owners to parties."""
    from decisions.importer.matching import KnownTopic, match_follow_up_topic, match_heading

    topics = Topic.objects.in_bulk()
    known = [KnownTopic(topic.pk, topic.name, topic.is_standing) for topic in topics.values()]
    parties = {party.slug: party for party in Party.objects.all()}
    items = []
    for proposed in proposal.items:
        section_topic = match_heading(proposed.heading, proposed.summary, known)
        item = ImportedItem(
            heading=proposed.heading,
            summary=proposed.summary,
            topic=topics[section_topic.id] if section_topic else None,
            decisions=[decision.text for decision in proposed.decisions],
        )
        for follow_up in proposed.follow_ups:
            target = follow_up.target
            kind = target.kind if target.kind in FollowUp.TargetKind.values else FollowUp.TargetKind.UNSPECIFIED
            if kind == FollowUp.TargetKind.MEETING:
                # The parser names a meeting by its date; the date is what the secretariat checks.
                kind = FollowUp.TargetKind.DATE
            topic = match_follow_up_topic(follow_up.text, proposed.summary, section_topic, known)
            item.follow_ups.append(
                ImportedFollowUp(
                    description=follow_up.text,
                    promise_text=follow_up.text,
                    target_kind=kind,
                    target_month=target.month if kind == FollowUp.TargetKind.MONTH else None,
                    target_date=target.date if kind in (FollowUp.TargetKind.DATE, FollowUp.TargetKind.PERIOD) else None,
                    owner=parties.get(follow_up.owner) if follow_up.owner else None,
                    topic=topics[topic.id] if topic and topic != section_topic else None,
                    decision_index=follow_up.decision_index,
                )
            )
        items.append(item)
    return items
