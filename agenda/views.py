import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from agenda import services
from agenda.forms import AgendaItemForm, DecisionFormSet, FollowUpFormSet, MeetingForm, TopicForm
from agenda.models import AgendaItem, Meeting, MeetingStateError, Topic
from decisions.models import Decision, FollowUp, Postponement
from lovp.forms import claims_too_many_forms
from lovp.history import meeting_history
from lovp.locking import StaleEditError, edit_conflicts
from lovp.permissions import SecretariatRequiredMixin, secretariat_required


class MeetingListView(ListView):
    model = Meeting
    paginate_by = 50
    template_name = "agenda/meeting_list.html"

    def get_queryset(self):
        # Archived meetings only when asked for ("Toon gearchiveerde").
        self.show_archived = self.request.GET.get("archived") == "1"
        # Counted per shown meeting (correlated subqueries run for the page's rows only), not by
        # joining and grouping every meeting's follow-ups before the page is cut.
        items = AgendaItem.objects.filter(meeting=OuterRef("pk")).order_by().values("meeting")
        follow_ups = (
            FollowUp.objects.filter(agenda_item__meeting=OuterRef("pk")).order_by().values("agenda_item__meeting")
        )
        meetings = Meeting.objects.annotate(
            item_count=Coalesce(Subquery(items.annotate(count=Count("pk")).values("count")), 0),
            follow_up_count=Coalesce(Subquery(follow_ups.annotate(count=Count("pk")).values("count")), 0),
        ).order_by(*Meeting._meta.ordering)
        return meetings if self.show_archived else meetings.filter(archived_at__isnull=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        context["show_archived"] = self.show_archived
        context["query_string"] = "archived=1" if self.show_archived else ""
        return context


class MeetingDetailView(DetailView):
    model = Meeting
    template_name = "agenda/meeting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.object
        follow_ups = FollowUp.objects.with_relations().order_by("pk")
        context["items"] = (
            meeting.agenda_items.select_related("topic")
            .prefetch_related(
                Prefetch("decisions", queryset=Decision.objects.order_by("position", "pk")),
                Prefetch("follow_ups", queryset=follow_ups),
            )
            .order_by("position", "pk")
        )
        context["due_here"] = (
            FollowUp.objects.with_relations()
            .filter(target_meeting=meeting)
            .exclude(agenda_item__meeting=meeting)
            .order_by("topic__name", "pk")
        )
        context["resolved_here"] = FollowUp.objects.with_relations().filter(resolved_in=meeting).order_by("pk")
        # After the meeting: what was due there and is still not resolved.
        context["left_over"] = (
            FollowUp.objects.left_over_from(meeting).with_relations().order_by("topic__name", "pk")
            if meeting.is_held
            else []
        )
        # Members see a draft agenda only once the secretariat publishes it.
        context["agenda_hidden"] = (
            meeting.agenda_status == Meeting.AgendaStatus.DRAFT and not self.request.user.is_secretariat
        )
        if self.request.user.is_secretariat:
            # The audit trail (the secretariat's): of the meeting, and per agenda item (with its agreements).
            history = meeting_history(meeting)
            context["history"] = history.meeting
            for item in context["items"]:  # fills the queryset's cache, which the template then reads
                item.history_entries = history.items.get(item.pk, [])
        context["today"] = timezone.localdate()
        return context


class MeetingCreateView(SecretariatRequiredMixin, CreateView):
    model = Meeting
    form_class = MeetingForm
    template_name = "agenda/meeting_form.html"

    def form_valid(self, form):
        self.object = services.meeting_save(meeting=form.save(commit=False))
        messages.success(self.request, _("De vergadering is aangemaakt."))
        return redirect(self.object)


class MeetingUpdateView(SecretariatRequiredMixin, UpdateView):
    model = Meeting
    form_class = MeetingForm
    template_name = "agenda/meeting_form.html"

    def form_valid(self, form):
        self.object = services.meeting_save(meeting=form.save(commit=False))
        messages.success(self.request, _("De vergadering is opgeslagen."))
        return redirect(self.object)


@require_POST
@secretariat_required
def meeting_mark_held(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        carried_over = services.meeting_mark_held(meeting=meeting)
    except MeetingStateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("De vergadering staat nu als gehouden."))
        if carried_over:
            messages.warning(
                request,
                _("%(count)d vervolgacties zijn niet afgehandeld en staan nu over tijd.") % {"count": carried_over},
            )
    return redirect(meeting)


@secretariat_required
def meeting_delete(request, pk):
    """Delete a meeting with nothing recorded at it; for one with agenda items, offer archiving."""
    meeting = get_object_or_404(Meeting, pk=pk)
    if request.method == "POST":
        try:
            services.meeting_delete(meeting=meeting)
        except MeetingStateError as error:
            messages.error(request, str(error))
            return redirect(meeting)
        messages.success(request, _("De vergadering is verwijderd."))
        return redirect("agenda:meeting_list")
    return render(
        request,
        "agenda/meeting_confirm_delete.html",
        {"meeting": meeting, "can_delete": not meeting.agenda_items.exists()},
    )


@require_POST
@secretariat_required
def meeting_archive(request, pk):
    meeting = services.meeting_archive(meeting=get_object_or_404(Meeting, pk=pk))
    messages.success(request, _("De vergadering is gearchiveerd. Alles wat erin staat, blijft bewaard."))
    return redirect(meeting)


@require_POST
@secretariat_required
def meeting_unarchive(request, pk):
    meeting = services.meeting_unarchive(meeting=get_object_or_404(Meeting, pk=pk))
    messages.success(request, _("De vergadering is teruggehaald uit het archief."))
    return redirect(meeting)


class TopicListView(ListView):
    model = Topic
    template_name = "agenda/topic_list.html"

    def get_queryset(self):
        unresolved = Q(follow_ups__status__in=FollowUp.UNRESOLVED_STATUSES)
        return Topic.objects.annotate(
            item_count=Count("agenda_items", distinct=True),
            open_count=Count("follow_ups", filter=unresolved, distinct=True),
        ).order_by("-is_standing", "name")


# One end of a window of dates on the timeline; None leaves that end open.
_Day = datetime.date | None

# Agenda items by meeting (in the order of agenda.models.CHRONOLOGICAL), then in agenda order.
_ITEMS_CHRONOLOGICAL = (
    "meeting__date", F("meeting__start_time").asc(nulls_first=True), "meeting_id", "position", "pk"
)


class TopicDetailView(DetailView):
    """The topic's dossier: what is still open, and a timeline of everything that happened to it.

    A topic can gather thousands of follow-ups over hundreds of meetings, so both parts are bounded:
    "Nog open" shows the first OPEN_SHOWN (with the total and a link to the full list), and the
    timeline is paged by the meetings where the topic was on the agenda, the most recent page first.
    Five queries whatever the size of the topic: the topic with its counts, the page's agenda items
    and their decisions, the follow-ups with their postponements (a sixth only in the odd case of
    "Nog open" below, next_due). The page is ?pagina=N, 1 the most recent, read by
    Paginator.get_page: not a number gives page 1, a number past the end the oldest page.
    """

    model = Topic
    template_name = "agenda/topic_detail.html"
    OPEN_SHOWN = 50
    MEETINGS_PER_PAGE = 10
    page_kwarg = "pagina"

    def get_queryset(self):
        open_follow_ups = FollowUp.objects.unresolved().filter(topic=OuterRef("pk"))
        items = self.visible(AgendaItem.objects.filter(topic=OuterRef("pk")), "meeting__")
        return Topic.objects.annotate(
            open_total=_topic_count(open_follow_ups, "*"),
            meeting_total=_topic_count(items, "meeting", distinct=True),
        )

    def visible(self, queryset, meeting: str = ""):
        """Members see a draft agenda only once the secretariat publishes it; `meeting` reaches the
        meeting's fields ("meeting__")."""
        if self.request.user.is_secretariat:
            return queryset
        return queryset.exclude(**{f"{meeting}agenda_status": Meeting.AgendaStatus.DRAFT})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        topic = self.object
        paginator = Paginator(range(topic.meeting_total), self.MEETINGS_PER_PAGE)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        items, page_meetings, since, until = self.page_items(page)
        follow_ups = self.follow_ups(since, until)

        # `follow_ups` holds the first OPEN_SHOWN unresolved ones, and perhaps more from the window:
        # the first OPEN_SHOWN of its unresolved ones are therefore the first of them all.
        open_follow_ups = sorted(
            (follow_up for follow_up in follow_ups if not follow_up.is_resolved),
            key=lambda follow_up: (follow_up.due_date is None, follow_up.due_date, follow_up.pk),
        )[: self.OPEN_SHOWN]
        next_due = next((f for f in open_follow_ups if f.due_date or f.target_meeting_id), None)
        if next_due is None and topic.open_total > len(open_follow_ups):
            # None of those shown has a due date, so none of the others has one either.
            unresolved = FollowUp.objects.unresolved().filter(topic=topic, target_meeting__isnull=False)
            next_due = unresolved.with_relations().order_by("pk").first()

        context["open_follow_ups"] = open_follow_ups
        context["next_due"] = next_due
        context["timeline"] = topic_timeline(items, follow_ups, since=since, until=until)
        context["timeline_page"] = page
        context["timeline_meetings"] = page_meetings
        context["today"] = timezone.localdate()
        return context

    def page_items(self, page) -> tuple[list[AgendaItem], list[Meeting], _Day, _Day]:
        """The agenda items of the topic at the meetings of a timeline page (page 1 the most recent),
        those meetings in date order, and the window of dates [since, until) the page covers.

        The window runs from the date of the page's first meeting to that of the next page's first
        meeting; the oldest page is open to the past (no `since`) and the newest to the future (no
        `until`), so every event is on exactly one page (of two meetings on one day that a page
        boundary would part, the earlier goes with the later page). To know where the window ends,
        the items of the day it ends are fetched too, and left out by topic_timeline.
        """
        topic = self.object
        on_agenda = Meeting.objects.filter(Exists(topic.agenda_items.filter(meeting=OuterRef("pk"))))
        newest_first = self.visible(on_agenda).order_by("-date", F("start_time").desc(nulls_last=True), "-pk")
        dates = newest_first.values("date")
        items = self.visible(topic.agenda_items.all(), "meeting__")
        if page.has_next():  # from the oldest meeting of this page
            items = items.filter(meeting__date__gte=Subquery(dates[page.end_index() - 1 : page.end_index()]))
        if page.has_previous():  # up to the oldest meeting of the next page, that one included
            oldest_of_next = (page.number - 1) * self.MEETINGS_PER_PAGE - 1
            items = items.filter(meeting__date__lte=Subquery(dates[oldest_of_next : oldest_of_next + 1]))
        items = list(
            items.select_related("meeting")
            .prefetch_related(Prefetch("decisions", queryset=Decision.objects.order_by("position", "pk")))
            .order_by(*_ITEMS_CHRONOLOGICAL)
        )
        days = [item.meeting.date for item in items]
        since = min(days) if page.has_next() and days else None
        until = max(days) if page.has_previous() and days else None
        meetings = {item.meeting_id: item.meeting for item in items}
        return items, [m for m in meetings.values() if until is None or m.date < until], since, until

    def follow_ups(self, since: _Day, until: _Day) -> list[FollowUp]:
        """The topic's follow-ups with a part in the window [since, until) (born, resolved or postponed
        in it), and the first OPEN_SHOWN unresolved ones (for "Nog open"), in one query, with their
        postponements in a second."""
        follow_ups = (
            FollowUp.objects.filter(topic=self.object)
            # with_relations() but for the topics: the dossier's own, and not shown per follow-up.
            .select_related("owner", "agenda_item__meeting", "target_meeting", "resolved_in")
            .order_by()
        )
        if since or until:
            first_open = follow_ups.unresolved().order_by(F("due_date").asc(nulls_last=True), "pk")
            parts = [
                follow_ups.filter(pk__in=first_open.values("pk")[: self.OPEN_SHOWN]),
                *_parts_in_window(follow_ups, since, until),
            ]
            # A UNION of the parts rather than one condition with OR: PostgreSQL can then find each
            # part through an index of its own instead of reading every follow-up of the topic.
            follow_ups = parts[0].union(*parts[1:])
        rows = sorted(follow_ups, key=lambda follow_up: (follow_up.agenda_item.meeting.date, follow_up.pk))
        postponements = Postponement.objects.order_by("postponed_at", "pk")
        prefetch_related_objects(rows, Prefetch("postponements", queryset=postponements))
        return rows


def _topic_count(queryset, field: str, *, distinct: bool = False) -> Coalesce:
    """How many rows (or distinct values of `field`) a queryset of one topic's rows has (its `topic`
    an OuterRef to the topic), as an expression to annotate the topics with."""
    counted = queryset.order_by().values("topic").annotate(n=Count(field, distinct=distinct))
    return Coalesce(Subquery(counted.values("n")), 0)


def _window(lookup: str, since, until) -> dict:
    """Filter arguments for a date (or moment) in [since, until); either end may be open (None)."""
    bounds = {}
    if since is not None:
        bounds[f"{lookup}__gte"] = since
    if until is not None:
        bounds[f"{lookup}__lt"] = until
    return bounds


def _parts_in_window(follow_ups, since: _Day, until: _Day) -> list:
    """Of these follow-ups, those born, resolved or postponed in [since, until) (at least one end
    given), one queryset for each."""
    start, end = _day_start(since), _day_start(until)
    return [
        follow_ups.filter(**_window("agenda_item__meeting__date", since, until)),
        # The meetings of the window first: a few hundred ids to look up in the resolved_in index,
        # rather than the meeting's date of each of the topic's follow-ups.
        follow_ups.filter(resolved_in__in=Meeting.objects.filter(**_window("date", since, until))),
        follow_ups.filter(resolved_in__isnull=True, **_window("resolved_at", start, end)),
        follow_ups.filter(**_window("postponements__postponed_at", start, end)),
    ]


def _day_start(day: _Day) -> datetime.datetime | None:
    """The first moment of a day in the current time zone (the day timezone.localdate() gives)."""
    return None if day is None else timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# Within one day: the meeting first, then postponements, then resolutions outside a meeting.
_MEETING, _POSTPONED, _RESOLVED = range(3)


def topic_timeline(
    items: list[AgendaItem],
    follow_ups: list[FollowUp],
    *,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> list[dict]:
    """Everything that happened to a topic from `since` up to (not including) `until`, oldest first:
    each meeting where it was on the agenda (what was said and agreed, which follow-ups were born
    and which were resolved there), each postponement, and each resolution outside a meeting.
    Without `since` the window is open to the past, without `until` to the future. A resolution
    without a date (outside a meeting) is taken with the follow-up's birth, at the end.

    Works on rows already fetched (items with meeting and decisions, follow-ups with relations and
    postponements), so it adds no queries. Rows may reach outside the window (a follow-up born
    earlier and resolved in it): only what happened inside it is taken.
    """

    def in_window(day: datetime.date) -> bool:
        return (since is None or since <= day) and (until is None or day < until)

    meetings: dict[int, dict] = {}

    def meeting_entry(meeting: Meeting) -> dict:
        if meeting.pk not in meetings:
            meetings[meeting.pk] = {
                "kind": "meeting",
                "date": meeting.date,
                "order": _MEETING,
                "meeting": meeting,
                "items": [],
                "born": [],
                "resolved": [],
            }
        return meetings[meeting.pk]

    events: list[dict] = []
    for item in items:
        if in_window(item.meeting.date):
            meeting_entry(item.meeting)["items"].append(item)
    for follow_up in follow_ups:
        postponements = list(follow_up.postponements.all())
        origin = follow_up.agenda_item.meeting
        if in_window(origin.date):
            # What was promised at birth: the target before the first postponement.
            promised = postponements[0].previous_target_label if postponements else follow_up.target_label
            meeting_entry(origin)["born"].append({"follow_up": follow_up, "promised": promised})
        for postponement in postponements:
            day = timezone.localdate(postponement.postponed_at)
            if in_window(day):
                events.append(
                    {
                        "kind": "postponed",
                        "date": day,
                        "order": _POSTPONED,
                        "follow_up": follow_up,
                        "postponement": postponement,
                    }
                )
        if follow_up.is_resolved:
            if follow_up.resolved_in is not None:
                if in_window(follow_up.resolved_in.date):
                    meeting_entry(follow_up.resolved_in)["resolved"].append(follow_up)
            else:
                day = timezone.localdate(follow_up.resolved_at) if follow_up.resolved_at else None
                if in_window(day or origin.date):
                    events.append(
                        {"kind": "resolved", "date": day, "order": _RESOLVED, "follow_up": follow_up}
                    )
    events.extend(meetings.values())
    return sorted(events, key=lambda event: (event["date"] is None, event["date"], event["order"]))


class TopicCreateView(SecretariatRequiredMixin, CreateView):
    model = Topic
    form_class = TopicForm
    template_name = "agenda/topic_form.html"

    def form_valid(self, form):
        messages.success(self.request, _("Het onderwerp is aangemaakt."))
        return super().form_valid(form)


class TopicUpdateView(SecretariatRequiredMixin, UpdateView):
    model = Topic
    form_class = TopicForm
    template_name = "agenda/topic_form.html"

    def form_valid(self, form):
        messages.success(self.request, _("Het onderwerp is opgeslagen."))
        return super().form_valid(form)


@secretariat_required
def agenda_item_edit(request, meeting_pk, pk=None):
    """One screen for an agenda item: its summary, the agreements made and the follow-ups."""
    meeting = get_object_or_404(Meeting, pk=meeting_pk)
    item = get_object_or_404(AgendaItem, pk=pk, meeting=meeting) if pk else AgendaItem(meeting=meeting)
    data = request.POST if request.method == "POST" else None
    form = AgendaItemForm(data, instance=item, prefix="item")
    decision_formset = DecisionFormSet(data, instance=item, prefix="decisions")
    follow_up_formset = FollowUpFormSet(data, instance=item, prefix="followups")
    conflicts = []
    if request.method == "POST" and claims_too_many_forms(decision_formset, follow_up_formset):
        return HttpResponseBadRequest(
            _("Er zijn te veel afspraken of vervolgacties tegelijk verstuurd. Er is niets opgeslagen."),
            content_type="text/plain; charset=utf-8",
        )
    if request.method == "POST":
        forms_valid = [form.is_valid(), decision_formset.is_valid(), follow_up_formset.is_valid()]
        if all(forms_valid):
            try:
                with transaction.atomic():
                    decisions = decision_formset.save(commit=False)
                    follow_ups = follow_up_formset.save(commit=False)
                    item = services.agenda_item_save(
                        item=form.save(commit=False),
                        decisions=decisions,
                        follow_ups=follow_ups,
                        deleted=[*decision_formset.deleted_objects, *follow_up_formset.deleted_objects],
                        by=request.user,
                    )
            except StaleEditError:
                # Someone else saved the item or one of its follow-ups since this form was opened:
                # show what they changed; keep what this user typed (see lovp.locking.stale_form_data).
                data, conflicts = edit_conflicts(request.POST, [form, *follow_up_formset.forms])
                item = AgendaItem.objects.get(pk=item.pk)
                form = AgendaItemForm(data, instance=item, prefix="item")
                decision_formset = DecisionFormSet(data, instance=item, prefix="decisions")
                follow_up_formset = FollowUpFormSet(data, instance=item, prefix="followups")
            else:
                saved = _("Het agendapunt ‘%(item)s’ is opgeslagen.") % {"item": item.heading}
                messages.success(request, saved)
                if "save_and_add" in request.POST:
                    return redirect("agenda:agenda_item_create", meeting_pk=meeting.pk)
                return redirect(item)
        else:
            messages.error(request, _("Het agendapunt is niet opgeslagen. Verbeter de fouten hieronder."))
    return render(
        request,
        "agenda/agenda_item_form.html",
        {
            "meeting": meeting,
            "item": item,
            "form": form,
            "decision_formset": decision_formset,
            "follow_up_formset": follow_up_formset,
            "conflicts": conflicts,
        },
        status=409 if conflicts else 200,
    )


@secretariat_required
def agenda_item_delete(request, meeting_pk, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting", "topic"), pk=pk, meeting_id=meeting_pk)
    has_follow_ups = item.follow_ups.exists()
    if request.method == "POST":
        if has_follow_ups:
            messages.error(request, _("Dit agendapunt heeft vervolgacties en kan niet worden verwijderd."))
            return redirect(item)
        item.delete()
        messages.success(request, _("Het agendapunt is verwijderd."))
        return redirect(item.meeting)
    return render(
        request,
        "agenda/agenda_item_confirm_delete.html",
        {"item": item, "has_follow_ups": has_follow_ups, "cancel_url": reverse("agenda:meeting_detail", args=[meeting_pk])},
    )
