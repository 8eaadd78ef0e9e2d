from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from agenda.models import Meeting
from decisions.models import FollowUp
from lovp import search as full_text

# How many rows each list on the dashboard shows; the counts link to the full lists.
DASHBOARD_ROWS = 20


def dashboard(request):
    """What is over time (the user's own party first), what comes back at the next meeting and with
    which agenda, and what keeps being postponed."""
    today = timezone.localdate()
    next_meeting = Meeting.objects.upcoming(today).first()
    unresolved = FollowUp.objects.unresolved()
    overdue = unresolved.overdue(on=today)
    # One pass over the unresolved rows (not a subquery per count).
    due_next_condition = (
        FollowUp.objects.due_for_meeting_condition(next_meeting) if next_meeting else Q(pk__in=[])
    )
    counts = unresolved.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=FollowUp.objects.overdue_condition(on=today)),
        due_next=Count("pk", filter=due_next_condition),
    )
    party = request.user.party
    listed = overdue.with_relations().order_by("due_date", "pk")
    # Members see a draft agenda only once the secretariat publishes it.
    agenda_hidden = bool(
        next_meeting
        and next_meeting.agenda_status == Meeting.AgendaStatus.DRAFT
        and not request.user.is_secretariat
    )
    return render(
        request,
        "dashboard.html",
        {
            "today": today,
            "next_meeting": next_meeting,
            "next_meeting_items": next_meeting.agenda_items.select_related("topic").order_by("position", "pk")
            if next_meeting and not agenda_hidden
            else [],
            "agenda_hidden": agenda_hidden,
            "counts": counts,
            "party": party,
            "my_overdue": listed.filter(owner=party)[:DASHBOARD_ROWS] if party else [],
            "overdue": listed.exclude(owner=party)[:DASHBOARD_ROWS] if party else listed[:DASHBOARD_ROWS],
            "often_postponed": unresolved.filter(postponement_count__gte=2)
            .with_relations()
            .order_by("-postponement_count", "due_date", "pk")[:DASHBOARD_ROWS],
            "recent_meetings": Meeting.objects.held().order_by("-date")[:5],
        },
    )


def search(request):
    """Full-text search over summaries, agreements and follow-ups, grouped by kind."""
    text = request.GET.get("q", "").strip()
    groups = []
    if text:
        groups = full_text.search(text, include_draft_agendas=request.user.is_secretariat, user=request.user)
    return render(
        request,
        "search.html",
        {
            "q": text,
            "groups": groups,
            "total": sum(group.count for group in groups),
            "today": timezone.localdate(),
        },
    )
