"""The secretariat's review of a draft agenda, and the printable published agenda."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agenda import services
from agenda.forms import DraftLineForm
from agenda.models import AgendaItem, DraftAgendaLine, Meeting, MeetingStateError
from lovp.permissions import secretariat_required


def _items_with_lines(meeting: Meeting):
    lines = DraftAgendaLine.objects.select_related(
        "follow_up__topic", "follow_up__owner", "follow_up__agenda_item__meeting"
    ).order_by("position", "pk")
    return (
        meeting.agenda_items.select_related("topic")
        .prefetch_related(Prefetch("draft_lines", queryset=lines))
        .order_by("position", "pk")
    )


@secretariat_required
def draft_agenda(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    items = list(_items_with_lines(meeting))
    counts = {choice: 0 for choice, _label in DraftAgendaLine.Decision.choices}
    for item in items:
        for line in item.draft_lines.all():
            counts[line.decision] += 1
    return render(
        request,
        "agenda/draft_agenda.html",
        {"meeting": meeting, "items": items, "counts": counts, "today": timezone.localdate()},
    )


@require_POST
@secretariat_required
def draft_agenda_build(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    if meeting.is_held:
        messages.error(request, _("Deze vergadering is al gehouden; er komt geen conceptagenda meer."))
        return redirect(meeting)
    result = services.draft_agenda_build(meeting=meeting, on=timezone.localdate())
    if result.lines_added:
        messages.success(request, _("De conceptagenda is bijgewerkt: %(count)d nieuwe regels.") % {"count": result.lines_added})
    else:
        messages.info(request, _("Er is niets nieuws voor de conceptagenda."))
    return redirect("agenda:draft_agenda", pk=meeting.pk)


def _line(meeting_pk, line_pk) -> DraftAgendaLine:
    return get_object_or_404(DraftAgendaLine.objects.select_related("meeting"), pk=line_pk, meeting_id=meeting_pk)


def _back(line: DraftAgendaLine):
    return redirect(f"{line.meeting.get_absolute_url()}conceptagenda/#regel-{line.pk}")


@require_POST
@secretariat_required
def draft_line_decide(request, pk, line_pk):
    line = _line(pk, line_pk)
    decision = request.POST.get("decision")
    if decision not in DraftAgendaLine.Decision.values:
        messages.error(request, _("Kies ‘opnemen’ of ‘afwijzen’."))
        return _back(line)
    try:
        services.draft_line_decide(line=line, decision=decision)
    except MeetingStateError as error:
        messages.error(request, str(error))
    return _back(line)


@require_POST
@secretariat_required
def draft_line_move(request, pk, line_pk):
    line = _line(pk, line_pk)
    services.draft_line_move(line=line, offset=-1 if request.POST.get("direction") == "up" else 1)
    return _back(line)


@secretariat_required
def draft_line_update(request, pk, line_pk):
    line = _line(pk, line_pk)
    if line.meeting.agenda_status == Meeting.AgendaStatus.PUBLISHED:
        messages.error(request, _("De agenda is al gepubliceerd en kan niet meer worden gewijzigd."))
        return redirect(line.meeting)
    form = DraftLineForm(request.POST or None, instance=line)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("De regel is opgeslagen."))
        return _back(line)
    return render(request, "agenda/draft_line_form.html", {"form": form, "line": line, "meeting": line.meeting})


@require_POST
@secretariat_required
def agenda_item_move(request, pk, item_pk):
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting_id=pk)
    services.agenda_item_move(item=item, offset=-1 if request.POST.get("direction") == "up" else 1)
    return redirect(f"{item.meeting.get_absolute_url()}conceptagenda/#agendapunt-{item.pk}")


@require_POST
@secretariat_required
def draft_agenda_publish(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        scheduled = services.agenda_publish(meeting=meeting)
    except MeetingStateError as error:
        messages.error(request, str(error))
        return redirect("agenda:draft_agenda", pk=meeting.pk)
    messages.success(
        request,
        _("De agenda is gepubliceerd. %(count)d vervolgacties staan nu geagendeerd; de leden krijgen een e-mail.")
        % {"count": scheduled},
    )
    return redirect(meeting)


def agenda_print(request, pk):
    """The published agenda on one A4 page; the secretariat may also preview a draft."""
    meeting = get_object_or_404(Meeting, pk=pk)
    is_published = meeting.agenda_status == Meeting.AgendaStatus.PUBLISHED
    if not is_published and not request.user.is_secretariat:
        if meeting.agenda_status == Meeting.AgendaStatus.DRAFT:
            raise PermissionDenied
        raise Http404
    return render(
        request,
        "agenda/agenda_print.html",
        {"meeting": meeting, "items": _items_with_lines(meeting), "is_published": is_published},
    )
