from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from agenda.models import Meeting
from decisions.models import FollowUp


def dashboard(request):
    """What is over time, what comes back at the next meeting, and what is the user's own."""
    today = timezone.localdate()
    next_meeting = Meeting.objects.upcoming(today).first()
    unresolved = FollowUp.objects.unresolved()
    overdue = unresolved.overdue(on=today)
    counts = unresolved.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(pk__in=overdue.values("pk"))),
        due_next=Count("pk", filter=Q(pk__in=unresolved.due_for_meeting(next_meeting).values("pk")))
        if next_meeting
        else Count("pk", filter=Q(pk__in=[])),
    )
    party = request.user.party
    my_overdue = overdue.with_relations().filter(owner=party).order_by("due_date", "pk")[:20] if party else []
    return render(
        request,
        "dashboard.html",
        {
            "today": today,
            "next_meeting": next_meeting,
            "next_meeting_items": next_meeting.agenda_items.select_related("topic").order_by("position", "pk")
            if next_meeting
            else [],
            "counts": counts,
            "party": party,
            "my_overdue": my_overdue,
            "overdue": overdue.with_relations().order_by("due_date", "pk")[:20],
            "recent_meetings": Meeting.objects.held().order_by("-date")[:5],
        },
    )
