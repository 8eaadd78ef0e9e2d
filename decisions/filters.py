"""Filtering the follow-up list from request parameters.

The parameter names are an interface: they appear in links in e-mails, in bookmarks and in the
export URLs, so they are kept stable:

    status          one or more of open / scheduled / done / dropped
    topic           topic slug
    owner           party id ("geen": no owner yet)
    overdue         1 = over time today, 0 = not over time today
    next_meeting    1 = due at the next planned meeting (FollowUpQuerySet.due_for_meeting)
    q               free text over description, original wording, resolution and topic name
    meeting         id of the meeting where the follow-up was agreed
    target_meeting  id of the meeting where it is to come back
    due_after       due on or after a date (ISO 2021-02-08 or Dutch 8-2-2021)
    due_before      due on or before a date
    postponed_min   postponed at least this many times
    ordering        due / -due / topic / -topic / created / -created (default: due, empty last)

A filter with an invalid value (a bad date, an unknown id, text in a number field) is reported
beside the field and the result is empty: a list that silently ignores part of what was asked for
would look like an answer to the question it did not answer.
"""

import datetime
import re
from dataclasses import dataclass

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agenda.models import Meeting, Topic
from decisions.models import FollowUp, Party
from lovp import search as full_text_search
from lovp.forms import FastSelect

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d-%m-%y"]

# The `owner` value for "no owner yet".
OWNER_NONE = "geen"

DEFAULT_ORDERING = (F("due_date").asc(nulls_last=True), "pk")

ORDERINGS = {
    "due": (F("due_date").asc(nulls_last=True), "pk"),
    "-due": (F("due_date").desc(nulls_last=True), "-pk"),
    "topic": ("topic__name", F("due_date").asc(nulls_last=True), "pk"),
    "-topic": ("-topic__name", F("due_date").asc(nulls_last=True), "pk"),
    "created": ("created_at", "pk"),
    "-created": ("-created_at", "-pk"),
}

ORDERING_CHOICES = [
    ("due", _("Termijn, vroegste eerst")),
    ("-due", _("Termijn, laatste eerst")),
    ("topic", _("Onderwerp, A–Z")),
    ("-topic", _("Onderwerp, Z–A")),
    ("created", _("Aangemaakt, oudste eerst")),
    ("-created", _("Aangemaakt, nieuwste eerst")),
]


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class MeetingChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, meeting):
        return meeting.title


class MeetingFilter(django_filters.ModelChoiceFilter):
    field_class = MeetingChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", FastSelect)
        super().__init__(*args, **kwargs)


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FollowUpFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=FollowUp.Status.choices,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Over tijd"),
        choices=[("1", _("alleen over tijd")), ("0", _("niet over tijd"))],
        empty_label=_("alle"),
        method="filter_overdue",
    )
    next_meeting = django_filters.ChoiceFilter(
        label=_("Komt terug in de volgende vergadering"),
        choices=[("1", _("ja"))],
        empty_label=_("alle"),
        method="filter_next_meeting",
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Onderwerp"),
        queryset=Topic.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("alle onderwerpen"),
        widget=FastSelect,
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Eigenaar"),
        queryset=Party.objects.order_by("position", "name"),
        empty_label=_("alle partijen"),
        null_label=_("nog niet bepaald"),
        null_value=OWNER_NONE,
        widget=FastSelect,
    )
    q = django_filters.CharFilter(label=_("Zoeken"), method="filter_text")
    meeting = MeetingFilter(
        label=_("Afgesproken in"),
        field_name="agenda_item__meeting",
        queryset=Meeting.objects.order_by("-date", "-pk"),
        empty_label=_("alle vergaderingen"),
    )
    target_meeting = MeetingFilter(
        label=_("Komt terug in"),
        queryset=Meeting.objects.order_by("-date", "-pk"),
        empty_label=_("alle vergaderingen"),
    )
    due_after = django_filters.DateFilter(
        label=_("Termijn vanaf"),
        field_name="due_date",
        lookup_expr="gte",
        input_formats=DATE_INPUT_FORMATS,
        widget=_date_input(),
    )
    due_before = django_filters.DateFilter(
        label=_("Termijn tot en met"),
        field_name="due_date",
        lookup_expr="lte",
        input_formats=DATE_INPUT_FORMATS,
        widget=_date_input(),
    )
    postponed_min = IntegerFilter(
        label=_("Minstens zo vaak uitgesteld"),
        field_name="postponement_count",
        lookup_expr="gte",
        min_value=0,
    )
    ordering = django_filters.ChoiceFilter(
        label=_("Sorteren op"), choices=ORDERING_CHOICES, empty_label=None, method="filter_ordering"
    )

    class Meta:
        model = FollowUp
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.form.fields.values():
            widget = form_field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")

    # --- the result ------------------------------------------------------------------------------

    @property
    def qs(self):
        """The filtered follow-ups, with their relations, in the chosen order (empty if invalid)."""
        if not hasattr(self, "_qs"):
            queryset = self.queryset.all().with_relations().order_by(*DEFAULT_ORDERING)
            if self.is_bound:
                queryset = self.filter_queryset(queryset) if self.is_valid() else queryset.none()
            self._qs = queryset
        return self._qs

    def counts(self) -> "FilterCounts":
        """The number of results, and how many follow-ups there are per status and per owner under
        all the other filters, from one GROUP BY status, owner query: the list's facets and its
        paginator count without three passes over the table."""
        if not hasattr(self, "_counts"):
            self._counts = self._compute_counts()
        return self._counts

    def _compute_counts(self) -> "FilterCounts":
        if self.is_bound and not self.is_valid():
            return FilterCounts(total=0, by_status={}, by_owner={})
        values = self.active_values()
        queryset = self.queryset.all()
        for name, value in values.items():
            if name not in ("status", "owner"):
                queryset = self.filters[name].filter(queryset, value)
        # COUNT(*), not COUNT(id): PostgreSQL can then count from followup_status_owner_idx alone.
        rows = queryset.order_by().values_list("status", "owner").annotate(count=Count("*"))
        statuses = set(values.get("status") or [])
        owner = values.get("owner")  # a Party, OWNER_NONE, or absent
        total, by_status, by_owner = 0, {}, {}
        for status, owner_id, count in rows:
            status_matches = not statuses or status in statuses
            if owner is None:
                owner_matches = True
            else:
                owner_matches = owner_id is None if owner == OWNER_NONE else owner_id == owner.pk
            if owner_matches:
                by_status[status] = by_status.get(status, 0) + count
            if status_matches:
                by_owner[owner_id] = by_owner.get(owner_id, 0) + count
            if status_matches and owner_matches:
                total += count
        return FilterCounts(total=total, by_status=by_status, by_owner=by_owner)

    def counts_by(self, name: str) -> dict:
        """How many follow-ups there are per value of one filter's field, under all the other
        filters: {"open": 12, "done": 3} for "status", {party id or None: count} for "owner"."""
        counts = self.counts()
        return {"status": counts.by_status, "owner": counts.by_owner}[name]

    def limit_meeting_choices(self, *, limit: int = 200) -> None:
        """Offer only the most recent meetings in the two meeting menus (and the chosen ones): with
        thousands of meetings a menu of all of them is megabytes of HTML. Any meeting id is still
        accepted, so links from a meeting page keep working."""
        chosen = set()
        for name in ("meeting", "target_meeting"):
            raw = self.data.get(name) if self.data is not None else None
            if raw and str(raw).isascii() and str(raw).isdigit():
                chosen.add(int(raw))
        recent = list(Meeting.objects.order_by("-date", "-pk")[:limit])
        missing = chosen - {meeting.pk for meeting in recent}
        if missing:
            recent += list(Meeting.objects.filter(pk__in=missing).order_by("-date", "-pk"))
        for name in ("meeting", "target_meeting"):
            form_field = self.form.fields[name]
            form_field.widget.choices = [("", form_field.empty_label)] + [
                (meeting.pk, meeting.title) for meeting in recent
            ]

    def active_values(self) -> dict:
        """The valid, non-empty filter values, by parameter name."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value not in django_filters.constants.EMPTY_VALUES and name != "ordering"
        }

    # --- the filters -----------------------------------------------------------------------------

    def filter_overdue(self, queryset, name, value):
        today = timezone.localdate()
        if value == "1":
            return queryset.overdue(on=today)
        return queryset.not_overdue(on=today)

    def filter_next_meeting(self, queryset, name, value):
        meeting = Meeting.objects.upcoming(timezone.localdate()).first()
        if meeting is None:
            return queryset.none()
        return queryset.due_for_meeting(meeting)

    def filter_text(self, queryset, name, value):
        # Every word must occur somewhere; a word may be in the description, the wording, the
        # resolution or the topic name. The text of a follow-up hidden from the user is not searched
        # (its topic name is): a match would tell what it says.
        user = getattr(self.request, "user", None)
        readable = ~FollowUp.objects.hidden_condition(user, on=timezone.localdate())
        words = value.replace("\x00", " ").split()[:MAX_WORDS]
        # The topics whose names hold a word, looked up first (topics are few): a condition on the
        # follow-up's own topic_id combines with the text index, a join would not.
        topics_by_word = _topics_matching(words)
        full_text = connection.vendor == "postgresql"
        for word in words:
            if full_text and (prefix := _prefix_query(word)):
                # Dutch full-text search, word by word as a prefix ("rapport" finds "rapportage"),
                # on the GIN index of lovp.search.
                in_text = Q(
                    search_vector=SearchQuery(prefix, config=full_text_search.CONFIG, search_type="raw")
                )
                queryset = queryset.alias(search_vector=full_text_search.FOLLOW_UP_VECTOR)
            else:
                in_text = (
                    Q(description__icontains=word)
                    | Q(promise_text__icontains=word)
                    | Q(resolution__icontains=word)
                )
            queryset = queryset.filter((readable & in_text) | Q(topic_id__in=topics_by_word[word]))
        return queryset

    def filter_ordering(self, queryset, name, value):
        return queryset.order_by(*ORDERINGS[value])


@dataclass(frozen=True)
class FilterCounts:
    total: int
    by_status: dict
    by_owner: dict


# More words than this in the list's search box are ignored (each is one more condition).
MAX_WORDS = 10


def _topics_matching(words: list[str]) -> dict[str, list[int]]:
    """Per word, the ids of the topics whose name contains it (case-insensitive): one query."""
    if not words:
        return {}
    condition = Q()
    for word in words:
        condition |= Q(name__icontains=word)
    topics = list(Topic.objects.filter(condition).values_list("pk", "name"))
    return {word: [pk for pk, name in topics if word.lower() in name.lower()] for word in words}


def _prefix_query(word: str) -> str:
    """A raw tsquery for one typed word as a prefix ("beveilig:*"), or "" when nothing of it is a
    word (punctuation only). Only letters and digits reach the query, so no tsquery syntax does."""
    parts = re.findall(r"\w+", word.lower())
    return " & ".join(f"{part}:*" for part in parts if "_" not in part)


def _day(value: datetime.date) -> str:
    return value.isoformat()


def filter_description(filterset: FollowUpFilter) -> str:
    """A short Dutch description of the active filters, fit for a file name: "over-tijd_korpschef".

    "alle" when nothing is filtered (or the filters are invalid).
    """
    values = filterset.active_values()
    parts: list[str] = []
    if statuses := values.get("status"):
        labels = dict(FollowUp.Status.choices)
        parts.append("-".join(str(labels[status]) for status in statuses))
    if overdue := values.get("overdue"):
        parts.append(gettext("over tijd") if overdue == "1" else gettext("niet over tijd"))
    if values.get("next_meeting"):
        parts.append(gettext("volgende vergadering"))
    if owner := values.get("owner"):
        parts.append(gettext("zonder eigenaar") if owner == "geen" else owner.slug)
    if topic := values.get("topic"):
        parts.append(topic.slug)
    if meeting := values.get("meeting"):
        parts.append(gettext("afgesproken %(date)s") % {"date": _day(meeting.date)})
    if target := values.get("target_meeting"):
        parts.append(gettext("terug %(date)s") % {"date": _day(target.date)})
    if due_after := values.get("due_after"):
        parts.append(gettext("vanaf %(date)s") % {"date": _day(due_after)})
    if due_before := values.get("due_before"):
        parts.append(gettext("tot %(date)s") % {"date": _day(due_before)})
    if (postponed := values.get("postponed_min")) is not None:
        parts.append(gettext("%(count)sx uitgesteld") % {"count": postponed})
    if text := values.get("q"):
        parts.append(gettext("zoek %(text)s") % {"text": text[:30]})
    slugs = [slugify(part) for part in parts]
    return "_".join(slug for slug in slugs if slug) or gettext("alle")
