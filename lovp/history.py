"""The audit trail as people read it: when, who (or which job), and per field "old → new".

django-simple-history records every save of meetings, agenda items, decisions and follow-ups (with
the logged-in user through its middleware). Work that no person did names itself with a change
reason, one of the REASON_ constants below: stored as the Dutch msgid, translated when shown.

The detail pages show the newest HISTORY_LIMIT changes. Each list costs a fixed number of queries:
the records (with their users), then one look-up per kind of linked row the changes mention
(meetings, parties, ...), however many records there are.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# Why a row changed when it was not a person editing it (the change reason of its history record).
REASON_DRAFT_AGENDA = gettext_noop("Taak: conceptagenda")
REASON_AGENDA_PUBLISHED = gettext_noop("Taak: agenda gepubliceerd")
REASON_MEETING_HELD = gettext_noop("Taak: vergadering gehouden")
REASON_CALENDAR = gettext_noop("Taak: vergaderkalender bijgewerkt")
REASON_IMPORT = gettext_noop("Import: terugkoppeling")

HISTORY_LIMIT = 20

CREATED, CHANGED, DELETED = "+", "~", "-"


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    # The person, or the job or import when no person did it.
    actor: str
    # The change reason next to a person (e.g. "Taak: agenda gepubliceerd" started from the web).
    note: str
    # CREATED, CHANGED or DELETED
    kind: str
    # What changed, when the list mixes rows (e.g. an agreement in an agenda item's history).
    subject: str = ""
    changes: list[FieldChange] = field(default_factory=list)
    version: int | None = None

    @property
    def action(self) -> str:
        return {CREATED: _("aangemaakt"), DELETED: _("verwijderd")}.get(self.kind, _("gewijzigd"))


def person_name(user) -> str:
    return user.get_full_name() or user.get_username()


def record_as(instance: models.Model, *, reason: str, user=None) -> models.Model:
    """Have the history records of the next save or delete of `instance` carry this change reason;
    with `user`, also name that user (otherwise the logged-in user, or none in a job)."""
    instance._change_reason = reason
    if user is not None:
        instance._history_user = user
    return instance


def object_history(instance: models.Model, *, limit: int = HISTORY_LIMIT) -> list[HistoryEntry]:
    """The newest changes of one row, newest first."""
    records = list(_newest_first(instance.history.all())[: limit + 1])
    reader = _Reader()
    drafts = reader.add(records, limit=limit)
    return reader.finish(drafts)


def changes_since(
    model: type[models.Model], pk: int, version: int, *, limit: int = HISTORY_LIMIT
) -> list[HistoryEntry]:
    """What was saved in a row after the version an edit began at, newest first: the record of that
    version is the starting point of the first difference."""
    records = list(_newest_first(model.history.filter(id=pk, version__gte=version))[: limit + 1])
    reader = _Reader()
    drafts = [draft for draft in reader.add(records, limit=limit) if draft.record.version > version]
    return reader.finish(drafts)


@dataclass
class MeetingHistory:
    # The meeting's own changes, and those of agenda items that no longer exist.
    meeting: list[HistoryEntry]
    # Per existing agenda item: its changes and those of its agreements, newest first.
    items: dict[int, list[HistoryEntry]]


def meeting_history(meeting, *, limit: int = HISTORY_LIMIT) -> MeetingHistory:
    """The history shown on a meeting's page, in three queries for the records (meeting, agenda
    items, agreements) whatever their number, each row capped at its newest `limit` changes."""
    from agenda.models import AgendaItem
    from decisions.models import Decision

    reader = _Reader()
    meeting_records = list(_newest_first(meeting.history.all())[: limit + 1])
    meeting_drafts = reader.add(meeting_records, limit=limit)

    item_history = AgendaItem.history.filter(meeting_id=meeting.pk)
    item_records = _by_row(_newest_per_row(item_history, limit=limit))
    decision_records = _by_row(
        _newest_per_row(Decision.history.filter(agenda_item_id__in=item_history.values("id")), limit=limit)
    )
    existing = set(meeting.agenda_items.values_list("pk", flat=True))

    drafts_by_item: dict[int, list[_Draft]] = defaultdict(list)
    for item_id, records in item_records.items():
        if item_id in existing:
            drafts_by_item[item_id].extend(reader.add(records, limit=limit))
        else:
            meeting_drafts.extend(reader.add(records, limit=limit, subject=reader.item_subject))
    for records in decision_records.values():
        drafts = reader.add(records, limit=limit, subject=reader.decision_subject)
        item_id = records[0].agenda_item_id
        (drafts_by_item[item_id] if item_id in existing else meeting_drafts).extend(drafts)

    return MeetingHistory(
        meeting=reader.finish(_newest(meeting_drafts, limit)),
        items={item_id: reader.finish(_newest(drafts, limit)) for item_id, drafts in drafts_by_item.items()},
    )


# --- reading records ------------------------------------------------------------------------------


def _newest_first(queryset):
    return queryset.select_related("history_user").order_by("-history_date", "-history_id")


def _newest_per_row(queryset, *, limit: int):
    """The newest limit + 1 records of every row (one more than shown: the starting point of the
    oldest difference shown), in one query."""
    newest = Window(
        RowNumber(), partition_by=[F("id")], order_by=[F("history_date").desc(), F("history_id").desc()]
    )
    return _newest_first(queryset.annotate(history_row=newest).filter(history_row__lte=limit + 1))


def _by_row(records: Iterable) -> dict[int, list]:
    rows: dict[int, list] = {}
    for record in records:
        rows.setdefault(record.id, []).append(record)
    return rows


def _newest(drafts: list["_Draft"], limit: int) -> list["_Draft"]:
    return sorted(drafts, key=lambda draft: draft.record.history_date, reverse=True)[:limit]


@dataclass
class _Draft:
    record: models.Model
    changes: list  # simple_history ModelChange: field name, old and new raw value
    subject: object = None


class _Reader:
    """Turns records into entries: first the differences of all lists, then one look-up per kind of
    linked row for their names, then the text."""

    def __init__(self):
        self.wanted: dict[type[models.Model], set] = defaultdict(set)
        self.names: dict[type[models.Model], dict] = {}

    def add(self, records: list, *, limit: int, subject=None) -> list[_Draft]:
        """`records`: one row's, newest first; the one after the `limit` shown is only compared with."""
        drafts = []
        for index, record in enumerate(records[:limit]):
            older = records[index + 1] if index + 1 < len(records) else None
            changes = []
            if record.history_type == CHANGED and older is not None:
                changes = record.diff_against(older).changes
                if not changes:
                    continue  # saved without a visible change (a derived field, or nothing at all)
            model = record.instance_type
            for change in changes:
                model_field = model._meta.get_field(change.field)
                if model_field.is_relation:
                    self.wanted[model_field.related_model].update(
                        value for value in (change.old, change.new) if value is not None
                    )
            if subject is not None:
                subject(record, want=True)
            drafts.append(_Draft(record, changes, subject))
        return drafts

    def finish(self, drafts: list[_Draft]) -> list[HistoryEntry]:
        self._load_names()
        return [self._entry(draft) for draft in drafts]

    def _load_names(self) -> None:
        for model, pks in self.wanted.items():
            missing = pks - set(self.names.get(model, {}))
            if not missing:
                continue
            queryset = model._default_manager.filter(pk__in=missing)
            if any(f.name == "topic" for f in model._meta.fields):
                queryset = queryset.select_related("topic")
            names = self.names.setdefault(model, {})
            for obj in queryset:
                names[obj.pk] = person_name(obj) if model is get_user_model() else str(obj)

    def _name(self, model, pk) -> str:
        return self.names.get(model, {}).get(pk) or _("(verwijderd)")

    def _entry(self, draft: _Draft) -> HistoryEntry:
        record = draft.record
        model = record.instance_type
        reason = _(record.history_change_reason) if record.history_change_reason else ""
        if record.history_user is not None:
            actor, note = person_name(record.history_user), reason
        else:
            actor, note = reason or _("onbekend"), ""
        order = {model_field.name: index for index, model_field in enumerate(model._meta.fields)}
        changes = [
            FieldChange(
                label=capfirst(model._meta.get_field(change.field).verbose_name),
                old=self._display(model, change.field, change.old),
                new=self._display(model, change.field, change.new),
            )
            for change in sorted(draft.changes, key=lambda change: order.get(change.field, 0))
        ]
        return HistoryEntry(
            when=record.history_date,
            actor=actor,
            note=note,
            kind=record.history_type,
            subject=draft.subject(record) if draft.subject else "",
            changes=changes,
            version=getattr(record, "version", None),
        )

    def _display(self, model, name: str, value) -> str:
        model_field = model._meta.get_field(name)
        if value is None or value == "":
            return _("(leeg)")
        if model_field.is_relation:
            return self._name(model_field.related_model, value)
        if model_field.flatchoices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("ja") if value else _("nee")
        if isinstance(value, datetime.datetime):
            return formats.date_format(timezone.localtime(value), "j F Y H:i")
        if isinstance(value, datetime.date):
            return formats.date_format(value, "j F Y")
        if isinstance(value, datetime.time):
            return formats.time_format(value, "H:i")
        return Truncator(" ".join(str(value).split())).chars(200)

    # Subjects, for lists that mix rows: called once to ask for names, once to say it.

    def item_subject(self, record, *, want: bool = False) -> str:
        from agenda.models import Topic

        if want:
            if not record.title:
                self.wanted[Topic].add(record.topic_id)
            return ""
        heading = record.title or self._name(Topic, record.topic_id)
        return _("Agendapunt ‘%(item)s’") % {"item": heading}

    def decision_subject(self, record, *, want: bool = False) -> str:
        if want:
            return ""
        return _("Afspraak ‘%(text)s’") % {"text": Truncator(record.text).chars(60)}
