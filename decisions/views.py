from django.contrib import messages
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agenda.models import AgendaItem, Meeting
from decisions import services
from decisions.filters import DEFAULT_ORDERING, OWNER_NONE, FollowUpFilter
from decisions.forms import DropForm, FollowUpForm, PostponeForm, ResolveForm
from decisions.models import FollowUp, FollowUpStateError, Party
from lovp.history import object_history
from lovp.locking import StaleEditError, edit_conflicts
from lovp.permissions import secretariat_required


def followup_list(request):
    """All follow-ups, filtered from the URL; only the results when htmx asks for them."""
    filterset = FollowUpFilter(data=request.GET, queryset=FollowUp.objects.all(), request=request)
    partial = request.htmx and not request.htmx.history_restore_request
    if not partial:
        filterset.limit_meeting_choices()
    paginator = TwoEndedPaginator(filterset.qs, 50, count=filterset.counts().total)
    page = paginator.get_page(request.GET.get("page"))
    query = _query_without(request.GET, "page")
    context = {
        "filterset": filterset,
        "page_obj": page,
        "follow_ups": page.object_list,
        "result_count": page.paginator.count,
        "query": query,
        "query_string": query,
        "status_options": _status_options(filterset, request.GET.getlist("status")),
        "owner_options": _owner_options(filterset, request.GET),
        "today": timezone.localdate(),
    }
    template = "decisions/_followup_results.html" if partial else "decisions/followup_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


class TwoEndedPaginator(Paginator):
    """A paginator that reads a page in the second half of the results from the other end.

    OFFSET makes the database step over every row before a page: the last page of a million rows
    costs a million index entries. Reading the ordering backwards, the last page is as cheap as the
    first. `count` may be given when it is already known (FollowUpFilter.counts)."""

    def __init__(self, object_list, per_page, *, count: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        if count is not None:
            self.__dict__["count"] = count  # Paginator.count is a cached_property

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if top + self.orphans >= self.count:
            top = self.count
        if bottom > self.count // 2 and getattr(self.object_list, "ordered", False):
            rows = list(self.object_list.reverse()[self.count - top : self.count - bottom])
            rows.reverse()
        else:
            rows = self.object_list[bottom:top]
        return self._get_page(rows, number, self)


def _query_without(params, *names: str) -> str:
    """The query string without the named parameters and without empty values (an htmx form sends
    every field), for links that keep the current filters."""
    kept = QueryDict(mutable=True)
    for name, values in params.lists():
        values = [value for value in values if value]
        if name not in names and values:
            kept.setlist(name, values)
    return kept.urlencode()


def _status_options(filterset: FollowUpFilter, selected: list[str]) -> list[dict]:
    counts = filterset.counts_by("status")
    return [
        {"value": value, "label": label, "count": counts.get(value, 0), "checked": value in selected}
        for value, label in FollowUp.Status.choices
    ]


def _owner_options(filterset: FollowUpFilter, params) -> list[dict]:
    """The parties with follow-ups under the current filters (the owner filter aside), each with a
    link that narrows the list to that party."""
    counts = filterset.counts_by("owner")
    if not counts:
        return []
    base = _query_without(params, "page", "owner")
    party_ids = [pk for pk in counts if pk is not None]
    parties = Party.objects.filter(pk__in=party_ids).order_by("position", "name")
    options = [{"party": party, "count": counts[party.pk], "value": str(party.pk)} for party in parties]
    if None in counts:
        options.append({"party": None, "count": counts[None], "value": OWNER_NONE})
    current = params.get("owner", "")
    for option in options:
        option["query"] = f"{base}&owner={option['value']}" if base else f"owner={option['value']}"
        option["selected"] = option["value"] == current
    return options


def my_followups(request):
    """The unresolved follow-ups of the user's party: over time, due at the next meeting, later, and
    without a term."""
    party = request.user.party
    today = timezone.localdate()
    next_meeting = Meeting.objects.upcoming(today).first()
    groups = []
    if party is not None:
        mine = FollowUp.objects.unresolved().filter(owner=party)
        overdue_ids = set(mine.overdue(on=today).values_list("pk", flat=True))
        due_next = mine.due_for_meeting(next_meeting) if next_meeting else mine.none()
        next_ids = set(due_next.values_list("pk", flat=True))
        groups = [
            {"key": "over-tijd", "title": _("Over tijd"), "follow_ups": []},
            {"key": "volgende-vergadering", "title": _("In de volgende vergadering"), "follow_ups": []},
            {"key": "later", "title": _("Later"), "follow_ups": []},
            {"key": "geen-termijn", "title": _("Geen termijn"), "follow_ups": []},
        ]
        over_time, next_time, later, no_term = (group["follow_ups"] for group in groups)
        for follow_up in mine.with_relations().order_by(*DEFAULT_ORDERING):
            if follow_up.pk in overdue_ids:
                over_time.append(follow_up)
            elif follow_up.pk in next_ids:
                next_time.append(follow_up)
            elif follow_up.due_date or follow_up.target_meeting_id:
                later.append(follow_up)
            else:
                no_term.append(follow_up)
    return render(
        request,
        "decisions/my_followups.html",
        {"party": party, "groups": groups, "next_meeting": next_meeting, "today": today},
    )


def followup_detail(request, pk):
    follow_up = get_object_or_404(
        FollowUp.objects.with_relations().select_related("decision", "resolved_by"), pk=pk
    )
    today = timezone.localdate()
    return render(
        request,
        "decisions/followup_detail.html",
        {
            "follow_up": follow_up,
            "postponements": follow_up.postponements.select_related("postponed_by"),
            "is_overdue": follow_up.is_overdue(on=today),
            "history": object_history(follow_up) if request.user.is_secretariat else None,
            "today": today,
        },
    )


@secretariat_required
def followup_create(request, agenda_item_pk):
    agenda_item = get_object_or_404(AgendaItem.objects.select_related("meeting", "topic"), pk=agenda_item_pk)
    form = FollowUpForm(
        request.POST or None,
        agenda_item=agenda_item,
        initial={"topic": agenda_item.topic},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        follow_up = services.followup_create(
            agenda_item=agenda_item,
            description=data["description"],
            topic=data["topic"],
            owner=data["owner"],
            decision=data.get("decision"),
            promise_text=data["promise_text"],
            target_kind=data["target_kind"],
            target_meeting=data["target_meeting"],
            target_month=data["target_month"],
            target_date=data["target_date"],
            is_confidential=data["is_confidential"],
            public_from=data["public_from"],
        )
        messages.success(request, _("De vervolgactie is toegevoegd."))
        return redirect(follow_up)
    return render(
        request,
        "decisions/followup_form.html",
        {"form": form, "agenda_item": agenda_item, "meeting": agenda_item.meeting},
    )


@secretariat_required
def followup_update(request, pk):
    follow_up = get_object_or_404(FollowUp.objects.with_relations(), pk=pk)
    form = FollowUpForm(request.POST or None, instance=follow_up)
    conflicts = []
    if request.method == "POST" and form.is_valid():
        try:
            follow_up = services.followup_update(follow_up=form.save(commit=False))
        except StaleEditError:
            # Someone else saved it since this form was opened: show what they changed, and keep
            # what this user typed (saving again now replaces their version knowingly).
            data, conflicts = edit_conflicts(request.POST, [form])
            follow_up = FollowUp.objects.with_relations().get(pk=pk)
            form = FollowUpForm(data, instance=follow_up)
        else:
            messages.success(request, _("De vervolgactie is opgeslagen."))
            return redirect(follow_up)
    return render(
        request,
        "decisions/followup_form.html",
        {"form": form, "follow_up": follow_up, "agenda_item": follow_up.agenda_item, "conflicts": conflicts},
        status=409 if conflicts else 200,
    )


@secretariat_required
def followup_postpone(request, pk):
    follow_up = get_object_or_404(FollowUp.objects.with_relations(), pk=pk)
    if follow_up.is_resolved:
        messages.error(request, _("Een vervolgactie die %(status)s is, kan niet worden uitgesteld.")
                       % {"status": follow_up.get_status_display()})
        return redirect(follow_up)
    form = PostponeForm(request.POST or None, initial={"target_kind": FollowUp.TargetKind.NEXT_MEETING})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.followup_postpone(
                follow_up=follow_up,
                target_kind=data["target_kind"],
                target_meeting=data["target_meeting"],
                target_month=data["target_month"],
                target_date=data["target_date"],
                promise_text=data["promise_text"],
                reason=data["reason"],
                by=request.user,
            )
        except FollowUpStateError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("De vervolgactie is uitgesteld."))
        return redirect(follow_up)
    return render(request, "decisions/followup_postpone.html", {"form": form, "follow_up": follow_up})


def _close_follow_up(request, pk, *, form_class, template, close):
    follow_up = get_object_or_404(FollowUp.objects.with_relations(), pk=pk)
    if follow_up.is_resolved:
        messages.error(request, _("Deze vervolgactie is al %(status)s.") % {"status": follow_up.get_status_display()})
        return redirect(follow_up)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = close(follow_up, form.cleaned_data)
        except FollowUpStateError as error:
            messages.error(request, str(error))
        except StaleEditError:
            messages.error(request, _stale_message())
        else:
            messages.success(request, message)
        return redirect(follow_up)
    return render(request, template, {"form": form, "follow_up": follow_up})


@secretariat_required
def followup_resolve(request, pk):
    def close(follow_up, data):
        services.followup_resolve(
            follow_up=follow_up, resolution=data["resolution"], meeting=data["meeting"], by=request.user
        )
        return _("De vervolgactie is afgerond.")

    return _close_follow_up(request, pk, form_class=ResolveForm, template="decisions/followup_resolve.html", close=close)


@secretariat_required
def followup_drop(request, pk):
    def close(follow_up, data):
        services.followup_drop(
            follow_up=follow_up, reason=data["reason"], meeting=data["meeting"], by=request.user
        )
        return _("De vervolgactie is vervallen.")

    return _close_follow_up(request, pk, form_class=DropForm, template="decisions/followup_drop.html", close=close)


@require_POST
@secretariat_required
def followup_reopen(request, pk):
    follow_up = get_object_or_404(FollowUp, pk=pk)
    try:
        services.followup_reopen(follow_up=follow_up)
    except FollowUpStateError as error:
        messages.error(request, str(error))
    except StaleEditError:
        messages.error(request, _stale_message())
    else:
        messages.success(request, _("De vervolgactie staat weer open."))
    return redirect(follow_up)


def _stale_message() -> str:
    return _("Iemand anders heeft deze vervolgactie zojuist gewijzigd. Bekijk het en probeer het opnieuw.")
