from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Prefetch, Q
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
        meetings = Meeting.objects.annotate(
            item_count=Count("agenda_items", distinct=True),
            follow_up_count=Count("agenda_items__follow_ups", distinct=True),
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


class TopicDetailView(DetailView):
    """The topic's dossier: what is still open, and a timeline of everything that happened to it."""

    model = Topic
    template_name = "agenda/topic_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        topic = self.object
        today = timezone.localdate()
        postponements = Postponement.objects.order_by("postponed_at", "pk")
        follow_ups = list(
            FollowUp.objects.with_relations()
            .filter(topic=topic)
            .prefetch_related(Prefetch("postponements", queryset=postponements))
            .order_by("agenda_item__meeting__date", "pk")
        )
        items = (
            topic.agenda_items.select_related("meeting")
            .prefetch_related(Prefetch("decisions", queryset=Decision.objects.order_by("position", "pk")))
            .order_by("meeting__date", "position", "pk")
        )
        if not self.request.user.is_secretariat:
            # Members see a draft agenda only once the secretariat publishes it.
            items = items.exclude(meeting__agenda_status=Meeting.AgendaStatus.DRAFT)
        context["timeline"] = topic_timeline(list(items), follow_ups)
        open_follow_ups = sorted(
            (follow_up for follow_up in follow_ups if not follow_up.is_resolved),
            key=lambda follow_up: (follow_up.due_date is None, follow_up.due_date, follow_up.pk),
        )
        context["open_follow_ups"] = open_follow_ups
        context["next_due"] = next((f for f in open_follow_ups if f.due_date or f.target_meeting_id), None)
        context["today"] = today
        return context


# Within one day: the meeting first, then postponements, then resolutions outside a meeting.
_MEETING, _POSTPONED, _RESOLVED = range(3)


def topic_timeline(items: list[AgendaItem], follow_ups: list[FollowUp]) -> list[dict]:
    """Everything that happened to a topic, oldest first: each meeting where it was on the agenda
    (what was said and agreed, which follow-ups were born and which were resolved there), each
    postponement, and each resolution outside a meeting.

    Works on rows already fetched (items with meeting and decisions, follow-ups with relations and
    postponements), so it adds no queries.
    """
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
        meeting_entry(item.meeting)["items"].append(item)
    for follow_up in follow_ups:
        postponements = list(follow_up.postponements.all())
        # What was promised at birth: the target before the first postponement.
        promised = postponements[0].previous_target_label if postponements else follow_up.target_label
        born = {"follow_up": follow_up, "promised": promised}
        meeting_entry(follow_up.agenda_item.meeting)["born"].append(born)
        for postponement in postponements:
            events.append(
                {
                    "kind": "postponed",
                    "date": timezone.localdate(postponement.postponed_at),
                    "order": _POSTPONED,
                    "follow_up": follow_up,
                    "postponement": postponement,
                }
            )
        if follow_up.is_resolved:
            if follow_up.resolved_in is not None:
                meeting_entry(follow_up.resolved_in)["resolved"].append(follow_up)
            else:
                day = timezone.localdate(follow_up.resolved_at) if follow_up.resolved_at else None
                events.append({"kind": "resolved", "date": day, "order": _RESOLVED, "follow_up": follow_up})
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
